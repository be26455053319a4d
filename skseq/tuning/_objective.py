"""One trial: sample its parameters (conditionally on the architecture), score them by CV."""

import inspect
import math
import os
import socket
import time
import warnings

import numpy as np
import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from sklearn.base import clone
from sklearn.pipeline import Pipeline

from skseq._presets import HONOURED_PARAMETERS, SIZE_PARAMETERS
from skseq.utils import find_network

from ._budget import TrialTimeout, timeout_message


def network_prefix(estimator):
    """The ``set_params`` prefix of the last step of a (nested) Pipeline: ``"a__b__"``.

    :func:`skseq.utils.find_network` finds the estimator itself; this gives the parameter
    path to it, which ``fit`` needs to route ``callbacks`` through the pipelines.
    """
    prefix = ""
    while isinstance(estimator, Pipeline):
        name, estimator = estimator.steps[-1]
        prefix += name + "__"
    return prefix


def network_estimator(estimator):
    """The estimator holding the Keras network, or None when there is none (any sklearn model)."""
    try:
        return find_network(estimator, fitted=False).estimator
    except TypeError:
        return None


def fit_takes_callbacks(model):
    """Whether the network estimator's ``fit`` has a ``callbacks`` parameter (Keras callbacks)."""
    final = network_estimator(model)
    try:
        return final is not None and "callbacks" in inspect.signature(final.fit).parameters
    except (TypeError, ValueError):
        return False


def suggest(trial, name, distribution):
    """Ask ``trial`` for parameter ``name`` from an optuna distribution."""
    if isinstance(distribution, FloatDistribution):
        return trial.suggest_float(
            name, distribution.low, distribution.high, step=distribution.step, log=distribution.log
        )
    if isinstance(distribution, IntDistribution):
        return trial.suggest_int(
            name, distribution.low, distribution.high, step=distribution.step, log=distribution.log
        )
    if isinstance(distribution, CategoricalDistribution):
        return trial.suggest_categorical(name, distribution.choices)
    raise ValueError(f"search_space[{name!r}] is an unsupported distribution {distribution!r}.")


def suggest_params(trial, search_space, base_params):
    """Sample one trial's parameters; a size parameter its architecture ignores is not sampled.

    ``architecture`` entries (``"architecture"`` or ``"<step>__architecture"``) are sampled
    first; then, for every size parameter of the same step that the chosen preset does not
    honour (:data:`skseq._presets.HONOURED_PARAMETERS`), nothing is sampled, so the trial
    neither spends the sampler's effort on it nor sets it. When the architecture is not
    searched, the estimator's own ``architecture`` decides.
    """
    params = {}
    for key, dist in search_space.items():
        if key.rpartition("__")[2] == "architecture":
            params[key] = suggest(trial, key, dist)
    for key, dist in search_space.items():
        if key in params:
            continue
        step, _, name = key.rpartition("__")
        arch_key = f"{step}__architecture" if step else "architecture"
        architecture = params.get(arch_key, base_params.get(arch_key))
        honoured = HONOURED_PARAMETERS.get(architecture) if isinstance(architecture, str) else None
        if name in SIZE_PARAMETERS and honoured is not None and name not in honoured:
            continue
        params[key] = suggest(trial, key, dist)
    return params


def num_samples(data):
    """Number of rows of an array, sparse matrix, DataFrame, list or array-like."""
    shape = getattr(data, "shape", None)
    if shape is not None and len(shape):
        return int(shape[0])
    try:
        return len(data)
    except TypeError:
        return int(np.asarray(data).shape[0])


def _take(data, indices):
    """Rows ``indices`` of an indexable (numpy array, sparse matrix, DataFrame or list).

    sklearn's ``_safe_indexing`` does this but is private; :func:`sklearn.utils.indexable`
    has already turned anything else into one of these.
    """
    if data is None:
        return None
    if hasattr(data, "iloc"):
        return data.iloc[indices]
    if isinstance(data, (list, tuple)):
        return [data[i] for i in indices]
    return data[indices]


def fold_params(fit_params, indices, n_samples):
    """``fit_params`` for one fold: per-sample arrays (e.g. ``sample_weight``) are indexed."""
    out = {}
    for key, value in fit_params.items():
        per_sample = (
            not isinstance(value, (str, bytes, dict))
            and hasattr(value, "__len__")
            and hasattr(value, "__getitem__")
            and num_samples(value) == n_samples
        )
        out[key] = _take(value, indices) if per_sample else value
    return out


def fit_with_callbacks(model, X, y, fit_params, callbacks):
    """Fit ``model``; Keras ``callbacks`` join any the user gave the network's ``fit``."""
    if callbacks:
        key = network_prefix(model) + "callbacks"
        fit_params = {**fit_params, key: list(fit_params.get(key) or []) + list(callbacks)}
    return model.fit(X, y, **fit_params)


class Objective:
    """Score one trial's parameters by cross-validation, reporting for pruning.

    Each trial records in its user attributes the score, fit time and score time of every
    fold (``cv_scores``, ``fit_times``, ``score_times``), the ``worker`` (``host:pid``) that ran
    it, when it failed, the ``error``, and when it was pruned, ``pruned_by`` (``"pruner"`` or
    ``"trial_timeout"``) and ``pruned_reason``. With a budget (``trial_timeout`` seconds) a
    trial still running when it is spent is stopped (inside Keras training when the
    estimator's ``fit`` takes callbacks, else before its next fold) and pruned.
    """

    def __init__(
        self,
        estimator,
        X,
        y,
        splits,
        scorer,
        search_space,
        mode,
        error_score,
        fit_params,
        trial_timeout=None,
    ):
        self.estimator = estimator
        self.base_params = estimator.get_params(deep=True)
        self.X, self.y = X, y
        self.splits = splits
        self.scorer = scorer
        self.search_space = search_space
        self.mode = mode
        self.error_score = error_score
        self.fit_params = fit_params
        self.trial_timeout = trial_timeout
        self.n_samples = num_samples(X)
        self.worker = f"{socket.gethostname()}:{os.getpid()}"

    def __call__(self, trial):
        params = suggest_params(trial, self.search_space, self.base_params)
        trial.set_user_attr("worker", self.worker)
        times = {"cv_scores": [], "fit_times": [], "score_times": []}
        budget = self.trial_timeout
        deadline = None
        if budget is not None:
            deadline = time.perf_counter() + budget
            trial.set_user_attr("trial_timeout", budget)
        try:
            for fold, (train, test) in enumerate(self.splits):
                if fold and deadline is not None and time.perf_counter() > deadline:
                    raise TrialTimeout(timeout_message(budget, f"fold {fold - 1}"))
                self._fold(trial, params, fold, train, test, times, deadline)
                if self.mode == "fold":
                    trial.report(float(np.mean(times["cv_scores"])), step=fold)
                    if trial.should_prune():
                        raise optuna.TrialPruned(f"Trial pruned after fold {fold}.")
        except optuna.TrialPruned as exc:
            self._record(trial, times)
            timed_out = isinstance(exc, TrialTimeout)
            trial.set_user_attr("pruned_by", "trial_timeout" if timed_out else "pruner")
            trial.set_user_attr("pruned_reason", str(exc))
            raise
        except Exception as exc:
            if self.error_score == "raise":
                raise
            self._record(trial, times)
            trial.set_user_attr("error", f"{type(exc).__name__}: {exc}")
            warnings.warn(
                f"Trial {trial.number} failed with {params}: {type(exc).__name__}: {exc}",
                UserWarning,
                stacklevel=2,
            )
            return float(self.error_score)
        self._record(trial, times)
        mean = float(np.mean(times["cv_scores"]))
        if math.isnan(mean):
            trial.set_user_attr("error", "the score is NaN")
        return mean

    def _fold(self, trial, params, fold, train, test, times, deadline):
        model = clone(self.estimator).set_params(**params)
        takes_callbacks = fit_takes_callbacks(model)
        callback = None
        callbacks = []
        if self.mode == "epoch" and fold == 0:
            from ._pruning import EpochPruningCallback

            callback = EpochPruningCallback(trial)
            if takes_callbacks:
                callbacks.append(callback)
        if deadline is not None and takes_callbacks:
            from ._pruning import TrialTimeoutCallback

            callbacks.append(TrialTimeoutCallback(deadline, self.trial_timeout, fold))
        start = time.perf_counter()
        fit_with_callbacks(
            model,
            _take(self.X, train),
            _take(self.y, train),
            fold_params(self.fit_params, train, self.n_samples),
            callbacks,
        )
        times["fit_times"].append(time.perf_counter() - start)
        if callback is not None and not takes_callbacks:
            # The estimator's fit takes no callbacks: replay the finished curve, which
            # still spares the remaining folds of a poor trial.
            history = network_estimator(model).history_
            for epoch in range(len(history["loss"])):
                callback.on_epoch_end(
                    epoch, {key: values[epoch] for key, values in history.items()}
                )
        start = time.perf_counter()
        score = float(self.scorer(model, _take(self.X, test), _take(self.y, test)))
        times["score_times"].append(time.perf_counter() - start)
        times["cv_scores"].append(score)

    @staticmethod
    def _record(trial, times):
        for key, values in times.items():
            trial.set_user_attr(key, list(values))
