"""Transformers that turn sequences into arrays a network can read.

The transformers are imported on first use, so a joblib worker that unpickles a folding task
(``skseq.preprocessing._folding``) imports numpy and ViennaRNA only, not scikit-learn.
"""

from importlib import import_module

_LAZY = {
    "ChannelUnion": "._union",
    "KmerSpectrumTransformer": "._spectrum",
    "KmerTokenizer": "._kmers",
    "SequenceOneHotTransformer": "._onehot",
    "StructureTransformer": "._structure",
    "TrackTransformer": "._tracks",
    "encode_to_memmap": "._memmap",
}

__all__ = sorted(_LAZY)


def __getattr__(name):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return __all__
