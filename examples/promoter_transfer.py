"""Fine-tune a language model pretrained on the E. coli genome on a few hundred labels.

Genomic-ULMFiT's idea in skseq: a ``SequenceLanguageModel`` learns the statistics of a
genome without labels; a ``SequenceLMClassifier`` initialised from it (concat pooling, gradual
unfreezing, discriminative learning rates) is compared with the same network trained from
scratch and with the default one-hot CNN, by cross-validated MCC on a small labelled set.

By default it uses what skseq ships: the language model pretrained on the whole E. coli
genome (:func:`skseq.datasets.load_ecoli_language_model`, made by
``scripts/pretrain_ecoli_lm.py`` in 19 minutes on 2 CPU cores), and Genomic-ULMFiT's E. coli
promoter task (:func:`skseq.datasets.load_promoters`: windows at CDS starts against windows
inside CDSs), of which ``--n-labelled`` windows are used. The language model saw the genome's
sequence, not these labels. ``--pretrain`` instead pretrains a small model here on the shipped
40 kb stretch (:func:`skseq.datasets.load_ecoli_slice`): too little sequence to gain much.
Run: ``python examples/promoter_transfer.py`` (about 5 minutes on 2 CPU cores).
"""

import argparse
import time

import numpy as np
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline

from skseq.datasets import load_ecoli_language_model, load_ecoli_slice, load_promoters
from skseq.models import SequenceCNNClassifier, SequenceLanguageModel, SequenceLMClassifier
from skseq.preprocessing import SequenceOneHotTransformer

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--n-labelled", type=int, default=300, help="labelled windows used")
parser.add_argument("--pretrain", action="store_true", help="pretrain on the 40 kb stretch")
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()
t0 = time.perf_counter()

# 1. the language model: shipped (whole genome), or pretrained here on 40 kb
if args.pretrain:
    genome = [load_ecoli_slice().sequence]
    lm = SequenceLanguageModel(k=5, stride=2, epochs=6, random_state=args.seed).fit(genome)
else:
    lm = load_ecoli_language_model()
print(
    f"language model: validation loss {lm.val_loss_:.3f} nats/token against "
    f"{lm.informed_random_loss_:.3f} for informed random ({time.perf_counter() - t0:.0f} s)"
)

# 2. a small labelled set, the same folds for every model
data = load_promoters("ecoli")
rng = np.random.default_rng(args.seed)
pick = rng.choice(len(data.sequences), args.n_labelled, replace=False)
X, y = data.sequences[pick], data.target[pick]
cv = StratifiedKFold(3, shuffle=True, random_state=args.seed)
network = ("k", "stride", "embedding_dim", "hidden_units", "n_layers")
sizes = {name: getattr(lm, name) for name in network}  # the same network, from scratch
for name, clf in {
    "pretrained": SequenceLMClassifier(pretrained=lm, random_state=args.seed),
    "from scratch": SequenceLMClassifier(**sizes, random_state=args.seed),
    "default CNN": make_pipeline(
        SequenceOneHotTransformer(), SequenceCNNClassifier(random_state=args.seed)
    ),
}.items():
    scores = cross_val_score(clf, X, y, cv=cv, scoring="matthews_corrcoef")
    print(
        f"{name:>12}: MCC {scores.mean():.3f} ± {scores.std():.3f} "
        f"({len(X)} windows, 3-fold CV, seed {args.seed}; {time.perf_counter() - t0:.0f} s)",
        flush=True,
    )
