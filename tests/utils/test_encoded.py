"""EncodedSequences: an ndarray that keeps its channel pairing through what a pipeline does."""

import copy
import pickle

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.utils import shuffle

from skseq.utils import EncodedSequences

ACGT = (3, 2, 1, 0)


def encoded(n=6, length=5):
    codes = np.random.default_rng(0).integers(0, 4, size=(n, length))
    return EncodedSequences(np.eye(4, dtype=np.uint8)[codes], ACGT)


def test_is_a_view_with_the_pairing_as_ints():
    base = np.zeros((2, 3, 4), dtype=np.uint8)
    X = EncodedSequences(base, [np.int64(3), 2, 1, 0])
    assert np.shares_memory(X, base) and X.complement_channels == ACGT
    assert all(type(c) is int for c in X.complement_channels)
    assert EncodedSequences(base).complement_channels is None


def test_rows_positions_and_casts_keep_the_pairing():
    X = encoded()
    kept = [
        X[1:4],
        X[[0, 2]],
        X[np.array([True, False] * 3)],
        X[:, 1:],
        X[0],
        X.take([1, 2], axis=0),
        X.astype(np.float32),
        X * 2,
        X.copy(),
        shuffle(X, random_state=0),
    ]
    for view in kept:
        assert isinstance(view, EncodedSequences) and view.complement_channels == ACGT


def test_splits_keep_the_pairing():
    train, test = train_test_split(encoded(), random_state=0)
    assert train.complement_channels == test.complement_channels == ACGT


def test_flattening_and_back_keeps_the_pairing():
    X = encoded()
    flat = X.reshape(len(X), -1)
    assert flat.complement_channels == ACGT
    assert flat[2:].reshape(4, 5, 4).complement_channels == ACGT


def test_other_channels_drop_the_pairing():
    X = encoded()
    assert X[:, :, :2].complement_channels is None
    assert X.sum(axis=2).complement_channels is None
    assert X[..., 0].complement_channels is None


def test_pickle_and_deepcopy_keep_the_pairing():
    X = encoded()
    for twin in (pickle.loads(pickle.dumps(X)), copy.deepcopy(X)):
        assert isinstance(twin, EncodedSequences) and twin.complement_channels == ACGT
        np.testing.assert_array_equal(twin, X)


def test_asarray_is_plain_and_repr_reads_as_numpy():
    X = encoded(1, 2)
    plain = np.asarray(X)
    assert type(plain) is np.ndarray and np.shares_memory(plain, X)
    assert repr(X) == repr(plain) and repr(X).startswith("array(")
