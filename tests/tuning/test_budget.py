"""The per-trial time budget: ``trial_timeout`` stops and prunes a trial that runs too long.

A plain estimator that sleeps for its ``delay`` makes over-budget trials without training
anything; the Keras path is checked with a tiny network and a budget it cannot meet, and
the callback on a bare Keras model.
"""

import time

import numpy as np
import optuna
import pytest
from optuna.distributions import CategoricalDistribution
from optuna.trial import TrialState
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.datasets import make_classification
from sklearn.tree import DecisionTreeClassifier

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
from skseq.datasets import make_motif_sequences
from skseq.tuning import SequenceSearchCV, tune
from skseq.tuning._budget import (
    AUTO_LENGTH,
    AUTO_MIN_SECONDS,
    AUTO_SECONDS_PER_MEGA,
    TrialTimeout,
    resolve_trial_timeout,
    sequence_length,
)


class Sleepy(ClassifierMixin, BaseEstimator):
    """A decision tree whose ``fit`` first sleeps ``delay`` seconds."""

    def __init__(self, delay=0.0, max_depth=2):
        self.delay = delay
        self.max_depth = max_depth

    def fit(self, X, y):
        time.sleep(self.delay)
        self.tree_ = DecisionTreeClassifier(max_depth=self.max_depth, random_state=0).fit(X, y)
        self.classes_ = self.tree_.classes_
        return self

    def predict(self, X):
        return self.tree_.predict(X)


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=90, random_state=0)


def test_a_trial_over_its_budget_is_pruned_and_the_others_give_best_params(data):
    X, y = data
    space = {
        "delay": CategoricalDistribution([0.0, 1.0]),
        "max_depth": CategoricalDistribution([1, 2, 3]),
    }
    sampler = optuna.samplers.GridSampler({"delay": [0.0, 1.0], "max_depth": [1, 2, 3]}, seed=0)
    with pytest.warns(UserWarning, match="3 of 6 trials ran out of their trial_timeout"):
        search = SequenceSearchCV(
            Sleepy(), space, cv=3, n_trials=6, trial_timeout=0.5, sampler=sampler
        ).fit(X, y)
    slow = [t for t in search.study_.trials if t.params["delay"] == 1.0]
    fast = [t for t in search.study_.trials if t.params["delay"] == 0.0]
    assert len(slow) == len(fast) == 3
    for trial in slow:
        assert trial.state == TrialState.PRUNED
        assert trial.user_attrs["pruned_by"] == "trial_timeout"
        assert "budget of 0.5 s ran out in fold 0" in trial.user_attrs["pruned_reason"]
        # Stopped before its second fold.
        assert len(trial.user_attrs["fit_times"]) == len(trial.user_attrs["cv_scores"]) == 1
    assert all(t.state == TrialState.COMPLETE for t in fast)
    assert search.best_params_["delay"] == 0.0
    assert search.best_trial_.number in [t.number for t in fast]
    assert search.trial_timeout_ == 0.5
    assert np.isnan(search.cv_results_["mean_test_score"][[t.number for t in slow]]).all()
    assert search.predict(X[:2]).shape == (2,)


def test_a_keras_trial_is_stopped_inside_its_training():
    X, y = make_motif_sequences(60, 20, motifs="TGCA", random_state=0)
    X = SequenceOneHotTransformer(alphabet="DNA").fit_transform(X)
    tiny = SequenceCNNClassifier(
        n_conv_layers=1, n_filters=2, dense_units=4, epochs=1000, patience=None, random_state=0
    )
    space = {"learning_rate": CategoricalDistribution([1e-3])}
    with pytest.raises(ValueError, match="1 of 1 trials ran out of their trial_timeout"):
        tune(tiny, X, np.asarray(y), cv=2, n_trials=1, search_space=space,
             trial_timeout=1e-6, show_progress_bar=False)  # fmt: skip


def test_the_callback_stops_keras_training_at_the_deadline():
    import keras

    from skseq.tuning._pruning import TrialTimeoutCallback

    class Slow(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            time.sleep(0.02)

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(64, 4)), rng.integers(0, 2, 64)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    start = time.perf_counter()
    stop = TrialTimeoutCallback(start + 0.3, 0.3, fold=2)
    with pytest.raises(TrialTimeout, match=r"0\.3 s ran out in fold 2, epoch \d+"):
        model.fit(X, y, batch_size=8, epochs=1000, verbose=0, callbacks=[Slow(), stop])
    # 1000 epochs of 8 slow batches take minutes; the budget stopped it within a few batches.
    assert time.perf_counter() - start < 10
    assert isinstance(TrialTimeout("x"), optuna.TrialPruned)


def test_auto_budget():
    encoded = np.zeros((3000, 200, 4), dtype=np.uint8)
    args = dict(timeout=None, n_trials=15, X=encoded, has_network=True)
    per_trial = AUTO_SECONDS_PER_MEGA * 3000 * 200 / 1e6
    # 15 trials on 3,000 sequences of 200 nt fit in an hour with room for the refit.
    assert resolve_trial_timeout("auto", **args) == pytest.approx(per_trial)
    assert 15 * per_trial <= 3300
    # The same sequences as strings, for a pipeline that encodes them: the same budget.
    strings = np.array(["ACGU" * 50] * 3000)
    assert resolve_trial_timeout("auto", **{**args, "X": strings}) == pytest.approx(per_trial)
    assert resolve_trial_timeout("auto", **{**args, "X": list(strings)}) == pytest.approx(per_trial)
    # Twice the sequences or twice their length: twice the budget; tiny data: the floor.
    longer = np.zeros((3000, 400, 4), dtype=np.uint8)
    assert resolve_trial_timeout("auto", **{**args, "X": longer}) == pytest.approx(2 * per_trial)
    assert resolve_trial_timeout("auto", **{**args, "X": encoded[:30]}) == AUTO_MIN_SECONDS
    # With a search timeout, each trial gets its share; numbers are used as given.
    assert resolve_trial_timeout("auto", **{**args, "timeout": 600}) == 40
    assert resolve_trial_timeout("auto", **{**args, "timeout": 600, "n_trials": None}) == 600
    assert resolve_trial_timeout(np.int64(7), **args) == 7.0
    assert resolve_trial_timeout(None, **args) is None
    # No Keras network: "auto" sets no budget.
    assert resolve_trial_timeout("auto", **{**args, "has_network": False}) is None
    assert sequence_length(["ACG", "ACGTA"]) == 4
    assert sequence_length([{"a": 1}]) == AUTO_LENGTH  # nothing that gives a length


def test_trial_timeout_is_stored_unchanged_and_resolved_at_fit(data):
    X, y = data
    space = {"max_depth": CategoricalDistribution([1, 2])}
    for value in ("auto", None, 3, np.int64(3), np.float32(2.5)):
        search = SequenceSearchCV(Sleepy(), space, trial_timeout=value)
        assert search.get_params()["trial_timeout"] is value
        assert clone(search).trial_timeout is value
    fit = SequenceSearchCV(Sleepy(), space, cv=2, n_trials=2).fit(X, y)
    assert fit.trial_timeout_ is None  # not a Keras estimator and no timeout
    fit = SequenceSearchCV(Sleepy(), space, cv=2, n_trials=2, timeout=30).fit(X, y)
    assert fit.trial_timeout_ == 15.0


@pytest.mark.parametrize("value", [0, -1.0, float("inf"), "fast", True, [10]])
def test_bad_trial_timeout_is_refused_before_training(data, value):
    X, y = data
    search = SequenceSearchCV(
        Sleepy(delay=60), {"max_depth": CategoricalDistribution([1])}, trial_timeout=value
    )
    with pytest.raises(ValueError, match="trial_timeout"):
        search.fit(X, y)
