"""tune(): the search as one function call, returning a :class:`TuneResult`."""

import numpy as np

from ._results import plot_study
from ._search import SequenceSearchCV
from ._storage import HEARTBEAT_INTERVAL, MAX_RETRY


class TuneResult:
    """The outcome of :func:`tune`: the study, the best parameters and the refitted model.

    Attributes
    ----------
    search_ : SequenceSearchCV
        The fitted search estimator (``cv_results_`` and the rest are there).
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
    trial_timeout_ : float or None
        The per-trial budget in seconds that ``trial_timeout`` resolved to.
    n_trials_ : int
        Finished (complete or pruned) trials in the study after this run.
    cv_ : cross-validation splitter
        The splitter that was used.
    scorer_ : callable
        The scorer that was used.
    """

    def __init__(self, search):
        self.search_ = search
        self.study_ = search.study_
        self.best_trial_ = search.best_trial_
        self.best_params_ = search.best_params_
        self.best_score_ = search.best_score_
        self.best_estimator_ = getattr(search, "best_estimator_", None)
        self.refit_time_ = search.refit_time_
        self.trial_timeout_ = search.trial_timeout_
        self.n_trials_ = search.n_trials_
        self.cv_ = search.cv_
        self.scorer_ = search.scorer_

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
        return plot_study(self.study_, kind, **kwargs)

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
    trial_timeout="auto",
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
    heartbeat_interval=HEARTBEAT_INTERVAL,
    grace_period=None,
    max_retry=MAX_RETRY,
):
    """Search hyperparameters with Optuna, scoring each trial by cross-validation.

    A shortcut for ``SequenceSearchCV(estimator, search_space, ...).fit(X, y, groups)``.

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
        holds trials of this same search (a resumed run, or other workers) only the missing
        ones are run: a run stopped after 12 of 20 trials runs 8 more when started again.
        Complete and pruned trials count; failed ones do not. Several workers sharing a study
        stop together at ``n_trials`` (trials still running when the limit is reached finish,
        so a study may end a few trials over). None: run until ``timeout``.
    timeout : float, optional
        Stop starting new trials after this many seconds (of this run).
    trial_timeout : float, "auto" or None, default="auto"
        Seconds one trial (all its folds) may run. A trial still training when they are
        spent is stopped, by a Keras callback after the current batch (before the next fold
        for an estimator whose ``fit`` takes no callbacks), and pruned; its
        ``user_attrs["pruned_by"]`` is ``"trial_timeout"``. So the search takes at most about
        ``n_trials * trial_timeout`` plus the refit. ``"auto"``: ``timeout / n_trials`` when
        ``timeout`` is given; otherwise, for a Keras estimator, 360 s per million positions
        of ``X`` (sequences times length; 216 s for 3,000 sequences of 200 nt, so 15 trials
        take under an hour), at least 60 s; no budget for other estimators. None: no budget.
    search_space : dict, optional
        Parameter name to ``optuna.distributions`` object. Default: ``cnn_search_space``
        with the pipeline's last step name as prefix.
    storage : None, str, path-like or optuna storage, default=None
        Where the study lives. None: in memory. A URL such as ``"sqlite:///tune.db"`` or
        ``"postgresql://user:pass@host/db"``: an Optuna RDB storage with heartbeats, so the
        study survives a crash, and a trial left running by a killed worker is marked failed
        and retried once its heartbeat is ``grace_period`` seconds old. A path ending in
        ``.log``, ``.journal`` or ``.jsonl``: an Optuna journal file
        (``JournalStorage(JournalFileBackend(path))``), which workers on several machines can
        share over a network file system. An optuna storage object is used as given. Any
        other string is refused with the spelling to use (``"study.db"`` is not SQLite:
        ``"sqlite:///study.db"`` is).
    study_name : str, optional
        Name of the study in ``storage``. None: a name derived from a fingerprint of the
        search (estimator and its parameters, search space, data, folds, scoring and
        direction), so running the same call again resumes it and a different search on the
        same storage gets a study of its own. A named study that exists but holds another
        search's trials is refused with an error naming what differs; a rerun or another
        worker of the same search joins it.
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
        Show a progress bar over the trials of this run (on a terminal only, see
        :class:`SequenceSearchCV`).
    heartbeat_interval : int or None, default=60
        With a database URL as ``storage``: seconds between the heartbeats a worker records
        while its trial runs, so that the trial of a worker that died is noticed, failed and
        run again. None: no heartbeats. Ignored for other storages (a storage object keeps
        its own settings; journal files and memory have none).
    grace_period : int or None, default=None
        Seconds without a heartbeat after which a running trial counts as dead (longer than
        ``heartbeat_interval``). None: twice ``heartbeat_interval``.
    max_retry : int, default=1
        Times the parameters of a dead trial are run again as a new trial; 0: never.

    Returns
    -------
    TuneResult
        With ``best_params_``, ``best_score_``, ``best_estimator_``, ``study_``,
        ``search_`` (the fitted :class:`SequenceSearchCV`), ``trials_dataframe()`` and
        ``plot(kind)``.

    See Also
    --------
    SequenceSearchCV : the same search as a scikit-learn estimator (``tune`` is a shortcut
        for ``SequenceSearchCV(...).fit(X, y, groups=groups)``).

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
    search = SequenceSearchCV(
        estimator,
        search_space,
        scoring=scoring,
        cv=cv,
        n_trials=n_trials,
        timeout=timeout,
        trial_timeout=trial_timeout,
        pruning=pruning,
        storage=storage,
        study_name=study_name,
        n_jobs=n_jobs,
        random_state=random_state,
        sampler=sampler,
        direction=direction,
        refit=refit,
        error_score=error_score,
        show_progress_bar=show_progress_bar,
        heartbeat_interval=heartbeat_interval,
        grace_period=grace_period,
        max_retry=max_retry,
    )
    return TuneResult(search.fit(X, y, groups=groups))
