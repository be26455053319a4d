"""Keras 3 networks for sequences, wrapped as scikit-learn estimators.

- :class:`SequenceCNNClassifier`, :class:`SequenceCNNRegressor`: the estimators;
- :class:`SequenceEnsembleClassifier`, :class:`SequenceEnsembleRegressor`: k members averaged;
- :func:`build_sequence_cnn`: the network of a preset, as an uncompiled ``keras.Model``;
- :data:`ARCHITECTURES` / :data:`PRESETS`: the preset names and the registry (each preset's
  builder and the size parameters it honours).
"""

from skseq._presets import ARCHITECTURES

from ._architectures import build_sequence_cnn
from ._bayes import BayesOptimalClassifier
from ._classifier import SequenceCNNClassifier
from ._ensemble import SequenceEnsembleClassifier, SequenceEnsembleRegressor
from ._lm import SequenceLanguageModel
from ._lm_classifier import SequenceLMClassifier, SequenceLMRegressor
from ._presets import PRESETS, Preset
from ._regressor import SequenceCNNRegressor

__all__ = [
    "ARCHITECTURES",
    "BayesOptimalClassifier",
    "PRESETS",
    "Preset",
    "SequenceCNNClassifier",
    "SequenceCNNRegressor",
    "SequenceEnsembleClassifier",
    "SequenceEnsembleRegressor",
    "SequenceLMClassifier",
    "SequenceLMRegressor",
    "SequenceLanguageModel",
    "build_sequence_cnn",
]
