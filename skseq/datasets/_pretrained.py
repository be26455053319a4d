"""A language model pretrained on the E. coli K-12 genome, shipped with skseq."""

from importlib import resources

__all__ = ["load_ecoli_language_model"]

_FILES = {
    ("forward", "plus"): "ecoli_lm_k5_s2.skops",
    ("backward", "plus"): "ecoli_lm_k5_s2_backward.skops",
    ("forward", "both"): "ecoli_lm_k5_s2_both_strands.skops",
}


def load_ecoli_language_model(direction="forward", strands="plus"):
    """Load a :class:`~skseq.models.SequenceLanguageModel` pretrained on the E. coli genome.

    k=5, stride 2 (1,026 tokens), embedding 64, two LSTM layers (256 and 64 units, the last
    tied to the decoder); about 0.5 M weights, 1.9 MB. Fitted by
    ``scripts/pretrain_ecoli_lm.py`` on the whole forward strand of E. coli K-12 MG1655
    (NCBI RefSeq GCF_000005845.2, 4,641,652 nt), 10 epochs, seed 0, in 19 minutes on 2 CPU
    cores: the held-out validation loss is 2.607 nats per token against the informed-random
    2.760 (Genomic-ULMFiT's much larger AWD-LSTM reached 2.64 against 2.77).

    Use it as ``SequenceLMClassifier(pretrained=load_ecoli_language_model())`` to fine-tune on
    bacterial sequences; ``benchmarks/pretraining.py`` measures what it gains on CNNProm's
    promoter sets. It was trained without labels on the whole genome, so it has seen the
    sequence (not the labels) of every E. coli window, as Genomic-ULMFiT's model had. The file
    is in skseq's safe format (:func:`skseq.io.load`): loading runs no code from it.

    ``direction="backward"`` loads the same network, pretrained by the same script with the
    same seed but reading each sequence's tokens in reverse order (20 minutes; held-out
    loss 2.606 against the informed-random 2.759). Classifiers fine-tuned from the two can
    vote, as ULMFiT's forward and backward models did (``VotingClassifier(voting="soft")``;
    see the user guide's pretraining page).

    ``strands="both"`` loads the forward network pretrained on both strands: the first 90%
    of the genome and its reverse complement, 7 epochs (30 minutes), so that genes on either
    strand, and their promoters, are read in their own orientation. On the held-out last 10%
    of the genome (both strands, never seen) its loss is 2.602, where the plus-strand model
    reaches 2.609 on that stretch's unseen minus strand. Fine-tuned on CNNProm's E. coli
    promoters it is the better start (see the user guide's pretraining page).

    Parameters
    ----------
    direction : {"forward", "backward"}, default="forward"
        The reading direction.
    strands : {"plus", "both"}, default="plus"
        What it was pretrained on: the genome's plus strand, or both strands (forward
        direction only).

    Returns
    -------
    SequenceLanguageModel
        Fitted; ``history_``, ``val_loss_`` and ``informed_random_loss_`` as after ``fit``.

    Examples
    --------
    >>> from skseq.datasets import load_ecoli_language_model, load_promoters
    >>> lm = load_ecoli_language_model()
    >>> lm.k, lm.stride, round(lm.val_loss_, 3), round(lm.informed_random_loss_, 3)
    (5, 2, 2.607, 2.76)
    >>> lm.transform(load_promoters().sequences[:3]).shape   # last, max and mean pooling
    (3, 192)
    >>> load_ecoli_language_model("backward").direction
    'backward'
    >>> load_ecoli_language_model(strands="both").epochs
    7
    """
    from skseq.io import load

    if direction not in ("forward", "backward"):
        raise ValueError(
            f"load_ecoli_language_model: direction must be 'forward' or 'backward', "
            f"got {direction!r}"
        )
    if strands not in ("plus", "both"):
        raise ValueError(
            f"load_ecoli_language_model: strands must be 'plus' or 'both', got {strands!r}"
        )
    if (direction, strands) not in _FILES:
        raise ValueError(
            f"load_ecoli_language_model: no {direction} model pretrained on {strands} strands "
            f"ships; the choices are {sorted(_FILES)}"
        )
    file = _FILES[direction, strands]
    with resources.as_file(resources.files("skseq.datasets") / "data" / file) as path:
        return load(path)
