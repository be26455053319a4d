"""Reading and writing the files of the field: FASTA (plain or gzip, pysster's structure
files), genomic intervals, VCF variants, GFF3 annotations and MEME motif files.

:func:`read_fasta` returns a :class:`sklearn.utils.Bunch` ready for scikit-learn:
``sequences``, ``target`` (from one file per class or from labels in the headers),
``groups`` (the chromosome parsed from each header, for
:class:`~sklearn.model_selection.GroupKFold`) and ``ids``; :func:`read_intervals` the same for
BED/narrowPeak intervals on a genome FASTA, :func:`make_background` a dinucleotide-shuffled or
GC-matched negative set for them (:func:`concat_background` labels both), and
:func:`read_signal` bigWig coverage per interval as a regression target. :func:`save` and
:func:`load` store fitted estimators and pipelines in a format that loads without running code.
Importing this module loads neither Keras nor skops.
"""

from ._background import concat_background, make_background
from ._fasta import read_fasta
from ._fasta_write import write_fasta
from ._gff import read_gff
from ._intervals import read_intervals
from ._meme import read_meme, write_meme
from ._persistence import UntrustedTypesError, load, save
from ._signal import read_signal
from ._vcf import read_vcf

__all__ = [
    "UntrustedTypesError",
    "concat_background",
    "load",
    "make_background",
    "read_fasta",
    "read_gff",
    "read_intervals",
    "read_meme",
    "read_signal",
    "read_vcf",
    "save",
    "write_fasta",
    "write_meme",
]
