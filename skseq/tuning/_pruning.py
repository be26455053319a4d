"""Keras callbacks of a trial: per-epoch pruning, and the stop at the trial's time budget."""

import time
import warnings

import keras
import optuna

from ._budget import TrialTimeout, timeout_message


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


class TrialTimeoutCallback(keras.callbacks.Callback):
    """Stop a trial's training once its time budget is spent (``trial_timeout``).

    Checked after every training and validation batch, so one slow epoch cannot overrun
    the budget by more than a batch; raises :class:`~skseq.tuning._budget.TrialTimeout`
    (an ``optuna.TrialPruned``), which the search records as a pruned trial.

    Parameters
    ----------
    deadline : float
        ``time.perf_counter()`` value at which the budget is spent.
    budget : float
        The trial's budget in seconds (for the message).
    fold : int
        The fold being trained (for the message).

    Examples
    --------
    >>> import time
    >>> from skseq.tuning._pruning import TrialTimeoutCallback
    >>> stop = TrialTimeoutCallback(time.perf_counter() - 1, budget=60, fold=0)
    >>> stop.on_epoch_begin(2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    skseq.tuning._budget.TrialTimeout: trial_timeout: ... ran out in fold 0, epoch 3.
    """

    def __init__(self, deadline, budget, fold):
        super().__init__()
        self.deadline = deadline
        self.budget = budget
        self.fold = fold
        self._epoch = 0

    def _check(self):
        if time.perf_counter() > self.deadline:
            raise TrialTimeout(timeout_message(self.budget, f"fold {self.fold}", self._epoch))

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch
        self._check()

    def on_train_batch_end(self, batch, logs=None):
        self._check()

    def on_test_batch_end(self, batch, logs=None):
        self._check()
