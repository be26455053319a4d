"""The estimators under scikit-learn's own checks and its model-selection and meta tools."""

import numpy as np
import pytest
from sklearn.base import clone, is_classifier, is_regressor
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import StackingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    StratifiedKFold,
    cross_val_score,
    cross_validate,
)
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from skseq import SequenceOneHotTransformer
from skseq.models import SequenceCNNClassifier, SequenceCNNRegressor

# Small and quick, but trained enough for check_classifiers_train / check_regressors_train,
# which demand a reasonable score on easy data (training accuracy > 0.83 on blobs, R^2 > 0.5
# on a linear target). Each fit runs eagerly, so its time is its number of gradient steps.
# One convolution without pooling keeps every feature's position, so 4 epochs reach
# accuracy 0.93-0.98 and R^2 0.77-0.82 for random_state 0-3 (2 pooled layers needed 10
# epochs for R^2 0.47-0.66).
CHECK_PARAMS = dict(
    n_conv_layers=1,
    n_filters=4,
    kernel_size=3,
    pool_size=1,
    dense_units=16,
    dropout_input=0,
    dropout_conv=0,
    dropout_dense=0,
    learning_rate=0.03,
    batch_size=32,
    epochs=4,
    validation_fraction=0,
    random_state=0,
)

_INHERITED = (
    "SequenceCNN* subclass scikeras' KerasClassifier / KerasRegressor (required by the project);"
)
EXPECTED_FAILED = {
    "check_mixin_order": _INHERITED + " scikeras puts BaseEstimator before "
    "ClassifierMixin/RegressorMixin, so no subclass can order them as sklearn asks. Tags "
    "are declared by __sklearn_tags__, so the order has no effect.",
    "check_estimator_tags_renamed": _INHERITED + " scikeras' BaseWrapper defines the old "
    "_more_tags without __sklearn_tags__; our classes define __sklearn_tags__.",
    "check_sample_weight_equivalence_on_dense_data": "minibatch SGD: a sample of weight 2 "
    "is not the same as the sample seen twice (batches and steps differ), so the fitted "
    "networks differ.",
}


@parametrize_with_checks(
    [SequenceCNNClassifier(**CHECK_PARAMS), SequenceCNNRegressor(**CHECK_PARAMS)],
    expected_failed_checks=lambda est: EXPECTED_FAILED,
)
def test_sklearn_check(estimator, check):
    check(estimator)


TINY = dict(n_filters=4, kernel_size=4, dense_units=8, epochs=2, batch_size=32, random_state=0)


def motif_strings(n=120, length=30, seed=0):
    """RNA strings; label 1 strings carry ACGUUG."""
    rng = np.random.default_rng(seed)
    seqs = ["".join(rng.choice(list("ACGU"), length)) for _ in range(n)]
    y = rng.integers(0, 2, n)
    for i in np.flatnonzero(y):
        start = rng.integers(0, length - 6)
        seqs[i] = seqs[i][:start] + "ACGUUG" + seqs[i][start + 6 :]
    return np.array(seqs), y


@pytest.fixture(scope="module")
def data():
    seqs, y = motif_strings()
    X = SequenceOneHotTransformer(alphabet="RNA").fit_transform(seqs)
    groups = np.arange(len(y)) % 6
    return seqs, X, y, groups


def test_estimator_types():
    assert is_classifier(SequenceCNNClassifier()) and not is_regressor(SequenceCNNClassifier())
    assert is_regressor(SequenceCNNRegressor()) and not is_classifier(SequenceCNNRegressor())
    assert is_classifier(make_pipeline(SequenceOneHotTransformer(), SequenceCNNClassifier()))


def test_roc_auc_with_group_kfold(data):
    _, X, y, groups = data
    scores = cross_val_score(
        SequenceCNNClassifier(**TINY), X, y, groups=groups, cv=GroupKFold(3), scoring="roc_auc"
    )
    assert scores.shape == (3,) and np.isfinite(scores).all()


def test_int_cv_is_stratified(data):
    _, X, y, _ = data
    result = cross_validate(
        SequenceCNNClassifier(**{**TINY, "epochs": 1}), X, y, cv=3, return_indices=True
    )
    expected = [test for _, test in StratifiedKFold(3).split(X, y)]
    for got, want in zip(result["indices"]["test"], expected):
        np.testing.assert_array_equal(got, want)


def test_grid_search_in_two_processes_on_pipeline(data):
    seqs, _, y, _ = data
    pipe = make_pipeline(
        SequenceOneHotTransformer(alphabet="RNA"), SequenceCNNClassifier(**{**TINY, "epochs": 1})
    )
    search = GridSearchCV(
        pipe, {"sequencecnnclassifier__kernel_size": [3, 5]}, cv=2, scoring="roc_auc", n_jobs=2
    )
    search.fit(seqs, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.best_estimator_[-1].model_.get_layer("conv_1").kernel.shape[0] in (3, 5)
    assert search.predict_proba(seqs[:4]).shape == (4, 2)


def test_calibrated_classifier(data):
    _, X, y, _ = data
    calibrated = CalibratedClassifierCV(SequenceCNNClassifier(**TINY), cv=2).fit(X, y)
    proba = calibrated.predict_proba(X)
    assert proba.shape == (len(y), 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1)


def test_stacking_with_a_flat_model(data):
    _, X, y, _ = data
    flat = X.reshape(len(X), -1)
    stack = StackingClassifier(
        [
            ("cnn", SequenceCNNClassifier(**TINY, n_channels=4)),
            ("logistic", LogisticRegression(max_iter=200)),
        ],
        final_estimator=LogisticRegression(),
        cv=2,
    )
    stack.fit(flat, y)
    assert stack.predict_proba(flat).shape == (len(y), 2)


def test_clone_of_fitted_estimator_is_unfitted(data):
    _, X, y, _ = data
    fitted = SequenceCNNClassifier(**{**TINY, "epochs": 1}).fit(X, y)
    twin = clone(fitted)
    assert not hasattr(twin, "model_") and twin.get_params() == fitted.get_params()
