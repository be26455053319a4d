"""Sequence plus RNA structure (and a whole-sequence feature) in one scikit-learn pipeline.

pysster reads RNA binding sites together with their predicted secondary structure. Here the
same idea is a pipeline: ``ChannelUnion`` joins the one-hot sequence, the structural contexts
that ``StructureTransformer`` folds with ViennaRNA, and the GC content of each sequence (a
whole-sequence feature, broadcast into the last channel, which ``n_global_features=1`` sends
past the convolutions straight to the dense layers). Folding is cached, so the grid search
below folds each sequence once, however many candidates and folds it fits.

Run: ``python examples/structure_pipeline.py`` (14 minutes on 2 busy shared CPU cores, much of it
folding; with ``cache_dir`` set, a second run reads the folds from disk).
"""

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.pipeline import make_pipeline

from skseq import (
    ChannelUnion,
    SequenceCNNClassifier,
    SequenceOneHotTransformer,
    StructureTransformer,
)
from skseq.datasets import load_rbp

CACHE_DIR = None  # e.g. "~/.cache/skseq" to keep the folds between runs


def as_frame(data, n, seed):
    """A random subset as a DataFrame: sequence and GC content (keeps the example quick)."""
    keep = np.random.default_rng(seed).choice(len(data.sequences), n, replace=False)
    seqs = data.sequences[keep]
    gc = np.array([(s.count("G") + s.count("C")) / len(s) for s in seqs])
    return pd.DataFrame({"sequence": seqs, "gc": gc}), data.target[keep], data.groups[keep]


X_train, y_train, chrom = as_frame(load_rbp("PUM2", "train"), 1000, seed=0)
X_test, y_test, _ = as_frame(load_rbp("PUM2", "test"), 500, seed=1)

features = ChannelUnion(
    [
        ("seq", SequenceOneHotTransformer(alphabet="RNA"), "sequence"),
        ("struct", StructureTransformer(n_jobs=2, cache_dir=CACHE_DIR, verbose=2), "sequence"),
        ("gc", "passthrough", ["gc"]),  # 2-D: a whole-sequence feature, placed last
    ]
)
n_global = features.fit(X_train.head(2)).n_global_features_  # 1: the gc column
print("channels:", list(features.get_feature_names_out()))

pipe = make_pipeline(
    features,
    SequenceCNNClassifier(
        n_filters=16, epochs=15, patience=3, n_global_features=n_global, random_state=0
    ),
)
# Is structure worth having? Let the search decide, folds grouped by chromosome.
search = GridSearchCV(
    pipe,
    {
        "channelunion__struct": [
            "drop",
            StructureTransformer(n_jobs=2, cache_dir=CACHE_DIR),
            StructureTransformer(mode="probability", n_jobs=2, cache_dir=CACHE_DIR),
        ]
    },
    cv=GroupKFold(3),
    scoring="roc_auc",
)
search.fit(X_train, y_train, groups=chrom)
for params, score in zip(search.cv_results_["params"], search.cv_results_["mean_test_score"]):
    print(f"  {params['channelunion__struct']!s:45s} CV ROC-AUC {score:.3f}")
best = search.best_estimator_
print("best:", search.best_params_["channelunion__struct"])
print(f"held-out test ROC-AUC: {roc_auc_score(y_test, best.predict_proba(X_test)[:, 1]):.3f}")
