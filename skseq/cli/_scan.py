"""``skseq scan``: score the windows of long sequences (a genome) with a saved model."""

import io
import sys
from pathlib import Path

import click

from ._common import (
    friendly_errors,
    load_model,
    progress_shown,
    progress_to_stderr,
    record_numbers,
)

#: Records drawn in one --plot at most (one panel each).
MAX_PLOTTED = 50


def parse_target(model, target):
    """The class label ``target`` names (labels read from the command line are strings)."""
    if target is None:
        return None
    classes = getattr(model, "classes_", None)
    if classes is None or not hasattr(model, "predict_proba"):
        try:
            return int(target)
        except ValueError:
            raise ValueError(
                f"--target {target!r}: a regressor's output index is an integer"
            ) from None
    for label in classes.tolist():
        if str(label) == target:
            return label
    raise ValueError(f"--target {target!r} is not a class of the model: {classes.tolist()}")


def scan_records(model, data, *, window, stride, both_strands, target, verbose):
    """One table of every record's windows, with the record id first.

    The windows of all records are predicted together (:func:`skseq.scanning.scan_records`).
    An error in a record names its file, its number (from 1, as in ``read_fasta``) and id.
    """
    import pandas as pd

    from skseq._scan_windows import scan_tables
    from skseq.scanning import predict_scores

    numbers = record_numbers(data.filenames)
    names = [
        f"'{path}', record {number} (id {seqid!r})"
        for path, number, seqid in zip(data.filenames.tolist(), numbers, data.ids.tolist())
    ]
    for where, sequence in zip(names, data.sequences.tolist()):
        if len(sequence) < window:
            raise ValueError(
                f"{where} has {len(sequence)} symbols, fewer than the window of {window}; "
                "leave the record out (the model takes windows of that length)"
            )
    tables = scan_tables(
        lambda X: predict_scores(model, X, target=target),
        data.sequences.tolist(),
        window=window,
        stride=stride,
        both_strands=both_strands,
        offsets=[0] * len(names),
        batch_size=4096,
        verbose=verbose,
        names=names,
    )
    for seqid, table in zip(data.ids.tolist(), tables):
        table.insert(0, "seqid", seqid)
    return pd.concat(tables, ignore_index=True)


def plot_scan(table, features, path):
    """One ScanDisplay panel per record, written whole to ``path`` (format from its suffix)."""
    from matplotlib.figure import Figure

    from skseq.io._files import write_atomic
    from skseq.plotting import ScanDisplay

    seqids = list(dict.fromkeys(table["seqid"]))
    if len(seqids) > MAX_PLOTTED:
        raise ValueError(
            f"--plot draws one panel per record, at most {MAX_PLOTTED}; the FASTA has "
            f"{len(seqids)} records"
        )
    figure = Figure(figsize=(12, 3 * len(seqids)), layout="constrained")
    axes = figure.subplots(len(seqids), 1, squeeze=False)[:, 0]
    for ax, seqid in zip(axes, seqids):
        marks = None if features is None else features[features["seqid"] == seqid]
        ScanDisplay(table[table["seqid"] == seqid], marks).plot(ax=ax)
        ax.set_title(seqid, fontsize=9)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=Path(path).suffix.lstrip(".").lower() or "png", dpi=150)
    write_atomic(path, lambda handle: handle.write(buffer.getvalue()))


@click.command()
@click.argument("model", type=click.Path(exists=True, dir_okay=False))
@click.argument("fasta", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--window",
    type=click.IntRange(min=1),
    default=None,
    help="Window length: the length the model was trained on (the default); needed only "
    "for models that take any length (k-mer counts).",
)
@click.option(
    "--stride", type=click.IntRange(min=1), default=None, help="Step  [default: half the window]"
)
@click.option(
    "--both-strands/--forward-only",
    default=True,
    show_default=True,
    help="Also score the reverse complement of every window (DNA).",
)
@click.option(
    "--target",
    default=None,
    help="Class whose probability is the score (regressors: output index)  [default: the "
    "last class]",
)
@click.option("--out", type=click.Path(dir_okay=False), help="TSV table (default: stdout).")
@click.option("--plot", type=click.Path(dir_okay=False), help="Plot file (.png, .pdf, .svg).")
@click.option(
    "--gff",
    type=click.Path(exists=True, dir_okay=False),
    help="GFF3 file (plain or gzip) of features to mark on --plot.",
)
@click.option(
    "--feature-type",
    "feature_types",
    multiple=True,
    default=("gene",),
    show_default=True,
    help="GFF feature types to mark; repeatable.",
)
@click.option(
    "-v", "--verbose", count=True, help="Show a progress bar over the batches of windows."
)
@friendly_errors
def scan(
    model,
    fasta,
    window,
    stride,
    both_strands,
    target,
    out,
    plot,
    gff,
    feature_types,
    verbose,
):
    """Score every window of the sequences in FASTA (a genome) with a saved model.

    The table has one row per record, window and strand: seqid, position (0-based start
    on the forward strand), end (exclusive), strand and score (the probability of
    --target, or the regressor's output).

    \b
    Examples:
      skseq scan model.skseq genome.fa --out scores.tsv
      skseq scan model.skseq genome.fa --stride 50 --target 1 \\
          --out scores.tsv --plot scores.png --gff genes.gff3

    Python equivalent: ``skseq.scanning.scan_records(skseq.io.load(model), data.sequences,
    data.ids, window=window, stride=stride)`` with ``data = skseq.io.read_fasta(fasta,
    labels=False)``, and
    ``ScanDisplay(table, skseq.scanning.read_gff(gff)).plot()``.
    """
    from skseq.io import read_fasta, read_gff
    from skseq.io._files import write_atomic
    from skseq.scanning import check_window

    if gff is not None and plot is None:
        raise click.UsageError("--gff marks features on --plot; give --plot too")
    estimator = load_model(model)
    try:
        window = check_window(estimator, window)
    except ValueError as error:
        message = str(error).removeprefix("scan: ").replace("window=", "--window ")
        message = message.replace("when window", "when --window")
        raise ValueError(f"{model}: {message}") from None
    stride = stride or max(window // 2, 1)
    target = parse_target(estimator, target)
    features = None if gff is None else read_gff(gff, feature_types=list(feature_types))
    data = read_fasta(fasta, labels=False)
    # the bar over batches is progress enough; with -v, also where stderr is no terminal
    with progress_to_stderr(estimator, 0), progress_shown(verbose):
        table = scan_records(
            estimator,
            data,
            window=window,
            stride=stride,
            both_strands=both_strands,
            target=target,
            verbose=verbose,
        )
    if out is None:
        table.to_csv(sys.stdout, sep="\t", index=False)
    else:
        write_atomic(out, lambda handle: table.to_csv(handle, sep="\t", index=False))
    if plot is not None:
        plot_scan(table, features, plot)
    if out is not None or plot is not None:
        written = " and ".join(p for p in (out, plot) if p)
        click.echo(f"scanned {len(data.ids)} record(s), {len(table)} windows; written to {written}")
