"""Keras 3 networks for one-hot sequences (``keras.layers`` and ``keras.ops`` only).

Every network built here is a functional ``keras.Model`` with one input named ``"sequence"`` of
shape ``(length, channels)`` and one output layer named ``"output"``. The first layer that sees
the sequence is a ``keras.layers.Conv1D`` named ``"conv_1"``, so tools that read the first-layer
kernels (motif inspection) find them in the same place for every preset.

Presets and the size parameters they honour (``x`` = honoured; every preset honours
``n_global_features``):

============  ==========================================================  =========================
preset        network                                                     honours
============  ==========================================================  =========================
pysster       input dropout; ``n_conv_layers`` x (conv, max-pool,         all size and dropout
              dropout); optional BiLSTM; flatten; ``n_dense_layers`` x    parameters
              (dense, dropout)  (pysster's default model)
global_max    as ``pysster`` but global max pooling instead of flatten    all size and dropout
                                                                          parameters
deepbind      one conv, global max pool, one dense of 32, dropout         ``n_filters``,
                                                                          ``kernel_size``,
                                                                          ``dropout_dense``
primer        one conv of 32 kernels of 12, max-pool 4, flatten, dense    none (fixed network)
              of 16 (the "primer on deep learning in genomics" network)
basset        three blocks (conv, batch norm, ReLU, max-pool) with        ``n_filters``,
              kernels 19/11/7 and pools 3/4/4; two dense layers with      ``dense_units``,
              dropout                                                     ``dropout_dense``
danq          one conv, max-pool, dropout, BiLSTM (returning the          ``n_filters``,
              sequence), dropout, flatten, dense                          ``kernel_size``,
                                                                          ``pool_size``,
                                                                          ``recurrent_units``
                                                                          (32 when 0),
                                                                          ``dense_units``,
                                                                          ``dropout_conv``,
                                                                          ``dropout_dense``
============  ==========================================================  =========================

Convolutions and poolings use ``padding="same"``: every sequence position gets a first-layer
activation (positions line up with the input), and short sequences never shrink to length zero.
"""

import keras

from skseq._presets import ARCHITECTURES


@keras.saving.register_keras_serializable(package="skseq")
class ChannelSlice(keras.layers.Layer):
    """Select channels ``start:stop`` of a ``(batch, length, channels)`` tensor.

    With ``first_position=True`` only the first position is kept, giving ``(batch, stop -
    start)``: this reads whole-sequence features that are stored constant along the sequence.
    """

    def __init__(self, start, stop, first_position=False, **kwargs):
        super().__init__(**kwargs)
        self.start = int(start)
        self.stop = int(stop)
        self.first_position = bool(first_position)

    def call(self, inputs):
        if self.first_position:
            return inputs[:, 0, self.start : self.stop]
        return inputs[:, :, self.start : self.stop]

    def compute_output_shape(self, input_shape):
        width = self.stop - self.start
        if self.first_position:
            return (input_shape[0], width)
        return (input_shape[0], input_shape[1], width)

    def get_config(self):
        config = super().get_config()
        config.update(start=self.start, stop=self.stop, first_position=self.first_position)
        return config


def _conv(x, filters, kernel_size, index):
    return keras.layers.Conv1D(
        filters, kernel_size, padding="same", activation="relu", name=f"conv_{index}"
    )(x)


def _pool(x, pool_size, index):
    return keras.layers.MaxPooling1D(pool_size, padding="same", name=f"pool_{index}")(x)


def _dense_stack(x, n_layers, units, dropout):
    for i in range(1, n_layers + 1):
        x = keras.layers.Dense(units, activation="relu", name=f"dense_{i}")(x)
        if dropout > 0:
            x = keras.layers.Dropout(dropout, name=f"dropout_dense_{i}")(x)
    return x


def _bilstm(x, units):
    return keras.layers.Bidirectional(
        keras.layers.LSTM(units, return_sequences=True), name="bilstm"
    )(x)


def _pysster_body(x, p, head):
    if p["dropout_input"] > 0:
        x = keras.layers.Dropout(p["dropout_input"], name="dropout_input")(x)
    for i in range(1, p["n_conv_layers"] + 1):
        x = _conv(x, p["n_filters"], p["kernel_size"], i)
        x = _pool(x, p["pool_size"], i)
        if p["dropout_conv"] > 0:
            x = keras.layers.Dropout(p["dropout_conv"], name=f"dropout_conv_{i}")(x)
    if p["recurrent_units"] > 0:
        x = _bilstm(x, p["recurrent_units"])
    if head == "flatten":
        return keras.layers.Flatten(name="flatten")(x)
    return keras.layers.GlobalMaxPooling1D(name="global_max")(x)


def _body(x, p):
    """The preset's layers from the sequence to the feature vector before the dense layers.

    Returns the feature vector and the dense stack's ``(n_layers, units, dropout)``.
    """
    name = p["architecture"]
    if name in ("pysster", "global_max"):
        x = _pysster_body(x, p, head="flatten" if name == "pysster" else "global_max")
        return x, (p["n_dense_layers"], p["dense_units"], p["dropout_dense"])
    if name == "deepbind":
        x = _conv(x, p["n_filters"], p["kernel_size"], 1)
        x = keras.layers.GlobalMaxPooling1D(name="global_max")(x)
        return x, (1, 32, p["dropout_dense"])
    if name == "primer":
        x = _conv(x, 32, 12, 1)
        x = _pool(x, 4, 1)
        x = keras.layers.Flatten(name="flatten")(x)
        return x, (1, 16, 0.0)
    if name == "basset":
        for i, (kernel, pool) in enumerate([(19, 3), (11, 4), (7, 4)], start=1):
            x = keras.layers.Conv1D(p["n_filters"], kernel, padding="same", name=f"conv_{i}")(x)
            x = keras.layers.BatchNormalization(name=f"batch_norm_{i}")(x)
            x = keras.layers.Activation("relu", name=f"relu_{i}")(x)
            x = _pool(x, pool, i)
        x = keras.layers.Flatten(name="flatten")(x)
        return x, (2, p["dense_units"], p["dropout_dense"])
    if name == "danq":
        x = _conv(x, p["n_filters"], p["kernel_size"], 1)
        x = _pool(x, p["pool_size"], 1)
        if p["dropout_conv"] > 0:
            x = keras.layers.Dropout(p["dropout_conv"], name="dropout_conv_1")(x)
        x = _bilstm(x, p["recurrent_units"] or 32)
        if p["dropout_dense"] > 0:
            x = keras.layers.Dropout(p["dropout_dense"], name="dropout_recurrent")(x)
        x = keras.layers.Flatten(name="flatten")(x)
        return x, (1, p["dense_units"], p["dropout_dense"])
    raise ValueError(f"Unknown architecture {name!r}; choose one of {', '.join(ARCHITECTURES)}.")


def build_sequence_cnn(
    input_shape,
    n_outputs,
    output_activation,
    *,
    architecture="pysster",
    n_conv_layers=2,
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
    """Build an uncompiled Keras CNN for ``(length, channels)`` sequence input.

    Parameters
    ----------
    input_shape : tuple of int
        ``(length, channels)`` of one sequence, ``n_global_features`` channels included.
    n_outputs : int
        Units of the output layer.
    output_activation : str
        Activation of the output layer: ``"sigmoid"``, ``"softmax"`` or ``"linear"``.
    architecture : {"pysster", "global_max", "deepbind", "primer", "basset", "danq"}
        The preset; the module docstring's table lists which size parameters each honours.
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
        Input ``"sequence"``; first convolution ``"conv_1"``; output ``"output"``.

    Examples
    --------
    >>> from skseq.models import build_sequence_cnn
    >>> model = build_sequence_cnn((50, 4), 1, "sigmoid", n_filters=4, dense_units=8)
    >>> tuple(model.get_layer("conv_1").kernel.shape)
    (8, 4, 4)
    >>> model.output_shape
    (None, 1)
    """
    p = dict(
        architecture=architecture,
        n_conv_layers=n_conv_layers,
        n_filters=n_filters,
        kernel_size=kernel_size,
        pool_size=pool_size,
        n_dense_layers=n_dense_layers,
        dense_units=dense_units,
        dropout_input=dropout_input,
        dropout_conv=dropout_conv,
        dropout_dense=dropout_dense,
        recurrent_units=recurrent_units,
    )
    if architecture not in ARCHITECTURES:
        raise ValueError(
            f"Unknown architecture {architecture!r}; choose one of {', '.join(ARCHITECTURES)}."
        )
    length, channels = (int(v) for v in input_shape)
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
    x, (n_dense, units, dropout) = _body(x, p)
    if n_global_features:
        x = keras.layers.Concatenate(name="join_global_features")([x, global_features])
    x = _dense_stack(x, n_dense, units, dropout)
    outputs = keras.layers.Dense(n_outputs, activation=output_activation, name="output")(x)
    return keras.Model(inputs, outputs, name=f"skseq_{architecture}")
