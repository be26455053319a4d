"""KmerTokenizer: vocabulary, strides, padding, unknown symbols, round trips, sklearn contract."""

import pickle
from itertools import product

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.pipeline import make_pipeline

from skseq.preprocessing._kmers import PAD, UNK, KmerTokenizer


def _python_tokens(seq, k, stride, alphabet="ACGT"):
    index = {"".join(p): i + 2 for i, p in enumerate(product(alphabet, repeat=k))}
    return [index.get(seq[i : i + k], UNK) for i in range(0, len(seq) - k + 1, stride)]


@pytest.mark.parametrize("k, stride", [(1, 1), (3, 1), (5, 2), (4, 2), (5, 1), (8, 3), (3, 5)])
def test_tokens_match_a_plain_python_tokenizer(k, stride):
    rng = np.random.default_rng(k * 10 + stride)
    seqs = [
        "".join(rng.choice(list("ACGTN"), size=n, p=[0.24] * 4 + [0.04]))
        for n in rng.integers(1, 60, size=40)
    ]
    X = KmerTokenizer(k=k, stride=stride).fit_transform(seqs)
    for row, seq in zip(X, seqs):
        expected = _python_tokens(seq, k, stride)
        assert row[: len(expected)].tolist() == expected
        assert (row[len(expected) :] == PAD).all()


def test_vocabulary_is_fixed_and_documented_order():
    tok = KmerTokenizer(k=2, stride=1).fit(["GGGG"])
    vocab = tok.get_vocabulary()
    assert tok.vocabulary_size_ == 18 == len(vocab)
    assert vocab[:4].tolist() == ["<pad>", "<unk>", "AA", "AC"]
    assert vocab[-1] == "TT"
    assert tok.transform(["TTAA"]).tolist() == [[17, 14, 2]]


def test_lower_case_and_u_are_read_as_dna():
    tok = KmerTokenizer(k=3, stride=1).fit(["ACGT"])
    assert tok.transform(["acgu"]).tolist() == tok.transform(["ACGT"]).tolist()


def test_unknown_symbols_map_to_unknown_or_raise():
    tok = KmerTokenizer(k=3, stride=1)
    X = tok.fit_transform(["ACXTA"])
    assert X.tolist() == [[UNK, UNK, UNK]]
    with pytest.raises(ValueError, match=r"'X' in sequence 1 at position 2"):
        KmerTokenizer(k=3, handle_unknown="error").fit(["ACGT", "ACXT"])
    # a wildcard is accepted with handle_unknown="error"; its k-mers are unknown
    X = KmerTokenizer(k=2, stride=1, handle_unknown="error").fit_transform(["ANA"])
    assert X.tolist() == [[UNK, UNK]]


def test_padding_sides_and_fixed_length():
    seqs = ["ACGTACGT", "ACGTA"]
    left = KmerTokenizer(k=3, stride=1).fit_transform(seqs)
    right = KmerTokenizer(k=3, stride=1, align="right").fit_transform(seqs)
    assert left.shape == right.shape == (2, 6)
    assert left[1, 3:].tolist() == [PAD] * 3 and right[1, :3].tolist() == [PAD] * 3
    assert left[1, :3].tolist() == right[1, 3:].tolist()
    short = KmerTokenizer(k=3, stride=1, length=2, align="right").fit_transform(seqs)
    assert short.tolist() == [left[0, 4:].tolist(), left[1, 1:3].tolist()]
    assert (
        KmerTokenizer(k=3, stride=1, length=2).fit_transform(seqs).tolist() == left[:, :2].tolist()
    )


def test_sequence_shorter_than_k_is_all_padding():
    X = KmerTokenizer(k=5, stride=1).fit_transform(["ACG", "ACGTAC"])
    assert X.tolist() == [[PAD, PAD], _python_tokens("ACGTAC", 5, 1)]


@pytest.mark.parametrize("k, stride", [(5, 2), (3, 3), (4, 1), (1, 1)])
@pytest.mark.parametrize("align", ["left", "right"])
def test_round_trip(k, stride, align):
    rng = np.random.default_rng(0)
    # lengths with (L - k) % stride == 0 decode exactly
    seqs = ["".join(rng.choice(list("ACGT"), size=k + stride * m)) for m in (0, 3, 7, 12)]
    tok = KmerTokenizer(k=k, stride=stride, align=align)
    assert tok.fit(seqs).inverse_transform(tok.transform(seqs)).tolist() == seqs


def test_inverse_transform_errors():
    tok = KmerTokenizer(k=2, stride=3).fit(["ACGTAC"])
    with pytest.raises(ValueError, match="stride=3 > k=2"):
        tok.inverse_transform(tok.transform(["ACGTAC"]))
    tok = KmerTokenizer(k=2, stride=1).fit(["ACGTAC"])
    with pytest.raises(ValueError, match="token 99 in row 0 at position 1"):
        tok.inverse_transform(np.array([[2, 99]]))


def test_protein_and_custom_alphabets():
    tok = KmerTokenizer(k=2, stride=2, alphabet="protein").fit(["ACDE"])
    assert tok.vocabulary_size_ == 402
    assert tok.transform(["ACXA"]).tolist() == [[2 + 1, UNK]]
    tok = KmerTokenizer(k=8, alphabet="protein", dtype=np.int16)
    with pytest.raises(ValueError, match="more than dtype=int16 holds"):
        tok.fit(["ACDEFGHIK"])


def test_feature_names_clone_pickle_and_numpy_integers():
    tok = KmerTokenizer(k=np.int64(3), stride=np.int32(2), length=np.int64(4))
    X = tok.fit_transform(np.array(["ACGTACGTAC", "ACG"]))
    assert tok.get_feature_names_out().tolist() == ["token0", "token1", "token2", "token3"]
    assert clone(tok).get_params() == tok.get_params()
    assert (pickle.loads(pickle.dumps(tok)).transform(["ACGTACGTAC", "ACG"]) == X).all()


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="single str"):
        KmerTokenizer().fit("ACGT")
    with pytest.raises(ValueError, match="sequence 1 is"):
        KmerTokenizer().fit(["ACGT", 5])
    with pytest.raises(ValueError, match="'k' parameter"):
        KmerTokenizer(k=0).fit(["ACGT"])


def test_large_input_in_chunks_and_object_arrays():
    rng = np.random.default_rng(1)
    seqs = np.array(["".join(rng.choice(list("ACGT"), size=300)) for _ in range(5000)])
    tok = KmerTokenizer(k=5, stride=2)
    X = tok.fit_transform(seqs)
    assert (tok.transform(seqs.astype(object)) == X).all()
    assert X[4321].tolist() == _python_tokens(seqs[4321], 5, 2)


def test_in_a_pipeline():
    pipe = make_pipeline(KmerTokenizer(k=3, stride=3))
    assert pipe.fit_transform(["ACGACG"]).tolist() == [[8, 8]]
