"""What a fitted sequence CNN learned: kernel sites, motifs, importance, matches, a report.

:class:`MotifInspector` reads a fitted network's first convolution over sequences you give
it and keeps the numbers (sites, motifs, enrichment, importance); :func:`match_motifs`
compares motifs with known ones (TomTom); :func:`group_motifs` joins kernels that learned one
motif; :func:`modisco_motifs` finds motifs in attributions (TF-MoDISco, optional). Plots of all
of these are in :mod:`skseq.plotting`, attributions in :mod:`skseq.attribution`. Importing
this package does not import Keras.
"""

from ._duplicates import group_motifs
from ._inspector import MotifInspector
from ._matching import load_jaspar, match_motifs
from ._modisco import modisco_motifs

__all__ = ["MotifInspector", "group_motifs", "load_jaspar", "match_motifs", "modisco_motifs"]
