"""reverse_complement and max_shift: strand-symmetric predictions, augmentation, refusals.

Raw one-hot arrays carry no channel pairing, so the estimators here are told
``alphabet="ACGT"``; ``test_complement_pipelines.py`` tests the pairing itself.
"""

import warnings

import numpy as np
import pytest

from skseq._complement import reverse_complement_encoded
from skseq.models import SequenceCNNClassifier, SequenceCNNRegressor
from skseq.models._batches import SequenceBatches
from skseq.preprocessing import SequenceOneHotTransformer

SMALL = dict(n_filters=4, dense_units=8, epochs=2, random_state=0)
ACGT = (3, 2, 1, 0)  # complement_channels of one-hot ACGT


def reverse_complement(X):
    return reverse_complement_encoded(X, ACGT)


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
    est = Estimator(
        reverse_complement="augment_and_average", alphabet="ACGT", max_shift=2, **SMALL
    ).fit(X, y)
    assert est.reverse_complement_ == "augment_and_average"
    pred = est.predict_proba if hasattr(est, "predict_proba") else est.predict
    rc = np.ascontiguousarray(reverse_complement(X))
    np.testing.assert_allclose(pred(X), pred(rc), atol=1e-6)


def test_augment_only_is_not_symmetric_but_trains():
    rng = np.random.default_rng(2)
    X = one_hot(rng, 150, 30)
    y = rng.integers(0, 2, 150)
    clf = SequenceCNNClassifier(reverse_complement="augment", alphabet="DNA", **SMALL).fit(X, y)
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
        alphabet="ACGT",
        max_shift=3,
        learning_rate=5e-3,
    ).fit(X[:450], y[:450])
    assert clf.score(X[450:], y[450:]) > 0.65  # chance is 0.5; 0.75 measured


def test_protein_is_refused_before_training():
    # this warned and trained without strands; an unknown pairing is now an error
    rng = np.random.default_rng(4)
    X = one_hot(rng, 80, 20, channels=20)
    y = rng.integers(0, 2, 80)
    clf = SequenceCNNClassifier(reverse_complement="augment_and_average", **SMALL)
    with pytest.raises(ValueError, match="reverse_complement='augment_and_average' needs"):
        clf.fit(X, y)
    assert not hasattr(clf, "model_")
    with pytest.raises(ValueError, match="alphabet='protein' has symbols with no complement"):
        clf.set_params(alphabet="protein").fit(X, y)


def test_global_features_left_alone_by_strand_and_shift():
    X = np.zeros((4, 6, 5), dtype=np.uint8)
    X[:, :, 0] = 1  # all A
    X[:, :, 4] = 7  # a whole-sequence feature
    batches = SequenceBatches(
        X,
        np.zeros(4),
        batch_size=4,
        strand="reverse",
        complement_channels=ACGT,
        max_shift=2,
        n_fixed_channels=1,
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


_COMPLEMENT = {"DNA": str.maketrans("ACGTN", "TGCAN"), "RNA": str.maketrans("ACGUN", "UGCAN")}


@pytest.mark.parametrize("alphabet", ["DNA", "RNA"])
def test_batch_reverse_complement_equals_reencoded_reverse_complement(alphabet):
    # variable lengths (zero padding at the end) and N (an all-zero row): the reverse strand
    # of a left-aligned encoding is the right-aligned encoding of the reverse-complement string
    letters = alphabet.replace("DNA", "ACGTN").replace("RNA", "ACGUN")
    rng = np.random.default_rng(6)
    seqs = ["".join(rng.choice(list(letters), rng.integers(5, 13))) for _ in range(40)]
    X = SequenceOneHotTransformer(alphabet=alphabet, length=12).fit_transform(seqs)
    rc_strings = [s.translate(_COMPLEMENT[alphabet])[::-1] for s in seqs]
    expected = SequenceOneHotTransformer(alphabet=alphabet, length=12, align="right")
    expected = expected.fit_transform(rc_strings).astype("float32")
    batches = SequenceBatches(X, batch_size=16, strand="reverse", complement_channels=ACGT)
    got = np.concatenate([batches[i][0] for i in range(len(batches))])
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(reverse_complement(X), expected)


def test_random_strand_flips_whole_sequences_and_keeps_labels_and_weights():
    rng = np.random.default_rng(7)
    X = one_hot(rng, 300, 15)
    rows = np.arange(300)
    train = np.sort(rng.choice(300, 240, replace=False))
    batches = SequenceBatches(
        X,
        rows,
        rows * 10.0,
        indices=train,
        batch_size=32,
        shuffle=True,
        random_strand=True,
        complement_channels=ACGT,
    )
    rc = reverse_complement(X)
    n_flipped = 0
    for _ in range(3):  # epochs
        seen = []
        for i in range(len(batches)):
            x, label, weight = batches[i]
            np.testing.assert_array_equal(weight, label * 10.0)
            forward = (x == X[label]).all(axis=(1, 2))
            reverse = (x == rc[label]).all(axis=(1, 2))
            assert np.all(forward | reverse)  # each row is its own sequence, one strand
            n_flipped += int(np.sum(reverse & ~forward))
            seen += label.tolist()
        assert sorted(seen) == train.tolist()  # every training row once per epoch
        batches.on_epoch_end()
    assert 0.4 < n_flipped / (3 * len(train)) < 0.6


def test_strand_augmentation_keeps_the_batch_order():
    # the order and the strand draws use separate streams: with and without augmentation,
    # a seed gives the same batches (paired comparisons of augmentation)
    rng = np.random.default_rng(8)
    X = one_hot(rng, 100, 10)
    kwargs = dict(indices=np.arange(100), batch_size=16, shuffle=True, seed=3)
    plain = SequenceBatches(X, np.arange(100), **kwargs)
    augmented = SequenceBatches(
        X, np.arange(100), random_strand=True, complement_channels=ACGT, max_shift=2, **kwargs
    )
    for _ in range(2):
        for i in range(len(plain)):
            np.testing.assert_array_equal(plain[i][1], augmented[i][1])
        plain.on_epoch_end()
        augmented.on_epoch_end()


def test_shift_moves_whole_sequences_without_wrapping():
    rng = np.random.default_rng(9)
    X = one_hot(rng, 60, 12)
    X = np.concatenate([X, np.full((60, 12, 1), 5, dtype=np.uint8)], axis=2)
    m = 3
    x = SequenceBatches(X, batch_size=60, max_shift=m, n_fixed_channels=1, seed=1)[0][0]
    assert np.all(x[:, :, 4] == 5)
    shifts = []
    for got, row in zip(x[:, :, :4], X[:, :, :4]):
        padded = np.pad(row, ((m, m), (0, 0)))
        match = [s for s in range(-m, m + 1) if np.array_equal(got, padded[m - s : m - s + 12])]
        assert match, "a row is not its sequence shifted and zero-filled"
        shifts.append(match[0])
    assert len(set(shifts)) > 3


def test_average_is_the_mean_of_each_rows_two_strands():
    rng = np.random.default_rng(10)
    X = one_hot(rng, 150, 30)
    y = rng.integers(0, 3, 150)
    clf = SequenceCNNClassifier(
        reverse_complement="augment_and_average", alphabet="ACGT", **SMALL
    ).fit(X, y)
    forward = clf.model_.predict(X.astype("float32"), verbose=0)
    reverse = clf.model_.predict(np.ascontiguousarray(reverse_complement(X)), verbose=0)
    assert not np.allclose(forward, reverse)
    np.testing.assert_allclose(clf.predict_proba(X), (forward + reverse) / 2, atol=1e-6)
