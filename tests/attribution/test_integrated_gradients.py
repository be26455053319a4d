"""Integrated gradients: completeness on a non-linear network, and baselines."""

import numpy as np
import pytest

from skseq.attribution import integrated_gradients, saliency


def test_integrated_gradients_are_complete_on_a_nonlinear_model(quadratic_model, random_one_hot):
    model = quadratic_model
    X = random_one_hot(4)
    ig = integrated_gradients(model, X, target=0, n_steps=64)
    f = model.predict(np.concatenate([X, np.zeros_like(X)]), verbose=0)[:, 0]
    # completeness: attributions sum to f(x) - f(baseline)
    np.testing.assert_allclose(ig.sum(axis=(1, 2)), f[:4] - f[4:], rtol=1e-3, atol=1e-4)
    # and they differ from gradient x input, which double counts on a square
    sal = saliency(model, X, target=0)
    np.testing.assert_allclose(sal.sum(axis=(1, 2)), 2 * (f[:4] - f[4:]), rtol=1e-3)


def test_a_given_baseline_is_used(quadratic_model, random_one_hot):
    model = quadratic_model
    X = random_one_hot(3)
    base = np.full(X.shape[1:], 0.25, dtype="float32")
    ig = integrated_gradients(model, X, n_steps=64, baseline=base, batch_size=50)
    f = model.predict(np.concatenate([X, base[None]]), verbose=0)[:, 0]
    np.testing.assert_allclose(ig.sum(axis=(1, 2)), f[:3] - f[3], rtol=1e-3, atol=1e-4)
    with pytest.raises(ValueError, match=r"baseline has shape \(3, 4\)"):
        integrated_gradients(model, X, baseline=np.zeros((3, 4)))
