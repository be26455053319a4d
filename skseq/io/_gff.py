"""Reading GFF3 annotation files (plain or gzip): features as a table with 0-based starts."""

import gzip

import numpy as np
import pandas as pd

__all__ = ["read_gff"]


def read_gff(path, *, feature_types=("gene",), seqid=None):
    """Read features from a GFF3 file (plain or gzip) as a table with 0-based starts.

    Parameters
    ----------
    path : str or path-like
    feature_types : sequence of str or None, default=("gene",)
        Feature types (column 3) to keep; None keeps all.
    seqid : str or None, default=None
        Keep only this sequence (column 1).

    Returns
    -------
    pandas.DataFrame
        ``seqid``, ``type``, ``start`` (0-based), ``end`` (exclusive), ``strand``, ``name``
        (the ``Name`` attribute, else ``ID``), and ``tss``: the 5' end, ``start`` on the
        ``+`` strand and ``end - 1`` on ``-``.

    Raises
    ------
    ValueError
        For a data line without 9 tab-separated columns or with non-integer coordinates,
        naming the file and line.

    See Also
    --------
    skseq.scanning.scan : scores along a genome, to plot with these features.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from skseq.io import read_gff
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "genes.gff"
    >>> _ = path.write_text(
    ...     "##gff-version 3\\n"
    ...     "chr1\\tRefSeq\\tgene\\t101\\t200\\t.\\t+\\t.\\tID=gene-a;Name=abcA\\n"
    ...     "chr1\\tRefSeq\\tgene\\t301\\t400\\t.\\t-\\t.\\tID=gene-b\\n")
    >>> read_gff(path)[["start", "end", "strand", "name", "tss"]].values.tolist()
    [[100, 200, '+', 'abcA', 100], [300, 400, '-', 'gene-b', 399]]
    """
    with open(path, "rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
    opener = gzip.open if gz else open
    rows = []
    keep = None if feature_types is None else set(feature_types)
    with opener(path, "rt") as fh:
        for number, line in enumerate(fh, 1):
            if line.startswith("##FASTA"):
                break
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 9:
                raise ValueError(f"{path}, line {number}: expected 9 tab-separated columns")
            if (keep is not None and cols[2] not in keep) or (seqid and cols[0] != seqid):
                continue
            try:
                start, end = int(cols[3]) - 1, int(cols[4])
            except ValueError:
                raise ValueError(f"{path}, line {number}: start/end are not integers") from None
            attrs = dict(a.split("=", 1) for a in cols[8].split(";") if "=" in a)
            rows.append(
                (cols[0], cols[2], start, end, cols[6], attrs.get("Name", attrs.get("ID", "")))
            )
    table = pd.DataFrame(rows, columns=["seqid", "type", "start", "end", "strand", "name"])
    table["tss"] = np.where(table["strand"] == "-", table["end"] - 1, table["start"])
    return table
