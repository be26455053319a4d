"""Fine-tuning from a language model: weights really come from it, gradual unfreezing keeps
frozen layers unchanged, and the sklearn contract (clone, pickle, pipelines, grouped CV)."""

import pickle

import keras
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GroupKFold, cross_val_score
from sklearn.pipeline import make_pipeline

from skseq.models._lm import SequenceLanguageModel
from skseq.models._lm_classifier import SequenceLMClassifier, SequenceLMRegressor
from skseq.preprocessing._kmers import KmerTokenizer

SIZES = dict(embedding_dim=8, hidden_units=12, n_layers=2)
HEAD = dict(head_units=8, batch_size=16, learning_rate=1e-2, random_state=0)
ENCODER = ["embedding", "lstm_1", "lstm_2"]


def _data(n=80, length=30, seed=0):
    rng = np.random.default_rng(seed)
    seqs = ["".join(rng.choice(list("ACGT"), length)) for _ in range(n)]
    y = np.arange(n) % 2
    seqs = [s[:10] + "GGGGGG" + s[16:] if label else s for s, label in zip(seqs, y)]
    return np.array(seqs), y


@pytest.fixture(scope="module")
def lm():
    seqs, _ = _data(60, 60, seed=1)
    return SequenceLanguageModel(
        k=3, stride=1, bptt=20, epochs=1, chunk_length=None, random_state=0, **SIZES
    ).fit(seqs)


def _weights(model, name):
    return [np.asarray(w).copy() for w in model.get_layer(name).get_weights()]


def _same(a, b):
    return all(np.array_equal(x, y) for x, y in zip(a, b))


class _Snapshots(keras.callbacks.Callback):
    """The encoder's and head's weights at the end of every training stage."""

    def __init__(self):
        super().__init__()
        self.stages = []

    def on_train_end(self, logs=None):
        self.stages.append({n: _weights(self.model, n) for n in [*ENCODER, "head_dense"]})


def test_gradual_unfreezing_keeps_frozen_layers_and_starts_from_the_lm(lm):
    X, y = _data()
    snaps = _Snapshots()
    clf = SequenceLMClassifier(pretrained=lm, epochs=1, **HEAD).fit(X, y, callbacks=[snaps])
    lm_w = {n: _weights(lm.model_, n) for n in ENCODER}
    assert [h["trainable"] for h in clf.history_] == [
        ["head_dense", "head_output"],
        ["head_dense", "head_output", "lstm_2"],
        ["head_dense", "head_output", "lstm_1", "lstm_2"],
        ["embedding", "head_dense", "head_output", "lstm_1", "lstm_2"],
    ]
    head_only, plus_last, plus_first, everything = snaps.stages
    # stage 1: the whole encoder is still exactly the language model's
    assert all(_same(head_only[n], lm_w[n]) for n in ENCODER)
    # stage 2: the last LSTM moved, the rest did not
    assert not _same(plus_last["lstm_2"], lm_w["lstm_2"])
    assert _same(plus_last["lstm_1"], lm_w["lstm_1"])
    assert _same(plus_last["embedding"], lm_w["embedding"])
    # stage 3: first LSTM moved, embedding frozen; stage 4: all moved
    assert not _same(plus_first["lstm_1"], lm_w["lstm_1"])
    assert _same(plus_first["embedding"], lm_w["embedding"])
    assert not _same(everything["embedding"], lm_w["embedding"])
    # the language model itself is untouched
    assert all(_same(_weights(lm.model_, n), lm_w[n]) for n in ENCODER)


def test_head_only_keeps_the_lm_encoder_and_scratch_does_not(lm):
    X, y = _data()
    probe = SequenceLMClassifier(pretrained=lm, finetune="head", epochs=2, **HEAD).fit(X, y)
    for name in ENCODER:
        assert _same(_weights(probe.model_, name), _weights(lm.model_, name))
    scratch = SequenceLMClassifier(k=3, stride=1, epochs=1, **SIZES, **HEAD).fit(X, y)
    assert not _same(_weights(scratch.model_, "lstm_1"), _weights(lm.model_, "lstm_1"))
    assert [h["trainable"] for h in scratch.history_][0][0] == "embedding"


def test_lm_finetuning_on_task_sequences_changes_the_start(lm):
    X, y = _data()
    clf = SequenceLMClassifier(pretrained=lm, finetune="head", lm_epochs=1, epochs=1, **HEAD)
    clf.fit(X, y)
    assert not _same(_weights(clf.model_, "lstm_1"), _weights(lm.model_, "lstm_1"))


def test_clone_shares_the_fitted_lm_and_unfitted_lm_is_a_clear_error(lm):
    clf = SequenceLMClassifier(pretrained=lm, **HEAD)
    copy = clone(clf)
    assert copy.pretrained is lm and copy is not clf
    assert copy.get_params()["learning_rate"] == clf.learning_rate
    with pytest.raises(NotFittedError, match="pretrained SequenceLanguageModel is not fitted"):
        SequenceLMClassifier(pretrained=clone(lm)).fit(*_data(10))


def test_pickle_tokens_input_and_pipeline_with_grouped_cv(lm):
    X, y = _data()
    clf = SequenceLMClassifier(pretrained=lm, finetune="all", epochs=1, **HEAD).fit(X, y)
    again = pickle.loads(pickle.dumps(clf))
    np.testing.assert_allclose(again.predict_proba(X[:5]), clf.predict_proba(X[:5]), rtol=1e-5)
    tokens = KmerTokenizer(k=3, stride=1).fit_transform(X[:5])
    np.testing.assert_allclose(clf.predict_proba(tokens), clf.predict_proba(X[:5]), rtol=1e-5)
    pipe = make_pipeline(
        KmerTokenizer(k=3, stride=1),
        SequenceLMClassifier(pretrained=lm, finetune="all", epochs=1, **HEAD),
    )
    groups = np.arange(len(X)) // 10
    scores = cross_val_score(pipe, X, y, groups=groups, cv=GroupKFold(2), scoring="accuracy")
    assert scores.shape == (2,) and np.isfinite(scores).all()


def test_regressor_and_bad_tokens(lm):
    X, _ = _data()
    target = np.array([s.count("G") / len(s) for s in X])
    reg = SequenceLMRegressor(pretrained=lm, finetune="all", epochs=1, **HEAD).fit(X, target)
    assert reg.predict(X[:4]).shape == (4,)
    with pytest.raises(ValueError, match="X holds 0.5 at sequence 0, position 1"):
        reg.predict(np.array([[2, 0.5, 3]]))
    with pytest.raises(ValueError, match="requires y"):
        SequenceLMRegressor().fit(X, None)


def test_class_weight_moves_predictions_towards_the_weighted_class():
    X, y = _data(n=60)
    params = dict(epochs=3, random_state=0, validation_fraction=0, **SIZES)
    plain = SequenceLMClassifier(**params).fit(X, y)
    heavy = SequenceLMClassifier(class_weight={0: 1.0, 1: 50.0}, **params).fit(X, y)
    assert heavy.predict_proba(X)[:, 1].mean() > plain.predict_proba(X)[:, 1].mean()
    with pytest.raises(ValueError, match="class_weight names classes"):
        SequenceLMClassifier(class_weight={7: 2.0}, **params).fit(X, y)


def test_early_stopping_waits_for_the_warm_up_to_end():
    # Labels that are noise: the validation loss rises from the first epochs, so early
    # stopping with patience 1 would end after two epochs if it watched the warm-up too.
    rng = np.random.default_rng(0)
    X = np.array(["".join(rng.choice(list("ACGT"), 30)) for _ in range(60)])
    y = rng.permutation(np.arange(60) % 2)
    clf = SequenceLMClassifier(
        k=3, stride=1, **SIZES, **HEAD, epochs=12, patience=1, validation_fraction=0.25
    ).fit(X, y)
    # 3 warm-up epochs (a quarter of 12), then the first watched epoch and one of patience
    assert clf.n_epochs_ >= 5
    assert len(clf.history_[-1]["val_loss"]) == clf.n_epochs_
