"""Does mixed precision keep the accuracy? pysster's RBP sets, float32 against mixed bfloat16.

For each set, ``SequenceCNNClassifier`` with its default settings is trained twice on the
train files with the same ``random_state``, once per ``precision`` policy, and scored on the
test files. Prints both test ROC-AUCs, their difference (target: within 0.005) and the ratio
of fit times measured in this process (the gain depends on the CPU: it needs AMX or AVX-512
BF16 instructions that TensorFlow uses). Results go to the ``precision`` section of
``docs/benchmarks.md`` unless ``--no-write``.

    python benchmarks/precision.py                         # PUM2 and QKI
    python benchmarks/precision.py --datasets NOVA --no-write
"""

import argparse
import os
import platform

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402

try:
    from _report import write_section
    from rbp import run_one
except ImportError:  # run from elsewhere
    from benchmarks._report import write_section
    from benchmarks.rbp import run_one

POLICIES = ("float32", "mixed_bfloat16")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", nargs="*", default=["PUM2", "QKI"])
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()

    rows = []
    for name in args.datasets:
        runs = {p: run_one(name, random_state=args.random_state, precision=p) for p in POLICIES}
        rows.append((name, runs))
        f32, bf16 = runs["float32"], runs["mixed_bfloat16"]
        print(
            f"{name:10s} ROC-AUC float32 {f32['auc']:.4f}  mixed_bfloat16 {bf16['auc']:.4f}  "
            f"diff {bf16['auc'] - f32['auc']:+.4f}  fit time ratio "
            f"{bf16['seconds'] / f32['seconds']:.2f}",
            flush=True,
        )

    machine = (
        f"{platform.machine()}, {os.cpu_count()} CPU cores, Keras {keras.__version__} "
        f"backend {keras.backend.backend()}, load average {os.getloadavg()[0]:.1f} at the end"
    )
    lines = [
        "## Mixed precision: accuracy kept",
        "",
        f"`python benchmarks/precision.py --datasets {' '.join(args.datasets)}` "
        f"(random_state={args.random_state}; {machine}). Default `SequenceCNNClassifier`, "
        "trained on the train files (20 % held out for early stopping) under each policy; "
        "test ROC-AUC. Target: within 0.005 of float32.",
        "",
        "| RBP | float32 ROC-AUC | mixed_bfloat16 ROC-AUC | difference | epochs (f32 / bf16) "
        "| fit time bf16 / f32 |",
        "|---|---|---|---|---|---|",
    ]
    for name, runs in rows:
        f32, bf16 = runs["float32"], runs["mixed_bfloat16"]
        lines.append(
            f"| {name} | {f32['auc']:.4f} | {bf16['auc']:.4f} | {bf16['auc'] - f32['auc']:+.4f} "
            f"| {f32['epochs']} / {bf16['epochs']} | {bf16['seconds'] / f32['seconds']:.2f} |"
        )
    if not args.no_write:
        write_section("precision", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
