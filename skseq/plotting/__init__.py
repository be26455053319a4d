"""Every skseq plot, as a Display in scikit-learn's pattern.

Build a Display from numbers you have, or with ``from_inspector`` / ``from_estimator``; call
``plot(ax=None, **kwargs)``; find the numbers as attributes, the drawn artists, ``ax_`` (an
Axes, always), ``axes_`` (all panels, where there are several) and ``figure_``. Logos are
drawn by logomaker, with its own matrix transforms and colour schemes. Importing this package
imports neither matplotlib nor Keras.
"""

from ._comparison import ComparisonDisplay, GrammarPositionDisplay
from ._design import DesignDisplay
from ._enrichment import ClassEnrichmentDisplay, PositionEnrichmentDisplay
from ._heatmap import ActivationHeatmapDisplay
from ._history import TrainingHistoryDisplay
from ._logo import AttributionLogoDisplay, MotifLogoDisplay
from ._optimized import OptimizedInputDisplay
from ._scan import ScanDisplay
from ._tracks import TrackProfileDisplay

__all__ = [
    "ActivationHeatmapDisplay",
    "AttributionLogoDisplay",
    "ClassEnrichmentDisplay",
    "ComparisonDisplay",
    "DesignDisplay",
    "GrammarPositionDisplay",
    "MotifLogoDisplay",
    "OptimizedInputDisplay",
    "PositionEnrichmentDisplay",
    "ScanDisplay",
    "TrackProfileDisplay",
    "TrainingHistoryDisplay",
]
