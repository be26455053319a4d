"""Optuna hyperparameter search with cross-validation, pruning and shared storage."""

import inspect
import math
import os
import socket
import time
import warnings
from numbers import Integral

import numpy as np
import optuna
from optuna.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from optuna.trial import TrialState
from sklearn.base import clone, is_classifier
from sklearn.metrics import check_scoring
from sklearn.model_selection import GroupKFold, check_cv
from sklearn.pipeline import Pipeline
from sklearn.utils import _safe_indexing, indexable

from ._space import cnn_search_space

_FINISHED = (TrialState.COMPLETE, TrialState.PRUNED)
# The study a storage holds when the caller names none: a rerun finds it again.
DEFAULT_STUDY_NAME = "skseq"


class TuneResult:
    """The outcome of :func:`tune`: the study, the best parameters and the refitted model.

    Attributes
    ----------
    study_ : optuna.study.Study
        The study; with a storage it holds the trials of every run and worker.
    best_params_ : dict
        Parameters of the best trial, as ``set_params`` takes them.
    best_score_ : float
        Mean cross-validated score of the best trial.
    best_trial_ : optuna.trial.FrozenTrial
        The best trial; ``best_trial_.user_attrs["cv_scores"]`` holds the score per fold.
    best_estimator_ : estimator or None
        A clone of the estimator with ``best_params_``, fitted on all the data
        (None with ``refit=False``).
    refit_time_ : float or None
        Seconds spent refitting ``best_estimator_``.
    n_trials_ : int
        Finished (complete or pruned) trials in the study after this run.
    cv_ : cross-validation splitter
        The splitter that was used.
    scorer_ : callable
        The scorer that was used.
    """

    def __init__(self, study, best_estimator, refit_time, cv, scorer):
        self.study_ = study
        self.best_trial_ = study.best_trial
        self.best_params_ = dict(self.best_trial_.params)
        self.best_score_ = self.best_trial_.value
        self.best_estimator_ = best_estimator
        self.refit_time_ = refit_time
        self.n_trials_ = len(study.get_trials(deepcopy=False, states=_FINISHED))
        self.cv_ = cv
        self.scorer_ = scorer

    def trials_dataframe(self, **kwargs):
        """One row per trial: number, value, state, duration, ``params_*``, ``user_attrs_*``.

        Keyword arguments go to :meth:`optuna.study.Study.trials_dataframe`.

        Returns
        -------
        pandas.DataFrame
        """
        return self.study_.trials_dataframe(**kwargs)

    def plot(self, kind="optimization_history", **kwargs):
        """Draw one of Optuna's matplotlib plots of the study.

        Parameters
        ----------
        kind : str, default="optimization_history"
            Name of a function ``optuna.visualization.matplotlib.plot_<kind>``:
            ``"optimization_history"``, ``"intermediate_values"`` (per-epoch or per-fold
            values of pruned and kept trials), ``"param_importances"``, ``"slice"``,
            ``"parallel_coordinate"``, ``"contour"``, ``"edf"``, ``"timeline"``, ...
        **kwargs
            Passed to that function (e.g. ``params=[...]``).

        Returns
        -------
        matplotlib.axes.Axes or numpy.ndarray of Axes
        """
        import optuna.visualization.matplotlib as ovm

        func = getattr(ovm, f"plot_{kind}", None)
        if func is None:
            kinds = sorted(n[5:] for n in dir(ovm) if n.startswith("plot_"))
            raise ValueError(f"Unknown plot kind {kind!r}; choose one of {kinds}.")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            return func(self.study_, **kwargs)

    def __repr__(self):
        return (
            f"TuneResult(study={self.study_.study_name!r}, n_trials={self.n_trials_}, "
            f"best_score={self.best_score_:.4g}, best_params={self.best_params_})"
        )


def tune(
    estimator,
    X,
    y,
    *,
    groups=None,
    cv=5,
    scoring=None,
    n_trials=20,
    timeout=None,
    search_space=None,
    storage=None,
    study_name=None,
    pruning=False,
    n_jobs=1,
    random_state=None,
    sampler=None,
    direction="maximize",
    refit=True,
    error_score=np.nan,
    show_progress_bar=True,
):
    """Search hyperparameters with Optuna, scoring each trial by cross-validation.

    Each trial draws parameters from ``search_space``, sets them on a clone of
    ``estimator`` and scores it on the folds of ``cv``; the trial's value is the mean score.
    At the end the best parameters are refitted on all of ``X`` (like sklearn's searches).

    Parameters
    ----------
    estimator : estimator or Pipeline
        A :class:`~skseq.SequenceCNNClassifier` / :class:`~skseq.SequenceCNNRegressor`, a
        pipeline ending in one, or any scikit-learn estimator.
    X, y : array-like
        Inputs (e.g. sequences, for a pipeline that encodes them) and targets.
    groups : array-like, optional
        Group of each sample, e.g. its chromosome. With an integer ``cv`` the folds are
        :class:`~sklearn.model_selection.GroupKFold`, so no group is split between training
        and test data.
    cv : int or cross-validation splitter, default=5
        As in :func:`sklearn.model_selection.cross_val_score`; without groups an integer
        gives stratified folds for classifiers (:func:`~sklearn.model_selection.check_cv`).
    scoring : str or callable, optional
        A scikit-learn scorer (greater is better); default: the estimator's ``score``.
    n_trials : int or None, default=20
        Finished trials the study should hold in total. With a ``storage`` that already
        holds trials (a resumed run, or other workers) only the missing ones are run: a run
        stopped after 12 of 20 trials runs 8 more when started again. Complete and pruned
        trials count; failed ones do not. Several workers sharing a study stop together
        at ``n_trials`` (trials still running when the limit is reached finish, so a study
        may end a few trials over). None: run until ``timeout``.
    timeout : float, optional
        Stop starting new trials after this many seconds (of this run).
    search_space : dict, optional
        Parameter name to ``optuna.distributions`` object. Default: ``cnn_search_space``
        with the pipeline's last step name as prefix.
    storage : None, str, path-like or optuna storage, default=None
        Where the study lives. None: in memory. A URL such as ``"sqlite:///tune.db"`` or
        ``"postgresql://user:pass@host/db"``: an Optuna RDB storage with heartbeats, so the
        study survives a crash, and a trial left running by a killed worker is marked failed
        and retried once the heartbeat grace period (2 minutes) has passed. Any other string
        or path: an Optuna journal file (``JournalStorage(JournalFileBackend(path))``), which
        workers on several machines can share over a network file system. An optuna storage
        object is used as given.
    study_name : str, optional
        Name of the study in ``storage``; a rerun or another worker with the same storage and
        name joins the same study (``load_if_exists``). With a storage and no name, the study
        is called ``"skseq"``, so ``tune(..., storage="sqlite:///study.db")`` run twice
        resumes; name studies when one storage holds several.
    pruning : bool, {"epoch", "fold"} or optuna.pruners.BasePruner, default=False
        Stop poor trials early. ``"epoch"``: report the validation loss of each epoch of
        the first fold (``history_["val_loss"]``, negated when maximising) to the trial and
        stop the trial when the pruner says so; needs a Keras estimator. If the estimator's
        ``fit`` takes ``callbacks=``, this happens during training
        (:class:`EpochPruningCallback`), which also stops the first fold's training; if not,
        the first fold's curve is reported once it has trained, which spares the other
        folds. ``"fold"``: after each fold report the mean score so far; works with
        any estimator. True: ``"epoch"`` for a Keras estimator, ``"fold"`` otherwise. The
        pruner is :class:`optuna.pruners.MedianPruner` (no pruning during the first 5 trials,
        nor the first 3 epochs); pass a pruner instead of True to choose another.
    n_jobs : int, default=1
        Trials run at the same time in threads of this process
        (:meth:`optuna.study.Study.optimize`). To use several processes or machines, start
        one worker per process with the same ``storage`` and ``study_name`` instead.
    random_state : int, optional
        Seed of the default sampler (:class:`optuna.samplers.TPESampler`). When the study
        already holds trials (a resumed run) the seed is derived from ``random_state`` and
        their number, so the run does not propose the first run's parameters again. Workers
        starting together on one study should get different seeds (or None), or they
        propose the same parameters.
    sampler : optuna.samplers.BaseSampler, optional
        A sampler to use instead of the default.
    direction : {"maximize", "minimize"}, default="maximize"
        Scikit-learn scorers are greater-is-better, so keep "maximize" unless ``scoring`` is a
        loss.
    refit : bool, default=True
        Fit the best parameters on all the data as ``best_estimator_``.
    error_score : "raise" or float, default=np.nan
        A trial whose fit or scoring raises an error is marked failed (with the error in its
        ``user_attrs["error"]``) and the search goes on; "raise" re-raises the error instead.
    show_progress_bar : bool, default=True
        Show a progress bar over the trials of this run.

    Returns
    -------
    TuneResult
        With ``best_params_``, ``best_score_``, ``best_estimator_``, ``study_``,
        ``trials_dataframe()`` and ``plot(kind)``.

    Examples
    --------
    >>> from optuna.distributions import IntDistribution
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from skseq.tuning import tune
    >>> X, y = make_classification(n_samples=200, random_state=0)
    >>> result = tune(DecisionTreeClassifier(random_state=0), X, y, cv=3, n_trials=5,
    ...               search_space={"max_depth": IntDistribution(1, 8)},
    ...               random_state=0, show_progress_bar=False)
    >>> sorted(result.best_params_)
    ['max_depth']
    >>> len(result.trials_dataframe())
    5
    """
    mode, pruner = _check_pruning(pruning, estimator)
    _check_arguments(n_trials, timeout, n_jobs, direction, error_score, storage, study_name)
    for name, value in [("refit", refit), ("show_progress_bar", show_progress_bar)]:
        if not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"{name} must be True or False, got {value!r}.")
    X, y, groups = indexable(X, y, groups)
    if groups is not None and isinstance(cv, Integral):
        cv = GroupKFold(n_splits=cv)
    cv = check_cv(cv, y, classifier=is_classifier(estimator))
    splits = list(cv.split(X, y, groups))
    scorer = check_scoring(estimator, scoring=scoring)
    if search_space is None:
        search_space = cnn_search_space(_step_prefix(estimator))
    _check_search_space(search_space, estimator)

    if storage is not None and study_name is None:
        study_name = DEFAULT_STUDY_NAME
    study = optuna.create_study(
        storage=_make_storage(storage),
        study_name=study_name,
        sampler=sampler,
        pruner=pruner,
        direction=direction,
        load_if_exists=True,
    )
    if sampler is None:
        study.sampler = optuna.samplers.TPESampler(seed=_sampler_seed(random_state, study))
    if study.direction.name.lower() != direction:
        raise ValueError(
            f"Study {study_name!r} in the storage has direction "
            f"{study.direction.name.lower()!r}, not {direction!r}."
        )

    objective = _Objective(estimator, X, y, splits, scorer, search_space, mode, error_score)
    remaining = None
    if n_trials is not None:
        remaining = n_trials - len(study.get_trials(deepcopy=False, states=_FINISHED))
    if remaining is None or remaining > 0:
        callbacks = []
        if n_trials is not None:
            callbacks.append(optuna.study.MaxTrialsCallback(n_trials, states=_FINISHED))
        with warnings.catch_warnings():
            # The progress bar and heartbeats are marked experimental by Optuna.
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            study.optimize(
                objective,
                n_trials=remaining,
                timeout=timeout,
                n_jobs=n_jobs,
                callbacks=callbacks,
                show_progress_bar=show_progress_bar,
            )
    if not study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)):
        errors = {t.user_attrs.get("error") for t in study.trials if "error" in t.user_attrs}
        raise ValueError(
            f"No trial of study {study.study_name!r} completed"
            + (f"; errors: {sorted(errors)}" if errors else ".")
        )

    best_estimator, refit_time = None, None
    if refit:
        start = time.perf_counter()
        best_estimator = clone(estimator).set_params(**study.best_params).fit(X, y)
        refit_time = time.perf_counter() - start
    return TuneResult(study, best_estimator, refit_time, cv, scorer)


class _Objective:
    """Score one trial's parameters by cross-validation, reporting for pruning."""

    def __init__(self, estimator, X, y, splits, scorer, search_space, mode, error_score):
        self.estimator = estimator
        self.X, self.y = X, y
        self.splits = splits
        self.scorer = scorer
        self.search_space = search_space
        self.mode = mode
        self.error_score = error_score
        self.worker = f"{socket.gethostname()}:{os.getpid()}"

    def __call__(self, trial):
        params = {name: _suggest(trial, name, d) for name, d in self.search_space.items()}
        trial.set_user_attr("worker", self.worker)
        scores = []
        try:
            for fold, (train, test) in enumerate(self.splits):
                model = clone(self.estimator).set_params(**params)
                pruner_callback = None
                if self.mode == "epoch" and fold == 0:
                    from ._pruning import EpochPruningCallback

                    pruner_callback = EpochPruningCallback(trial)
                live = pruner_callback is not None and _fit_takes_callbacks(model)
                X_train, y_train = _safe_indexing(self.X, train), _safe_indexing(self.y, train)
                _fit(model, X_train, y_train, [pruner_callback] if live else None)
                if pruner_callback is not None and not live:
                    # The estimator's fit takes no callbacks: replay the finished curve,
                    # which still spares the remaining folds of a poor trial.
                    history = _final_estimator(model).history_
                    for epoch in range(len(history["loss"])):
                        logs = {key: values[epoch] for key, values in history.items()}
                        pruner_callback.on_epoch_end(epoch, logs)
                X_test, y_test = _safe_indexing(self.X, test), _safe_indexing(self.y, test)
                scores.append(float(self.scorer(model, X_test, y_test)))
                if self.mode == "fold":
                    trial.report(float(np.mean(scores)), step=fold)
                    if trial.should_prune():
                        raise optuna.TrialPruned(f"Trial pruned after fold {fold}.")
        except optuna.TrialPruned:
            trial.set_user_attr("cv_scores", scores)
            raise
        except Exception as exc:
            if self.error_score == "raise":
                raise
            trial.set_user_attr("error", f"{type(exc).__name__}: {exc}")
            warnings.warn(
                f"Trial {trial.number} failed with {params}: {type(exc).__name__}: {exc}",
                UserWarning,
                stacklevel=2,
            )
            return float(self.error_score)
        trial.set_user_attr("cv_scores", scores)
        mean = float(np.mean(scores))
        if math.isnan(mean):
            trial.set_user_attr("error", "the score is NaN")
        return mean


def _fit(model, X, y, callbacks):
    """Fit ``model``; Keras callbacks go to the final step's ``fit(callbacks=...)``."""
    if not callbacks:
        return model.fit(X, y)
    return model.fit(X, y, **{_step_prefix(model) + "callbacks": callbacks})


def _sampler_seed(random_state, study):
    """The sampler's seed: ``random_state`` for a new study, a derived one when resuming.

    A resumed run seeded like the first one would draw the same random start-up parameters
    again, repeating finished trials; mixing in the number of trials already stored avoids
    that and stays reproducible.
    """
    if random_state is None:
        return None
    n_stored = len(study.get_trials(deepcopy=False))
    if n_stored == 0:
        return random_state
    return int(np.random.SeedSequence([random_state, n_stored]).generate_state(1)[0])


def _fit_takes_callbacks(model):
    """Whether the final estimator's ``fit`` has a ``callbacks`` parameter (Keras callbacks)."""
    try:
        return "callbacks" in inspect.signature(_final_estimator(model).fit).parameters
    except (TypeError, ValueError):
        return False


def _suggest(trial, name, distribution):
    if isinstance(distribution, FloatDistribution):
        return trial.suggest_float(
            name,
            distribution.low,
            distribution.high,
            step=distribution.step,
            log=distribution.log,
        )
    if isinstance(distribution, IntDistribution):
        return trial.suggest_int(
            name,
            distribution.low,
            distribution.high,
            step=distribution.step,
            log=distribution.log,
        )
    if isinstance(distribution, CategoricalDistribution):
        return trial.suggest_categorical(name, distribution.choices)
    raise ValueError(f"search_space[{name!r}] is an unsupported distribution {distribution!r}.")


def _final_estimator(estimator):
    while isinstance(estimator, Pipeline):
        estimator = estimator.steps[-1][1]
    return estimator


def _step_prefix(estimator):
    return estimator.steps[-1][0] + "__" if isinstance(estimator, Pipeline) else ""


def _is_keras_estimator(estimator):
    from scikeras.wrappers import BaseWrapper

    return isinstance(_final_estimator(estimator), BaseWrapper)


def _check_pruning(pruning, estimator):
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
    keras_estimator = _is_keras_estimator(estimator)
    mode = ("epoch" if keras_estimator else "fold") if pruning is True else pruning
    if mode == "epoch" and not keras_estimator:
        raise ValueError(
            "pruning='epoch' needs a Keras estimator (e.g. SequenceCNNClassifier, or a "
            f"pipeline ending in one), not {type(_final_estimator(estimator)).__name__}; "
            "use pruning='fold'."
        )
    if pruner is None:
        pruner = optuna.pruners.MedianPruner(
            n_startup_trials=5, n_warmup_steps=3 if mode == "epoch" else 0
        )
    return mode, pruner


def _check_arguments(n_trials, timeout, n_jobs, direction, error_score, storage, study_name):
    if n_trials is not None and (
        not isinstance(n_trials, Integral) or isinstance(n_trials, bool) or n_trials < 1
    ):
        raise ValueError(f"n_trials must be a positive integer or None, got {n_trials!r}.")
    if timeout is not None and (isinstance(timeout, bool) or not timeout > 0):
        raise ValueError(f"timeout must be a positive number of seconds or None, got {timeout!r}.")
    if n_trials is None and timeout is None:
        raise ValueError("Give n_trials or timeout (or both); otherwise the search never ends.")
    if not isinstance(n_jobs, Integral) or isinstance(n_jobs, bool) or n_jobs == 0:
        raise ValueError(f"n_jobs must be a non-zero integer (-1: one per CPU), got {n_jobs!r}.")
    if direction not in ("maximize", "minimize"):
        raise ValueError(f"direction must be 'maximize' or 'minimize', got {direction!r}.")
    if error_score != "raise" and not isinstance(error_score, (int, float)):
        raise ValueError(f"error_score must be 'raise' or a number, got {error_score!r}.")
    if study_name is not None and not isinstance(study_name, str):
        raise ValueError(f"study_name must be a string, got {study_name!r}.")


def _check_search_space(search_space, estimator):
    if not isinstance(search_space, dict) or not search_space:
        raise ValueError(
            "search_space must be a non-empty dict of parameter name to optuna distribution."
        )
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
        prefix = _step_prefix(estimator)
        if prefix and any(prefix + k in valid for k in unknown):
            hint = (
                f" Inside a pipeline, prefix them with {prefix!r} (cnn_search_space(prefix=...))."
            )
        raise ValueError(
            f"search_space names parameter(s) {unknown} that "
            f"{type(estimator).__name__} does not have.{hint}"
        )


def _make_storage(storage):
    """An Optuna storage from None, a database URL, a journal file path or a storage."""
    if storage is None or isinstance(storage, optuna.storages.BaseStorage):
        return storage
    if isinstance(storage, (str, os.PathLike)):
        location = os.fspath(storage)
        if "://" in location:
            return _rdb_storage(location)
        from optuna.storages.journal import JournalFileBackend

        directory = os.path.dirname(os.path.abspath(location))
        if not os.path.isdir(directory):
            raise FileNotFoundError(f"Folder {directory!r} of the journal file does not exist.")
        return optuna.storages.JournalStorage(JournalFileBackend(location))
    raise ValueError(
        f"storage must be None, a database URL, a journal file path or an optuna storage; "
        f"got {type(storage).__name__}."
    )


def _rdb_storage(url):
    """An RDB storage with heartbeats: a trial left running by a killed worker is retried."""
    import sqlalchemy.exc

    retry = getattr(optuna.storages, "RetryHeartbeatStaleTrialCallback", None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        if retry is not None:  # optuna >= 4.9
            kwargs = {"heartbeat_stale_trial_callback": retry(max_retry=1)}
        else:
            retry = optuna.storages.RetryFailedTrialCallback
            kwargs = {"failed_trial_callback": retry(max_retry=1)}
    # Workers started together on a new database race to create its tables; the losers
    # see an integrity or locking error once and then find the tables in place.
    for attempt in range(5):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
                return optuna.storages.RDBStorage(
                    url, heartbeat_interval=60, grace_period=120, **kwargs
                )
        except sqlalchemy.exc.SQLAlchemyError:
            if attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))
