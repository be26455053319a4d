"""Training and validation curves per epoch."""

import numpy as np

from ._axes import axes_for


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
    lines_ : dict of str to list of matplotlib Line2D
        Per metric: the training curve, the validation curve (when recorded) and the
        best-epoch marker.
    ax_ : matplotlib Axes
        The first panel (the loss).
    axes_ : ndarray of matplotlib Axes
        One panel per metric.
    figure_ : matplotlib Figure
        The figure holding the panels.

    See Also
    --------
    skseq.SequenceCNNClassifier, skseq.SequenceCNNRegressor : estimators whose ``history_``
        this draws.

    Examples
    --------
    >>> from skseq.plotting import TrainingHistoryDisplay
    >>> history = {"loss": [0.7, 0.5, 0.4], "val_loss": [0.7, 0.6, 0.65],
    ...            "accuracy": [0.5, 0.7, 0.8], "val_accuracy": [0.5, 0.6, 0.6]}
    >>> disp = TrainingHistoryDisplay(history).plot()
    >>> disp.best_epoch, disp.metrics_, disp.axes_.shape
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
    def from_estimator(cls, estimator, *, metrics=None, ax=None, **kwargs):
        """Plot the training history of a fitted estimator (or Pipeline ending in one).

        Parameters
        ----------
        estimator : fitted estimator or Pipeline
            Anything with a ``history_`` dict; for a Pipeline its last step is used.
        metrics : list of str, default=None
            Metrics to draw; None draws ``"loss"`` and every other recorded training metric.
        ax : matplotlib Axes or array of Axes, default=None
            Axes to draw on, one per metric; None creates a figure.
        **kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        TrainingHistoryDisplay
        """
        from skseq.utils import find_network

        est = estimator
        if hasattr(estimator, "steps"):
            est = find_network(estimator, fitted=False).estimator or estimator
        if not hasattr(est, "history_"):
            raise ValueError(
                f"{type(est).__name__} has no history_: fit it first (or pass an estimator "
                f"that records a training history)."
            )
        disp = cls(est.history_, best_epoch=getattr(est, "best_epoch_", None))
        return disp.plot(ax=ax, metrics=metrics, **kwargs)

    def plot(self, ax=None, *, metrics=None, **kwargs):
        """Draw one panel per metric.

        Parameters
        ----------
        ax : matplotlib Axes or array of Axes, default=None
            Axes to draw on, one per metric; None creates a figure with one row of panels.
        metrics : list of str, default=None
            Metrics to draw; None draws ``"loss"`` and every other training metric recorded
            (the learning rate excluded).
        **kwargs
            Passed to ``Axes.plot`` for the curves (e.g. ``marker="o"``).

        Returns
        -------
        TrainingHistoryDisplay
            ``self``, with ``metrics_``, ``lines_``, ``ax_``, ``axes_`` and ``figure_`` set.

        Examples
        --------
        >>> from skseq.plotting import TrainingHistoryDisplay
        >>> disp = TrainingHistoryDisplay({"loss": [1.0, 0.5]}).plot(marker="o")
        >>> disp.ax_.get_title()
        'loss'
        """
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
        try:
            fig, axes = axes_for(
                ax,
                len(metrics),
                figsize=(4, 3.2),
                caller="TrainingHistoryDisplay",
                horizontal=True,
            )
        except ValueError:
            n_axes = len(np.asarray(ax, dtype=object).ravel())
            raise ValueError(f"Got {n_axes} axes for {len(metrics)} metrics {metrics}.") from None
        kwargs = {"marker": ".", **kwargs}
        self.lines_ = {}
        for axis, name in zip(axes, metrics):
            values = self.history[name]
            epochs = np.arange(1, len(values) + 1)
            lines = axis.plot(epochs, values, label="training", **kwargs)
            if self.history.get("val_" + name):
                lines += axis.plot(
                    epochs, self.history["val_" + name], label="validation", **kwargs
                )
            lines.append(
                axis.axvline(
                    self.best_epoch, ls=":", c="grey", label=f"best epoch ({self.best_epoch})"
                )
            )
            self.lines_[name] = lines
            axis.set_xlabel("epoch")
            axis.set_ylabel(name)
            axis.set_title(name)
            axis.legend(fontsize="small")

        self.metrics_ = metrics
        self.axes_, self.ax_, self.figure_ = axes, axes[0], axes[0].figure
        return self
