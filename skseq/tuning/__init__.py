"""Hyperparameter and architecture search for the sequence CNN estimators (Optuna).

- :func:`cnn_search_space`: Optuna distributions over the CNN hyperparameters, usable by
  :func:`tune` and by ``optuna_integration.OptunaSearchCV``.
- :func:`tune`: cross-validated Optuna search (group-aware folds, per-epoch or per-fold
  pruning, studies stored in SQLite/PostgreSQL or a journal file that survive crashes and
  are shared by workers on many machines), returning a :class:`TuneResult`.
- :class:`EpochPruningCallback`: the Keras callback behind per-epoch pruning.

The scikit-learn searches (``GridSearchCV``, ``RandomizedSearchCV``,
``HalvingRandomSearchCV``) and ``learning_curve`` work with the estimators as they are.
"""

from ._space import cnn_search_space
from ._tune import TuneResult, tune


def __getattr__(name):
    # Imported on use: it needs Keras, which tune() and cnn_search_space() otherwise do not
    # load unless the estimator does.
    if name == "EpochPruningCallback":
        from ._pruning import EpochPruningCallback

        return EpochPruningCallback
    raise AttributeError(f"module 'skseq.tuning' has no attribute {name!r}")


__all__ = ["EpochPruningCallback", "TuneResult", "cnn_search_space", "tune"]
