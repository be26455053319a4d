"""
What did the network learn? Kernel motifs, where they fire, attributions, matches
=================================================================================

pysster's artificial design: class 1 carries CCCCCCCCCC at 20 and GGGGGGGGGG at 50, class 2
AAAAAAAAAA at 80 and TTTTTTTTTT at 110, class 0 is random. A small CNN learns it in seconds;
:class:`skseq.MotifInspector` then shows which kernels read which motif and where, explains
single predictions, exports the kernels as MEME motifs, compares them with a motif file and
writes an HTML report. Run: ``python examples/plot_inspect_motifs.py`` (under a minute on 2 cores);
the pictures land in ``inspect-motifs/``.
"""

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.pipeline import make_pipeline

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
from skseq.datasets import make_motif_sequences
from skseq.inspection import MotifInspector
from skseq.io import write_meme
from skseq.plotting import (
    ActivationHeatmapDisplay,
    AttributionLogoDisplay,
    ClassEnrichmentDisplay,
    MotifLogoDisplay,
    PositionEnrichmentDisplay,
)

out = Path("inspect-motifs")
out.mkdir(exist_ok=True)

X, y = make_motif_sequences(
    1500,
    140,
    [["C" * 10, "G" * 10], ["A" * 10, "T" * 10]],
    positions=[[20, 50], [80, 110]],
    random_state=0,
)
X_train, y_train, X_test, y_test = X[:1000], y[:1000], X[1000:], y[1000:]
pipe = make_pipeline(
    SequenceOneHotTransformer(alphabet="DNA"),
    SequenceCNNClassifier(
        architecture="global_max",
        n_conv_layers=1,
        n_filters=16,
        kernel_size=10,
        dense_units=16,
        epochs=8,
        learning_rate=1e-2,
        dropout_input=0,
        dropout_conv=0,
        dropout_dense=0,
        validation_fraction=0,
        random_state=0,
    ),
).fit(X_train, y_train)
print(f"held-out accuracy {pipe.score(X_test, y_test):.3f}")

# 1. Motifs: the held-out windows that activate each kernel, aligned and counted.
insp = MotifInspector(pipe).fit(X_test, y_test)
ranking = np.argsort(-insp.importance_)
print("kernels by importance (rise in log-loss when silenced):")
for k in ranking[:6]:
    print(
        f"  kernel {k:2d}  {insp.consensus_[k]}  {insp.n_sites_[k]:4d} sites  "
        f"importance {insp.importance_[k]:.3f}"
    )

# 2. Pictures, each a Display holding its numbers: logo, where it fires, per class.
best = int(ranking[0])
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
MotifLogoDisplay.from_inspector(insp, best, ax=ax)
fig.savefig(out / "best_kernel.png", dpi=100)
classes = ClassEnrichmentDisplay.from_inspector(insp, best)
classes.figure_.savefig(out / "best_kernel_classes.png", dpi=100)
positions = PositionEnrichmentDisplay.from_inspector(insp, best)
positions.figure_.savefig(out / "best_kernel_positions.png", dpi=100)
heatmap = ActivationHeatmapDisplay.from_inspector(insp)
heatmap.figure_.savefig(out / "activation_heatmap.png", dpi=100)

# 3. Attributions of one held-out class-2 sequence: the A10 and T10 sites stand out.
#    All 140 positions, then positions 70-124 at a size where the letters can be read.
seq = X_test[y_test == 2][0]
fig, axes = plt.subplots(2, 1, figsize=(10, 6), layout="constrained")
disp = AttributionLogoDisplay.from_inspector(
    insp, seq, method="integrated_gradients", target=2, ax=axes[0]
)
zoom = AttributionLogoDisplay(disp.matrix.iloc[70:125], title="positions 70-124").plot(ax=axes[1])
zoom.ax_.set_xticks(range(0, 55, 10), [str(p) for p in range(70, 125, 10)])
fig.savefig(out / "attribution.png", dpi=100)
print("top attribution positions:", np.sort(np.argsort(-disp.importance)[:5]))

# 4. Export the kernels as MEME motifs and compare them with known motifs (here a small file
#    of homopolymers and random motifs; use a JASPAR MEME file or "jaspar" with pyjaspar).
#    Matches on the "-" strand are reverse complements: a poly-T kernel matches poly-A.
rng = np.random.default_rng(1)
known = {
    f"HOMO_{c} poly{c}": pd.DataFrame(
        np.eye(4)[["ACGT".index(c)] * 8] * 0.94 + 0.015, columns=list("ACGT")
    )
    for c in "ACGT"
}
for i in range(30):
    rows = rng.dirichlet(np.full(4, 0.3), size=8)
    known[f"RAND_{i:02d} random"] = pd.DataFrame(rows, columns=list("ACGT"))
write_meme(out / "known.meme", known)
matches = insp.to_meme(out / "kernels.meme").match(out / "known.meme", n_best=1)
print(
    matches.loc[
        matches.kernel.isin(ranking[:6]),
        ["kernel", "target_id", "target_name", "p_value", "orientation"],
    ]
)
# 5. Everything on one page, with the matches listed per kernel (report takes them).
print("report:", insp.report(out / "report", top=8, matches=matches))
