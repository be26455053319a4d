"""Training and validation curves per epoch (scikit-learn's Display pattern)."""

import numpy as np


def _final_estimator(estimator):
    """The last step of a Pipeline (or the estimator itself)."""
    while hasattr(estimator, "steps"):
        estimator = estimator.steps[-1][1]
    return estimator


class TrainingHistoryDisplay:
    """Training and validation curves of a Keras training history, one panel per metric.

    Build it from a fitted estimator with :meth:`from_estimator` (or from any Keras-style
    history dict), then :meth:`plot`. Each panel shows a metric's training curve and, where
    recorded, its validation curve (``"val_" + name``); a dotted line marks the best epoch
    (lowest validation loss, or training loss without validation).

    Parameters
    ----------
    history : dict of list of float
        Per-epoch values, as in ``estimator.history_`` or Keras' ``History.history``. Must
        hold ``"loss"``.
    best_epoch : int, default=None
        Epoch (counted from 1) to mark. None: the epoch of the lowest ``"val_loss"`` (or
        ``"loss"``).

    Attributes
    ----------
    history : dict of list of float
        The values plotted.
    best_epoch : int
        The marked epoch.
    metrics_ : list of str
        The metrics drawn, one per panel (set by :meth:`plot`).
    ax_ : ndarray of matplotlib Axes
        One axes per metric.
    figure_ : matplotlib Figure
        The figure holding the axes.

    See Also
    --------
    SequenceCNNClassifier, SequenceCNNRegressor : estimators whose ``history_`` this draws.

    Examples
    --------
    >>> from skseq.models import TrainingHistoryDisplay
    >>> history = {"loss": [0.7, 0.5, 0.4], "val_loss": [0.7, 0.6, 0.65],
    ...            "accuracy": [0.5, 0.7, 0.8], "val_accuracy": [0.5, 0.6, 0.6]}
    >>> disp = TrainingHistoryDisplay(history).plot()
    >>> disp.best_epoch, disp.metrics_, disp.ax_.shape
    (2, ['loss', 'accuracy'], (2,))
    """

    def __init__(self, history, best_epoch=None):
        history = {k: [float(v) for v in vals] for k, vals in dict(history).items()}
        if not history.get("loss"):
            raise ValueError("history must hold a non-empty 'loss' list.")
        self.history = history
        if best_epoch is None:
            key = "val_loss" if history.get("val_loss") else "loss"
            best_epoch = int(np.argmin(history[key])) + 1
        self.best_epoch = best_epoch

    @classmethod
    def from_estimator(cls, estimator, *, ax=None, metrics=None):
        """Plot the training history of a fitted estimator (or Pipeline ending in one).

        Parameters
        ----------
        estimator : fitted estimator or Pipeline
            Anything with a ``history_`` dict; for a Pipeline its last step is used.
        ax : matplotlib Axes or array of Axes, default=None
            Axes to draw on, one per metric; None creates a figure.
        metrics : list of str, default=None
            Metrics to draw; None draws ``"loss"`` and every other recorded training metric.

        Returns
        -------
        TrainingHistoryDisplay
        """
        est = _final_estimator(estimator)
        if not hasattr(est, "history_"):
            raise ValueError(
                f"{type(est).__name__} has no history_: fit it first (or pass an estimator "
                f"that records a training history)."
            )
        return cls(est.history_, best_epoch=getattr(est, "best_epoch_", None)).plot(
            ax=ax, metrics=metrics
        )

    def plot(self, ax=None, metrics=None):
        """Draw one panel per metric.

        Parameters
        ----------
        ax : matplotlib Axes or array of Axes, default=None
            Axes to draw on, one per metric; None creates a figure with one row of panels.
        metrics : list of str, default=None
            Metrics to draw; None draws ``"loss"`` and every other training metric recorded
            (the learning rate excluded).

        Returns
        -------
        TrainingHistoryDisplay
            ``self``, with ``figure_``, ``ax_`` and ``metrics_`` set.
        """
        import matplotlib.pyplot as plt

        if metrics is None:
            metrics = ["loss"] + [
                k
                for k in self.history
                if k != "loss" and not k.startswith("val_") and k != "learning_rate"
            ]
        else:
            metrics = list(metrics)
            unknown = [m for m in metrics if m not in self.history]
            if unknown:
                raise ValueError(
                    f"Metrics {unknown} are not in the history; recorded: {sorted(self.history)}."
                )
        if ax is None:
            fig, ax = plt.subplots(
                1,
                len(metrics),
                figsize=(4 * len(metrics), 3.2),
                squeeze=False,
                layout="constrained",
            )
        ax = np.atleast_1d(np.asarray(ax, dtype=object)).ravel()
        if len(ax) != len(metrics):
            raise ValueError(f"Got {len(ax)} axes for {len(metrics)} metrics {metrics}.")

        for axis, name in zip(ax, metrics):
            values = self.history[name]
            epochs = np.arange(1, len(values) + 1)
            axis.plot(epochs, values, marker=".", label="training")
            if self.history.get("val_" + name):
                axis.plot(epochs, self.history["val_" + name], marker=".", label="validation")
            axis.axvline(self.best_epoch, ls=":", c="grey", label=f"best epoch ({self.best_epoch})")
            axis.set_xlabel("epoch")
            axis.set_ylabel(name)
            axis.set_title(name)
            axis.legend(fontsize="small")

        self.metrics_ = metrics
        self.ax_ = ax
        self.figure_ = ax[0].figure
        return self
