"""The two reverse complements (strings, encoded arrays) and the alphabets' complements."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skseq._alphabets import IUPAC_COMPLEMENT, Alphabet, resolve_alphabet
from skseq._complement import reverse_complement, reverse_complement_encoded
from skseq.preprocessing import SequenceOneHotTransformer

IUPAC = "ACGTRYKMSWBDHVN"


# ---------------------------------------------------------------- strings
def test_strings_keep_case_iupac_and_padding():
    assert reverse_complement("AACCTG") == "CAGGTT"
    assert reverse_complement("acgRYkmSWbdhvN-") == "-NbdhvWSkmRYcgt"
    out = reverse_complement(np.array(["AACGT", "GGN", "acgR", "A"]))
    assert out.tolist() == ["ACGTT", "NCC", "Ycgt", "T"]
    assert reverse_complement(["AC", "GGGT"]).tolist() == ["GT", "ACCC"]


def test_a_pairs_with_u_in_rna_and_with_t_otherwise():
    assert reverse_complement("AACGU") == "ACGUU"
    assert reverse_complement(["aacgu", "AACGT", "AUGT"]).tolist() == ["acguu", "ACGTT", "ACAT"]
    assert reverse_complement("AAAA") == "TTTT"  # no U: DNA
    assert reverse_complement("AAAA", rna=True) == "UUUU"
    assert reverse_complement(["AAU", "AUT"], rna=False).tolist() == ["ATT", "AAT"]


def test_string_and_array_paths_agree():
    rng = np.random.default_rng(0)
    symbols = list(IUPAC + IUPAC.lower() + "U")
    seqs = ["".join(rng.choice(symbols, rng.integers(1, 30))) for _ in range(200)]
    seqs += ["ACGU", "acgu", "ACGTU"]
    assert reverse_complement(seqs).tolist() == [reverse_complement(s) for s in seqs]


@pytest.mark.parametrize(
    "given, where",
    [
        ("ACXT", "the sequence holds 'X' at position 2"),
        (["ACGT", "AC1T"], "sequence 1 holds '1' at position 2"),
        (np.array(["ACGT", "ACGTé"]), "sequence 1 holds 'é' at position 4"),
    ],
)
def test_symbols_without_complement_raise_naming_sequence_and_position(given, where):
    with pytest.raises(ValueError, match=where + ", which has no complement"):
        reverse_complement(given)


def test_empty_and_bad_shapes():
    assert reverse_complement("") == ""
    assert reverse_complement(np.array([], dtype=str)).tolist() == []
    with pytest.raises(ValueError, match="1-D collection of str"):
        reverse_complement(np.array([["AC"]]))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet=IUPAC + IUPAC.lower() + "-", max_size=40), max_size=8))
def test_strings_twice_are_the_identity(seqs):
    assert reverse_complement(reverse_complement(seqs)).tolist() == list(seqs)
    for s in seqs:
        assert reverse_complement(reverse_complement(s)) == s


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ACGU", max_size=40))
def test_rna_twice_is_the_identity(seq):
    assert reverse_complement(reverse_complement(seq, rna=True), rna=True) == seq
    assert reverse_complement([seq], rna=True).tolist() == [reverse_complement(seq, rna=True)]


# ---------------------------------------------------------------- alphabets
@pytest.mark.parametrize(
    "symbols, complement, channels",
    [
        ("ACGT", "TGCA", (3, 2, 1, 0)),
        ("ACTG", "TGAC", (2, 3, 0, 1)),
        ("TGCA", "ACGT", (3, 2, 1, 0)),
        ("ACGU", "UGCA", (3, 2, 1, 0)),
        ("AT", "TA", (1, 0)),
        ("acgt", "tgca", (3, 2, 1, 0)),
    ],
)
def test_alphabet_complement_in_any_order(symbols, complement, channels):
    alphabet = Alphabet(symbols)
    assert alphabet.complement == complement
    assert alphabet.complement_channels == channels


@pytest.mark.parametrize("name", ["protein", "HIMS", "ACG", "ACGTU", "SHIMFT"])
def test_alphabets_without_a_complement(name):
    alphabet = resolve_alphabet(name)
    assert alphabet.complement is None and alphabet.complement_channels is None


def test_iupac_alphabet_pairs_every_code():
    alphabet = Alphabet(IUPAC)
    assert alphabet.complement == "".join(IUPAC_COMPLEMENT[c] for c in IUPAC)
    channels = alphabet.complement_channels
    assert sorted(channels) == list(range(len(IUPAC)))
    assert all(channels[c] == i for i, c in enumerate(channels))  # an involution


# ---------------------------------------------------------------- encoded arrays
@pytest.mark.parametrize("order", ["ACGT", "ACTG", "TGCA", "GATC"])
def test_encoded_actg_matches_strings(order):
    enc = SequenceOneHotTransformer(alphabet=order)
    X = enc.fit_transform(["AACCTG"])
    rc = reverse_complement_encoded(X, enc.complement_channels_)
    assert enc.inverse_transform(rc).tolist() == ["CAGGTT"]


@pytest.mark.parametrize(
    "alphabet, letters",
    [("DNA", "ACGTN"), ("RNA", "ACGUN"), ("ACTG", "ACGT"), (IUPAC, IUPAC)],
)
def test_encoded_reverse_complement_is_the_encoded_string_reverse_complement(alphabet, letters):
    rng = np.random.default_rng(1)
    seqs = ["".join(rng.choice(list(letters), 12)) for _ in range(50)]
    enc = SequenceOneHotTransformer(alphabet=alphabet)
    X = enc.fit_transform(seqs)
    expected = enc.transform(reverse_complement(seqs))
    np.testing.assert_array_equal(reverse_complement_encoded(X, enc.complement_channels_), expected)


def test_encoded_single_sequence_view_and_copy():
    x = np.eye(4, dtype=np.uint8)[[0, 1, 2]]  # (length, channels)
    view = reverse_complement_encoded(x, (3, 2, 1, 0))
    assert np.shares_memory(view, x)
    assert view.argmax(axis=1).tolist() == [1, 2, 3]
    copy = reverse_complement_encoded(x, (2, 3, 0, 1))
    assert not np.shares_memory(copy, x)


def test_encoded_needs_a_permutation_of_the_channels():
    X = np.zeros((2, 5, 4))
    for bad in [(0, 1, 2), (0, 0, 1, 2), (1, 2, 3, 4)]:
        with pytest.raises(ValueError, match="not a permutation of the 4 channels"):
            reverse_complement_encoded(X, bad)


@settings(max_examples=60, deadline=None)
@given(
    st.permutations(range(6)),
    st.integers(1, 4),
    st.integers(1, 9),
    st.integers(0, 2**32 - 1),
)
def test_encoded_twice_is_the_identity(perm, n, length, seed):
    # any involution: pair channels (i, perm[i]) two by two
    pairing = list(range(6))
    for a, b in zip(perm[::2], perm[1::2]):
        pairing[a], pairing[b] = b, a
    X = np.random.default_rng(seed).random((n, length, 6))
    twice = reverse_complement_encoded(reverse_complement_encoded(X, pairing), pairing)
    np.testing.assert_array_equal(twice, X)
