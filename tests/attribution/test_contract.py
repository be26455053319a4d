"""One contract, func(estimator_or_model, X, *, target=None): estimators, Pipelines, models."""

import numpy as np
import pytest

from skseq.attribution import METHODS, in_silico_mutagenesis, integrated_gradients, saliency


def test_pipeline_takes_strings_and_estimator_takes_encoded(fitted_pipeline):
    pipe, seqs, _y = fitted_pipeline
    X = pipe[0].transform(seqs[:3])
    clf = pipe[-1]
    for name, verb in METHODS.items():
        kwargs = {"n_steps": 4} if name == "integrated_gradients" else {}
        from_strings = verb(pipe, seqs[:3], **kwargs)
        np.testing.assert_allclose(from_strings, verb(clf, X, **kwargs), rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(
            from_strings, verb(clf.model_, X, target=0, **kwargs), rtol=1e-5, atol=1e-7
        )
        assert from_strings.shape == X.shape and from_strings.dtype == np.float32


def test_class_labels_map_to_outputs(fitted_pipeline):
    pipe, seqs, _y = fitted_pipeline
    X = pipe[0].transform(seqs[:3])
    model = pipe[-1].model_
    # binary: one sigmoid output; the default target is the positive (last) class, and the
    # other class is explained through 1 - p, i.e. the opposite gradient
    pos = saliency(pipe, seqs[:3])
    np.testing.assert_allclose(pos, saliency(model, X, target=0), rtol=1e-5)
    neg = saliency(pipe, seqs[:3], target="neg")
    np.testing.assert_allclose(neg, -pos, rtol=1e-5, atol=1e-7)
    ism = in_silico_mutagenesis(pipe, seqs[:2], target="pos")
    np.testing.assert_allclose(ism, in_silico_mutagenesis(model, X[:2], target=0), atol=1e-6)
    # one label per sequence (each sequence's true class)
    mixed = saliency(pipe, seqs[:3], target=["neg", "pos", "neg"])
    np.testing.assert_allclose(mixed, pos * np.array([-1, 1, -1])[:, None, None], atol=1e-6)
    with pytest.raises(ValueError, match="target='maybe' is not one of the classes"):
        saliency(pipe, seqs[:1], target="maybe")
    with pytest.raises(ValueError, match=r"target='x' \(sequence 1\) is not one of the classes"):
        integrated_gradients(pipe, seqs[:2], target=["pos", "x"])


def test_input_is_not_modified(fitted_pipeline):
    pipe, seqs, _y = fitted_pipeline
    X = pipe[0].transform(seqs[:4])
    before = X.copy()
    for verb in METHODS.values():
        verb(pipe[-1], X)
    np.testing.assert_array_equal(X, before)


def test_input_errors(linear_model, random_one_hot):
    from skseq.attribution import integrated_gradients

    model, _ = linear_model()
    with pytest.raises(ValueError, match=r"3-D \(n_sequences, length, channels\)"):
        saliency(model, np.zeros((12, 4)))
    with pytest.raises(ValueError, match="5 channels"):
        saliency(model, np.zeros((1, 12, 5)))
    X = random_one_hot(3)
    X[2, 0, 0] = np.inf
    with pytest.raises(ValueError, match="sequence 2, position 0, channel 0"):
        in_silico_mutagenesis(model, X)
    with pytest.raises(ValueError, match="n_steps"):
        integrated_gradients(model, random_one_hot(1), n_steps=0)
