"""Sequences of genomic intervals: BED/narrowPeak files or DataFrames cut from a genome FASTA."""

import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

from ._bed import from_dataframe, is_path, read_bed
from ._genome import Genome
from ._genome_checks import check_width, check_window_memory
from ._signal import check_statistic, read_signal

__all__ = ["read_intervals"]

_POLICIES = ("pad", "drop", "error")


def read_intervals(
    intervals,
    genome,
    *,
    width=None,
    anchor="center",
    label_column=None,
    stranded=True,
    out_of_bounds="pad",
    max_n_fraction=1.0,
    upper=True,
    signal=None,
    signal_statistic="mean",
):
    """Cut the sequences of genomic intervals out of a genome, ready for scikit-learn.

    The genome is read through its ``.fai`` index (pyfaidx), one window at a time, never
    whole.

    Parameters
    ----------
    intervals : path, DataFrame, list of those, or dict
        BED3, BED6 or narrowPeak files (plain or gzip; ``#``, ``track`` and ``browser`` lines
        are skipped) or DataFrames with ``chrom``, ``start``, ``end`` columns (0-based,
        half-open, as in BED) and optionally ``name``, ``strand`` and ``summit`` (absolute
        position). As for :func:`~skseq.io.read_fasta`: a list gives one source per class
        (targets 0, 1, ...), a dict ``{label: source}`` one source per class with those labels,
        and a single source has the target of ``label_column`` (or none).
    genome : path, pyfaidx.Fasta or Genome
        The genome FASTA (uncompressed or bgzip).
    width : int or None, default=None
        Resize every interval to this width around its anchor; None keeps the intervals as
        they are (their lengths may then differ).
    anchor : {"center", "summit"}, default="center"
        Centre of the resized window: the interval's midpoint, or the summit of narrowPeak
        files (column 10; the ``summit`` column of a DataFrame). Intervals without a summit
        are centred on their midpoint.
    label_column : int, str or None, default=None
        With a single source: the 0-based BED column (for example 3, the name) or DataFrame
        column holding each interval's label. Labels that are all integers (or all numbers)
        become an int (float) array, others stay strings.
    stranded : bool, default=True
        Reverse-complement the windows of minus-strand intervals (BED column 6); ``.`` is read
        as plus. False reads every window from the plus strand.
    out_of_bounds : {"pad", "drop", "error"}, default="pad"
        What to do with a window that runs past either end of its chromosome: fill the missing
        positions with ``N``, drop the interval (listed in ``dropped``), or raise an error
        naming the file and line.
    max_n_fraction : float in [0, 1], default=1.0
        Drop windows in which more than this fraction of the positions is ``N`` (padding
        included); the default keeps all of them.
    upper : bool, default=True
        Upper-case the sequences (False keeps soft-masked repeats in lower case).
    signal : path, dict, list of those, or None, default=None
        A bigWig coverage track whose ``signal_statistic`` over each window kept becomes the
        (float) target, for :class:`~skseq.models.SequenceCNNRegressor`; a list of tracks
        gives one target column each. See :func:`read_signal` (positions without data count
        as 0; a dict ``{"+": ..., "-": ...}`` reads each window from its strand's file, the
        ``"+"`` file for strand ``.`` or ``stranded=False``).
        Needs pyBigWig; not combined with ``label_column`` or several sources.
    signal_statistic : {"mean", "sum", "max", "min"}, default="mean"
        The summary of the ``signal`` over each window.

    Returns
    -------
    data : sklearn.utils.Bunch
        sequences : ndarray of str, shape (n_samples,)
            The window of every interval kept, in input order (files in the order given).
        target : ndarray of shape (n_samples,) or (n_samples, n_tracks), or None
            The label of each interval, or its ``signal``.
        groups : ndarray of str, shape (n_samples,)
            The chromosome of each interval, for :class:`~sklearn.model_selection.GroupKFold`
            or a chromosome hold-out.
        ids : ndarray of str, shape (n_samples,)
            ``chrom:start-end(strand)`` of each window, as :func:`~skseq.io.read_fasta` parses
            it from headers.
        intervals : DataFrame
            The windows kept: ``chrom``, ``start``, ``end``, ``strand``, ``name``, and the
            ``file`` and ``line`` of the interval each came from.
        dropped : DataFrame
            The same columns for the intervals dropped, with a ``reason``.

    Raises
    ------
    ValueError
        For an unknown chromosome, inverted or negative coordinates, a malformed line, an
        interval that starts past the end of its chromosome or is longer than it (another
        genome build? dropped with ``out_of_bounds="drop"``), a damaged file (each naming the
        file and line), a window past a chromosome end with ``out_of_bounds="error"``, a
        ``width`` longer than every chromosome, windows that would not fit in memory, a genome
        index that does not describe the FASTA, or when no interval is left.

    Warns
    -----
    UserWarning
        When intervals are dropped, with how many and why.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from skseq.io import read_intervals
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "genome.fa").write_text(">chr1\\nAACCGGTTAACCGGTT\\n>chr2\\nACGTACGTAC\\n")
    >>> peaks = "chr1\\t2\\t6\\tp1\\t0\\t+\\nchr2\\t0\\t4\\tp2\\t0\\t-\\n"
    >>> _ = (folder / "peaks.bed").write_text(peaks)
    >>> _ = (folder / "other.bed").write_text("chr1\\t10\\t12\\n")
    >>> data = read_intervals({"bound": folder / "peaks.bed", "unbound": folder / "other.bed"},
    ...                       folder / "genome.fa", width=6)
    >>> data.sequences.tolist(), data.target.tolist(), data.groups.tolist()
    (['ACCGGT', 'TACGTN', 'AACCGG'], ['bound', 'bound', 'unbound'], ['chr1', 'chr2', 'chr1'])
    >>> data.ids.tolist()
    ['chr1:1-7(+)', 'chr2:-1-5(-)', 'chr1:8-14(+)']
    """
    _check_parameters(width, anchor, out_of_bounds, max_n_fraction, stranded)
    if signal is not None:
        check_statistic(signal_statistic)
    table, has_target = _interval_table(intervals, label_column)
    if signal is not None and has_target:
        raise ValueError(
            "signal gives the target: do not combine it with label_column or with several "
            "sources (one per class)."
        )
    genome = Genome(genome, upper=upper)
    lengths = table["chrom"].map(genome.lengths)
    unknown = lengths.isna().to_numpy()
    if unknown.any():
        raise ValueError(_unknown_chromosome(table.iloc[np.flatnonzero(unknown)[0]], genome))
    lengths = lengths.to_numpy(dtype=np.int64)
    if width is not None:
        check_width(width, genome)
    misfit = _misfits(table, lengths, genome, raise_first=out_of_bounds != "drop")
    start, end = _windows(table, width, anchor)
    strand = np.where(table["strand"].to_numpy() == "-", "-", "+") if stranded else "+"
    strand = np.broadcast_to(strand, len(table))
    outside = (start < 0) | (end > lengths) | misfit
    reasons = np.full(len(table), "", dtype=object)
    if outside.any():
        if out_of_bounds == "error":
            i = np.flatnonzero(outside)[0]
            row = table.iloc[i]
            raise ValueError(
                f"{_where(row)}: the window [{start[i]}, {end[i]}) runs past the ends of "
                f"{row.chrom} (length {lengths[i]}); use out_of_bounds='pad' or 'drop'."
            )
        if out_of_bounds == "drop":
            reasons[outside] = "past a chromosome end"
    sequences = np.full(len(table), "", dtype=object)
    fetched = np.flatnonzero(reasons == "")
    _check_memory(table, start, end, fetched)
    for i in fetched:
        sequences[i] = genome.fetch(table.chrom.iat[i], int(start[i]), int(end[i]), strand[i])
    if max_n_fraction < 1:
        n_fraction = np.array([s.upper().count("N") / max(len(s), 1) for s in sequences])
        reasons[(reasons == "") & (n_fraction > max_n_fraction)] = (
            f"more than {max_n_fraction:g} of the window is N"
        )
    windows = table[["chrom"]].assign(start=start, end=end, strand=strand)
    windows = windows.assign(name=table["name"], file=table["file"], line=table["line"])
    keep = reasons == ""
    dropped = windows[~keep].assign(reason=reasons[~keep]).reset_index(drop=True)
    if not keep.any():
        raise ValueError(f"no interval is left: all {len(table)} were dropped ({reasons[0]}).")
    if not keep.all():
        counts = pd.Series(reasons[~keep]).value_counts()
        warnings.warn(
            f"dropped {int((~keep).sum())} of {len(table)} intervals ("
            + ", ".join(f"{n} {why}" for why, n in counts.items())
            + "); they are listed in the result's 'dropped'.",
            UserWarning,
            stacklevel=2,
        )
    kept = windows[keep].reset_index(drop=True)
    target = table["label"].to_numpy()[keep] if has_target else None
    if signal is not None:
        target = read_signal(Bunch(intervals=kept), signal, statistic=signal_statistic)
    return Bunch(
        sequences=np.array(sequences[keep].tolist(), dtype=str),
        target=target,
        groups=kept["chrom"].to_numpy(dtype=str),
        ids=np.array(
            [
                f"{c}:{s}-{e}({d})"
                for c, s, e, d in zip(kept.chrom, kept.start, kept.end, kept.strand)
            ],
            dtype=str,
        ),
        intervals=kept,
        dropped=dropped,
    )


def _check_parameters(width, anchor, out_of_bounds, max_n_fraction, stranded):
    if width is not None and (
        isinstance(width, bool) or not isinstance(width, Integral) or width < 1
    ):
        raise ValueError(f"width must be a positive integer or None, got {width!r}.")
    if anchor not in ("center", "summit"):
        raise ValueError(f"anchor must be 'center' or 'summit', got {anchor!r}.")
    if out_of_bounds not in _POLICIES:
        raise ValueError(f"out_of_bounds must be one of {_POLICIES}, got {out_of_bounds!r}.")
    if (
        isinstance(max_n_fraction, bool)
        or not isinstance(max_n_fraction, Real)
        or not 0 <= max_n_fraction <= 1
    ):
        raise ValueError(f"max_n_fraction must be a number in [0, 1], got {max_n_fraction!r}.")
    if not isinstance(stranded, (bool, np.bool_)):
        raise ValueError(f"stranded must be True or False, got {stranded!r}.")


def _interval_table(intervals, label_column):
    """One table of all sources, with a 'label' column when there is a target."""
    if isinstance(intervals, dict):
        sources = list(intervals.items())
    elif isinstance(intervals, (list, tuple)):
        sources = list(enumerate(intervals))
    else:
        return _read_source(intervals, label_column), label_column is not None
    if label_column is not None:
        raise ValueError(
            "label_column applies to a single source; with a list or dict of sources each "
            "source is one class."
        )
    if not sources:
        raise ValueError("intervals is empty: give at least one BED file or DataFrame.")
    tables = [_read_source(source, None).assign(label=label) for label, source in sources]
    table = pd.concat(tables, ignore_index=True)
    if isinstance(intervals, dict) and all(isinstance(k, Integral) for k in intervals):
        table["label"] = table["label"].astype(np.int64)
    return table, True


def _read_source(source, label_column):
    if isinstance(source, pd.DataFrame):
        return from_dataframe(source, label_column=label_column)
    if is_path(source):
        if label_column is not None and (
            isinstance(label_column, bool) or not isinstance(label_column, Integral)
        ):
            raise ValueError(
                f"label_column must be a 0-based column number for a BED file, got "
                f"{label_column!r}."
            )
        return read_bed(source, label_column=label_column)
    raise ValueError(
        f"intervals must be a BED path, a DataFrame, a list or a dict of those, got "
        f"{type(source).__name__}."
    )


def _misfits(table, lengths, genome, raise_first):
    """Intervals that start past the end of their chromosome or are longer than it: they do
    not lie on the genome as it is (another build?), however they are resized or padded."""
    start, end = table["start"].to_numpy(np.int64), table["end"].to_numpy(np.int64)
    past, long = start >= lengths, end - start > lengths
    misfit = past | long
    if raise_first and misfit.any():
        i = int(np.flatnonzero(misfit)[0])
        row = table.iloc[i]
        what = (
            f"starts past the end of {row.chrom}"
            if past[i]
            else f"is longer than {row.chrom} itself ({end[i] - start[i]} nt)"
        )
        raise ValueError(
            f"{_where(row)}: the interval {row.chrom}:{start[i]}-{end[i]} {what}, which has "
            f"{lengths[i]} nt in the genome '{genome.path}'. Is the file for this genome build? "
            "(out_of_bounds='drop' drops such intervals.)"
        )
    return misfit


def _check_memory(table, start, end, fetched):
    if not fetched.size:
        return
    widths = end[fetched] - start[fetched]
    i = int(fetched[np.argmax(widths)])
    row = table.iloc[i]
    where = f"{_where(row)}: the window {row.chrom}:{start[i]}-{end[i]}"
    check_window_memory(fetched.size, int(widths.max()), int(widths.sum()), where)


def _windows(table, width, anchor):
    start, end = table["start"].to_numpy(np.int64), table["end"].to_numpy(np.int64)
    if width is None:
        return start, end
    centre = (start + end) // 2
    if anchor == "summit":
        summit = table["summit"].to_numpy(np.int64)
        centre = np.where(summit >= 0, summit, centre)
    start = centre - width // 2
    return start, start + width


def _where(row):
    kind = "row" if row.file == "DataFrame" else "line"
    return f"'{row.file}', {kind} {row.line}" if kind == "line" else f"DataFrame, row {row.line}"


def _unknown_chromosome(row, genome):
    known = list(genome.lengths)
    hint = ""
    alternative = row.chrom[3:] if row.chrom.startswith("chr") else "chr" + row.chrom
    if alternative in genome.lengths:
        hint = f" (the genome names it {alternative!r}: 'chr' prefixes differ)"
    shown = ", ".join(known[:5]) + (", ..." if len(known) > 5 else "")
    return (
        f"{_where(row)}: chromosome {row.chrom!r} is not in the genome '{genome.path}'{hint}; "
        f"it has {len(known)}: {shown}."
    )
