"""Attributions: which input positions drive a network's output.

One verb per module, one contract (tangermeme's)::

    func(estimator_or_model, X, *, target=None, ...) -> ndarray shaped like the encoded X

``estimator_or_model`` is a fitted :class:`~skseq.SequenceCNNClassifier` /
:class:`~skseq.SequenceCNNRegressor`, a fitted Pipeline ending in one (``X`` may then be
strings: the Pipeline's other steps encode it) or a ``keras.Model``. ``target`` is a class
label for classifiers (default: the last class), an output index otherwise (default 0), an
array of one target per sequence, or a callable on the outputs.

Gradients come from the running Keras backend's own automatic differentiation, in one
function (:func:`skseq.attribution._autodiff.gradient_function`); in-silico mutagenesis needs
forward passes only, and also explains models that take strings without a one-hot network
(k-mer language-model pipelines, any scikit-learn model on strings) by mutating the strings
(:mod:`skseq.attribution._ism_strings`). Importing this package does not import Keras.
"""

from ._gradients import input_gradients
from ._integrated_gradients import integrated_gradients
from ._ism import in_silico_mutagenesis
from ._perturbation import perturbation
from ._position import position_importance, reduce_to_positions
from ._saliency import saliency

#: method name -> verb, as ``MotifInspector.attributions(method=...)`` and
#: :func:`position_importance` name them.
METHODS = {
    "saliency": saliency,
    "integrated_gradients": integrated_gradients,
    "ism": in_silico_mutagenesis,
    "input_gradients": input_gradients,
}

__all__ = [
    "METHODS",
    "in_silico_mutagenesis",
    "input_gradients",
    "integrated_gradients",
    "perturbation",
    "position_importance",
    "reduce_to_positions",
    "saliency",
]
