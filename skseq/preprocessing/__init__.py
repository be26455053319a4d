"""Transformers that turn sequences into arrays a network can read."""

from ._onehot import SequenceOneHotTransformer

__all__ = ["SequenceOneHotTransformer"]
