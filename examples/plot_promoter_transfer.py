"""Pretrain a k-mer language model on unlabelled sequence, then fine-tune it on few labels.

Genomic-ULMFiT's idea in skseq: a ``SequenceLanguageModel`` learns the statistics of a
genome without labels; a ``SequenceLMClassifier`` initialised from it (concat pooling, gradual
unfreezing, discriminative learning rates) is compared with the same network trained from
scratch, by cross-validated MCC. This example generates its data (a "genome" with a
promoter-like grammar, and a small labelled set), so it runs anywhere in a few minutes on 2
CPU cores; ``benchmarks/pretraining.py`` does the same on the E. coli genome and CNNProm's
promoters. Run: ``python examples/promoter_transfer.py``.
"""

import numpy as np
from sklearn.model_selection import StratifiedKFold, cross_val_score

from skseq.models import SequenceLanguageModel, SequenceLMClassifier

rng = np.random.default_rng(0)
BOXES = ["TTGACA", "TATAAT"]  # sigma70's -35 and -10 boxes


def random_dna(n):
    return "".join(rng.choice(list("ACGT"), n, p=[0.3, 0.2, 0.2, 0.3]))


def promoter(length=81):
    """A random stretch with the two boxes 17 nt apart, at a random place."""
    seq = list(random_dna(length))
    start = rng.integers(5, length - 35)
    seq[start : start + 6] = BOXES[0]
    seq[start + 23 : start + 29] = BOXES[1]
    return "".join(seq)


# 1. unlabelled "genome": promoters scattered in background sequence
genome = "".join(random_dna(300) + promoter() for _ in range(400))
lm = SequenceLanguageModel(
    k=3,
    stride=1,
    embedding_dim=32,
    hidden_units=64,
    n_layers=2,
    epochs=4,
    learning_rate=5e-3,
    chunk_length=None,
    document_length=400,
    random_state=0,
).fit([genome])
print(
    f"language model: validation loss {lm.val_loss_:.3f} nats/token against "
    f"{lm.informed_random_loss_:.3f} for informed random"
)

# 2. a small labelled set: promoters against background
X = np.array([promoter() for _ in range(100)] + [random_dna(81) for _ in range(100)])
y = np.r_[np.ones(100, int), np.zeros(100, int)]
cv = StratifiedKFold(3, shuffle=True, random_state=0)
common = dict(epochs=6, head_units=32, learning_rate=5e-3, random_state=0)
for name, clf in {
    "pretrained": SequenceLMClassifier(pretrained=lm, **common),
    "from scratch": SequenceLMClassifier(
        k=3, stride=1, embedding_dim=32, hidden_units=64, n_layers=2, **common
    ),
}.items():
    scores = cross_val_score(clf, X, y, cv=cv, scoring="matthews_corrcoef")
    print(f"{name:>12}: MCC {scores.mean():.3f} ± {scores.std():.3f}")
