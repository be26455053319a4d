"""Argument checks of the search, all made before any training starts."""

from numbers import Integral, Real

import numpy as np
import optuna
from optuna.distributions import BaseDistribution
from sklearn.metrics import check_scoring

from skseq.utils import find_network

from ._objective import network_estimator, network_prefix, num_samples


def check_arguments(search):
    """Check the plain hyperparameters of a :class:`SequenceSearchCV`."""
    n_trials, timeout, n_jobs = search.n_trials, search.timeout, search.n_jobs
    if n_trials is not None and (
        not isinstance(n_trials, Integral) or isinstance(n_trials, (bool, np.bool_)) or n_trials < 1
    ):
        raise ValueError(f"n_trials must be a positive integer or None, got {n_trials!r}.")
    if timeout is not None and (
        isinstance(timeout, (bool, np.bool_)) or not isinstance(timeout, Real) or not timeout > 0
    ):
        raise ValueError(f"timeout must be a positive number of seconds or None, got {timeout!r}.")
    if isinstance(search.trial_timeout, (bool, np.bool_)):
        raise ValueError(
            "trial_timeout must be a positive number of seconds, 'auto' or None, "
            f"got {search.trial_timeout!r}."
        )
    if n_trials is None and timeout is None:
        raise ValueError("Give n_trials or timeout (or both); otherwise the search never ends.")
    if not isinstance(n_jobs, Integral) or isinstance(n_jobs, (bool, np.bool_)) or n_jobs == 0:
        raise ValueError(f"n_jobs must be a non-zero integer (-1: one per CPU), got {n_jobs!r}.")
    if search.direction not in ("maximize", "minimize"):
        raise ValueError(f"direction must be 'maximize' or 'minimize', got {search.direction!r}.")
    error_score = search.error_score
    if error_score != "raise" and (
        not isinstance(error_score, Real) or isinstance(error_score, (bool, np.bool_))
    ):
        raise ValueError(f"error_score must be 'raise' or a number, got {error_score!r}.")
    if search.study_name is not None and (
        not isinstance(search.study_name, str) or not search.study_name
    ):
        raise ValueError(f"study_name must be a string (not empty), got {search.study_name!r}.")
    for name in ("refit", "show_progress_bar"):
        value = getattr(search, name)
        if not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"{name} must be True or False, got {value!r}.")
    sampler = search.sampler
    if sampler is not None and not isinstance(sampler, optuna.samplers.BaseSampler):
        raise ValueError(f"sampler must be an optuna sampler or None, got {sampler!r}.")
    rs = search.random_state
    if rs is not None and (not isinstance(rs, Integral) or isinstance(rs, (bool, np.bool_))):
        raise ValueError(f"random_state must be an integer or None, got {rs!r}.")


def check_pruning(pruning, estimator):
    """Return the pruning mode (None, "epoch" or "fold") and the Optuna pruner."""
    pruner = None
    if isinstance(pruning, optuna.pruners.BasePruner):
        pruner, pruning = pruning, True
    elif not (pruning is True or pruning is False or pruning in ("epoch", "fold")):
        raise ValueError(
            f"pruning must be True, False, 'epoch', 'fold' or an optuna pruner; got {pruning!r}."
        )
    if pruning is False:
        return None, optuna.pruners.NopPruner()
    network = network_estimator(estimator)
    mode = ("epoch" if network is not None else "fold") if pruning is True else pruning
    if mode == "epoch" and network is None:
        try:
            find_network(estimator, fitted=False)
        except TypeError as exc:
            raise ValueError(
                f"pruning='epoch' needs a Keras estimator: {exc}. Use pruning='fold'."
            ) from None
    if pruner is None:
        pruner = optuna.pruners.MedianPruner(
            n_startup_trials=5, n_warmup_steps=3 if mode == "epoch" else 0
        )
    return mode, pruner


def check_search_space(search_space, estimator):
    """Check that every entry is an optuna distribution over a parameter of ``estimator``."""
    if not isinstance(search_space, dict) or not search_space:
        raise ValueError(
            "search_space must be a non-empty dict of parameter name to optuna distribution, "
            f"got {type(search_space).__name__}{' (empty)' if search_space == {} else ''}."
        )
    keys = [k for k in search_space if not isinstance(k, str)]
    if keys:
        raise ValueError(f"search_space keys must be parameter names (strings), got {keys}.")
    bad = [k for k, v in search_space.items() if not isinstance(v, BaseDistribution)]
    if bad:
        raise ValueError(
            f"search_space values must be optuna distributions; not for {bad} "
            "(see skseq.tuning.cnn_search_space)."
        )
    valid = estimator.get_params(deep=True)
    unknown = [k for k in search_space if k not in valid]
    if unknown:
        hint = ""
        prefix = network_prefix(estimator)
        if prefix and any(prefix + k in valid for k in unknown):
            hint = (
                f" Inside a pipeline, prefix them with {prefix!r} (cnn_search_space(prefix=...))."
            )
        raise ValueError(
            f"search_space names parameter(s) {unknown} that "
            f"{type(estimator).__name__} does not have.{hint}"
        )


def check_scorer(estimator, scoring):
    """The one scorer trials are ranked by."""
    if isinstance(scoring, (list, tuple, set, dict)):
        raise ValueError(
            "scoring must name one metric (a string, a callable or None): trials are ranked "
            f"by a single score, got a {type(scoring).__name__} {scoring!r}."
        )
    try:
        return check_scoring(estimator, scoring=scoring)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"scoring={scoring!r} is not a scorer: {exc}") from None


def check_lengths(X, y, groups):
    """Number of samples of ``X``, after checking that ``y`` and ``groups`` have as many."""
    if X is None:
        raise ValueError("X is None; pass the training inputs (e.g. sequences).")
    n = num_samples(X)
    for name, value in (("y", y), ("groups", groups)):
        if value is None:
            continue
        m = num_samples(value)
        if m != n:
            raise ValueError(f"{name} has {m} entries but X has {n} samples; give one per sample.")
    return n
