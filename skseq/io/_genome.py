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
