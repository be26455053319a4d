"""Pretrain the language models shipped as skseq/datasets/data/ecoli_lm_k5_s2*.skops.

Not part of the package: run once by a maintainer, with NCBI RefSeq's E. coli K-12 MG1655
genome at hand (GCF_000005845.2, public data); about 20 minutes each on 2 CPU cores::

    python scripts/pretrain_ecoli_lm.py ../shared/data/ecoli             # ecoli_lm_k5_s2.skops
    python scripts/pretrain_ecoli_lm.py ../shared/data/ecoli backward    # ..._backward.skops

A :class:`~skseq.models.SequenceLanguageModel` (k=5, stride 2, embedding 64, two LSTM layers
of 256 and 64 units, 10 epochs, seed 0; the other parameters at their defaults) is fitted on
the genome's one record (4,641,652 nt, forward strand; the backward model reads its tokens
in reverse order) and written in skseq's safe format
(:func:`skseq.io.save`). :func:`skseq.datasets.load_ecoli_language_model` loads it.
``benchmarks/pretraining.py --lm`` uses the same settings.
"""

import sys
import time
from pathlib import Path

from skseq.io import read_fasta, save
from skseq.models import SequenceLanguageModel

DATA = Path(__file__).resolve().parents[1] / "skseq" / "datasets" / "data"
PARAMS = dict(k=5, stride=2, embedding_dim=64, hidden_units=256, n_layers=2, epochs=10)


def main(folder, direction="forward"):
    genome = read_fasta(Path(folder) / "GCF_000005845.2_ASM584v2_genomic.fna.gz").sequences
    lm = SequenceLanguageModel(**PARAMS, direction=direction, random_state=0, verbose=2)
    start = time.perf_counter()
    lm.fit(genome)
    print(
        f"{sum(map(len, genome)):,} nt in {time.perf_counter() - start:.0f} s; validation loss "
        f"{lm.val_loss_:.4f} against informed random {lm.informed_random_loss_:.4f}"
    )
    out = DATA / (
        "ecoli_lm_k5_s2.skops" if direction == "forward" else f"ecoli_lm_k5_s2_{direction}.skops"
    )
    save(lm, out)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main(*sys.argv[1:] or ["../shared/data/ecoli"])
