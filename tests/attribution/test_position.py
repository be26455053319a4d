"""position_importance and its reduction over channels."""

import numpy as np

from skseq.attribution import in_silico_mutagenesis, position_importance, reduce_to_positions


def test_position_importance_reductions():
    attr = np.array([[[0.0, 2.0, 0.0, 0.0], [0.0, 0.0, -1.0, 0.0]]])
    np.testing.assert_allclose(reduce_to_positions(attr, method="saliency"), [[2.0, -1.0]])
    ism = np.array([[[-1.0, 0.0, -1.0, -2.0]]])
    np.testing.assert_allclose(reduce_to_positions(ism, method="ism"), [[1.0]])


def test_position_importance_runs_the_verb(linear_model, random_one_hot):
    model, W = linear_model()
    X = random_one_hot(3)
    sal = position_importance(model, X, target=1)
    np.testing.assert_allclose(sal, (W[..., 1] * X).sum(-1), rtol=1e-5)
    ism = position_importance(model, X, target=1, method="ism", batch_size=50)
    np.testing.assert_allclose(
        ism, -in_silico_mutagenesis(model, X, target=1).mean(-1), rtol=1e-5, atol=1e-6
    )
    ig = position_importance(model, X, method="integrated_gradients", n_steps=4)
    assert ig.shape == (3, X.shape[1])
