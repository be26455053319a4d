"""SequenceLanguageModel: documents, the informed-random baseline, learning, sklearn contract."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone

from skseq._alphabets import resolve_alphabet
from skseq.models._lm import SequenceLanguageModel, informed_random_loss
from skseq.models._lm_common import cut_documents
from skseq.preprocessing._kmers import KmerTokenizer

TINY = dict(embedding_dim=16, hidden_units=16, n_layers=1, bptt=30, batch_size=16)


def _fit_on_a_repeat(**params):
    """A language model fitted on a repeated 8-mer: every next token is determined."""
    seqs = ["ACGTTGCA" * 50] * 24
    lm = SequenceLanguageModel(
        k=3,
        stride=1,
        epochs=5,
        learning_rate=2e-2,
        chunk_length=None,
        document_length=200,
        random_state=0,
        **TINY,
        **params,
    )
    return lm.fit(seqs), seqs


@pytest.fixture(scope="module")
def pattern_lm():
    no_dropout = dict.fromkeys(
        ["embedding_dropout", "input_dropout", "hidden_dropout", "output_dropout"], 0.0
    )
    return _fit_on_a_repeat(**no_dropout)


def test_learns_a_repeated_pattern_far_below_informed_random(pattern_lm):
    lm, seqs = pattern_lm
    assert lm.informed_random_loss_ == pytest.approx(np.log(4), abs=1e-3)
    assert lm.val_loss_ < 0.5 * lm.informed_random_loss_
    assert lm.loss(seqs[:2]) < 0.5 * lm.informed_random_loss_
    assert lm.score(seqs[:2]) == pytest.approx(-lm.loss(seqs[:2]))


def test_informed_random_loss():
    rng = np.random.default_rng(0)
    seqs = ["".join(rng.choice(list("ACGT"), 20000))]
    tokens = KmerTokenizer(k=5, stride=2).fit_transform(seqs)
    assert informed_random_loss(tokens, k=5, stride=2) == pytest.approx(np.log(16), abs=0.01)
    # stride >= k: no overlap, the whole k-mer is new
    tokens = KmerTokenizer(k=3, stride=3).fit_transform(seqs)
    assert informed_random_loss(tokens, k=3, stride=3) == pytest.approx(np.log(64), abs=0.02)
    # a skewed composition is easier to guess
    skewed = ["".join(rng.choice(list("ACGT"), 20000, p=[0.7, 0.1, 0.1, 0.1]))]
    tokens = KmerTokenizer(k=3, stride=1).fit_transform(skewed)
    assert informed_random_loss(tokens, k=3, stride=1) < np.log(4) - 0.3


def test_documents_are_cut_as_genomic_ulmfit_did():
    dna = resolve_alphabet("DNA")
    genome = "A" * 2000 + "C" * 1999 + "N" + "G" * 2000 + "T" * 500
    docs = cut_documents(
        np.array([genome]), chunk_length=2000, document_length=900, alphabet=dna, min_length=10
    )
    # the chunk holding N is dropped; the others re-cut into 900 + 900 + 200, the tail kept
    assert [len(d) for d in docs] == [900, 900, 200, 900, 900, 200, 500]
    assert set("".join(docs)) == {"A", "G", "T"}
    kept = cut_documents(
        np.array(["ACGN" * 10]),
        chunk_length=None,
        document_length=None,
        alphabet=dna,
        min_length=5,
    )
    assert kept.tolist() == ["ACGN" * 10]


def test_no_document_left_is_a_clear_error():
    with pytest.raises(ValueError, match="no document of at least 5 symbols"):
        SequenceLanguageModel(k=3, stride=2, **TINY).fit(["ACGNACGTAC" * 3])


def test_transform_clone_and_pickle(pattern_lm):
    lm, seqs = pattern_lm
    emb = lm.transform(["ACGTTGCAACGT", "TTGCA"])
    assert emb.shape == (2, 3 * 16) and np.isfinite(emb).all()
    assert clone(lm).get_params() == lm.get_params()
    assert not hasattr(clone(lm), "model_")
    again = pickle.loads(pickle.dumps(lm))
    assert again.loss(seqs[:1]) == pytest.approx(lm.loss(seqs[:1]), rel=1e-6)
    np.testing.assert_allclose(again.transform(["ACGTTGCAACGT"]), emb[:1], rtol=1e-5)


def test_numpy_integer_hyperparameters():
    lm = SequenceLanguageModel(
        k=np.int64(3),
        stride=np.int32(1),
        embedding_dim=np.int64(8),
        hidden_units=8,
        n_layers=np.int64(1),
        bptt=np.int64(10),
        epochs=np.int64(1),
        batch_size=np.int64(8),
        chunk_length=None,
        random_state=np.int64(0),
    )
    assert lm.fit(["ACGT" * 30] * 4).transform(["ACGTACGT"]).shape == (1, 24)


@pytest.mark.parametrize("precision", ["mixed_bfloat16", "mixed_float16"])
def test_mixed_precision_learns_keeps_float32_logits_and_survives_pickle(precision):
    import keras

    lm, seqs = _fit_on_a_repeat(precision=precision, verbose=0)
    assert lm.model_.get_layer("lstm_1").dtype_policy.name == precision
    assert lm.model_.get_layer("decoder").dtype_policy.name == "float32"
    assert keras.config.dtype_policy().name == "float32"  # the global policy is kept
    assert lm.val_loss_ < 0.5 * lm.informed_random_loss_  # it learned the repeat
    again = pickle.loads(pickle.dumps(lm))
    assert again.model_.get_layer("lstm_1").dtype_policy.name == precision
    assert again.loss(seqs[:1]) == pytest.approx(lm.loss(seqs[:1]), rel=1e-5)
    with pytest.raises(ValueError, match="precision"):
        SequenceLanguageModel(precision="float16").fit(seqs)
