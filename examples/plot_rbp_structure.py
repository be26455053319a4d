"""
pysster's RBP benchmark with RNA structure, and the motifs it learns
====================================================================

pysster (Budach & Marsico, Bioinformatics 2018) classifies 200-nt CLIP-seq windows: does the
window hold a binding site of an RNA-binding protein (here PUM2) or of one of 24 others? It
reads the sequence together with its predicted secondary structure, and shows each kernel's
sequence and structure motif. The same experiment in skseq: one-hot RNA alone against one-hot
RNA joined (``ChannelUnion``) with the structural contexts ViennaRNA predicts
(``StructureTransformer``), scored on pysster's held-out test files, then the logos of the
most important kernels.

When the documentation is built (``SKSEQ_DOCS=1``) this runs on a random 1,500 training and
600 test sequences and at most 12 epochs, so its numbers are below the full benchmark's
(``benchmarks/rbp_structure.py``: 0.946 with structure against pysster's published 0.945);
``python examples/plot_rbp_structure.py`` runs the full set.
"""

# %%
# The data: pysster's PUM2 set, shipped with skseq
# ------------------------------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import RocCurveDisplay
from sklearn.pipeline import make_pipeline

from skseq import (
    ChannelUnion,
    MotifInspector,
    SequenceCNNClassifier,
    SequenceOneHotTransformer,
    StructureTransformer,
)
from skseq.datasets import load_rbp
from skseq.plotting import MotifLogoDisplay

train, test = load_rbp("PUM2", "train"), load_rbp("PUM2", "test")
# random subsets and few epochs keep it quick; the benchmark runs the whole set
n_train, n_test, epochs = 1500, 600, 12
# sphinx_gallery_start_ignore
import os

if os.environ.get("SKSEQ_DOCS") != "1":  # run by hand: the whole set
    n_train, n_test, epochs = len(train.target), len(test.target), 100
# sphinx_gallery_end_ignore
rng = np.random.default_rng(0)
keep_train = rng.choice(len(train.sequences), n_train, replace=False)
keep_test = rng.choice(len(test.sequences), n_test, replace=False)
train = {k: train[k][keep_train] for k in ("sequences", "target")}
test = {k: test[k][keep_test] for k in ("sequences", "target")}
print(f"{len(train['sequences'])} training and {len(test['sequences'])} test windows of 200 nt")


# %%
# Sequence alone, and sequence with structure
# -------------------------------------------
def cnn():
    return SequenceCNNClassifier(kernel_size=8, epochs=epochs, random_state=0)


models = {
    "sequence": make_pipeline(SequenceOneHotTransformer(alphabet="RNA"), cnn()),
    "sequence + structure": make_pipeline(
        ChannelUnion(
            [
                ("seq", SequenceOneHotTransformer(alphabet="RNA")),
                ("struct", StructureTransformer(mode="mfe", n_jobs=2)),
            ]
        ),
        cnn(),
    ),
}
fig, ax = plt.subplots(figsize=(5, 5))
for name, pipe in models.items():
    pipe.fit(train["sequences"], train["target"])
    RocCurveDisplay.from_estimator(pipe, test["sequences"], test["target"], name=name, ax=ax)
ax.plot([0, 1], [0, 1], ls=":", color="grey")
ax.set_title("PUM2, held-out test files (pysster's split)")
plt.show()

# %%
# What the structure-aware network learned
# ----------------------------------------
# ``MotifInspector`` reads the first convolution: each kernel's sequence motif and, because
# structure channels are joined, its structure motif (S stem, H hairpin, I internal loop,
# M multiloop, F/T unpaired ends). Kernels are ranked by how much the loss grows when the
# kernel is masked.
pipe = models["sequence + structure"]
insp = MotifInspector(pipe).fit(train["sequences"][:1000], train["target"][:1000])
top = np.argsort(insp.importance_)[::-1][:3]
for kernel in top:
    MotifLogoDisplay.from_inspector(insp, int(kernel))
    plt.show()
