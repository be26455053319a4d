"""Which architecture learns the grammar: prediction and rule recovery over training-set sizes.

:func:`compare_architectures` fits every pipeline on subsets of a grammar data set's training
set (several sizes, several data and model seeds, in parallel with joblib) and scores each fit
on the test set twice: how well it predicts (ROC-AUC and average precision per class) and how
well each attribution method recovers the planted sites (seqgra's smooth and thresholded
scores per class). The grammar's own :class:`~skseq.models.BayesOptimalClassifier` gives the
ceiling of prediction.
"""

from dataclasses import dataclass
from numbers import Integral

import numpy as np
import pandas as pd
from joblib import Parallel, delayed, effective_n_jobs
from sklearn.base import clone
from sklearn.metrics import average_precision_score, roc_auc_score

from ..attribution import get_method, method_names
from ..utils._progress import progress_bar, silenced

__all__ = ["ComparisonResult", "compare_architectures"]

# the default of compare_architectures: every registered method whose values are contributions
_RULE_RECOVERY_METHODS = method_names(contributions_only=True)

COLUMNS = [
    "architecture",
    "train_size",
    "data_seed",
    "model_seed",
    "class",
    "attribution",
    "kind",
    "score",
    "value",
]


def _set_seed(estimator, seed):
    """Set every ``random_state`` parameter (nested ones too) to ``seed``."""
    params = {
        k: seed for k in estimator.get_params(deep=True) if k.split("__")[-1] == "random_state"
    }
    return estimator.set_params(**params) if params else estimator


def _subsample(y, size, seed):
    """``size`` training rows drawn with ``seed``, stratified by class (multi-class)."""
    rng = np.random.default_rng(seed)
    n = len(y)
    if size > n:
        raise ValueError(f"train size {size} exceeds the {n} training examples")
    if np.ndim(y) != 1:
        return np.sort(rng.permutation(n)[:size])
    classes, inverse = np.unique(y, return_inverse=True)
    order = rng.permutation(n)
    # round-robin over the classes in random order keeps the proportions of the set
    rank = np.empty(n, dtype=float)
    for k in range(len(classes)):
        idx = order[inverse[order] == k]
        rank[idx] = (np.arange(len(idx)) + rng.random()) / len(idx)
    return np.sort(np.argsort(rank, kind="stable")[:size])


def _prediction_rows(proba, y, names):
    rows = []
    y = np.asarray(y)
    for k, name in enumerate(names):
        truth = y[:, k] == 1 if y.ndim == 2 else y == k
        p = proba[:, k] if proba.shape[1] > 1 or y.ndim == 2 else proba[:, 0]
        if truth.all() or not truth.any():
            roc = ap = np.nan
        else:
            roc, ap = roc_auc_score(truth, p), average_precision_score(truth, p)
        rows += [(name, "", "", "roc_auc", roc), (name, "", "", "average_precision", ap)]
    return rows


def _job(index, quiet, *args):
    """``(index, rows)`` of one fit; ``quiet``: no bars from a parallel worker."""
    if not quiet:
        return index, _fit_and_score(*args)
    with silenced():
        return index, _fit_and_score(*args)


def _fit_and_score(name, estimator, data, train, test, size, data_seed, model_seed, options):
    from ..metrics._rule_recovery import rule_recovery_scores
    from ..metrics._scorer import _select_rows, _true_class_attributions

    X, y = data.sequences, data.target
    est = _set_seed(clone(estimator), model_seed)
    est.fit(X[train], y[train])
    proba = np.asarray(est.predict_proba(X[test]))
    names = list(np.asarray(data.target_names))
    rows = _prediction_rows(proba, y[test], names)
    if options["methods"] and not options["is_bayes"]:
        chosen = _select_rows(
            est, X[test], y[test], options["correct_only"], options["n_per_class"], model_seed
        )
        for method in options["methods"]:
            values, example, label = _true_class_attributions(
                est, X[test], y[test], method, rows=chosen, **options["attribution_params"]
            )
            ann = data.annotation[test][example]
            for kind in ("smooth", "thresholded"):
                table = rule_recovery_scores(
                    values, ann, label, kind=kind, threshold=options["threshold"]
                )
                for k, row in table.iterrows():
                    for score in ("precision", "recall", "specificity", "f1"):
                        rows.append((names[k], method, kind, score, row[score]))
    return [(name, size, data_seed, model_seed) + r for r in rows]


def compare_architectures(
    pipelines,
    data,
    train_sizes,
    *,
    n_seeds=3,
    model_seeds=None,
    attribution_methods=_RULE_RECOVERY_METHODS,
    n_per_class=100,
    correct_only=False,
    threshold=0.1,
    include_bayes=True,
    train_set="training",
    test_set="test",
    attribution_params=None,
    n_jobs=None,
    verbose=1,
):
    """Fit each pipeline on growing training sets; score prediction and rule recovery.

    Parameters
    ----------
    pipelines : dict of str to estimator
        Name -> unfitted classifier (a Pipeline taking sequences, e.g. a one-hot encoder and
        a network with a preset ``architecture``). Any ``random_state`` parameter is set to
        the model seed.
    data : Bunch
        From :func:`~skseq.datasets.make_grammar_sequences` (or ``load_seqgra_output``):
        ``sequences``, ``target``, ``target_names``, ``annotation``, ``set``, ``grammar``.
    train_sizes : sequence of int
        Training-set sizes, drawn from the ``train_set`` examples.
    n_seeds : int, default=3
        Data seeds: each draws its own training subset.
    model_seeds : int, default=None
        Model seeds per data seed (a cross product); None uses the data seed as model seed.
    attribution_methods : sequence of str, default=all contribution methods
        Attribution methods whose rule recovery is scored, names in
        :data:`skseq.attribution.METHODS` whose values are contributions (by default all of
        them, see :func:`skseq.attribution.method_names`); empty for prediction only.
    n_per_class : int, default=100
        Test examples per class explained by each method.
    correct_only : bool, default=False
        Explain only test examples whose true class gets a probability above 0.5.
    threshold : float, default=0.1
        Of the thresholded scores (see :func:`skseq.metrics.rule_recovery_scores`).
    include_bayes : bool, default=True
        Add the grammar's :class:`~skseq.models.BayesOptimalClassifier` as
        ``"bayes_optimal"`` (prediction only); needs ``data.grammar``.
    train_set, test_set : str, default="training", "test"
    attribution_params : dict, default=None
        Passed to the attribution functions (``n_steps``, ``batch_size``).
    n_jobs : int, default=None
        Fits run in parallel with joblib.
    verbose : int, default=1
        1: a progress bar over the fits done (on standard error when it is a terminal, see
        :func:`skseq.utils.progress`); 2 or more: also joblib's messages at that verbosity;
        0: silent.

    Returns
    -------
    ComparisonResult
        ``frame``: one row per architecture, train size, data seed, model seed, class,
        attribution method, kind and score.
    """
    if not isinstance(pipelines, dict) or not pipelines:
        raise ValueError("pipelines must be a non-empty dict of name -> estimator")
    for key in ("sequences", "target", "target_names", "annotation", "set"):
        if key not in data:
            raise ValueError(f"data must be a grammar Bunch; it has no {key!r}")
    sizes = [int(s) for s in train_sizes]
    if not sizes or any(s < 2 for s in sizes):
        raise ValueError(f"train_sizes must be integers >= 2; got {train_sizes!r}")
    if not isinstance(n_seeds, Integral) or n_seeds < 1:
        raise ValueError(f"n_seeds must be a positive int; got {n_seeds!r}")
    methods = tuple(get_method(m, contributions_only=True).name for m in attribution_methods)
    train = np.flatnonzero(np.asarray(data.set) == train_set)
    test = np.flatnonzero(np.asarray(data.set) == test_set)
    if not len(train) or not len(test):
        raise ValueError(f"data has no {train_set!r} or no {test_set!r} examples")
    estimators = dict(pipelines)
    if include_bayes:
        from ..models._bayes import BayesOptimalClassifier

        if data.get("grammar") is None:
            raise ValueError("include_bayes=True needs data.grammar")
        estimators["bayes_optimal"] = BayesOptimalClassifier(data.grammar)
    options = dict(
        methods=methods,
        n_per_class=n_per_class,
        correct_only=correct_only,
        threshold=threshold,
        attribution_params=attribution_params or {},
    )
    jobs = []
    quiet = effective_n_jobs(n_jobs) > 1
    y_train = np.asarray(data.target)[train]
    for size in sizes:
        for data_seed in range(n_seeds):
            rows = train[_subsample(y_train, size, data_seed)]
            for model_seed in [data_seed] if model_seeds is None else range(model_seeds):
                for name, est in estimators.items():
                    opts = dict(options, is_bayes=name == "bayes_optimal")
                    args = (name, est, data, rows, test, size, data_seed, model_seed, opts)
                    jobs.append(delayed(_job)(len(jobs), quiet, *args))
    parallel = Parallel(
        n_jobs=n_jobs, verbose=verbose if verbose >= 2 else 0, return_as="generator_unordered"
    )
    results = [None] * len(jobs)
    bar = progress_bar(total=len(jobs), desc="compare_architectures", unit="fit", verbose=verbose)
    with bar:  # made before the jobs start: a job in a thread may be silenced() meanwhile
        for index, fit_rows in parallel(jobs):  # as they finish; the table keeps job order
            results[index] = fit_rows
            bar.update()
    frame = pd.DataFrame([r for rows in results for r in rows], columns=COLUMNS)
    return ComparisonResult(frame)


@dataclass
class ComparisonResult:
    """What :func:`compare_architectures` measured.

    Attributes
    ----------
    frame : pandas.DataFrame
        Tidy: ``architecture``, ``train_size``, ``data_seed``, ``model_seed``, ``class``,
        ``attribution`` (empty for prediction scores), ``kind`` (``smooth`` or
        ``thresholded``; empty for prediction), ``score``, ``value``.
    """

    frame: pd.DataFrame

    def summary(self, score="roc_auc", attribution="", kind=None):
        """Mean and standard deviation over seeds (classes averaged first), per size.

        Returns
        -------
        pandas.DataFrame
            Index ``architecture`` x ``train_size``; columns ``mean``, ``std``, ``n``.
        """
        f = self.frame
        if kind is None:
            kind = "" if not attribution else "smooth"
        sel = f[(f.score == score) & (f.attribution == attribution) & (f.kind == kind)]
        if sel.empty:
            raise ValueError(
                f"no values for score={score!r}, attribution={attribution!r}, kind={kind!r}"
            )
        per_fit = sel.groupby(["architecture", "train_size", "data_seed", "model_seed"])[
            "value"
        ].mean()
        out = per_fit.groupby(["architecture", "train_size"]).agg(["mean", "std", "count"])
        return out.rename(columns={"count": "n"})

    def plot(self, *, score="roc_auc", rule_score="f1", kind="smooth", ax=None):
        """Learning curves of prediction and of rule recovery per attribution method.

        Returns
        -------
        skseq.plotting.ComparisonDisplay
        """
        from ..plotting._comparison import ComparisonDisplay

        return ComparisonDisplay.from_result(
            self, score=score, rule_score=rule_score, kind=kind, ax=ax
        )
