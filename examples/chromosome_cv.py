"""Cross-validation split by chromosome, and a grid search nested inside it.

Sequences from the same chromosome can share repeats and nearby binding sites; a random split
lets a model score well by remembering them. Grouping the folds by chromosome (the ``groups``
that ``skseq.io.read_fasta`` and ``skseq.datasets.load_rbp`` parse from FASTA headers) gives an
honest estimate. Run: ``python examples/chromosome_cv.py`` (about two minutes on 2 CPU cores).
"""

import numpy as np
from sklearn.model_selection import GridSearchCV, GroupKFold, LeaveOneGroupOut, cross_val_score
from sklearn.pipeline import make_pipeline

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
from skseq.datasets import load_rbp

train = load_rbp("PUM2", split="train")
# A random subset keeps the example quick; drop these two lines for the full set.
keep = np.random.default_rng(0).choice(len(train.sequences), 2000, replace=False)
X, y, chrom = train.sequences[keep], train.target[keep], train.groups[keep]

pipe = make_pipeline(
    SequenceOneHotTransformer(alphabet="RNA"),
    SequenceCNNClassifier(n_filters=16, epochs=10, patience=3, random_state=0),
)

# 1. GroupKFold: every chromosome lands in exactly one test fold.
scores = cross_val_score(pipe, X, y, groups=chrom, cv=GroupKFold(3), scoring="roc_auc")
print("GroupKFold(3) ROC-AUC per fold:", scores.round(3))

# 2. Leave one chromosome out, here for the three largest chromosomes only.
names, counts = np.unique(chrom, return_counts=True)
largest = names[np.argsort(counts)[-3:]]
subset = np.isin(chrom, largest)
scores = cross_val_score(
    pipe, X[subset], y[subset], groups=chrom[subset], cv=LeaveOneGroupOut(), scoring="roc_auc"
)
print("LeaveOneGroupOut on", list(largest), "ROC-AUC:", scores.round(3))

# 3. Nested: an inner grid search (folds by chromosome) inside an outer chromosome split.
inner = GridSearchCV(
    pipe, {"sequencecnnclassifier__kernel_size": [8, 12]}, cv=GroupKFold(2), scoring="roc_auc"
)
outer = cross_val_score(
    inner, X, y, groups=chrom, cv=GroupKFold(2), scoring="roc_auc", params={"groups": chrom}
)
print("Nested GroupKFold ROC-AUC:", outer.round(3))
