"""Keras 3 networks for sequences, wrapped as scikit-learn estimators."""

from ._architectures import ARCHITECTURES, build_sequence_cnn
from ._estimators import SequenceCNNClassifier, SequenceCNNRegressor

__all__ = [
    "ARCHITECTURES",
    "SequenceCNNClassifier",
    "SequenceCNNRegressor",
    "build_sequence_cnn",
]
