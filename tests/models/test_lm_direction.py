"""direction="backward": a language model (and the classifiers fine-tuned from it) reading
each sequence's tokens in reverse order, and a forward + backward ensemble."""

import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.ensemble import VotingClassifier
from sklearn.metrics import roc_auc_score

from skseq.models._lm import SequenceLanguageModel
from skseq.models._lm_classifier import SequenceLMClassifier
from skseq.models._lm_common import informed_random_loss, reverse_tokens
from skseq.preprocessing._kmers import KmerTokenizer

# k=1, stride 1: reversing the token order is reversing the string, so a backward model
# must give on a sequence what the same weights read forward give on its reverse
LM = dict(k=1, stride=1, embedding_dim=8, hidden_units=8, n_layers=1, bptt=10, verbose=0)
HEAD = dict(head_units=4, epochs=2, batch_size=16, random_state=0)


def _random(n, length, seed):
    rng = np.random.default_rng(seed)
    return np.array(["".join(rng.choice(list("ACGT"), length)) for _ in range(n)])


def _pattern(n, length, seed):
    """Rotations of a pattern that reads differently backward (AACGT vs TGCAA)."""
    starts = np.random.default_rng(seed).integers(0, 5, n)
    return np.array([("AACGT" * (length // 5 + 2))[s : s + length] for s in starts])


@pytest.fixture(scope="module")
def backward_lm():
    lm = SequenceLanguageModel(direction="backward", epochs=4, learning_rate=3e-2, **LM)
    return lm.set_params(random_state=0).fit(_pattern(100, 100, seed=1))


def _read_forward(model):
    """The same fitted weights, reading forward."""
    twin = pickle.loads(pickle.dumps(model))
    if hasattr(twin, "direction_"):
        twin.direction_ = "forward"
    else:
        twin.direction = "forward"
    return twin


@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.lists(st.integers(1, 9), max_size=6), st.integers(0, 3)),
        min_size=1,
        max_size=5,
    )
)
def test_reverse_tokens_reverses_each_row_and_keeps_the_padding(rows):
    width = max(a + len(t) + b for a, t, b in rows)
    tokens = np.zeros((len(rows), width), dtype=np.int32)
    expected = tokens.copy()
    for i, (pad, row, _) in enumerate(rows):
        tokens[i, pad : pad + len(row)] = row
        expected[i, pad : pad + len(row)] = row[::-1]
    np.testing.assert_array_equal(reverse_tokens(tokens), expected)
    np.testing.assert_array_equal(reverse_tokens(reverse_tokens(tokens)), tokens)
    np.testing.assert_array_equal(reverse_tokens(tokens[None])[0], expected)  # any rank


def test_informed_random_loss_counts_the_first_symbols_backward():
    # k=2, stride 1: forward the second symbol is new, backward the first
    tokens = KmerTokenizer(k=2, stride=1).fit_transform(["AC", "AG", "AT", "AA"] * 5)
    assert informed_random_loss(tokens, k=2, stride=1) == pytest.approx(np.log(4))
    assert informed_random_loss(tokens, k=2, stride=1, direction="backward") == 0.0


def test_backward_lm_reads_the_tokens_in_reverse(backward_lm):
    seqs = _pattern(5, 30, seed=2)
    reverse = np.array([s[::-1] for s in seqs])
    forward = _read_forward(backward_lm)
    assert backward_lm.loss(seqs) == pytest.approx(forward.loss(reverse), rel=1e-5)
    # it learned the pattern read backward: read forward, the same weights are lost
    assert backward_lm.loss(seqs) < forward.loss(seqs) - 0.5
    np.testing.assert_allclose(
        backward_lm.transform(seqs), forward.transform(reverse), rtol=1e-5, atol=1e-6
    )


def test_backward_lm_learns_a_repeated_pattern(backward_lm):
    assert backward_lm.val_loss_ < 0.2 * backward_lm.informed_random_loss_


def test_classifier_reads_like_its_language_model(backward_lm):
    X, y = _random(40, 24, seed=3), np.arange(40) % 2
    clf = SequenceLMClassifier(pretrained=backward_lm, **HEAD).fit(X, y)
    assert clf.direction_ == "backward"
    reverse = np.array([s[::-1] for s in X])
    np.testing.assert_allclose(
        clf.predict_proba(X), _read_forward(clf).predict_proba(reverse), rtol=1e-5, atol=1e-6
    )
    scratch = SequenceLMClassifier(k=1, stride=1, embedding_dim=8, hidden_units=8, **HEAD)
    assert scratch.fit(X, y).direction_ == "forward"


def test_models_saved_before_direction_read_forward(backward_lm):
    state = backward_lm.__getstate__()
    del state["direction"]
    old = SequenceLanguageModel.__new__(SequenceLanguageModel)
    old.__setstate__(state)
    assert old.get_params()["direction"] == "forward"


def test_forward_and_backward_classifiers_vote():
    rng = np.random.default_rng(4)
    X = _random(160, 30, seed=4)
    y = rng.integers(0, 2, len(X))
    X = np.array([s[:10] + "GGGGCCCC" + s[18:] if t else s for s, t in zip(X, y)])
    params = dict(k=3, stride=1, embedding_dim=8, hidden_units=8, n_layers=1, bptt=10)
    lms = {
        d: SequenceLanguageModel(direction=d, epochs=1, random_state=0, verbose=0, **params).fit(
            X[:120]
        )
        for d in ("forward", "backward")
    }
    head = {**HEAD, "epochs": 8}
    members = [(d, SequenceLMClassifier(pretrained=lm, **head)) for d, lm in lms.items()]
    vote = VotingClassifier(members, voting="soft")
    vote = clone(vote).fit(X[:120], y[:120])
    proba = vote.predict_proba(X[120:])
    alone = [m.predict_proba(X[120:]) for m in vote.estimators_]
    np.testing.assert_allclose(proba, np.mean(alone, axis=0), rtol=1e-6)
    assert roc_auc_score(y[120:], proba[:, 1]) > 0.8  # held-out: the last 40, seed 4
    again = pickle.loads(pickle.dumps(vote))
    np.testing.assert_allclose(again.predict_proba(X[120:]), proba, rtol=1e-6)
