"""First-layer convolution: finding it, its receptive windows, and its activations.

Everything here works on a plain ``keras.Model`` and numpy arrays, so it serves fitted skseq
estimators, pipelines and hand-built models alike.
"""

import numpy as np

from skseq.utils import iter_batches


def find_first_conv(model, layer=None):
    """Return the convolution layer that reads the sequence.

    Parameters
    ----------
    model : keras.Model
    layer : str or None
        Name of the layer to use; by default the first ``keras.layers.Conv1D`` in
        ``model.layers``.

    Returns
    -------
    keras.layers.Conv1D

    Raises
    ------
    ValueError
        When ``layer`` is not a Conv1D of the model, or the model has no Conv1D at all (a
        fully connected network has no kernels to inspect).
    """
    import keras

    if layer is not None:
        try:
            found = model.get_layer(layer)
        except ValueError as exc:
            names = [lyr.name for lyr in model.layers]
            raise ValueError(
                f"layer={layer!r} is not a layer of the model; its layers are {names}"
            ) from exc
        if not isinstance(found, keras.layers.Conv1D):
            raise ValueError(f"layer={layer!r} is a {type(found).__name__}, not a Conv1D")
        return found
    for lyr in model.layers:
        if isinstance(lyr, keras.layers.Conv1D):
            return lyr
    kinds = sorted({type(lyr).__name__ for lyr in model.layers})
    raise ValueError(
        f"the network has no keras.layers.Conv1D layer (its layers are {kinds}), so there are "
        "no kernels to inspect, e.g. with the 'fully_connected' preset; MotifInspector reads "
        "the first 1D convolution. Attributions (skseq.attribution) work on any network"
    )


def member_networks(model):
    """The networks an averaging network is made of (an ensemble's ``model_``), or ``[]``.

    A network is taken as made of members when it has no convolution of its own and calls
    sub-models, as :class:`skseq.models.SequenceEnsembleClassifier`'s mean network does.
    """
    import keras

    if any(isinstance(lyr, keras.layers.Conv1D) for lyr in model.layers):
        return []
    return [lyr for lyr in model.layers if isinstance(lyr, keras.Model)]


def find_first_convs(model, layer=None):
    """The first convolution of the network, or of each member of an averaging network.

    Returns
    -------
    list of (keras.Model, keras.layers.Conv1D)
        The network that holds each convolution (``model`` itself, or a member) and the
        convolution. All convolutions read the input the same way (kernel size, stride,
        dilation and padding), so their kernels can be inspected side by side.
    """
    members = member_networks(model)
    if not members:
        return [(model, find_first_conv(model, layer))]
    found = [(m, find_first_conv(m, layer)) for m in members]
    shapes = {(c.kernel_size, c.strides, c.dilation_rate, c.padding.lower()) for _, c in found}
    if len(shapes) > 1:
        raise ValueError(
            "the members of the ensemble read the sequence with first convolutions of "
            f"different kernel size, stride, dilation or padding ({sorted(shapes)}), so their "
            "kernels cannot be inspected side by side; inspect each member "
            "(estimators_[i]) on its own"
        )
    return found


def kernel_layers(found):
    """One name per kernel: ``conv`` or ``member_i/conv`` for the members of an ensemble."""
    names = []
    for network, conv in found:
        name = conv.name if len(found) == 1 else f"{network.name}/{conv.name}"
        names.extend([name] * int(conv.filters))
    return names


def window_geometry(conv, length):
    """Where each output position of ``conv`` reads its input.

    Output position ``p`` reads input positions ``p * stride - pad_left + i * dilation`` for
    ``i`` in ``range(kernel_size)``; ``pad_left`` follows Keras' rules for ``"valid"``,
    ``"same"`` (the extra padding goes to the right, as in TensorFlow, JAX and PyTorch) and
    ``"causal"``.

    Returns
    -------
    dict
        ``kernel_size``, ``stride``, ``dilation``, ``pad_left`` and ``n_positions`` (the
        conv's output length for an input of ``length``).
    """
    k = int(conv.kernel_size[0])
    s = int(conv.strides[0])
    d = int(conv.dilation_rate[0])
    span = (k - 1) * d + 1
    padding = conv.padding.lower()
    if padding == "valid":
        pad_left = 0
        n_out = (length - span) // s + 1
    elif padding == "same":
        n_out = -(-length // s)
        pad_left = max((n_out - 1) * s + span - length, 0) // 2
    elif padding == "causal":
        pad_left = span - 1
        n_out = (length + pad_left - span) // s + 1
    else:  # pragma: no cover - Keras knows no other padding
        raise ValueError(f"unsupported padding {conv.padding!r}")
    return {
        "kernel_size": k,
        "stride": s,
        "dilation": d,
        "pad_left": pad_left,
        "n_positions": int(n_out),
    }


def window_indices(geometry, positions):
    """Input indices (possibly outside the sequence) read at output ``positions``.

    Returns an int array of shape ``positions.shape + (kernel_size,)``.
    """
    g = geometry
    offsets = np.arange(g["kernel_size"]) * g["dilation"]
    start = np.asarray(positions) * g["stride"] - g["pad_left"]
    return start[..., None] + offsets


def activation_model(model, found):
    """A model from the network's input to its first convolution's output (after activation).

    ``found`` is a convolution of ``model`` or what :func:`find_first_convs` returns; the
    members' activations are joined along the kernel axis. The model shares the network's
    layers and variables (nothing is copied or changed).
    """
    import keras

    if not isinstance(found, list):
        return keras.Model(model.inputs[0], found.output)
    if len(found) == 1 and found[0][0] is model:
        return keras.Model(model.inputs[0], found[0][1].output)
    inputs = keras.Input(shape=model.inputs[0].shape[1:])
    outputs = [keras.Model(net.inputs[0], conv.output)(inputs) for net, conv in found]
    joined = outputs[0] if len(outputs) == 1 else keras.layers.Concatenate()(outputs)
    return keras.Model(inputs, joined)


def activation_summary(act_model, X, sample_groups, n_groups, batch_size):
    """Stream the activations once and keep what the inspector needs.

    Returns
    -------
    max_act : ndarray (n, n_kernels)
        Each kernel's maximum activation over each sequence.
    argmax : ndarray (n, n_kernels)
        The output position where that maximum sits.
    mean_by_group : ndarray (n_groups, n_positions, n_kernels)
        The mean activation per position among the sequences of each group.
    """
    import keras

    max_parts, arg_parts = [], []
    sums = None
    counts = np.bincount(sample_groups, minlength=n_groups).astype(float)
    for sl in iter_batches(len(X), batch_size):
        act = keras.ops.convert_to_numpy(
            act_model(X[sl].astype("float32", copy=False), training=False)
        )
        max_parts.append(act.max(axis=1))
        arg_parts.append(act.argmax(axis=1))
        if sums is None:
            sums = np.zeros((n_groups,) + act.shape[1:])
        groups = sample_groups[sl]
        for g in np.unique(groups):  # np.add.at would be ~10x slower here
            sums[g] += act[groups == g].sum(axis=0)
    mean_by_group = sums / np.maximum(counts, 1)[:, None, None]
    return np.concatenate(max_parts), np.concatenate(arg_parts), mean_by_group
