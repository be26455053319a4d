"""Perturbation importance: a random k-mer slid along each sequence (Genomic-ULMFiT's way)."""

from numbers import Integral

import numpy as np

from skseq.utils import check_sequences

__all__ = ["perturbation"]


def perturbation(estimator, X, *, lengths=(1, 3, 5), alphabet="ACGT", target=None, random_state=0):
    """How much the score drops when a random k-mer replaces each stretch of a sequence.

    For every insert length ``L`` in ``lengths`` one random ``L``-mer is drawn per
    sequence and written over positions ``p .. p + L - 1`` for every ``p``; the drop of the
    model's score (original minus perturbed) is credited to every position the insert
    covered, averaged over the inserts covering it. Positions the model relies on get large
    values; positions where the insert happens to match the original get none.

    Parameters
    ----------
    estimator : fitted estimator or Pipeline
        Takes sequences as strings (see :func:`skseq.scanning.predict_scores` for what is
        scored and for bare network estimators).
    X : iterable of str
        Sequences of one length.
    lengths : sequence of int, default=(1, 3, 5)
        Insert lengths.
    alphabet : str, default="ACGT"
        Symbols the inserts are drawn from.
    target : class label or int, default=None
        What to score.
    random_state : int, RandomState instance or None, default=0
        Draws the inserts.

    Returns
    -------
    ndarray of shape (n_sequences, n_lengths, length)
        Mean score drop per position, for each insert length (``.mean(axis=1)`` combines
        them).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from skseq import SequenceOneHotTransformer
    >>> rng = np.random.default_rng(0)
    >>> X = ["".join(rng.choice(list("ACGT"), 10)) for _ in range(300)]
    >>> y = [s[4] == "G" for s in X]                       # only position 4 matters
    >>> model = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression())
    >>> imp = perturbation(model.fit(X, y), ["AAAAGAAAAA"], lengths=(1, 2))
    >>> imp.shape, int(imp.mean(axis=1)[0].argmax())
    ((1, 2, 10), 4)
    """
    from sklearn.utils import check_random_state

    from skseq.scanning import predict_scores

    seqs, seq_lengths = check_sequences(X, caller="perturbation")
    if len(set(seq_lengths.tolist())) != 1:
        raise ValueError("perturbation needs sequences of one length; pad or trim them first")
    lengths = [int(n) for n in lengths]
    length = int(seq_lengths[0])
    if not lengths or any(not isinstance(n, Integral) or n < 1 or n > length for n in lengths):
        raise ValueError(f"lengths must be integers in [1, {length}], got {lengths}")
    rng = check_random_state(random_state)
    seqs = np.asarray(seqs, dtype=f"<U{length}")
    points = seqs.view(np.uint32).reshape(len(seqs), length)
    symbols = np.array([ord(c) for c in alphabet], dtype=np.uint32)
    base = predict_scores(estimator, seqs, target=target)
    out = np.zeros((len(seqs), len(lengths), length))
    for j, n in enumerate(lengths):
        starts = np.arange(length - n + 1)
        cover = np.zeros((len(starts), length))
        for offset in range(n):
            cover[starts, starts + offset] = 1
        for i in range(len(seqs)):
            insert = symbols[rng.randint(len(symbols), size=n)]
            variants = np.repeat(points[i][None], len(starts), axis=0)
            for offset in range(n):
                variants[starts, starts + offset] = insert[offset]
            variants = np.ascontiguousarray(variants).view(f"<U{length}")[:, 0]
            drop = base[i] - predict_scores(estimator, variants, target=target)
            out[i, j] = drop @ cover / cover.sum(axis=0)
    return out
