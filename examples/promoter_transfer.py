"""Pretrain a k-mer language model on unlabelled genome, then fine-tune it on few labels.

Genomic-ULMFiT's idea in skseq: a ``SequenceLanguageModel`` learns the statistics of a
genome without labels; a ``SequenceLMClassifier`` initialised from it (concat pooling, gradual
unfreezing, discriminative learning rates) is compared with the same network trained from
scratch, by cross-validated MCC on a small labelled set.

By default it uses the data skseq ships: the language model reads the 40 kb E. coli stretch
of :func:`skseq.datasets.load_ecoli_slice` (unlabelled), and the classifiers learn
Genomic-ULMFiT's E. coli promoter task (:func:`skseq.datasets.load_promoters`: windows at
CDS starts against windows inside CDSs, none from that stretch) from ``--n-labelled``
windows. ``--data-dir DIR`` pretrains on the whole genome in ``DIR/ecoli`` instead (slow on
a CPU; ``benchmarks/pretraining.py`` measures this on the whole genome and CNNProm's
promoters). Run: ``python examples/promoter_transfer.py`` (a few minutes on 2 CPU cores).
"""

import argparse
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold, cross_val_score

from skseq.datasets import load_ecoli_slice, load_promoters
from skseq.io import read_fasta
from skseq.models import SequenceLanguageModel, SequenceLMClassifier

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--data-dir", default=None, help="folder holding ecoli/ (the full genome)")
parser.add_argument("--n-labelled", type=int, default=300, help="labelled windows used")
parser.add_argument("--lm-epochs", type=int, default=6)
parser.add_argument("--epochs", type=int, default=6)
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()
t0 = time.perf_counter()

# 1. unlabelled genome
if args.data_dir is None:
    genome = [load_ecoli_slice().sequence]
else:
    fna = Path(args.data_dir) / "ecoli" / "GCF_000005845.2_ASM584v2_genomic.fna.gz"
    genome = read_fasta(fna).sequences
sizes = dict(k=5, stride=2, embedding_dim=32, hidden_units=64, n_layers=2)
lm = SequenceLanguageModel(
    **sizes,
    epochs=args.lm_epochs,
    learning_rate=1e-2,
    chunk_length=2000,
    document_length=900,
    bptt=70,
    batch_size=16,
    random_state=args.seed,
).fit(genome)
print(
    f"language model on {sum(map(len, genome)):,} bp ({lm.n_documents_} documents): "
    f"validation loss {lm.val_loss_:.3f} nats/token against {lm.informed_random_loss_:.3f} "
    f"for informed random ({time.perf_counter() - t0:.0f} s)"
)

# 2. a small labelled set
data = load_promoters("ecoli")
rng = np.random.default_rng(args.seed)
pick = rng.choice(len(data.sequences), args.n_labelled, replace=False)
X, y = data.sequences[pick], data.target[pick]
cv = StratifiedKFold(3, shuffle=True, random_state=args.seed)
common = dict(epochs=args.epochs, head_units=32, learning_rate=5e-3, random_state=args.seed)
for name, clf in {
    "pretrained": SequenceLMClassifier(pretrained=lm, **common),
    "from scratch": SequenceLMClassifier(**sizes, **common),
}.items():
    scores = cross_val_score(clf, X, y, cv=cv, scoring="matthews_corrcoef")
    print(
        f"{name:>12}: MCC {scores.mean():.3f} ± {scores.std():.3f} "
        f"({len(X)} windows, 3-fold CV, seed {args.seed}; {time.perf_counter() - t0:.0f} s)"
    )
