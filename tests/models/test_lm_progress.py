"""The language model's pretraining shows a bar over epochs (tqdm), silent with verbose=0."""

import numpy as np
import pytest

from skseq.models import SequenceLanguageModel

SEQS = ["ACGTTGCA" * 30] * 8
TINY = dict(
    k=2,
    stride=1,
    embedding_dim=4,
    hidden_units=4,
    n_layers=1,
    document_length=60,
    bptt=20,
    epochs=2,
    patience=None,
    random_state=0,
)


@pytest.mark.parametrize("verbose", [0, 1])
def test_pretraining_bar(verbose, monkeypatch, capfd):
    monkeypatch.setenv("SKSEQ_PROGRESS", "1")
    lm = SequenceLanguageModel(verbose=verbose, **TINY).fit(SEQS)
    err = capfd.readouterr().err
    if verbose:
        assert "pretraining" in err and "epoch" in err
    else:
        assert "pretraining" not in err
    assert np.isfinite(lm.val_loss_)
