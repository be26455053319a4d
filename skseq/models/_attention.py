"""A convolution + self-attention network: a convolutional stem, then transformer blocks.

The stem (``n_conv_layers`` x conv, max-pool) finds motifs and shortens the sequence; learned
position embeddings tell the attention where each pooled position is; two pre-norm
transformer blocks (multi-head self-attention and a feed-forward layer, each added back to
its input) relate motifs to each other across the whole sequence, whatever their distance;
global max and average pooling end it. Everything is ``keras.layers`` and ``keras.ops``.
"""

import keras

from ._layers import conv, dropout, pool

__all__ = ["PositionEmbedding", "build_conv_attention"]

#: Transformer blocks and attention heads: fixed, so the preset adds no hyperparameter.
N_BLOCKS = 2
N_HEADS = 4


@keras.saving.register_keras_serializable(package="skseq")
class PositionEmbedding(keras.layers.Layer):
    """Add a learned vector per position to a ``(batch, length, features)`` tensor.

    Parameters
    ----------
    length : int
        The number of positions.

    Examples
    --------
    >>> import numpy as np
    >>> layer = PositionEmbedding(5)
    >>> tuple(layer(np.zeros((2, 5, 3), dtype="float32")).shape)
    (2, 5, 3)
    """

    def __init__(self, length, **kwargs):
        super().__init__(**kwargs)
        self.length = int(length)

    def build(self, input_shape):
        self.embedding = self.add_weight(
            shape=(self.length, int(input_shape[-1])),
            initializer=keras.initializers.RandomNormal(stddev=0.02),
            name="embedding",
        )

    def call(self, inputs):
        return inputs + keras.ops.cast(self.embedding, inputs.dtype)[None]

    def get_config(self):
        config = super().get_config()
        config.update(length=self.length)
        return config


def transformer_block(x, width, rate, index):
    """Pre-norm block: x + attention(norm(x)), then x + feed-forward(norm(x))."""
    y = keras.layers.LayerNormalization(name=f"attention_norm_{index}")(x)
    y = keras.layers.MultiHeadAttention(
        N_HEADS, max(width // N_HEADS, 8), dropout=rate, name=f"attention_{index}"
    )(y, y)
    x = keras.layers.Add(name=f"attention_residual_{index}")([x, y])
    y = keras.layers.LayerNormalization(name=f"feed_forward_norm_{index}")(x)
    y = keras.layers.Dense(2 * width, activation="relu", name=f"feed_forward_{index}a")(y)
    y = dropout(y, rate, f"dropout_feed_forward_{index}")
    y = keras.layers.Dense(width, name=f"feed_forward_{index}b")(y)
    return keras.layers.Add(name=f"feed_forward_residual_{index}")([x, y])


def build_conv_attention(x, p):
    """Conv stem, position embedding, two transformer blocks, global max + average pooling."""
    x = dropout(x, p["dropout_input"], "dropout_input")
    for i in range(1, p["n_conv_layers"] + 1):
        x = conv(x, p["n_filters"], p["kernel_size"] if i == 1 else 3, i)
        x = pool(x, p["pool_size"], i)
        x = dropout(x, p["dropout_conv"], f"dropout_conv_{i}")
    x = PositionEmbedding(x.shape[1], name="position_embedding")(x)
    for i in range(1, N_BLOCKS + 1):
        x = transformer_block(x, p["n_filters"], p["dropout_conv"], i)
    x = keras.layers.LayerNormalization(name="final_norm")(x)
    pooled = [
        keras.layers.GlobalMaxPooling1D(name="global_max")(x),
        keras.layers.GlobalAveragePooling1D(name="global_average")(x),
    ]
    x = keras.layers.Concatenate(name="pooled")(pooled)
    return x, (p["n_dense_layers"], p["dense_units"], p["dropout_dense"])
