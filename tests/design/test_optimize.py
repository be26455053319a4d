"""Optimised inputs (pysster's visualize_optimized_inputs): what the network wants to see."""

import keras
import numpy as np
import pytest

from skseq.design import optimize_inputs
from skseq.plotting import OptimizedInputDisplay


def _argmax(matrix):
    return "".join(np.array(list("ACGT"))[matrix.argmax(axis=1)])


def test_the_positive_class_wants_the_planted_motif(planted_model, motif):
    pipe, _X, _y = planted_model
    best = optimize_inputs(pipe, target=[0, 1])
    assert best.kind == "class" and best.objectives == [0, 1]
    assert best.matrices.shape == (2, 40, 4)
    np.testing.assert_allclose(best.matrices.sum(axis=-1), 1, rtol=1e-5)
    negative, positive = (_argmax(m) for m in best.matrices)
    assert motif in positive and motif not in negative
    proba = pipe.predict_proba([negative, positive])
    assert proba[0, 0] > 0.9 and proba[1, 1] > 0.9


def test_kernels_are_optimised_together(planted_model):
    pipe, _X, _y = planted_model
    best = optimize_inputs(pipe, kernels=[0, 3], n_steps=100)
    assert best.kind == "kernel" and best.objectives == [0, 3]
    assert best.matrices.shape == (2, 40, 4)
    # the ascent raised each kernel's maximum activation above where the noise started
    start = optimize_inputs(pipe, kernels=[0, 3], n_steps=1, learning_rate=1e-6)
    assert np.all(best.scores > start.scores)


def test_a_linear_network_gets_its_weights_back():
    inp = keras.Input((6, 4))
    dense = keras.layers.Dense(2)
    model = keras.Model(inp, dense(keras.layers.Flatten()(inp)))
    rng = np.random.default_rng(0)
    W = rng.normal(size=(24, 2)).astype("float32")
    dense.set_weights([W, np.zeros(2, "float32")])
    best = optimize_inputs(model, target=[0, 1], n_steps=200, learning_rate=0.2)
    assert best.kind == "output"
    for o in range(2):
        np.testing.assert_array_equal(
            best.matrices[o].argmax(axis=1), W[:, o].reshape(6, 4).argmax(axis=1)
        )


def test_errors_before_any_work(planted_model):
    pipe, _X, _y = planted_model
    with pytest.raises(ValueError, match="kernel 99 is not a kernel of layer"):
        optimize_inputs(pipe, kernels=[99])
    with pytest.raises(ValueError, match="is not one of the classes"):
        optimize_inputs(pipe, target="nope")
    with pytest.raises(ValueError, match="n_steps"):
        optimize_inputs(pipe, n_steps=0)
    with pytest.raises(ValueError, match=r"channel_groups\[0\]"):
        optimize_inputs(pipe, channel_groups=[[0, 7]])


def test_display_draws_one_logo_per_objective(planted_model):
    import matplotlib.pyplot as plt

    pipe, _X, _y = planted_model
    disp = OptimizedInputDisplay.from_estimator(pipe, target=[0, 1], n_steps=50)
    assert list(disp.drawn_) == ["class 0", "class 1"]
    assert len(disp.axes_) == 2 and disp.figure_ is disp.ax_.figure
    assert disp.ax_.get_title().startswith("class 0 (objective")
    assert disp.drawn_["class 1"].shape == (40, 4)
    assert disp.result.matrices.shape == (2, 40, 4)
    plt.close("all")
