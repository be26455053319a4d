"""skseq.utils: check_sequences, check_collection, check_encoded, find_network, validate_params."""

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from skseq.preprocessing import SequenceOneHotTransformer
from skseq.utils import (
    check_encoded,
    check_sequences,
    find_network,
    is_keras_model,
    is_network_estimator,
    validate_params,
)
from skseq.utils._validation import check_collection


# ---------------------------------------------------------------------- check_sequences
@pytest.mark.parametrize(
    "X",
    [
        ["ACGT", "GG"],
        ("ACGT", "GG"),
        np.array(["ACGT", "GG"]),
        np.array(["ACGT", "GG"], dtype=object),
        np.array([["ACGT"], ["GG"]]),
        pd.Series(["ACGT", "GG"]),
        pd.DataFrame({"s": ["ACGT", "GG"]}),
        iter(["ACGT", "GG"]),
    ],
    ids=["list", "tuple", "U", "object", "column", "series", "frame", "iterator"],
)
def test_check_sequences_accepts_collections_of_str(X):
    seqs, lengths = check_sequences(X)
    assert seqs.ndim == 1 and seqs.tolist() == ["ACGT", "GG"]
    assert lengths.dtype == np.int64 and lengths.tolist() == [4, 2]


def test_check_sequences_keeps_a_U_array_and_never_broadcasts_nested_items():
    X = np.array(["ACGT", "GG"])
    assert check_sequences(X)[0] is X  # no copy
    with pytest.raises(ValueError, match=r"sequence 0 is \['AC', 'GT'\] of type list"):
        check_sequences([["AC", "GT"], ["AC", "GT"]])


@pytest.mark.parametrize(
    "X, message",
    [
        (None, "expected an iterable of sequences, got None"),
        ("ACGT", "got a single string; wrap it in a list"),
        (b"ACGT", "got a single bytes object"),
        ({"ACGT": 1}, r"got a dict; pass list\(d.values\(\)\)"),
        ({"ACGT"}, "got a set, whose order is arbitrary"),
        (5, "got int"),
        ([], "at least one sequence, got 0"),
        (["A", ""], r"sequence 1 is empty \(1 empty in all\)"),
        (["A", 3.5], "sequence 1 is 3.5 of type float, not a str"),
        (np.array([b"AC"]), "decode bytes"),
        (np.zeros((2, 3, 4)), "looks already encoded"),
        (np.array([["A", "C"]]), r"shape \(1, 2\)"),
    ],
)
def test_check_sequences_names_the_problem(X, message):
    with pytest.raises(ValueError, match=f"^Enc: .*{message}"):
        check_sequences(X, caller="Enc")


def test_check_sequences_empty_allowed_when_asked():
    assert check_sequences(["A", ""], allow_empty_sequences=True)[1].tolist() == [1, 0]


def test_check_collection_words_what():
    with pytest.raises(ValueError, match="^T: expected an iterable of tracks, got None$"):
        check_collection(None, caller="T", what="tracks")
    check_collection([1, 2])  # a list passes


# ---------------------------------------------------------------------- check_encoded
def test_check_encoded_returns_numeric_arrays_without_copy():
    X = np.zeros((2, 5, 4), dtype=np.uint8)
    assert check_encoded(X) is X
    assert check_encoded(X.reshape(2, 20), allow_2d=True, n_channels=4).shape == (2, 5, 4)
    assert check_encoded(X.tolist()).shape == (2, 5, 4)


@pytest.mark.parametrize(
    "X, kwargs, error, message",
    [
        (["ACGT"], {}, ValueError, "holds strings; encode the sequences first"),
        (np.array([["AC"]]), {}, ValueError, "holds strings"),
        (np.zeros((2, 5)), {}, ValueError, r"must be 3-D .* shape \(2, 5\)"),
        (np.zeros((2, 10)), {"allow_2d": True, "n_channels": 4}, ValueError, "not a multiple"),
        (np.zeros((0, 5, 4)), {}, ValueError, "holds no sequences"),
        (np.zeros((1, 5, 4)), {"length": 6}, ValueError, "length 5, but 6 are expected"),
        (np.zeros((1, 5, 4)), {"n_channels": 3}, ValueError, "4 channels, but 3 are expected"),
        (np.array([[[1 + 2j]]]), {}, ValueError, "must be numeric"),
    ],
)
def test_check_encoded_names_the_problem(X, kwargs, error, message):
    with pytest.raises(error, match=message):
        check_encoded(X, caller="Net", **kwargs)


def test_check_encoded_names_the_first_nan():
    X = np.zeros((3, 5, 4), dtype=np.float32)
    X[2, 4, 1] = np.inf
    X[1, 3, 2] = np.nan
    with pytest.raises(ValueError, match="sequence 1, position 3, channel 2"):
        check_encoded(X)


def test_check_encoded_rejects_sparse():
    from scipy import sparse  # a dependency of skseq

    with pytest.raises(TypeError, match="sparse input is not supported"):
        check_encoded(sparse.csr_matrix(np.zeros((2, 4))))


# ---------------------------------------------------------------------- find_network
class FakeNetworkEstimator:
    """Stands in for a skseq estimator without starting Keras."""

    _skseq_network = True

    def __init__(self, model=None):
        if model is not None:
            self.model_ = model

    def fit(self, X, y=None):
        return self


def test_find_network_rejects_estimators_without_a_network():
    pipe = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression())
    with pytest.raises(TypeError, match="last step of the Pipeline is a LogisticRegression"):
        find_network(pipe, caller="MotifInspector")
    with pytest.raises(TypeError, match="^X: got a LogisticRegression, which has no Keras"):
        find_network(LogisticRegression(), caller="X")


def test_find_network_unwraps_nested_pipelines_and_checks_fitting():
    model = object()
    inner = make_pipeline(FunctionTransformer(), FakeNetworkEstimator(model))
    outer = make_pipeline(SequenceOneHotTransformer(), inner)
    parts = find_network(outer)
    assert parts.model is model and isinstance(parts.estimator, FakeNetworkEstimator)
    assert [name for name, _ in parts.transform.steps] == [
        "sequenceonehottransformer",
        "pipeline/functiontransformer",
    ]
    with pytest.raises(NotFittedError, match="FakeNetworkEstimator is not fitted yet"):
        find_network(FakeNetworkEstimator())
    assert find_network(FakeNetworkEstimator(), fitted=False).model is None
    assert find_network(FakeNetworkEstimator(model)).transform is None


def test_network_predicates_do_not_need_keras():
    assert is_network_estimator(FakeNetworkEstimator())
    assert not is_network_estimator(LogisticRegression())
    assert not is_keras_model(object())


# ---------------------------------------------------------------------- validate_params
def test_validate_params_names_estimator_parameter_and_accepts_numpy_integers():
    with pytest.raises(ValueError, match="'align' parameter of SequenceOneHotTransformer"):
        validate_params(SequenceOneHotTransformer(align="middle"))
    with pytest.raises(TypeError, match="'length' parameter"):
        validate_params(SequenceOneHotTransformer(length="5"))
    validate_params(SequenceOneHotTransformer(length=np.int64(5)))
    X = SequenceOneHotTransformer(length=np.int32(3)).fit_transform(["ACGT"])
    assert X.shape == (1, 3, 4)
