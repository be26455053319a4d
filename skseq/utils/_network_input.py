"""A network's input: its shape, ``X`` encoded for it, batches and forward passes.

Shared by the packages that run a fitted network themselves (attributions, the inspector).
Keras is imported only by :func:`forward`, when it runs.
"""

import numpy as np

from ._validation import check_encoded


def iter_batches(n, batch_size):
    """Slices of ``range(n)`` of at most ``batch_size``.

    Examples
    --------
    >>> from skseq.utils import iter_batches
    >>> list(iter_batches(5, 2))
    [slice(0, 2, None), slice(2, 4, None), slice(4, 5, None)]
    """
    for start in range(0, n, batch_size):
        yield slice(start, min(start + batch_size, n))


def as_float32(X):
    """``X`` as float32, without a copy when it already is.

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.utils import as_float32
    >>> as_float32(np.zeros(2, dtype="uint8")).dtype
    dtype('float32')
    """
    return X.astype(np.float32, copy=False)


def input_shape(model):
    """The network's input shape ``(None, length, channels)``; unknowns are None.

    A subclassed ``keras.Model`` declares no input: everything is then unknown.

    Examples
    --------
    >>> import keras
    >>> from skseq.utils import input_shape
    >>> inp = keras.Input((30, 4))
    >>> input_shape(keras.Model(inp, keras.layers.Flatten()(inp)))
    (None, 30, 4)
    """
    try:
        return tuple(model.inputs[0].shape)
    except (AttributeError, IndexError, TypeError, ValueError):
        return (None, None, None)


def holds_strings(X):
    """Whether ``X`` is a string or holds strings (looked up in its first one or two levels).

    Examples
    --------
    >>> from skseq.utils import holds_strings
    >>> holds_strings(["ACGT"]), holds_strings([[0.0, 1.0]])
    (True, False)
    """
    if isinstance(X, str):
        return True
    first = X
    for _ in range(2):
        try:
            first = first[0]
        except (TypeError, IndexError, KeyError):
            return False
        if isinstance(first, str):
            return True
    return False


def encode(parts, X, caller):
    """``X`` as the network takes it: through the Pipeline's steps unless already encoded.

    Parameters
    ----------
    parts : NetworkParts
        What :func:`find_network` found in the estimator.
    X : array-like
        Encoded sequences of shape (n_sequences, length, channels), or what the Pipeline's
        steps take (e.g. strings).
    caller : str
        Named in error messages.

    Returns
    -------
    ndarray of shape (n_sequences, length, channels)
        Checked against the network's input; not copied when ``X`` was encoded.

    Examples
    --------
    >>> import keras, numpy as np
    >>> from skseq.utils import encode, find_network
    >>> inp = keras.Input((5, 4))
    >>> model = keras.Model(inp, keras.layers.Flatten()(inp))
    >>> encode(find_network(model), np.zeros((2, 5, 4)), "example").shape
    (2, 5, 4)
    """
    shape = input_shape(parts.model)
    if len(shape) != 3:
        raise ValueError(
            f"{caller}: the network's input has shape {shape}; attributions need a "
            "(length, channels) sequence input"
        )
    encoded = isinstance(X, np.ndarray) and X.ndim == 3 and X.dtype.kind in "biuf"
    if not encoded and parts.transform is not None:
        X = parts.transform.transform(X)
        if hasattr(X, "toarray") and hasattr(X, "nnz"):
            X = X.toarray()
    elif not encoded and holds_strings(X):
        raise ValueError(
            f"{caller}: X holds strings, but the model has no steps that encode them; pass "
            "a Pipeline ending in the network (e.g. make_pipeline(SequenceOneHotTransformer(), "
            "...)) or encoded sequences of shape (n_sequences, length, channels)"
        )
    return check_encoded(X, caller=caller, length=shape[1], n_channels=shape[2])


def forward(model, X, batch_size):
    """The network's outputs for ``X`` in batches, as a 2-D float32 array (no callbacks).

    Examples
    --------
    >>> import keras, numpy as np
    >>> from skseq.utils import forward
    >>> inp = keras.Input((5, 4))
    >>> model = keras.Model(inp, keras.layers.Flatten()(inp))
    >>> forward(model, np.ones((3, 5, 4)), batch_size=2).shape
    (3, 20)
    """
    import keras

    parts = []
    for sl in iter_batches(len(X), batch_size):
        out = keras.ops.convert_to_numpy(model(as_float32(X[sl]), training=False))
        parts.append(np.asarray(out, dtype=np.float32).reshape(len(out), -1))
    return np.concatenate(parts)
