"""Small networks whose attributions are known in closed form, shared by tests/attribution."""

import keras
import numpy as np
import pytest

LENGTH, CHANNELS = 12, 4


def _linear_model(seed=0, n_outputs=2):
    """out = flatten(x) @ W + b: its input gradient is W, exactly."""
    inp = keras.Input((LENGTH, CHANNELS), name="sequence")
    dense = keras.layers.Dense(n_outputs, name="output")
    model = keras.Model(inp, dense(keras.layers.Flatten()(inp)))
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(LENGTH * CHANNELS, n_outputs)).astype("float32")
    dense.set_weights([W, rng.normal(size=n_outputs).astype("float32")])
    return model, W.reshape(LENGTH, CHANNELS, n_outputs)


def _random_one_hot(n, seed=1):
    rng = np.random.default_rng(seed)
    return np.eye(CHANNELS, dtype="float32")[rng.integers(0, CHANNELS, (n, LENGTH))]


@pytest.fixture
def linear_model():
    return _linear_model


@pytest.fixture
def random_one_hot():
    return _random_one_hot


@pytest.fixture
def quadratic_model():
    """A non-linear network (a square), where integrated gradients differ from saliency."""
    inp = keras.Input((LENGTH, CHANNELS), name="sequence")
    dense = keras.layers.Dense(1, name="dense")
    h = dense(keras.layers.Flatten()(inp))
    out = keras.layers.Lambda(lambda t: t * t)(h)
    rng = np.random.default_rng(3)
    dense.set_weights(
        [rng.normal(size=(LENGTH * CHANNELS, 1)).astype("float32"), np.zeros(1, "float32")]
    )
    return keras.Model(inp, out)


@pytest.fixture(scope="package")
def fitted_pipeline():
    """A tiny one-hot + CNN classifier Pipeline (classes "neg", "pos") and its training data."""
    from sklearn.pipeline import make_pipeline

    from skseq import SequenceCNNClassifier, SequenceOneHotTransformer

    rng = np.random.default_rng(0)
    seqs = np.array(["".join(rng.choice(list("ACGT"), 20)) for _ in range(40)], dtype=object)
    y = np.where(np.arange(40) % 2, "pos", "neg")
    pipe = make_pipeline(
        SequenceOneHotTransformer(alphabet="DNA"),
        SequenceCNNClassifier(
            architecture="pysster",
            n_conv_layers=1,
            n_filters=3,
            kernel_size=5,
            dense_units=4,
            epochs=1,
            validation_fraction=0,
            random_state=0,
        ),
    )
    return pipe.fit(seqs, y), seqs, y
