"""The two reverse complements: of sequences as strings, and of encoded arrays.

Both read the one complement table, :data:`skseq._alphabets.IUPAC_COMPLEMENT`: strings
through it directly, encoded arrays through the channel permutation an
:class:`~skseq._alphabets.Alphabet` derives from it (:attr:`Alphabet.complement_channels`),
so a one-hot encoding in any channel order (``ACTG``, ``TGCA``), RNA or IUPAC is
complemented correctly.
"""

import numpy as np

from ._alphabets import IUPAC_COMPLEMENT

__all__ = ["reverse_complement", "reverse_complement_encoded"]

_KNOWN = frozenset(IUPAC_COMPLEMENT)
_DNA = str.maketrans(IUPAC_COMPLEMENT)
_RNA = str.maketrans({**IUPAC_COMPLEMENT, "A": "U", "a": "u"})


def _code_table(rna):
    """Complement code points indexed by code point (< 128); -1 for no complement."""
    table = np.full(128, -1, dtype=np.int64)
    table[0] = 0  # numpy's padding of fixed-width strings
    for symbol, paired in IUPAC_COMPLEMENT.items():
        table[ord(symbol)] = ord(paired)
    if rna:
        table[ord("A")], table[ord("a")] = ord("U"), ord("u")
    return table


def _no_complement(sequence, position, symbol, index=None):
    where = "the sequence" if index is None else f"sequence {index}"
    return ValueError(
        f"reverse_complement: {where} holds {symbol!r} at position {position}, which has no "
        "complement; nucleotide sequences may hold the IUPAC codes ACGTURYKMSWBDHVN (either "
        "case) and '-'"
    )


def reverse_complement(sequences, *, rna=None):
    """Reverse complements of nucleotide sequences (IUPAC codes and case kept).

    ``U`` pairs with ``A``; ``A`` pairs with ``T``, or with ``U`` in RNA (see ``rna``).
    IUPAC ambiguity codes pair as in :data:`skseq._alphabets.IUPAC_COMPLEMENT` (``R``/``Y``,
    ``K``/``M``, ``B``/``V``, ``D``/``H``; ``S``, ``W``, ``N`` and the gap ``-`` are their
    own complements).

    Parameters
    ----------
    sequences : str or array-like of str
        One sequence, or a collection of them.
    rna : bool or None, default=None
        Whether ``A`` pairs with ``U``. None decides per sequence: RNA when it holds ``U``
        and no ``T`` (so RNA stays RNA). Give True for RNA that may lack ``U`` (``"AAA"``
        becomes ``"UUU"``, not ``"TTT"``).

    Returns
    -------
    str or ndarray of str
        A str for a str, else an array of the same length as ``sequences``.

    Raises
    ------
    ValueError
        For a symbol with no complement (protein letters, digits, ...), naming the
        sequence (counted from 0, in input order), the position (from 0) and the symbol.

    Examples
    --------
    >>> from skseq.scanning import reverse_complement
    >>> reverse_complement("AACCtgN")
    'NcaGGTT'
    >>> reverse_complement(["ACGU", "ACGTRY"]).tolist()
    ['ACGU', 'RYACGT']
    >>> reverse_complement("ACXT")
    Traceback (most recent call last):
    ...
    ValueError: reverse_complement: the sequence holds 'X' at position 2, which has no ...
    """
    if isinstance(sequences, str):
        unknown = set(sequences).difference(_KNOWN)
        if unknown:
            position = min(sequences.index(symbol) for symbol in unknown)
            raise _no_complement(sequences, position, sequences[position])
        if rna is None:
            has_t = "T" in sequences or "t" in sequences
            rna = not has_t and ("U" in sequences or "u" in sequences)
        return str(sequences.translate(_RNA if rna else _DNA)[::-1])
    seqs = np.asarray(sequences, dtype=str)
    if seqs.ndim != 1:
        raise ValueError(
            f"reverse_complement: expected a str or a 1-D collection of str; got an array of "
            f"shape {seqs.shape}"
        )
    width = seqs.dtype.itemsize // 4
    if not len(seqs) or not width:
        return seqs.copy()
    points = np.ascontiguousarray(seqs).view(np.uint32).reshape(len(seqs), width)
    in_table = np.minimum(points, 127)
    if rna is None:
        has_u = ((points == ord("U")) | (points == ord("u"))).any(axis=1)
        rna = has_u & ~((points == ord("T")) | (points == ord("t"))).any(axis=1)
    rna = np.broadcast_to(rna, (len(seqs),))
    paired = np.where(rna[:, None], _code_table(True)[in_table], _code_table(False)[in_table])
    paired[points > 127] = -1
    bad = np.argwhere(paired < 0)
    if len(bad):
        index, position = (int(i) for i in bad[0])
        raise _no_complement(seqs[index], position, chr(points[index, position]), index)
    # reverse each row within its own length, so the padding (0) stays at the end
    source = np.char.str_len(seqs)[:, None] - 1 - np.arange(width)
    out = np.where(source >= 0, np.take_along_axis(paired, np.maximum(source, 0), axis=1), 0)
    return np.ascontiguousarray(out, dtype=np.uint32).view(f"<U{width}")[:, 0]


def reverse_complement_encoded(X, complement_channels):
    """The reverse complement of encoded sequences: positions reversed, channels permuted.

    Parameters
    ----------
    X : ndarray of shape (n_sequences, length, channels) or (length, channels)
    complement_channels : sequence of int
        For each channel, the channel of its complement, as
        :attr:`skseq._alphabets.Alphabet.complement_channels` gives it (``(3, 2, 1, 0)``
        for one-hot ``ACGT``).

    Returns
    -------
    ndarray of the same shape
        A view of ``X`` when the permutation reverses the channels (``ACGT``, ``ACGU``),
        else a copy.

    Raises
    ------
    ValueError
        If ``complement_channels`` is not a permutation of ``X``'s channels.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.eye(4, dtype=np.uint8)[[[0, 0, 1, 1, 2, 3]]]     # AACCTG in ACTG order
    >>> rc = reverse_complement_encoded(x, (2, 3, 0, 1))
    >>> "".join("ACTG"[i] for i in rc[0].argmax(axis=1))
    'CAGGTT'
    """
    channels = tuple(int(c) for c in complement_channels)
    n_channels = X.shape[-1]
    if sorted(channels) != list(range(n_channels)):
        raise ValueError(
            f"reverse_complement_encoded: complement_channels={channels} is not a permutation "
            f"of the {n_channels} channels of X (shape {X.shape})"
        )
    reversed_positions = X[..., ::-1, :]
    if channels == tuple(range(n_channels - 1, -1, -1)):
        return reversed_positions[..., ::-1]
    return reversed_positions[..., list(channels)]
