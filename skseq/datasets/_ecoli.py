"""E. coli K-12 data shipped with skseq: a 40 kb genome stretch with its genes, and
Genomic-ULMFiT's promoter task (windows at CDS starts against windows inside CDSs)."""

from importlib import resources

from sklearn.utils import Bunch

__all__ = ["PROMOTER_SETS", "load_ecoli_slice", "load_promoters"]

PROMOTER_SETS = ("ecoli",)
SLICE_START, SLICE_STOP = 800_000, 840_000
_SEQID = "NC_000913.3"

_SOURCE = (
    "Source and credit: NCBI RefSeq GCF_000005845.2 (ASM584v2), Escherichia coli K-12 "
    "substr. MG1655, public data; built by scripts/build_ecoli_data.py, see "
    "skseq/datasets/data/README.md."
)

_SLICE_DESCR = f"""\
Escherichia coli K-12 MG1655, positions {SLICE_START:,}-{SLICE_STOP:,} of {_SEQID}
=====================================================================

40,000 bp of the forward strand (0-based start, end exclusive): the stretch Genomic-ULMFiT's
long-sequence demo scanned with its promoter model. ``genes`` holds the annotation's gene
rows overlapping it, in genome coordinates (``tss`` is the 5' end: ``start`` on ``+``,
``end - 1`` on ``-``); ``sequence[i]`` is genome position ``start + i``.

{_SOURCE}
"""

_PROMOTER_DESCR = f"""\
E. coli "promoters" as Genomic-ULMFiT defined them (2000 + 2000, 150 bp)
=====================================================================

Target 1: the 150 bp around a CDS start, ``start - 100 .. start + 50`` in the gene's
orientation (reverse complemented on the minus strand). Target 0: a random 150 bp window
inside a CDS longer than 250 bp, on the CDS's strand. Sampled (seed 0) from the 4,297 CDS
starts and 3,911 CDS windows of the genome; none overlaps positions
{SLICE_START:,}-{SLICE_STOP:,} (:func:`load_ecoli_slice`), so a model trained here can scan
that stretch unseen. ``ids`` name the genome interval and strand.

Genomic-ULMFiT reported on its version of this task (all CDS starts, its own split): from
scratch accuracy 0.834 (MCC 0.670), language model pretrained on this genome 0.919 (MCC
0.840). CNNProm's RegulonDB sigma70 set is not shipped (no licence is stated upstream);
the examples read it with ``--data-dir`` where it is at hand.

{_SOURCE}
"""


def _data_file(name):
    return resources.files("skseq.datasets") / "data" / name


def load_ecoli_slice():
    """Load 40 kb of the E. coli K-12 genome (positions 800,000-840,000) and its genes.

    Returns
    -------
    data : sklearn.utils.Bunch
        ``sequence`` (str, 40,000 bp, upper case ACGT), ``start`` and ``stop`` (its genome
        coordinates, 0-based, end exclusive), ``seqid`` (``"NC_000913.3"``), ``genes`` (a
        pandas DataFrame as :func:`skseq.io.read_gff` gives it: the gene rows
        overlapping the stretch, genome coordinates) and ``DESCR``.

    Examples
    --------
    >>> from skseq.datasets import load_ecoli_slice
    >>> ecoli = load_ecoli_slice()
    >>> len(ecoli.sequence), ecoli.start, ecoli.genes.name.iloc[1]
    (40000, 800000, 'ybhH')
    """
    from skseq.io import read_fasta, read_gff

    with (
        resources.as_file(_data_file("ecoli_800k_840k.fasta.gz")) as fasta,
        resources.as_file(_data_file("ecoli_800k_840k.gff.gz")) as gff,
    ):
        sequence = str(read_fasta(fasta).sequences[0])
        genes = read_gff(gff)
    return Bunch(
        sequence=sequence,
        start=SLICE_START,
        stop=SLICE_STOP,
        seqid=_SEQID,
        genes=genes,
        DESCR=_SLICE_DESCR,
    )


def load_promoters(name="ecoli"):
    """Load a bundled promoter task: Genomic-ULMFiT's E. coli CDS-start windows.

    Parameters
    ----------
    name : {"ecoli"}, default="ecoli"
        The set (case-insensitive); see :data:`PROMOTER_SETS`.

    Returns
    -------
    data : sklearn.utils.Bunch
        ``sequences`` (ndarray of str, 150 bp), ``target`` (1: window at a CDS start, 0:
        window inside a CDS), ``ids`` (genome interval and strand), ``DESCR``, ``name``.

    Examples
    --------
    >>> from skseq.datasets import load_promoters
    >>> prom = load_promoters("ecoli")
    >>> prom.sequences.shape, prom.target.mean(), len(prom.sequences[0])
    ((4000,), np.float64(0.5), 150)
    """
    if not isinstance(name, str) or name.lower() not in PROMOTER_SETS:
        raise ValueError(f"Unknown promoter set {name!r}; valid names are {list(PROMOTER_SETS)}.")
    from skseq.io import read_fasta

    with (
        resources.as_file(_data_file("ecoli_cds_starts.negative.fasta.gz")) as negative,
        resources.as_file(_data_file("ecoli_cds_starts.positive.fasta.gz")) as positive,
    ):
        data = read_fasta({0: negative, 1: positive})
    return Bunch(
        sequences=data.sequences,
        target=data.target,
        ids=data.ids,
        DESCR=_PROMOTER_DESCR,
        name=name.lower(),
    )
