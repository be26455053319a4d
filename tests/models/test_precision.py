"""precision: mixed bfloat16 / float16 per network, output in float32, global policy kept."""

import pickle

import keras
import numpy as np
import pytest
from sklearn.base import clone

from skseq.models import SequenceCNNClassifier, SequenceCNNRegressor

SMALL = dict(n_filters=4, dense_units=8, epochs=2, random_state=0)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(120, 30))]
    return X, rng.integers(0, 2, size=120)


@pytest.mark.parametrize("precision", ["mixed_bfloat16", "mixed_float16"])
def test_mixed_policy_per_network_output_float32(data, precision):
    X, y = data
    before = keras.config.dtype_policy().name
    clf = SequenceCNNClassifier(precision=precision, **SMALL).fit(X, y)
    assert keras.config.dtype_policy().name == before  # restored after fit
    assert clf.model_.get_layer("conv_1").dtype_policy.name == precision
    assert clf.model_.get_layer("output").dtype_policy.name == "float32"
    proba = clf.predict_proba(X[:5])
    assert proba.dtype == np.float64 and np.all(np.isfinite(proba))
    assert keras.config.dtype_policy().name == before
    scaled = isinstance(clf.model_.optimizer, keras.optimizers.LossScaleOptimizer)
    assert scaled == (precision == "mixed_float16")


def test_policy_restored_when_fit_fails(data):
    X, y = data
    before = keras.config.dtype_policy().name

    def broken(input_shape, n_outputs, activation):
        raise RuntimeError("builder failed")

    with pytest.raises(RuntimeError, match="builder failed"):
        SequenceCNNClassifier(precision="mixed_bfloat16", model=broken, **SMALL).fit(X, y)
    assert keras.config.dtype_policy().name == before


def test_mixed_clone_pickle_keep_precision(data):
    X, y = data
    clf = SequenceCNNRegressor(precision="mixed_bfloat16", **SMALL)
    assert clone(clf).precision == "mixed_bfloat16"
    clf.fit(X, y.astype(float))
    again = pickle.loads(pickle.dumps(clf))
    np.testing.assert_allclose(again.predict(X[:8]), clf.predict(X[:8]))
    assert again.model_.get_layer("conv_1").dtype_policy.name == "mixed_bfloat16"


def test_float32_default_unchanged(data):
    X, y = data
    a = SequenceCNNClassifier(**SMALL).fit(X, y).predict_proba(X)
    b = SequenceCNNClassifier(precision="float32", **SMALL).fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(a, b)


def test_unknown_precision_raises(data):
    X, y = data
    with pytest.raises(ValueError, match="precision"):
        SequenceCNNClassifier(precision="float16", **SMALL).fit(X, y)
