"""Fit time and ROC-AUC against pysster 1.2.2 on its own RBP sets, same machine, interleaved.

Each run is a fresh process that reads the FASTA files, trains on the train files (80 % train,
20 % validation for early stopping), predicts the test files and stops the clock: pysster's
default model with ``kernel_len=8`` (its RBP benchmark) on Python 3.7 + TensorFlow 1.15, and
skseq's default pipeline on this Python. The two alternate, so load drift hits both. Target:
skseq at most 0.6x pysster's wall time at equal or better ROC-AUC on PUM2, QKI and NOVA.

pysster cannot be installed on current Python; the script makes its environment on first use
(``--pysster-python`` names another): ``python3.7 -m venv .venv-pysster`` then
``pip install pysster==1.2.2 'fastcluster<1.3' 'protobuf<3.21' 'tensorflow==1.15.*'``, with
pyenv's 3.7. The data are read from ``../shared/data/pysster/rbp`` (``--data``).

    python benchmarks/vs_pysster.py                        # PUM2, QKI, NOVA; 1 repeat
    python benchmarks/vs_pysster.py --datasets PUM2 --skseq-params '{"epochs": 5}' --no-write
"""

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

try:
    from _report import write_section
except ImportError:  # run from elsewhere
    from benchmarks._report import write_section


def pysster_python(path):
    path = Path(path)
    if path.exists():
        return path
    py37 = Path.home() / ".pyenv" / "versions"
    candidates = sorted(py37.glob("3.7*/bin/python")) if py37.exists() else []
    if not candidates:
        sys.exit("pysster needs Python 3.7 (pyenv's 3.7 was not found); pass --pysster-python")
    venv = path.parents[1]
    print(f"creating pysster's environment in {venv} (a few minutes, once)", flush=True)
    subprocess.run([str(candidates[-1]), "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [
            str(path),
            "-m",
            "pip",
            "install",
            "--quiet",
            "pysster==1.2.2",
            "fastcluster<1.3",
            "protobuf<3.21",
            "tensorflow==1.15.*",
        ],
        check=True,
    )
    return path


def run(command):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=str(ROOT))
    out = subprocess.run(command, capture_output=True, text=True, env=env, cwd=HERE)
    if out.returncode:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", nargs="+", default=["PUM2", "QKI", "NOVA"])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", default=ROOT.parent / "shared" / "data" / "pysster" / "rbp")
    parser.add_argument("--pysster-python", default=ROOT / ".venv-pysster" / "bin" / "python")
    parser.add_argument(
        "--skseq-params",
        default="{}",
        help="JSON of SequenceCNNClassifier parameters for the skseq side",
    )
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()
    py37 = pysster_python(args.pysster_python)
    jobs = {
        "pysster": lambda name, seed: run([py37, "_pysster_job.py", args.data, name, seed]),
        "skseq": lambda name, seed: run(
            [sys.executable, "_skseq_job.py", args.data, name, seed, args.skseq_params]
        ),
    }
    rows = []
    for name in args.datasets:
        results = {"pysster": [], "skseq": []}
        for r in range(args.repeats):
            order = ["pysster", "skseq"] if r % 2 == 0 else ["skseq", "pysster"]
            for tool in order:
                result = jobs[tool](name, str(args.seed + r))
                results[tool].append(result)
                print(
                    f"{name} repeat {r + 1}: {tool:7s} {result['seconds']:7.1f} s  "
                    f"ROC-AUC {result['roc_auc']:.3f}",
                    flush=True,
                )
        mean = {
            t: {k: sum(x[k] for x in v) / len(v) for k in ("seconds", "roc_auc")}
            for t, v in results.items()
        }
        rows.append((name, mean))

    load = os.getloadavg()[0]
    lines = [
        "## Fit time against pysster",
        "",
        f"`python benchmarks/vs_pysster.py --datasets {' '.join(args.datasets)} --repeats "
        f"{args.repeats} --skseq-params '{args.skseq_params}'` ({platform.machine()}, "
        f"{os.cpu_count()} CPU cores, load average {load:.1f} at the end). Each run a fresh "
        "process: read FASTA, train (80/20 train/validation of the train files), predict the "
        "test files; pysster 1.2.2 on Python 3.7 + TF 1.15, skseq's default pipeline; "
        "interleaved; means over repeats.",
        "",
        "| RBP | pysster (s) | skseq (s) | time ratio | pysster ROC-AUC | skseq ROC-AUC |",
        "|---|---|---|---|---|---|",
    ]
    for name, m in rows:
        ratio = m["skseq"]["seconds"] / m["pysster"]["seconds"]
        lines.append(
            f"| {name} | {m['pysster']['seconds']:.1f} | {m['skseq']['seconds']:.1f} | "
            f"{ratio:.2f}x | {m['pysster']['roc_auc']:.3f} | {m['skseq']['roc_auc']:.3f} |"
        )
    lines += ["", "Target: time ratio at most 0.6x at equal or better ROC-AUC."]
    print("\n".join(lines))
    if not args.no_write:
        write_section("vs_pysster", "\n".join(lines))


if __name__ == "__main__":
    main()
