"""Language-model pretraining speed (tokens per second) and held-out loss, three ways in one run.

- **plain Keras**: the same network size built from stock ``keras.layers`` (an ``Embedding``,
  the two LSTMs, a ``Dense`` decoder), Adam at a constant rate, no dropout: the baseline.
- **skseq, masked (before)**: :class:`~skseq.models.SequenceLanguageModel` as it was until
  December 2026, its token embedding making a Keras mask that every LSTM then honoured.
- **skseq**: the estimator as it is: no Keras mask, padding kept behind each row's tokens
  (where it cannot change what the LSTMs compute) and left out of the loss and pooling.

All three train on the same genome slice for the same number of epochs (``patience=None``)
with the same batch size and windows; tokens per second counts the weighted (real) target
tokens of every epoch over the whole ``fit`` (compilation and validation included). The
held-out loss (nats per token) is measured by each model on the last ``--heldout`` of the
slice, which no model trains on. Ratios are against plain Keras and against the masked
estimator. Runs with any Keras backend; never imports TensorFlow itself::

    python benchmarks/pretrain_speed.py                         # 10 % of E. coli, 4 epochs
    python benchmarks/pretrain_speed.py --fraction 0.02 --epochs 1 --no-write   # a quick check
    KERAS_BACKEND=jax python benchmarks/pretrain_speed.py

Data: ``../shared/data/ecoli`` (NCBI RefSeq GCF_000005845.2) when present, else a random
third-order Markov sequence of the same length (said in the output).
"""

import argparse
import os
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from skseq.io import read_fasta
from skseq.models import SequenceLanguageModel, _lm_network

try:
    from _report import write_section
except ImportError:  # run from elsewhere
    from benchmarks._report import write_section

_HERE = Path(__file__).resolve().parents[1]
GENOME = _HERE.parent / "shared" / "data" / "ecoli" / "GCF_000005845.2_ASM584v2_genomic.fna.gz"
ECOLI_LENGTH = 4_641_652


def genome(fraction, seed=0):
    """The first ``fraction`` of E. coli (or a random Markov stand-in) and where it came from."""
    n = int(ECOLI_LENGTH * fraction)
    if GENOME.exists():
        return read_fasta(GENOME).sequences[0][:n], "E. coli K-12 (GCF_000005845.2)"
    rng = np.random.default_rng(seed)
    table = rng.dirichlet(np.ones(4) * 0.5, size=64)  # P(next | previous three)
    out, state = np.empty(n, dtype=np.int8), 0
    for i in range(n):
        out[i] = rng.choice(4, p=table[state])
        state = (state * 4 + out[i]) % 64
    return "".join(np.array(list("ACGT"))[out]), "a random 3rd-order Markov sequence"


class MaskedTokenEmbedding(_lm_network.TokenEmbedding):
    """The token embedding as it was: it made a Keras mask (token 0) for the LSTMs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.supports_masking = True

    def compute_mask(self, tokens, mask=None):
        return _lm_network.padding_mask(tokens)


@contextmanager
def masked_embedding():
    original = _lm_network.TokenEmbedding
    _lm_network.TokenEmbedding = MaskedTokenEmbedding
    try:
        yield
    finally:
        _lm_network.TokenEmbedding = original


def plain_keras_lstm(lm, train, heldout, args):
    """The same-size LSTM language model from stock Keras layers.

    Returns the fit's seconds, the tokens it trained on per epoch and its held-out loss.
    """
    import keras  # after skseq, which quiets TensorFlow's start-up

    keras.utils.set_random_seed(args.seed)
    tokens = keras.Input((None,), dtype="int32")
    x = keras.layers.Embedding(lm.vocabulary_size_, lm.embedding_dim)(tokens)
    x = keras.layers.LSTM(lm.hidden_units, return_sequences=True)(x)
    x = keras.layers.LSTM(lm.embedding_dim, return_sequences=True)(x)
    logits = keras.layers.Dense(lm.vocabulary_size_)(x)
    model = keras.Model(tokens, logits)
    loss = keras.losses.SparseCategoricalCrossentropy(
        from_logits=True, reduction="mean_with_sample_weight"
    )
    model.compile(optimizer=keras.optimizers.Adam(args.plain_learning_rate), loss=loss)
    start = time.perf_counter()
    model.fit(
        *train[:2],
        sample_weight=train[2],
        batch_size=lm.batch_size,
        epochs=args.epochs,
        validation_split=0.1,  # validated every epoch, as the estimator does
        shuffle=True,
        verbose=0,
    )
    seconds = time.perf_counter() - start
    logits = model.predict(heldout[0], batch_size=256, verbose=0)
    log_p = keras.ops.convert_to_numpy(keras.ops.log_softmax(logits, axis=-1))
    picked = np.take_along_axis(log_p, heldout[1][..., None].astype(np.int64), axis=-1)[..., 0]
    n_train = len(train[2]) - int(0.1 * len(train[2]))  # Keras validates on the last 10 %
    trained = float(train[2][:n_train].sum())
    return seconds, trained, float(-(picked * heldout[2]).sum() / heldout[2].sum())


def skseq_lm(sequence, args):
    lm = SequenceLanguageModel(epochs=args.epochs, patience=None, random_state=args.seed, verbose=0)
    start = time.perf_counter()
    lm.fit([sequence])
    return lm, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fraction", type=float, default=0.1, help="of the genome")
    parser.add_argument("--heldout", type=float, default=0.1, help="of the slice, at its end")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--plain-learning-rate", type=float, default=1e-2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()

    import keras

    sequence, source = genome(args.fraction, args.seed)
    cut = int(len(sequence) * (1 - args.heldout))
    train_part, heldout_part = sequence[:cut], sequence[cut:]
    backend = keras.backend.backend()
    print(f"{source}: {len(train_part):,} nt to train on, {len(heldout_part):,} held out")

    rows = []
    with masked_embedding():
        masked, seconds = skseq_lm(train_part, args)
    rows.append(("skseq, masked (before)", masked, seconds))
    lm, seconds = skseq_lm(train_part, args)
    rows.append(("skseq", lm, seconds))
    train = lm._windows(lm._documents([train_part]))
    heldout = lm._windows(lm._documents([heldout_part]))
    plain_seconds, plain_tokens, plain_loss = plain_keras_lstm(lm, train, heldout, args)

    plain_speed = plain_tokens * args.epochs / plain_seconds
    table = [
        "| model | fit (s) | tokens / s | vs plain Keras | vs masked | held-out loss |",
        "|---|---|---|---|---|---|",
        f"| plain Keras LSTM | {plain_seconds:.0f} | {plain_speed:,.0f} | 1.00x | | "
        f"{plain_loss:.3f} |",
    ]
    masked_speed = None
    for name, model, seconds in rows:
        # the estimator validates on 10 % of its documents (of about equal length)
        trained = float(train[2].sum()) * (1 - model.validation_fraction)
        speed = trained * args.epochs / seconds
        masked_speed = masked_speed or speed
        table.append(
            f"| {name} | {seconds:.0f} | {speed:,.0f} | {speed / plain_speed:.2f}x | "
            f"{speed / masked_speed:.2f}x | {model.loss([heldout_part]):.3f} |"
        )
    informed = lm.informed_random_loss_
    text = "\n".join(
        [
            f"## Language-model pretraining speed ({backend})",
            "",
            f"`python benchmarks/pretrain_speed.py --fraction {args.fraction} "
            f"--epochs {args.epochs}`: the default `SequenceLanguageModel` (k=5, stride 2, "
            f"embedding 64, LSTMs of 256 and 64 units, batch 64, windows of 70 tokens) on "
            f"{len(train_part):,} nt of {source}, {args.epochs} epochs, on "
            f"{os.cpu_count()} CPU cores ({backend}). Held-out loss on the next "
            f"{len(heldout_part):,} nt (informed-random baseline {informed:.3f}).",
            "",
            *table,
        ]
    )
    print(text)
    if not args.no_write:
        write_section(f"pretrain_speed_{backend}", text)


if __name__ == "__main__":
    main()
