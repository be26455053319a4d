"""LearningOnset and chance_loss: patiences count once the loss leaves the loss of chance."""

import keras
import numpy as np
import pytest

from skseq.models._onset import LearningOnset, chance_loss
from skseq.models._training import LateReduceLROnPlateau


@pytest.mark.parametrize(
    "loss, y, expected",
    [
        ("binary_crossentropy", np.array([[0.0], [1.0], [1.0], [1.0]]), 0.5623),
        ("sparse_categorical_crossentropy", np.array([0, 1, 2, 2]), 1.0397),
        ("mean_squared_error", np.array([[1.0], [3.0]]), 1.0),
    ],
)
def test_chance_loss(loss, y, expected):
    assert chance_loss(loss, y, y) == pytest.approx(expected, abs=1e-4)


def test_chance_loss_is_weighted_as_keras_averages():
    y = np.array([[0.0], [1.0]])
    plain = chance_loss("binary_crossentropy", y, y)
    assert chance_loss("binary_crossentropy", y, y, np.array([2.0, 2.0])) == pytest.approx(
        2 * plain
    )
    assert chance_loss("hinge", y, y) is None


def run(onset, stopper, values):
    for epoch, value in enumerate(values):
        logs = {"val_loss": value}
        onset.on_epoch_end(epoch, logs)
        stopper.on_epoch_end(epoch, logs)
        if getattr(stopper.model, "stop_training", False):
            return epoch + 1
    return len(values)


def make(chance, min_epoch=2, max_epoch=40):
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2)
    stopper.set_model(model)
    stopper.on_train_begin()
    reducer = LateReduceLROnPlateau(monitor="val_loss", patience=2)
    onset = LearningOnset([stopper, reducer, None], "val_loss", chance, min_epoch, max_epoch)
    return onset, stopper, reducer


def test_a_plateau_at_chance_does_not_stop_training():
    onset, stopper, reducer = make(0.693)
    plateau = [0.693, 0.694, 0.693, 0.695, 0.694, 0.693, 0.694, 0.693]  # 8 epochs at chance
    learning = [0.65, 0.6, 0.55, 0.56, 0.57, 0.58]
    stopped = run(onset, stopper, plateau + learning)
    assert onset.onset_epoch == 9
    assert stopper.start_from_epoch == reducer.start_from_epoch == 8
    assert stopped == len(plateau) + 5  # best at 0.55, then patience 2


def test_counting_starts_at_the_bounds():
    onset, stopper, _ = make(0.693, min_epoch=5)
    run(onset, stopper, [0.3, 0.2])  # learned at once: still waits for min_epoch
    assert onset.onset_epoch == 1 and stopper.start_from_epoch == 5
    onset, stopper, _ = make(0.693, max_epoch=6)
    assert stopper.start_from_epoch == 6  # never learning: counted from max_epoch
    assert run(onset, stopper, [0.7] * 20) == 9
    onset, stopper, _ = make(None, min_epoch=3)
    assert stopper.start_from_epoch == 3  # unknown chance: the minimum only
