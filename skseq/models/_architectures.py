"""Build a Keras 3 network for one-hot sequences from a preset (``keras.layers`` only).

Every network built here is a functional ``keras.Model`` with one input named ``"sequence"``
of shape ``(length, channels)`` and one output layer named ``"output"``. In every preset with
convolutions the first layer that sees the sequence is a ``keras.layers.Conv1D`` named
``"conv_1"``, so tools that read the first-layer kernels (motif inspection) find them in the
same place. The presets, and which size parameters each honours, are listed in
:mod:`skseq.models._presets`.
"""

import keras

from skseq._presets import document_presets

from ._layers import ChannelSlice, dense_stack
from ._presets import get_preset

__all__ = ["ChannelSlice", "build_sequence_cnn"]


def build_sequence_cnn(
    input_shape,
    n_outputs,
    output_activation,
    *,
    architecture="pysster",
    n_conv_layers=3,
    n_filters=30,
    kernel_size=8,
    pool_size=2,
    n_dense_layers=1,
    dense_units=100,
    dropout_input=0.1,
    dropout_conv=0.3,
    dropout_dense=0.6,
    recurrent_units=0,
    n_global_features=0,
):
    """Build an uncompiled Keras network for ``(length, channels)`` sequence input.

    Parameters
    ----------
    input_shape : tuple of int
        ``(length, channels)`` of one sequence, ``n_global_features`` channels included.
    n_outputs : int
        Units of the output layer.
    output_activation : str
        Activation of the output layer: ``"sigmoid"``, ``"softmax"`` or ``"linear"``.
    architecture : {presets}, default="pysster"
        The preset; :mod:`skseq.models._presets` lists which size parameters each honours.
    n_conv_layers, n_filters, kernel_size, pool_size : int
        Convolution stack: layers, kernels per layer, kernel length, max-pool size.
    n_dense_layers, dense_units : int
        Fully connected layers after the convolutions and their width.
    dropout_input, dropout_conv, dropout_dense : float
        Dropout rates on the input, after each conv block and after each dense layer.
    recurrent_units : int
        Units per direction of a bidirectional LSTM after the conv stack; 0 for none.
    n_global_features : int
        The last ``n_global_features`` channels hold whole-sequence features (constant along
        the sequence). They skip the convolutions and join the dense layers.

    Returns
    -------
    keras.Model
        Input ``"sequence"``; first convolution ``"conv_1"`` (except for
        ``"fully_connected"``); output ``"output"``.

    Examples
    --------
    >>> from skseq.models import build_sequence_cnn
    >>> model = build_sequence_cnn((50, 4), 1, "sigmoid", n_filters=4, dense_units=8)
    >>> tuple(model.get_layer("conv_1").kernel.shape)
    (8, 4, 4)
    >>> model.output_shape
    (None, 1)
    """
    preset = get_preset(architecture)
    # Keras layers reject numpy integers (Conv1D(kernel_size=np.int64(8))): Python types only.
    p = {
        "n_conv_layers": int(n_conv_layers),
        "n_filters": int(n_filters),
        "kernel_size": int(kernel_size),
        "pool_size": int(pool_size),
        "n_dense_layers": int(n_dense_layers),
        "dense_units": int(dense_units),
        "dropout_input": float(dropout_input),
        "dropout_conv": float(dropout_conv),
        "dropout_dense": float(dropout_dense),
        "recurrent_units": int(recurrent_units),
    }
    length, channels = (int(v) for v in input_shape)
    n_global_features = int(n_global_features)
    n_sequence_channels = channels - n_global_features
    if n_sequence_channels < 1:
        raise ValueError(
            f"n_global_features={n_global_features} leaves no sequence channels out of {channels}."
        )

    inputs = keras.Input(shape=(length, channels), name="sequence")
    if n_global_features:
        x = ChannelSlice(0, n_sequence_channels, name="sequence_channels")(inputs)
        global_features = ChannelSlice(
            n_sequence_channels, channels, first_position=True, name="global_features"
        )(inputs)
    else:
        x = inputs
    x, (n_dense, units, rate) = preset.builder(x, p)
    if n_global_features:
        x = keras.layers.Concatenate(name="join_global_features")([x, global_features])
    x = dense_stack(x, n_dense, units, rate)
    # float32 under a mixed precision policy too: probabilities and the loss stay accurate
    outputs = keras.layers.Dense(
        int(n_outputs), activation=output_activation, dtype="float32", name="output"
    )(x)
    return keras.Model(inputs, outputs, name=f"skseq_{architecture}")


build_sequence_cnn.__doc__ = document_presets(build_sequence_cnn.__doc__)
