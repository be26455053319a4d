"""reverse_complement and max_shift: strand-symmetric predictions, augmentation, warnings."""

import warnings

import numpy as np
import pytest

from skseq.models import SequenceCNNClassifier, SequenceCNNRegressor
from skseq.models._batches import SequenceBatches, reverse_complement

SMALL = dict(n_filters=4, dense_units=8, epochs=2, random_state=0)


def one_hot(rng, n, length, channels=4):
    return np.eye(channels, dtype=np.uint8)[rng.integers(0, channels, size=(n, length))]


def test_reverse_complement_of_acgt():
    x = np.eye(4, dtype=np.uint8)[[[0, 1, 1, 2, 3]]]  # ACCGT
    assert "".join("ACGT"[i] for i in reverse_complement(x)[0].argmax(1)) == "ACGGT"


@pytest.mark.parametrize("Estimator", [SequenceCNNClassifier, SequenceCNNRegressor])
def test_average_is_strand_symmetric(Estimator):
    rng = np.random.default_rng(1)
    X = one_hot(rng, 150, 30)
    y = rng.integers(0, 2, 150)
    est = Estimator(reverse_complement="augment_and_average", max_shift=2, **SMALL).fit(X, y)
    assert est.reverse_complement_ == "augment_and_average"
    pred = est.predict_proba if hasattr(est, "predict_proba") else est.predict
    rc = np.ascontiguousarray(reverse_complement(X))
    np.testing.assert_allclose(pred(X), pred(rc), atol=1e-6)


def test_augment_only_is_not_symmetric_but_trains():
    rng = np.random.default_rng(2)
    X = one_hot(rng, 150, 30)
    y = rng.integers(0, 2, 150)
    clf = SequenceCNNClassifier(reverse_complement="augment", **SMALL).fit(X, y)
    assert clf.n_epochs_ == 2 and np.isfinite(clf.history_["val_loss"]).all()
    rc = np.ascontiguousarray(reverse_complement(X))
    assert not np.allclose(clf.predict_proba(X), clf.predict_proba(rc))


def test_augmentation_learns_a_motif_on_either_strand():
    # positives carry GGACTAGG on either strand; held-out split with seed 3
    rng = np.random.default_rng(3)
    n, length = 600, 40
    codes = rng.integers(0, 4, size=(n, length))
    y = rng.integers(0, 2, n)
    motif = np.array([2, 2, 0, 1, 3, 0, 2, 2])
    for i in np.flatnonzero(y):
        site = motif if rng.random() < 0.5 else 3 - motif[::-1]
        start = rng.integers(0, length - 8)
        codes[i, start : start + 8] = site
    X = np.eye(4, dtype=np.uint8)[codes]
    clf = SequenceCNNClassifier(
        n_filters=8,
        dense_units=16,
        epochs=20,
        dropout_conv=0,
        dropout_dense=0.1,
        random_state=0,
        reverse_complement="augment_and_average",
        max_shift=3,
        learning_rate=5e-3,
    ).fit(X[:450], y[:450])
    assert clf.score(X[450:], y[450:]) > 0.65  # chance is 0.5; 0.75 measured


def test_protein_warns_and_ignores():
    rng = np.random.default_rng(4)
    X = one_hot(rng, 80, 20, channels=20)
    y = rng.integers(0, 2, 80)
    with pytest.warns(UserWarning, match="reverse_complement='augment_and_average' is ignored"):
        clf = SequenceCNNClassifier(reverse_complement="augment_and_average", **SMALL).fit(X, y)
    assert clf.reverse_complement_ is None
    plain = SequenceCNNClassifier(**SMALL).fit(X, y)
    np.testing.assert_allclose(clf.predict_proba(X), plain.predict_proba(X), atol=1e-6)


def test_global_features_left_alone_by_strand_and_shift():
    X = np.zeros((4, 6, 5), dtype=np.uint8)
    X[:, :, 0] = 1  # all A
    X[:, :, 4] = 7  # a whole-sequence feature
    batches = SequenceBatches(
        X, np.zeros(4), batch_size=4, strand="reverse", max_shift=2, n_fixed_channels=1
    )
    x = batches[0][0]
    assert np.all(x[:, :, 4] == 7)
    assert set(np.unique(x[:, :, 3])) <= {0, 1} and x[:, :, :3].sum() == 0  # A -> T or padding


def test_shift_moves_and_pads_with_zeros():
    X = np.eye(4, dtype=np.uint8)[np.arange(10) % 4][None].repeat(50, axis=0)
    batches = SequenceBatches(X, np.zeros(50), batch_size=50, max_shift=3, seed=0)
    x = batches[0][0]
    assert x.shape == X.shape
    assert not np.array_equal(x, X.astype("float32"))
    assert set(x.sum(axis=2).ravel().tolist()) <= {0.0, 1.0}
    assert np.all(x.sum(axis=(1, 2)) >= 10 - 3)


def test_no_warning_without_the_parameter():
    rng = np.random.default_rng(5)
    X = one_hot(rng, 60, 20, channels=20)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        SequenceCNNClassifier(**SMALL).fit(X, rng.integers(0, 2, 60))
