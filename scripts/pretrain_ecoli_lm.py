"""Pretrain the language models shipped as skseq/datasets/data/ecoli_lm_k5_s2*.skops.

Not part of the package: run once by a maintainer, with NCBI RefSeq's E. coli K-12 MG1655
genome at hand (GCF_000005845.2, public data); 20 to 30 minutes each on 2 CPU cores::

    python scripts/pretrain_ecoli_lm.py ../shared/data/ecoli                # ecoli_lm_k5_s2.skops
    python scripts/pretrain_ecoli_lm.py ../shared/data/ecoli backward       # ..._backward.skops
    python scripts/pretrain_ecoli_lm.py ../shared/data/ecoli forward both   # ..._both_strands.skops

A :class:`~skseq.models.SequenceLanguageModel` (k=5, stride 2, embedding 64, two LSTM layers
of 256 and 64 units, seed 0; the other parameters at their defaults) is written in skseq's
safe format (:func:`skseq.io.save`); :func:`skseq.datasets.load_ecoli_language_model` loads
it. ``benchmarks/pretraining.py --lm`` uses the same settings.

- ``plus`` (the default): 10 epochs on the genome's one record (4,641,652 nt), its plus
  strand only; the backward model reads its tokens in reverse order.
- ``both``: 7 epochs (the same 30-minute budget for 1.8 times the text) on the first 90% of
  the record and its reverse complement, so that genes on either strand, and their
  promoters, are read in their own orientation. The last 10% (both strands) is held out
  and its loss printed: text the model never saw, not even as a reverse complement (the
  validation documents early stopping watches are drawn at random, so their reverse
  complements may be in training).
"""

import sys
import time
from pathlib import Path

from skseq.io import read_fasta, save
from skseq.models import SequenceLanguageModel
from skseq.scanning import reverse_complement

DATA = Path(__file__).resolve().parents[1] / "skseq" / "datasets" / "data"
PARAMS = dict(k=5, stride=2, embedding_dim=64, hidden_units=256, n_layers=2)
EPOCHS = {"plus": 10, "both": 7}
HELD_OUT = 0.1  # the tail of the genome the "both" model never sees


def main(folder, direction="forward", strands="plus"):
    if strands not in EPOCHS:
        raise SystemExit(f"strands must be 'plus' or 'both', got {strands!r}")
    genome = read_fasta(Path(folder) / "GCF_000005845.2_ASM584v2_genomic.fna.gz").sequences
    lm = SequenceLanguageModel(
        **PARAMS, epochs=EPOCHS[strands], direction=direction, random_state=0, verbose=2
    )
    held_out = []
    if strands == "both":
        cut = int((1 - HELD_OUT) * len(genome[0]))
        seen, tail = genome[0][:cut], genome[0][cut:]
        genome, held_out = [seen, *reverse_complement([seen])], [tail, *reverse_complement([tail])]
    start = time.perf_counter()
    lm.fit(genome)
    print(
        f"{sum(map(len, genome)):,} nt in {time.perf_counter() - start:.0f} s; validation loss "
        f"{lm.val_loss_:.4f} against informed random {lm.informed_random_loss_:.4f}"
    )
    if held_out:
        print(f"held-out last {HELD_OUT:.0%} of the genome, both strands: {lm.loss(held_out):.4f}")
    name = "ecoli_lm_k5_s2" + ("" if direction == "forward" else f"_{direction}")
    out = DATA / (name + ("_both_strands" if strands == "both" else "") + ".skops")
    save(lm, out)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main(*sys.argv[1:] or ["../shared/data/ecoli"])
