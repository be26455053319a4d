"""What the symbol encoders share: alphabet and dtype parameters, the unknown-symbol error.

:class:`~skseq.SequenceOneHotTransformer` and :class:`~skseq.KmerTokenizer` both take
``alphabet``, ``wildcards``, ``convert_u_t``, ``uppercase`` and ``dtype``, and both name an
unknown symbol with its sequence and position.
"""

import numpy as np

from skseq._alphabets import resolve_alphabet

__all__ = ["resolve_symbols", "unknown_symbol_error"]


def resolve_symbols(estimator, *, dtype_kinds, dtype_text):
    """The :class:`~skseq._alphabets.Alphabet` and the numpy dtype an encoder's parameters name.

    Parameters
    ----------
    estimator : estimator
        With the attributes ``alphabet``, ``wildcards``, ``convert_u_t``, ``uppercase`` and
        ``dtype``.
    dtype_kinds : str
        The numpy dtype kinds accepted (``"iu"``: integers).
    dtype_text : str
        Those kinds in words, for the error (``"an integer"``).

    Returns
    -------
    alphabet : Alphabet
    dtype : numpy.dtype

    Raises
    ------
    ValueError
        If ``dtype`` is not a numpy dtype or not one of ``dtype_kinds``.

    Examples
    --------
    >>> from skseq import KmerTokenizer
    >>> from skseq.preprocessing._symbol_policy import resolve_symbols
    >>> tok = KmerTokenizer()
    >>> alphabet, dtype = resolve_symbols(tok, dtype_kinds="iu", dtype_text="an integer")
    >>> alphabet.symbols, dtype
    ('ACGT', dtype('int32'))
    """
    alphabet = resolve_alphabet(
        estimator.alphabet,
        wildcards=estimator.wildcards,
        convert_u_t=estimator.convert_u_t,
        uppercase=estimator.uppercase,
    )
    try:
        dtype = np.dtype(estimator.dtype)
    except TypeError as exc:
        raise ValueError(f"dtype={estimator.dtype!r} is not a numpy dtype") from exc
    if dtype.kind not in dtype_kinds:
        raise ValueError(f"dtype must be {dtype_text} dtype, got {dtype}")
    return alphabet, dtype


def unknown_symbol_error(symbol, index, position, alphabet, remedy, caller=None):
    """The ``ValueError`` for a symbol outside ``alphabet`` in sequence ``index``.

    Parameters
    ----------
    symbol : str
    index, position : int
        The sequence (in input order) and the position in it, both counted from 0.
    alphabet : Alphabet
    remedy : str
        What the user can do instead, ending the message.
    caller : str, default=None
        Name of the estimator, starting the message.

    Returns
    -------
    ValueError

    Examples
    --------
    >>> from skseq._alphabets import resolve_alphabet
    >>> from skseq.preprocessing._symbol_policy import unknown_symbol_error
    >>> print(unknown_symbol_error("Z", 3, 7, resolve_alphabet("DNA"), "declare it"))
    unknown symbol 'Z' in sequence 3 at position 7; alphabet is ACGT (wildcards N); declare it
    """
    wildcards = f" (wildcards {alphabet.wildcards})" if alphabet.wildcards else ""
    prefix = f"{caller}: " if caller else ""
    return ValueError(
        f"{prefix}unknown symbol {symbol!r} in sequence {index} at position {position}; "
        f"alphabet is {alphabet.symbols}{wildcards}; {remedy}"
    )
