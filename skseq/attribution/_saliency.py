"""Saliency: gradient x input, the first-order contribution of each observed symbol."""

import numpy as np

from skseq._backend.autodiff import gradient_function

from ._base import check_args, make_select, resolve
from ._gradients import _BATCH, batched_gradients


def saliency(estimator_or_model, X, *, target=None, batch_size=128):
    """Gradient x input: the first-order contribution of each observed symbol.

    Parameters
    ----------
    estimator_or_model : fitted estimator, Pipeline or keras.Model
        See :func:`input_gradients`.
    X : array-like
        Encoded sequences of shape (n_sequences, length, channels), or what the Pipeline
        takes.
    target : label, int, array-like or callable, default=None
        See :func:`input_gradients`.
    batch_size : int, default=128

    Returns
    -------
    ndarray of shape (n_sequences, length, channels), float32
        Non-zero only where ``X`` is non-zero.

    Examples
    --------
    >>> import keras, numpy as np
    >>> from skseq.attribution import saliency
    >>> inp = keras.Input((5, 4))
    >>> model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(inp)))
    >>> X = np.eye(4, dtype="float32")[[0, 1, 2, 3, 0]][None]
    >>> bool(np.all(saliency(model, X)[X == 0] == 0))
    True
    """
    check_args("saliency", _BATCH, batch_size=batch_size)
    res = resolve(estimator_or_model, X, target, "saliency")
    grad = gradient_function(res.model, make_select(res))
    out = batched_gradients(grad, res.X, res.weights, batch_size)
    out *= res.X  # in place: no float32 copy of X
    return out if out.dtype == np.float32 else out.astype(np.float32)
