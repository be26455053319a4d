"""Malformed input to both estimators: each case gets a clear error before training starts.

Every case asserts the exception type and that the message names what is wrong and where
(the sequence, position and channel; the index into y or sample_weight; the parameter).
"""

import keras
import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.exceptions import NotFittedError

from skseq.models import SequenceCNNClassifier, SequenceCNNRegressor

TINY = dict(n_filters=2, dense_units=4, epochs=1, batch_size=16, random_state=0)
ESTIMATORS = [SequenceCNNClassifier, SequenceCNNRegressor]
N, LENGTH = 20, 10


def one_hot(n=N, length=LENGTH, seed=0):
    rng = np.random.default_rng(seed)
    return np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(n, length))]


def target(cls, n=N):
    return np.arange(n) % 2 if cls is SequenceCNNClassifier else np.linspace(0, 1, n)


def with_value(value, at, dtype=np.float32):
    X = one_hot().astype(dtype)
    X[at] = value
    return X


def ragged():
    return [one_hot(1, 10)[0].tolist(), one_hot(1, 9)[0].tolist()]


# id, X (callable), y (callable of cls, or None for the default), fit params, exception, message
FIT_CASES = [
    ("1-D X", lambda: np.zeros(N), None, {}, ValueError, r"1-D array of shape \(20,\)"),
    ("4-D X", lambda: np.zeros((N, 5, 4, 2)), None, {}, ValueError, r"got a 4-D array"),
    ("str array", lambda: np.array(["ACGT"] * N), None, {}, ValueError, "X holds strings"),
    ("list of str", lambda: ["ACGT"] * N, None, {}, ValueError, "encode the sequences first"),
    ("ragged lists", ragged, lambda cls: [0, 1], {}, ValueError, "different lengths"),
    (
        "NaN",
        lambda: with_value(np.nan, (3, 5, 1)),
        None,
        {},
        ValueError,
        r"NaN or infinity at sequence 3, position 5, channel 1",
    ),
    (
        "inf in flat X",
        lambda: with_value(np.inf, (2, 6, 3)).reshape(N, -1),
        None,
        {"n_channels": 4},
        ValueError,
        r"NaN or infinity at sequence 2, position 6, channel 3",
    ),
    ("complex X", lambda: one_hot() + 1j, None, {}, ValueError, "Complex data not supported"),
    ("empty X", lambda: one_hot()[:0], lambda cls: [], {}, ValueError, r"no sequences"),
    ("zero length", lambda: np.zeros((N, 0, 4)), None, {}, ValueError, r"0 feature\(s\)"),
    ("sparse X", lambda: sp.csr_matrix(np.ones((N, 40))), None, {}, TypeError, "sparse input"),
    (
        "y too short",
        one_hot,
        lambda cls: target(cls)[:-1],
        {},
        ValueError,
        "20 sequences but y has 19",
    ),
    ("y None", one_hot, lambda cls: None, {}, ValueError, "requires y to be passed"),
    ("3-D y", one_hot, lambda cls: np.zeros((N, 2, 2)), {}, ValueError, r"y must be 1-D or 2-D"),
    (
        "n_channels vs 3-D X",
        one_hot,
        None,
        {"n_channels": 3},
        ValueError,
        "n_channels=3 but X has 4 channels",
    ),
    (
        "flat X not a multiple",
        lambda: np.ones((N, 39)),
        None,
        {"n_channels": 4},
        ValueError,
        "X has 39 features, not a multiple of n_channels=4",
    ),
    (
        "n_global_features",
        one_hot,
        None,
        {"n_global_features": 4},
        ValueError,
        "n_global_features=4 must be smaller than the 4 channels",
    ),
    ("n_filters=0", one_hot, None, {"n_filters": 0}, ValueError, r"'n_filters' parameter"),
    (
        "np.int64(0) filters",
        one_hot,
        None,
        {"n_filters": np.int64(0)},
        ValueError,
        r"'n_filters' parameter .* Got np\.int64\(0\)",
    ),
    (
        "float kernel_size",
        one_hot,
        None,
        {"kernel_size": np.float64(8.0)},
        TypeError,
        r"'kernel_size' parameter .* Got np\.float64\(8\.0\)",
    ),
    (
        "dropout np.float64(1.5)",
        one_hot,
        None,
        {"dropout_conv": np.float64(1.5)},
        ValueError,
        r"'dropout_conv' parameter .* range \[0\.0, 1\.0\)",
    ),
    ("str batch_size", one_hot, None, {"batch_size": "32"}, TypeError, r"'batch_size' parameter"),
    ("architecture", one_hot, None, {"architecture": "resnet"}, ValueError, r"'basset'"),
    ("learning_rate<0", one_hot, None, {"learning_rate": -1.0}, ValueError, r"'learning_rate'"),
    (
        "validation_fraction=0.999",
        one_hot,
        None,
        {"validation_fraction": 0.999},
        ValueError,
        "validation_fraction=0.999 of 20 sequences gives 0 for training and 20 for validation",
    ),
    (
        "builder returns no model",
        one_hot,
        None,
        {"model": lambda *args: "no model"},
        TypeError,
        "must return a keras.Model; got str",
    ),
]

SAMPLE_WEIGHT_CASES = [
    ("wrong shape", np.ones(N - 1), r"sample_weight must have shape \(20,\); got \(19,\)"),
    ("negative", np.r_[np.ones(4), -1.0, np.ones(N - 5)], r"sample_weight\[4\] is -1\.0"),
    ("NaN", np.r_[np.ones(7), np.nan, np.ones(N - 8)], r"sample_weight\[7\] is nan"),
    ("all zero", np.zeros(N), "zero for every sequence"),
    ("strings", np.array(["heavy"] * N), "sample_weight must be numbers"),
]


@pytest.fixture
def no_training(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("training started")

    monkeypatch.setattr(keras.Model, "fit", fail)


@pytest.mark.parametrize("cls", ESTIMATORS)
@pytest.mark.parametrize(
    "X, y, params, error, match", [c[1:] for c in FIT_CASES], ids=[c[0] for c in FIT_CASES]
)
def test_malformed_fit_input(cls, X, y, params, error, match, no_training):
    y = target(cls) if y is None else y(cls)
    with pytest.raises(error, match=match) as info:
        cls(**{**TINY, **params}).fit(X(), y)
    name = cls.__name__
    # parameter errors name the estimator too (scikit-learn's wording)
    assert name in str(info.value) or "requires y" in str(info.value)


@pytest.mark.parametrize("cls", ESTIMATORS)
@pytest.mark.parametrize(
    "weights, match", [c[1:] for c in SAMPLE_WEIGHT_CASES], ids=[c[0] for c in SAMPLE_WEIGHT_CASES]
)
def test_malformed_sample_weight(cls, weights, match, no_training):
    with pytest.raises(ValueError, match=match):
        cls(**TINY).fit(one_hot(), target(cls), sample_weight=weights)


@pytest.mark.parametrize(
    "y, error, match",
    [
        (
            np.zeros(N),
            ValueError,
            r"only one class \(np\.float64\(0\.0\)\)|only one class \(0\.0\)",
        ),
        (np.linspace(0, 1, N), ValueError, "Unknown label type"),
    ],
    ids=["single class", "continuous y"],
)
def test_malformed_classifier_target(y, error, match, no_training):
    with pytest.raises(error, match=match):
        SequenceCNNClassifier(**TINY).fit(one_hot(), y)


def test_class_weight_naming_missing_classes(no_training):
    with pytest.raises(ValueError, match=r"class_weight names classes \[7\] not in y"):
        SequenceCNNClassifier(**TINY, class_weight={0: 1.0, 7: 2.0}).fit(
            one_hot(), np.arange(N) % 2
        )
    multilabel = np.random.default_rng(0).integers(0, 2, size=(N, 3))
    with pytest.raises(ValueError, match="class_weight is not supported for multilabel y"):
        SequenceCNNClassifier(**TINY, class_weight="balanced").fit(one_hot(), multilabel)


@pytest.mark.parametrize(
    "y, match",
    [
        (np.array(["1.5", "2", "3", "a"] * 5), r"needs numeric y; y\[0\] is '1\.5' \(str\)"),
        (np.array([0.1, 0.2, 0.3, "a"] * 5, dtype=object), r"needs numeric y; y\[3\] is 'a'"),
        (
            np.r_[np.zeros(3), np.nan, np.zeros(N - 4)],
            r"y contains NaN or infinity at index \(3,\)",
        ),
        (np.array([1.0, None] * 10, dtype=object), r"y\[1\] is None"),
    ],
    ids=["str array", "object with str", "NaN", "None"],
)
def test_malformed_regressor_target(y, match, no_training):
    with pytest.raises(ValueError, match=match):
        SequenceCNNRegressor(**TINY).fit(one_hot(), y)


@pytest.fixture(scope="module", params=ESTIMATORS, ids=lambda c: c.__name__)
def fitted(request):
    cls = request.param
    return cls(**TINY).fit(one_hot(), target(cls))


@pytest.mark.parametrize(
    "X, error, match",
    [
        (one_hot(3, 11), ValueError, r"length 11 with 4 channels, but \w+ was fitted on length 10"),
        (np.zeros((3, 10, 5)), ValueError, r"length 10 with 5 channels, but \w+ was fitted on"),
        (np.zeros((3, 39)), ValueError, r"X has 39 features, but \w+ is expecting 40 features"),
        (with_value(np.nan, (1, 2, 3))[:3], ValueError, r"sequence 1, position 2, channel 3"),
        (np.array(["ACGT"] * 3), ValueError, "X holds strings"),
        (np.zeros(3), ValueError, r"Reshape your data"),
    ],
    ids=["longer", "more channels", "flat width", "NaN", "strings", "1-D"],
)
def test_malformed_predict_input(fitted, X, error, match):
    with pytest.raises(error, match=match):
        fitted.predict(X)


def test_feature_names_must_match_at_predict():
    pd = pytest.importorskip("pandas")
    flat = one_hot().reshape(N, -1)
    columns = [f"p{i // 4}_{'ACGT'[i % 4]}" for i in range(40)]
    clf = SequenceCNNClassifier(**TINY, n_channels=4).fit(
        pd.DataFrame(flat, columns=columns), np.arange(N) % 2
    )
    np.testing.assert_array_equal(clf.feature_names_in_, columns)
    renamed = pd.DataFrame(flat, columns=[c.lower() for c in columns])
    with pytest.raises(ValueError, match="feature names should match"):
        clf.predict(renamed)
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        clf.predict(flat)


@pytest.mark.parametrize("cls", ESTIMATORS)
def test_predict_before_fit(cls):
    with pytest.raises(NotFittedError, match=f"This {cls.__name__} instance is not fitted"):
        cls().predict(one_hot())
