"""Hyperparameter and architecture search for the sequence CNN estimators (Optuna).

- :func:`cnn_search_space`: Optuna distributions over the CNN hyperparameters, usable by
  :func:`tune` and by ``optuna_integration.OptunaSearchCV``.
- :class:`SequenceSearchCV`: cross-validated Optuna search as a scikit-learn estimator
  (``fit``, ``best_params_``, ``cv_results_``, ``predict``; nests in ``cross_val_score`` and
  pipelines) with group-aware folds, per-epoch or per-fold pruning, a conditional search
  space, and studies in SQLite/PostgreSQL or a journal file that survive crashes and are
  shared by workers on many machines.
- :func:`tune`: the same search in one call, returning a :class:`TuneResult`.
- :class:`EpochPruningCallback`: the Keras callback behind per-epoch pruning.

The scikit-learn searches (``GridSearchCV``, ``RandomizedSearchCV``,
``HalvingRandomSearchCV``) and ``learning_curve`` work with the estimators as they are.
"""

from ._search import SequenceSearchCV
from ._space import cnn_search_space
from ._tune import TuneResult, tune


def __getattr__(name):
    # Imported on use: it needs Keras, which tune() and cnn_search_space() otherwise do not
    # load unless the estimator does.
    if name == "EpochPruningCallback":
        from ._pruning import EpochPruningCallback

        return EpochPruningCallback
    raise AttributeError(f"module 'skseq.tuning' has no attribute {name!r}")


__all__ = [
    "EpochPruningCallback",
    "SequenceSearchCV",
    "TuneResult",
    "cnn_search_space",
    "tune",
]
