"""How long MotifInspector takes on 10,000 sequences, against the estimator's own predict.

Trains a pysster-default CNN (2 conv layers of 30 kernels; a few epochs, not timed) on pysster's
artificial motif data (``/work/shared/data/pysster/artificial`` when present, else the same
design from ``make_motif_sequences``), then times, in the same process:

- the baseline: ``pipe.predict_proba(X)`` (encoding included),
- ``MotifInspector(pipe, importance="spread").fit(X, y)``: one pass of the first convolution,
  the sites and one motif per kernel,
- ``MotifInspector(pipe).fit(X, y)``: the same plus occlusion importance (one more forward pass
  of the whole network per kernel),
- ``report()`` of all kernels (PNGs and HTML),
- saliency attributions of 1,000 sequences,

and prints seconds, sequences per second and the ratio to the baseline. Results go to the
``inspector`` section of ``docs/benchmarks.md`` unless ``--no-write``.

    python benchmarks/inspector.py
    python benchmarks/inspector.py --n 2000 --no-write
"""

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402

try:
    from _report import write_section
except ImportError:  # run from elsewhere
    from benchmarks._report import write_section

ARTIFICIAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "pysster" / "artificial"


def load_data(n, seed):
    """pysster's artificial set (negatives class 0, the two motif classes 1) or its simulation."""
    from skseq.datasets import make_motif_sequences

    if (ARTIFICIAL / "artifical_pos.fasta.gz").exists():
        from skseq.io import read_fasta

        data = read_fasta(
            [ARTIFICIAL / "artifical_neg.fasta.gz", ARTIFICIAL / "artifical_pos.fasta.gz"]
        )
        keep = np.random.default_rng(seed).choice(len(data.sequences), n, replace=False)
        return (
            np.asarray(data.sequences)[keep],
            np.asarray(data.target)[keep],
            "pysster artificial (shared data)",
        )
    X, y = make_motif_sequences(
        n,
        140,
        [["C" * 10, "G" * 10], ["A" * 10, "T" * 10]],
        positions=[[20, 50], [80, 110]],
        random_state=seed,
    )
    return X, y, "make_motif_sequences (pysster's artificial design)"


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="sequences (default 10,000)")
    parser.add_argument("--epochs", type=int, default=3, help="training epochs (not timed)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()

    import matplotlib.pyplot as plt
    from sklearn.pipeline import make_pipeline

    from skseq import MotifInspector, SequenceCNNClassifier, SequenceOneHotTransformer

    X, y, source = load_data(args.n, args.seed)
    pipe = make_pipeline(
        SequenceOneHotTransformer(alphabet="DNA"),
        SequenceCNNClassifier(epochs=args.epochs, validation_fraction=0, random_state=args.seed),
    )
    train_s, _ = timed(lambda: pipe.fit(X, y))
    cnn = pipe[-1]
    print(
        f"{source}: {len(X):,} sequences of {len(X[0])} nt; trained in {train_s:.1f} s "
        f"({cnn.n_filters} kernels of {cnn.kernel_size})"
    )

    pipe.predict_proba(X[:256])  # warm-up: first calls trace the network
    base_s, _ = timed(lambda: pipe.predict_proba(X))
    rows = [("baseline: `pipe.predict_proba(X)`", len(X), base_s)]
    spread_s, _ = timed(lambda: MotifInspector(pipe, importance="spread").fit(X, y))
    rows.append(
        ("`MotifInspector(pipe, importance='spread').fit(X, y)` (motifs)", len(X), spread_s)
    )
    occl_s, insp = timed(lambda: MotifInspector(pipe).fit(X, y))
    rows.append(
        ("`MotifInspector(pipe).fit(X, y)` (motifs + occlusion importance)", len(X), occl_s)
    )
    with tempfile.TemporaryDirectory() as tmp:
        report_s, _ = timed(lambda: insp.report(Path(tmp) / "motifs"))
    plt.close("all")
    rows.append((f"`report()` ({len(insp.motifs_)} kernels, PNG + HTML)", len(X), report_s))
    n_attr = min(1000, len(X))
    sal_s, _ = timed(lambda: insp.attributions(X[:n_attr], method="saliency"))
    rows.append(("`attributions(X[:1000], method='saliency')`", n_attr, sal_s))

    lines = [
        f"{len(X):,} sequences of {len(X[0])} nt ({source}); pysster's default CNN "
        f"({cnn.n_filters} kernels of {cnn.kernel_size} in the first layer); "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Keras backend {__import__('keras').backend.backend()}.",
        "",
        "| step | sequences | seconds | sequences/s | time / predict time |",
        "|---|---:|---:|---:|---:|",
    ]
    for what, n, seconds in rows:
        ratio = seconds / (base_s * n / len(X))
        lines.append(f"| {what} | {n:,} | {seconds:.2f} | {n / seconds:,.0f} | {ratio:.1f} |")
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("inspector", "## MotifInspector\n\n" + text)


if __name__ == "__main__":
    main()
