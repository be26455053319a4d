"""Attributions: which input positions drive a network's output.

One verb per module, one contract (tangermeme's)::

    func(estimator_or_model, X, *, target=None, ...) -> ndarray shaped like the encoded X

``estimator_or_model`` is a fitted :class:`~skseq.SequenceCNNClassifier` /
:class:`~skseq.SequenceCNNRegressor`, a fitted Pipeline ending in one (``X`` may then be
strings: the Pipeline's other steps encode it) or a ``keras.Model``. ``target`` is a class
label for classifiers (default: the last class), an output index otherwise (default 0), an
array of one target per sequence, or a callable on the outputs.

Gradients come from the running Keras backend's own automatic differentiation, in one
function (:func:`skseq._backend.autodiff.gradient_function`); in-silico mutagenesis needs
forward passes only, and also explains models that take strings without a one-hot network
(k-mer language-model pipelines, any scikit-learn model on strings) by mutating the strings
(:mod:`skseq.attribution._ism_strings`). Importing this package does not import Keras.

:data:`METHODS` registers the verbs that consumers pick by name (``method="saliency"``):
each entry (an :class:`AttributionMethod`) says how its values are read. A new method is its
module plus one entry there.
"""

# The public names, imported "as" themselves (an explicit re-export); __all__ is read from
# them rather than written out again, so that the registry stays the one list of the methods.
from ._gradients import input_gradients as input_gradients
from ._integrated_gradients import integrated_gradients as integrated_gradients
from ._ism import in_silico_mutagenesis as in_silico_mutagenesis
from ._perturbation import perturbation as perturbation
from ._position import position_importance as position_importance
from ._position import reduce_to_positions as reduce_to_positions
from ._registry import METHODS as METHODS
from ._registry import AttributionMethod as AttributionMethod
from ._registry import get_method as get_method
from ._registry import method_names as method_names
from ._saliency import saliency as saliency

__all__ = sorted(name for name in dir() if not name.startswith("_"))
