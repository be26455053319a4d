"""A small VCF reader: the first five columns (CHROM, POS, ID, REF, ALT), streamed in chunks.

Only what variant-effect prediction needs is read; genotypes, INFO and FILTER are ignored.
The file (plain or gzip, bgzip included) is read line by line, so ``chunksize`` bounds memory
on a file of any size. No pysam or htslib is needed.
"""

import re

import numpy as np
import pandas as pd

from ._genome import numbered_lines

__all__ = ["read_vcf"]

COLUMNS = ["chrom", "pos", "id", "ref", "alt", "line"]
_ALLELE = re.compile(r"[ACGTNacgtn]+")
_POSITION = re.compile(r"[0-9]+")  # ASCII digits: str.isdigit also takes "²" and "١"
_MAX_POSITION = np.iinfo(np.int64).max


def read_vcf(path, *, chunksize=None):
    """Read the variants of a VCF file (plain or gzip) as a table, one row per ALT allele.

    Meta-information lines (``##``) and the ``#CHROM`` header are skipped; the columns after
    ALT (QUAL, FILTER, INFO, genotypes) are ignored. A multi-allelic record
    (``ALT=T,G``) becomes one row per allele, with the same ``line``. Symbolic and missing
    alleles (``<DEL>``, ``*``, ``.``, breakends) are kept as written, for the caller to flag.

    Parameters
    ----------
    path : str or path-like
        The VCF file; gzip (and bgzip) is detected from the first bytes.
    chunksize : int or None, default=None
        None reads the whole file into one DataFrame; an int returns an iterator of
        DataFrames of at most that many rows (as :func:`pandas.read_csv` does), so a file of
        any size can be processed in bounded memory.

    Returns
    -------
    DataFrame or iterator of DataFrame
        Columns ``chrom`` (str), ``pos`` (int, 1-based as in the file), ``id`` (str, ``"."``
        when missing), ``ref`` and ``alt`` (str, upper case) and ``line`` (the line number in
        the file, for messages).

    Raises
    ------
    ValueError
        For a data line with fewer than five tab-separated columns, a position that is not a
        positive integer (or beyond any genome), a REF that is not made of ``ACGTN``, or an
        empty ALT, and for a file that cannot be read to its end (gzip cut short or damaged,
        not UTF-8); the message names the file and the line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from skseq.io import read_vcf
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "calls.vcf"
    >>> _ = path.write_text(
    ...     "##fileformat=VCFv4.2\\n#CHROM\\tPOS\\tID\\tREF\\tALT\\tQUAL\\tFILTER\\tINFO\\n"
    ...     "chr1\\t5\\trs1\\tA\\tG,T\\t.\\tPASS\\t.\\nchr2\\t9\\t.\\tCA\\tC\\t.\\tPASS\\t.\\n")
    >>> read_vcf(path)
      chrom  pos   id ref alt  line
    0  chr1    5  rs1   A   G     3
    1  chr1    5  rs1   A   T     3
    2  chr2    9    .  CA   C     4
    >>> [len(chunk) for chunk in read_vcf(path, chunksize=2)]
    [2, 1]
    """
    if chunksize is None:
        chunks = list(_chunks(path, 1 << 16))
        return pd.concat(chunks, ignore_index=True) if chunks else _frame([])
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise ValueError(f"chunksize must be a positive integer or None, got {chunksize!r}.")
    return _chunks(path, chunksize)


def _chunks(path, chunksize):
    rows = []
    for number, line in numbered_lines(path, "VCF"):
        if line.startswith("#") or not line.strip():
            continue
        rows.extend(_parse(line, path, number))
        while len(rows) >= chunksize:  # a multi-allelic record may fill more than one
            yield _frame(rows[:chunksize])
            rows = rows[chunksize:]
    if rows:
        yield _frame(rows)


def _parse(line, path, number):
    fields = line.rstrip("\r\n").split("\t")
    where = f"'{path}', line {number}"
    if len(fields) < 5:
        raise ValueError(
            f"{where}: expected at least 5 tab-separated columns (CHROM POS ID REF ALT), "
            f"found {len(fields)}."
        )
    chrom, pos, vid, ref, alt = (field.strip() for field in fields[:5])
    if not chrom:
        raise ValueError(f"{where}: the CHROM column is empty.")
    if not _POSITION.fullmatch(pos) or int(pos) < 1:
        raise ValueError(f"{where}: POS must be a positive integer (1-based), got {pos!r}.")
    if int(pos) > _MAX_POSITION:
        raise ValueError(f"{where}: POS {pos} is too large for a genome position.")
    if not _ALLELE.fullmatch(ref):
        raise ValueError(f"{where}: REF must be made of A, C, G, T and N, got {ref!r}.")
    alts = alt.split(",")
    if not alt or any(not allele for allele in alts):
        raise ValueError(f"{where}: ALT is empty (write '.' for no alternative allele).")
    vid = vid or "."
    return [(chrom, int(pos), vid, ref.upper(), a.upper(), number) for a in alts]


def _frame(rows):
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({"pos": "int64", "line": "int64"})
