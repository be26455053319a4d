"""Scan 40 kb of the E. coli genome with a promoter model and mark the gene starts.

Trains a promoter classifier on CNNProm's E. coli sigma70 set (81 nt), scans positions
800,000-840,000 of the E. coli K-12 genome in 81 nt windows with stride 20 on both strands,
and plots the scores with the gene starts from NCBI's annotation (as Genomic-ULMFiT's
long-sequence demo did). Needs ``../shared/data/ecoli`` and ``../shared/data/cnnprom`` (or
``--data DIR`` holding them); the data are not shipped with skseq. Writes
``ecoli_scan.png``. Run: ``python examples/ecoli_scan.py`` (a few minutes on 2 CPU cores).
"""

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from sklearn.pipeline import make_pipeline  # noqa: E402

from skseq.io import read_fasta  # noqa: E402
from skseq.models import SequenceCNNClassifier  # noqa: E402
from skseq.plotting._scan import ScanDisplay  # noqa: E402
from skseq.preprocessing import SequenceOneHotTransformer  # noqa: E402
from skseq.scanning import read_gff, scan  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
_HERE = Path(__file__).resolve().parents[1]
_SHARED = next(
    (d / "shared" / "data" for d in (_HERE.parent, _HERE.parent.parent) if (d / "shared").is_dir()),
    _HERE.parent / "shared" / "data",
)
parser.add_argument("--data", default=_SHARED, help="folder holding ecoli/ and cnnprom/")
parser.add_argument("--start", type=int, default=800_000)
parser.add_argument("--stop", type=int, default=840_000)
args = parser.parse_args()
data = Path(args.data)

promoters = read_fasta(
    [data / "cnnprom" / "Ecoli_non_prom.fa.gz", data / "cnnprom" / "Ecoli_prom.fa.gz"]
)
model = make_pipeline(
    SequenceOneHotTransformer(), SequenceCNNClassifier(epochs=30, random_state=0)
).fit(promoters.sequences, promoters.target)

genome = read_fasta(data / "ecoli" / "GCF_000005845.2_ASM584v2_genomic.fna.gz").sequences[0]
table = scan(model, genome[args.start : args.stop], window=81, stride=20, offset=args.start)
genes = read_gff(data / "ecoli" / "GCF_000005845.2_ASM584v2_genomic.gff.gz")
genes = genes[(genes.tss >= args.start) & (genes.tss < args.stop)]
disp = ScanDisplay(table, genes).plot()
disp.figure_.savefig("ecoli_scan.png", dpi=150)

top = table.sort_values("score", ascending=False).head(10)
print(top.to_string(index=False))
near = [min(abs(genes.tss - (r.position + 40))) for r in top.itertuples()]
print("distance of the 10 best windows' centres to the nearest gene start:", near)
