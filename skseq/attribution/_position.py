"""One importance value per position and sequence, from any attribution verb."""

import numpy as np

from skseq.utils._param_validation import StrOptions

from ._base import check_args
from ._registry import METHODS, method_names


def _check_method(caller, method):
    check_args(caller, {"method": [StrOptions(set(method_names()))]}, method=method)
    return METHODS[method]


def reduce_to_positions(attributions, *, method="saliency", channels=None):
    """Reduce an attribution array over its channels: one value per position.

    Each method's registry entry (:class:`~skseq.attribution.AttributionMethod`) says how:
    the sum over channels where only the observed symbol carries a value (gradient methods),
    the mean over substitutions for mutagenesis; times the entry's ``sign``, so that ISM
    reports how much the output drops, on average, when the position is mutated.

    Parameters
    ----------
    attributions : array-like of shape (n_sequences, length, channels)
    method : str, default="saliency"
        The name in :data:`skseq.attribution.METHODS` of the verb that computed
        ``attributions``.
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
    entry = _check_method("reduce_to_positions", method)
    values = np.asarray(attributions)
    if values.ndim != 3:
        raise ValueError(
            f"reduce_to_positions: attributions must be 3-D (n_sequences, length, channels); "
            f"got shape {values.shape}"
        )
    if channels is not None:
        values = values[..., np.asarray(channels, dtype=np.intp)]
    reduced = values.mean(axis=-1) if entry.channel_reduction == "mean" else values.sum(axis=-1)
    return -reduced if entry.sign < 0 else reduced


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
    method : str, default="saliency"
        A name in :data:`skseq.attribution.METHODS`.
    channels : array-like of int, default=None
        Channels reduced (and, for a verb taking ``channel_groups`` such as ISM, mutated as
        one alphabet); default all.
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
    entry = _check_method("position_importance", method)
    if channels is not None and entry.accepts("channel_groups"):
        kwargs.setdefault("channel_groups", [channels])
    values = entry(estimator_or_model, X, target=target, **kwargs)
    return reduce_to_positions(values, method=method, channels=channels)
