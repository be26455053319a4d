"""KmerSpectrumTransformer: counts against a plain Python count, canonical k-mers, gaps, errors."""

import pickle
from collections import Counter
from itertools import product

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline

from skseq._complement import reverse_complement
from skseq.preprocessing import KmerSpectrumTransformer


def python_counts(seq, k, canonical):
    """k-mer counts by a dict, the reference the vectorised code must match."""
    counts = Counter(seq[i : i + k] for i in range(len(seq) - k + 1))
    counts = {kmer: n for kmer, n in counts.items() if "N" not in kmer}
    if canonical:
        merged = Counter()
        for kmer, n in counts.items():
            merged[min(kmer, reverse_complement(kmer))] += n
        counts = merged
    return counts


@pytest.mark.parametrize("canonical", [False, True])
def test_counts_match_python(canonical):
    rng = np.random.default_rng(0)
    seqs = [
        "".join(rng.choice(list("ACGTN"), size=n, p=[0.24] * 4 + [0.04])) for n in (5, 40, 1, 17)
    ]
    spec = KmerSpectrumTransformer(k=3, min_k=1, canonical=canonical, normalize=False)
    X = spec.fit_transform(seqs).toarray()
    names = list(spec.get_feature_names_out())
    for row, seq in zip(X, seqs):
        for k in (1, 2, 3):
            for kmer, n in python_counts(seq, k, canonical).items():
                assert row[names.index(kmer)] == n, (seq, kmer)
        assert row.sum() == sum(sum(python_counts(seq, k, canonical).values()) for k in (1, 2, 3))


def test_canonical_columns_and_strand_invariance():
    spec = KmerSpectrumTransformer(k=4, min_k=4)
    seqs = ["ACGTTGCAAGGCTTAC", "GGGGCCCAATATTT"]
    X = spec.fit_transform(seqs + [reverse_complement(s) for s in seqs]).toarray()
    # 4**4 = 256 4-mers, 16 of them their own reverse complement: (256 + 16) / 2 columns
    assert X.shape[1] == 136
    np.testing.assert_allclose(X[:2], X[2:])
    assert spec.canonical_


def test_rna_is_not_canonical_by_default_and_frequencies_sum_to_one():
    spec = KmerSpectrumTransformer(k=2, alphabet="RNA")
    X = spec.fit_transform(["ACGUUU", "GGAC"]).toarray()
    assert not spec.canonical_ and X.shape[1] == 4 + 16
    np.testing.assert_allclose(X[:, :4].sum(axis=1), 1)
    np.testing.assert_allclose(X[:, 4:].sum(axis=1), 1)


def test_channel_order_does_not_change_canonical_counts():
    seqs = ["AACCTGGATC", "TTTAGGC"]
    a = KmerSpectrumTransformer(k=3, normalize=False).fit(seqs)
    b = KmerSpectrumTransformer(k=3, normalize=False, alphabet="ACTG").fit(seqs)
    da = dict(zip(a.get_feature_names_out(), a.transform(seqs).toarray().T))
    db = dict(zip(b.get_feature_names_out(), b.transform(seqs).toarray().T))
    canon = {min(k, reverse_complement(k)): k for k in db}
    for name, counts in da.items():
        np.testing.assert_array_equal(counts, db[canon[name]] if name in canon else db[name])


def test_gapped_kmers():
    spec = KmerSpectrumTransformer(k=2, min_k=2, max_gap=2, canonical=False, normalize=False)
    X = spec.fit_transform(["ACGTA"]).toarray()[0]
    names = list(spec.get_feature_names_out())
    assert "A.G" in names and "A..T" in names
    # A.G: A_G at 0; C.T at 1; G.A at 2.  A..T at 0, C..A at 1
    for name in ("A.G", "C.T", "G.A", "A..T", "C..A"):
        assert X[names.index(name)] == 1
    assert X.sum() == 4 + 3 + 2


def test_output_types_and_pipeline():
    seqs = ["ACGT" * 5, "TTTT" * 5] * 10
    y = [1, 0] * 10
    spec = KmerSpectrumTransformer(k=2)
    assert sp.issparse(spec.fit_transform(seqs))
    dense = clone(spec).set_params(sparse_output=False, dtype=np.float64).fit_transform(seqs)
    assert isinstance(dense, np.ndarray) and dense.dtype == np.float64
    pipe = make_pipeline(KmerSpectrumTransformer(k=3), LogisticRegression())
    assert cross_val_score(pipe, np.array(seqs), y, cv=2).mean() == 1.0
    again = pickle.loads(pickle.dumps(spec))
    assert (again.transform(seqs) != spec.transform(seqs)).nnz == 0


def test_feature_columns_do_not_depend_on_data():
    a = KmerSpectrumTransformer(k=3).fit(["AAAA"])
    b = KmerSpectrumTransformer(k=3).fit(["CGTACGTTGA"])
    assert list(a.get_feature_names_out()) == list(b.get_feature_names_out())
    expected = {"".join(p) for k in (1, 2, 3) for p in product("ACGT", repeat=k)}
    assert {min(n, reverse_complement(n)) for n in expected} == set(a.get_feature_names_out())


def test_bad_input_names_sequence_and_position():
    spec = KmerSpectrumTransformer(k=2)
    with pytest.raises(ValueError, match=r"'Z' in sequence 1 at position 2"):
        spec.fit_transform(["ACGT", "ACZT"])
    X = KmerSpectrumTransformer(k=2, handle_unknown="ignore", normalize=False).fit_transform(
        ["ACZT"]
    )
    assert X.sum() == 3 + 1  # A, C, T and the 2-mer AC
    with pytest.raises(ValueError, match="min_k=3 is larger than k=2"):
        KmerSpectrumTransformer(k=2, min_k=3).fit(["ACGT"])
    with pytest.raises(ValueError, match="canonical=True needs an alphabet with a complement"):
        KmerSpectrumTransformer(k=2, canonical=True, alphabet="protein").fit(["ACDE"])
    with pytest.raises(ValueError, match="at most"):
        KmerSpectrumTransformer(k=7, alphabet="protein").fit(["ACDE"])


def test_numpy_integer_parameters():
    spec = KmerSpectrumTransformer(k=np.int64(3), min_k=np.int32(2), max_gap=np.int16(1))
    assert spec.fit_transform(["ACGTACGT"]).shape[0] == 1
