"""Attributions against answers known in closed form (linear and hand-set networks)."""

import keras
import numpy as np
import pytest

from skseq.inspection import (
    AttributionLogoDisplay,
    MotifInspector,
    in_silico_mutagenesis,
    input_gradients,
    integrated_gradients,
    position_importance,
    saliency,
)

LENGTH, CHANNELS = 12, 4


def linear_model(seed=0, n_outputs=2):
    """out = flatten(x) @ W + b: its input gradient is W, exactly."""
    inp = keras.Input((LENGTH, CHANNELS), name="sequence")
    dense = keras.layers.Dense(n_outputs, name="output")
    model = keras.Model(inp, dense(keras.layers.Flatten()(inp)))
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(LENGTH * CHANNELS, n_outputs)).astype("float32")
    dense.set_weights([W, rng.normal(size=n_outputs).astype("float32")])
    return model, W.reshape(LENGTH, CHANNELS, n_outputs)


def random_one_hot(n, seed=1):
    rng = np.random.default_rng(seed)
    return np.eye(CHANNELS, dtype="float32")[rng.integers(0, CHANNELS, (n, LENGTH))]


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


def test_gradients_of_a_linear_model_are_its_weights():
    model, W = linear_model()
    X = random_one_hot(5)
    for target in (0, 1):
        grads = input_gradients(model, X, target)
        np.testing.assert_allclose(grads, np.broadcast_to(W[..., target], X.shape), rtol=1e-5)
        np.testing.assert_allclose(saliency(model, X, target), W[..., target] * X, rtol=1e-5)


def test_callable_target():
    model, W = linear_model()
    X = random_one_hot(3)
    diff = input_gradients(model, X, lambda out: out[:, 1] - out[:, 0])
    np.testing.assert_allclose(
        diff, np.broadcast_to(W[..., 1] - W[..., 0], X.shape), rtol=1e-4, atol=1e-5
    )


def test_integrated_gradients_are_complete_on_a_nonlinear_model():
    model = quadratic_model()
    X = random_one_hot(4)
    ig = integrated_gradients(model, X, 0, n_steps=64)
    f = model.predict(np.concatenate([X, np.zeros_like(X)]), verbose=0)[:, 0]
    # completeness: attributions sum to f(x) - f(baseline)
    np.testing.assert_allclose(ig.sum(axis=(1, 2)), f[:4] - f[4:], rtol=1e-3, atol=1e-4)
    # and they differ from gradient x input, which double counts on a square
    sal = saliency(model, X, 0)
    np.testing.assert_allclose(sal.sum(axis=(1, 2)), 2 * (f[:4] - f[4:]), rtol=1e-3)


def test_ism_equals_brute_force_predictions():
    model, W = linear_model()
    X = random_one_hot(2)
    ism = in_silico_mutagenesis(model, X, 1)
    f = model.predict(X, verbose=0)[:, 1]
    for i, pos, sym in [(0, 0, 2), (1, 5, 3), (1, 11, 0)]:
        mutant = X[i].copy()
        mutant[pos] = np.eye(CHANNELS)[sym]
        expected = model.predict(mutant[None], verbose=0)[0, 1] - f[i]
        assert ism[i, pos, sym] == pytest.approx(expected, abs=1e-4)
    assert np.all(ism[X == 1] == 0)
    # linear model: the change is W[new] - W[old], exactly
    old = X.argmax(-1)
    np.testing.assert_allclose(
        ism, W[..., 1][None] - np.take_along_axis(W[..., 1][None], old[..., None], -1), atol=1e-4
    )


def test_ism_mutates_each_channel_group_on_its_own():
    inp = keras.Input((LENGTH, 6), name="sequence")
    model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(inp)))
    X = np.concatenate([random_one_hot(1), np.tile([[1.0, 0.0]], (1, LENGTH, 1))], axis=-1)
    ism = in_silico_mutagenesis(model, X, 0, channel_groups=[[0, 1, 2, 3], [4, 5]])
    assert ism.shape == X.shape
    assert np.all(ism[0, :, 4] == 0) and np.any(ism[0, :, 5] != 0)


def test_position_importance_reductions():
    attr = np.array([[[0.0, 2.0, 0.0, 0.0], [0.0, 0.0, -1.0, 0.0]]])
    np.testing.assert_allclose(position_importance(attr, None, "saliency"), [[2.0, -1.0]])
    ism = np.array([[[-1.0, 0.0, -1.0, -2.0]]])
    np.testing.assert_allclose(position_importance(ism, None, "ism"), [[1.0]])


def test_input_errors():
    model, _ = linear_model()
    with pytest.raises(ValueError, match="shape \\(n_sequences, length, channels\\)"):
        saliency(model, np.zeros((LENGTH, CHANNELS)))
    with pytest.raises(ValueError, match="5 channels"):
        saliency(model, np.zeros((1, LENGTH, 5)))
    X = random_one_hot(3)
    X[2, 0, 0] = np.inf
    with pytest.raises(ValueError, match="sequence index 2"):
        in_silico_mutagenesis(model, X)
    with pytest.raises(ValueError, match="n_steps"):
        integrated_gradients(model, random_one_hot(1), n_steps=0)


def test_inspector_attributions_map_class_labels_to_outputs():
    from skseq import SequenceCNNClassifier

    rng = np.random.default_rng(0)
    X = np.eye(4, dtype="uint8")[rng.integers(0, 4, (40, 30))]
    y = np.where(np.arange(40) % 2, "pos", "neg")  # classes_ ["neg", "pos"]
    clf = SequenceCNNClassifier(
        architecture="pysster",
        n_conv_layers=1,
        n_filters=3,
        kernel_size=5,
        dense_units=4,
        epochs=1,
        validation_fraction=0,
        random_state=0,
    ).fit(X, y)
    insp = MotifInspector(clf).fit(X, y)
    model = clf.model_
    # binary: one sigmoid output; the default target is the positive (last) class, and the
    # other class is explained through 1 - p, i.e. the opposite gradient
    pos = insp.attributions(X[:3])
    np.testing.assert_allclose(pos, saliency(model, X[:3], 0), rtol=1e-5)
    neg = insp.attributions(X[:3], target="neg")
    np.testing.assert_allclose(neg, -pos, rtol=1e-5, atol=1e-7)
    ism = insp.attributions(X[:2], method="ism", target="pos")
    np.testing.assert_allclose(ism, in_silico_mutagenesis(model, X[:2], 0), atol=1e-6)
    with pytest.raises(ValueError, match="target='maybe' is not one of the classes"):
        insp.attributions(X[:1], target="maybe")
    with pytest.raises(ValueError, match="method must be one of"):
        insp.attributions(X[:1], method="deeplift")
    disp = insp.plot_attribution(X[0], method="integrated_gradients", n_steps=8)
    assert isinstance(disp, AttributionLogoDisplay)
    assert disp.matrix.shape == (30, 4) and disp.importance.shape == (30,)
    # the logo's letters are the observed symbols scaled by their importance
    np.testing.assert_allclose(disp.matrix.values.sum(axis=1), disp.importance, rtol=1e-5)
    import matplotlib.pyplot as plt

    plt.close("all")
