"""SequenceSearchCV: an Optuna search that is a scikit-learn estimator."""

import time
from copy import deepcopy
from numbers import Integral

import numpy as np
import optuna
from sklearn.base import BaseEstimator, MetaEstimatorMixin, clone, is_classifier
from sklearn.model_selection import GroupKFold, check_cv
from sklearn.utils import get_tags, indexable
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from skseq.utils import validate_params

from ._budget import TRIAL_TIMEOUT_CONSTRAINTS, check_completed, resolve_trial_timeout
from ._checks import check_arguments, check_lengths, check_pruning, check_scorer, check_search_space
from ._objective import Objective, network_estimator, network_prefix
from ._results import StudyMethods, cv_results
from ._space import cnn_search_space
from ._storage import HEARTBEAT_CONSTRAINTS, HEARTBEAT_INTERVAL, MAX_RETRY, make_storage
from ._study import (
    COUNTED,
    default_study_name,
    fail_stale_trials,
    fingerprint,
    open_study,
    run_trials,
    sampler_seed,
)


def _estimator_has(attr):
    """``available_if`` check: the refitted (or else the given) estimator has ``attr``."""

    def check(self):
        getattr(getattr(self, "best_estimator_", self.estimator), attr)
        return True

    return check


class SequenceSearchCV(StudyMethods, MetaEstimatorMixin, BaseEstimator):
    """Optuna search over an estimator's hyperparameters, scored by cross-validation.

    Behaves like scikit-learn's ``GridSearchCV``: ``fit`` runs the search and refits the best
    parameters on all the data; ``best_params_``, ``best_score_``, ``cv_results_`` and
    ``best_estimator_`` describe it; ``predict``, ``predict_proba``, ``score`` and
    ``classes_`` go to ``best_estimator_``. So it nests in ``cross_val_score`` and in a
    Pipeline, and ``clone``/``get_params`` work. Optuna adds a sampler that learns from past
    trials, pruning of poor trials, and studies in a database that survive crashes and are
    shared by workers on many machines.

    Parameters
    ----------
    estimator : estimator or Pipeline
        A :class:`~skseq.SequenceCNNClassifier` / :class:`~skseq.SequenceCNNRegressor`, a
        pipeline ending in one, or any scikit-learn estimator.
    search_space : dict, optional
        Parameter name to ``optuna.distributions`` object. Default: ``cnn_search_space``
        with the pipeline's last step as prefix. The search is conditional: a size parameter
        the trial's ``architecture`` ignores (``skseq._presets.HONOURED_PARAMETERS``) is not
        sampled.
    scoring : str or callable, optional
        One scikit-learn scorer (greater is better); default: the estimator's ``score``.
    cv : int or cross-validation splitter, default=5
        As in ``cross_val_score``; with ``groups`` in ``fit`` an integer gives
        :class:`~sklearn.model_selection.GroupKFold` (no group split between training and
        test data), otherwise stratified folds for classifiers.
    n_trials : int or None, default=20
        Finished (complete or pruned) trials the study should hold: a rerun of a stopped
        search, or workers sharing it, run only the missing ones (trials running when the
        limit is reached still finish). Only trials of this same search count (see
        ``study_name``). None: run until ``timeout``.
    timeout : float, optional
        Stop starting new trials after this many seconds of this ``fit``.
    trial_timeout : float, "auto" or None, default="auto"
        Budget of one trial in seconds (all its folds): a trial still training when it is
        spent is stopped (by a Keras callback within the epoch, or before its next fold for
        an estimator whose ``fit`` takes no callbacks) and pruned, with
        ``user_attrs["pruned_by"] == "trial_timeout"``, so a search takes at most about
        ``n_trials * trial_timeout`` plus the refit. ``"auto"``: ``timeout / n_trials`` when
        ``timeout`` is given; otherwise, for a Keras estimator, 360 s per million positions
        of ``X`` (sequences times length; 216 s for 3,000 sequences of 200 nt, so 15 trials
        take under an hour), at least 60 s; no budget for other estimators. None: no budget.
    pruning : bool, {"epoch", "fold"} or optuna.pruners.BasePruner, default=False
        ``"epoch"``: report the first fold's validation loss per epoch (negated when
        maximising) and stop poor trials; needs a Keras estimator. ``"fold"``: report the mean
        score after each fold; any estimator. True: ``"epoch"`` for a Keras estimator,
        ``"fold"`` otherwise, with :class:`optuna.pruners.MedianPruner` (not during the first
        5 trials nor the first 3 epochs); or pass a pruner.
    storage : None, str, path-like or optuna storage, default=None
        None: in memory. A database URL (``"sqlite:///tune.db"``,
        ``"postgresql://user:password@host/db"``): Optuna's RDB storage with heartbeats
        (``heartbeat_interval``), so a trial left running by a killed worker is failed and
        retried. A path ending in ``.log``, ``.journal`` or ``.jsonl``: an Optuna journal
        file. An optuna storage object is used as given. Anything else (``"study.db"``,
        ``"sqlite:/x.db"``) is refused with the spelling to use.
    study_name : str, optional
        Name of the study. None: a name derived from a fingerprint of the search (estimator
        and parameters, search space, data, folds, scoring, direction), so rerunning the same
        search resumes it and another search never joins it. A named study that exists but
        was made by a different search is refused, naming what differs.
    n_jobs : int, default=1
        Trials run at the same time in threads of this process; for processes or machines,
        start one worker each on the same ``storage``.
    random_state : int, optional
        Seed of the default sampler (:class:`optuna.samplers.TPESampler`); a resumed study
        derives its seed from this and the number of stored trials. Give workers different
        seeds (or None).
    sampler : optuna.samplers.BaseSampler, optional
        A sampler to use instead of the default.
    direction : {"maximize", "minimize"}, default="maximize"
    refit : bool, default=True
        Fit the best parameters on all the data as ``best_estimator_``.
    error_score : "raise" or float, default=np.nan
        Value of a trial whose fit or scoring raises (the error goes to its
        ``user_attrs["error"]``); "raise" re-raises instead.
    show_progress_bar : bool, default=True
        Show Optuna's progress bar over the trials of this ``fit``, on standard error when it
        is a terminal (``SKSEQ_PROGRESS`` forces it on or off, see
        :func:`skseq.utils.progress`) and ``n_trials`` or ``timeout`` bounds the run.
    heartbeat_interval : int or None, default=60
        Seconds between the heartbeats of a running trial, with a database URL as
        ``storage`` (other storages: ignored). The trial of a worker that died (killed, out
        of memory) stops beating; ``grace_period`` seconds later the next worker or rerun
        fails it and queues its parameters again. None: no heartbeats.
    grace_period : int or None, default=None
        Seconds without a heartbeat after which a running trial counts as dead; longer than
        ``heartbeat_interval``. None: twice ``heartbeat_interval``.
    max_retry : int, default=1
        Times a dead trial's parameters run again, as a new trial whose
        ``system_attrs["failed_trial"]`` names the first; 0: never.

    Attributes
    ----------
    best_estimator_ : estimator
        Clone of ``estimator`` with ``best_params_``, fitted on all the data (``refit=True``).
    best_params_ : dict
        Parameters of the best trial.
    best_score_ : float
        Mean cross-validated score of the best trial.
    best_index_ : int
        Row of the best trial in ``cv_results_``.
    cv_results_ : dict of numpy arrays
        One row per finished trial of the study, in scikit-learn's format, plus
        ``trial_number`` and ``state``.
    study_ : optuna.study.Study
        The study (with a storage: every run's and worker's trials).
    best_trial_ : optuna.trial.FrozenTrial
    n_trials_ : int
        Finished (complete or pruned) trials in the study.
    n_splits_ : int
    scorer_ : callable
    cv_ : cross-validation splitter
    refit_time_ : float or None
    trial_timeout_ : float or None
        The per-trial budget in seconds that ``trial_timeout`` resolved to.
    classes_ : ndarray
        Of ``best_estimator_`` (classifiers).

    Examples
    --------
    >>> from optuna.distributions import IntDistribution
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.model_selection import cross_val_score
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from skseq.tuning import SequenceSearchCV
    >>> X, y = make_classification(n_samples=200, random_state=0)
    >>> search = SequenceSearchCV(DecisionTreeClassifier(random_state=0),
    ...                           {"max_depth": IntDistribution(1, 8)},
    ...                           cv=3, n_trials=5, random_state=0).fit(X, y)
    >>> sorted(search.best_params_), len(search.cv_results_["mean_test_score"])
    (['max_depth'], 5)
    >>> search.predict(X[:3]).shape
    (3,)
    >>> len(cross_val_score(search, X, y, cv=2))
    2
    """

    _required_parameters = ["estimator"]
    # The heartbeat parameters are checked here, the others by _checks.check_arguments and
    # the check_* functions of fit, with messages written for each.
    _parameter_constraints = {
        **dict.fromkeys(
            "estimator search_space scoring cv n_trials timeout pruning storage study_name "
            "n_jobs random_state sampler direction refit error_score show_progress_bar".split(),
            "no_validation",
        ),
        **TRIAL_TIMEOUT_CONSTRAINTS,
        **HEARTBEAT_CONSTRAINTS,
    }

    def __init__(
        self,
        estimator,
        search_space=None,
        *,
        scoring=None,
        cv=5,
        n_trials=20,
        timeout=None,
        trial_timeout="auto",
        pruning=False,
        storage=None,
        study_name=None,
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
        self.estimator = estimator
        self.search_space = search_space
        self.scoring = scoring
        self.cv = cv
        self.n_trials = n_trials
        self.timeout = timeout
        self.trial_timeout = trial_timeout
        self.pruning = pruning
        self.storage = storage
        self.study_name = study_name
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.sampler = sampler
        self.direction = direction
        self.refit = refit
        self.error_score = error_score
        self.show_progress_bar = show_progress_bar
        self.heartbeat_interval = heartbeat_interval
        self.grace_period = grace_period
        self.max_retry = max_retry

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        sub = get_tags(self.estimator)
        tags.estimator_type = sub.estimator_type
        tags.classifier_tags = deepcopy(sub.classifier_tags)
        tags.regressor_tags = deepcopy(sub.regressor_tags)
        tags.input_tags = deepcopy(sub.input_tags)
        tags.target_tags = deepcopy(sub.target_tags)
        return tags

    def fit(self, X, y=None, groups=None, **fit_params):
        """Run the search, then refit the best parameters on all of ``X``.

        Parameters
        ----------
        X, y : array-like
            Inputs (e.g. sequences, for a pipeline that encodes them) and targets.
        groups : array-like, optional
            Group of each sample (e.g. its chromosome), for group-aware folds.
        **fit_params
            Passed to the estimator's ``fit`` for every fold and the refit; arrays with one
            entry per sample (``sample_weight``) are split with the folds.

        Returns
        -------
        self
        """
        check_arguments(self)
        validate_params(self)
        mode, pruner = check_pruning(self.pruning, self.estimator)
        check_lengths(X, y, groups)
        X, y, groups = indexable(X, y, groups)
        cv = self.cv
        if groups is not None and isinstance(cv, Integral) and not isinstance(cv, bool):
            cv = GroupKFold(n_splits=int(cv))
        cv = check_cv(cv, y, classifier=is_classifier(self.estimator))
        splits = list(cv.split(X, y, groups))
        scorer = check_scorer(self.estimator, self.scoring)
        space = self.search_space
        if space is None:
            space = cnn_search_space(network_prefix(self.estimator))
        check_search_space(space, self.estimator)
        self.trial_timeout_ = resolve_trial_timeout(
            self.trial_timeout,
            timeout=self.timeout,
            n_trials=self.n_trials,
            X=X,
            has_network=network_estimator(self.estimator) is not None,
        )
        heartbeat = {name: getattr(self, name) for name in HEARTBEAT_CONSTRAINTS}
        storage = make_storage(self.storage, **heartbeat)

        print_ = fingerprint(self.estimator, space, X, y, splits, self.scoring, self.direction)
        name = self.study_name
        if name is None and storage is not None:
            name = default_study_name(print_)
        study = open_study(
            storage,
            name,
            print_,
            sampler=self.sampler,
            pruner=pruner,
            direction=self.direction,
            shown_storage=self.storage,
        )
        if self.sampler is None:
            study.sampler = optuna.samplers.TPESampler(seed=sampler_seed(self.random_state, study))
        fail_stale_trials(study)
        objective = Objective(
            self.estimator,
            *(X, y, splits, scorer, space, mode, self.error_score, fit_params),
            trial_timeout=self.trial_timeout_,
        )
        run_trials(
            study,
            objective,
            n_trials=self.n_trials,
            timeout=self.timeout,
            n_jobs=int(self.n_jobs),
            show_progress_bar=self.show_progress_bar,
        )
        check_completed(study, self.trial_timeout_)

        self.study_, self.cv_, self.scorer_, self.n_splits_ = study, cv, scorer, len(splits)
        self.multimetric_ = False
        self.best_trial_ = study.best_trial
        self.best_params_ = dict(self.best_trial_.params)
        self.best_score_ = self.best_trial_.value
        self.n_trials_ = len(study.get_trials(deepcopy=False, states=COUNTED))
        self.cv_results_ = cv_results(study, len(splits), self.error_score, self.direction)
        self.best_index_ = int(
            np.flatnonzero(self.cv_results_["trial_number"] == study.best_trial.number)[0]
        )
        self.refit_time_ = None
        if self.refit:
            start = time.perf_counter()
            best = clone(self.estimator).set_params(**self.best_params_)
            self.best_estimator_ = best.fit(X, y, **fit_params)
            self.refit_time_ = time.perf_counter() - start
        return self

    # ------------------------------------------------------------ what sklearn delegates
    def _check_refitted(self, method):
        check_is_fitted(self, "study_")
        if not self.refit:
            raise AttributeError(
                f"{type(self).__name__}.{method} needs refit=True: with refit=False there is "
                "no best_estimator_; fit clone(estimator).set_params(**best_params_) yourself."
            )

    @available_if(_estimator_has("predict"))
    def predict(self, X):
        """Predict with ``best_estimator_``."""
        self._check_refitted("predict")
        return self.best_estimator_.predict(X)

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities from ``best_estimator_``."""
        self._check_refitted("predict_proba")
        return self.best_estimator_.predict_proba(X)

    @available_if(_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """Log class probabilities from ``best_estimator_``."""
        self._check_refitted("predict_log_proba")
        return self.best_estimator_.predict_log_proba(X)

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X):
        """Decision function of ``best_estimator_``."""
        self._check_refitted("decision_function")
        return self.best_estimator_.decision_function(X)

    @available_if(_estimator_has("transform"))
    def transform(self, X):
        """Transform with ``best_estimator_``."""
        self._check_refitted("transform")
        return self.best_estimator_.transform(X)

    def score(self, X, y=None):
        """The search's scorer (``scoring``) applied to ``best_estimator_``."""
        self._check_refitted("score")
        return float(self.scorer_(self.best_estimator_, X, y))

    @property
    def classes_(self):
        """Class labels of ``best_estimator_``."""
        self._check_refitted("classes_")
        return self.best_estimator_.classes_

    @property
    def n_features_in_(self):
        """Number of input features seen by ``best_estimator_`` (when it records it)."""
        self._check_refitted("n_features_in_")
        return self.best_estimator_.n_features_in_
