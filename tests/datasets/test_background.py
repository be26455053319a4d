from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skseq.datasets import shuffle_preserving_kmers


def _klets(seq, k):
    return Counter(seq[i : i + k] for i in range(len(seq) - k + 1))


def _distinct_permutations(seq):
    """Every distinct arrangement of the symbols of ``seq`` (18,900 for the one used here)."""
    if not seq:
        yield ""
        return
    for symbol in sorted(set(seq)):
        i = seq.index(symbol)
        for rest in _distinct_permutations(seq[:i] + seq[i + 1 :]):
            yield symbol + rest


# ---------------------------------------------------------------- shuffle_preserving_kmers


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_shuffle_keeps_every_klet_count_and_the_ends(k):
    rng = np.random.default_rng(0)
    seqs = ["".join(rng.choice(list("ACGTNacgt"), size=rng.integers(1, 80))) for _ in range(300)]
    out = shuffle_preserving_kmers(seqs, k=k, random_state=0)
    assert len(out) == len(seqs)
    for before, after in zip(seqs, out):
        assert _klets(after, k) == _klets(before, k)
        assert (
            after[: k - 1] == before[: k - 1]
            and after[len(after) - k + 1 :] == (before[len(before) - k + 1 :])
        )
    if k <= 2:  # with nine symbols, longer k-lets are mostly unique in 80 positions
        assert sum(a != b for a, b in zip(seqs, out)) > 100


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(alphabet="ACGTN", min_size=1, max_size=40), min_size=1, max_size=8),
    st.integers(1, 5),
    st.integers(0, 2**32 - 1),
)
def test_shuffle_keeps_klet_counts_property(seqs, k, seed):
    out = shuffle_preserving_kmers(seqs, k=k, random_state=seed)
    for before, after in zip(seqs, out):
        assert _klets(after, k) == _klets(before, k)
        assert len(after) == len(before)


def test_shuffle_is_uniform_over_all_sequences_with_the_same_dinucleotides():
    seq = "AACGTTGCAA"
    same = {p for p in _distinct_permutations(seq) if _klets(p, 2) == _klets(seq, 2)}
    assert len(same) == 3
    n = 6000
    counts = Counter(shuffle_preserving_kmers([seq] * n, k=2, random_state=1).tolist())
    assert set(counts) == same
    expected = n / len(same)
    # chi-square with len(same) - 1 degrees of freedom, far below its 0.1 % tail
    chi2 = sum((c - expected) ** 2 / expected for c in counts.values())
    assert chi2 < 20, counts


def test_shuffle_is_seeded_and_leaves_the_input_alone():
    seqs = np.array(["ACGTACGGTTACGATCGATCGGA", "TTGACCGTAGGCTA"])
    copy = seqs.copy()
    a = shuffle_preserving_kmers(seqs, random_state=3)
    b = shuffle_preserving_kmers(seqs, random_state=np.random.RandomState(3))
    c = shuffle_preserving_kmers(seqs, random_state=4)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    np.testing.assert_array_equal(seqs, copy)
    assert a.dtype == seqs.dtype
    g = shuffle_preserving_kmers(seqs, random_state=np.random.default_rng(0))
    assert [_klets(s, 2) for s in g] == [_klets(s, 2) for s in seqs]


def test_shuffle_returns_object_arrays_for_lists_and_short_sequences_unchanged():
    out = shuffle_preserving_kmers(["A", "AC", "ACG"], k=2, random_state=0)
    assert out.dtype == object
    assert out.tolist() == ["A", "AC", "ACG"]  # "ACG" is the only sequence with AC and CG


def test_shuffle_many_long_sequences_with_large_k():
    rng = np.random.default_rng(0)
    seqs = ["".join(rng.choice(list("ACGT"), size=500)) for _ in range(20)]
    for k in (3, 7):
        out = shuffle_preserving_kmers(seqs, k=k, random_state=0)
        assert all(_klets(a, k) == _klets(b, k) for a, b in zip(seqs, out))
        if k == 3:  # 4,096 possible 6-mers in 500 positions leave little room at k=7
            assert all(a != b for a, b in zip(seqs, out))
    out = shuffle_preserving_kmers(["AAAAAAAAAA", "ACACACACAC"], k=2, random_state=0)
    assert out.tolist() == ["AAAAAAAAAA", "ACACACACAC"]


@pytest.mark.parametrize("k", [0, -1, 1.5, "2", True, None])
def test_shuffle_rejects_bad_k(k):
    with pytest.raises(ValueError, match="k must be an integer"):
        shuffle_preserving_kmers(["ACGT"], k=k)


def test_shuffle_accepts_numpy_integer_k_and_rejects_non_sequences():
    out = shuffle_preserving_kmers(["ACGTTGCA"], k=np.int64(2), random_state=0)
    assert _klets(out[0], 2) == _klets("ACGTTGCA", 2)
    with pytest.raises(ValueError):
        shuffle_preserving_kmers("ACGT")
