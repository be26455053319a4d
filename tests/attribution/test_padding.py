"""Padding (all-zero positions) gets exactly zero attribution from every contribution method."""

import numpy as np
import pytest

from skseq.attribution import METHODS, method_names

PADDED = 4  # the last positions of every sequence are padding


@pytest.mark.parametrize("method", method_names(contributions_only=True))
def test_padding_gets_exactly_zero(method, linear_model, random_one_hot):
    model, _W = linear_model()
    X = random_one_hot(5)
    X[:, -PADDED:] = 0
    options = METHODS[method].accepted(baseline=np.full(X.shape[1:], 0.25, "float32"))
    values = METHODS[method](model, X, target=0, **options)
    assert np.all(values[:, -PADDED:] == 0)
    # the symbols before the padding are credited (a random linear model reads them all)
    assert np.all(np.abs(values[:, :-PADDED]).sum(axis=-1) > 0)


def test_ism_does_not_run_padding(linear_model, random_one_hot):
    model, _W = linear_model()
    seen = []
    predict_on_batch = model.predict_on_batch
    model.predict_on_batch = lambda x: seen.append(len(x)) or predict_on_batch(x)
    X = random_one_hot(2)
    X[:, -PADDED:] = 0
    from skseq.attribution import in_silico_mutagenesis

    in_silico_mutagenesis(model, X, target=0, batch_size=1000)
    # 2 references, then 2 sequences x 8 positions x 3 substitutions: no padded position
    assert seen == [2, 2 * 8 * 3]


@pytest.mark.parametrize("method", ["saliency", "integrated_gradients", "ism"])
def test_short_strings_through_a_pipeline(method, fitted_pipeline):
    pipe, seqs, _y = fitted_pipeline
    short = [s[:12] for s in seqs[:3]]  # the encoder pads them to 20 with zero rows
    values = METHODS[method](pipe, short)
    assert values.shape == (3, 20, 4)
    assert np.all(values[:, 12:] == 0)
    assert np.abs(values[:, :12]).sum() > 0
