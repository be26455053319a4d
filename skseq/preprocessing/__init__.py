"""Transformers that turn sequences into arrays a network can read."""

from ._onehot import SequenceOneHotTransformer
from ._structure import StructureTransformer
from ._tracks import TrackTransformer
from ._union import ChannelUnion

__all__ = ["ChannelUnion", "SequenceOneHotTransformer", "StructureTransformer", "TrackTransformer"]
