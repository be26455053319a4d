"""TrainingHistoryDisplay: panels, curves, best epoch, Pipelines."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import FunctionTransformer  # noqa: E402

from skseq.models import SequenceCNNClassifier  # noqa: E402
from skseq.plotting import TrainingHistoryDisplay  # noqa: E402

HISTORY = {
    "loss": [0.9, 0.6, 0.5, 0.45],
    "val_loss": [0.8, 0.55, 0.6, 0.7],
    "accuracy": [0.5, 0.7, 0.8, 0.85],
    "val_accuracy": [0.5, 0.7, 0.7, 0.65],
    "learning_rate": [1e-3, 1e-3, 5e-4, 5e-4],
}


def test_plot_draws_one_panel_per_metric():
    disp = TrainingHistoryDisplay(HISTORY).plot()
    assert disp.metrics_ == ["loss", "accuracy"]
    assert disp.axes_.shape == (2,) and disp.ax_ is disp.axes_[0]
    assert disp.best_epoch == 2
    loss_ax = disp.ax_
    assert disp.lines_["loss"][:2] == loss_ax.lines[:2]
    train, val = loss_ax.lines[:2]
    np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3, 4])
    np.testing.assert_allclose(train.get_ydata(), HISTORY["loss"])
    np.testing.assert_allclose(val.get_ydata(), HISTORY["val_loss"])
    assert loss_ax.lines[2].get_xdata()[0] == 2  # the best-epoch marker
    assert disp.figure_ is loss_ax.figure
    plt.close(disp.figure_)


def test_plot_on_own_axes_and_chosen_metrics():
    fig, ax = plt.subplots()
    disp = TrainingHistoryDisplay(HISTORY, best_epoch=3).plot(ax=ax, metrics=["accuracy"])
    assert disp.ax_ is ax and disp.figure_ is fig
    assert ax.get_ylabel() == "accuracy"
    with pytest.raises(ValueError, match="not in the history"):
        disp.plot(metrics=["auc"])
    with pytest.raises(ValueError, match="1 axes for 2 metrics"):
        TrainingHistoryDisplay(HISTORY).plot(ax=ax)
    plt.close(fig)


def test_without_validation_best_epoch_follows_training_loss():
    disp = TrainingHistoryDisplay({"loss": [3.0, 1.0, 2.0]})
    assert disp.best_epoch == 2
    with pytest.raises(ValueError, match="'loss'"):
        TrainingHistoryDisplay({"accuracy": [0.5]})


def test_from_fitted_estimator_and_pipeline():
    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(80, 20))]
    y = rng.integers(0, 2, 80)
    pipe = make_pipeline(
        FunctionTransformer(),
        SequenceCNNClassifier(n_filters=4, dense_units=8, epochs=2, random_state=0),
    )
    pipe.fit(X, y)
    disp = TrainingHistoryDisplay.from_estimator(pipe)
    cnn = pipe[-1]
    assert disp.metrics_ == ["loss", "accuracy", "auc"]
    assert disp.best_epoch == cnn.best_epoch_
    np.testing.assert_allclose(disp.ax_.lines[0].get_ydata(), cnn.history_["loss"])
    plt.close(disp.figure_)
    with pytest.raises(ValueError, match="fit it first"):
        TrainingHistoryDisplay.from_estimator(SequenceCNNClassifier())
