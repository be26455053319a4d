"""input_gradients and saliency against a linear network, whose gradient is its weights."""

import numpy as np

from skseq.attribution import input_gradients, saliency


def test_gradients_of_a_linear_model_are_its_weights(linear_model, random_one_hot):
    model, W = linear_model()
    X = random_one_hot(5)
    for target in (0, 1):
        grads = input_gradients(model, X, target=target)
        np.testing.assert_allclose(grads, np.broadcast_to(W[..., target], X.shape), rtol=1e-5)
        np.testing.assert_allclose(saliency(model, X, target=target), W[..., target] * X, rtol=1e-5)


def test_callable_target(linear_model, random_one_hot):
    model, W = linear_model()
    X = random_one_hot(3)
    diff = input_gradients(model, X, target=lambda out: out[:, 1] - out[:, 0])
    np.testing.assert_allclose(
        diff, np.broadcast_to(W[..., 1] - W[..., 0], X.shape), rtol=1e-4, atol=1e-5
    )


def test_one_target_per_sequence(linear_model, random_one_hot):
    model, W = linear_model()
    X = random_one_hot(4)
    per_sequence = saliency(model, X, target=np.array([0, 1, 1, 0]), batch_size=3)
    for i, t in enumerate([0, 1, 1, 0]):
        np.testing.assert_allclose(per_sequence[i], W[..., t] * X[i], rtol=1e-5)


def test_integer_input_is_neither_copied_to_float_nor_changed(linear_model, random_one_hot):
    model, W = linear_model()
    X = random_one_hot(3).astype(np.uint8)
    before = X.copy()
    sal = saliency(model, X, target=1)
    assert sal.dtype == np.float32
    np.testing.assert_allclose(sal, W[..., 1] * X, rtol=1e-5)
    np.testing.assert_array_equal(X, before)
