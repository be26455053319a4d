"""A Keras callback that reports each epoch's validation loss to an Optuna trial."""

import warnings

import keras
import optuna


class EpochPruningCallback(keras.callbacks.Callback):
    """Report a per-epoch metric to an Optuna trial and stop the trial when it is pruned.

    Works like ``optuna_integration.KerasPruningCallback`` but reports the metric in the
    study's direction: a study that maximises a score gets ``-val_loss``, so Optuna's
    pruners, which compare values in the study's direction, drop the trials whose loss is
    high rather than low.

    Parameters
    ----------
    trial : optuna.trial.Trial
        The trial being evaluated.
    monitor : str, default="val_loss"
        Key of the Keras logs to report; falls back to ``"loss"`` with a warning when the
        estimator keeps no validation data (``validation_fraction=0``).
    greater_is_better : bool, default=False
        Whether a higher value of ``monitor`` is better (False for losses).

    Examples
    --------
    >>> import optuna
    >>> from skseq.tuning import EpochPruningCallback
    >>> study = optuna.create_study(direction="maximize")
    >>> trial = study.ask()
    >>> callback = EpochPruningCallback(trial)
    >>> callback.on_epoch_end(0, {"val_loss": 0.5})
    >>> study.trials[0].intermediate_values
    {0: -0.5}
    """

    def __init__(self, trial, monitor="val_loss", greater_is_better=False):
        super().__init__()
        self.trial = trial
        self.monitor = monitor
        self.greater_is_better = greater_is_better
        self._warned = False

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        key = self.monitor
        if key not in logs and key.startswith("val_") and key[4:] in logs:
            key = key[4:]
            if not self._warned:
                warnings.warn(
                    f"{self.monitor!r} is not in the training logs (no validation data?); "
                    f"pruning on {key!r} instead.",
                    UserWarning,
                    stacklevel=2,
                )
                self._warned = True
        if key not in logs:
            return
        value = float(logs[key])
        maximize = self.trial.study.direction == optuna.study.StudyDirection.MAXIMIZE
        if maximize != self.greater_is_better:
            value = -value
        self.trial.report(value, step=epoch)
        if self.trial.should_prune():
            raise optuna.TrialPruned(f"Trial pruned at epoch {epoch} ({key}={logs[key]:.4g}).")
