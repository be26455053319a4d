"""Validation shared by the transformers, the estimators, the inspector and the searches."""

import sys
from collections import namedtuple
from collections.abc import Mapping, Set

import numpy as np
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import Pipeline

__all__ = [
    "NetworkParts",
    "check_collection",
    "check_encoded",
    "check_sequences",
    "find_network",
    "is_keras_model",
    "is_network_estimator",
]


# --------------------------------------------------------------------------- sequences


def check_collection(X, *, caller=None, what="sequences"):
    """Reject what is not a collection of items: None, a single str or bytes, a dict, a set.

    Parameters
    ----------
    X : object
        What the user passed.
    caller : str, default=None
        Name put in front of error messages.
    what : str, default="sequences"
        What the items are, for the messages ("sequences", "tracks", ...).

    Raises
    ------
    ValueError
        Naming what was given and what to do instead.

    Examples
    --------
    >>> check_collection(None, caller="TrackTransformer", what="tracks")
    Traceback (most recent call last):
    ...
    ValueError: TrackTransformer: expected an iterable of tracks, got None
    """
    prefix = f"{caller}: " if caller else ""
    if X is None:
        raise ValueError(f"{prefix}expected an iterable of {what}, got None")
    if isinstance(X, (str, bytes)):
        kind = "string" if isinstance(X, str) else "bytes object"
        raise ValueError(
            f"{prefix}expected an iterable of {what}, got a single {kind}; wrap it in a list"
        )
    if isinstance(X, Mapping):
        raise ValueError(
            f"{prefix}expected an iterable of {what}, got a {type(X).__name__}; pass "
            "list(d.values()) or list(d) to say which"
        )
    if isinstance(X, Set):
        raise ValueError(
            f"{prefix}expected an iterable of {what}, got a {type(X).__name__}, whose "
            "order is arbitrary; pass a list"
        )


def check_sequences(X, *, caller=None, allow_empty_sequences=False):
    """Check a collection of sequences and return it as a 1-D array of str with its lengths.

    Accepts a list or tuple of str, a 1-D numpy array of str (``<U`` or object), a 2-D array
    of one column, a pandas Series or a one-column DataFrame. A ``<U`` array is returned as
    it is (no copy), everything else as an object array.

    Parameters
    ----------
    X : iterable of str
        The sequences.
    caller : str, default=None
        Name put in front of error messages (for example the transformer's class name).
    allow_empty_sequences : bool, default=False
        Whether a sequence of length 0 is accepted.

    Returns
    -------
    sequences : ndarray of shape (n_sequences,)
        ``<U`` or object dtype, every item a str.
    lengths : ndarray of int64, shape (n_sequences,)

    Raises
    ------
    ValueError
        For a single string, a dict or set, ``None``, a non-1-D collection, no sequences,
        an item that is not a str (naming its index and type) or an empty sequence.

    Examples
    --------
    >>> seqs, lengths = check_sequences(["ACGT", "GG"])
    >>> seqs.tolist(), lengths.tolist()
    (['ACGT', 'GG'], [4, 2])
    >>> check_sequences({"ACGT": 1})
    Traceback (most recent call last):
    ...
    ValueError: expected an iterable of sequences, got a dict; pass list(d.values()) or ...
    """
    prefix = f"{caller}: " if caller else ""
    check_collection(X, caller=caller, what="sequences")
    if hasattr(X, "to_numpy") and not isinstance(X, np.ndarray):  # pandas Series / DataFrame
        X = X.to_numpy()
    if not isinstance(X, np.ndarray):
        try:
            items = list(X)
        except TypeError:
            raise ValueError(
                f"{prefix}expected an iterable of sequences (str), got {type(X).__name__}"
            ) from None
        # fromiter keeps each item as it is (X[:] = items would broadcast nested lists)
        X = np.fromiter(items, dtype=object, count=len(items))
    if X.ndim == 2 and X.shape[1] == 1:
        X = X[:, 0]
    if X.ndim != 1:
        hint = "; it looks already encoded" if X.ndim == 3 else ""
        raise ValueError(
            f"{prefix}expected a 1-D collection of sequences or a 2-D array with one column, "
            f"got an array of shape {X.shape}{hint}"
        )
    if len(X) == 0:
        raise ValueError(f"{prefix}expected at least one sequence, got 0 (no sequences)")

    if X.dtype.kind == "U":
        lengths = np.char.str_len(X).astype(np.int64)
    elif X.dtype.kind == "O":
        if not set(map(type, X)) <= {str}:  # fast check; the loop finds the culprit
            for i, item in enumerate(X):
                if not isinstance(item, str):
                    raise ValueError(
                        f"{prefix}sequence {i} is {item!r:.60} of type {type(item).__name__}, "
                        "not a str; convert items with str() (e.g. str(record.seq)) first"
                    )
        lengths = np.fromiter(map(len, X), dtype=np.int64, count=len(X))
    else:
        raise ValueError(
            f"{prefix}expected sequences as str, got an array of dtype {X.dtype} "
            f"(first item {X[0]!r:.60}); decode bytes or convert with str() first"
        )
    if not allow_empty_sequences:
        empty = np.flatnonzero(lengths == 0)
        if empty.size:
            raise ValueError(f"{prefix}sequence {empty[0]} is empty ({empty.size} empty in all)")
    return X, lengths


# --------------------------------------------------------------------------- encoded arrays


def _first_non_finite(X):
    """(sequence, position, channel) of the first NaN or infinity in a float array, or None."""
    if X.dtype.kind not in "fc":
        return None
    # per sequence first, so the full boolean mask is built only for the offending one
    finite = np.isfinite(X.reshape(len(X), -1)).all(axis=1) if X.size else np.ones(0, bool)
    if finite.all():
        return None
    i = int(np.flatnonzero(~finite)[0])
    where = np.argwhere(~np.isfinite(X[i]))[0]
    return (i, *map(int, where))


def check_encoded(X, *, caller=None, length=None, n_channels=None, allow_2d=False):
    """Check encoded sequences of shape ``(n, length, channels)`` without copying them.

    Numeric arrays (bool, integer, float) are returned as they are; anything else is
    converted with :func:`numpy.asarray`.

    Parameters
    ----------
    X : array-like of shape (n_sequences, length, n_channels)
        Encoded sequences, such as :class:`~skseq.SequenceOneHotTransformer` returns.
    caller : str, default=None
        Name put in front of error messages.
    length, n_channels : int, default=None
        The length and the number of channels ``X`` must have; ``None`` accepts any.
    allow_2d : bool, default=False
        Accept ``(n, length * n_channels)`` (the flattened form plain scikit-learn models
        and AutoML tools pass) and reshape it with ``n_channels`` (1 if ``None``).

    Returns
    -------
    ndarray of shape (n_sequences, length, n_channels)

    Raises
    ------
    ValueError
        For strings, a wrong rank or shape, no sequences, or NaN / infinity (naming the
        sequence, position and channel of the first).
    TypeError
        For sparse input.

    Examples
    --------
    >>> import numpy as np
    >>> check_encoded(np.zeros((2, 5, 4), dtype=np.uint8)).shape
    (2, 5, 4)
    >>> X = np.zeros((2, 5, 4)); X[1, 3, 2] = np.nan
    >>> check_encoded(X)
    Traceback (most recent call last):
    ...
    ValueError: X contains NaN or infinity at sequence 1, position 3, channel 2
    """
    prefix = f"{caller}: " if caller else ""
    if hasattr(X, "toarray") and hasattr(X, "nnz"):  # scipy.sparse, without importing it
        raise TypeError(f"{prefix}sparse input is not supported; pass a dense array")
    if isinstance(X, str) or (
        not isinstance(X, np.ndarray) and len(X) and isinstance(_first_item(X), str)
    ):
        raise ValueError(
            f"{prefix}X holds strings; encode the sequences first, for example with "
            "skseq.SequenceOneHotTransformer"
        )
    X = X if isinstance(X, np.ndarray) else np.asarray(X)
    if X.dtype.kind in "USaO":
        if X.dtype.kind != "O" or (X.size and isinstance(X.flat[0], (str, bytes))):
            raise ValueError(
                f"{prefix}X holds strings; encode the sequences first, for example with "
                "skseq.SequenceOneHotTransformer"
            )
        X = X.astype(np.float32)
    if X.dtype.kind not in "biuf":
        raise ValueError(f"{prefix}X must be numeric, got dtype {X.dtype}")
    if X.ndim == 2 and allow_2d:
        channels = n_channels or 1
        if X.shape[1] % channels:
            raise ValueError(
                f"{prefix}X has {X.shape[1]} features, not a multiple of n_channels={channels}"
            )
        X = X.reshape(X.shape[0], -1, channels)
    if X.ndim != 3:
        allowed = " or 2-D (n_sequences, length * channels)" if allow_2d else ""
        raise ValueError(
            f"{prefix}X must be 3-D (n_sequences, length, channels){allowed}; got a "
            f"{X.ndim}-D array of shape {X.shape}"
        )
    if len(X) == 0:
        raise ValueError(f"{prefix}X holds no sequences (shape {X.shape})")
    if length is not None and X.shape[1] != length:
        raise ValueError(
            f"{prefix}X has sequences of length {X.shape[1]}, but {length} are expected"
        )
    if n_channels is not None and X.shape[2] != n_channels:
        raise ValueError(f"{prefix}X has {X.shape[2]} channels, but {n_channels} are expected")
    bad = _first_non_finite(X)
    if bad is not None:
        raise ValueError(
            f"{prefix}X contains NaN or infinity at sequence {bad[0]}, position {bad[1]}, "
            f"channel {bad[2]}"
        )
    return X


def _first_item(X):
    try:
        item = X[0]
    except (TypeError, KeyError, IndexError):
        return None
    while isinstance(item, (list, tuple)) and item:
        item = item[0]
    return item


# --------------------------------------------------------------------------- networks

NetworkParts = namedtuple("NetworkParts", ["transform", "estimator", "model"])
NetworkParts.__doc__ = """What :func:`find_network` finds.

transform : Pipeline or None
    The fitted steps before the network (all of them, from nested Pipelines too, flattened
    in order), or None when there are none.
estimator : estimator or None
    The skseq (or scikeras) estimator holding the network; None when a bare
    ``keras.Model`` was given.
model : keras.Model or None
    The fitted network (None when ``fitted=False`` and the estimator is not fitted).
"""


def is_keras_model(obj):
    """Whether ``obj`` is a ``keras.Model``, without importing Keras if it is not loaded."""
    keras = sys.modules.get("keras")
    return keras is not None and isinstance(obj, keras.Model)


def is_network_estimator(obj):
    """Whether ``obj`` is an estimator that trains a Keras network (skseq's or scikeras').

    Does not import Keras or scikeras: an instance of their classes can only exist once they
    are loaded.
    """
    if getattr(type(obj), "_skseq_network", False):
        return True
    wrappers = sys.modules.get("scikeras.wrappers")
    return wrappers is not None and isinstance(obj, wrappers.BaseWrapper)


def _flatten(estimator, prefix=""):
    """Steps of a (nested) Pipeline as [(name, step), ...] and its final step."""
    steps = []
    while isinstance(estimator, Pipeline):
        *head, (last_name, last) = estimator.steps
        steps.extend(
            (f"{prefix}{name}", step) for name, step in head if step not in (None, "passthrough")
        )
        prefix = f"{prefix}{last_name}/"
        estimator = last
    return steps, estimator


def find_network(estimator, *, fitted=True, caller=None):
    """Find the transformers, the estimator and the Keras network in a fitted model.

    The one way skseq unwraps what a user passes: an skseq estimator, a ``keras.Model``, or
    a Pipeline (nested Pipelines included) ending in one.

    Parameters
    ----------
    estimator : estimator, Pipeline or keras.Model
    fitted : bool, default=True
        Require a fitted network; with ``False`` an unfitted estimator is accepted and
        ``model`` is None.
    caller : str, default=None
        Name put in front of error messages.

    Returns
    -------
    NetworkParts
        ``(transform, estimator, model)``.

    Raises
    ------
    TypeError
        When the last step holds no Keras network (for example a LogisticRegression).
    sklearn.exceptions.NotFittedError
        When ``fitted=True`` and the network has not been fitted.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skseq import SequenceOneHotTransformer
    >>> find_network(make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression()))
    Traceback (most recent call last):
    ...
    TypeError: the last step of the Pipeline is a LogisticRegression, which has no Keras ...
    """
    prefix = f"{caller}: " if caller else ""
    steps, final = _flatten(estimator)
    transform = Pipeline(steps) if steps else None
    where = "the last step of the Pipeline is" if isinstance(estimator, Pipeline) else "got"
    if is_keras_model(final):
        return NetworkParts(transform, None, final)
    if not is_network_estimator(final):
        raise TypeError(
            f"{prefix}{where} a {type(final).__name__}, which has no Keras network; pass a "
            "SequenceCNNClassifier, SequenceCNNRegressor (or a Pipeline ending in one) or a "
            "keras.Model"
        )
    model = getattr(final, "model_", None)
    if fitted and model is None:
        raise NotFittedError(
            f"{prefix}this {type(final).__name__} is not fitted yet; call fit before using it"
        )
    return NetworkParts(transform, final, model)
