"""
What the network wants: optimised inputs, a designed sequence, TF-MoDISco motifs
================================================================================

On the bundled PUM2 CLIP-seq set (pysster's, 200 nt), a small CNN learns PUM2 binding
sites. Then, as pysster did, inputs are optimised to maximise the binding class; a
negative sequence is edited, one base per round, until the model calls it a binding site;
and modisco-lite (TF-MoDISco) finds motifs in the saliency of the positives, matched to the
known PUM2 motif (UGUAHAUA) and to the kernels that read them. Run:
``python examples/plot_design_modisco.py`` (a few minutes on 2 cores; TF-MoDISco needs
``pip install skseq[modisco]``).
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.pipeline import make_pipeline
from sklearn.utils import resample

from skseq import MotifInspector, SequenceCNNClassifier, SequenceOneHotTransformer
from skseq.datasets import load_rbp, rbp_consensus_motifs
from skseq.plotting import DesignDisplay, MotifLogoDisplay, OptimizedInputDisplay

train, test = load_rbp("PUM2"), load_rbp("PUM2", split="test")
X, y = resample(
    train.sequences,
    train.target,
    n_samples=4000,
    stratify=train.target,
    replace=False,
    random_state=0,
)
pipe = make_pipeline(
    SequenceOneHotTransformer(alphabet="RNA"),
    SequenceCNNClassifier(
        architecture="global_max",
        n_conv_layers=1,
        n_filters=32,
        kernel_size=12,
        dense_units=32,
        epochs=10,
        learning_rate=3e-3,
        validation_fraction=0,
        random_state=0,
        verbose=0,
    ),
).fit(X, y)
print(f"test accuracy {pipe.score(test.sequences, test.target):.3f}")

# %%
# Optimised inputs
# ----------------
# Gradient ascent on a relaxed one-hot input, from noise, for each class (pysster's
# ``visualize_optimized_inputs``). The binding class's input should spell PUM2's motif.
disp = OptimizedInputDisplay.from_estimator(pipe, target=[0, 1], n_steps=300)
best = disp.result.matrices[1]
print("optimised for binding:", "".join(np.array(list("ACGU"))[best.argmax(axis=1)]))

# %%
# A designed sequence
# -------------------
# Greedy in-silico evolution from four negatives without N: every single-base mutant is
# scored by ``predict_proba``, the best kept, until the probability reaches 0.9 (at most 8
# edits, GC content kept within 30-60 %).
clean = np.char.find(test.sequences.astype(str), "N") < 0
starts = test.sequences[(test.target == 0) & clean][:4]
disp = DesignDisplay.from_estimator(
    pipe, starts, n_rounds=8, edit_budget=8, goal=0.9, gc_range=(0.3, 0.6)
)
result = disp.result
for start, designed, score in zip(result.start_sequences, result.sequences, result.scores):
    edited = "".join(b if a == b else b.lower() for a, b in zip(start, designed))
    print(f"{score:.2f} {edited}")

# %%
# TF-MoDISco motifs beside the kernel motifs
# ------------------------------------------
# modisco-lite clusters the stretches of high saliency in the test positives into motifs;
# each is compared (TomTom) with the bundled consensus motifs of pysster's RBPs and with the
# kernels' motifs. Kernels that learned one motif are grouped first.
insp = MotifInspector(pipe, verbose=0).fit(test.sequences, test.target)
groups = insp.kernel_groups()
print(f"{len(insp.motifs_)} kernels, {len(groups)} distinct motifs")
positives = test.sequences[test.target == 1][:600]
motifs = insp.modisco(positives, database=rbp_consensus_motifs(), n_leiden_runs=5)
columns = ["motif", "n_seqlets", "consensus", "best_match", "match_p_value", "kernel"]
print(motifs.table[columns].head().to_string())

if len(motifs.table):
    first = motifs.table.iloc[0]
    fig, axes = plt.subplots(2, 1, figsize=(6, 4.5), layout="constrained")
    MotifLogoDisplay(
        {"modisco": motifs.motifs[first["motif"]]},
        title=f"TF-MoDISco {first['motif']}: {first['best_match']}",
    ).plot(ax=axes[0])
    MotifLogoDisplay.from_inspector(insp, int(first["kernel"]), ax=axes[1:])
plt.show()
