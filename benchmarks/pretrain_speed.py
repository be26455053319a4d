"""Language-model pretraining speed (tokens per second) and held-out loss, in one run.

- **plain Keras**: the same network size built from stock ``keras.layers`` (an ``Embedding``,
  the two LSTMs, a ``Dense`` decoder), Adam at a constant rate, no dropout: the baseline.
- **skseq, before**: :class:`~skseq.models.SequenceLanguageModel` as it was until December
  2026: float32, its token embedding making a Keras mask that every LSTM then honoured.
- **skseq**: the estimator at its defaults: no Keras mask (padding kept behind each row's
  tokens, where it cannot change what the LSTMs compute, and left out of loss and pooling).
- **skseq, mixed_bfloat16**: the same with ``precision="mixed_bfloat16"`` (16-bit compute,
  float32 weights and logits); it pays on CPUs with AVX-512 BF16 or AMX.
- **skseq, mixed_bfloat16, batch 256**: fewer, larger steps (the same epochs).

Each model is first fitted on the same genome slice for the same epochs (``patience=None``)
and scored on the last ``--heldout`` of the slice, which none trains on (nats per token).
Speed is then measured on the fitted networks, interleaved so that a change in the machine's
load hits every model alike: ``--rounds`` rounds, in each one epoch of every network over
the same ``--windows`` training windows; tokens per second is the real (weighted) target
tokens over the epoch's seconds in its fastest round. The fastest, not the median: on the
shared 2-core machine this was written on, the same epoch of the same network took either
about t or about 2t (the machine's own noise, both modes seen for every network), so a median
compared the modes, not the networks. Ratios are against plain Keras and against the
estimator as it was. Runs with any Keras backend::

    python benchmarks/pretrain_speed.py                         # 10 % of E. coli, 4 epochs
    python benchmarks/pretrain_speed.py --fraction 0.02 --epochs 1 --no-write   # a quick check
    KERAS_BACKEND=jax python benchmarks/pretrain_speed.py

Data: ``../shared/data/ecoli`` (NCBI RefSeq GCF_000005845.2) when present, else a random
third-order Markov sequence of the same length (said in the output).
"""

import argparse
import os
import platform
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from skseq.io import read_fasta
from skseq.models import SequenceLanguageModel, _lm_network
from skseq.models._lm_common import next_token_loss

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
    """The same-size LSTM language model from stock Keras layers, fitted; its held-out loss."""
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
        validation_split=0.1,
        shuffle=True,
        verbose=0,
    )  # validated, as the estimator
    return model, time.perf_counter() - start, next_token_loss(model, heldout)


CONTENDERS = {
    "skseq, before (masked, float32)": dict(masked=True),
    "skseq (default)": {},
    "skseq, mixed_bfloat16": dict(precision="mixed_bfloat16"),
    "skseq, mixed_bfloat16, batch 256": dict(precision="mixed_bfloat16", batch_size=256),
}


def skseq_lm(sequence, args, masked=False, **params):
    lm = SequenceLanguageModel(
        epochs=args.epochs, patience=None, random_state=args.seed, verbose=0, **params
    )
    start = time.perf_counter()
    if masked:
        with masked_embedding():
            lm.fit([sequence])
    else:
        lm.fit([sequence])
    return lm, time.perf_counter() - start


def interleaved_speed(networks, windows, rounds):
    """Tokens per second of each ``(model, batch_size)``'s fastest epoch, interleaved."""
    x, y, w = windows
    seconds = {name: [] for name in networks}
    for _ in range(rounds):
        for name, (model, batch_size) in networks.items():
            start = time.perf_counter()
            model.fit(x, y, sample_weight=w, batch_size=batch_size, epochs=1, verbose=0)
            seconds[name].append(time.perf_counter() - start)
    return {name: float(w.sum()) / min(s) for name, s in seconds.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fraction", type=float, default=0.1, help="of the genome")
    parser.add_argument("--heldout", type=float, default=0.1, help="of the slice, at its end")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--plain-learning-rate", type=float, default=1e-2)
    parser.add_argument("--windows", type=int, default=2048, help="per speed epoch")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()

    import keras

    sequence, source = genome(args.fraction, args.seed)
    cut = int(len(sequence) * (1 - args.heldout))
    train_part, heldout_part = sequence[:cut], sequence[cut:]
    backend = keras.backend.backend()
    print(f"{source}: {len(train_part):,} nt to train on, {len(heldout_part):,} held out")

    fitted = {name: skseq_lm(train_part, args, **p) for name, p in CONTENDERS.items()}
    lm = fitted["skseq (default)"][0]
    train = lm._windows(lm._documents([train_part]))
    heldout = lm._windows(lm._documents([heldout_part]))
    plain, plain_seconds, plain_loss = plain_keras_lstm(lm, train, heldout, args)
    rows = {"plain Keras LSTM": (plain, lm.batch_size, plain_seconds, plain_loss)}
    for name, (model, seconds) in fitted.items():
        rows[name] = (
            model.model_,
            model.batch_size,
            seconds,
            next_token_loss(model.model_, heldout),
        )
    speed = interleaved_speed(
        {name: row[:2] for name, row in rows.items()},
        tuple(a[: args.windows] for a in train),
        args.rounds,
    )
    plain_speed, before = speed["plain Keras LSTM"], speed["skseq, before (masked, float32)"]
    table = [
        "| model | batch | fit (s) | held-out loss | tokens / s | vs plain Keras | vs before |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, (_, batch_size, seconds, loss) in rows.items():
        table.append(
            f"| {name} | {batch_size} | {seconds:.0f} | {loss:.3f} | {speed[name]:,.0f} | "
            f"{speed[name] / plain_speed:.2f}x | {speed[name] / before:.2f}x |"
        )
    text = "\n".join(
        [
            f"## Language-model pretraining speed ({backend})",
            "",
            f"`python benchmarks/pretrain_speed.py --fraction {args.fraction} --epochs "
            f"{args.epochs} --windows {args.windows} --rounds {args.rounds}`: "
            f"`SequenceLanguageModel` at its default size (k=5, stride 2, embedding 64, LSTMs "
            f"of 256 and 64 units, windows of 70 tokens) fitted on {len(train_part):,} nt of "
            f"{source} for {args.epochs} epochs, then timed over {args.rounds} interleaved "
            f"rounds of one epoch of {args.windows:,} windows each (the fastest round "
            f"counts), on {os.cpu_count()} CPU "
            f"cores ({backend}, {platform.processor() or platform.machine()}). Held-out loss "
            f"(nats per token) on the next {len(heldout_part):,} nt; the informed-random "
            f"baseline is {lm.informed_random_loss_:.3f}.",
            "",
            *table,
        ]
    )
    print(text)
    if not args.no_write:
        write_section(f"pretrain_speed_{backend}", text)


if __name__ == "__main__":
    main()
