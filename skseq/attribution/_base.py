"""What every attribution verb shares: resolving the model, the input and the target.

Each verb takes ``(estimator_or_model, X, *, target=None, ...)``: a fitted skseq estimator, a
Pipeline ending in one (then ``X`` may be what the Pipeline takes, e.g. strings) or a
``keras.Model``. :func:`resolve` turns that into the network, the encoded input (checked,
not copied) and the target as per-sequence output weights.
"""

from collections import namedtuple
from numbers import Integral

import numpy as np

from skseq.utils import as_float32, encode, find_network, forward
from skseq.utils._param_validation import validate_parameter_constraints

Resolved = namedtuple("Resolved", ["model", "X", "weights", "target_fn", "transform", "estimator"])
Resolved.__doc__ = """What :func:`resolve` returns.

model : keras.Model
X : ndarray of shape (n_sequences, length, channels)
    The encoded input, as given when it was already encoded (no copy).
weights : ndarray of shape (n_sequences, n_outputs) or None
    The explained value of sequence ``i`` is ``outputs[i] @ weights[i]`` (a read-only
    broadcast view when one target serves all sequences); None for a callable target.
target_fn : callable or None
    A callable target as given.
transform, estimator
    As :func:`skseq.utils.find_network` found them.
"""


def check_args(caller, constraints, **params):
    """Validate a verb's keyword arguments with scikit-learn's constraint objects."""
    validate_parameter_constraints(constraints, params, caller_name=caller)


def n_outputs(model, X):
    """Number of output units of the network (its single output, flattened).

    Read from the model's declared output, else (a subclassed model) from one forward pass.
    """
    try:
        shape = model.outputs[0].shape[1:]
    except (AttributeError, IndexError, TypeError, ValueError):
        shape = forward(model, X[:1], 1).shape[1:]
    return int(np.prod(shape))


def target_weights(parts, target, X, caller):
    """``target`` as output weights of shape (n, n_outputs), or a callable left as it is.

    Classifiers (an estimator with ``classes_``): ``target`` is a class label, by default
    the last class (the positive one in binary tasks); a binary network with one sigmoid
    output explains the first class through ``1 - p``. Otherwise ``target`` is an output
    index, by default 0. Either may be an array of one target per sequence.
    """
    if callable(target):
        return None, target
    n = len(X)
    width = n_outputs(parts.model, X)
    classes = getattr(parts.estimator, "classes_", None) if parts.estimator is not None else None
    if classes is not None and np.ndim(classes) == 1:
        classes = np.asarray(classes).tolist()
        lookup = {c: i for i, c in enumerate(classes)}
        what = "class"

        def index_of(value, where):
            key = value.item() if isinstance(value, np.generic) else value
            try:
                return lookup[key]
            except (KeyError, TypeError):
                raise ValueError(
                    f"{caller}: target={value!r}{where} is not one of the classes {classes}"
                ) from None

        default = len(classes) - 1
    else:
        classes = None
        what = "output"

        def index_of(value, where):
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
                raise ValueError(
                    f"{caller}: target{where} must be an output index (an integer in "
                    f"[0, {width})) or a callable; got {value!r}"
                )
            if not 0 <= value < width:
                raise ValueError(
                    f"{caller}: target={value!r}{where} is not an output index in [0, {width})"
                )
            return int(value)

        default = 0

    if target is None:
        idx, per_sequence = np.array([default]), False
    elif np.ndim(target) == 0:
        idx, per_sequence = np.array([index_of(target, "")]), False
    else:
        values = np.asarray(target)
        if values.ndim != 1 or len(values) != n:
            raise ValueError(
                f"{caller}: target holds {values.shape} values; give one {what} for all "
                f"sequences or one per sequence ({n})"
            )
        idx = np.array([index_of(v, f" (sequence {i})") for i, v in enumerate(values.tolist())])
        per_sequence = True

    if classes is not None and width == 1 and len(classes) == 2:
        weights = np.where(idx == 1, 1.0, -1.0)[:, None]  # sigmoid: the other class is 1 - p
    elif classes is not None and width != len(classes):
        raise ValueError(
            f"{caller}: the network has {width} outputs but the estimator has "
            f"{len(classes)} classes; pass an output index through a keras.Model instead"
        )
    else:
        weights = np.eye(width)[idx]
    weights = weights.astype(np.float32)
    if not per_sequence:
        weights = np.broadcast_to(weights, (n, width))
    return weights, None


def resolve(estimator_or_model, X, target, caller):
    """Network, encoded input and target of one attribution call (see the module docstring)."""
    parts = find_network(estimator_or_model, caller=caller)
    X = encode(parts, X, caller)
    weights, target_fn = target_weights(parts, target, X, caller)
    return Resolved(parts.model, X, weights, target_fn, parts.transform, parts.estimator)


def selector(weights):
    """``select(outputs, w)`` for the gradient functions: the explained value per sequence."""
    import keras

    if weights is None:
        raise AssertionError("a callable target is used through callable_selector")

    def select(outputs, w):
        outputs = keras.ops.reshape(keras.ops.cast(outputs, "float32"), (-1, w.shape[-1]))
        return keras.ops.sum(outputs * w, axis=1)

    return select


def callable_selector(target_fn):
    def select(outputs, _w):
        return target_fn(outputs)

    return select


def make_select(resolved):
    if resolved.target_fn is not None:
        return callable_selector(resolved.target_fn)
    return selector(resolved.weights)


def batch_weights(weights, sl):
    return None if weights is None else np.ascontiguousarray(weights[sl])


def compiled_forward(model, batch_size):
    """``f(x)``: the outputs for one batch through Keras' compiled ``predict_on_batch``.

    About twice as fast as an eager call for batches of mutants. Batches smaller than
    ``batch_size`` are padded to it, so the compiled function sees one shape (JAX compiles
    once per shape).
    """

    def f(x):
        n = len(x)
        x = as_float32(x)
        if 0 < n < batch_size:
            x = np.concatenate([x, np.zeros((batch_size - n,) + x.shape[1:], x.dtype)])
        out = np.asarray(model.predict_on_batch(x), dtype=np.float32)
        return out.reshape(len(out), -1)[:n]

    return f


def explained(outputs, weights, target_fn):
    """The explained value per sequence from forward outputs (numpy)."""
    if target_fn is not None:
        import keras

        return np.asarray(keras.ops.convert_to_numpy(target_fn(outputs)), dtype=np.float32)
    return np.einsum("ij,ij->i", outputs, weights)
