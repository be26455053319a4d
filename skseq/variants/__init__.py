"""Variant effect prediction on a genome: :func:`variant_effect` scores REF and ALT windows.

Variants come from a VCF file (:func:`skseq.io.read_vcf`) or a DataFrame; windows are cut
from a genome FASTA through pyfaidx, and results stream to a file in chunks. Importing this
module loads no deep-learning backend.
"""

from ._effect import variant_effect

__all__ = ["variant_effect"]
