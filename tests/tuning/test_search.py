"""SequenceSearchCV behaves like scikit-learn's searches; studies of different searches stay apart.

Most tests use a DecisionTree over ``max_depth`` (fast); the conditional-space test trains a
tiny CNN (one epoch) on 120 simulated sequences.
"""

import pickle

import numpy as np
import optuna
import pytest
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from sklearn.base import BaseEstimator, ClassifierMixin, clone, is_classifier
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, GroupKFold, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.estimator_checks import parametrize_with_checks

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
from skseq._presets import HONOURED_PARAMETERS, SIZE_PARAMETERS
from skseq.datasets import make_motif_sequences
from skseq.tuning import SequenceSearchCV, cnn_search_space
from skseq.tuning._objective import suggest_params
from skseq.tuning._study import FINGERPRINT_ATTR

DEPTH = {"max_depth": IntDistribution(1, 8)}


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=120, random_state=0)


def tree_search(**kwargs):
    params = dict(cv=3, n_trials=4, random_state=0)
    return SequenceSearchCV(DecisionTreeClassifier(random_state=0), DEPTH, **{**params, **kwargs})


def test_cv_results_in_sklearns_format(data):
    X, y = data
    search = tree_search().fit(X, y)
    grid = GridSearchCV(DecisionTreeClassifier(random_state=0), {"max_depth": [1, 2]}, cv=3)
    grid.fit(X, y)
    results = search.cv_results_
    assert set(grid.cv_results_) <= set(results)
    assert {"trial_number", "state"} <= set(results)
    n = len(results["params"])
    assert n == 4 == search.n_trials_
    for key, value in results.items():
        assert len(value) == n, key
    splits = np.column_stack([results[f"split{i}_test_score"] for i in range(3)])
    np.testing.assert_allclose(results["mean_test_score"], splits.mean(axis=1))
    np.testing.assert_allclose(results["std_test_score"], splits.std(axis=1))
    assert results["rank_test_score"][search.best_index_] == 1
    assert results["params"][search.best_index_] == search.best_params_
    assert search.best_score_ == pytest.approx(results["mean_test_score"].max())
    assert isinstance(results["param_max_depth"], np.ma.MaskedArray)
    assert (results["mean_fit_time"] > 0).all() and (results["mean_score_time"] > 0).all()
    assert search.n_splits_ == 3 and not search.multimetric_


def test_delegates_like_a_fitted_search(data):
    X, y = data
    search = tree_search().fit(X, y)
    best = search.best_estimator_
    assert best.max_depth == search.best_params_["max_depth"]
    np.testing.assert_array_equal(search.predict(X), best.predict(X))
    np.testing.assert_array_equal(search.predict_proba(X), best.predict_proba(X))
    np.testing.assert_array_equal(search.classes_, [0, 1])
    assert search.score(X, y) == best.score(X, y)
    assert search.n_features_in_ == X.shape[1]
    assert not hasattr(search, "decision_function")  # a tree has none
    assert hasattr(SequenceSearchCV(LogisticRegression(), {}), "decision_function")


def test_refit_false_has_no_best_estimator(data):
    X, y = data
    search = tree_search(refit=False).fit(X, y)
    assert not hasattr(search, "best_estimator_") and search.refit_time_ is None
    with pytest.raises(AttributeError, match="predict needs refit=True"):
        search.predict(X)


def test_is_an_sklearn_estimator(data):
    X, y = data
    search = tree_search(n_trials=np.int64(2), cv=np.int32(2))
    assert is_classifier(search)
    params = search.get_params()
    assert params["estimator__max_depth"] is None and params["n_trials"] == 2
    copy = clone(search)
    assert copy.get_params()["search_space"] == DEPTH and copy.n_trials == 2
    # Nested in cross_val_score (stratified folds, as for a classifier) and in a Pipeline.
    scores = cross_val_score(search, X, y, cv=2)
    assert scores.shape == (2,) and np.isfinite(scores).all()
    pipe = make_pipeline(StandardScaler(), search).fit(X, y)
    assert pipe.predict(X[:5]).shape == (5,)
    assert pipe[-1].best_params_["max_depth"] >= 1
    fitted = pickle.loads(pickle.dumps(pipe))
    np.testing.assert_array_equal(fitted.predict(X), pipe.predict(X))


def test_nested_in_grid_search_in_two_processes(data):
    X, y = data
    outer = GridSearchCV(tree_search(n_trials=2, cv=2), {"n_trials": [2, 3]}, cv=2, n_jobs=2)
    outer.fit(X, y)
    assert np.isfinite(outer.cv_results_["mean_test_score"]).all()
    assert outer.best_estimator_.n_trials_ == outer.best_params_["n_trials"]


class RecordingClassifier(ClassifierMixin, BaseEstimator):
    """Records the sample_weight length each fit got."""

    seen = []

    def __init__(self, c=1.0):
        self.c = c

    def fit(self, X, y, sample_weight=None):
        type(self).seen.append(None if sample_weight is None else len(sample_weight))
        self.classes_ = np.unique(y)
        self.majority_ = np.bincount(y).argmax()
        return self

    def predict(self, X):
        return np.full(len(X), self.majority_)


def test_fit_params_are_split_with_the_folds(data):
    X, y = data
    RecordingClassifier.seen = []
    search = SequenceSearchCV(
        RecordingClassifier(), {"c": FloatDistribution(0.1, 1.0)}, cv=StratifiedKFold(3), n_trials=2
    )
    search.fit(X, y, sample_weight=np.ones(len(y)))
    assert RecordingClassifier.seen == [80, 80, 80, 80, 80, 80, 120]


def test_groups_give_group_folds(data):
    X, y = data
    groups = np.arange(len(y)) % 4
    search = tree_search(cv=2).fit(X, y, groups=groups)
    for train, test in search.cv_.split(X, y, groups):
        assert not set(groups[train]) & set(groups[test])
    # Nested: cross_val_score hands each outer fold's groups to the search's fit.
    scores = cross_val_score(
        tree_search(cv=2, n_trials=2),
        X,
        y,
        groups=groups,
        cv=GroupKFold(2),
        params={"groups": groups},
    )
    assert np.isfinite(scores).all()


# ------------------------------------------------------------------- study fingerprints
def test_unrelated_searches_on_one_storage_get_their_own_studies(tmp_path):
    # Issue 10's reproducer: a LogisticRegression search, then a DecisionTree search on other
    # data, on one SQLite file, neither naming its study.
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    X1, y1 = make_classification(n_samples=80, random_state=1)
    X2, y2 = make_classification(n_samples=90, random_state=2)
    logistic = SequenceSearchCV(
        LogisticRegression(),
        {"C": FloatDistribution(1e-3, 1e3, log=True)},
        cv=2,
        n_trials=3,
        storage=url,
        random_state=0,
    ).fit(X1, y1)
    tree = SequenceSearchCV(
        DecisionTreeClassifier(random_state=0), DEPTH, cv=2, n_trials=6, storage=url
    ).fit(X2, y2)
    assert logistic.study_.study_name != tree.study_.study_name
    assert len(tree.study_.trials) == 6 and list(tree.best_params_) == ["max_depth"]
    assert tree.best_estimator_.max_depth == tree.best_params_["max_depth"]
    assert set(tree.study_.user_attrs[FINGERPRINT_ATTR]) == {
        "estimator",
        "search_space",
        "data",
        "cv",
        "scoring",
        "direction",
    }
    names = optuna.get_all_study_names(url)
    assert sorted(names) == sorted([logistic.study_.study_name, tree.study_.study_name])


def test_a_named_study_of_another_search_is_refused(tmp_path, data):
    X, y = data
    url = f"sqlite:///{tmp_path / 'named.db'}"
    tree_search(storage=url, study_name="mine", n_trials=2).fit(X, y)
    with pytest.raises(ValueError, match=r"'mine'.*different search \(the data \(X, y\) differ\)"):
        tree_search(storage=url, study_name="mine", n_trials=2).fit(X + 1.0, y)
    with pytest.raises(ValueError, match=r"the estimator or its parameters, the search space"):
        SequenceSearchCV(
            LogisticRegression(), {"C": FloatDistribution(0.1, 1.0)}, storage=url, cv=3
        ).set_params(study_name="mine").fit(X, y)
    # The same search resumes: n_trials counts its study's finished trials.
    again = tree_search(storage=url, study_name="mine", n_trials=3).fit(X, y)
    assert len(again.study_.trials) == 3


# ------------------------------------------------------------------ conditional space
def test_trials_never_sample_what_their_architecture_ignores():
    space = cnn_search_space("cnn", architectures=["deepbind", "primer", "pysster"])
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    seen = set()
    for _ in range(30):
        trial = study.ask()
        params = suggest_params(trial, space, {})
        architecture = params["cnn__architecture"]
        seen.add(architecture)
        sampled = {k.split("__")[1] for k in params} & set(SIZE_PARAMETERS)
        assert sampled <= HONOURED_PARAMETERS[architecture], architecture
        assert set(trial.params) == set(params)
        study.tell(trial, 0.0)
    assert seen == {"deepbind", "primer", "pysster"}
    # A fixed architecture on the estimator decides when it is not searched.
    trial = study.ask()
    params = suggest_params(
        trial,
        cnn_search_space(include=["n_filters", "n_conv_layers"]),
        {"architecture": "deepbind"},
    )
    assert set(params) == {"n_filters"}


def test_conditional_search_with_a_tiny_cnn():
    X, y = make_motif_sequences(120, 30, motifs="TGCATG", random_state=0)
    pipe = make_pipeline(
        SequenceOneHotTransformer(alphabet="DNA"),
        SequenceCNNClassifier(epochs=1, batch_size=32, random_state=0),
    )
    step = "sequencecnnclassifier"
    space = {
        f"{step}__architecture": CategoricalDistribution(["primer", "deepbind"]),
        f"{step}__n_filters": IntDistribution(2, 4),
        f"{step}__n_conv_layers": IntDistribution(1, 2),
    }
    search = SequenceSearchCV(
        pipe, space, cv=2, n_trials=3, scoring="roc_auc", random_state=0, refit=False
    )
    search.fit(np.asarray(X), np.asarray(y))
    results = search.cv_results_
    for params in results["params"]:
        architecture = params[f"{step}__architecture"]
        assert f"{step}__n_conv_layers" not in params  # neither preset honours it
        assert (f"{step}__n_filters" in params) == (architecture == "deepbind")
    assert f"param_{step}__n_conv_layers" not in results
    assert np.isfinite(results["mean_test_score"]).all()


@parametrize_with_checks(
    [
        SequenceSearchCV(
            DecisionTreeClassifier(random_state=0),
            DEPTH,
            cv=2,
            n_trials=2,
            random_state=0,
            error_score="raise",
        )
    ]
)
def test_sklearn_estimator_checks(estimator, check):
    # error_score="raise" so a check that expects the inner estimator's own error sees it
    # (with NaN, failed trials are recorded and "No trial ... completed" is raised instead).
    check(estimator)
