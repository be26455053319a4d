"""Keras 3 networks for sequences, wrapped as scikit-learn estimators."""

from ._architectures import build_sequence_cnn
from ._display import TrainingHistoryDisplay
from ._estimators import SequenceCNNClassifier, SequenceCNNRegressor

__all__ = [
    "SequenceCNNClassifier",
    "SequenceCNNRegressor",
    "TrainingHistoryDisplay",
    "build_sequence_cnn",
]
