"""A study's trials as scikit-learn's ``cv_results_`` dict, and Optuna's plots of a study."""

import warnings

import numpy as np
import optuna
from optuna.trial import TrialState
from scipy.stats import rankdata
from sklearn.utils.validation import check_is_fitted

#: Trials that appear in ``cv_results_`` (running and waiting ones do not).
FINISHED = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL)


def cv_results(study, n_splits, error_score, direction):
    """``cv_results_`` in the format of sklearn's searches, one entry per finished trial.

    Keys: ``params``, ``param_<name>`` (masked where a trial did not sample ``name``),
    ``split<i>_test_score``, ``mean_test_score``, ``std_test_score``, ``rank_test_score``,
    ``mean_fit_time``, ``std_fit_time``, ``mean_score_time``, ``std_score_time``, and the
    Optuna ones ``trial_number`` and ``state``. Folds a pruned trial did not reach hold NaN
    and its mean is NaN (ranked last, like a failed trial); every fold of a failed trial holds
    ``error_score`` (NaN for ``"raise"``).
    """
    trials = sorted(study.get_trials(deepcopy=False, states=FINISHED), key=lambda t: t.number)
    fill = np.nan if error_score == "raise" else float(error_score)
    scores = np.full((len(trials), n_splits), np.nan)
    fit_times = np.full((len(trials), n_splits), np.nan)
    score_times = np.full((len(trials), n_splits), np.nan)
    for row, trial in enumerate(trials):
        attrs = trial.user_attrs
        if trial.state == TrialState.FAIL or "error" in attrs:
            scores[row] = fill
        else:
            folds = attrs.get("cv_scores", [])[:n_splits]
            scores[row, : len(folds)] = folds
        for array, key in ((fit_times, "fit_times"), (score_times, "score_times")):
            values = attrs.get(key, [])[:n_splits]
            array[row, : len(values)] = values

    results = {"params": [dict(t.params) for t in trials]}
    names = sorted({name for t in trials for name in t.params})
    for name in names:
        column = np.ma.MaskedArray(np.empty(len(trials), dtype=object), mask=True)
        for row, trial in enumerate(trials):
            if name in trial.params:
                column[row] = trial.params[name]
        results[f"param_{name}"] = column
    for i in range(n_splits):
        results[f"split{i}_test_score"] = scores[:, i]
    complete = np.array([t.state == TrialState.COMPLETE for t in trials], dtype=bool)
    mean = np.full(len(trials), np.nan)
    std = np.full(len(trials), np.nan)
    if len(trials):
        full = complete & ~np.isnan(scores).any(axis=1)
        mean[full] = scores[full].mean(axis=1)
        std[full] = scores[full].std(axis=1)
        failed = ~complete & np.array([t.state == TrialState.FAIL for t in trials])
        mean[failed] = fill
    results["mean_test_score"] = mean
    results["std_test_score"] = std
    results["rank_test_score"] = _rank(mean, direction)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows of unreached folds
        for key, array in (("fit_time", fit_times), ("score_time", score_times)):
            results[f"mean_{key}"] = np.nanmean(array, axis=1) if len(trials) else array[:, 0]
            results[f"std_{key}"] = np.nanstd(array, axis=1) if len(trials) else array[:, 0]
    results["trial_number"] = np.array([t.number for t in trials], dtype=int)
    results["state"] = np.array([t.state.name for t in trials], dtype=object)
    return results


def _rank(mean, direction):
    """Rank 1 for the best mean score, ties sharing the lowest rank; NaN ranked last."""
    if not len(mean):
        return np.array([], dtype=np.int32)
    key = -mean if direction == "maximize" else mean.copy()
    key[np.isnan(key)] = np.inf
    return rankdata(key, method="min").astype(np.int32)


class StudyMethods:
    """``trials_dataframe`` and ``plot`` of a fitted search's ``study_``."""

    def trials_dataframe(self, **kwargs):
        """One row per trial of ``study_`` (Optuna's ``Study.trials_dataframe``)."""
        check_is_fitted(self, "study_")
        return self.study_.trials_dataframe(**kwargs)

    def plot(self, kind="optimization_history", **kwargs):
        """Draw ``optuna.visualization.matplotlib.plot_<kind>`` of ``study_``.

        ``kind``: ``"optimization_history"``, ``"intermediate_values"``,
        ``"param_importances"``, ``"slice"``, ``"parallel_coordinate"``, ``"contour"``, ...;
        ``kwargs`` go to that function. Returns its Axes.
        """
        check_is_fitted(self, "study_")
        return plot_study(self.study_, kind, **kwargs)


def plot_study(study, kind="optimization_history", **kwargs):
    """Draw ``optuna.visualization.matplotlib.plot_<kind>`` of ``study``."""
    import optuna.visualization.matplotlib as ovm

    func = getattr(ovm, f"plot_{kind}", None)
    if func is None:
        kinds = sorted(n[5:] for n in dir(ovm) if n.startswith("plot_"))
        raise ValueError(f"Unknown plot kind {kind!r}; choose one of {kinds}.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        return func(study, **kwargs)
