"""Build skseq/datasets/data/ecoli_* from NCBI RefSeq's E. coli K-12 MG1655 genome.

Not part of the package: run once by a maintainer, with the genome and annotation at hand
(NCBI RefSeq GCF_000005845.2, public data)::

    python scripts/build_ecoli_data.py ../shared/data/ecoli

Writes, under skseq/datasets/data/:

- ``ecoli_800k_840k.fasta.gz``: positions 800,000-840,000 (0-based, end exclusive) of
  NC_000913.3, the stretch Genomic-ULMFiT's long-sequence demo scanned;
- ``ecoli_800k_840k.gff.gz``: the annotation's ``gene`` rows overlapping it, unchanged
  (genome coordinates);
- ``ecoli_cds_starts.{positive,negative}.fasta.gz``: Genomic-ULMFiT's E. coli "promoter"
  task, sampled: 150 bp windows ``start - 100 .. start + 50`` around CDS starts (reverse
  complemented on the minus strand; target 1) against random 150 bp windows inside CDSs
  longer than 250 bp (on the CDS's strand; target 0), 2000 of each, none overlapping the
  scanned stretch.
"""

import gzip
import sys
from pathlib import Path

import numpy as np

from skseq.io import read_fasta
from skseq.scanning import reverse_complement

START, STOP, WINDOW, N_EACH, SEED = 800_000, 840_000, 150, 2000, 0
OUT = Path(__file__).resolve().parents[1] / "skseq" / "datasets" / "data"


def wrap(seq, width=80):
    return "\n".join(seq[i : i + width] for i in range(0, len(seq), width))


def write_gz(path, text):
    # mtime=0: the same input gives byte-identical files
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(text.encode())


def main(folder):
    folder = Path(folder)
    genome = read_fasta(folder / "GCF_000005845.2_ASM584v2_genomic.fna.gz").sequences[0]
    with gzip.open(folder / "GCF_000005845.2_ASM584v2_genomic.gff.gz", "rt") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if not line.startswith("#")]
    rows = [r for r in rows if len(r) == 9]
    header = f">NC_000913.3:{START}-{STOP} Escherichia coli K-12 MG1655 (NCBI RefSeq)\n"
    write_gz(OUT / "ecoli_800k_840k.fasta.gz", header + wrap(genome[START:STOP]) + "\n")
    genes = [r for r in rows if r[2] == "gene" and int(r[3]) - 1 < STOP and int(r[4]) > START]
    write_gz(
        OUT / "ecoli_800k_840k.gff.gz",
        "##gff-version 3\n" + "".join("\t".join(r) + "\n" for r in genes),
    )

    def outside(a, b):  # no overlap with the scanned stretch
        return b <= START or a >= STOP

    cds = {(int(r[3]) - 1, int(r[4]), r[6]) for r in rows if r[2] == "CDS"}
    cds = sorted(cds)
    positives, negatives = {}, {}
    rng = np.random.default_rng(SEED)
    for start, end, strand in cds:
        tss = start if strand == "+" else end - 1
        a, b = (tss - 100, tss + 50) if strand == "+" else (tss - 49, tss + 101)
        if a >= 0 and b <= len(genome) and outside(a, b):
            positives[f"cds_start:{a}-{b}({strand})"] = genome[a:b]
        if end - start > 250:
            a = int(rng.integers(start, end - WINDOW + 1))
            if outside(a, a + WINDOW):
                negatives[f"cds_inner:{a}-{a + WINDOW}({strand})"] = genome[a : a + WINDOW]
    for table in (positives, negatives):
        for name in list(table):
            if name.endswith("(-)"):
                table[name] = str(reverse_complement([table[name]])[0])
    for kind, table in (("positive", positives), ("negative", negatives)):
        names = [n for n in sorted(table) if set(table[n]) <= set("ACGT")]
        keep = sorted(rng.choice(len(names), N_EACH, replace=False))
        text = "".join(f">{names[i]}\n{table[names[i]]}\n" for i in keep)
        write_gz(OUT / f"ecoli_cds_starts.{kind}.fasta.gz", text)
    print(len(positives), "CDS starts,", len(negatives), "CDS windows;", N_EACH, "of each kept")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ecoli")
