"""Tests of SequenceOneHotTransformer and the alphabet helpers."""

import pickle

import numpy as np
import pandas as pd
import pytest
from Bio.Seq import Seq
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.utils import estimator_checks
from sklearn.utils._param_validation import InvalidParameterError

from skseq._alphabets import UNKNOWN, Alphabet, resolve_alphabet
from skseq.preprocessing import SequenceOneHotTransformer, _onehot_codes


def random_sequences(n, low, high, symbols="ACGT", seed=0):
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(list(symbols), rng.integers(low, high + 1))) for _ in range(n)]


def reference_encode(seqs, symbols, length, align, fill=None):
    """Per-character Python encoder: the specification the fast encoder must match."""
    out = np.zeros((len(seqs), length, len(symbols)), dtype=np.float64)
    for i, seq in enumerate(seqs):
        seq = seq.upper()
        if align == "left":
            start = 0
        elif align == "right":
            start = length - len(seq)
        elif len(seq) >= length:  # center, trimming
            start = -((len(seq) - length) // 2)
        else:  # center, padding
            start = (length - len(seq)) // 2
        for j, char in enumerate(seq):
            p = start + j
            if 0 <= p < length:
                if char in symbols:
                    out[i, p, symbols.index(char)] = 1
                elif fill is not None:
                    out[i, p] = fill
    return out


# ---------------------------------------------------------------------------- encoding


def test_dna_encoding_exact_values():
    X = SequenceOneHotTransformer().fit_transform(["ACGT", "TTA"])
    expected = np.array(
        [
            [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
            [[0, 0, 0, 1], [0, 0, 0, 1], [1, 0, 0, 0], [0, 0, 0, 0]],
        ],
        dtype=np.uint8,
    )
    assert X.dtype == np.uint8
    np.testing.assert_array_equal(X, expected)


@pytest.mark.parametrize(
    "alphabet, symbols",
    [
        ("DNA", "ACGT"),
        ("RNA", "ACGU"),
        ("protein", "ACDEFGHIKLMNPQRSTVWY"),
        ("HIMS", "HIMS"),
        ("rna", "ACGU"),
    ],
)
def test_alphabets_set_channel_order(alphabet, symbols):
    enc = SequenceOneHotTransformer(alphabet=alphabet).fit([symbols[::-1]])
    assert enc.alphabet_ == symbols
    X = enc.transform([symbols])
    np.testing.assert_array_equal(X[0], np.eye(len(symbols), dtype=np.uint8))
    assert list(enc.get_channel_names()) == list(symbols)


@pytest.mark.parametrize("align", ["left", "right", "center"])
@pytest.mark.parametrize("length", [None, 7, 12, 30])
def test_matches_reference_encoder_on_ragged_input(align, length, monkeypatch):
    # a small chunk size makes the encoder cross many chunk boundaries
    monkeypatch.setattr(_onehot_codes, "_CHUNK_POSITIONS", 40)
    seqs = random_sequences(60, 1, 20, symbols="ACGTacgt", seed=1)
    enc = SequenceOneHotTransformer(length=length, align=align)
    X = enc.fit_transform(seqs)
    assert enc.length_ == (length or max(map(len, seqs)))
    np.testing.assert_array_equal(X, reference_encode(seqs, "ACGT", enc.length_, align))
    # transform of other ragged sequences, some longer than length_
    more = random_sequences(25, 1, 40, seed=2)
    np.testing.assert_array_equal(
        enc.transform(more), reference_encode(more, "ACGT", enc.length_, align)
    )


def test_center_alignment_puts_the_odd_position_at_the_end():
    enc = SequenceOneHotTransformer(length=4, align="center").fit(["A"])
    X = enc.transform(["C", "ACGTA"])
    assert X[0].argmax(1).tolist() == [0, 1, 0, 0] and X[0].sum(1).tolist() == [0, 1, 0, 0]
    assert X[1].argmax(1).tolist() == [0, 1, 2, 3]  # "ACGTA" trimmed to "ACGT"


def test_right_alignment_pads_and_trims_at_the_start():
    enc = SequenceOneHotTransformer(length=3, align="right").fit(["A"])
    X = enc.transform(["G", "ACGT"])
    assert X[0].sum(1).tolist() == [0, 0, 1] and X[0, 2].argmax() == 2
    assert X[1].argmax(1).tolist() == [1, 2, 3]


def test_learned_length_is_the_longest_and_transform_trims_to_it():
    enc = SequenceOneHotTransformer().fit(["AC", "ACGTA", "A"])
    assert enc.length_ == 5
    X = enc.transform(["ACGTACGT"])
    assert X.shape == (1, 5, 4)
    assert X[0].argmax(1).tolist() == [0, 1, 2, 3, 0]


def test_fixed_length_overrides_the_data():
    enc = SequenceOneHotTransformer(length=3).fit(["ACGTACGT"])
    assert enc.length_ == 3 and enc.transform(["ACGTACGT"]).shape == (1, 3, 4)


def test_u_and_t_are_interchangeable_by_default():
    dna = SequenceOneHotTransformer("DNA").fit(["ACGT"])
    rna = SequenceOneHotTransformer("RNA").fit(["ACGU"])
    np.testing.assert_array_equal(dna.transform(["ACGU"]), dna.transform(["ACGT"]))
    np.testing.assert_array_equal(rna.transform(["ACGT"]), rna.transform(["ACGU"]))
    with pytest.raises(ValueError, match="unknown symbol 'U' in sequence 0 at position 3"):
        SequenceOneHotTransformer("DNA", convert_u_t=False).fit_transform(["ACGU"])
    with pytest.raises(ValueError, match="unknown symbol 'T'"):
        SequenceOneHotTransformer("RNA", convert_u_t=False).fit_transform(["ACGT"])


def test_protein_u_is_not_read_as_t():
    with pytest.raises(ValueError, match="unknown symbol 'U'"):
        SequenceOneHotTransformer("protein").fit_transform(["ACU"])


def test_case_insensitive_unless_uppercase_is_false():
    enc = SequenceOneHotTransformer()
    np.testing.assert_array_equal(enc.fit_transform(["acgt"]), enc.fit_transform(["ACGT"]))
    custom = SequenceOneHotTransformer("hims").fit(["himS"])
    assert custom.alphabet_ == "HIMS"
    with pytest.raises(ValueError, match="unknown symbol 'a' in sequence 1 at position 0"):
        SequenceOneHotTransformer(uppercase=False).fit_transform(["ACGT", "acgt"])
    mixed = SequenceOneHotTransformer("Aa", uppercase=False).fit(["aA"])
    assert mixed.transform(["aA"])[0].argmax(1).tolist() == [1, 0]


def test_dtype_is_respected():
    X = SequenceOneHotTransformer(dtype=np.float32).fit_transform(["ACGT"])
    assert X.dtype == np.float32
    X = SequenceOneHotTransformer(dtype=bool).fit_transform(["ACGT"])
    assert X.dtype == bool and X.sum() == 4


def test_flatten_is_position_major_with_matching_feature_names():
    enc = SequenceOneHotTransformer(flatten=True)
    X = enc.fit_transform(["AC", "GT"])
    names = enc.get_feature_names_out()
    assert X.shape == (2, 8) and names.shape == (8,)
    assert names[:5].tolist() == ["pos0_A", "pos0_C", "pos0_G", "pos0_T", "pos1_A"]
    assert names[X[0] == 1].tolist() == ["pos0_A", "pos1_C"]
    assert names[X[1] == 1].tolist() == ["pos0_G", "pos1_T"]


def test_set_output_pandas_needs_flatten():
    X = SequenceOneHotTransformer(flatten=True).set_output(transform="pandas").fit_transform(["AC"])
    assert isinstance(X, pd.DataFrame) and list(X.columns[:2]) == ["pos0_A", "pos0_C"]
    enc = SequenceOneHotTransformer().set_output(transform="pandas")
    with pytest.raises(ValueError, match="flatten=False gives a 3-D array"):
        enc.fit_transform(["AC"])


def test_feature_names_of_3d_output_are_the_channels():
    enc = SequenceOneHotTransformer("RNA").fit(["ACGU"])
    assert enc.get_feature_names_out().tolist() == ["A", "C", "G", "U"]
    assert enc.get_channel_names().tolist() == ["A", "C", "G", "U"]


# ---------------------------------------------------------------------------- wildcards, unknowns


def test_n_is_a_wildcard_encoded_as_zeros_by_default():
    X = SequenceOneHotTransformer("RNA").fit_transform(["ANNU", "nnnn"])
    assert X[0].sum(1).tolist() == [1, 0, 0, 1]
    assert X[1].sum() == 0


def test_wildcard_uniform_and_custom_wildcards():
    enc = SequenceOneHotTransformer(wildcard_encoding="uniform", dtype=np.float32)
    X = enc.fit_transform(["AN"])
    np.testing.assert_allclose(X[0, 1], [0.25] * 4)
    X = SequenceOneHotTransformer("protein").fit_transform(["AX"])
    assert X[0, 1].sum() == 0
    X = SequenceOneHotTransformer(wildcards="NRY").fit_transform(["ARYN"])
    assert X[0].sum(1).tolist() == [1, 0, 0, 0]
    with pytest.raises(ValueError, match="unknown symbol 'N' in sequence 0 at position 1"):
        SequenceOneHotTransformer(wildcards=None).fit_transform(["AN"])
    with pytest.raises(ValueError, match="unknown symbol 'N'"):
        SequenceOneHotTransformer("HIMS").fit_transform(["HN"])


def test_unknown_symbol_error_names_symbol_sequence_and_position(monkeypatch):
    monkeypatch.setattr(_onehot_codes, "_CHUNK_POSITIONS", 50)  # error in a later chunk
    seqs = ["ACGU" * 5] * 30
    seqs[17] = seqs[17][:12] + "X" + seqs[17][13:]
    with pytest.raises(ValueError) as info:
        SequenceOneHotTransformer("RNA").fit(seqs)
    message = str(info.value)
    assert "unknown symbol 'X' in sequence 17 at position 12" in message
    assert "alphabet is ACGU" in message and "handle_unknown='zeros'" in message


def test_unknown_position_is_in_the_original_sequence_when_right_aligned():
    enc = SequenceOneHotTransformer(length=3, align="right").fit(["AAA"])
    with pytest.raises(ValueError, match="sequence 1 at position 4"):
        enc.transform(["AAA", "CCCCXC"])


def test_symbols_trimmed_away_are_checked_too():
    enc = SequenceOneHotTransformer(length=2).fit(["AC"])
    with pytest.raises(ValueError, match="unknown symbol 'X' in sequence 0 at position 3"):
        enc.transform(["ACGX"])


def test_handle_unknown_zeros_and_uniform():
    X = SequenceOneHotTransformer(handle_unknown="zeros").fit_transform(["AZ-T"])
    assert X[0].sum(1).tolist() == [1, 0, 0, 1]
    X = SequenceOneHotTransformer(handle_unknown="uniform", dtype=np.float64).fit_transform(["AZ"])
    np.testing.assert_allclose(X[0, 1], [0.25] * 4)
    X = SequenceOneHotTransformer(handle_unknown="zeros").fit_transform(["AÅ"])  # non-ASCII
    assert X[0].sum(1).tolist() == [1, 0]


@pytest.mark.parametrize("param", ["handle_unknown", "wildcard_encoding"])
def test_uniform_needs_a_float_dtype(param):
    with pytest.raises(ValueError, match=f"{param}='uniform'.*dtype=np.float32"):
        SequenceOneHotTransformer(**{param: "uniform"}).fit(["ACGT"])


# ---------------------------------------------------------------------------- inverse_transform


@pytest.mark.parametrize("align", ["left", "right", "center"])
@pytest.mark.parametrize("flatten", [False, True])
def test_inverse_transform_round_trip(align, flatten):
    seqs = random_sequences(40, 1, 15, seed=3)
    enc = SequenceOneHotTransformer(align=align, flatten=flatten)
    back = enc.inverse_transform(enc.fit_transform(seqs))
    assert back.tolist() == seqs


def test_inverse_transform_of_wildcards_unknowns_and_trimmed():
    enc = SequenceOneHotTransformer("RNA", handle_unknown="zeros", length=6)
    assert enc.fit(["A"]).inverse_transform(enc.transform(["ANZu", "ACGUACGU"])).tolist() == [
        "ANNU",
        "ACGUAC",
    ]
    enc = SequenceOneHotTransformer(
        "RNA", wildcard_encoding="uniform", handle_unknown="uniform", dtype=np.float32
    )
    assert enc.fit_transform(["NANZ"]).shape == (1, 4, 4)
    # leading wildcards survive left alignment; trailing ones are taken for padding
    assert enc.inverse_transform(enc.transform(["NANZ"])).tolist() == ["NANN"]
    assert SequenceOneHotTransformer("HIMS").fit(["HIMS"]).inverse_transform(
        np.zeros((1, 4, 4)) + np.eye(4)[[0, 0, 0, 3]] * [[1], [0], [1], [1]]
    ).tolist() == ["H?HS"]


def test_inverse_transform_rejects_wrong_shapes():
    enc = SequenceOneHotTransformer().fit(["ACGT"])
    with pytest.raises(ValueError, match=r"shape \(n_samples, 4, 4\).*got \(2, 5, 4\)"):
        enc.inverse_transform(np.zeros((2, 5, 4)))
    with pytest.raises(ValueError, match="got"):
        enc.inverse_transform(np.zeros((2, 7)))


# ---------------------------------------------------------------------------- input types


def test_all_input_types_give_the_same_output():
    seqs = random_sequences(20, 3, 9, seed=4)
    enc = SequenceOneHotTransformer().fit(seqs)
    expected = enc.transform(seqs)
    variants = [
        tuple(seqs),
        np.array(seqs),
        np.array(seqs, dtype=object),
        pd.Series(seqs, index=np.arange(100, 120)),
        pd.Series(seqs, dtype="string"),
        pd.DataFrame({"seq": seqs}),
        np.array(seqs)[:, None],
        (s for s in seqs),
        list(np.array(seqs)),  # items of type np.str_
        np.repeat(seqs, 2)[::2],  # a strided view
    ]
    for variant in variants:
        np.testing.assert_array_equal(enc.transform(variant), expected)


def test_input_is_not_modified():
    seqs = ["acgu", "NNAC"]
    array = np.array(seqs)
    array.flags.writeable = False  # read-only input works too
    enc = SequenceOneHotTransformer("RNA", align="right")
    enc.fit_transform(seqs)
    enc.fit_transform(array)
    assert seqs == ["acgu", "NNAC"] and array.tolist() == ["acgu", "NNAC"]


@pytest.mark.parametrize(
    "X, message",
    [
        ("ACGT", "expected an iterable of sequences, got a single string"),
        ([], "expected at least one sequence, got 0"),
        (np.array([], dtype="<U4"), "expected at least one sequence, got 0"),
        (["ACGT", ""], "sequence 1 is empty"),
        (["ACGT", None], "sequence 1 is None of type NoneType, not a str"),
        (["ACGT", "AC", 5], "sequence 2 is 5 of type int"),
        (["ACGT", float("nan")], "sequence 1 is nan of type float"),
        (pd.Series(["ACGT", None]), "sequence 1 is nan"),  # pandas 3 stores None as NaN
        ([Seq("ACGT")], r"sequence 0 is Seq\('ACGT'\) of type Seq, not a str; convert"),
        (np.array([1, 2]), "dtype int64"),
        (np.array([b"ACGT"]), "decode bytes"),
        (np.array([["AC", "GT"], ["AC", "GT"]]), r"one column, got an array of shape \(2, 2\)"),
        (np.zeros((2, 3, 4)), "already encoded"),
        (5, "got int"),
    ],
)
def test_bad_input_raises_clear_errors(X, message):
    with pytest.raises(ValueError, match=message):
        SequenceOneHotTransformer().fit(X)
    enc = SequenceOneHotTransformer().fit(["ACGT"])
    with pytest.raises(ValueError, match=message):
        enc.transform(X)


def test_transform_before_fit_raises_not_fitted():
    enc = SequenceOneHotTransformer()
    for method in (enc.transform, enc.inverse_transform):
        with pytest.raises(NotFittedError):
            method(["ACGT"])
    with pytest.raises(NotFittedError):
        enc.get_feature_names_out()


@pytest.mark.parametrize(
    "params, error, message",
    [
        ({"align": "middle"}, InvalidParameterError, "align"),
        ({"length": 0}, InvalidParameterError, "length"),
        ({"handle_unknown": "ignore"}, InvalidParameterError, "handle_unknown"),
        ({"alphabet": ["A", "C"]}, InvalidParameterError, "alphabet"),
        ({"alphabet": ""}, ValueError, "alphabet is empty"),
        ({"alphabet": "ACCA"}, ValueError, "repeats the symbol"),
        ({"alphabet": "Aa"}, ValueError, "after upper-casing"),
        ({"wildcards": "A"}, ValueError, "overlap the alphabet"),
        ({"dtype": "not a dtype"}, ValueError, "not a numpy dtype"),
        ({"dtype": str}, ValueError, "boolean, integer or floating"),
    ],
)
def test_invalid_parameters_raise_in_fit(params, error, message):
    enc = SequenceOneHotTransformer(**params)  # __init__ never validates
    with pytest.raises(error, match=message):
        enc.fit(["ACGT"])


# ---------------------------------------------------------------------------- scikit-learn contract


def test_pipeline_with_logistic_regression_learns_a_planted_motif():
    rng = np.random.default_rng(0)
    seqs = random_sequences(300, 30, 30, seed=5)
    y = rng.integers(0, 2, len(seqs))
    seqs = [s[:10] + "GATTACA" + s[17:] if label else s for s, label in zip(seqs, y)]
    pipe = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression())
    scores = cross_val_score(pipe, seqs, y, cv=StratifiedKFold(3, shuffle=True, random_state=0))
    assert scores.min() > 0.9
    X_train, X_test, y_train, y_test = train_test_split(seqs, y, test_size=0.3, random_state=0)
    assert pipe.fit(X_train, y_train).score(X_test, y_test) > 0.9


@pytest.mark.parametrize("column", ["seq", ["seq"]])
def test_column_transformer_passes_a_sequence_column(column):
    df = pd.DataFrame({"seq": ["ACG", "TTAC"], "gc": [0.6, 0.25]})
    ct = ColumnTransformer(
        [("onehot", SequenceOneHotTransformer(flatten=True), column)], remainder="passthrough"
    )
    X = ct.fit_transform(df)
    assert X.shape == (2, 4 * 4 + 1)
    assert ct.get_feature_names_out()[[0, -1]].tolist() == ["onehot__pos0_A", "remainder__gc"]


def test_clone_and_pickle():
    enc = SequenceOneHotTransformer("RNA", length=8, align="center", dtype=np.float32)
    params = clone(enc).get_params()
    assert params == enc.get_params() and params["dtype"] is np.float32
    enc.fit(["ACGUA"])
    restored = pickle.loads(pickle.dumps(enc))
    np.testing.assert_array_equal(restored.transform(["ACGUN"]), enc.transform(["ACGUN"]))
    assert not hasattr(clone(enc), "length_")


def test_transform_uses_the_fitted_alphabet():
    enc = SequenceOneHotTransformer("RNA").fit(["ACGU"])
    enc.set_params(alphabet="protein")
    assert enc.transform(["ACGT"]).shape == (1, 4, 4)
    with pytest.raises(InvalidParameterError, match="align"):
        enc.set_params(align="middle").transform(["ACGU"])


def test_fit_is_idempotent_and_order_and_subset_invariant():
    seqs = random_sequences(50, 5, 25, seed=6)
    enc = SequenceOneHotTransformer(align="center")
    assert enc.fit(seqs) is enc
    X = enc.transform(seqs)
    np.testing.assert_array_equal(enc.fit(seqs).transform(seqs), X)
    order = np.random.default_rng(0).permutation(len(seqs))
    np.testing.assert_array_equal(enc.transform(np.array(seqs)[order]), X[order])
    np.testing.assert_array_equal(enc.transform(seqs[10:20]), X[10:20])


def test_tags_declare_one_dimensional_string_input():
    tags = SequenceOneHotTransformer().__sklearn_tags__()
    assert tags.input_tags.string and tags.input_tags.one_d_array
    assert not tags.input_tags.two_d_array and tags.requires_fit
    assert not hasattr(SequenceOneHotTransformer().fit(["A"]), "n_features_in_")


# sklearn's data-driven checks (check_estimator) feed numeric 2-D arrays and are skipped for
# estimators tagged as string input; these are the ones that need no data.
API_CHECKS = [
    estimator_checks.check_estimator_cloneable,
    estimator_checks.check_estimator_tags_renamed,
    estimator_checks.check_valid_tag_types,
    estimator_checks.check_estimator_repr,
    estimator_checks.check_no_attributes_set_in_init,
    estimator_checks.check_parameters_default_constructible,
    estimator_checks.check_get_params_invariance,
    estimator_checks.check_set_params,
    estimator_checks.check_mixin_order,
    estimator_checks.check_do_not_raise_errors_in_init_or_set_params,
]


@pytest.mark.parametrize("check", API_CHECKS, ids=lambda c: c.__name__)
def test_sklearn_api_checks(check):
    check("SequenceOneHotTransformer", SequenceOneHotTransformer())


# ---------------------------------------------------------------------------- alphabets


def test_lookup_table_codes():
    abc = resolve_alphabet("DNA")
    table = abc.lookup_table()
    assert [int(table[ord(c)]) for c in "ACGTacgtUuNn"] == [0, 1, 2, 3] * 2 + [3, 3, 4, 4]
    assert table[0] == abc.zero and table[-1] == UNKNOWN
    zeros = abc.lookup_table(unknown="zeros", wildcard="uniform")
    assert zeros[-1] == abc.zero and zeros[ord("N")] == abc.uniform
    # code points past the table's end are clipped onto its last entry, "unknown"
    assert np.take(Alphabet("HIMS").lookup_table(uppercase=False), ord("h"), mode="clip") == UNKNOWN
