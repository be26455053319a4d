"""Optimised inputs: what a class, an output or a kernel wants to see (pysster's way)."""

from numbers import Integral, Real

import numpy as np
from sklearn.utils import Bunch, check_random_state

from skseq.utils import find_network, input_shape
from skseq.utils._param_validation import Interval, validate_parameter_constraints

_CONSTRAINTS = {
    "kernels": ["array-like", None],
    "layer": [str, None],
    "n_steps": [Interval(Integral, 1, None, closed="left")],
    "learning_rate": [Interval(Real, 0, None, closed="neither")],
    "bound": [Interval(Real, 0, None, closed="left")],
    "channel_groups": ["array-like", None],
    "random_state": ["random_state"],
}


def _softmax(x, groups):
    out = np.empty_like(x)
    for idx in groups:
        z = x[..., idx]
        z = np.exp(z - z.max(axis=-1, keepdims=True))
        out[..., idx] = z / z.sum(axis=-1, keepdims=True)
    return out


def _check_groups(channel_groups, n_channels):
    if channel_groups is None:
        return [np.arange(n_channels)]
    groups = [np.asarray(g, dtype=int) for g in channel_groups]
    for g, idx in enumerate(groups):
        if idx.ndim != 1 or idx.size < 2 or idx.min() < 0 or idx.max() >= n_channels:
            raise ValueError(
                f"optimize_inputs: channel_groups[{g}] must list at least two channel indices "
                f"in [0, {n_channels}); got {channel_groups[g]!r}"
            )
    return groups


def _kernel_objective(model, layer, kernels):
    """The network up to the convolution, and ``select`` = the chosen kernel's maximum."""
    import keras

    from skseq.inspection._activations import activation_model, find_first_conv

    conv = find_first_conv(model, layer)
    n_kernels = int(conv.filters)
    kernels = np.asarray(kernels)
    if kernels.ndim != 1 or kernels.dtype.kind not in "iu" or kernels.size == 0:
        raise ValueError(f"optimize_inputs: kernels must be a list of integers; got {kernels!r}")
    bad = kernels[(kernels < 0) | (kernels >= n_kernels)]
    if bad.size:
        raise ValueError(
            f"optimize_inputs: kernel {int(bad[0])} is not a kernel of layer {conv.name!r}, "
            f"which has {n_kernels}"
        )

    def select(outputs, w):
        return keras.ops.sum(keras.ops.max(outputs, axis=1) * w, axis=1)

    weights = np.eye(n_kernels, dtype=np.float32)[kernels]
    return activation_model(model, conv), select, weights, [int(k) for k in kernels]


def optimize_inputs(
    estimator_or_model,
    *,
    target=None,
    kernels=None,
    layer=None,
    n_steps=600,
    learning_rate=0.02,
    bound=0.1,
    channel_groups=None,
    random_state=0,
):
    """Inputs that maximise a class, an output or kernels, by gradient ascent (pysster's way).

    As pysster's ``visualize_optimized_inputs`` (Budach & Marsico 2018): an input of the
    network's shape starts from uniform noise in ``[-bound, bound]`` and climbs the gradient
    of the objective, normalised to unit L2 norm (over the whole input: pysster normalises
    each channel on its own), ``n_steps`` steps of ``learning_rate``; a softmax over each
    channel group turns it into a position probability matrix (the relaxed one-hot input).
    The objective is the explained output of ``target`` (as attributions explain it), or
    for ``kernels`` the maximum over positions of each kernel's activation in ``layer``. All
    objectives climb together, as one batch, through the backend's automatic
    differentiation.

    Parameters
    ----------
    estimator_or_model : fitted estimator, Pipeline or keras.Model
        As for :func:`skseq.attribution.saliency`; ensembles too (their ``model_``).
    target : label, int, array-like or callable, default=None
        Classifiers: a class, or a list of classes (default: the last class). Otherwise an
        output index or a list of them (default 0). Ignored when ``kernels`` is given.
    kernels : array-like of int, default=None
        Kernels of the convolution ``layer`` to maximise instead of an output.
    layer : str, default=None
        The Conv1D layer of ``kernels``; by default the network's first.
    n_steps : int, default=600
    learning_rate : float, default=0.02
    bound : float, default=0.1
        Half-width of the uniform noise the inputs start from.
    channel_groups : list of array-like of int, default=None
        Channels that form one alphabet each (the softmax runs over each); default all.
    random_state : int, RandomState instance or None, default=0

    Returns
    -------
    Bunch
        ``matrices``: ndarray of shape (n_objectives, length, channels), each channel
        group's rows summing to 1; ``raw``: the optimised inputs before the softmax;
        ``scores``: the objective at the last step, one per objective; ``objectives``: the
        classes, output indices or kernels, in order; ``kind``: ``"class"``, ``"output"``
        or ``"kernel"``; ``channel_names``. A score is the explained value as attributions
        define it (for the first class of a one-sigmoid network, ``-p``).

    Examples
    --------
    >>> import keras, numpy as np
    >>> from skseq.design import optimize_inputs
    >>> inp = keras.Input((6, 4))
    >>> dense = keras.layers.Dense(1)
    >>> model = keras.Model(inp, dense(keras.layers.Flatten()(inp)))
    >>> w = np.zeros((24, 1), "float32"); w[4 * 2 + 3] = 1.0     # wants T at position 2
    >>> dense.set_weights([w, np.zeros(1, "float32")])
    >>> best = optimize_inputs(model, n_steps=50, learning_rate=0.5)
    >>> best.matrices.shape, int(best.matrices[0, 2].argmax())
    ((1, 6, 4), 3)
    """
    from skseq._backend.autodiff import gradient_function
    from skseq.attribution._base import make_select, target_weights
    from skseq.inspection._groups import channel_names

    validate_parameter_constraints(
        _CONSTRAINTS,
        {
            "kernels": kernels,
            "layer": layer,
            "n_steps": n_steps,
            "learning_rate": learning_rate,
            "bound": bound,
            "channel_groups": channel_groups,
            "random_state": random_state,
        },
        caller_name="optimize_inputs",
    )
    parts = find_network(estimator_or_model, caller="optimize_inputs")
    shape = input_shape(parts.model)
    if len(shape) != 3 or shape[1] is None or shape[2] is None:
        raise ValueError(
            f"optimize_inputs: the network's input has shape {shape}; it needs a fixed "
            "(length, channels) sequence input"
        )
    length, n_channels = int(shape[1]), int(shape[2])
    groups = _check_groups(channel_groups, n_channels)
    if kernels is not None:
        network, select, weights, objectives = _kernel_objective(parts.model, layer, kernels)
        kind = "kernel"
    else:
        targets = target if target is None or np.ndim(target) == 0 else list(target)
        probe = np.zeros((1 if np.ndim(targets) == 0 else len(targets), length, n_channels))
        weights, target_fn = target_weights(parts, targets, probe, "optimize_inputs")
        select = make_select(Bunch(target_fn=target_fn, weights=weights))
        weights = None if weights is None else np.ascontiguousarray(weights, dtype=np.float32)
        network, kind = parts.model, "output"
        classes = getattr(parts.estimator, "classes_", None)
        if target_fn is not None:
            objectives = ["callable"]
        elif classes is not None and np.ndim(classes) == 1:
            kind = "class"
            chosen = targets if targets is not None else classes[-1]
            objectives = np.atleast_1d(chosen).tolist()
        else:
            objectives = np.atleast_1d(0 if targets is None else targets).tolist()
    n = len(objectives)
    grad = gradient_function(network, select, compiled=True)
    rng = check_random_state(random_state)
    x = rng.uniform(-bound, bound, (n, length, n_channels)).astype(np.float32)
    for _ in range(n_steps):
        g = grad(x, weights)
        # one norm per input keeps the gradient's direction (pysster normalises each
        # channel along the positions, which tilts it toward rarely useful channels)
        norm = np.sqrt((g * g).sum(axis=(1, 2), keepdims=True)) + 1e-12
        x += learning_rate * g / norm
    import keras

    out = keras.ops.convert_to_numpy(select(network(x, training=False), weights))
    names = channel_names(None, parts.transform, n_channels)
    return Bunch(
        matrices=_softmax(x, groups),
        raw=x,
        scores=np.asarray(out, dtype=np.float32),
        objectives=objectives,
        kind=kind,
        channel_names=names,
    )
