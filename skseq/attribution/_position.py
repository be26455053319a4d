"""One importance value per position and sequence, from any attribution verb."""

import numpy as np

from skseq.utils._param_validation import StrOptions

from ._base import check_args

_METHODS = ("saliency", "integrated_gradients", "ism", "input_gradients")


def reduce_to_positions(attributions, *, method="saliency", channels=None):
    """Reduce an attribution array over its channels: one value per position.

    Gradient methods: the attribution summed over channels (only observed symbols carry it).
    ISM: minus the mean change over the substitutions, i.e. how much the output drops, on
    average, when the position is mutated.

    Parameters
    ----------
    attributions : array-like of shape (n_sequences, length, channels)
    method : {"saliency", "integrated_gradients", "ism", "input_gradients"}, default="saliency"
        The verb that computed ``attributions``.
    channels : array-like of int, default=None
        Reduce over these channels only (e.g. the sequence channels); default all.

    Returns
    -------
    ndarray of shape (n_sequences, length)

    Examples
    --------
    >>> import numpy as np
    >>> reduce_to_positions(np.array([[[-1.0, 0.0, -1.0, -2.0]]]), method="ism")
    array([[1.]])
    """
    check_args("reduce_to_positions", {"method": [StrOptions(set(_METHODS))]}, method=method)
    values = np.asarray(attributions)
    if values.ndim != 3:
        raise ValueError(
            f"reduce_to_positions: attributions must be 3-D (n_sequences, length, channels); "
            f"got shape {values.shape}"
        )
    if channels is not None:
        values = values[..., np.asarray(channels, dtype=np.intp)]
    if method == "ism":
        return -values.mean(axis=-1)
    return values.sum(axis=-1)


def position_importance(
    estimator_or_model, X, *, target=None, method="saliency", channels=None, **kwargs
):
    """One attribution value per position and sequence.

    Runs the attribution verb ``method`` and reduces its result over the channels with
    :func:`reduce_to_positions`.

    Parameters
    ----------
    estimator_or_model : fitted estimator, Pipeline or keras.Model
        See :func:`~skseq.attribution.input_gradients`.
    X : array-like
        Encoded sequences or what the Pipeline takes.
    target : label, int, array-like or callable, default=None
        See :func:`~skseq.attribution.input_gradients`.
    method : {"saliency", "integrated_gradients", "ism", "input_gradients"}, default="saliency"
    channels : array-like of int, default=None
        Channels reduced (and, for ISM, mutated as one alphabet); default all.
    **kwargs
        Passed to the verb (``batch_size``, ``n_steps``, ``baseline``).

    Returns
    -------
    ndarray of shape (n_sequences, length)

    Examples
    --------
    >>> import keras, numpy as np
    >>> from skseq.attribution import position_importance
    >>> inp = keras.Input((5, 4))
    >>> model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(inp)))
    >>> position_importance(model, np.eye(4)[[0, 1, 2, 3, 0]][None], method="ism").shape
    (1, 5)
    """
    from . import METHODS

    check_args("position_importance", {"method": [StrOptions(set(_METHODS))]}, method=method)
    if method == "ism" and channels is not None:
        kwargs.setdefault("channel_groups", [channels])
    values = METHODS[method](estimator_or_model, X, target=target, **kwargs)
    return reduce_to_positions(values, method=method, channels=channels)
