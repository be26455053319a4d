"""Per-interval statistics of bigWig coverage tracks (pyBigWig), as regression targets."""

from pathlib import Path

import numpy as np
import pandas as pd

from ._bed import from_dataframe, is_path, read_bed

__all__ = ["read_signal"]

STATISTICS = ("mean", "sum", "max", "min")
_MISSING = ("zero", "ignore")


def read_signal(intervals, bigwig, *, statistic="mean", missing="zero"):
    """The coverage of a bigWig track summarised over each interval, as a regression target.

    Each interval's values are read exactly, base by base (``pyBigWig``'s ``values``, not the
    zoom levels), so ``"mean"`` and ``"sum"`` are exact.

    Parameters
    ----------
    intervals : sklearn.utils.Bunch, DataFrame or path
        The Bunch of :func:`read_intervals` or :func:`make_background` (its ``intervals``, the
        windows the sequences were cut from), a DataFrame with ``chrom``, ``start``, ``end``
        (0-based, half-open) and optionally ``strand``, or a BED file.
    bigwig : path, dict or list of those
        The bigWig file. For a stranded assay (CLIP, PRO-seq), a dict ``{"+": plus_file,
        "-": minus_file}`` reads each interval from the file of its strand. A list of files
        (or dicts) gives one target column per track, for multi-output regression.
    statistic : {"mean", "sum", "max", "min"}, default="mean"
        The summary of the values over each interval.
    missing : {"zero", "ignore"}, default="zero"
        Positions without data (gaps of the track, or past the ends of its chromosome):
        ``"zero"`` counts them as 0, as janggu and ``bigWigAverageOverBed``'s ``mean0`` do, so
        ``"mean"`` is the sum over the interval's width; ``"ignore"`` summarises the covered
        positions only (``bigWigAverageOverBed``'s ``mean``), and an interval with none is an
        error.

    Returns
    -------
    signal : ndarray of float64, shape (n_intervals,) or (n_intervals, n_tracks)
        One value per interval, in order; one column per track when ``bigwig`` is a list.

    Raises
    ------
    ImportError
        If pyBigWig is not installed (``pip install "skseq[bigwig]"``).
    ValueError
        For a file that is not a bigWig, an interval on a chromosome the bigWig lacks, an
        interval without a strand when the track is stranded, or (``missing="ignore"``) an
        interval without data; each names the interval and the file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> import pyBigWig
    >>> from skseq.io import read_signal
    >>> path = str(pathlib.Path(tempfile.mkdtemp()) / "coverage.bw")
    >>> bw = pyBigWig.open(path, "w")
    >>> bw.addHeader([("chr1", 1000)])
    >>> bw.addEntries(["chr1", "chr1"], [0, 10], ends=[10, 20], values=[1.0, 3.0])
    >>> bw.close()
    >>> peaks = pd.DataFrame({"chrom": ["chr1", "chr1"], "start": [5, 15], "end": [15, 25]})
    >>> read_signal(peaks, path).tolist()
    [2.0, 1.5]
    >>> read_signal(peaks, path, statistic="sum").tolist()
    [20.0, 15.0]
    >>> read_signal(peaks, path, statistic="mean", missing="ignore").tolist()
    [2.0, 3.0]
    """
    check_statistic(statistic)
    if missing not in _MISSING:
        raise ValueError(f"missing must be one of {_MISSING}, got {missing!r}.")
    table = _interval_table(intervals)
    tracks = bigwig if isinstance(bigwig, (list, tuple)) else [bigwig]
    if not tracks:
        raise ValueError("bigwig is an empty list: give at least one bigWig file.")
    pybigwig = _import_pybigwig()
    columns = [_read_track(pybigwig, table, track, statistic, missing) for track in tracks]
    return columns[0] if not isinstance(bigwig, (list, tuple)) else np.stack(columns, axis=1)


def check_statistic(statistic):
    if statistic not in STATISTICS:
        raise ValueError(f"statistic must be one of {STATISTICS}, got {statistic!r}.")


def _import_pybigwig():
    try:
        import pyBigWig
    except ImportError:
        raise ImportError(
            'reading bigWig files needs pyBigWig: pip install "skseq[bigwig]" (or pip install '
            "pyBigWig)."
        ) from None
    return pyBigWig


def _interval_table(intervals):
    if isinstance(intervals, dict) and isinstance(intervals.get("intervals"), pd.DataFrame):
        table = intervals["intervals"]
    elif isinstance(intervals, pd.DataFrame):
        table = from_dataframe(intervals)
    elif is_path(intervals):
        table = read_bed(intervals)
    else:
        raise ValueError(
            "intervals must be the Bunch of read_intervals (with 'intervals'), a DataFrame with "
            f"chrom, start, end columns or a BED path, got {type(intervals).__name__}."
        )
    if "strand" not in table:
        table = table.assign(strand=".")
    return table


def _read_track(pybigwig, table, track, statistic, missing):
    if isinstance(track, dict):
        if set(track) != {"+", "-"}:
            raise ValueError(
                f"a stranded track is a dict with the keys '+' and '-', got {sorted(track)}."
            )
        files = {strand: _open(pybigwig, path) for strand, path in track.items()}
    else:
        files = {None: _open(pybigwig, track)}
    try:
        out = np.empty(len(table))
        rows = zip(table["chrom"], table["start"], table["end"], table["strand"])
        for i, (chrom, start, end, strand) in enumerate(rows):
            if None in files:
                path, bw = files[None]
            elif strand in files:
                path, bw = files[strand]
            else:
                raise ValueError(
                    f"{_where(table, i)}: strand {strand!r}; a stranded track ('+' and '-' "
                    "files) needs every interval on '+' or '-'."
                )
            values = _values(bw, path, chrom, int(start), int(end), table, i)
            if missing == "ignore" and np.isnan(values).all():
                raise ValueError(
                    f"{_where(table, i)}: the bigWig '{path}' has no data over the interval; "
                    "use missing='zero' to count it as 0."
                )
            out[i] = _summary(values, int(end) - int(start), statistic, missing)
        return out
    finally:
        for _, bw in files.values():
            bw.close()


def _open(pybigwig, path):
    if not is_path(path):
        raise ValueError(f"a bigWig must be given as a path, got {type(path).__name__}.")
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"bigWig file not found: '{path}'.")
    try:
        bw = pybigwig.open(str(path))
    except RuntimeError:
        bw = None
    if bw is None or not bw.isBigWig():
        if bw is not None:
            bw.close()
        raise ValueError(f"'{path}' is not a bigWig file (pyBigWig cannot open it as one).")
    return str(path), bw


def _values(bw, path, chrom, start, end, table, i):
    """The values of the interval's part on the chromosome, NaN where the track has none.

    The positions past the chromosome ends hold no data either; they are not allocated (an
    interval may reach far past an end), :func:`_summary` counts them from the width.
    """
    length = bw.chroms(chrom)
    if length is None:
        known = list(bw.chroms())
        alternative = chrom[3:] if chrom.startswith("chr") else "chr" + chrom
        hint = (
            f" (it names it {alternative!r}: 'chr' prefixes differ)" if alternative in known else ""
        )
        raise ValueError(
            f"{_where(table, i)}: chromosome {chrom!r} is not in the bigWig '{path}'{hint}; it "
            f"has {len(known)}: {', '.join(known[:5])}{', ...' if len(known) > 5 else ''}."
        )
    left, right = max(start, 0), min(end, length)
    if right <= left:
        return np.full(0, np.nan)
    return np.asarray(bw.values(chrom, left, right, numpy=True), dtype=float)


def _summary(values, width, statistic, missing):
    """``statistic`` over ``width`` positions: ``values`` and ``width - len(values)`` without
    data (past the chromosome ends), each without data a 0 with ``missing="zero"``."""
    covered = ~np.isnan(values)
    if missing == "zero":
        values = np.where(covered, values, 0.0)
        if width > values.size:  # positions past the ends: one 0 stands for them all
            values = np.append(values, 0.0)
        total = values.sum()
        size = width
    else:
        values = values[covered]
        total, size = values.sum(), values.size
    if statistic == "mean":
        return total / size
    if statistic == "sum":
        return total
    return values.max() if statistic == "max" else values.min()


def _where(table, i):
    row = table.iloc[i]
    interval = f"interval {row.chrom}:{row.start}-{row.end}"
    if "file" in table and "line" in table and row.file not in ("DataFrame", "make_background"):
        return f"{interval} ('{row.file}', line {row.line})"
    return f"{interval} (row {i})"
