"""
Scanning a long sequence for promoters, with the gene starts marked
===================================================================

Genomic-ULMFiT's long-sequence demo scanned 40 kb of the E. coli genome with a promoter
model and set the scores beside the annotated gene starts. Here the 40 kb are generated, so
every promoter is known: a random sequence with a sigma70-like site (a -35 box ``TTGACA``, a
15-19 nt spacer, a -10 box ``TATAAT``, each box base mutated with probability 0.1) 7 nt upstream
of every "gene start", on both strands. A CNN pipeline is trained on generated 100-nt windows
(promoters against background, half of it carrying a single box as a decoy), and
:func:`skseq.scan` scores every 100-nt window of the long sequence, with stride 50, on both
strands; :class:`~skseq.plotting.ScanDisplay` marks the gene starts, read back from a GFF3 file
with :func:`skseq.scanning.read_gff` as one would read NCBI's annotation.

The documentation build trains on fewer windows for fewer epochs (about a minute on 2 CPU
cores); ``python examples/plot_genome_scan.py`` trains the full model. The same scan on the
real E. coli genome (data not shipped with skseq) is ``examples/ecoli_scan.py``.
"""

# %%
# A long sequence with promoters upstream of known gene starts
# ------------------------------------------------------------
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline

from skseq import ScanDisplay, SequenceCNNClassifier, SequenceOneHotTransformer, scan
from skseq.scanning import read_gff, reverse_complement

N_TRAIN, EPOCHS = 4000, 30
# sphinx_gallery_start_ignore
import os

if os.environ.get("SKSEQ_DOCS") != "1":  # run by hand: the full model
    N_TRAIN, EPOCHS = 12000, 60
# sphinx_gallery_end_ignore
LENGTH, WINDOW, STRIDE = 40_000, 100, 50
BOXES = ("TTGACA", "TATAAT")  # sigma70's -35 and -10 boxes

rng = np.random.default_rng(0)
ACGT = np.array(list("ACGT"))


def random_dna(n):
    return "".join(rng.choice(ACGT, n))


def mutated(box, rate=0.1):
    return "".join(rng.choice(ACGT) if rng.random() < rate else b for b in box)


def promoter_site():
    """-35 box, a 15-19 nt spacer, -10 box (27-31 nt)."""
    return mutated(BOXES[0]) + random_dna(int(rng.integers(15, 20))) + mutated(BOXES[1])


sequence = list(random_dna(LENGTH))
genes = []
tss = int(rng.integers(300, 800))
while tss < LENGTH - 300:
    site = promoter_site()
    strand = "+" if rng.random() < 0.5 else "-"
    if strand == "+":  # the gene runs right: its promoter ends 7 nt before the start
        sequence[tss - 7 - len(site) : tss - 7] = site
    else:  # the gene runs left: its promoter lies to the right, reverse complemented
        sequence[tss + 8 : tss + 8 + len(site)] = reverse_complement([site])[0]
    genes.append((tss, strand, f"gene{len(genes) + 1}"))
    tss += int(rng.integers(800, 2500))
sequence = "".join(sequence)

# the gene starts as a GFF3 file (1-based, inclusive coordinates), read back as NCBI's would be
gff = Path(tempfile.mkdtemp()) / "genes.gff3"
lines = ["##gff-version 3"]
for tss, strand, name in genes:
    start, end = (tss + 1, tss + 600) if strand == "+" else (tss - 599, tss + 1)
    lines.append(f"seq1\tgenerated\tgene\t{start}\t{end}\t.\t{strand}\t.\tID={name};Name={name}")
gff.write_text("\n".join(lines) + "\n")
features = read_gff(gff)
assert features.tss.tolist() == [g[0] for g in genes]
print(f"{LENGTH:,} nt with {len(features)} genes ({(features.strand == '-').sum()} on -)")
print(features.head(3).to_string(index=False))

# %%
# A promoter model trained on generated windows
# ---------------------------------------------
# Positives carry a site at a random place in 100 nt; negatives are background, half of them
# with one box alone, so that the model must find both boxes.


def training_window(kind):
    seq = random_dna(WINDOW)
    if kind == "background":
        return seq
    site = promoter_site() if kind == "promoter" else mutated(BOXES[rng.integers(2)])
    start = int(rng.integers(0, WINDOW - len(site)))
    return seq[:start] + site + seq[start + len(site) :]


def labelled(n):
    kinds = ["promoter"] * (n // 2) + ["background", "decoy"] * (n // 4)
    return np.array([training_window(k) for k in kinds]), np.array(
        [k == "promoter" for k in kinds], dtype=int
    )


X_train, y_train = labelled(N_TRAIN)
X_test, y_test = labelled(1000)
model = make_pipeline(
    SequenceOneHotTransformer(alphabet="DNA"),
    SequenceCNNClassifier(epochs=EPOCHS, learning_rate=2e-3, patience=5, random_state=0),
).fit(X_train, y_train)
auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
print(f"{N_TRAIN} training windows; ROC-AUC on 1,000 new windows: {auc:.3f}")

# %%
# The scan, with the gene starts marked
# -------------------------------------
# One row per window and strand; the display draws each window's score at its centre.
table = scan(model, sequence, window=WINDOW, stride=STRIDE, both_strands=True)
print(table.head().to_string(index=False))
display = ScanDisplay(table, features).plot(label_features=False)
display.ax_.set_title(f"promoter scores along {LENGTH:,} generated nt; dotted: gene starts")
plt.show()

# %%
# Do the best windows sit just upstream of a gene start?
# ------------------------------------------------------
# A window covers a promoter when it holds the whole site; on ``+`` the site ends 7 nt before
# the gene start, on ``-`` it starts 8 nt after it.
site_span = [(t - 38, t - 7) if s == "+" else (t + 8, t + 39) for t, s, _ in genes]


def covers(row):
    return any(
        row.strand == s and row.position <= a and b <= row.end
        for (a, b), (_, s, _) in zip(site_span, genes)
    )


top = table.sort_values("score", ascending=False).head(len(genes))
hits = sum(covers(row) for row in top.itertuples())
print(
    f"of the {len(genes)} best-scoring windows, {hits} hold a planted promoter on their strand "
    f"({len(table)} windows scanned)"
)
