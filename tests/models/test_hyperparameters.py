"""Hyperparameters as real clients pass them: numpy scalars, np.arange grids, extreme values."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV

from skseq.models import SequenceCNNClassifier, SequenceCNNRegressor

TINY = dict(n_conv_layers=2, n_filters=2, dense_units=4, epochs=1, batch_size=16, random_state=0)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(48, 12))]
    return X, np.arange(48) % 2


NUMPY_PARAMS = [
    {"kernel_size": np.int64(8)},
    {"dense_units": np.int32(8)},
    {"n_filters": np.int16(3), "n_conv_layers": np.int64(1), "pool_size": np.uint8(2)},
    {"n_dense_layers": np.int64(2), "recurrent_units": np.int32(2)},
    {"batch_size": np.int64(8), "epochs": np.int32(2), "patience": np.int64(1)},
    {"lr_patience": np.int8(1), "learning_rate": np.float32(1e-3)},
    {"dropout_input": np.float64(0.2), "dropout_conv": np.float32(0.1)},
    {"dropout_dense": np.float16(0.5), "validation_fraction": np.float64(0.25)},
    {"random_state": np.int64(3), "verbose": np.int64(0)},
]


@pytest.mark.parametrize("params", NUMPY_PARAMS, ids=lambda p: ",".join(p))
@pytest.mark.parametrize("cls", [SequenceCNNClassifier, SequenceCNNRegressor])
def test_numpy_scalar_hyperparameters_fit_and_are_stored_unchanged(cls, params, data):
    X, y = data
    est = cls(**{**TINY, **params})
    est.fit(X, y)
    for name, value in params.items():
        got = est.get_params()[name]
        assert got is value and type(got) is type(value)  # stored as given
    assert est.predict(X[:3]).shape[0] == 3


def test_numpy_channel_parameters(data):
    X, y = data
    flat = X.reshape(len(X), -1)
    clf = SequenceCNNClassifier(**TINY, n_channels=np.int64(4)).fit(flat, y)
    assert clf.input_shape_ == (12, 4)
    with_global = np.concatenate([X, np.ones((len(X), 12, 1), np.uint8)], axis=2)
    clf = SequenceCNNClassifier(**TINY, n_global_features=np.int64(1)).fit(with_global, y)
    assert clf.model_.get_layer("conv_1").kernel.shape[1] == 4


def test_grid_search_over_np_arange_grids(data):
    X, y = data
    search = GridSearchCV(
        SequenceCNNClassifier(**TINY),
        {"kernel_size": np.arange(3, 6, 2), "dense_units": np.arange(4, 5)},
        cv=2,
        error_score="raise",
    )
    search.fit(X, y)
    assert isinstance(search.best_params_["kernel_size"], np.integer)
    assert search.best_estimator_.model_.get_layer("conv_1").kernel.shape[0] in (3, 5)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()


@pytest.mark.parametrize("fraction", [0.999, 0.99, 0.001])
def test_validation_fraction_rounding_to_one_side_raises(fraction, data, monkeypatch):
    import keras

    monkeypatch.setattr(keras.Model, "fit", lambda *a, **k: pytest.fail("training started"))
    X, y = data
    n_val = int(round(fraction * len(X)))
    with pytest.raises(
        ValueError,
        match=rf"validation_fraction={fraction} of 48 sequences gives {48 - n_val} for "
        rf"training and {n_val} for validation",
    ):
        SequenceCNNClassifier(**{**TINY, "validation_fraction": fraction}).fit(X, y)


def test_validation_fraction_zero_still_disables_validation(data):
    X, y = data
    clf = SequenceCNNClassifier(**{**TINY, "validation_fraction": 0}).fit(X, y)
    assert "val_loss" not in clf.history_


def test_huge_learning_rate_warns_naming_it(data):
    X, y = data
    clf = SequenceCNNClassifier(**{**TINY, "learning_rate": 1e6, "epochs": 3})
    with pytest.warns(ConvergenceWarning, match=r"diverged.*learning_rate=1000000\.0"):
        clf.fit(X, y)


def test_non_finite_loss_raises_naming_learning_rate(data):
    X, y = data
    reg = SequenceCNNRegressor(**{**TINY, "learning_rate": 1e30, "epochs": 3})
    y_big = np.linspace(0, 1e30, len(X))
    with pytest.raises(ValueError, match=r"NaN or infinite in epoch \d+, batch \d+.*learning_rate"):
        reg.fit(X, y_big)


def test_ordinary_fit_gives_no_divergence_warning(data):
    X, y = data
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        SequenceCNNClassifier(**{**TINY, "epochs": 3}).fit(X, y)
