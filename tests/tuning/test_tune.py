"""skseq.tuning: search spaces, tune(), and scikit-learn's searches with the CNN estimators.

Networks are tiny (one conv layer of a few kernels, one epoch unless pruning needs more) on
120 simulated sequences of 30 nt, so every search runs in seconds; the tests check how the
searches work, not how good the networks get.
"""

import matplotlib.axes
import numpy as np
import optuna
import pytest
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.trial import TrialState
from optuna_integration import OptunaSearchCV
from scipy.stats import loguniform
from sklearn.datasets import make_classification
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    HalvingRandomSearchCV,
    RandomizedSearchCV,
    learning_curve,
)
from sklearn.pipeline import make_pipeline
from sklearn.tree import DecisionTreeClassifier

from skseq import SequenceCNNClassifier, SequenceCNNRegressor, SequenceOneHotTransformer
from skseq._presets import resolve_architecture
from skseq.datasets import make_motif_sequences
from skseq.models import ARCHITECTURES
from skseq.tuning import TuneResult, cnn_search_space, tune
from skseq.tuning._space import DEFAULT_SEARCHED

STEP = "sequencecnnclassifier"


@pytest.fixture(scope="module")
def motif_data():
    X, y = make_motif_sequences(120, 30, motifs="TGCATG", random_state=0)
    return np.asarray(X), np.asarray(y)


def tiny_cnn(**params):
    defaults = dict(
        n_conv_layers=1,
        n_filters=4,
        n_dense_layers=1,
        dense_units=8,
        epochs=1,
        batch_size=32,
        random_state=0,
    )
    return SequenceCNNClassifier(**{**defaults, **params})


def tiny_pipeline(**params):
    return make_pipeline(SequenceOneHotTransformer(alphabet="DNA"), tiny_cnn(**params))


class PruneOddTrials(optuna.pruners.BasePruner):
    """Prune every odd-numbered trial once it has reported ``step``: deterministic pruning."""

    def __init__(self, step):
        self.step = step

    def prune(self, study, trial):
        step = trial.last_step
        return trial.number % 2 == 1 and step is not None and step >= self.step


# ------------------------------------------------------------------------ search space
def test_default_space_covers_the_estimator_defaults():
    space = cnn_search_space()
    assert list(space) == list(DEFAULT_SEARCHED)
    assert space["architecture"].choices == tuple(a for a in ARCHITECTURES if a != "conv_attention")
    assert "conv_attention" in cnn_search_space(architectures=ARCHITECTURES)["architecture"].choices
    assert space["learning_rate"].log and space["n_filters"].log
    defaults = SequenceCNNClassifier().get_params()
    for name, dist in space.items():
        if name == "architecture":  # "auto" picks a preset by length: both are searched
            for length in (100, 1000):
                assert resolve_architecture(defaults[name], length) in dist.choices
        elif isinstance(dist, CategoricalDistribution):
            assert defaults[name] in dist.choices, name
        else:
            assert dist.low <= defaults[name] <= dist.high, name


@pytest.mark.parametrize("estimator", [SequenceCNNClassifier(), SequenceCNNRegressor()])
def test_every_known_parameter_is_an_estimator_parameter(estimator):
    space = cnn_search_space(include=DEFAULT_SEARCHED + ("pool_size", "recurrent_units"))
    assert set(space) <= set(estimator.get_params())


def test_prefix_narrow_and_fix():
    space = cnn_search_space(
        STEP,
        architectures="deepbind",
        include=["n_filters", "batch_size"],
        ranges={"n_filters": (16, 64), "batch_size": [64, 128], "dropout_conv": (0.1, 0.2)},
        fixed={"kernel_size": 12},
    )
    assert space == cnn_search_space(
        STEP + "__",
        architectures="deepbind",
        include=["n_filters", "batch_size"],
        ranges={"n_filters": (16, 64), "batch_size": [64, 128], "dropout_conv": (0.1, 0.2)},
        fixed={"kernel_size": 12},
    )
    assert sorted(space) == sorted(
        f"{STEP}__{n}"
        for n in ["n_filters", "batch_size", "dropout_conv", "kernel_size", "architecture"]
    )
    assert space[f"{STEP}__architecture"].choices == ("deepbind",)
    assert space[f"{STEP}__n_filters"] == IntDistribution(16, 64, log=True)
    assert space[f"{STEP}__batch_size"] == CategoricalDistribution([64, 128])
    assert space[f"{STEP}__dropout_conv"] == FloatDistribution(0.1, 0.2)
    assert space[f"{STEP}__kernel_size"].choices == (12,)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"include": ["n_filter"]}, "Unknown hyperparameter.*n_filter"),
        ({"architectures": ["pysster", "lenet"]}, "Unknown architecture.*lenet"),
        ({"architectures": []}, "architectures is empty"),
        ({"ranges": {"n_filters": (64, 16)}}, "low=64 greater than high=16"),
        ({"ranges": {"n_filters": "big"}}, r"ranges\['n_filters'\]"),
        ({"ranges": {"kernel_size": (4, 8)}, "fixed": {"kernel_size": 8}}, "both in ranges and"),
        ({"fixed": {"architecture": "lenet"}}, "Unknown architecture"),
    ],
)
def test_space_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        cnn_search_space(**kwargs)


def test_space_works_with_optuna_search_cv(motif_data):
    X, y = motif_data
    space = cnn_search_space(
        STEP, architectures=["global_max"], include=["learning_rate"], ranges={"n_filters": (2, 6)}
    )
    search = OptunaSearchCV(
        tiny_pipeline(), space, cv=2, n_trials=1, refit=False, scoring="roc_auc", random_state=0
    )
    search.fit(X, y)
    assert set(search.best_params_) == set(space)
    assert 0.0 <= search.best_score_ <= 1.0


# ------------------------------------------------------------------------------- tune
def test_tune_pipeline_grouped_refits_best(motif_data):
    X, y = motif_data
    X_before = X.copy()
    groups = np.arange(len(y)) % 3
    space = cnn_search_space(
        STEP,
        architectures=["pysster", "global_max"],
        include=["n_filters"],
        ranges={"n_filters": (2, 6)},
    )
    result = tune(
        tiny_pipeline(),
        X,
        y,
        groups=groups,
        cv=2,
        scoring="roc_auc",
        n_trials=2,
        search_space=space,
        random_state=0,
        show_progress_bar=False,
    )

    assert isinstance(result, TuneResult)
    np.testing.assert_array_equal(X, X_before)
    assert isinstance(result.cv_, GroupKFold)
    for train, test in result.cv_.split(X, y, groups):
        assert not set(groups[train]) & set(groups[test])
    trials = result.study_.trials
    assert [t.state for t in trials] == [TrialState.COMPLETE] * 2
    assert result.best_score_ == max(t.value for t in trials)
    assert set(result.best_params_) == set(space)
    assert result.best_trial_.value == pytest.approx(
        np.mean(result.best_trial_.user_attrs["cv_scores"])
    )
    fitted = result.best_estimator_[-1]
    assert fitted.n_filters == result.best_params_[f"{STEP}__n_filters"]
    assert fitted.architecture == result.best_params_[f"{STEP}__architecture"]
    assert result.best_estimator_.predict_proba(X[:5]).shape == (5, 2)
    frame = result.trials_dataframe()
    assert len(frame) == 2 and "user_attrs_cv_scores" in frame
    assert isinstance(result.plot("optimization_history"), matplotlib.axes.Axes)
    with pytest.raises(ValueError, match="Unknown plot kind"):
        result.plot("histogram")


def test_epoch_pruning_stops_a_trial_in_its_first_fold(motif_data):
    X, y = motif_data
    X1 = SequenceOneHotTransformer(alphabet="DNA").fit_transform(X)
    result = tune(
        tiny_cnn(epochs=3),
        X1,
        y,
        cv=2,
        n_trials=2,
        search_space={"learning_rate": FloatDistribution(1e-3, 1e-2, log=True)},
        pruning=PruneOddTrials(step=1),
        random_state=0,
        refit=False,
        show_progress_bar=False,
    )
    kept, pruned = result.study_.trials
    assert kept.state == TrialState.COMPLETE
    assert pruned.state == TrialState.PRUNED
    # The kept trial reported -val_loss for each of the first fold's 3 epochs.
    assert sorted(kept.intermediate_values) == [0, 1, 2]
    assert all(v < 0 for v in kept.intermediate_values.values())
    # The pruned one stopped at epoch 1 of its first fold: no fold was scored.
    assert sorted(pruned.intermediate_values) == [0, 1]
    assert pruned.user_attrs["cv_scores"] == []
    assert result.best_estimator_ is None
    assert result.n_trials_ == 2


def test_epoch_pruning_callback_stops_keras_training():
    import keras

    from skseq.tuning import EpochPruningCallback

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(64, 4)), rng.integers(0, 2, 64)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    study = optuna.create_study(direction="maximize", pruner=PruneOddTrials(step=1))
    study.ask()
    trial = study.ask()  # number 1: pruned once it reports epoch 1
    with pytest.raises(optuna.TrialPruned, match="epoch 1"):
        model.fit(
            X,
            y,
            validation_split=0.25,
            epochs=5,
            verbose=0,
            callbacks=[EpochPruningCallback(trial)],
        )
    reported = study.trials[1].intermediate_values
    assert sorted(reported) == [0, 1] and all(v < 0 for v in reported.values())
    # Without validation data it falls back to the training loss, and says so.
    study.ask()
    trial = study.ask()
    with pytest.warns(UserWarning, match="pruning on 'loss'"):
        with pytest.raises(optuna.TrialPruned):
            model.fit(X, y, epochs=5, verbose=0, callbacks=[EpochPruningCallback(trial)])


def test_fold_pruning_with_a_plain_sklearn_model():
    X, y = make_classification(n_samples=150, random_state=0)
    result = tune(
        DecisionTreeClassifier(random_state=0),
        X,
        y,
        cv=3,
        n_trials=4,
        search_space={"max_depth": IntDistribution(1, 6)},
        pruning=PruneOddTrials(step=0),
        random_state=0,
        show_progress_bar=False,
    )
    states = [t.state for t in result.study_.trials]
    assert states == [TrialState.COMPLETE, TrialState.PRUNED] * 2
    for t in result.study_.trials:
        assert len(t.user_attrs["cv_scores"]) == (3 if t.state == TrialState.COMPLETE else 1)
        assert t.user_attrs["worker"]
    assert result.best_estimator_.max_depth == result.best_params_["max_depth"]


def test_parallel_trials_in_threads():
    X, y = make_classification(n_samples=100, random_state=0)
    result = tune(
        DecisionTreeClassifier(random_state=0),
        X,
        y,
        cv=2,
        n_trials=6,
        n_jobs=2,
        search_space={"max_depth": IntDistribution(1, 6)},
        random_state=0,
        show_progress_bar=False,
    )
    numbers = sorted(t.number for t in result.study_.trials)
    assert numbers == list(range(6))
    assert result.n_trials_ == 6


def test_resumed_study_does_not_repeat_parameters():
    X, y = make_classification(n_samples=100, random_state=0)
    storage = optuna.storages.InMemoryStorage()
    common = dict(
        cv=2,
        search_space={"max_depth": IntDistribution(1, 50)},
        storage=storage,
        study_name="resume",
        random_state=0,
        refit=False,
        show_progress_bar=False,
    )
    tune(DecisionTreeClassifier(random_state=0), X, y, n_trials=4, **common)
    result = tune(DecisionTreeClassifier(random_state=0), X, y, n_trials=8, **common)
    depths = [t.params["max_depth"] for t in result.study_.trials]
    assert len(depths) == 8  # n_trials counts the study's total
    # Same seed, but the resumed run's start-up draws differ from the first run's.
    assert depths[4:] != depths[:4]


def test_failed_trials_are_recorded_or_raised():
    X, y = make_classification(n_samples=60, random_state=0)
    bad_space = {"max_depth": IntDistribution(-3, -1)}
    with pytest.warns(UserWarning, match="failed"):
        with pytest.raises(ValueError, match="No trial .* completed.*max_depth"):
            tune(
                DecisionTreeClassifier(),
                X,
                y,
                cv=2,
                n_trials=2,
                search_space=bad_space,
                show_progress_bar=False,
            )
    with pytest.raises(ValueError, match="max_depth"):
        tune(
            DecisionTreeClassifier(),
            X,
            y,
            cv=2,
            n_trials=2,
            search_space=bad_space,
            error_score="raise",
            show_progress_bar=False,
        )


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (
            {"search_space": {"n_filters": IntDistribution(2, 4)}},
            ValueError,
            "prefix them with 'sequencecnnclassifier__'",
        ),
        ({"search_space": {f"{STEP}__n_filters": [2, 4]}}, ValueError, "optuna distributions"),
        ({"study_name": 3}, ValueError, "study_name must be a string"),
        ({"n_trials": 0}, ValueError, "n_trials must be a positive integer"),
        ({"n_trials": None}, ValueError, "Give n_trials or timeout"),
        ({"pruning": "sometimes"}, ValueError, "pruning must be"),
        ({"direction": "up"}, ValueError, "direction must be"),
        (
            {"storage": "/no/such/folder/tune.log", "study_name": "s"},
            FileNotFoundError,
            "/no/such/folder",
        ),
    ],
)
def test_tune_rejects_bad_arguments_before_training(motif_data, kwargs, error, match):
    X, y = motif_data
    with pytest.raises(error, match=match):
        tune(tiny_pipeline(), X, y, cv=2, show_progress_bar=False, **kwargs)


def test_epoch_pruning_needs_a_keras_estimator():
    X, y = make_classification(n_samples=60, random_state=0)
    with pytest.raises(ValueError, match="needs a Keras estimator"):
        tune(
            DecisionTreeClassifier(),
            X,
            y,
            pruning="epoch",
            search_space={"max_depth": IntDistribution(1, 3)},
            show_progress_bar=False,
        )


# ----------------------------------------------------------- scikit-learn's searches
def test_grid_search_with_chromosome_groups(motif_data):
    X, y = motif_data
    groups = np.arange(len(y)) % 4
    search = GridSearchCV(
        tiny_pipeline(), {f"{STEP}__n_filters": [2, 4]}, cv=GroupKFold(2), scoring="roc_auc"
    )
    search.fit(X, y, groups=groups)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.best_estimator_[-1].n_filters == search.best_params_[f"{STEP}__n_filters"]
    assert search.predict(X[:3]).shape == (3,)


def test_randomized_search(motif_data):
    X, y = motif_data
    search = RandomizedSearchCV(
        tiny_pipeline(),
        {f"{STEP}__learning_rate": loguniform(1e-3, 1e-2)},
        n_iter=2,
        cv=2,
        scoring="roc_auc",
        refit=False,
        random_state=0,
    )
    search.fit(X, y)
    rates = search.cv_results_[f"param_{STEP}__learning_rate"]
    assert len(set(rates)) == 2 and all(1e-3 <= r <= 1e-2 for r in rates)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()


def test_halving_random_search_in_two_processes(motif_data):
    X, y = motif_data
    search = HalvingRandomSearchCV(
        tiny_pipeline(),
        {f"{STEP}__n_filters": [2, 4]},
        n_candidates=2,
        factor=2,
        resource="n_samples",
        min_resources=60,
        max_resources=120,
        cv=2,
        scoring="roc_auc",
        refit=False,
        n_jobs=2,
        random_state=0,
    )
    search.fit(X, y)
    assert search.n_candidates_ == [2, 1]
    assert search.n_resources_ == [60, 120]
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()


def test_learning_curve(motif_data):
    X, y = motif_data
    sizes, train_scores, test_scores = learning_curve(
        tiny_pipeline(), X, y, train_sizes=[0.5, 1.0], cv=2, scoring="roc_auc"
    )
    assert list(sizes) == [30, 60]
    assert train_scores.shape == test_scores.shape == (2, 2)
    assert np.isfinite(test_scores).all()


def test_sqlite_storage_without_a_study_name_resumes(tmp_path):
    # The form: tune(..., storage="sqlite:///study.db") run twice continues one study.
    X, y = make_classification(n_samples=100, random_state=0)
    url = f"sqlite:///{tmp_path / 'study.db'}"
    common = dict(
        cv=2,
        search_space={"max_depth": IntDistribution(1, 50)},
        storage=url,
        random_state=0,
        refit=False,
        show_progress_bar=False,
    )
    first = tune(DecisionTreeClassifier(random_state=0), X, y, n_trials=2, **common)
    second = tune(DecisionTreeClassifier(random_state=0), X, y, n_trials=4, **common)
    # Issue 10: the default name is derived from the search, no longer the shared "skseq".
    assert first.study_.study_name == second.study_.study_name
    assert first.study_.study_name.startswith("skseq-")
    assert [t.number for t in second.study_.trials] == [0, 1, 2, 3]
