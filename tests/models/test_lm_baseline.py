"""A language model that does not beat the informed-random baseline says so.

Issue 30: one trained from scratch on 30 kb reached a held-out loss of 6.86 nats per token
against an informed-random 2.76, and nothing told the user.
"""

import warnings

import keras
import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from skseq.models._lm import SequenceLanguageModel

TINY = dict(k=3, stride=1, embedding_dim=8, hidden_units=8, n_layers=1, bptt=20, chunk_length=None)
NO_DROPOUT = dict.fromkeys(
    ["embedding_dropout", "input_dropout", "hidden_dropout", "output_dropout"], 0.0
)


def _random(n, length, seed=0):
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(list("ACGT"), length)) for _ in range(n)]


def test_a_model_worse_than_the_baseline_warns_with_both_numbers():
    # uniform random sequence: nothing to learn beyond the overlap, and one epoch of a
    # network starting at ln 66 per token stays far above ln 4
    lm = SequenceLanguageModel(epochs=1, validation_fraction=0.25, random_state=0, **TINY)
    with pytest.warns(ConvergenceWarning) as caught:
        lm.fit(_random(8, 200))
    assert lm.val_loss_ >= lm.informed_random_loss_
    message = str(caught[0].message)
    assert f"held-out loss {lm.val_loss_:.3f}" in message
    assert f"informed-random baseline {lm.informed_random_loss_:.3f}" in message
    for advice in ("more sequence", "fewer epochs", "smaller model", "pretrained"):
        assert advice in message


def test_a_model_that_beats_the_baseline_does_not_warn():
    lm = SequenceLanguageModel(
        epochs=4,
        batch_size=4,
        learning_rate=5e-2,
        document_length=100,
        validation_fraction=0.25,
        random_state=0,
        **TINY,
        **NO_DROPOUT,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        lm.fit(["ACGTTGCA" * 25] * 8)
    assert lm.val_loss_ < lm.informed_random_loss_


def test_without_validation_there_is_no_held_out_loss_and_no_warning():
    lm = SequenceLanguageModel(epochs=1, validation_fraction=0, random_state=0, **TINY)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        lm.fit(_random(4, 100))
    assert lm.val_loss_ is None


class _ScrambleLastEpoch(keras.callbacks.Callback):
    """Blow up the weights as the last epoch begins: its held-out loss is then the worst."""

    def __init__(self, epochs):
        super().__init__()
        self.epochs = epochs

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.epochs - 1:
            self.model.set_weights([w * 50 for w in self.model.get_weights()])


def test_without_early_stopping_the_held_out_loss_is_the_last_epochs():
    # the kept weights are the last epoch's, so must be the loss reported (it was the best
    # epoch's, a model better than the one kept)
    lm = SequenceLanguageModel(
        epochs=3, patience=None, validation_fraction=0.25, random_state=0, **TINY
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        lm.fit(_random(8, 200), callbacks=[_ScrambleLastEpoch(3)])
    val = lm.history_["val_loss"]
    assert val[-1] > min(val)
    assert lm.val_loss_ == val[-1]
