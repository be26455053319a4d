"""Random access to a genome FASTA (pyfaidx), windows padded with N, reverse complements.

The genome is never read whole: :class:`Genome` wraps :class:`pyfaidx.Fasta`, which reads only
the bytes of each requested window through the ``.fai`` index (built next to the FASTA on first
use, rebuilt by pyfaidx when the FASTA is newer). Gzip genomes must be compressed with ``bgzip``
for random access, as for samtools (with a ``.gzi`` index too). An index that does not describe
the FASTA (an older version of the file, another genome) is refused, see ``_genome_checks``.
"""

import gzip
import io
import os
import struct
import zlib
from pathlib import Path

from skseq._complement import reverse_complement

from ._genome_checks import check_index, check_window, index_paths, remedy

_GZIP_MAGIC = b"\x1f\x8b"


class Genome:
    """A genome FASTA opened for random access, with the length of every chromosome.

    Parameters
    ----------
    genome : str, path-like, Genome or pyfaidx.Fasta
        The FASTA file (plain or bgzip), or an already opened genome.
    upper : bool, default=True
        Upper-case every window (``False`` keeps soft-masked repeats in lower case).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from skseq.io._genome import Genome
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.fa"
    >>> _ = path.write_text(">chr1\\nACGTACGTAC\\n>chr2\\nGGGCCC\\n")
    >>> genome = Genome(path)
    >>> genome.lengths
    {'chr1': 10, 'chr2': 6}
    >>> genome.fetch("chr1", -2, 3), genome.fetch("chr2", 4, 8, strand="-")
    ('NNACG', 'NNGG')
    """

    def __init__(self, genome, *, upper=True):
        self.upper = upper
        if isinstance(genome, Genome):
            self.path, self._fasta, self.bgzf = genome.path, genome._fasta, genome.bgzf
        elif isinstance(genome, (str, os.PathLike)):
            self.path = Path(genome)
            self._fasta = _open_fasta(self.path)
            self.bgzf = _is_bgzf(self.path)
            check_index(self.path, self._fasta.faidx, bgzf=self.bgzf)
        elif hasattr(genome, "faidx") and hasattr(genome, "keys"):  # a pyfaidx.Fasta
            self.path, self._fasta = Path(genome.filename), genome
            self.bgzf = _is_bgzf(self.path)
            check_index(self.path, genome.faidx, bgzf=self.bgzf, check_names=False)
        else:
            raise ValueError(
                f"genome must be a FASTA path or a pyfaidx.Fasta, got {type(genome).__name__}."
            )
        self.lengths = {name: len(record) for name, record in self._fasta.records.items()}

    def __repr__(self):
        return f"Genome('{self.path}', {len(self.lengths)} chromosomes)"

    def fetch(self, chrom, start, end, strand="+"):
        """The sequence of ``[start, end)`` (0-based), ``N`` past either chromosome end.

        A minus-strand window is reverse-complemented. A window whose length disagrees with
        the index (a line layout the index does not describe) is a ValueError.
        """
        length = self.lengths[chrom]
        left, right = max(start, 0), min(end, length)
        core = str(self._fasta.records[chrom][left:right]) if right > left else ""
        check_window(self, chrom, left, max(right, left), core)
        sequence = "N" * (min(left, end) - start) + core + "N" * (end - max(right, start))
        if self.upper:
            sequence = sequence.upper()
        return reverse_complement(sequence) if strand == "-" else sequence


def _open_fasta(path):
    import pyfaidx

    if path.is_dir():
        raise ValueError(f"genome '{path}' is a directory, not a FASTA file.")
    if not path.exists():
        raise FileNotFoundError(f"genome FASTA not found: '{path}'.")
    with open(path, "rb") as handle:
        if handle.read(2) == _GZIP_MAGIC and not _is_bgzf(path):
            raise ValueError(
                f"genome '{path}' is gzip-compressed but not with bgzip; random access needs "
                "'bgzip' (from htslib) or an uncompressed FASTA."
            )
    indexed = os.path.exists(f"{path}.fai")
    try:
        return pyfaidx.Fasta(str(path), sequence_always_upper=False, rebuild=True)
    except (pyfaidx.FastaIndexingError, pyfaidx.UnsupportedCompressionFormat) as error:
        raise ValueError(f"genome '{path}' cannot be indexed: {error}") from None
    except (ValueError, IndexError, struct.error) as error:
        if not indexed:
            raise
        bgzf = _is_bgzf(path)
        raise ValueError(
            f"the genome index '{index_paths(path, bgzf)[0]}' of '{path}' cannot be read "
            f"({error}); {remedy(path, bgzf)}."
        ) from None


def _is_bgzf(path):
    with open(path, "rb") as handle:
        header = handle.read(18)
    return bool(len(header) == 18 and header[3] & 4 and header[12:14] == b"BC")


def open_text(path, what):
    """Lines of a plain or gzip text file, streamed (never the whole file in memory)."""
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"'{path}' is a directory, not a {what} file.")
    if not path.exists():
        raise FileNotFoundError(f"{what} file not found: '{path}'.")
    with open(path, "rb") as handle:
        compressed = handle.read(2) == _GZIP_MAGIC
    raw = gzip.open(path, "rb") if compressed else open(path, "rb")
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline=None)


def numbered_lines(path, what):
    """``(number, line)`` of a plain or gzip text file, from 1, streamed.

    A file that cannot be read to its end (a gzip file cut short or damaged, bytes that are
    not UTF-8) is a ValueError naming the file and the last line read whole.

    Examples
    --------
    >>> import gzip, tempfile, pathlib
    >>> from skseq.io._genome import numbered_lines
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "cut.bed.gz"
    >>> _ = path.write_bytes(gzip.compress(b"chr1\\t0\\t10\\n" * 100)[:-8])
    >>> for number, line in numbered_lines(path, "BED"):
    ...     pass  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: '...cut.bed.gz' is cut short: it ends before its gzip end-of-stream marker, \
after line 100 (...). Is it still being written or downloaded?
    """
    number = 0
    with open_text(path, what) as handle:
        try:
            for number, line in enumerate(handle, 1):
                yield number, line
        except EOFError as error:
            raise ValueError(
                f"'{path}' is cut short: it ends before its gzip end-of-stream marker, "
                f"{_after(number)} ({error}). Is it still being written or downloaded?"
            ) from None
        except (zlib.error, gzip.BadGzipFile) as error:
            raise ValueError(
                f"'{path}' is not a sound gzip file: it cannot be decompressed "
                f"{_after(number)} ({error})."
            ) from None
        except UnicodeDecodeError:
            raise ValueError(_not_text(path, what)) from None
        except OSError as error:
            raise ValueError(f"'{path}' cannot be read {_after(number)}: {error}") from None


def _after(number):
    return f"after line {number}" if number else "before its first line ends"


def _not_text(path, what):
    """Where a file stops being UTF-8 (read again in bytes: text is decoded ahead of lines)."""
    with open(path, "rb") as handle:
        compressed = handle.read(2) == _GZIP_MAGIC
    with gzip.open(path, "rb") if compressed else open(path, "rb") as handle:
        try:
            for number, line in enumerate(handle, 1):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError as error:
                    byte = line[error.start : error.start + 1]
                    return (
                        f"'{path}', line {number}: not UTF-8 text (byte {byte!r} at column "
                        f"{error.start + 1}). Is it a {what} file?"
                    )
        except (EOFError, OSError, zlib.error):
            pass  # a damaged gzip file past the first bytes that are not text
    return f"'{path}' is not UTF-8 text. Is it a {what} file?"
