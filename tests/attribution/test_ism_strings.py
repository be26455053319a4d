"""in_silico_mutagenesis on strings-in models: LM pipelines and any estimator on strings."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.pipeline import make_pipeline

from skseq.attribution import in_silico_mutagenesis
from skseq.models import SequenceLMClassifier
from skseq.preprocessing._kmers import KmerTokenizer

WEIGHTS = np.random.default_rng(0).normal(size=(12, 4))


def _value(seq):
    """A position- and symbol-dependent score; unknown symbols (N) count 0."""
    codes = ["ACGT".find(c) for c in seq.upper()]
    return sum(WEIGHTS[i, c] for i, c in enumerate(codes) if c >= 0)


class FakeClassifier(ClassifierMixin, BaseEstimator):
    """Deterministic three-class scorer on strings; records the size of every call."""

    def fit(self, X, y=None):
        self.classes_ = np.array(["a", "b", "c"])
        self.calls_ = []
        return self

    def predict_proba(self, X):
        self.calls_.append(len(X))
        v = np.array([_value(s) for s in X])
        logits = np.stack([v, -v, 0.5 * v], axis=1)
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)


class FakeRegressor(RegressorMixin, BaseEstimator):
    def fit(self, X, y=None):
        return self

    def predict(self, X):
        v = np.array([_value(s) for s in X])
        return np.stack([v, v**2], axis=1)


def brute_force(score, seqs, alphabet="ACGT"):
    """score(mutant) - score(sequence), one mutant at a time."""
    out = np.zeros((len(seqs), max(map(len, seqs)), len(alphabet)), dtype=np.float32)
    for i, seq in enumerate(seqs):
        ref = score(seq, i)
        for p in range(len(seq)):
            for c, sym in enumerate(alphabet):
                if seq[p].upper() != sym:
                    out[i, p, c] = np.float32(score(seq[:p] + sym + seq[p + 1 :], i) - ref)
    return out


SEQS = ["ACGTACGTACGT", "ttgacaNNtata", "GGGCCC", "ACGTTGCAAC"]


@pytest.mark.parametrize("batch_size", [1, 7, 1024])
def test_deltas_are_exactly_mutant_minus_reference_score(batch_size):
    clf = FakeClassifier().fit(None)
    deltas = in_silico_mutagenesis(clf, SEQS, batch_size=batch_size)
    expected = brute_force(lambda s, i: clf.predict_proba([s])[0, 2], SEQS)
    assert deltas.shape == (4, 12, 4) and deltas.dtype == np.float32
    np.testing.assert_array_equal(deltas, expected)
    # N positions mutate to every symbol; past the end of short sequences stays zero
    assert (deltas[1, 6:8] != 0).all() and (deltas[2, 6:] == 0).all()
    sizes = clf.calls_[1:] if batch_size >= 4 else clf.calls_[4:]
    assert max(sizes) <= batch_size


def test_targets_label_per_sequence_index_and_callable():
    clf = FakeClassifier().fit(None)
    per_seq = ["a", "b", "c", "a"]
    got = in_silico_mutagenesis(clf, SEQS, target=per_seq)
    col = {"a": 0, "b": 1, "c": 2}
    expected = brute_force(lambda s, i: clf.predict_proba([s])[0, col[per_seq[i]]], SEQS)
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(
        in_silico_mutagenesis(clf, SEQS, target=lambda p: p[:, 0] - p[:, 1]),
        brute_force(lambda s, i: (lambda p: p[0, 0] - p[0, 1])(clf.predict_proba([s])), SEQS),
    )
    reg = FakeRegressor()
    np.testing.assert_array_equal(
        in_silico_mutagenesis(reg, SEQS, target=1),
        brute_force(lambda s, i: _value(s) ** 2, SEQS),
    )
    with pytest.raises(ValueError, match="not one of the classes"):
        in_silico_mutagenesis(clf, SEQS, target="z")
    with pytest.raises(ValueError, match="output index"):
        in_silico_mutagenesis(reg, SEQS, target=2)
    with pytest.raises(ValueError, match="one per sequence"):
        in_silico_mutagenesis(clf, SEQS, target=["a", "b"])
    with pytest.raises(ValueError, match="distinct symbols"):
        in_silico_mutagenesis(clf, SEQS, alphabet="AAC")


def test_alphabet_order_and_rna():
    reg = FakeRegressor()
    seqs = ["ACGUACGU"]
    got = in_silico_mutagenesis(reg, seqs, alphabet="UGCA")
    # U is unknown to the scorer (counts 0); the columns follow the alphabet given
    expected = brute_force(lambda s, i: _value(s), seqs, alphabet="UGCA")
    np.testing.assert_array_equal(got, expected)


@pytest.fixture(scope="module")
def planted_lm_pipeline():
    """A tiny LM classifier that must find GGGG at positions 6-9 of 20-nt sequences."""
    rng = np.random.default_rng(0)
    seqs = ["".join(rng.choice(list("ACT"), 20)) for _ in range(240)]
    y = np.arange(240) % 2
    seqs = [s[:6] + "GGGG" + s[10:] if label else s for s, label in zip(seqs, y)]
    clf = SequenceLMClassifier(
        k=2,
        stride=1,
        embedding_dim=8,
        hidden_units=8,
        n_layers=1,
        head_units=8,
        epochs=12,
        learning_rate=2e-2,
        validation_fraction=0,
        random_state=0,
    )
    return make_pipeline(KmerTokenizer(k=2, stride=1), clf).fit(seqs, y), seqs, y


def test_lm_pipeline_deltas_and_planted_position(planted_lm_pipeline):
    pipe, seqs, y = planted_lm_pipeline
    assert pipe.score(seqs, y) > 0.9
    positives = [s for s, label in zip(seqs, y) if label][:3]
    deltas = in_silico_mutagenesis(pipe, positives, batch_size=50)
    assert deltas.shape == (3, 20, 4)
    # spot-check: each delta is the pipeline's probability change, re-tokenised
    seq = positives[0]
    ref = pipe.predict_proba([seq])[0, 1]
    for p, c in [(7, 0), (0, 3), (15, 1)]:
        mutant = seq[:p] + "ACGT"[c] + seq[p + 1 :]
        want = np.float32(pipe.predict_proba([mutant])[0, 1] - ref)
        np.testing.assert_allclose(deltas[0, p, c], want, atol=1e-6)
    # the planted k-mer: breaking it costs the most, for every sequence
    effect = np.abs(deltas).max(axis=2)
    assert set(effect.argmax(axis=1).tolist()) <= set(range(6, 10))
    # a bare LM classifier takes the strings itself (its own tokenizer)
    bare = in_silico_mutagenesis(pipe[-1], positives[:1])
    np.testing.assert_allclose(bare, deltas[:1], atol=1e-6)
