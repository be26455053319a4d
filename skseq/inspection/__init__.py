"""What a fitted sequence CNN learned: kernel motifs, enrichment plots, attributions.

:class:`MotifInspector` is the entry point. The attribution functions follow one contract,
``func(model, X, target=...)``, so they also work on any ``keras.Model``; the Display classes
draw numbers you already have; :func:`write_meme`, :func:`read_meme` and
:func:`match_motifs` export and compare motifs.
"""

from ._inspector import MotifInspector
from ._matching import load_jaspar, match_motifs
from ._plots import (
    ActivationHeatmapDisplay,
    AttributionLogoDisplay,
    ClassEnrichmentDisplay,
    MotifLogoDisplay,
    PositionEnrichmentDisplay,
    TrackProfileDisplay,
)

__all__ = [
    "ActivationHeatmapDisplay",
    "AttributionLogoDisplay",
    "ClassEnrichmentDisplay",
    "MotifInspector",
    "MotifLogoDisplay",
    "PositionEnrichmentDisplay",
    "TrackProfileDisplay",
    "load_jaspar",
    "match_motifs",
]
