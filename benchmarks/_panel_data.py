"""The development panel's data sets, each read once with its fixed split (see panel.py).

Families (``../shared/data``; every one has its own README with formats and protocol):

- ``chipseq``: 12 ENCODE TF ChIP-seq sets, 101 nt DNA, DeepBind's split. Training negatives are
  one dinucleotide shuffle of each training peak (seed 0), as DeepBind made them; the test
  file holds its own shuffled negatives. Metric ROC-AUC.
- ``graphprot``: 10 GraphProt CLIP-seq RBP sets, RNA 38-375 nt (site upper-case within
  lower-case flanks; T and U mixed by strand, read as RNA). Metric ROC-AUC.
- ``rbp``: pysster's six RBP sets, 200 nt RNA (shipped with skseq). Metric ROC-AUC, beside
  pysster's published test ROC-AUC.
- ``cnnprom``: CNNProm's E. coli and B. subtilis promoters, 81 nt DNA, no official split:
  5-fold stratified cross-validation (seed 0). Metric MCC, beside CNNProm's published MCC.
"""

import csv
import gzip
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from skseq.datasets import RBP_NAMES, load_rbp, shuffle_preserving_kmers
from skseq.io import read_fasta

_HERE = Path(__file__).resolve().parent
SHARED = next(
    (d / "shared" / "data" for d in (_HERE.parent, _HERE.parent.parent) if (d / "shared").is_dir()),
    _HERE.parent / "shared" / "data",
)

CHIPSEQ = (
    "SERBP1_H1-hESC_HudsonAlpha",
    "SRF_H1-hESC_SRF_HudsonAlpha",
    "SUZ12_H1-hESC_SUZ12_USC",
    "TAF1_H1-hESC_TAF1_HudsonAlpha",
    "TAF7_H1-hESC_TAF7_(SC-101167)_HudsonAlpha",
    "TBP_H1-hESC_TBP_Stanford",
    "TCF12_H1-hESC_TCF12_HudsonAlpha",
    "TEAD4_H1-hESC_TEAD4_(SC-101184)_HudsonAlpha",
    "USF1_H1-hESC_USF-1_HudsonAlpha",
    "USF2_H1-hESC_USF2_Stanford",
    "YY1_H1-hESC_YY1_(SC-281)_HudsonAlpha",
    "ZNF143_H1-hESC_Znf143_(16618-1-AP)_Stanford",
)
GRAPHPROT = (
    "ALKBH5_Baltz2012",
    "C17ORF85_Baltz2012",
    "C22ORF28_Baltz2012",
    "CAPRIN1_Baltz2012",
    "CLIPSEQ_ELAVL1",
    "PARCLIP_ELAVL1A",
    "PARCLIP_IGF2BP123",
    "PARCLIP_PUM2",
    "PARCLIP_QKI",
    "PARCLIP_TAF15",
)
CNNPROM = {
    "ecoli": ("Ecoli_non_prom.fa.gz", "Ecoli_prom.fa.gz", 0.84),
    "bacillus": ("Bacillus_non_prom.fa.gz", "Bacillus_prom.fa.gz", 0.86),
}
FAMILIES = ("chipseq", "graphprot", "rbp", "cnnprom")


@dataclass
class PanelSet:
    """One panel set: its sequences, targets and how it is split and scored."""

    name: str  # "family/short name"
    alphabet: str
    metric: str  # "roc_auc" or "mcc"
    sequences: np.ndarray
    target: np.ndarray
    test_sequences: np.ndarray = None  # None: cross-validation on sequences/target
    test_target: np.ndarray = None
    published: float = None
    folds: int = 5
    notes: dict = field(default_factory=dict)

    @property
    def family(self):
        return self.name.split("/")[0]


def set_names(selection=None):
    """Every panel set's name, or those whose name or family is in ``selection``."""
    names = (
        [f"chipseq/{_short(s)}" for s in CHIPSEQ]
        + [f"graphprot/{s}" for s in GRAPHPROT]
        + [f"rbp/{s}" for s in RBP_NAMES]
        + [f"cnnprom/{s}" for s in CNNPROM]
    )
    if not selection:
        return names
    chosen = [n for n in names if n in selection or n.split("/")[0] in selection]
    unknown = set(selection) - set(chosen) - {n.split("/")[0] for n in chosen}
    if unknown:
        raise SystemExit(f"unknown panel sets or families: {sorted(unknown)}; see --list")
    return chosen


def _short(chipseq_prefix):
    return chipseq_prefix.split("_")[0]


def load_set(name, root=SHARED):
    """Read one panel set (``"chipseq/SRF"``, ``"graphprot/PARCLIP_PUM2"``, ``"rbp/PUM2"``...)."""
    family, short = name.split("/")
    if family == "chipseq":
        prefix = next(p for p in CHIPSEQ if _short(p) == short)
        positives, _ = _read_deepbind(root / "panel" / "chipseq" / f"{prefix}_AC.seq.gz")
        negatives = shuffle_preserving_kmers(positives, k=2, random_state=0)
        test, test_y = _read_deepbind(root / "panel" / "chipseq" / f"{prefix}_B.seq.gz")
        seqs = np.concatenate([positives, negatives])
        target = np.repeat([1, 0], len(positives))
        return PanelSet(name, "DNA", "roc_auc", seqs, target, test, test_y)
    if family == "graphprot":
        folder = root / "panel" / "graphprot"
        train = read_fasta(
            {
                1: folder / f"{short}.train.positives.fa.gz",
                0: folder / f"{short}.train.negatives.fa.gz",
            }
        )
        test = read_fasta(
            {1: folder / f"{short}.ls.positives.fa.gz", 0: folder / f"{short}.ls.negatives.fa.gz"}
        )
        return PanelSet(
            name, "RNA", "roc_auc", train.sequences, train.target, test.sequences, test.target
        )
    if family == "rbp":
        train, test = load_rbp(short, "train"), load_rbp(short, "test")
        return PanelSet(
            name,
            "RNA",
            "roc_auc",
            train.sequences,
            train.target,
            test.sequences,
            test.target,
            published=train.reference_roc_auc,
        )
    if family == "cnnprom":
        negative, positive, published = CNNPROM[short]
        folder = root / "cnnprom"
        data = read_fasta({0: folder / negative, 1: folder / positive})
        return PanelSet(name, "DNA", "mcc", data.sequences, data.target, published=published)
    raise ValueError(f"unknown panel family {family!r}")


def _read_deepbind(path):
    with gzip.open(path, "rt") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    seqs = np.array([row["seq"] for row in rows])
    return seqs, np.array([int(row["Bound"]) for row in rows])
