"""Next-token windows: per row (scoring) and packed end to end (training)."""

from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from skseq.models._lm_windows import packed_token_windows, token_windows
from skseq.preprocessing._kmers import PAD, UNK

# rows of tokens (UNK = 1 inside some) followed by padding, as the tokenizer gives them
rows = st.lists(st.lists(st.integers(UNK, 9), max_size=12), min_size=1, max_size=8)


def as_array(token_rows):
    width = max(2, max(map(len, token_rows)))
    out = np.full((len(token_rows), width), PAD, dtype=np.int32)
    for i, row in enumerate(token_rows):
        out[i, : len(row)] = row
    return out


def weighted_pairs(windows):
    """(input, target) pairs with weight, counted."""
    x, y, w = windows
    return Counter(zip(x[w > 0].tolist(), y[w > 0].tolist()))


def row_pairs(token_rows):
    """What each row alone teaches: every next token after a token of the same row."""
    return Counter(
        (a, b) for row in token_rows for a, b in zip(row, row[1:]) if b > UNK and a != PAD
    )


@given(rows, st.integers(1, 5))
def test_packed_and_per_row_windows_teach_the_same_targets(token_rows, bptt):
    tokens = as_array(token_rows)
    per_row, packed = token_windows(tokens, bptt), packed_token_windows(tokens, bptt)
    assert weighted_pairs(packed) == weighted_pairs(per_row) == row_pairs(token_rows)
    for x, y, w in (per_row, packed):
        assert x.shape == y.shape == w.shape and x.shape[1:] == (bptt,)
        assert np.array_equal(x[:, 1:], y[:, :-1])  # targets are the next inputs


@given(rows, st.integers(1, 5))
def test_only_the_last_packed_window_is_padded(token_rows, bptt):
    x, _, _ = packed_token_windows(as_array(token_rows), bptt)
    assert not (x[:-1] == PAD).any()


def test_packing_saves_the_padding_of_900_nt_documents():
    """448 tokens a document (k=5, stride 2): 7 windows of 70 each, where 6.4 are filled."""
    tokens = np.random.default_rng(0).integers(2, 1000, size=(100, 448))
    per_row, packed = token_windows(tokens, 70), packed_token_windows(tokens, 70)
    assert per_row[2].sum() == packed[2].sum() == 100 * 447
    assert len(per_row[0]) == 700 and len(packed[0]) == 640


def test_fit_trains_on_packed_windows_and_loss_scores_each_document_alone():
    """10 documents of 98 tokens in windows of 30: 33 packed steps of batch 1, not 40."""
    import keras

    from skseq.models._lm import SequenceLanguageModel

    class Steps(keras.callbacks.Callback):
        count = 0

        def on_train_batch_end(self, batch, logs=None):
            Steps.count += 1

    rng = np.random.default_rng(0)
    seqs = ["".join(rng.choice(list("ACGT"), 200)) for _ in range(10)]
    lm = SequenceLanguageModel(
        embedding_dim=4,
        hidden_units=8,
        n_layers=1,
        chunk_length=None,
        document_length=None,
        bptt=30,
        batch_size=1,
        epochs=1,
        validation_fraction=0.0,
        random_state=0,
        verbose=0,
    )
    lm.fit(seqs, callbacks=[Steps()])
    assert Steps.count == 33
    # scored per document: a sequence's loss does not depend on the one before it (both
    # have 97 targets, so their loss together is the mean of their losses alone)
    alone = [lm.loss([s]) for s in seqs[:2]]
    assert lm.loss(seqs[:2]) == pytest.approx(np.mean(alone), rel=1e-5)
