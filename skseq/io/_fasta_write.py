"""Writing FASTA files: everything checked first, then the file written whole or not at all."""

import gzip
import re
from numbers import Integral
from pathlib import Path

import numpy as np

from skseq.utils import check_sequences

from ._fasta_records import BAD_SEQUENCE_CHAR
from ._files import write_atomic

__all__ = ["write_fasta"]

# A header may hold any printable text and tabs; line breaks and control characters would
# break the file (or make it read as binary).
_BAD_HEADER_CHAR = re.compile(r"[\x00-\x08\n-\x1f\x7f-\x9f\u2028\u2029]")


def write_fasta(path, sequences, ids=None, *, line_width=60):
    """Write sequences to a FASTA file, gzip-compressed when the path ends in ``.gz``.

    Everything is checked before anything is written, and the file is written whole or
    not at all (into a temporary file in the same folder, then renamed), so an existing
    file is never left empty or half-written; a write killed midway leaves only the hidden
    temporary, which the next write of ``path`` removes. What is written reads back with
    :func:`read_fasta` as the same sequences (and the same ids, for ids without spaces:
    ``read_fasta``'s ids are the first word of each header).

    Parameters
    ----------
    path : str or path-like
        File to write (replaced if it exists).
    sequences : array-like of str, shape (n_samples,)
        The sequences: letters, ``*``, ``-`` or ``.`` (what :func:`read_fasta` accepts).
    ids : array-like of str, shape (n_samples,), default=None
        Header of each record (without ``>``; UTF-8 text without line breaks or control
        characters); ``seq0``, ``seq1``, ... if None.
    line_width : int or None, default=60
        Wrap sequence lines at this width; None or 0 writes each sequence on one line.

    Raises
    ------
    ValueError
        For sequences or ids that are not 1-D collections of str, of different lengths, an
        empty sequence or id, a sequence character ``read_fasta`` would reject (naming the
        sequence and position), a line break or control character in an id, or a bad
        ``line_width``. The file is not touched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from skseq.io import read_fasta, write_fasta
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "out.fa.gz"
    >>> write_fasta(path, ["ACGT", "GGCC"], ["chr1:1-5(+)", "chr2:7-11(-)"])
    >>> read_fasta(path).groups.tolist()
    ['chr1', 'chr2']
    >>> write_fasta(path, ["ACGT>GG"], ["one"])
    Traceback (most recent call last):
    ...
    ValueError: write_fasta: sequence 0 ('one'): character '>' at position 4 cannot be \
written (letters, '*', '-' or '.'); nothing was written.
    """
    sequences, _ = check_sequences(sequences, caller="write_fasta")
    if ids is None:
        ids = [f"seq{i}" for i in range(len(sequences))]
    ids = _check_ids(ids, len(sequences))
    if line_width is None:
        line_width = 0
    if not isinstance(line_width, Integral) or isinstance(line_width, bool) or line_width < 0:
        raise ValueError(f"line_width must be a non-negative int or None, got {line_width!r}.")
    line_width = int(line_width)
    for i, sequence in enumerate(sequences):
        bad = BAD_SEQUENCE_CHAR.search(sequence)
        if bad:
            raise ValueError(
                f"write_fasta: sequence {i} ({ids[i]!r:.40}): character {bad.group()!r} at "
                f"position {bad.start()} cannot be written (letters, '*', '-' or '.'); "
                "nothing was written."
            )

    def write(handle):
        for header, sequence in zip(ids, sequences):
            chunk = [">", header, "\n"]
            if line_width:
                for start in range(0, len(sequence), line_width):
                    chunk += (sequence[start : start + line_width], "\n")
            else:
                chunk += (sequence, "\n")
            handle.write("".join(chunk).encode("utf-8"))

    path = Path(path)
    if path.name.endswith(".gz"):

        def write_gzip(handle):
            # mtime=0: the same records give the same bytes
            with gzip.GzipFile(filename=path.name, mode="wb", fileobj=handle, mtime=0) as gz:
                write(gz)

        write_atomic(path, write_gzip)
    else:
        write_atomic(path, write)


def _check_ids(ids, n_sequences):
    if isinstance(ids, (str, bytes)) or (isinstance(ids, np.ndarray) and ids.ndim != 1):
        raise ValueError(f"write_fasta: ids must be a 1-D array-like of str, got {ids!r:.60}.")
    ids = list(ids)
    if len(ids) != n_sequences:
        raise ValueError(f"ids has {len(ids)} entries for {n_sequences} sequences.")
    for i, value in enumerate(ids):
        if not isinstance(value, str):
            raise ValueError(f"write_fasta: ids[{i}] is not a str: {value!r:.60}.")
        if not value.strip():
            raise ValueError(f"write_fasta: ids[{i}] is empty: {value!r}; nothing was written.")
        bad = _BAD_HEADER_CHAR.search(value)
        if bad:
            kind = "a line break" if bad.group() in "\n\r\u2028\u2029" else "a control character"
            raise ValueError(
                f"write_fasta: ids[{i}] holds {kind} ({bad.group()!r}) at position "
                f"{bad.start()}: {value!r:.60}; nothing was written."
            )
    return ids
