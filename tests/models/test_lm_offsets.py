"""token_offsets="all": string input tokenised from every start offset below the stride,
every copy trained on, predictions averaged over the copies."""

import keras
import numpy as np
import pytest
from sklearn.base import clone

from skseq.models._lm_classifier import SequenceLMClassifier, SequenceLMRegressor
from skseq.models._lm_head import copies
from skseq.preprocessing._kmers import KmerTokenizer

PARAMS = dict(
    k=3,
    stride=2,
    embedding_dim=8,
    hidden_units=8,
    n_layers=1,
    head_units=4,
    epochs=2,
    batch_size=16,
    random_state=0,
)


def _data(n=40, length=21, seed=0):
    rng = np.random.default_rng(seed)
    return np.array(["".join(rng.choice(list("ACGT"), length)) for _ in range(n)]), np.arange(n) % 2


class _Steps(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.steps = []

    def on_epoch_begin(self, epoch, logs=None):
        self.steps.append(0)

    def on_train_batch_end(self, batch, logs=None):
        self.steps[-1] += 1


@pytest.mark.parametrize("offsets, steps", [("first", 2), ("all", 4)])
def test_all_offsets_train_on_a_copy_per_offset(offsets, steps):
    X, y = _data()
    counter = _Steps()
    SequenceLMClassifier(token_offsets=offsets, validation_fraction=0.25, **PARAMS).fit(
        X, y, callbacks=[counter]
    )
    # 30 training sequences, batch 16: 2 steps an epoch, 4 with both offsets
    assert set(counter.steps) == {steps}


def test_predictions_are_the_mean_over_offsets():
    X, y = _data()
    clf = SequenceLMClassifier(token_offsets="all", **PARAMS).fit(X, y)
    tokenizer = KmerTokenizer(k=3, stride=2, length=10)
    by_offset = [
        clf.model_.predict(tokenizer.fit_transform([s[f:] for s in X]), verbose=0)[:, 0]
        for f in (0, 1)
    ]
    np.testing.assert_allclose(clf.predict_proba(X)[:, 1], np.mean(by_offset, axis=0), rtol=1e-5)
    first = clone(clf).set_params(token_offsets="first").fit(X, y)
    assert not np.allclose(first.predict_proba(X), clf.predict_proba(X))


def test_a_sequence_too_short_for_a_second_offset_uses_the_first_only():
    X, y = _data()
    reg = SequenceLMRegressor(token_offsets="all", **PARAMS).fit(X, y.astype(float))
    short = "ACG"  # one 3-mer from offset 0, none from offset 1
    alone = reg.model_.predict(KmerTokenizer(k=3, stride=2).fit_transform([short]), verbose=0)
    np.testing.assert_allclose(reg.predict([short]), alone[:, 0], rtol=1e-5)


def test_token_arrays_are_one_offset():
    X, y = _data()
    tokens = KmerTokenizer(k=3, stride=2).fit_transform(X)
    counter = _Steps()
    SequenceLMClassifier(token_offsets="all", validation_fraction=0.25, **PARAMS).fit(
        tokens, y, callbacks=[counter]
    )
    assert set(counter.steps) == {2}


def test_copies_keep_sequences_together_and_skip_empty_copies():
    present = np.array([[True, True, True], [True, False, True]])
    tokens = np.arange(6).reshape(2, 3)  # offset x sequence
    offset, seq = copies(present, np.array([0, 1]))
    np.testing.assert_array_equal(tokens[offset, seq], [0, 1, 3])
    np.testing.assert_array_equal(np.array([7, 8, 9])[seq], [7, 8, 7])
