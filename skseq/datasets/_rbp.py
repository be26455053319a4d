"""pysster's CLIP-seq benchmark of six RNA-binding proteins, shipped with skseq."""

from importlib import resources

from sklearn.utils import Bunch

RBP_NAMES = ("PUM2", "QKI", "IGF2BP123", "SRSF1", "TAF2N", "NOVA")
SPLITS = ("train", "test")

# Test-split ROC-AUC published by pysster (Budach & Marsico, Bioinformatics 2018).
REFERENCE_ROC_AUC = {
    "PUM2": 0.945,
    "QKI": 0.966,
    "IGF2BP123": 0.836,
    "SRSF1": 0.934,
    "TAF2N": 0.900,
    "NOVA": 0.954,
}

_DESCR = """\
{name} CLIP-seq binding sites ({split} split), from pysster's benchmark
=====================================================================

Binary task: does a 200-nt RNA window hold a CLIP-seq binding site of {name}
(target 1) or a binding site of one of 24 other RNA-binding proteins (target 0)?
Alphabet ACGU with a few N. Positives and negatives are balanced. Sequence ids are
genomic coordinates ``chrN:start-end(strand)`` (hg19; NOVA positives are mouse
mm9); ``groups`` holds the chromosome, for chromosome-grouped cross-validation.

pysster's published test ROC-AUC for {name}: {auc:.3f} (trained on 80 % of the train
split with RNA structure annotation, scored on the test split).

Source and credit: pysster (Budach & Marsico, Bioinformatics 2018), MIT licence,
https://github.com/budach/pysster (data/ folder at v1.2.2). The files are shipped
gzipped, otherwise unchanged; see skseq/datasets/data/README.md and LICENSE.pysster.
"""


def load_rbp(name, split="train"):
    """Load one of pysster's six CLIP-seq RNA-binding-protein data sets.

    Parameters
    ----------
    name : str
        One of :data:`RBP_NAMES` (``"PUM2"``, ``"QKI"``, ``"IGF2BP123"``, ``"SRSF1"``,
        ``"TAF2N"``, ``"NOVA"``); case-insensitive.
    split : {"train", "test"}, default="train"
        pysster's official split (75 % / 25 % of the positives, negatives matched).

    Returns
    -------
    data : sklearn.utils.Bunch
        ``sequences`` (ndarray of str, 200 nt each), ``target`` (1 for a binding site
        of the protein, 0 otherwise), ``groups`` (chromosome of each sequence),
        ``ids`` (the genomic coordinate), ``reference_roc_auc`` (pysster's published
        test ROC-AUC), ``DESCR``, ``name`` and ``split``.

    Examples
    --------
    >>> from skseq.datasets import load_rbp
    >>> pum2 = load_rbp("pum2")
    >>> pum2.sequences.shape, pum2.target.mean(), pum2.groups[0][:3]
    ((7776,), np.float64(0.5), 'chr')
    >>> pum2.reference_roc_auc
    0.945
    """
    if not isinstance(name, str) or name.upper() not in RBP_NAMES:
        raise ValueError(f"Unknown RBP data set {name!r}; valid names are {list(RBP_NAMES)}.")
    if split not in SPLITS:
        raise ValueError(f"Unknown split {split!r}; valid splits are {list(SPLITS)}.")
    from skseq.io import read_fasta

    name = name.upper()
    folder = resources.files("skseq.datasets") / "data"
    stem = f"{name.lower()}.{split}"
    with (
        resources.as_file(folder / f"{stem}.negative.fasta.gz") as negative,
        resources.as_file(folder / f"{stem}.positive.fasta.gz") as positive,
    ):
        data = read_fasta({0: negative, 1: positive})
    return Bunch(
        sequences=data.sequences,
        target=data.target,
        groups=data.groups,
        ids=data.ids,
        reference_roc_auc=REFERENCE_ROC_AUC[name],
        DESCR=_DESCR.format(name=name, split=split, auc=REFERENCE_ROC_AUC[name]),
        name=name,
        split=split,
    )
