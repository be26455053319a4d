"""TF-MoDISco (modisco-lite) on attributions: two planted motifs are both recovered."""

import sys

import keras
import numpy as np
import pandas as pd
import pytest
from sklearn.pipeline import make_pipeline

from skseq import MotifInspector, SequenceCNNClassifier, SequenceOneHotTransformer
from skseq.datasets import make_motif_sequences
from skseq.inspection import modisco_motifs
from skseq.inspection._modisco import hypothetical_contributions

MOTIFS = {"M1 gattacag": "GATTACAG", "M2 ccggaagt": "CCGGAAGT"}


def _ppm(s):
    return pd.DataFrame(np.eye(4)[["ACGT".index(c) for c in s]] * 0.9 + 0.025, columns=list("ACGT"))


def _database():
    rng = np.random.default_rng(1)
    db = {f"R{i} random{i}": _ppm("".join(rng.choice(list("ACGT"), 8))) for i in range(30)}
    db.update({name: _ppm(m) for name, m in MOTIFS.items()})
    return db


@pytest.fixture(scope="module")
def inspected():
    """A small CNN on two motifs: class 1 carries one, class 2 the other (both positive)."""
    X, y = make_motif_sequences(2000, 80, list(MOTIFS.values()), random_state=0)
    y = (y > 0).astype(int)
    pipe = make_pipeline(
        SequenceOneHotTransformer(),
        SequenceCNNClassifier(
            architecture="global_max",
            n_conv_layers=1,
            n_filters=12,
            kernel_size=10,
            dense_units=8,
            epochs=8,
            learning_rate=1e-2,
            dropout_input=0,
            dropout_conv=0,
            dropout_dense=0,
            validation_fraction=0,
            random_state=0,
            verbose=0,
        ),
    )
    pipe.fit(X[:1200], y[:1200])
    assert pipe.score(X[1200:], y[1200:]) > 0.9
    insp = MotifInspector(pipe, verbose=0).fit(X[1200:], y[1200:])
    return pipe, insp, X[1200:][y[1200:] == 1]


def test_both_planted_motifs_are_recovered_and_named(inspected, tmp_path):
    _pipe, insp, positives = inspected
    result = insp.modisco(positives, database=_database(), n_leiden_runs=2)
    table = result.table
    assert sorted(table["best_match"]) == ["ccggaagt", "gattacag"]
    assert (table["match_p_value"] < 1e-3).all() and (table["sign"] == "+").all()
    for row in table.itertuples():
        assert row.best_match.upper()[1:7] in row.consensus
        assert row.n_seqlets >= 50
        # the kernel named closest reads the same motif
        assert row.best_match.upper()[2:6] in insp.consensus_[row.kernel]
        ppm = result.motifs[row.motif]
        np.testing.assert_allclose(ppm.sum(axis=1), 1, atol=1e-6)
        assert result.contributions[row.motif].shape == ppm.shape
    text = insp.report(tmp_path / "report", top=2, modisco=result).read_text()
    assert "TF-MoDISco" in text and text.count("modisco_pos_") == 2
    assert "best match gattacag" in text and "closest kernel" in text
    assert (tmp_path / "report" / "modisco_pos_0.png").stat().st_size > 1000


def test_hypothetical_contributions_of_a_linear_network():
    inp = keras.Input((6, 4))
    dense = keras.layers.Dense(1)
    model = keras.Model(inp, dense(keras.layers.Flatten()(inp)))
    W = np.random.default_rng(0).normal(size=(24, 1)).astype("float32")
    dense.set_weights([W, np.zeros(1, "float32")])
    X = np.eye(4, dtype="float32")[[[0, 1, 2, 3, 0, 1]]]
    X[0, -1] = 0  # padding
    expected = W.reshape(6, 4) - W.reshape(6, 4).mean(axis=1, keepdims=True)
    expected[-1] = 0
    for method in ("saliency", "ism"):
        hyp = hypothetical_contributions(model, X, method=method, target=0)
        np.testing.assert_allclose(hyp[0], expected, atol=1e-5)
    # integrated gradients: the observed symbol gets IG's own contribution
    hyp = hypothetical_contributions(model, X, method="integrated_gradients", target=0)
    observed = X[0] != 0
    np.testing.assert_allclose(hyp[0][observed], W.reshape(6, 4)[observed], atol=1e-5)


def test_errors_before_any_work(inspected, monkeypatch):
    pipe, insp, positives = inspected
    with pytest.raises(ValueError, match="method must be one of"):
        modisco_motifs(pipe, positives, method="perturbation")
    with pytest.raises(ValueError, match="exceeds the sequence length 80"):
        modisco_motifs(pipe, positives[:5], sliding_window_size=61, flank_size=10)
    with pytest.raises(ValueError, match="4 nucleotide channels"):
        modisco_motifs(pipe, positives[:5], channels=[0, 1, 2])
    monkeypatch.setitem(sys.modules, "modiscolite", None)
    with pytest.raises(ImportError, match=r"skseq\[modisco\]"):
        modisco_motifs(None, positives)
    with pytest.raises(ImportError, match=r"skseq\[modisco\]"):
        insp.modisco(positives)
