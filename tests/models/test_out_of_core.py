"""Memory-mapped X: fit and predict read batches by index, never the whole array."""

import numpy as np
import pytest

from skseq.models import SequenceCNNClassifier
from skseq.models._batches import SequenceBatches, _RowReader, is_memmapped

SMALL = dict(n_filters=4, dense_units=8, epochs=2, random_state=0)


@pytest.fixture
def on_disk(tmp_path):
    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(200, 30))]
    y = rng.integers(0, 2, 200)
    np.save(tmp_path / "X.npy", X)
    return X, np.load(tmp_path / "X.npy", mmap_mode="r"), y


def test_rows_read_with_pread_equal_indexing(on_disk):
    X, Xm, _ = on_disk
    reader = _RowReader(Xm)
    assert reader.path is not None
    idx = np.array([0, 1, 2, 7, 50, 51, 199])
    np.testing.assert_array_equal(reader.read(idx), X[idx])


def test_fit_on_memmap_matches_in_memory_predictions(on_disk):
    X, Xm, y = on_disk
    assert is_memmapped(Xm) and not is_memmapped(X)
    clf = SequenceCNNClassifier(**SMALL).fit(Xm, y)
    assert clf.n_epochs_ == 2 and "val_loss" in clf.history_
    np.testing.assert_allclose(clf.predict_proba(Xm), clf.predict_proba(X), atol=1e-6)


def test_validation_split_by_index_covers_all_rows_once(on_disk):
    _, Xm, y = on_disk
    train = np.arange(0, 200, 2)
    val = np.arange(1, 200, 2)
    seen = []
    for part in (train, val):
        batches = SequenceBatches(Xm, np.arange(200), indices=part, batch_size=32, shuffle=True)
        seen += [v for i in range(len(batches)) for v in batches[i][1].tolist()]
    assert sorted(seen) == list(range(200))


def test_shuffle_changes_order_between_epochs(on_disk):
    _, Xm, _ = on_disk
    batches = SequenceBatches(Xm, np.arange(200), batch_size=200, shuffle=True, seed=0)
    first = batches[0][1].copy()  # sorted within the batch: compare batch membership
    small = SequenceBatches(Xm, np.arange(200), batch_size=20, shuffle=True, seed=0)
    a = small[0][1].copy()
    small.on_epoch_end()
    assert not np.array_equal(a, small[0][1])
    assert sorted(first) == list(range(200))


def _weights(clf):
    return [np.asarray(w) for w in clf.model_.get_weights()]


def test_memmap_and_memory_give_the_same_weights_when_both_stream(on_disk):
    # augmentation streams in-memory X through the same batches as a memmap: with the same
    # random_state the order, the strands and so the weights after an epoch are the same
    X, Xm, y = on_disk
    params = dict(SMALL, epochs=1, reverse_complement="augment", alphabet="ACGT", max_shift=2)
    a = SequenceCNNClassifier(**params).fit(Xm, y)
    b = SequenceCNNClassifier(**params).fit(X, y)
    for wa, wb in zip(_weights(a), _weights(b)):
        np.testing.assert_allclose(wa, wb, atol=1e-6)


def test_fit_on_memmap_is_reproducible(on_disk):
    _, Xm, y = on_disk
    a = SequenceCNNClassifier(**SMALL).fit(Xm, y)
    b = SequenceCNNClassifier(**SMALL).fit(Xm, y)
    for wa, wb in zip(_weights(a), _weights(b)):
        np.testing.assert_allclose(wa, wb, atol=1e-6)
