"""TPOT 1.1 searches the sequence CNN's hyperparameters, as for any scikit-learn estimator.

AutoML tools pass 2-D tables, so the sequences are one-hot encoded and flattened
(``SequenceOneHotTransformer(flatten=True)``) and the CNN is told how many channels each
position has (``n_channels=4``). TPOT's ConfigSpace search space yields numpy integers, which
the estimators accept like Python ones. TPOT evaluates pipelines in a dask cluster of worker
processes, hence the ``__main__`` guard. Not part of the test suite (TPOT pulls in dask,
xgboost and lightgbm); FLAML runs there instead (``tests/models/test_automl.py``).

    pip install ".[tpot]"                   # TPOT 1.x, with setuptools<81 for its stopit
    python examples/automl_tpot.py          # about 5 minutes on 2 CPU cores
"""

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
from skseq.datasets import make_motif_sequences
from skseq.utils import import_extra

# TPOT, or a message saying what to install (stopit, a TPOT dependency, needs setuptools<81)
tpot = import_extra("tpot", extra="tpot")
nodes = import_extra("tpot.search_spaces.nodes", extra="tpot")
ConfigurationSpace, Float, Integer = (
    getattr(import_extra("ConfigSpace", extra="tpot"), name)
    for name in ("ConfigurationSpace", "Float", "Integer")
)


def main():
    seqs, y = make_motif_sequences(n_samples=600, length=40, motifs="GATTACA", random_state=0)
    X = SequenceOneHotTransformer(flatten=True).fit_transform(seqs)  # (600, 160)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)

    space = ConfigurationSpace(
        {
            "n_filters": Integer("n_filters", (4, 32), log=True),
            "kernel_size": Integer("kernel_size", (4, 12)),
            "dense_units": Integer("dense_units", (8, 64), log=True),
            "learning_rate": Float("learning_rate", (1e-3, 1e-2), log=True),
            "n_channels": 4,
            "epochs": 10,
            "random_state": 0,
        }
    )
    search = tpot.TPOTEstimator(
        search_space=nodes.EstimatorNode(SequenceCNNClassifier, space),
        scorers=["roc_auc"],
        scorers_weights=[1],
        classification=True,
        cv=2,
        population_size=4,
        generations=2,
        max_time_mins=10,
        n_jobs=2,
        random_state=0,
        verbose=0,
    )
    search.fit(X_train, y_train)
    best = search.fitted_pipeline_
    print("best pipeline:", best)
    params = best.get_params()
    # ConfigSpace samples numpy integers; whichever type arrives, the CNN casts it
    print(
        "types of the tuned integer hyperparameters:",
        {k: type(v).__name__ for k, v in params.items() if k in ("n_filters", "kernel_size")},
    )
    auc = roc_auc_score(y_test, best.predict_proba(X_test)[:, 1])
    print(f"held-out ROC-AUC (split random_state=0): {auc:.3f}")
    assert np.isfinite(auc)


if __name__ == "__main__":
    main()
