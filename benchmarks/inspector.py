"""How long MotifInspector takes on 10,000 sequences, against the estimator's own predict.

Trains the default CNN (30 kernels of 8 in its first conv layer; a few epochs, not timed) on
pysster's artificial motif data (``/work/shared/data/pysster/artificial`` when present, else the same
design from ``make_motif_sequences``), then times, in the same process:

- the baseline: ``pipe.predict_proba(X)`` (encoding included),
- ``MotifInspector(pipe, importance="spread").fit(X, y)``: one pass of the first convolution,
  the sites and one motif per kernel,
- ``MotifInspector(pipe).fit(X, y)``: the same plus occlusion importance (one more forward pass
  of the whole network per kernel),
- ``report()`` of all kernels (PNGs and HTML), also with ``n_jobs=2``, and the same report
  drawn the previous way (each Display on its own pyplot figure with constrained layout) as
  its baseline,
- saliency attributions of 1,000 sequences,
- in-silico mutagenesis of ``--n-ism`` sequences, batched across sequences through the
  compiled ``predict_on_batch``, against the previous implementation (one sequence's mutants
  per eager model call, copied below as :func:`ism_per_sequence`),

and prints seconds, sequences per second, the ratio to the predict baseline and the two
before/after speed-ups, all measured in this process. Results go to the ``inspector``
section of ``docs/benchmarks.md`` unless ``--no-write``.

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


def ism_per_sequence(model, X, batch_size=512):
    """The previous in-silico mutagenesis (before batching), kept as the baseline.

    One sequence's mutants per eager model call (in chunks of ``batch_size``), output 0.
    """
    import keras

    X = X.astype("float32")
    n, length, n_channels = X.shape
    idx = np.arange(n_channels)

    def score(batch):
        return keras.ops.convert_to_numpy(model(batch, training=False))[:, 0]

    reference = np.concatenate([score(X[i : i + batch_size]) for i in range(0, n, batch_size)])
    result = np.zeros_like(X)
    pos, sym = np.meshgrid(np.arange(length), idx, indexing="ij")
    pos, sym = pos.ravel(), sym.ravel()
    for i in range(n):
        mutants = np.repeat(X[i][None], len(pos), axis=0)
        mutants[np.arange(len(pos))[:, None], pos[:, None], idx[None, :]] = 0.0
        mutants[np.arange(len(pos)), pos, idx[sym]] = 1.0
        scores = np.concatenate(
            [score(mutants[j : j + batch_size]) for j in range(0, len(mutants), batch_size)]
        )
        delta = (scores - reference[i]).reshape(length, len(idx))
        delta[X[i][:, idx] == 1] = 0.0
        result[i][:, idx] = delta
    return result


def report_previous_way(insp, path):
    """``report()`` with every Display on its own pyplot figure in constrained layout."""
    from skseq.inspection import _report

    panels = _report._panels
    _report._panels = lambda n, size: None  # the Displays then make their own figures
    try:
        return insp.report(path)
    finally:
        _report._panels = panels


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="sequences (default 10,000)")
    parser.add_argument("--epochs", type=int, default=3, help="training epochs (not timed)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--n-ism", type=int, default=200, help="sequences for ISM (200)")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()

    import matplotlib.pyplot as plt
    from sklearn.pipeline import make_pipeline

    from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
    from skseq.attribution import in_silico_mutagenesis
    from skseq.inspection import MotifInspector

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
        old_report_s, _ = timed(lambda: report_previous_way(insp, Path(tmp) / "old"))
        plt.close("all")
        report_s, _ = timed(lambda: insp.report(Path(tmp) / "motifs"))
        par_s, _ = timed(lambda: insp.report(Path(tmp) / "par", n_jobs=2))
    plt.close("all")
    n_k = len(insp.motifs_)
    rows.append((f"`report()` before: own pyplot figures ({n_k} kernels)", len(X), old_report_s))
    rows.append((f"`report()` ({n_k} kernels, PNG + HTML)", len(X), report_s))
    rows.append((f"`report(n_jobs=2)` ({n_k} kernels)", len(X), par_s))
    n_attr = min(1000, len(X))
    sal_s, _ = timed(lambda: insp.attributions(X[:n_attr], method="saliency"))
    rows.append(("`attributions(X[:1000], method='saliency')`", n_attr, sal_s))
    n_ism = min(args.n_ism, len(X))
    encoded = pipe[0].transform(X[:n_ism])
    in_silico_mutagenesis(cnn.model_, encoded[:4], target=0)  # warm-up (traces predict)
    ism_per_sequence(cnn.model_, encoded[:2])
    old_ism_s, old_ism = timed(lambda: ism_per_sequence(cnn.model_, encoded))
    ism_s, new_ism = timed(lambda: in_silico_mutagenesis(cnn.model_, encoded, target=0))
    np.testing.assert_allclose(new_ism, old_ism, atol=1e-4)  # the same numbers
    rows.append(("ISM before: one sequence's mutants per eager call", n_ism, old_ism_s))
    rows.append(("`in_silico_mutagenesis` (batched across sequences)", n_ism, ism_s))

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
    lines += [
        "",
        f"Speed-ups measured in this run: report {old_report_s / report_s:.2f}x "
        f"({old_report_s / par_s:.2f}x with n_jobs=2), "
        f"in-silico mutagenesis {old_ism_s / ism_s:.2f}x (baselines: the previous "
        "implementations, run in the same process).",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("inspector", "## MotifInspector\n\n" + text)


if __name__ == "__main__":
    main()
