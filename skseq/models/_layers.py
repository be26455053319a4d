"""Layer helpers shared by the presets (``keras.layers`` only).

Every convolution and pooling uses ``padding="same"``: each sequence position gets a
first-layer activation (positions line up with the input), and short sequences never shrink
to length zero.
"""

import keras


@keras.saving.register_keras_serializable(package="skseq")
class ChannelSlice(keras.layers.Layer):
    """Select channels ``start:stop`` of a ``(batch, length, channels)`` tensor.

    With ``first_position=True`` only the first position is kept, giving ``(batch, stop -
    start)``: this reads whole-sequence features that are stored constant along the sequence.

    Parameters
    ----------
    start, stop : int
        The channel range.
    first_position : bool, default=False
        Keep only the first position.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(24, dtype="float32").reshape(1, 4, 6)
    >>> tuple(ChannelSlice(4, 6, first_position=True)(x).shape)
    (1, 2)
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


def conv(x, filters, kernel_size, index):
    """ReLU ``Conv1D`` named ``conv_{index}``."""
    return keras.layers.Conv1D(
        filters, kernel_size, padding="same", activation="relu", name=f"conv_{index}"
    )(x)


def pool(x, pool_size, index):
    """``MaxPooling1D`` named ``pool_{index}``."""
    return keras.layers.MaxPooling1D(pool_size, padding="same", name=f"pool_{index}")(x)


def dropout(x, rate, name):
    """Dropout of ``rate``, or ``x`` itself when the rate is 0."""
    return keras.layers.Dropout(rate, name=name)(x) if rate > 0 else x


def dense_stack(x, n_layers, units, rate):
    """``n_layers`` x (ReLU dense of ``units``, dropout ``rate``)."""
    for i in range(1, n_layers + 1):
        x = keras.layers.Dense(units, activation="relu", name=f"dense_{i}")(x)
        x = dropout(x, rate, f"dropout_dense_{i}")
    return x


def bilstm(x, units):
    """Bidirectional LSTM returning the whole sequence, named ``bilstm``."""
    return keras.layers.Bidirectional(
        keras.layers.LSTM(units, return_sequences=True), name="bilstm"
    )(x)
