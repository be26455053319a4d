"""Padding never changes what the language-model networks say about a sequence.

The networks make no Keras mask (see TokenEmbedding): padding is moved
behind each row's tokens and left out of the pooling and the loss. So a sequence's
embedding and prediction must not depend on the other sequences in its batch (how much
padding it gets), nor on where token input puts the padding.
"""

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from skseq.models._lm import SequenceLanguageModel
from skseq.models._lm_classifier import SequenceLMClassifier
from skseq.preprocessing._kmers import KmerTokenizer

# one epoch on 40 random sequences learns nothing; only the arithmetic is under test
pytestmark = pytest.mark.filterwarnings(
    f"ignore::{ConvergenceWarning.__module__}.ConvergenceWarning"
)

SIZES = dict(embedding_dim=8, hidden_units=12, n_layers=2)


def _seqs(n, length, seed):
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(list("ACGT"), length)) for _ in range(n)]


@pytest.fixture(scope="module", params=["forward", "backward"])
def lm(request):
    return SequenceLanguageModel(
        k=3,
        stride=1,
        bptt=20,
        epochs=1,
        chunk_length=None,
        direction=request.param,
        random_state=0,
        verbose=0,
        **SIZES,
    ).fit(_seqs(40, 60, seed=1))


def test_embedding_of_a_sequence_does_not_depend_on_its_padding(lm):
    short, long_ = _seqs(1, 15, seed=2)[0], _seqs(1, 60, seed=3)[0]
    alone = lm.transform([short])
    padded = lm.transform([long_, short])[1:]  # 45 padding positions after its tokens
    np.testing.assert_allclose(padded, alone, rtol=1e-5, atol=1e-6)
    assert not np.allclose(lm.transform([long_]), alone)  # the check can tell them apart


def test_classifier_reads_token_rows_padded_anywhere_alike(lm):
    X = _seqs(30, 24, seed=4) + _seqs(30, 12, seed=5)
    y = np.arange(60) % 2
    clf = SequenceLMClassifier(
        pretrained=lm, epochs=1, head_units=8, batch_size=16, random_state=0, verbose=0
    ).fit(X, y)
    ends = KmerTokenizer(k=3, stride=1, align="left").fit(X).transform(X)
    starts = KmerTokenizer(k=3, stride=1, align="right").fit(X).transform(X)
    assert (starts[30:, 0] == 0).all() and (ends[30:, -1] == 0).all()
    expected = clf.predict_proba(X)
    np.testing.assert_allclose(clf.predict_proba(ends), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(clf.predict_proba(starts), expected, rtol=1e-5, atol=1e-6)
    alone = clf.predict_proba(X[30:31])  # no padding at all
    np.testing.assert_allclose(alone, expected[30:31], rtol=1e-5, atol=1e-6)


def test_embeddings_equal_those_of_a_masked_keras_lstm(lm):
    """The same weights in stock Keras layers that skip padding (``mask_zero=True``): what
    the models computed before they dropped the mask, for saved models too."""
    import keras

    seqs = _seqs(3, 40, seed=6) + _seqs(3, 17, seed=7)
    tokens = KmerTokenizer(k=3, stride=1).fit(seqs).transform(seqs)
    tokens = lm.oriented(tokens)  # backward models read each row reversed
    net = lm.model_
    x = keras.layers.Embedding(lm.vocabulary_size_, lm.embedding_dim, mask_zero=True)
    inputs = keras.Input((None,), dtype="int32")
    h = x(inputs)
    lstms = []
    for i in (1, 2):
        layer = net.get_layer(f"lstm_{i}")
        lstms.append(keras.layers.LSTM(layer.units, return_sequences=True))
        h = lstms[-1](h)
    reference = keras.Model(inputs, h)
    x.set_weights(net.get_layer("embedding").get_weights())
    for i, layer in enumerate(lstms, 1):
        layer.set_weights(net.get_layer(f"lstm_{i}").get_weights())
    hidden = np.asarray(reference.predict(tokens, verbose=0))
    mask = tokens != 0
    last = hidden[np.arange(len(seqs)), mask.sum(axis=1) - 1]
    maximum = np.where(mask[..., None], hidden, -np.inf).max(axis=1)
    mean = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
    expected = np.concatenate([last, maximum, mean], axis=1)
    np.testing.assert_allclose(lm.transform(seqs), expected, rtol=1e-4, atol=1e-5)
