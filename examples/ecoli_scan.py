"""Scan 40 kb of the E. coli genome with a promoter model and mark the gene starts.

Trains a promoter classifier and scans positions 800,000-840,000 of the E. coli K-12
genome on both strands, then plots the scores with the gene starts from NCBI's annotation
(as Genomic-ULMFiT's long-sequence demo did). By default it uses the data skseq ships
(:func:`skseq.datasets.load_promoters`: Genomic-ULMFiT's 150 bp windows at CDS starts
against windows inside CDSs, none from the scanned stretch; :func:`load_ecoli_slice`: the
stretch and its genes). ``--data-dir DIR`` reads the full files instead where they are at
hand: ``DIR/cnnprom`` (CNNProm's 81 nt E. coli sigma70 promoters, trained on instead) and
``DIR/ecoli`` (the RefSeq genome and GFF). Writes ``ecoli_scan.png``.
Run: ``python examples/ecoli_scan.py`` (about two minutes on 2 CPU cores).
"""

import argparse
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from sklearn.metrics import matthews_corrcoef  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from skseq.datasets import load_ecoli_slice, load_promoters  # noqa: E402
from skseq.io import read_fasta  # noqa: E402
from skseq.models import SequenceCNNClassifier  # noqa: E402
from skseq.plotting._scan import ScanDisplay  # noqa: E402
from skseq.preprocessing import SequenceOneHotTransformer  # noqa: E402
from skseq.scanning import read_gff, scan  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--data-dir", default=None, help="folder holding cnnprom/ and ecoli/")
parser.add_argument("--epochs", type=int, default=20)
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--out", default="ecoli_scan.png")
args = parser.parse_args()
t0 = time.perf_counter()

stretch = load_ecoli_slice()
start, stop = stretch.start, stretch.stop
if args.data_dir is None:
    data = load_promoters("ecoli")
    X, y, sequence, genes = data.sequences, data.target, stretch.sequence, stretch.genes
else:
    folder = Path(args.data_dir)
    cnnprom = folder / "cnnprom"
    data = read_fasta([cnnprom / "Ecoli_non_prom.fa.gz", cnnprom / "Ecoli_prom.fa.gz"])
    X, y = data.sequences, data.target
    ecoli = folder / "ecoli"
    genome = read_fasta(ecoli / "GCF_000005845.2_ASM584v2_genomic.fna.gz").sequences[0]
    sequence = genome[start:stop]
    genes = read_gff(ecoli / "GCF_000005845.2_ASM584v2_genomic.gff.gz")
    genes = genes[(genes.end > start) & (genes.start < stop)]
window = len(X[0])

X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.2, stratify=y, random_state=args.seed
)
model = make_pipeline(
    SequenceOneHotTransformer(),
    SequenceCNNClassifier(epochs=args.epochs, random_state=args.seed),
).fit(X_train, y_train)
mcc = matthews_corrcoef(y_test, model.predict(X_test))
print(f"{len(X_train)} training windows of {window} nt; held-out MCC {mcc:.3f} (seed {args.seed})")

table = scan(model, sequence, window=window, stride=20, offset=start)
genes = genes[(genes.tss >= start) & (genes.tss < stop)]
disp = ScanDisplay(table, genes).plot()
disp.figure_.savefig(args.out, dpi=150)

top = table.sort_values("score", ascending=False).head(10)
print(top.to_string(index=False))
# a window "hits" a gene start on its own strand when the start lies inside it
hits = [
    bool(
        (
            (genes.strand == r.strand)
            & (genes.tss >= r.position)
            & (genes.tss < r.position + window)
        ).any()
    )
    for r in top.itertuples()
]
print(f"top 10 windows holding a gene start on their strand: {sum(hits)}")
print(f"done in {time.perf_counter() - t0:.0f} s; wrote {args.out}")
