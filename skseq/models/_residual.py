"""A residual, dilated convolutional network of the BPNet / Basenji family.

A wide first convolution finds motifs; dilated residual blocks (batch normalisation, ReLU,
a convolution of width 3 whose dilation doubles block after block, dropout, and the block's
input added back) let each position see a receptive field that grows exponentially with depth
at a cost that grows linearly, so motif pairs, spacings and long sequences are reached without
pooling them away; global max and average pooling then make the features independent of
where in the sequence they occurred, and of the sequence length.
"""

import keras

from ._layers import conv, dropout

__all__ = ["build_dilated_residual"]


def residual_block(x, filters, dilation, rate, index):
    """Pre-activation residual block: BN, ReLU, dilated conv, dropout, plus the input."""
    y = keras.layers.BatchNormalization(name=f"batch_norm_{index}")(x)
    y = keras.layers.Activation("relu", name=f"relu_{index}")(y)
    y = keras.layers.Conv1D(
        filters, 3, padding="same", dilation_rate=dilation, name=f"dilated_conv_{index}"
    )(y)
    y = dropout(y, rate, f"dropout_conv_{index}")
    return keras.layers.Add(name=f"residual_{index}")([x, y])


def build_dilated_residual(x, p):
    """First conv, ``n_conv_layers`` dilated residual blocks, global max + average pooling."""
    x = dropout(x, p["dropout_input"], "dropout_input")
    x = conv(x, p["n_filters"], p["kernel_size"], 1)
    for i in range(1, p["n_conv_layers"] + 1):
        x = residual_block(x, p["n_filters"], 2**i, p["dropout_conv"], i)
    x = keras.layers.BatchNormalization(name="batch_norm_out")(x)
    x = keras.layers.Activation("relu", name="relu_out")(x)
    pooled = [
        keras.layers.GlobalMaxPooling1D(name="global_max")(x),
        keras.layers.GlobalAveragePooling1D(name="global_average")(x),
    ]
    x = keras.layers.Concatenate(name="pooled")(pooled)
    return x, (p["n_dense_layers"], p["dense_units"], p["dropout_dense"])
