"""Language-model pretraining speed (tokens per second) and held-out loss, in one run.

Contenders (``--fit`` picks which are fitted for their held-out loss; the others are timed
only):

- ``plain``: the same network size built from stock ``keras.layers`` (an ``Embedding``, the
  two LSTMs, a ``Dense`` decoder), Adam at a constant rate, no dropout: the baseline.
- ``before``: :class:`~skseq.models.SequenceLanguageModel` as it was until December 2026:
  float32, its token embedding making a Keras mask that every LSTM honoured, and each
  document cut into windows on its own (the last one mostly padding).
- ``default``: the estimator at its defaults: no Keras mask, the training documents packed
  end to end into full windows (:func:`~skseq.models._lm_windows.packed_token_windows`).
- ``b256``: ``batch_size=256, learning_rate=2e-2``: fewer, larger steps, at a higher rate.
- ``bf16``: ``precision="mixed_bfloat16"`` (16-bit compute, float32 weights and logits); it
  pays on CPUs with AVX-512 BF16 or AMX.
- ``b128-bf16``, ``b256-bf16``: both, at batch 128 (rate 1.4e-2) or 256 (rate 2e-2).

Each fitted model is trained on the genome slice for the same epochs (early stopping as in
the defaults) and scored on the last ``--heldout`` of the slice, which none trains on (nats
per token, every model on the same per-document windows). Speed is measured interleaved, so
that a change in the machine's load hits every model alike: ``--rounds`` rounds, in each one
epoch of every network over the same ``--documents`` training documents (cut as that model
cuts them: packed or not); tokens per second is the real (weighted) target tokens, the same
for all, over the seconds of the epoch's training steps in its fastest round. The fastest, not the median: on the
shared 2-core machine this was written on, the same epoch of the same network took either
about t or about 2t (the machine's own noise, both modes seen for every network), so a median
compared the modes, not the networks. Runs with any Keras backend::

    python benchmarks/pretrain_speed.py --fraction 1 --epochs 10    # E. coli, as in docs
    python benchmarks/pretrain_speed.py --fraction 0.02 --epochs 1 --no-write   # a quick check
    KERAS_BACKEND=jax python benchmarks/pretrain_speed.py

Data: ``../shared/data/ecoli`` (NCBI RefSeq GCF_000005845.2) when present, else a random
third-order Markov sequence of the same length (said in the output).
"""

import argparse
import os
import platform
import time
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


class Before(SequenceLanguageModel):
    """The estimator as it was: a Keras mask, and per-document windows in training too."""

    def _build_network(self):
        original = _lm_network.TokenEmbedding
        _lm_network.TokenEmbedding = MaskedTokenEmbedding
        try:
            return super()._build_network()
        finally:
            _lm_network.TokenEmbedding = original

    def _windows(self, seqs, packed=False):
        return super()._windows(seqs, packed=False)


CONTENDERS = {
    "before": ("skseq, before (masked, float32)", dict(before=True)),
    "default": ("skseq (default: packed windows)", {}),
    "b256": ("skseq, batch 256, rate 2e-2", dict(batch_size=256, learning_rate=2e-2)),
    "bf16": ("skseq, mixed_bfloat16", dict(precision="mixed_bfloat16")),
    "b128-bf16": (
        "skseq, batch 128, rate 1.4e-2, mixed_bfloat16",
        dict(batch_size=128, learning_rate=1.4e-2, precision="mixed_bfloat16"),
    ),
    "b256-bf16": (
        "skseq, batch 256, rate 2e-2, mixed_bfloat16",
        dict(batch_size=256, learning_rate=2e-2, precision="mixed_bfloat16"),
    ),
}
PLAIN = "plain Keras LSTM"


def skseq_lm(sequence, args, epochs, before=False, **params):
    """A fitted contender and its seconds to fit."""
    lm = (Before if before else SequenceLanguageModel)(
        epochs=epochs, random_state=args.seed, verbose=0, **params
    )
    start = time.perf_counter()
    lm.fit([sequence])
    return lm, time.perf_counter() - start


def plain_keras_lstm(lm, train, epochs, args):
    """The same-size LSTM language model from stock Keras layers, fitted for ``epochs``."""
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
        epochs=epochs,
        validation_split=0.1,
        shuffle=True,
        verbose=0,
    )  # validated, as the estimator
    return model, time.perf_counter() - start


def interleaved_speed(networks, rounds):
    """Tokens per second of each ``(model, batch_size, windows)``'s fastest epoch, interleaved.

    An epoch's seconds are those of its training steps: TensorFlow sometimes spent another
    second or so before an epoch's first step here, which weighs on epochs of a few seconds
    but not on a genome's (``--documents`` 300 is an epoch of about 4 s; E. coli's is 90 s).
    """
    import keras

    class StepSeconds(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.seconds = 0.0

        def on_train_batch_begin(self, batch, logs=None):
            self.start = time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            self.seconds += time.perf_counter() - self.start

    seconds = {name: [] for name in networks}
    clock = StepSeconds()
    for _ in range(rounds):
        for name, (model, batch_size, (x, y, w)) in networks.items():
            model.fit(
                x,
                y,
                sample_weight=w,
                batch_size=batch_size,
                epochs=1,
                verbose=0,
                callbacks=[clock],
            )
            seconds[name].append(clock.seconds)
    return {name: float(networks[name][2][2].sum()) / min(s) for name, s in seconds.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fraction", type=float, default=0.1, help="of the genome")
    parser.add_argument("--heldout", type=float, default=0.1, help="of the slice, at its end")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument(
        "--fit",
        default="before,default,b256,b256-bf16",
        help=f"contenders fitted for their loss, of {PLAIN.split()[0]!r} and {list(CONTENDERS)}",
    )
    parser.add_argument("--plain-learning-rate", type=float, default=1e-2)
    parser.add_argument("--documents", type=int, default=300, help="per speed epoch")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    to_fit = set(args.fit.split(",")) - {""}
    unknown = to_fit - {"plain", *CONTENDERS}
    if unknown:
        parser.error(f"--fit: unknown contenders {sorted(unknown)}")

    import keras

    sequence, source = genome(args.fraction, args.seed)
    cut = int(len(sequence) * (1 - args.heldout))
    train_part, heldout_part = sequence[:cut], sequence[cut:]
    backend = keras.backend.backend()
    print(f"{source}: {len(train_part):,} nt to train on, {len(heldout_part):,} held out")

    rows = {}  # name -> (estimator or None, model, batch size, fit seconds, loss)
    speed_slice = train_part[:20_000]  # a model that is only timed is built on this, 1 epoch
    for key, (name, params) in CONTENDERS.items():
        fitted = key in to_fit
        lm, seconds = skseq_lm(
            train_part if fitted else speed_slice, args, args.epochs if fitted else 1, **params
        )
        loss = lm.loss([heldout_part]) if fitted else None
        rows[name] = (lm, lm.model_, lm.batch_size, seconds if fitted else None, loss)
        print(f"{name}: {'fitted' if fitted else 'built'}, loss {loss}", flush=True)
    lm = rows[CONTENDERS["default"][0]][0]
    docs = lm._documents([train_part])[: args.documents]
    per_document = lm._windows(docs)
    if "plain" in to_fit:
        plain, seconds = plain_keras_lstm(
            lm, lm._windows(lm._documents([train_part])), args.epochs, args
        )
        loss = next_token_loss(plain, lm._windows(lm._documents([heldout_part])))
    else:
        plain, seconds, loss = plain_keras_lstm(lm, per_document, 1, args)[0], None, None
    rows = {PLAIN: (None, plain, lm.batch_size, seconds, loss), **rows}
    speed = interleaved_speed(
        {
            name: (model, batch, est._windows(docs, packed=True) if est else per_document)
            for name, (est, model, batch, _, _) in rows.items()
        },
        args.rounds,
    )
    plain_speed, before = speed[PLAIN], speed[CONTENDERS["before"][0]]
    table = [
        "| model | batch | fit (s) | epochs run | held-out loss | tokens / s | vs plain Keras "
        "| vs before |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, (est, _, batch_size, seconds, loss) in rows.items():
        ran = len(est.history_["loss"]) if est is not None and seconds is not None else None
        table.append(
            f"| {name} | {batch_size} | {'—' if seconds is None else f'{seconds:.0f}'} | "
            f"{ran or '—'} | {'—' if loss is None else f'{loss:.3f}'} | {speed[name]:,.0f} | "
            f"{speed[name] / plain_speed:.2f}x | {speed[name] / before:.2f}x |"
        )
    text = "\n".join(
        [
            f"## Language-model pretraining speed ({backend})",
            "",
            f"`python benchmarks/pretrain_speed.py --fraction {args.fraction} --epochs "
            f"{args.epochs} --fit {args.fit} --documents {args.documents} --rounds "
            f"{args.rounds}`: `SequenceLanguageModel` at its default size (k=5, stride 2, "
            f"embedding 64, LSTMs of 256 and 64 units, windows of 70 tokens) fitted on "
            f"{len(train_part):,} nt of {source} for up to {args.epochs} epochs (early "
            f"stopping as by default), then timed over {args.rounds} interleaved rounds of one "
            f"epoch of {len(docs)} documents ({per_document[2].sum():,.0f} target tokens) each "
            f"(the seconds in training steps of the fastest round count), on {os.cpu_count()} CPU cores ({backend}, "
            f"{platform.processor() or platform.machine()}). Held-out loss (nats per token) "
            f"on the next {len(heldout_part):,} nt; the informed-random baseline is "
            f"{lm.informed_random_loss_:.3f}. A dash: timed, not fitted.",
            "",
            *table,
        ]
    )
    print(text)
    if not args.no_write:
        write_section(f"pretrain_speed_{backend}", text)


if __name__ == "__main__":
    main()
