"""Predicting again, on any number of sequences, reuses the compiled predict function.

TensorFlow warns "N out of the last M calls to <function ...> triggered tf.function
retracing" when a new function is traced on (almost) every call: it was so for
``SequenceLanguageModel.transform``, which built a new encoder network on every call, for
the predictions of cross-validation folds (a new network each, predicting a batch or two)
and for the stages of gradual unfreezing (each compiles again). Its detector counts the
calls of every network's function of the same Python code together.
"""

import logging

import keras
import numpy as np
import pytest
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
from skseq.models import SequenceLMClassifier
from skseq.models._batches import EAGER_PREDICT_BATCHES, SequenceBatches, predict_in_batches
from skseq.models._lm import SequenceLanguageModel

SIZES = (1, 2, 3, 5, 8, 13)


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def retracing_warnings(monkeypatch):
    import tensorflow as tf
    from tensorflow.python.eager.polymorphic_function import polymorphic_function as pf

    # TensorFlow warns at most twice per traced Python function and process: fresh
    # detectors, so that earlier tests in the same worker cannot use the warnings up
    monkeypatch.setattr(
        pf, "_frequent_tracing_detector_manager", pf._FrequentTracingDetectorManager()
    )
    handler = _Records()
    tf.get_logger().addHandler(handler)
    yield lambda: [m for m in handler.messages if "retracing" in m]
    tf.get_logger().removeHandler(handler)


def _tiny_lm(**params):
    return SequenceLanguageModel(
        k=3,
        stride=1,
        embedding_dim=4,
        hidden_units=4,
        n_layers=1,
        epochs=1,
        random_state=0,
        **params,
    )


def _sequences(n, length, seed=0):
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(list("ACGT"), length)) for _ in range(n)]


def test_cnn_predicts_any_number_of_sequences_without_retracing(retracing_warnings):
    seqs = _sequences(40, 20)
    X = SequenceOneHotTransformer().fit_transform(seqs)
    clf = SequenceCNNClassifier(
        n_filters=4, dense_units=4, epochs=1, validation_fraction=0, verbose=0, random_state=0
    ).fit(X, [0, 1] * 20)
    for n in SIZES:
        assert clf.predict_proba(X[:n]).shape == (n, 2)
    assert retracing_warnings() == []


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # random text
def test_language_model_transform_reuses_its_encoder(retracing_warnings):
    lm = _tiny_lm(bptt=10, batch_size=8).fit(["".join(_sequences(8, 40, seed=1))])
    seqs = _sequences(13, 15, seed=2)
    for n in SIZES:
        assert lm.transform(seqs[:n]).shape == (n, 12)
    assert retracing_warnings() == []  # was: "5 out of the last 5 calls ... retracing"


def test_cross_validation_predicts_without_retracing(retracing_warnings, monkeypatch):
    # traced fits, as on data of real size (tiny fits run eagerly, predicting too)
    monkeypatch.setattr("skseq.models._training._MAX_EAGER_POSITIONS", 0)
    seqs = _sequences(100, 20)
    pipe = make_pipeline(
        SequenceOneHotTransformer(),
        SequenceCNNClassifier(
            n_filters=4,
            dense_units=4,
            epochs=1,
            batch_size=8,
            validation_fraction=0,
            verbose=0,
            random_state=0,
        ),
    )
    scores = cross_val_score(pipe, seqs, np.arange(100) % 2, cv=5)
    assert len(scores) == 5
    # was: "5 out of the last 5 calls to <function ... one_step_on_data_distributed ...>"
    assert retracing_warnings() == []


@pytest.mark.parametrize("n", [EAGER_PREDICT_BATCHES * 3 - 1, EAGER_PREDICT_BATCHES * 3 + 2])
def test_predict_in_batches_traces_once_at_most(n):
    model = keras.Sequential([keras.Input((5, 4)), keras.layers.Flatten(), keras.layers.Dense(2)])
    X = np.random.default_rng(0).random((n, 5, 4)).astype("float32")
    expected = model.predict(X, verbose=0)
    for data in (X, SequenceBatches(X, batch_size=3)):
        model.make_predict_function(force=True)  # as a new network's
        np.testing.assert_allclose(predict_in_batches(model, data, 3), expected, rtol=1e-6)
        if keras.backend.backend() == "tensorflow":
            # a few batches are called directly; more, their full batches only: one trace
            traced = n // 3 >= EAGER_PREDICT_BATCHES
            assert model.predict_function.experimental_get_tracing_count() == int(traced)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # random text
def test_gradual_unfreezing_does_not_retrace_every_call(retracing_warnings):
    seqs = _sequences(80, 60, seed=3)
    lm = _tiny_lm(bptt=20, chunk_length=None).fit(seqs)
    clf = SequenceLMClassifier(
        pretrained=lm, epochs=2, head_units=4, batch_size=16, random_state=0
    ).fit(seqs, np.arange(80) % 2)
    clf.predict_proba(seqs[:7])
    # head, LSTM, embedding: the earlier stages validate only for callbacks (one trace
    # each, not two); was "5 out of the last 12 calls to <function ...multi_step_on_iterator"
    assert [("val_loss" in h) for h in clf.history_] == [False, False, True]
    assert retracing_warnings() == []
