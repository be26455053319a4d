"""Malformed input to the transformers: every case raises a clear error naming what and where.

Each case asserts the exception type and that the message names the transformer, what is
wrong and where (sequence index, position, column). Then a property test: under
``handle_unknown="error"`` the one-hot encoder never silently drops or zeroes a character.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from skseq.preprocessing import (
    ChannelUnion,
    SequenceOneHotTransformer,
    StructureTransformer,
    TrackTransformer,
)

OH, ST, TT = SequenceOneHotTransformer, StructureTransformer, TrackTransformer


def union():
    return ChannelUnion([("seq", OH(alphabet="RNA")), ("struct", ST())])


CASES = [
    # (id, make the transformer, X, exception, regex naming what and where)
    ("oh-none", OH, None, ValueError, r"SequenceOneHotTransformer: .*sequences, got None"),
    ("oh-str", OH, "ACGT", ValueError, r"SequenceOneHotTransformer: .*single string"),
    ("oh-bytes", OH, b"ACGT", ValueError, r"single bytes"),
    ("oh-dict", OH, {"ACGT": 1}, ValueError, r"SequenceOneHotTransformer: .*got a dict"),
    ("oh-set", OH, {"ACGT"}, ValueError, r"got a set, whose order is arbitrary"),
    ("oh-int-item", OH, ["ACGT", 5], ValueError, r"sequence 1 is 5 of type int"),
    ("oh-empty-item", OH, ["ACGT", "AC", ""], ValueError, r"sequence 2 is empty"),
    ("oh-no-items", OH, [], ValueError, r"at least one sequence, got 0"),
    (
        "oh-nul-middle",
        OH,
        ["ACGT", "AC\x00GT"],
        ValueError,
        r"unknown symbol '\\x00' in sequence 1 at position 2",
    ),
    ("oh-nul-end", OH, ["ACGT\x00"], ValueError, r"'\\x00' in sequence 0 at position 4"),
    (
        "oh-nul-array",
        OH,
        np.array(["ACGT", "A\x00C"]),
        ValueError,
        r"'\\x00' in sequence 1 at position 1",
    ),
    ("oh-unknown", OH, ["ACGT", "ACXT"], ValueError, r"'X' in sequence 1 at position 2"),
    ("oh-space", OH, ["AC GT"], ValueError, r"' ' in sequence 0 at position 2"),
    ("oh-3d", OH, np.zeros((2, 3, 4)), ValueError, r"shape \(2, 3, 4\); it looks already"),
    ("st-none", ST, None, ValueError, r"StructureTransformer: .*sequences, got None"),
    ("st-dict", ST, {"GGGAUCCC": 1}, ValueError, r"StructureTransformer: .*got a dict"),
    (
        "st-label-frame",
        ST,
        pd.DataFrame({"seq": ["GGGGAAAACCCC", "GGGAUCCC"], "label": [0, 1]}),
        ValueError,
        r"column 'label' holds 0 \(int\) at row 0, not a structure.*Labels belong in y",
    ),
    (
        "st-label-pairs",
        ST,
        [("GGGAUCCC", 1), ("GGGAUCCC", 0)],
        ValueError,
        r"second value of each pair holds 1 \(int\) at row 0, not a structure",
    ),
    ("st-nul", ST, ["GGG\x00UCCC"], ValueError, r"sequence 0 has unknown symbol '\\x00' at pos"),
    ("st-dna", ST, ["GGGAUCCC", "GGTA"], ValueError, r"sequence 1 has 'T' at position 2"),
    (
        "st-unbalanced",
        ST,
        [["GGGGAAAACCCC", "((((....)))("]],
        ValueError,
        r"unbalanced brackets in the structure of sequence 0: '\(' at position 11",
    ),
    (
        "st-structure-length",
        ST,
        [["GGGAUCCC", "(((..)))"], ["GGGAUCCC", "((..))"]],
        ValueError,
        r"structure of sequence 1 has length 6 but the sequence has length 8",
    ),
    (
        "st-probability-range",
        ST,
        [["GGGA", np.full((4, 5), 7.0)]],
        ValueError,
        r"probability rows of sequence 0 hold 7.0 at position 0, column 0",
    ),
    (
        "st-mixed-pair",
        ST,
        [["GGGA", "(..)"], "GGGA"],
        ValueError,
        r"item 1 is 'GGGA'; expected \(sequence, structure\) pairs",
    ),
    ("tt-none", TT, None, ValueError, r"TrackTransformer: .*tracks .*got None"),
    ("tt-dict", TT, {"a": [1.0]}, ValueError, r"TrackTransformer: .*got a dict"),
    ("tt-int", TT, 5, ValueError, r"TrackTransformer: .*got int"),
    ("tt-word", TT, ["0.1 0.2", "0.3 x"], ValueError, r"track of sequence 1 holds 'x'"),
    ("tt-nan", TT, [[0.1, np.nan]], ValueError, r"track 0 of sequence 0 is NaN at position 1"),
    ("tt-inf", TT, [[0.1], [0.2, np.inf]], ValueError, r"sequence 1 is infinite at position 1"),
    (
        "tt-width",
        TT,
        [np.ones((3, 2)), np.ones((3, 1))],
        ValueError,
        r"sequence 1 has 1 tracks but sequence 0 has 2",
    ),
    ("cu-none", union, None, ValueError, r"SequenceOneHotTransformer: .*got None"),
    ("cu-nul", union, ["GGGAUCCC", "GG\x00AUCCC"], ValueError, r"sequence 1 at position 2"),
    (
        "cu-columns-need-frame",
        lambda: ChannelUnion([("seq", OH(), "sequence")]),
        ["ACGT"],
        ValueError,
        r"transformer 'seq' selects columns by name \('sequence'\).*DataFrame",
    ),
    (
        "cu-missing-column",
        lambda: ChannelUnion([("seq", OH(), ["sequence"])]),
        pd.DataFrame({"seqs": ["ACGT"]}),
        ValueError,
        r"transformer 'seq' asks for columns \['sequence'\]",
    ),
    (
        "cu-lengths",
        lambda: ChannelUnion([("a", OH(length=4)), ("b", OH(length=5))]),
        ["ACGT"],
        ValueError,
        r"different lengths \('a': 4, 'b': 5\)",
    ),
]


@pytest.mark.parametrize(
    "make, X, error, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_malformed_input_is_named(make, X, error, message):
    with pytest.raises(error, match=message):
        make().fit_transform(X)


def test_malformed_input_at_transform_is_named_too():
    enc = OH().fit(["ACGT"])
    with pytest.raises(ValueError, match=r"'\\x00' in sequence 2 at position 0"):
        enc.transform(["ACGT", "AC", "\x00"])
    with pytest.raises(ValueError, match=r"got a dict"):
        enc.transform({"ACGT": 1})


def test_corpus_has_at_least_20_cases():
    assert len(CASES) >= 20


# ---------------------------------------------------------------------- property
TEXT = st.text(
    alphabet=st.one_of(  # mostly valid or NUL, so that both outcomes are exercised
        st.sampled_from("ACGTacgtNnU\x00"),
        st.sampled_from("ACGT"),
        st.characters(codec="utf-8"),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@example(sequences=["AC\x00GT"], as_array=False)  # issue 10's reproducers
@example(sequences=["AC\x00GT"], as_array=True)
@example(sequences=["ACGT\x00", "A"], as_array=False)
@given(sequences=st.lists(TEXT, min_size=1, max_size=5), as_array=st.booleans())
def test_encoder_never_silently_drops_or_zeroes_a_character(sequences, as_array):
    enc = OH(handle_unknown="error")
    X = np.array(sequences) if as_array else sequences
    # numpy drops trailing NULs when it builds a <U array: what it holds is the input then
    given = [str(s) for s in X]
    try:
        out = enc.fit_transform(X)
    except ValueError as error:
        message = str(error)
        i, position = _where(message)
        assert given[i][position] not in "ACGTUacgtuNn", message
        assert f"in sequence {i} at position {position}" in message
        return
    for i, seq in enumerate(given):
        assert out.shape[1] >= len(seq)
        for position, char in enumerate(seq):
            hot = out[i, position]
            if char in "Nn":  # the declared wildcard: an all-zero row
                assert hot.sum() == 0
            else:
                assert hot.sum() == 1, (seq, position)
                assert enc.alphabet_[hot.argmax()] == {"U": "T"}.get(char.upper(), char.upper())
        assert out[i, len(seq) :].sum() == 0  # padding only after the sequence


def _where(message):
    import re

    found = re.search(r"in sequence (\d+) at position (\d+)", message)
    assert found, message
    return int(found.group(1)), int(found.group(2))
