"""Attributions: which input positions drive a network's output.

Each function follows one contract, ``func(model, X, target=...)``, where ``model`` is a
``keras.Model`` taking ``(n, length, channels)`` arrays and ``X`` such an array; each returns
an array shaped like ``X``. Gradients come from the running Keras backend's own automatic
differentiation (TensorFlow's ``GradientTape``, ``jax.grad`` or PyTorch autograd) through
:func:`input_gradients`; in-silico mutagenesis needs forward passes only.
"""

import keras
import numpy as np

from ._activations import iter_batches


def _target_function(target):
    """Turn ``target`` (an output index or a callable) into ``outputs -> (n,)``."""
    if callable(target):
        return target
    index = int(target)

    def select(outputs):
        return outputs[:, index]

    return select


def _check_input(model, X):
    X = np.asarray(X)
    if X.ndim != 3:
        raise ValueError(
            f"X must be an array of shape (n_sequences, length, channels); got shape {X.shape}"
        )
    expected = model.inputs[0].shape[-1]
    if expected is not None and X.shape[-1] != expected:
        raise ValueError(f"X has {X.shape[-1]} channels but the model's input expects {expected}")
    bad = ~np.isfinite(X.astype("float32", copy=False)).all(axis=(1, 2))
    if bad.any():
        raise ValueError(
            f"X holds NaN or infinite values, first in sequence index {int(np.flatnonzero(bad)[0])}"
        )
    return X.astype("float32")


def input_gradients(model, X, target=0, *, batch_size=128):
    """Gradient of the target output with respect to the input, per sequence.

    Dispatches on ``keras.backend.backend()``; TensorFlow, JAX or PyTorch is imported only when
    it is the running backend.

    Parameters
    ----------
    model : keras.Model
    X : ndarray of shape (n_sequences, length, channels)
    target : int or callable, default=0
        Index of the output unit, or a function from the model's outputs (a backend tensor of
        shape (n, n_outputs)) to one value per sequence.
    batch_size : int, default=128

    Returns
    -------
    ndarray of shape X.shape, float32

    Examples
    --------
    >>> import keras, numpy as np
    >>> from skseq.inspection import input_gradients
    >>> inp = keras.Input((5, 4))
    >>> model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(inp)))
    >>> input_gradients(model, np.eye(4)[[0, 1, 2, 3, 0]][None]).shape
    (1, 5, 4)
    """
    X = _check_input(model, X)
    return _batched(_gradient_function(model, _target_function(target)), X, batch_size)


def _batched(grad, X, batch_size):
    """``grad`` applied to ``X`` (checked float32) in batches."""
    out = np.empty_like(X)
    for sl in iter_batches(len(X), batch_size):
        out[sl] = grad(X[sl])
    return out


def _gradient_function(model, select):
    """``x -> d sum(select(model(x))) / dx`` as a numpy array, on the active Keras backend.

    Keras 3 has forward ops for every backend (``keras.ops``) but no gradient op, so this is
    the one place in skseq that calls a backend's own autodiff: TensorFlow's ``GradientTape``,
    ``jax.grad`` or torch autograd, each imported only when it is the active backend.
    Everything else goes through ``keras.ops``.
    """
    backend = keras.backend.backend()
    if backend == "tensorflow":
        from tensorflow import GradientTape

        def grad(x):
            x = keras.ops.convert_to_tensor(x)
            with GradientTape() as tape:
                tape.watch(x)
                value = keras.ops.sum(select(model(x, training=False)))
            return keras.ops.convert_to_numpy(tape.gradient(value, x))

        return grad
    if backend == "jax":
        import jax

        trainable = [v.value for v in model.trainable_variables]
        non_trainable = [v.value for v in model.non_trainable_variables]

        def total(x):
            out, _ = model.stateless_call(trainable, non_trainable, x, training=False)
            return select(out).sum()

        grad_fn = jax.jit(jax.grad(total))
        return lambda x: np.asarray(grad_fn(x))
    if backend == "torch":
        import torch

        def grad(x):
            x = keras.ops.convert_to_tensor(x).detach().requires_grad_(True)
            with torch.enable_grad():
                select(model(x, training=False)).sum().backward()
            return x.grad.detach().cpu().numpy()

        return grad
    raise ValueError(
        f"gradients are not available for the Keras backend {backend!r}; "
        f"use method='ism', which needs forward passes only"
    )


def saliency(model, X, target=0, *, batch_size=128):
    """Gradient x input: the first-order contribution of each observed symbol.

    Parameters
    ----------
    model : keras.Model
    X : ndarray of shape (n_sequences, length, channels)
    target : int or callable, default=0
        Output unit (see :func:`input_gradients`).
    batch_size : int, default=128

    Returns
    -------
    ndarray of shape X.shape
        Non-zero only where ``X`` is non-zero.

    Examples
    --------
    >>> import keras, numpy as np
    >>> from skseq.inspection import saliency
    >>> inp = keras.Input((5, 4))
    >>> model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(inp)))
    >>> X = np.eye(4, dtype="float32")[[0, 1, 2, 3, 0]][None]
    >>> bool(np.all(saliency(model, X)[X == 0] == 0))
    True
    """
    X32 = _check_input(model, X)
    grad = _gradient_function(model, _target_function(target))
    return _batched(grad, X32, batch_size) * X32


def integrated_gradients(model, X, target=0, *, n_steps=32, baseline=None, batch_size=128):
    """Integrated gradients (Sundararajan et al. 2017) from a baseline to each sequence.

    The path integral is the midpoint Riemann sum over ``n_steps`` points; the attributions of
    a sequence add up (approximately) to ``f(x) - f(baseline)``.

    Parameters
    ----------
    model : keras.Model
    X : ndarray of shape (n_sequences, length, channels)
    target : int or callable, default=0
    n_steps : int, default=32
    baseline : ndarray of shape (length, channels) or X.shape, optional
        Defaults to all zeros (no symbol anywhere).
    batch_size : int, default=128
        Sequences per gradient call (each expands to ``n_steps`` inputs, in chunks).

    Returns
    -------
    ndarray of shape X.shape

    Examples
    --------
    >>> import keras, numpy as np
    >>> from skseq.inspection import integrated_gradients
    >>> inp = keras.Input((5, 4))
    >>> model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(inp)))
    >>> X = np.eye(4, dtype="float32")[[0, 1, 2, 3, 0]][None]
    >>> ig = integrated_gradients(model, X)
    >>> f = model.predict(np.concatenate([X, 0 * X]), verbose=0)[:, 0]
    >>> bool(np.isclose(ig.sum(), f[0] - f[1], atol=1e-4))
    True
    """
    if not isinstance(n_steps, (int, np.integer)) or n_steps < 1:
        raise ValueError(f"n_steps must be a positive integer; got {n_steps!r}")
    X = _check_input(model, X)
    base = (
        np.zeros_like(X)
        if baseline is None
        else np.broadcast_to(np.asarray(baseline, dtype="float32"), X.shape)
    )
    alphas = ((np.arange(n_steps) + 0.5) / n_steps).astype("float32")
    out = np.empty_like(X)
    per_call = max(1, batch_size // n_steps)
    grad = _gradient_function(model, _target_function(target))  # built (jitted) once
    for sl in iter_batches(len(X), per_call):
        x, b = X[sl], base[sl]
        path = b[:, None] + alphas[None, :, None, None] * (x - b)[:, None]
        grads = _batched(grad, path.reshape((-1,) + X.shape[1:]), batch_size)
        out[sl] = grads.reshape(path.shape).mean(axis=1) * (x - b)
    return out


def in_silico_mutagenesis(model, X, target=0, *, channel_groups=None, batch_size=512):
    """Change of the target output for every single-symbol substitution.

    For each position ``i`` and symbol channel ``c`` of a group, the group's channels at ``i``
    are replaced by the one-hot code of ``c`` and the model is run again. No gradients are
    needed, so it works on every Keras backend.

    Parameters
    ----------
    model : keras.Model
    X : ndarray of shape (n_sequences, length, channels)
    target : int or callable, default=0
    channel_groups : list of array-like of int, optional
        Channel indices that form one alphabet each (e.g. the sequence channels and the
        structure channels); other channels are left alone and get zero. Defaults to all
        channels as one alphabet.
    batch_size : int, default=512

    Returns
    -------
    ndarray of shape X.shape
        ``f(mutant) - f(x)``; zero at the observed symbol.

    Examples
    --------
    >>> import keras, numpy as np
    >>> from skseq.inspection import in_silico_mutagenesis
    >>> inp = keras.Input((5, 4))
    >>> model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(inp)))
    >>> X = np.eye(4, dtype="float32")[[0, 1, 2, 3, 0]][None]
    >>> in_silico_mutagenesis(model, X).shape
    (1, 5, 4)
    """
    X = _check_input(model, X)
    select = _target_function(target)
    n, length, n_channels = X.shape
    groups = (
        [np.arange(n_channels)]
        if channel_groups is None
        else [np.asarray(g, dtype=int) for g in channel_groups]
    )

    def score(batch):
        out = model(batch, training=False)
        return keras.ops.convert_to_numpy(select(out))

    reference = np.concatenate([score(X[sl]) for sl in iter_batches(n, batch_size)])
    result = np.zeros_like(X)
    for idx in groups:
        # every (position, symbol) mutant of one sequence, built in one array
        pos, sym = np.meshgrid(np.arange(length), np.arange(len(idx)), indexing="ij")
        pos, sym = pos.ravel(), sym.ravel()
        for i in range(n):
            mutants = np.repeat(X[i][None], len(pos), axis=0)
            mutants[np.arange(len(pos))[:, None], pos[:, None], idx[None, :]] = 0.0
            mutants[np.arange(len(pos)), pos, idx[sym]] = 1.0
            scores = np.concatenate(
                [score(mutants[sl]) for sl in iter_batches(len(mutants), batch_size)]
            )
            delta = (scores - reference[i]).reshape(length, len(idx))
            delta[X[i][:, idx] == 1] = 0.0
            result[i][:, idx] = delta
    return result


def position_importance(attributions, X, method):
    """One importance value per position, from an attribution array.

    Gradient methods: the attribution summed over channels (only observed symbols carry it).
    ISM: minus the mean change over the substitutions, i.e. how much the output drops, on
    average, when the position is mutated.

    Returns
    -------
    ndarray of shape (n_sequences, length)
    """
    attributions = np.asarray(attributions)
    if method == "ism":
        return -attributions.mean(axis=-1)
    return attributions.sum(axis=-1)
