"""Checks and helpers shared by every skseq module.

- :func:`check_sequences`: strings in (list, array, Series, one-column DataFrame) -> a 1-D
  array of str and their lengths, with errors that name the sequence;
- :func:`check_encoded`: an encoded ``(n, length, channels)`` array, checked without copying;
- :class:`EncodedSequences`: such an array with its channels' pairing on the other strand;
- :func:`find_network`: the transformers, estimator and Keras network inside a fitted
  estimator, Pipeline (nested ones too) or ``keras.Model``;
- :func:`encode`, :func:`forward`, :func:`input_shape`, :func:`iter_batches`: a fitted
  network's input (``X`` encoded for it, its shape) and batched forward passes;
- :func:`import_extra`: an optional dependency, or a message naming the extra to install;
- :func:`validate_params`: the one wrapper around scikit-learn's parameter constraints;
- :func:`progress`: a progress bar on long loops, only for a terminal and ``verbose``;
  :func:`progress_bar` one advanced by hand (parallel jobs, stages).
"""

from ._encoded import EncodedSequences
from ._network_input import (
    as_float32,
    encode,
    forward,
    holds_strings,
    input_shape,
    iter_batches,
)
from ._optional import import_extra
from ._param_validation import validate_params
from ._progress import progress, progress_bar, progress_enabled
from ._validation import (
    NetworkParts,
    check_encoded,
    check_sequences,
    find_network,
    is_keras_model,
    is_network_estimator,
)

__all__ = [
    "EncodedSequences",
    "NetworkParts",
    "as_float32",
    "check_encoded",
    "check_sequences",
    "encode",
    "find_network",
    "forward",
    "holds_strings",
    "import_extra",
    "input_shape",
    "is_keras_model",
    "is_network_estimator",
    "iter_batches",
    "progress",
    "progress_bar",
    "progress_enabled",
    "validate_params",
]
