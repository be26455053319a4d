"""The dilated_residual and conv_attention presets through everything a user does with a model.

clone, pickle, the safe save format, a Pipeline, a search, attributions and MotifInspector.
"""

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
from skseq.attribution import saliency
from skseq.inspection import MotifInspector
from skseq.io import load, save

SMALL = dict(n_conv_layers=1, n_filters=4, kernel_size=4, dense_units=8, epochs=2, batch_size=16)


def planted(n=64, length=24, seed=0):
    """Random DNA; class 1 holds ACGTAC at a random place."""
    rng = np.random.default_rng(seed)
    seqs = ["".join(rng.choice(list("ACGT"), size=length)) for _ in range(n)]
    y = np.arange(n) % 2
    for i in np.flatnonzero(y):
        at = rng.integers(0, length - 6)
        seqs[i] = seqs[i][:at] + "ACGTAC" + seqs[i][at + 6 :]
    return np.array(seqs), y


@pytest.mark.parametrize("architecture", ["dilated_residual", "conv_attention"])
def test_preset_survives_the_sklearn_round_trips(architecture, tmp_path):
    seqs, y = planted()
    pipe = make_pipeline(
        SequenceOneHotTransformer(),
        SequenceCNNClassifier(architecture=architecture, random_state=0, **SMALL),
    ).fit(seqs, y)
    assert pipe[-1].architecture_ == architecture
    expected = pipe.predict_proba(seqs)

    again = pickle.loads(pickle.dumps(pipe))
    np.testing.assert_allclose(again.predict_proba(seqs), expected, atol=1e-6)
    save(pipe, tmp_path / "model.skops")
    np.testing.assert_allclose(
        load(tmp_path / "model.skops").predict_proba(seqs), expected, atol=1e-6
    )
    assert clone(pipe).get_params()["sequencecnnclassifier__architecture"] == architecture

    grid = {"sequencecnnclassifier__n_filters": [3], "sequencecnnclassifier__epochs": [1]}
    search = GridSearchCV(clone(pipe), grid, cv=2, refit=False).fit(seqs, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()

    X = pipe[0].transform(seqs[:4])
    attr = saliency(pipe, seqs[:4])
    assert attr.shape == X.shape and np.all(np.isfinite(attr))
    inspector = MotifInspector(pipe).fit(seqs, y)
    assert len(inspector.motifs_) == SMALL["n_filters"]
