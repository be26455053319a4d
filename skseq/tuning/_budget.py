"""The per-trial time budget (``trial_timeout``): its ``"auto"`` value and its exception.

A trial still training when its budget is spent is stopped and pruned, so a search costs at
most about ``n_trials * trial_timeout`` plus the refit. The Keras callback that stops the
training is :class:`skseq.tuning._pruning.TrialTimeoutCallback` (it needs Keras); an
estimator whose ``fit`` takes no callbacks is stopped between folds instead.
"""

import warnings
from numbers import Real

import numpy as np
import optuna
from optuna.trial import TrialState

from skseq.utils._param_validation import Interval, StrOptions

#: Constraints of ``trial_timeout`` for SequenceSearchCV and tune() (bools are refused apart).
TRIAL_TIMEOUT_CONSTRAINTS = {
    "trial_timeout": [Interval(Real, 0, None, closed="neither"), StrOptions({"auto"}), None]
}

# "auto" without a search timeout: AUTO_SECONDS_PER_MEGA seconds per million positions of
# the training data (sequences times their length), and never under AUTO_MIN_SECONDS. For
# 3,000 sequences of 200 nt that is 216 s, so 15 trials take at most 54 minutes whatever the
# folds, and the refit of one network on the 3,000 sequences fits in the hour. A wall-clock
# budget adapts to the machine, which ranges cannot: a network that takes 40 s a trial on a
# GPU takes 20 minutes on 2 shared CPU cores (benchmarks/tuning.py --default-space).
AUTO_SECONDS_PER_MEGA = 360.0
AUTO_MIN_SECONDS = 60.0
#: Length assumed when ``X`` shows none (neither an array of sequences nor strings).
AUTO_LENGTH = 200


class TrialTimeout(optuna.TrialPruned):
    """A trial used up its ``trial_timeout``; Optuna records it as pruned."""


def sequence_length(X):
    """Positions per sequence of ``X``: ``X.shape[1]`` of an encoded array, the mean length
    of strings, or :data:`AUTO_LENGTH` when ``X`` shows neither."""
    shape = getattr(X, "shape", None)
    if shape is not None and len(shape) >= 2:
        return int(shape[1])
    try:
        first = X[0]
    except (TypeError, IndexError, KeyError):
        return AUTO_LENGTH
    if isinstance(first, (str, bytes, np.str_, np.bytes_)):
        return max(1, round(float(np.mean([len(s) for s in X]))))
    return AUTO_LENGTH


def resolve_trial_timeout(trial_timeout, *, timeout, n_trials, X, has_network):
    """Seconds one trial may run, or None for no budget.

    ``"auto"``: ``timeout / n_trials`` when the search has a ``timeout`` (``timeout`` itself
    when ``n_trials`` is None); otherwise, for a Keras estimator, ``AUTO_SECONDS_PER_MEGA``
    seconds per million positions of ``X`` (sequences times length), at least
    ``AUTO_MIN_SECONDS``; for any other estimator, no budget.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.zeros((3000, 200, 4), dtype=np.uint8)
    >>> resolve_trial_timeout("auto", timeout=None, n_trials=15, X=X, has_network=True)
    216.0
    >>> resolve_trial_timeout("auto", timeout=600, n_trials=15, X=X, has_network=True)
    40.0
    """
    if trial_timeout is None:
        return None
    if not isinstance(trial_timeout, str):
        return float(trial_timeout)
    if timeout is not None:
        return float(timeout) / (int(n_trials) if n_trials is not None else 1)
    if not has_network:
        return None
    shape = getattr(X, "shape", None)
    n_samples = int(shape[0]) if shape is not None and len(shape) else len(X)
    return max(AUTO_MIN_SECONDS, AUTO_SECONDS_PER_MEGA * n_samples * sequence_length(X) / 1e6)


def timeout_message(budget, where, epoch=None):
    """The reason recorded in a trial stopped by its budget (``where``: "fold 1", ...)."""
    where += "" if epoch is None else f", epoch {epoch + 1}"
    return f"trial_timeout: the trial's budget of {budget:.4g} s ran out in {where}."


def check_completed(study, budget):
    """Refuse a study without a complete trial; warn when the budget pruned most trials.

    Raises
    ------
    ValueError
        No trial completed; the message gives the trials' errors and how many ran out of
        ``trial_timeout``.
    """
    trials = study.get_trials(deepcopy=False)
    timed_out = sum(t.user_attrs.get("pruned_by") == "trial_timeout" for t in trials)
    finished = sum(t.state in (TrialState.COMPLETE, TrialState.PRUNED) for t in trials)
    if not timed_out and any(t.state == TrialState.COMPLETE for t in trials):
        return
    advice = (
        f"{timed_out} of {finished} trials ran out of their trial_timeout budget of "
        f"{budget or 0:.4g} s; give a larger trial_timeout (or None), narrower ranges "
        "(cnn_search_space(ranges=...)) or fewer epochs"
    )
    if not any(t.state == TrialState.COMPLETE for t in trials):
        errors = sorted({t.user_attrs["error"] for t in trials if "error" in t.user_attrs})
        raise ValueError(
            f"No trial of study {study.study_name!r} completed"
            + (f"; errors: {errors}" if errors else "")
            + (f"; {advice}." if timed_out else ".")
        )
    if timed_out and 2 * timed_out >= finished:
        warnings.warn(
            f"{advice}: the search favours networks that train fast.", UserWarning, stacklevel=3
        )
