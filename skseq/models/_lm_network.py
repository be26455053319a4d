"""Keras 3 pieces of the sequence language model and the classifiers fine-tuned from it.

AWD-LSTM-style regularisation as far as ``keras.layers`` allow (any backend):

- embedding dropout: whole rows of the embedding matrix (k-mers) dropped per batch
  (:class:`TokenEmbedding`);
- input, hidden and output dropout: the same channels dropped at every position of a
  sequence ("locked" or variational dropout), which is what ``SpatialDropout1D`` does;
- weight dropout: AWD-LSTM drops hidden-to-hidden *weights*; Keras' LSTM offers
  ``recurrent_dropout`` on the recurrent *state* instead, the nearest built-in equivalent.

The decoder is tied to the embedding (:class:`TiedDecoder`: logits ``s * h @ E.T + b``), so the
last LSTM layer has ``embedding_dim`` units. Estimators rebuild these networks from their
hyperparameters and keep the weights as numpy arrays when pickled, so no custom layer needs
Keras' own serialisation.
"""

import math

import keras
from keras import ops

__all__ = [
    "ConcatPooling",
    "DiscriminativeAdam",
    "OneCycleSchedule",
    "TiedDecoder",
    "TokenEmbedding",
    "build_encoder",
    "build_language_model",
    "build_lm_head_model",
    "build_pooled_encoder",
    "encoder_layer_names",
    "padding_mask",
]


class TokenEmbedding(keras.layers.Layer):
    """Token embedding with embedding dropout (whole k-mers dropped).

    It makes no Keras mask: the masked LSTMs were never faster, were up to 1.8x slower on
    TensorFlow when the cores were shared, and printed a oneDNN notice for their boolean
    masks (``benchmarks/pretrain_speed.py``). Padding (token 0) must therefore only follow a row's
    tokens (:func:`~skseq.models._lm_common.tokens_first`), where it cannot change what the
    LSTMs compute at the tokens; losses and pooling leave the padded positions out.
    """

    def __init__(self, vocabulary_size, dim, dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.vocabulary_size = int(vocabulary_size)
        self.dim = int(dim)
        self.dropout = float(dropout)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def build(self, input_shape):
        self.embeddings = self.add_weight(
            shape=(self.vocabulary_size, self.dim),
            initializer=keras.initializers.RandomUniform(-0.1, 0.1),
            name="embeddings",
        )

    def call(self, tokens, training=False):
        weights = self.embeddings
        if training and self.dropout > 0:
            keep = keras.random.dropout(
                ops.ones((self.vocabulary_size, 1)), self.dropout, seed=self.seed_generator
            )
            weights = weights * keep
        return ops.take(weights, ops.cast(tokens, "int32"), axis=0)

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.dim)


class TiedDecoder(keras.layers.Layer):
    """Next-token logits from the embedding matrix: ``scale * h @ embedding.T + bias``.

    ``scale`` is learned, starting at ``sqrt(dim)``: with small embeddings and an LSTM's
    output bounded by 1 the plain product gives logits too flat to learn from (measured: a
    tied 16-dimensional model stayed at the unigram loss for epochs where this one learned).
    """

    def __init__(self, embedding, **kwargs):
        super().__init__(**kwargs)
        # not tracked as a sub-layer: its matrix belongs to the embedding layer
        object.__setattr__(self, "_embedding", embedding)
        self.supports_masking = True

    def build(self, input_shape):
        self.bias = self.add_weight(
            shape=(self._embedding.vocabulary_size,), initializer="zeros", name="bias"
        )
        self.scale = self.add_weight(
            shape=(),
            initializer=keras.initializers.Constant(math.sqrt(self._embedding.dim)),
            name="scale",
        )

    def call(self, hidden, mask=None):
        logits = ops.matmul(hidden, ops.transpose(self._embedding.embeddings))
        return self.scale * logits + self.bias

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self._embedding.vocabulary_size)


class ConcatPooling(keras.layers.Layer):
    """ULMFiT's concat pooling over the non-padding positions: last, max and mean.

    Call it with ``mask=`` (True at tokens, see :func:`padding_mask`); without one every
    position counts.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, x, mask=None):
        length = ops.shape(x)[1]
        if mask is None:
            mask = ops.ones(ops.shape(x)[:2], dtype="bool")
        m = ops.cast(mask, x.dtype)
        count = ops.maximum(ops.sum(m, axis=1, keepdims=True), 1.0)
        mean = ops.sum(x * m[..., None], axis=1) / count
        lowest = ops.min(x, axis=1)
        masked = ops.where(m[..., None] > 0, x, lowest[:, None, :])
        maximum = ops.max(masked, axis=1)
        positions = ops.cast(ops.arange(1, length + 1), x.dtype)
        last_index = ops.argmax(m * positions[None, :], axis=1)
        last = ops.einsum("bl,bld->bd", ops.one_hot(last_index, length, dtype=x.dtype), x)
        return ops.concatenate([last, maximum, mean], axis=-1)

    def compute_mask(self, x, mask=None):
        return None

    def compute_output_shape(self, input_shape):
        return (input_shape[0], 3 * input_shape[-1])


class OneCycleSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """One-cycle learning rate: cosine warm-up to ``max_lr``, then cosine annealing.

    Starts at ``max_lr / div``, peaks after ``pct_start`` of ``total_steps`` and ends at
    ``max_lr / final_div`` (Smith 2018, as in fastai's ``fit_one_cycle``).
    """

    def __init__(self, max_lr, total_steps, pct_start=0.25, div=25.0, final_div=1e4):
        self.max_lr = float(max_lr)
        self.total_steps = max(int(total_steps), 1)
        self.pct_start = float(pct_start)
        self.div = float(div)
        self.final_div = float(final_div)

    def __call__(self, step):
        step = ops.cast(step, "float32")
        warm = max(1.0, round(self.pct_start * self.total_steps))
        rest = max(1.0, self.total_steps - warm)
        start, peak, end = self.max_lr / self.div, self.max_lr, self.max_lr / self.final_div

        def cosine(a, b, t):
            return b + (a - b) * (1 + ops.cos(math.pi * t)) / 2

        up = cosine(start, peak, ops.clip(step / warm, 0.0, 1.0))
        down = cosine(peak, end, ops.clip((step - warm) / rest, 0.0, 1.0))
        return ops.where(step < warm, up, down)

    def get_config(self):
        return {
            "max_lr": self.max_lr,
            "total_steps": self.total_steps,
            "pct_start": self.pct_start,
            "div": self.div,
            "final_div": self.final_div,
        }


class DiscriminativeAdam(keras.optimizers.Adam):
    """Adam with a learning-rate factor per layer (ULMFiT's discriminative learning rates).

    ``factors`` maps a layer name to the factor its variables' learning rate is multiplied
    by; other variables use the rate as it is. Works through ``update_step``, the public hook
    Keras 3 optimizers call per variable on every backend.
    """

    def __init__(self, factors=None, **kwargs):
        super().__init__(**kwargs)
        self.factors = dict(factors or {})

    def build(self, var_list):
        super().build(var_list)
        self._variable_factors = [
            float(self.factors.get(v.path.split("/")[0], 1.0)) for v in var_list
        ]

    def update_step(self, gradient, variable, learning_rate):
        # the backend may pass its own variable type (no .path); Adam's own update_step
        # finds its slots with the same index lookup
        factor = self._variable_factors[self._get_variable_index(variable)]
        if factor != 1.0:
            learning_rate = ops.cast(learning_rate, variable.dtype) * factor
        super().update_step(gradient, variable, learning_rate)

    def get_config(self):
        return {**super().get_config(), "factors": self.factors}


def padding_mask(tokens):
    """True where ``tokens`` holds a token, False at padding (token 0)."""
    return ops.not_equal(tokens, 0)


def encoder_layer_names(n_layers):
    """Names of the encoder's weighted layers, input side first."""
    return ["embedding", *(f"lstm_{i}" for i in range(1, n_layers + 1))]


def build_encoder(
    tokens,
    *,
    vocabulary_size,
    embedding_dim,
    hidden_units,
    n_layers,
    embedding_dropout,
    input_dropout,
    hidden_dropout,
    weight_dropout,
    seed,
):
    """Embedding and stacked LSTMs on a token input; returns the embedding and last output.

    The last LSTM layer has ``embedding_dim`` units (for the tied decoder); the others
    ``hidden_units``.
    """
    embedding = TokenEmbedding(
        vocabulary_size, embedding_dim, dropout=embedding_dropout, seed=seed, name="embedding"
    )
    x = embedding(tokens)
    x = keras.layers.SpatialDropout1D(input_dropout, seed=seed, name="input_dropout")(x)
    for i in range(1, n_layers + 1):
        units = embedding_dim if i == n_layers else hidden_units
        x = keras.layers.LSTM(
            units,
            return_sequences=True,
            recurrent_dropout=weight_dropout,
            seed=seed,
            name=f"lstm_{i}",
        )(x)
        if i < n_layers:
            x = keras.layers.SpatialDropout1D(
                hidden_dropout, seed=seed, name=f"hidden_dropout_{i}"
            )(x)
    return embedding, x


def build_language_model(*, output_dropout, seed, **encoder_params):
    """Encoder plus the tied next-token decoder: tokens ``(batch, time)`` -> logits."""
    tokens = keras.Input(shape=(None,), dtype="int32", name="tokens")
    embedding, x = build_encoder(tokens, seed=seed, **encoder_params)
    x = keras.layers.SpatialDropout1D(output_dropout, seed=seed, name="output_dropout")(x)
    # the logits in float32 under a mixed policy: 16 bits blur a 1,000-way softmax
    logits = TiedDecoder(embedding, name="decoder", dtype="float32")(x)
    return keras.Model(tokens, logits, name="sequence_language_model")


def build_lm_head_model(
    *, n_outputs, activation, head_units, head_dropout, output_dropout, seed, **encoder_params
):
    """Encoder, concat pooling and a small dense head: tokens -> ``n_outputs`` values."""
    tokens = keras.Input(shape=(None,), dtype="int32", name="tokens")
    _, x = build_encoder(tokens, seed=seed, **encoder_params)
    x = keras.layers.SpatialDropout1D(output_dropout, seed=seed, name="output_dropout")(x)
    x = ConcatPooling(name="concat_pooling")(x, mask=padding_mask(tokens))
    x = keras.layers.Dropout(head_dropout, seed=seed, name="head_dropout_1")(x)
    x = keras.layers.Dense(head_units, activation="relu", name="head_dense")(x)
    x = keras.layers.Dropout(head_dropout, seed=seed, name="head_dropout_2")(x)
    out = keras.layers.Dense(n_outputs, activation=activation, name="head_output")(x)
    return keras.Model(tokens, out, name="sequence_lm_head")


def build_pooled_encoder(language_model, n_layers):
    """A language model's tokens -> concat pooling of its last LSTM layer (shared weights)."""
    tokens = language_model.inputs[0]
    hidden = language_model.get_layer(f"lstm_{int(n_layers)}").output
    pooled = ConcatPooling(name="pool")(hidden, mask=padding_mask(tokens))
    return keras.Model(tokens, pooled)
