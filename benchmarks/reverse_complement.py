"""Effect of reverse-complement augmentation / averaging (and shifts) on RBP test ROC-AUC.

For each set, the same ``SequenceCNNClassifier`` (defaults, ``random_state``) is trained on
pysster's train split (or, for ``simulated``, a DNA motif planted on either strand) with ``reverse_complement`` None, "augment" and "augment_and_average"
(plus ``max_shift``), and scored on the test split; all rows of one set run interleaved in
one process. ``--bf16`` adds a ``precision="mixed_bfloat16"`` row (no strands) to compare
with the float32 one. ``--epochs`` caps training for a reduced run (say so when reporting).

    python benchmarks/reverse_complement.py --datasets PUM2 QKI simulated
    python benchmarks/reverse_complement.py --datasets simulated PUM2 --seeds 3 --epochs 30
    python benchmarks/reverse_complement.py --datasets PUM2 --epochs 10 --bf16
"""

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

try:
    from _report import write_section
    from rbp import run_one
except ImportError:  # run from elsewhere
    from benchmarks._report import write_section
    from benchmarks.rbp import run_one


def simulated(name, random_state, epochs, n=6000, length=100, **params):
    """A DNA motif planted on either strand in half the sequences; 25 % held out (seed 0)."""
    import numpy as np
    from sklearn.metrics import roc_auc_score

    from skseq.models import SequenceCNNClassifier

    rng = np.random.default_rng(0)
    codes = rng.integers(0, 4, size=(n, length))
    y = rng.integers(0, 2, n)
    motif = np.array([2, 2, 0, 1, 3, 0, 2, 2])  # GGACTAGG
    for i in np.flatnonzero(y):
        site = motif if rng.random() < 0.5 else 3 - motif[::-1]
        start = rng.integers(0, length - len(motif))
        codes[i, start : start + len(motif)] = site
    X = np.eye(4, dtype=np.uint8)[codes]
    n_train = int(0.75 * n)
    clf = SequenceCNNClassifier(random_state=random_state, epochs=epochs, alphabet="ACGT", **params)
    t0 = time.perf_counter()
    clf.fit(X[:n_train], y[:n_train])
    seconds = time.perf_counter() - t0
    auc = roc_auc_score(y[n_train:], clf.predict_proba(X[n_train:])[:, 1])
    return {"auc": auc, "seconds": seconds, "epochs": clf.n_epochs_}


VARIANTS = {
    "none": {},
    "augment": dict(reverse_complement="augment"),
    "augment_and_average": dict(reverse_complement="augment_and_average"),
    "augment_and_average, max_shift=3": dict(reverse_complement="augment_and_average", max_shift=3),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", nargs="+", default=["PUM2", "QKI"])
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--bf16", action="store_true", help="add a mixed_bfloat16 row")
    parser.add_argument("--random-state", type=int, default=0, help="the first seed")
    parser.add_argument("--seeds", type=int, default=1, help="seeds per variant (paired)")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()
    variants = {name: VARIANTS[name] for name in args.variants}
    if args.bf16:
        variants["precision=mixed_bfloat16"] = dict(precision="mixed_bfloat16")
    seeds = list(range(args.random_state, args.random_state + args.seeds))
    print(f"epochs <= {args.epochs}, random_state={seeds}", flush=True)
    started = time.perf_counter()
    results = {}  # (set, variant) -> list of ROC-AUC, one per seed
    for name in args.datasets:
        run = simulated if name == "simulated" else run_one
        for seed in seeds:  # a seed's variants run back to back: the same batches (paired)
            for variant, params in variants.items():
                r = run(name, random_state=seed, epochs=args.epochs, **params)
                results.setdefault((name, variant), []).append(r["auc"])
                print(
                    f"{name} seed {seed} {variant}: ROC-AUC {r['auc']:.4f}, {r['seconds']:.0f} s,"
                    f" {r['epochs']} epochs, load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
    lines = [
        "## Reverse complement and shifts",
        "",
        f"`python benchmarks/reverse_complement.py --datasets {' '.join(args.datasets)} "
        f"--epochs {args.epochs} --seeds {args.seeds}` ({(time.perf_counter() - started) / 60:.0f}"
        f" min on {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end). "
        "Default `SequenceCNNClassifier`; for each seed every variant trains on the same "
        "batches in the same order (paired); test ROC-AUC, mean ± sd over seeds, and the mean "
        "of the paired differences from `none`. `simulated`: a DNA motif planted on either "
        "strand in half of 6,000 random 100-nt sequences (25 % held out).",
        "",
        "| set | variant | test ROC-AUC | paired difference vs none | per seed |",
        "|---|---|---|---|---|",
    ]
    for (name, variant), aucs in results.items():
        base = np.array(results[(name, next(iter(variants)))])
        aucs = np.array(aucs)
        lines.append(
            f"| {name} | {variant} | {aucs.mean():.4f} ± {aucs.std():.4f} | "
            f"{(aucs - base).mean():+.4f} | {', '.join(f'{a:.3f}' for a in aucs)} |"
        )
    print("\n".join(lines))
    if not args.no_write:
        write_section("reverse_complement", "\n".join(lines))


if __name__ == "__main__":
    main()
