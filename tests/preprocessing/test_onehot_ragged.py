"""Ragged object arrays of str (what read_fasta returns for ragged files) encode like <U."""

import numpy as np
import pytest

from skseq.preprocessing import SequenceOneHotTransformer, _onehot_codes


def ragged(n, low, high, seed=0):
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(list("ACGTN"), k)) for k in rng.integers(low, high + 1, n)]


@pytest.mark.parametrize("align", ["left", "right", "center"])
@pytest.mark.parametrize("length", [None, 7, 40])
@pytest.mark.parametrize("chunk", [None, 30])  # chunks of a few sequences, or all at once
def test_object_array_equals_fixed_width_array(monkeypatch, align, length, chunk):
    if chunk:
        monkeypatch.setattr(_onehot_codes, "_CHUNK_POSITIONS", chunk)
    seqs = ragged(60, 1, 30)
    fixed = SequenceOneHotTransformer(length=length, align=align).fit_transform(np.array(seqs))
    objects = np.array(seqs, dtype=object)
    got = SequenceOneHotTransformer(length=length, align=align).fit_transform(objects)
    np.testing.assert_array_equal(got, fixed)


@pytest.mark.parametrize("align", ["left", "right", "center"])
def test_one_long_record_among_short_ones_is_read_back_to_back(monkeypatch, align):
    calls = []
    real = _onehot_codes._codes_of_strings
    monkeypatch.setattr(_onehot_codes, "_codes_of_strings", lambda *a: calls.append(1) or real(*a))
    long = "ACGT" * 5_000 + "GGG"
    seqs = np.array([long] + ragged(50, 3, 12), dtype=object)
    enc = SequenceOneHotTransformer(length=10, align=align)
    got = enc.fit_transform(seqs)
    assert calls  # no array as wide as the long record was built
    expected = SequenceOneHotTransformer(length=10, align=align).fit_transform(
        np.array(seqs.tolist())
    )
    np.testing.assert_array_equal(got, expected)


def test_unknown_symbol_in_a_long_record_is_found_where_it_is(monkeypatch):
    seqs = np.array(["ACGT" * 3000 + "AXG", "AC", "G"], dtype=object)
    with pytest.raises(ValueError, match="'X' in sequence 0 at position 12001"):
        SequenceOneHotTransformer(length=4).fit_transform(seqs)
    seqs = np.array(["AC", "G", "ACGT" * 3000, "TTJ"], dtype=object)
    with pytest.raises(ValueError, match="'J' in sequence 3 at position 2"):
        SequenceOneHotTransformer(length=4).fit_transform(seqs)


@pytest.mark.parametrize("kind", [list, "object", "U"])
def test_nul_is_unknown_under_error_and_uniform_under_uniform(kind):
    seqs = ["AC\x00GT", "GGGGG"]
    X = seqs if kind is list else np.array(seqs, dtype=None if kind == "U" else object)
    with pytest.raises(ValueError, match=r"'\\x00' in sequence 0 at position 2"):
        SequenceOneHotTransformer().fit_transform(X)
    zeros = SequenceOneHotTransformer(handle_unknown="zeros").fit_transform(X)
    assert zeros[0, 2].sum() == 0 and zeros[0, 3, 2] == 1  # nothing shifted
    uniform = SequenceOneHotTransformer(handle_unknown="uniform", dtype=np.float32)
    np.testing.assert_allclose(uniform.fit_transform(X)[0, 2], 0.25)
