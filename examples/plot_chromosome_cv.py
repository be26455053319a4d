"""
Cross-validation split by chromosome, and a grid search nested inside it
========================================================================

Sequences from the same chromosome can share repeats and nearby binding sites; a random split
lets a model score well by remembering them. Grouping the folds by chromosome (the ``groups``
that ``skseq.io.read_fasta`` and ``skseq.datasets.load_rbp`` parse from FASTA headers) gives
an honest estimate. Here: ``GroupKFold``, leave-one-chromosome-out, and a nested search whose
inner folds are grouped too, on 2,000 PUM2 windows (about two minutes on 2 CPU cores; the
documentation build uses 1,000 and fewer epochs).
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import (
    GridSearchCV,
    GroupKFold,
    KFold,
    LeaveOneGroupOut,
    cross_val_score,
)
from sklearn.pipeline import make_pipeline

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
from skseq.datasets import load_rbp

N_SEQUENCES, EPOCHS = 1000, 6
# sphinx_gallery_start_ignore
import os

if os.environ.get("SKSEQ_DOCS") != "1":  # run by hand: the larger version
    N_SEQUENCES, EPOCHS = 2000, 10
# sphinx_gallery_end_ignore
train = load_rbp("PUM2", split="train")
# A random subset keeps the example quick; drop these two lines for the full set.
keep = np.random.default_rng(0).choice(len(train.sequences), N_SEQUENCES, replace=False)
X, y, chrom = train.sequences[keep], train.target[keep], train.groups[keep]

pipe = make_pipeline(
    SequenceOneHotTransformer(alphabet="RNA"),
    SequenceCNNClassifier(n_filters=16, epochs=EPOCHS, patience=3, random_state=0),
)

# %%
# Random folds against chromosome folds
# -------------------------------------
# ``GroupKFold`` puts every chromosome in exactly one test fold.
results = {
    "KFold (random)": cross_val_score(
        pipe, X, y, cv=KFold(3, shuffle=True, random_state=0), scoring="roc_auc"
    ),
    "GroupKFold (chromosome)": cross_val_score(
        pipe, X, y, groups=chrom, cv=GroupKFold(3), scoring="roc_auc"
    ),
}
for name, scores in results.items():
    print(f"{name:24s} ROC-AUC per fold: {scores.round(3)}")

# %%
# Leave one chromosome out, for the three largest chromosomes
# -----------------------------------------------------------
names, counts = np.unique(chrom, return_counts=True)
largest = names[np.argsort(counts)[-3:]]
subset = np.isin(chrom, largest)
scores = cross_val_score(
    pipe, X[subset], y[subset], groups=chrom[subset], cv=LeaveOneGroupOut(), scoring="roc_auc"
)
results["LeaveOneGroupOut (3 chr)"] = scores
print("LeaveOneGroupOut on", list(largest), "ROC-AUC:", scores.round(3))

# %%
# A nested search: inner folds grouped by chromosome too
# ------------------------------------------------------
inner = GridSearchCV(
    pipe, {"sequencecnnclassifier__kernel_size": [8, 12]}, cv=GroupKFold(2), scoring="roc_auc"
)
outer = cross_val_score(
    inner, X, y, groups=chrom, cv=GroupKFold(2), scoring="roc_auc", params={"groups": chrom}
)
results["nested GroupKFold"] = outer
print("Nested GroupKFold ROC-AUC:", outer.round(3))

fig, ax = plt.subplots(figsize=(6, 3))
for i, scores in enumerate(results.values()):
    ax.scatter(scores, [i] * len(scores), color="tab:blue")
    ax.plot([scores.mean()] * 2, [i - 0.3, i + 0.3], color="black")
ax.set_yticks(range(len(results)), list(results))
ax.set_xlabel("ROC-AUC per test fold (bar: mean)")
fig.tight_layout()
plt.show()
