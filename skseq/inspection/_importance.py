"""Kernel importance: how much a network needs each first-layer kernel.

Occlusion silences one kernel (its weights and bias set to zero) and measures how much the
loss grows. It never writes to the network: each pass goes through
``keras.Model.stateless_call`` with a copy of the variable values in which only the silenced
kernel's values differ. The network's own variables are read, not assigned, so another thread
using the network meanwhile (or a crash halfway) sees the trained weights; Keras keeps the
stateless scope in thread-local state, so it does not leak into other threads either.
"""

import numpy as np

from skseq.utils import iter_batches, progress


def spread_importance(max_activations, sample_groups, n_groups):
    """Highest minus lowest per-class mean of each kernel's maximum activation."""
    means = np.stack(
        [
            max_activations[sample_groups == g].mean(axis=0)
            for g in range(n_groups)
            if np.any(sample_groups == g)
        ]
    )
    return means.max(axis=0) - means.min(axis=0)


def loss_function(y, classes, sample_groups, is_estimator):
    """``loss(outputs, reference_outputs)``: the score occlusion compares.

    Log-loss for classifiers (with ``y``), mean squared error for regressors (with ``y``),
    otherwise the mean absolute change of the outputs.
    """
    eps = 1e-7
    if y is not None and classes is not None and np.ndim(y) == 1:
        codes = sample_groups

        def log_loss(out, _ref):
            out = out.reshape(len(out), -1)
            if out.shape[1] == 1:
                p1 = np.clip(out[:, 0], eps, 1 - eps)
                prob = np.where(codes == 1, p1, 1 - p1)
            else:
                prob = np.clip(out[np.arange(len(out)), codes], eps, 1)
            return float(-np.log(prob).mean())

        return log_loss
    if y is not None and is_estimator and classes is None:
        target = np.asarray(y, dtype=float)
        target = target.reshape(len(target), -1)

        def mse(out, _ref):
            return float(((out.reshape(len(target), -1) - target) ** 2).mean())

        return mse

    def change(out, ref):
        return float(np.abs(out - ref).mean())

    return change


def _variable_slots(model, conv):
    """Where the conv's kernel and bias sit in ``model.trainable_variables`` / non-trainable."""
    slots = {}
    for which, variables in (
        ("trainable", model.trainable_variables),
        ("non_trainable", model.non_trainable_variables),
    ):
        for i, v in enumerate(variables):
            if v is conv.kernel:
                slots["kernel"] = (which, i)
            elif conv.use_bias and v is conv.bias:
                slots["bias"] = (which, i)
    return slots


def masked_forward(model, conv, batch_size):
    """``outputs(X, k)``: the network's outputs with kernel ``k`` silenced (None: none).

    The variable values are read once; each call passes a modified copy to
    ``stateless_call``, so the network itself is never written.
    """
    import keras

    values = {
        "trainable": [keras.ops.convert_to_numpy(v.value) for v in model.trainable_variables],
        "non_trainable": [
            keras.ops.convert_to_numpy(v.value) for v in model.non_trainable_variables
        ],
    }
    slots = _variable_slots(model, conv)

    def outputs(X, k=None):
        vals = {key: list(vs) for key, vs in values.items()}
        if k is not None:
            which, i = slots["kernel"]
            vals[which][i] = vals[which][i].copy()
            vals[which][i][..., k] = 0.0
            if "bias" in slots:
                which, i = slots["bias"]
                vals[which][i] = vals[which][i].copy()
                vals[which][i][k] = 0.0
        parts = []
        for sl in iter_batches(len(X), batch_size):
            out, _ = model.stateless_call(
                vals["trainable"],
                vals["non_trainable"],
                X[sl].astype("float32", copy=False),
                training=False,
            )
            parts.append(np.asarray(keras.ops.convert_to_numpy(out), dtype=np.float64))
        return np.concatenate(parts)

    return outputs


def occlusion_importance(model, conv, X, loss, batch_size, verbose=0):
    """Rise of ``loss`` when each kernel of ``conv`` is silenced, one kernel at a time.

    Parameters
    ----------
    model : keras.Model
    conv : keras.layers.Conv1D or list of (keras.Model, keras.layers.Conv1D)
        A layer of ``model``, or the members' first convolutions of an averaging network
        (:func:`skseq.inspection._activations.find_first_convs`): their kernels are
        silenced one at a time, in order, in the whole network.
    X : ndarray of shape (n_sequences, length, channels)
    loss : callable
        ``loss(outputs, reference_outputs) -> float`` (see :func:`loss_function`).
    batch_size : int
    verbose : int, default=0
        A progress bar over the kernels (see :func:`skseq.utils.progress`).

    Returns
    -------
    ndarray of shape (n_kernels,)
    """
    convs = [c for _, c in conv] if isinstance(conv, list) else [conv]
    forwards = [masked_forward(model, c, batch_size) for c in convs]
    reference = forwards[0](X)
    base = loss(reference, reference)
    kernels = [(f, k) for f, c in zip(forwards, convs) for k in range(int(c.filters))]
    kernels = progress(kernels, desc="occlusion", unit="kernel", verbose=verbose)
    return np.array([loss(outputs(X, k), reference) - base for outputs, k in kernels])
