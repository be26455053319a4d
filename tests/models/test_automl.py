"""Real AutoML tools drive the CNN: FLAML with a custom learner, numpy-integer grids.

TPOT 1.1 (dask, xgboost, lightgbm) is too heavy for the suite; ``examples/automl_tpot.py``
runs it end to end with the same flattened input.
"""

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
from skseq.datasets import make_motif_sequences

TINY = dict(epochs=3, batch_size=32, dense_units=8, validation_fraction=0, random_state=0)


@pytest.fixture(scope="module")
def flat_data():
    seqs, y = make_motif_sequences(n_samples=120, length=24, motifs="GATTACA", random_state=0)
    X = SequenceOneHotTransformer(flatten=True).fit_transform(seqs)
    return X, y  # (n, 24 * 4): what AutoML tools pass


def test_gridsearch_over_numpy_integer_grids(flat_data):
    X, y = flat_data
    grid = {
        "kernel_size": np.arange(3, 6, 2),  # numpy int64 values
        "n_filters": np.array([4], dtype=np.int32),
    }
    search = GridSearchCV(SequenceCNNClassifier(n_channels=4, **TINY), grid, cv=2).fit(X, y)
    assert isinstance(search.best_params_["kernel_size"], np.integer)
    assert search.cv_results_["mean_test_score"].shape == (2,)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()


def test_flaml_custom_learner_runs_a_search(flat_data, tmp_path):
    flaml = pytest.importorskip("flaml.automl", reason="FLAML is in the dev extra")
    from flaml import tune
    from flaml.automl.model import SKLearnEstimator

    class SkseqCNN(SKLearnEstimator):
        """skseq's CNN as a FLAML learner; FLAML's n_jobs is not an estimator parameter."""

        def __init__(self, task="binary", n_jobs=None, **config):
            super().__init__(task, **config)
            self.estimator_class = SequenceCNNClassifier
            self.params = {"n_channels": 4, **TINY, **self.params}

        @classmethod
        def search_space(cls, data_size, task):
            return {
                "n_filters": {"domain": tune.lograndint(4, 16), "init_value": 4},
                "kernel_size": {"domain": tune.randint(3, 8), "init_value": 5},
                "learning_rate": {"domain": tune.loguniform(1e-3, 3e-2), "init_value": 1e-2},
            }

    X, y = flat_data
    automl = flaml.AutoML()
    automl.add_learner("skseq_cnn", SkseqCNN)
    automl.fit(
        X,
        y,
        task="classification",
        estimator_list=["skseq_cnn"],
        max_iter=2,
        eval_method="cv",
        n_splits=2,
        metric="roc_auc",
        seed=0,
        verbose=0,
        log_file_name=str(tmp_path / "flaml.log"),
        n_jobs=1,
    )
    assert automl.best_estimator == "skseq_cnn"
    assert isinstance(automl.model.estimator, SequenceCNNClassifier)
    proba = automl.predict_proba(X)
    assert proba.shape == (len(X), 2) and np.allclose(proba.sum(axis=1), 1, atol=1e-5)
    assert set(automl.best_config) >= {"n_filters", "kernel_size", "learning_rate"}
