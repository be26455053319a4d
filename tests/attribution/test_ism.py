"""In-silico mutagenesis: brute force, channel groups, batching across sequences."""

import keras
import numpy as np
import pytest

from skseq.attribution import in_silico_mutagenesis

LENGTH, CHANNELS = 12, 4


def test_ism_equals_brute_force_predictions(linear_model, random_one_hot):
    model, W = linear_model()
    X = random_one_hot(2)
    ism = in_silico_mutagenesis(model, X, target=1)
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


def test_ism_mutates_each_channel_group_on_its_own(random_one_hot):
    inp = keras.Input((LENGTH, 6), name="sequence")
    model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(inp)))
    X = np.concatenate([random_one_hot(1), np.tile([[1.0, 0.0]], (1, LENGTH, 1))], axis=-1)
    ism = in_silico_mutagenesis(model, X, target=0, channel_groups=[[0, 1, 2, 3], [4, 5]])
    assert ism.shape == X.shape
    assert np.all(ism[0, :, 4] == 0) and np.any(ism[0, :, 5] != 0)


@pytest.mark.parametrize("batch_size", [1, 7, 100, 4096])
def test_batches_across_sequences_give_the_same_answer(linear_model, random_one_hot, batch_size):
    model, W = linear_model()
    X = random_one_hot(9, seed=4)
    old = X.argmax(-1)
    expected = W[..., 0][None] - np.take_along_axis(W[..., 0][None], old[..., None], -1)
    ism = in_silico_mutagenesis(model, X, target=0, batch_size=batch_size)
    np.testing.assert_allclose(ism, expected, atol=1e-4)


def test_probability_channels_are_mutated_at_every_symbol(linear_model):
    # a position holding probabilities, not one-hot: every substitution changes it
    model, W = linear_model()
    X = np.full((1, LENGTH, CHANNELS), 0.25, dtype="float32")
    ism = in_silico_mutagenesis(model, X, target=0)
    expected = W[..., 0] - (0.25 * W[..., 0]).sum(axis=-1, keepdims=True)
    np.testing.assert_allclose(ism[0], expected, atol=1e-4)


def test_forward_passes_are_batches_of_batch_size(linear_model, random_one_hot):
    model, W = linear_model()
    seen = []
    predict_on_batch = model.predict_on_batch

    def counting(x):
        seen.append(len(x))
        return predict_on_batch(x)

    model.predict_on_batch = counting
    ism = in_silico_mutagenesis(model, random_one_hot(20), target=0, batch_size=64)
    # 20 references, then 20 sequences x 12 positions x 3 substitutions = 720 mutants (the
    # observed symbol is not run), in 12 batches: each padded to one shape of 64
    assert seen == [64] * 13
    assert ism.shape == (20, 12, 4)
