"""The bundled E. coli data: the 40 kb stretch, its genes, and the CDS-start task."""

import re

import numpy as np
import pytest

from skseq.datasets import load_ecoli_slice, load_promoters


def test_slice_and_genes_agree():
    ecoli = load_ecoli_slice()
    assert len(ecoli.sequence) == ecoli.stop - ecoli.start == 40_000
    assert set(ecoli.sequence) == set("ACGT")
    genes = ecoli.genes
    assert len(genes) == 40 and (genes.seqid == ecoli.seqid).all()
    assert ((genes.start < ecoli.stop) & (genes.end > ecoli.start)).all()
    # protein-coding genes inside the stretch start with a start codon on their strand
    inside = genes[(genes.start >= ecoli.start) & (genes.end <= ecoli.stop)]
    comp = str.maketrans("ACGT", "TGCA")
    codons = [
        ecoli.sequence[g.start - ecoli.start : g.start - ecoli.start + 3]
        if g.strand == "+"
        else ecoli.sequence[g.end - ecoli.start - 3 : g.end - ecoli.start][::-1].translate(comp)
        for g in inside.itertuples()
    ]
    assert np.mean([c in {"ATG", "GTG", "TTG"} for c in codons]) > 0.8


def test_promoter_task_windows():
    prom = load_promoters("ECOLI")
    assert prom.sequences.shape == (4000,) and prom.target.tolist().count(1) == 2000
    assert {len(s) for s in prom.sequences} == {150}
    pos = prom.sequences[prom.target == 1]
    neg = prom.sequences[prom.target == 0]
    # positives hold the CDS start at offset 100; windows inside CDSs rarely do
    start_codon = np.mean([s[100:103] in {"ATG", "GTG", "TTG"} for s in pos])
    assert start_codon > 0.95 > 0.2 > np.mean([s[100:103] == "ATG" for s in neg])
    for name in prom.ids:
        a, b = map(int, re.search(r":(\d+)-(\d+)\(", name).groups())
        assert b - a == 150 and (b <= 800_000 or a >= 840_000)
    with pytest.raises(ValueError, match="Unknown promoter set 'bsub'"):
        load_promoters("bsub")


@pytest.mark.parametrize(
    "direction, strands", [("forward", "plus"), ("backward", "plus"), ("forward", "both")]
)
def test_shipped_language_model_knows_the_genome_beyond_its_k_mer_overlaps(direction, strands):
    from skseq.datasets import load_ecoli_language_model, shuffle_preserving_kmers
    from skseq.models import SequenceLanguageModel
    from skseq.models._lm import informed_random_loss

    lm = load_ecoli_language_model(direction, strands=strands)
    assert isinstance(lm, SequenceLanguageModel) and (lm.k, lm.stride) == (5, 2)
    assert lm.direction == direction
    genome = load_ecoli_slice().sequence
    shuffled = shuffle_preserving_kmers([genome], k=2, random_state=0)[0]
    tokens = lm.tokenizer_.transform([genome])
    baseline = informed_random_loss(tokens, k=5, stride=2, direction=direction)
    real, control = lm.loss([genome]), lm.loss([shuffled])
    # the real stretch is predicted far better than guessing from the overlap, and better
    # than the same dinucleotides in shuffled order: the model learned more than composition
    assert real < baseline - 0.1
    assert real < control - 0.05
    if strands == "both":  # the minus strand is text it read in its own orientation too
        from skseq.scanning import reverse_complement

        minus = str(reverse_complement([genome])[0])
        tokens = lm.tokenizer_.transform([minus])
        baseline = informed_random_loss(tokens, k=5, stride=2, direction=direction)
        assert lm.loss([minus]) < baseline - 0.1


def test_unknown_language_model_direction_is_a_clear_error():
    from skseq.datasets import load_ecoli_language_model

    with pytest.raises(ValueError, match="direction must be 'forward' or 'backward', got 'up'"):
        load_ecoli_language_model("up")
    with pytest.raises(ValueError, match="strands must be 'plus' or 'both', got 'minus'"):
        load_ecoli_language_model(strands="minus")
    with pytest.raises(ValueError, match="no backward model pretrained on both strands ships"):
        load_ecoli_language_model("backward", strands="both")
