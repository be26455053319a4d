"""Integrated gradients (Sundararajan et al. 2017) from a baseline to each sequence."""

from numbers import Integral

import numpy as np

from skseq._backend.autodiff import gradient_function
from skseq.utils import as_float32, iter_batches, progress
from skseq.utils._padding import padding_mask
from skseq.utils._param_validation import Interval

from ._base import batch_weights, check_args, make_select, resolve
from ._gradients import batched_gradients

_CONSTRAINTS = {
    "n_steps": [Interval(Integral, 1, None, closed="left")],
    "batch_size": [Interval(Integral, 1, None, closed="left")],
    "baseline": ["array-like", None],
    "verbose": ["verbose"],
}


def integrated_gradients(
    estimator_or_model, X, *, target=None, n_steps=32, baseline=None, batch_size=128, verbose=1
):
    """Integrated gradients from a baseline to each sequence.

    The path integral is the midpoint Riemann sum over ``n_steps`` points; the attributions of
    a sequence add up (approximately) to ``f(x) - f(baseline)``.

    Parameters
    ----------
    estimator_or_model : fitted estimator, Pipeline or keras.Model
        See :func:`input_gradients`.
    X : array-like
        Encoded sequences of shape (n_sequences, length, channels), or what the Pipeline
        takes.
    target : label, int, array-like or callable, default=None
        See :func:`input_gradients`.
    n_steps : int, default=32
    baseline : array-like of shape (length, channels) or X's shape, default=None
        Defaults to all zeros (no symbol anywhere).
    batch_size : int, default=128
        Inputs per gradient call (each sequence expands to ``n_steps`` inputs).
    verbose : int, default=1
        A progress bar over the batches of sequences (on standard error when it is a
        terminal, see :func:`skseq.utils.progress`); 0: none.

    Returns
    -------
    ndarray of shape (n_sequences, length, channels), float32
        Exactly zero at padding (positions whose channels are all zero), whatever the
        baseline.

    Examples
    --------
    >>> import keras, numpy as np
    >>> from skseq.attribution import integrated_gradients
    >>> inp = keras.Input((5, 4))
    >>> model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(inp)))
    >>> X = np.eye(4, dtype="float32")[[0, 1, 2, 3, 0]][None]
    >>> ig = integrated_gradients(model, X)
    >>> f = model.predict(np.concatenate([X, 0 * X]), verbose=0)[:, 0]
    >>> bool(np.isclose(ig.sum(), f[0] - f[1], atol=1e-4))
    True
    """
    check_args(
        "integrated_gradients",
        _CONSTRAINTS,
        n_steps=n_steps,
        baseline=baseline,
        batch_size=batch_size,
        verbose=verbose,
    )
    res = resolve(estimator_or_model, X, target, "integrated_gradients")
    X = res.X
    if baseline is None:
        base = None
    else:
        base = np.asarray(baseline, dtype=np.float32)
        if base.shape not in (X.shape, X.shape[1:]):
            raise ValueError(
                f"integrated_gradients: baseline has shape {base.shape}; expected "
                f"{X.shape[1:]} (one for all sequences) or {X.shape}"
            )
        base = np.broadcast_to(base, X.shape)
    alphas = ((np.arange(n_steps) + 0.5) / n_steps).astype(np.float32)
    out = np.empty(X.shape, dtype=np.float32)
    per_call = max(1, batch_size // n_steps)
    grad = gradient_function(res.model, make_select(res))  # built (jitted) once
    batches = progress(
        iter_batches(len(X), per_call),
        total=-(-len(X) // per_call),
        desc="integrated_gradients",
        unit="batch",
        verbose=verbose,
    )
    for sl in batches:
        x = as_float32(X[sl])
        b = np.zeros_like(x) if base is None else base[sl]
        diff = x - b
        path = b[:, None] + alphas[None, :, None, None] * diff[:, None]
        w = batch_weights(res.weights, sl)
        w = None if w is None else np.repeat(w, n_steps, axis=0)
        grads = batched_gradients(grad, path.reshape((-1,) + X.shape[1:]), w, batch_size)
        out[sl] = grads.reshape(path.shape).mean(axis=1) * diff
        # padding holds no symbol: exactly zero there, whatever the baseline
        out[sl][padding_mask(x)] = 0.0
    return out
