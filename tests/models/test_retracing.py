"""Predicting again, on any number of sequences, reuses the compiled predict function.

TensorFlow warns "N out of the last M calls to <function ...> triggered tf.function
retracing" when a new function is traced on (almost) every call: it was so for
``SequenceLanguageModel.transform``, which built a new encoder network on every call.
"""

import logging

import numpy as np
import pytest

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
from skseq.models._lm import SequenceLanguageModel

SIZES = (1, 2, 3, 5, 8, 13)


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def retracing_warnings():
    import tensorflow as tf

    handler = _Records()
    tf.get_logger().addHandler(handler)
    yield lambda: [m for m in handler.messages if "retracing" in m]
    tf.get_logger().removeHandler(handler)


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
    lm = SequenceLanguageModel(
        k=3,
        stride=1,
        embedding_dim=4,
        hidden_units=4,
        n_layers=1,
        epochs=1,
        bptt=10,
        batch_size=8,
        random_state=0,
    )
    lm.fit(["".join(_sequences(8, 40, seed=1))])
    seqs = _sequences(13, 15, seed=2)
    for n in SIZES:
        assert lm.transform(seqs[:n]).shape == (n, 12)
    assert retracing_warnings() == []  # was: "5 out of the last 5 calls ... retracing"
