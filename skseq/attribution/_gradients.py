"""Input gradients: the derivative of the explained output with respect to each input value."""

from numbers import Integral

import numpy as np

from skseq._backend.autodiff import gradient_function
from skseq.utils import as_float32, iter_batches
from skseq.utils._param_validation import Interval

from ._base import batch_weights, check_args, make_select, resolve

_BATCH = {"batch_size": [Interval(Integral, 1, None, closed="left")]}


def batched_gradients(grad, X, weights, batch_size, out=None):
    """``grad`` applied to ``X`` in batches (each converted to float32 on its own)."""
    out = np.empty(X.shape, dtype=np.float32) if out is None else out
    for sl in iter_batches(len(X), batch_size):
        out[sl] = grad(as_float32(X[sl]), batch_weights(weights, sl))
    return out


def input_gradients(estimator_or_model, X, *, target=None, batch_size=128):
    """Gradient of the explained output with respect to the input, per sequence.

    Parameters
    ----------
    estimator_or_model : fitted estimator, Pipeline or keras.Model
        A fitted :class:`~skseq.SequenceCNNClassifier` / :class:`~skseq.SequenceCNNRegressor`,
        a fitted Pipeline ending in one (``X`` then goes through its other steps unless it is
        already encoded), or a ``keras.Model`` taking ``(n, length, channels)`` arrays.
    X : array-like
        Encoded sequences of shape (n_sequences, length, channels), or what the Pipeline
        takes (e.g. strings).
    target : label, int, array-like or callable, default=None
        Classifiers: the class whose probability is explained (default: the last class, the
        positive one of a binary task). Otherwise the output index (default 0). An array
        gives one target per sequence (e.g. each sequence's true class). A callable maps the
        network's outputs (a backend tensor of shape (n, n_outputs)) to one value per
        sequence.
    batch_size : int, default=128
        Sequences per gradient call.

    Returns
    -------
    ndarray of shape (n_sequences, length, channels), float32

    Examples
    --------
    >>> import keras, numpy as np
    >>> from skseq.attribution import input_gradients
    >>> inp = keras.Input((5, 4))
    >>> model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(inp)))
    >>> input_gradients(model, np.eye(4)[[0, 1, 2, 3, 0]][None]).shape
    (1, 5, 4)
    """
    check_args("input_gradients", _BATCH, batch_size=batch_size)
    res = resolve(estimator_or_model, X, target, "input_gradients")
    grad = gradient_function(res.model, make_select(res))
    return batched_gradients(grad, res.X, res.weights, batch_size)
