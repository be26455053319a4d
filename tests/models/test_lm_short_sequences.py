"""Sequences shorter than k give no k-mer token: an error naming them, before any training.

Issue 30: a SequenceLMClassifier fitted on such sequences trained on padding alone and
predicted 0.5 for everything, and predict on them gave 0.5 without a word.
"""

import numpy as np
import pytest

from skseq.models._lm import SequenceLanguageModel
from skseq.models._lm_classifier import SequenceLMClassifier, SequenceLMRegressor

SMALL = dict(embedding_dim=4, hidden_units=4, n_layers=1, head_units=4, epochs=1, random_state=0)
LM = dict(embedding_dim=4, hidden_units=4, n_layers=1, bptt=10, epochs=1, chunk_length=None)


def _seqs(n=20, length=12, seed=0):
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(list("ACGT"), length)) for _ in range(n)]


@pytest.mark.parametrize("cls", [SequenceLMClassifier, SequenceLMRegressor])
def test_fit_on_sequences_without_a_token_is_an_error_before_training(cls):
    est = cls(k=5, stride=2, **SMALL)
    with pytest.raises(
        ValueError,
        match=rf"{cls.__name__}: sequence 0 has length 3, shorter than k=5.*no k-mer token"
        r".*20 of the 20 sequences",
    ):
        est.fit(["ACG", "TTG", "AC", "GGTA"] * 5, [0, 1, 0, 1] * 5)
    assert not hasattr(est, "model_")


@pytest.mark.parametrize("cls", [SequenceLMClassifier, SequenceLMRegressor])
def test_a_few_short_sequences_among_long_ones_are_named(cls):
    X = _seqs()
    X[7], X[12] = "ACGT", "AC"
    est = cls(k=5, stride=2, **SMALL)
    with pytest.raises(ValueError, match=r"sequence 7 has length 4, shorter than k=5.*2 of the 20"):
        est.fit(X, [0, 1] * 10)
    assert not hasattr(est, "model_")


def test_predict_on_a_short_sequence_is_an_error_not_one_half():
    X = _seqs()
    clf = SequenceLMClassifier(k=5, stride=2, **SMALL).fit(X, [0, 1] * 10)
    assert clf.predict_proba(X[:2]).shape == (2, 2)
    for method in (clf.predict, clf.predict_proba):
        with pytest.raises(ValueError, match=r"sequence 1 has length 4, shorter than k=5"):
            method([X[0], "ACGT"])


def test_k_comes_from_the_pretrained_language_model():
    lm = SequenceLanguageModel(k=4, stride=2, random_state=0, **LM).fit(_seqs(8, 40))
    clf = SequenceLMClassifier(pretrained=lm, k=2, **SMALL)
    with pytest.raises(ValueError, match=r"sequence 3 has length 3, shorter than k=4 of the "):
        clf.fit(["ACGT", "ACGTA", "ACGTAC", "ACG"] * 5, [0, 1] * 10)


def test_language_model_refuses_sequences_without_a_token():
    lm = SequenceLanguageModel(k=5, stride=2, **LM)
    X = _seqs(8, 40)
    X[2] = "ACG"
    with pytest.raises(ValueError, match=r"sequence 2 has length 3, shorter than k=5.*1 of the 8"):
        lm.fit(X)
    assert not hasattr(lm, "model_")
    lm.fit(_seqs(8, 40))
    for method in (lm.transform, lm.loss):
        with pytest.raises(ValueError, match=r"sequence 1 has length 2, shorter than k=5"):
            method([X[0], "AC"])


def test_language_model_with_no_document_left_says_what_to_change():
    # every sequence has a token but none the two tokens a next-token pair needs
    with pytest.raises(ValueError, match=r"no document of at least 7 symbols") as info:
        SequenceLanguageModel(k=5, stride=2, **LM).fit(["ACGTAC"] * 10)
    assert "set chunk_length=None" not in str(info.value)  # it already is
