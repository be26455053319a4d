"""Interval tables from BED3, BED6 and narrowPeak files (plain or gzip) and DataFrames.

Every interval becomes one row of a :class:`pandas.DataFrame` with the columns ``chrom``,
``start``, ``end`` (0-based, half-open, as in BED), ``name``, ``strand`` (``+``, ``-`` or ``.``),
``summit`` (absolute position of the peak summit, -1 if none), ``file`` and ``line`` (where the
row came from, for error messages), plus ``label`` when a label column was asked for.
"""

import re
from numbers import Integral
from pathlib import Path

import numpy as np
import pandas as pd

from ._genome import numbered_lines

COLUMNS = ["chrom", "start", "end", "name", "strand", "summit", "file", "line"]
_SKIP = ("#", "track", "browser")
# ASCII digits only: int() also takes other scripts' digits, spaces and "1_000".
_INTEGER = re.compile(r"[+-]?[0-9]+")
_MAX_COORDINATE = np.iinfo(np.int64).max


def read_bed(path, *, label_column=None):
    """Parse a BED3/BED6/narrowPeak file into the interval table described above.

    ``label_column`` is the 0-based column holding each interval's label (for example 3 for
    BED's name, 4 for the score), or None. narrowPeak is recognised by its ten columns: the
    tenth is the summit offset from the start (-1: no summit).
    """
    rows = []
    for number, line in numbered_lines(path, "BED"):
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) < 3 and len(line.split()) >= 3:
            fields = line.split()  # space-separated files, as some tools write them
        if not line.strip() or fields[0].startswith(_SKIP):
            continue
        rows.append(_parse_fields(fields, path, number, label_column))
    if not rows:
        raise ValueError(f"'{path}' holds no intervals.")
    columns = COLUMNS + (["label"] if label_column is not None else [])
    table = pd.DataFrame(rows, columns=columns)
    if label_column is not None:
        table["label"] = _typed(table["label"])
    return table


def _parse_fields(fields, path, number, label_column):
    where = f"'{path}', line {number}"
    if len(fields) < 3:
        raise ValueError(
            f"{where}: a BED line needs at least 3 tab-separated columns (chrom, start, end), "
            f"got {len(fields)}: {chr(9).join(fields)[:60]!r}."
        )
    chrom = fields[0]
    start, end = _integer(fields[1], "start", where), _integer(fields[2], "end", where)
    _check_coordinates(start, end, where)
    name = fields[3] if len(fields) > 3 else "."
    strand = fields[5] if len(fields) > 5 else "."
    if strand not in ("+", "-", "."):
        raise ValueError(f"{where}: strand (column 6) must be '+', '-' or '.', got {strand!r}.")
    summit = -1
    if len(fields) == 10:
        offset = _integer(fields[9], "summit offset (column 10)", where)
        if offset >= 0:
            if offset >= end - start:
                raise ValueError(
                    f"{where}: summit offset {offset} lies outside the peak [{start}, {end})."
                )
            summit = start + offset
    row = [chrom, start, end, name, strand, summit, str(path), number]
    if label_column is not None:
        if label_column >= len(fields):
            raise ValueError(
                f"{where}: no column {label_column} (0-based) to read the label from; the line "
                f"has {len(fields)} columns."
            )
        row.append(fields[label_column])
    return row


def _integer(text, what, where):
    if not _INTEGER.fullmatch(text):
        raise ValueError(f"{where}: {what} must be an integer, got {text!r}.")
    return _bounded(int(text), what, where)


def _bounded(value, what, where):
    if abs(value) > _MAX_COORDINATE:
        raise ValueError(
            f"{where}: {what} {value} is too large for a genome coordinate (at most "
            f"{_MAX_COORDINATE})."
        )
    return value


def _check_coordinates(start, end, where):
    if start < 0:
        raise ValueError(f"{where}: negative start {start}.")
    if end < start:
        raise ValueError(f"{where}: inverted coordinates, end {end} is before start {start}.")
    if end == start:
        raise ValueError(f"{where}: empty interval, start and end are both {start}.")


def _typed(values):
    """Labels as ints if they all are, else floats if they all are, else str."""
    for kind in (int, float):
        try:
            return values.map(kind).to_numpy()
        except ValueError:
            pass
    return values.to_numpy(dtype=object)


def from_dataframe(frame, *, label_column=None, source="DataFrame"):
    """The interval table of a DataFrame with ``chrom``, ``start``, ``end`` columns.

    Optional columns: ``name``, ``strand``, ``summit`` (absolute position) and the label column
    (a column name). ``line`` is the row's position (0-based) and ``file`` is ``source``.
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"intervals must be a path or a DataFrame, got {type(frame).__name__}.")
    missing = [c for c in ("chrom", "start", "end") if c not in frame.columns]
    if missing:
        raise ValueError(
            f"the intervals DataFrame has no column(s) {missing}; it needs 'chrom', 'start' and "
            f"'end' (0-based, half-open), and has {list(frame.columns)}."
        )
    if label_column is not None and label_column not in frame.columns:
        raise ValueError(f"label_column {label_column!r} is not a column of the DataFrame.")
    n = len(frame)
    if n == 0:
        raise ValueError(f"{source} holds no intervals.")
    table = pd.DataFrame(
        {
            "chrom": frame["chrom"].astype(str).to_numpy(),
            "start": _integer_column(frame["start"], "start", source),
            "end": _integer_column(frame["end"], "end", source),
            "name": frame["name"].astype(str).to_numpy() if "name" in frame else ".",
            "strand": frame["strand"].astype(str).to_numpy() if "strand" in frame else ".",
            "summit": _integer_column(frame["summit"], "summit", source)
            if "summit" in frame
            else -1,
            "file": source,
            "line": np.arange(n),
        }
    )
    for i, (start, end, strand) in enumerate(zip(table.start, table.end, table.strand)):
        where = f"{source}, row {i}"
        _check_coordinates(start, end, where)
        if strand not in ("+", "-", "."):
            raise ValueError(f"{where}: strand must be '+', '-' or '.', got {strand!r}.")
    if label_column is not None:
        table["label"] = frame[label_column].to_numpy()
    return table


def _integer_column(values, what, source):
    array = np.asarray(values)
    if array.dtype.kind == "i" or (array.dtype.kind == "u" and (array <= _MAX_COORDINATE).all()):
        return array.astype(np.int64)
    if (
        array.dtype.kind == "f"
        and np.isfinite(array).all()
        and (array == np.round(array)).all()
        and (np.abs(array) < 2.0**63).all()
    ):
        return array.astype(np.int64)
    for i, value in enumerate(array):
        if not isinstance(value, Integral) and not (
            isinstance(value, float) and value.is_integer()
        ):
            raise ValueError(f"{source}, row {i}: {what} must be an integer, got {value!r}.")
        _bounded(int(value), what, f"{source}, row {i}")
    return array.astype(np.int64)


def is_path(obj):
    return isinstance(obj, (str, Path)) or hasattr(obj, "__fspath__")
