"""skseq: convolutional neural networks on biological sequences as scikit-learn estimators.

The public API is re-exported here. Names that need Keras (the estimators) are imported
lazily, so ``import skseq`` and ``skseq.io`` stay fast and do not start a deep-learning
backend until an estimator is used. Importing skseq quiets TensorFlow's start-up notices
unless ``TF_CPP_MIN_LOG_LEVEL`` is set (see :mod:`skseq._backend`).

.. include:: ../README.md
"""

from importlib import import_module

from skseq._backend import quiet_by_default

quiet_by_default()  # before anything imports TensorFlow

__version__ = "0.1.0.dev0"

_LAZY = {
    "SequenceOneHotTransformer": "skseq.preprocessing",
    "StructureTransformer": "skseq.preprocessing",
    "TrackTransformer": "skseq.preprocessing",
    "ChannelUnion": "skseq.preprocessing",
    "SequenceCNNClassifier": "skseq.models",
    "SequenceCNNRegressor": "skseq.models",
    "SequenceEnsembleClassifier": "skseq.models",
    "SequenceEnsembleRegressor": "skseq.models",
    "SequenceLanguageModel": "skseq.models",
    "SequenceLMClassifier": "skseq.models",
    "SequenceLMRegressor": "skseq.models",
    "KmerTokenizer": "skseq.preprocessing",
    "KmerSpectrumTransformer": "skseq.preprocessing",
    "ScanDisplay": "skseq.plotting",
    "scan": "skseq.scanning",
    "TrainingHistoryDisplay": "skseq.plotting",
    "MotifInspector": "skseq.inspection",
    "SequenceSearchCV": "skseq.tuning",
    "BayesOptimalClassifier": "skseq.models",
    "load_grammar": "skseq.datasets",
    "make_grammar_sequences": "skseq.datasets",
    "compare_architectures": "skseq.model_selection",
    "rule_recovery_scores": "skseq.metrics",
    "read_intervals": "skseq.io",
    "make_background": "skseq.io",
    "concat_background": "skseq.io",
    "read_signal": "skseq.io",
    "read_vcf": "skseq.io",
    "variant_effect": "skseq.variants",
    "encode_to_memmap": "skseq.preprocessing",
    "show_versions": "skseq._show_versions",
}

__all__ = sorted(_LAZY) + ["__version__"]


def __getattr__(name):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'skseq' has no attribute {name!r}")


def __dir__():
    return __all__
