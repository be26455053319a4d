"""
Genomic-ULMFiT's promoter transfer: pretrain on a genome, fine-tune on few promoters
====================================================================================

Genomic-ULMFiT (Kerr, 2020) pretrains a k-mer language model on unlabelled genome sequence and
fine-tunes it to recognise promoters, where labelled examples are few. Does pretraining help
when labels are scarce? Here the same experiment runs at CPU scale on generated data with a
known answer: a "genome" whose background is a second-order Markov chain, with sigma70-like
promoters (a -35 box ``TTGACA``, a spacer of 15-19 nt, a -10 box ``TATAAT``, each base of
the boxes mutated with probability 0.1) upstream of every "gene"; and a labelled set of 81-nt
promoter windows against background windows.

Three models are compared at a few labelled-set sizes, by MCC on one held-out split (seed 0):
a :class:`~skseq.models.SequenceLMClassifier` fine-tuned from the language model
(``pretrained=lm``, gradual unfreezing), the same network trained from scratch
(``pretrained=None``), and the default one-hot CNN pipeline.

The documentation build runs a reduced version (a 100 kb genome, five language-model epochs,
three training sizes, one split; on the real data, one size of 300 windows);
``python examples/plot_promoter_transfer.py`` runs a larger one (a 400 kb genome, more sizes
and epochs). The full experiment, on the E. coli K-12 genome and CNNProm's E. coli and B. subtilis
promoters with 5-fold cross-validation, is ``benchmarks/pretraining.py`` (its results are in
the benchmarks page). The last section fine-tunes the language model skseq ships, pretrained
on the whole E. coli genome, on real E. coli windows.
"""

# %%
# A genome with promoters, and a small labelled set
# -------------------------------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.base import clone
from sklearn.metrics import matthews_corrcoef
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

from skseq import (
    SequenceCNNClassifier,
    SequenceLanguageModel,
    SequenceLMClassifier,
    SequenceOneHotTransformer,
)

GENOME_LENGTH, SIZES, REAL_SIZES = 100_000, [50, 150, 400], [300]
LM_EPOCHS, EPOCHS = 5, 8
# sphinx_gallery_start_ignore
import os

if os.environ.get("SKSEQ_DOCS") != "1":  # run by hand: the larger version of the docstring
    GENOME_LENGTH, SIZES, REAL_SIZES = 400_000, [50, 150, 400, 1000, 2500], [100, 300, 1000, 3000]
    LM_EPOCHS, EPOCHS = 10, 15
# sphinx_gallery_end_ignore
N_TEST = 400

rng = np.random.default_rng(0)
ACGT = np.array(list("ACGT"))
# the background: a second-order Markov chain (each base depends on the two before it)
TRANSITIONS = rng.dirichlet(np.ones(4), size=16)
BOXES = ("TTGACA", "TATAAT")  # sigma70's -35 and -10 boxes


def markov(n):
    """``n`` bases of the Markov background."""
    codes = np.empty(n, dtype=np.int64)
    codes[:2] = rng.integers(4, size=2)
    uniform = rng.random(n)
    cumulative = TRANSITIONS.cumsum(axis=1)
    for i in range(2, n):
        codes[i] = np.searchsorted(cumulative[4 * codes[i - 2] + codes[i - 1]], uniform[i])
    return "".join(ACGT[np.minimum(codes, 3)])


def mutated(box, rate=0.1):
    """A box with each base replaced by a random one with probability ``rate``."""
    return "".join(rng.choice(ACGT) if rng.random() < rate else b for b in box)


def promoter_site():
    """-35 box, a 15-19 nt spacer, -10 box: 27-31 nt."""
    spacer = markov(int(rng.integers(15, 20)))
    return mutated(BOXES[0]) + spacer + mutated(BOXES[1])


def window(promoter, length=81):
    """An 81-nt window of background, with a promoter site at a random place if asked."""
    seq = markov(length)
    if not promoter:
        return seq
    s = promoter_site()
    start = int(rng.integers(5, length - len(s) - 5))
    return seq[:start] + s + seq[start + len(s) :]


# unlabelled: intergenic stretches, each with a promoter 7 nt before its "gene start"
pieces, total = [], 0
while total < GENOME_LENGTH:
    piece = markov(int(rng.integers(60, 200))) + promoter_site() + markov(7) + markov(800)
    pieces.append(piece)
    total += len(piece)
genome = "".join(pieces)
held_out_genome = "".join(markov(150) + promoter_site() + markov(800) for _ in range(20))

# labelled: as many promoters as background windows
n = max(SIZES) + N_TEST
y = np.arange(n) % 2
X = np.array([window(label) for label in y])
X_pool, X_test, y_pool, y_test = train_test_split(
    X, y, test_size=N_TEST, random_state=0, stratify=y
)
print(f"genome: {len(genome):,} nt; labelled: {len(X_pool)} to train from, {N_TEST} held out")

# %%
# Pretraining the language model
# ------------------------------
# 4-mers with stride 2 (Genomic-ULMFiT used 5-mers, stride 2). Consecutive tokens share two
# bases, so a model knowing only the overlap has two new bases to guess: the "informed
# random" loss. The Markov background is predictable beyond that, so the language model
# should get below it, on held-out sequence too.
LM_SIZES = dict(embedding_dim=32, hidden_units=64, n_layers=2)
lm = SequenceLanguageModel(
    k=4,
    stride=2,
    **LM_SIZES,
    epochs=LM_EPOCHS,
    batch_size=16,
    learning_rate=1e-2,
    document_length=400,
    random_state=0,
)
lm.fit([genome])
held_out_loss = -lm.score([held_out_genome])
print(
    f"held-out loss {held_out_loss:.3f} nats/token (lm.score = {-held_out_loss:.3f}); "
    f"informed random {lm.informed_random_loss_:.3f}; uniform {np.log(256):.3f}"
)

fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
epochs = np.arange(1, len(lm.history_["loss"]) + 1)
ax.plot(epochs, lm.history_["loss"], "o-", label="training")
ax.plot(epochs, lm.history_["val_loss"], "o-", label="validation")
ax.axhline(lm.informed_random_loss_, color="grey", ls="--", label="informed random")
ax.axhline(held_out_loss, color="tab:green", ls=":", label="held-out genome (-lm.score)")
ax.set_xlabel("epoch")
ax.set_ylabel("next-token loss (nats)")
ax.set_xticks(epochs)
ax.legend(fontsize=8)
plt.show()

# %%
# Fine-tuning against training from scratch, at a few labelled-set sizes
# ----------------------------------------------------------------------
# Every model sees the same stratified subsample (seed 0) of the training pool at each size
# and is scored on the same held-out 400 windows. With this few epochs one learning rate for
# all layers (``lr_decay=1``) is used: with ULMFiT's 2.6 the encoder barely moves, and the
# fine-tuned model stayed near MCC 0 when this example was written.
finetune = dict(
    epochs=EPOCHS,
    batch_size=16,
    learning_rate=1e-2,
    lr_decay=1.0,
    unfreeze_epochs=1,
    class_weight="balanced",
    random_state=0,
)
models = {
    "fine-tuned from the LM": SequenceLMClassifier(pretrained=lm, **finetune),
    "same network, from scratch": SequenceLMClassifier(k=4, stride=2, **LM_SIZES, **finetune),
    "default CNN pipeline": make_pipeline(
        SequenceOneHotTransformer(alphabet="DNA"),
        SequenceCNNClassifier(class_weight="balanced", random_state=0),
    ),
}


def learning_curves(models, sizes, X_pool, y_pool, X_test, y_test):
    """MCC on the test set of each model fitted on a stratified subsample (seed 0) per size."""
    scores = {name: [] for name in models}
    for size in sizes:
        if size < len(X_pool):
            X_train, _, y_train, _ = train_test_split(
                X_pool, y_pool, train_size=size, random_state=0, stratify=y_pool
            )
        else:
            X_train, y_train = X_pool, y_pool
        for name, template in models.items():
            model = clone(template).fit(X_train, y_train)
            scores[name].append(matthews_corrcoef(y_test, model.predict(X_test)))
        print(f"n={size:4d}: " + ", ".join(f"{k} {v[-1]:.3f}" for k, v in scores.items()))
    return scores


def plot_curves(sizes, scores, xlabel, ylabel, title):
    fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
    for name, values in scores.items():
        ax.plot(sizes, values, "o-", label=name)
    ax.set_xscale("log")
    ax.minorticks_off()  # the log axis's own minor labels crowd the sizes
    ax.set_xticks(sizes, [str(s) for s in sizes])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=8)
    plt.show()


scores = learning_curves(models, SIZES, X_pool, y_pool, X_test, y_test)

# %%
# Learning curves
# ---------------
plot_curves(
    SIZES,
    scores,
    "labelled training sequences",
    f"MCC, {N_TEST} held-out windows",
    "one split (seed 0)",
)

# %%
# With one split and few epochs the differences between close curves are noise; the
# benchmark (``benchmarks/pretraining.py``) repeats this over five folds on real genomes.
# At the smallest size the fine-tuned model predicted a single class when this page was
# built (an MCC of 0): on a few dozen windows a single split and seed say little.
#
# The same on real data: the E. coli language model skseq ships
# ---------------------------------------------------------------
# :func:`~skseq.datasets.load_ecoli_language_model` was pretrained on the whole E. coli K-12
# genome (19 minutes on 2 CPU cores, ``scripts/pretrain_ecoli_lm.py``). It is fine-tuned
# here, at its defaults, on Genomic-ULMFiT's E. coli promoter task
# (:func:`~skseq.datasets.load_promoters`: 150 bp at CDS starts against 150 bp inside
# CDSs), beside the same network from scratch and the default CNN. The language model saw
# the genome's sequence, never these labels.
from skseq.datasets import load_ecoli_language_model, load_promoters

ecoli_lm = load_ecoli_language_model()
prom = load_promoters("ecoli")
P_pool, P_test, t_pool, t_test = train_test_split(
    prom.sequences, prom.target, test_size=1000, random_state=0, stratify=prom.target
)
real_models = {
    "fine-tuned from the E. coli LM": SequenceLMClassifier(pretrained=ecoli_lm, random_state=0),
    "same network, from scratch": SequenceLMClassifier(
        **{
            p: getattr(ecoli_lm, p)
            for p in ("k", "stride", "embedding_dim", "hidden_units", "n_layers")
        },
        random_state=0,
    ),
    "default CNN pipeline": make_pipeline(
        SequenceOneHotTransformer(alphabet="DNA"), SequenceCNNClassifier(random_state=0)
    ),
}
real = learning_curves(real_models, REAL_SIZES, P_pool, t_pool, P_test, t_test)
plot_curves(
    REAL_SIZES,
    real,
    "labelled E. coli windows",
    "MCC, 1000 held-out windows",
    "E. coli CDS starts, one split (seed 0)",
)

# %%
# Pretraining lifts the recurrent network far above the same network from scratch, which
# barely learns from a few hundred windows. The default CNN, whose convolutions see the start
# codon at its fixed offset directly, is about as good on this task. The benchmark
# (``benchmarks/pretraining.py``, five folds) finds the same on CNNProm's promoters: the
# pretrained model beats the same network from scratch, and on E. coli, the genome it was
# pretrained on, it also beats the CNN at every size; on B. subtilis the CNN stays ahead.
