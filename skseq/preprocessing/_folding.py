"""RNA secondary structure with ViennaRNA: folding, and structural contexts per position.

Everything here works on one clean RNA string (upper case, ``ACGUN``); checking the user's input
is ``_structure_input.py``'s job, caching ``_fold_cache.py``'s. ViennaRNA (``RNA``) is imported
on first use, so importing skseq (or a joblib worker unpickling :func:`fold_chunk`) stays light.
"""

import numpy as np

from skseq._alphabets import MFE_CONTEXTS, PROBABILITY_CONTEXTS  # noqa: F401  (re-exported)

_RNA = None
_LOOP_FLAGS = ()  # (ViennaRNA loop flag, probability column), set with _RNA


def _rna():
    """The ViennaRNA module, imported once, on first use."""
    global _RNA, _LOOP_FLAGS
    if _RNA is None:
        import RNA

        _LOOP_FLAGS = ((RNA.HP_LOOP, 1), (RNA.INT_LOOP, 2), (RNA.MB_LOOP, 3), (RNA.EXT_LOOP, 4))
        _RNA = RNA
    return _RNA


def fold_parameters_key(mode, temperature, window, span):
    """A string naming everything that changes a fold result (used as a cache key)."""
    version = _rna().__version__
    return f"{mode}|T={float(temperature)!r}|W={window}|L={span}|ViennaRNA={version}"


def _model_details(temperature, span=None, window=None):
    RNA = _rna()
    md = RNA.md()
    md.temperature = float(temperature)
    if span is not None:
        md.max_bp_span = int(span)
    if window is not None:
        md.window_size = int(window)
    return md


def fold_mfe(sequence, temperature=37.0, span=None):
    """Minimum-free-energy structure of ``sequence`` as a dot-bracket string."""
    md = _model_details(temperature, span=span)
    structure, _ = _rna().fold_compound(sequence, md).mfe()
    return structure


def _collect_unpaired(values, size, i, maxsize, what, data):
    # ViennaRNA callback: ``values[1]`` is the probability that position ``i`` (1-based) is
    # unpaired inside the loop type named by the flags in ``what``.
    if what & _RNA.PROBS_WINDOW_UP:  # _rna() ran before the fold that calls this back
        for flag, column in _LOOP_FLAGS:
            if what & flag:
                data[i - 1, column] = values[1]
                break


def fold_probabilities(sequence, temperature=37.0, window=None, span=None):
    """Per-position context probabilities, ``(len(sequence), 5)``, PROBABILITY_CONTEXTS order.

    With ``window=None`` the whole sequence is one window (the global partition function);
    otherwise RNAplfold-style local folding averages over windows of ``window`` nt with base
    pairs at most ``span`` apart.
    """
    n = len(sequence)
    if n == 0:
        return np.zeros((0, len(PROBABILITY_CONTEXTS)), dtype=np.float32)
    window = n if window is None else min(int(window), n)
    span = window if span is None else min(int(span), window)
    md = _model_details(temperature, span=span, window=window)
    RNA = _rna()
    fc = RNA.fold_compound(sequence, md, RNA.OPTION_WINDOW)
    probs = np.zeros((n, len(PROBABILITY_CONTEXTS)), dtype=np.float64)
    fc.probs_window(1, RNA.PROBS_WINDOW_UP | RNA.PROBS_WINDOW_UP_SPLIT, _collect_unpaired, probs)
    probs[:, 0] = np.clip(1.0 - probs[:, 1:].sum(axis=1), 0.0, 1.0)
    return probs.astype(np.float32)


def fold_chunk(sequences, mode, temperature, window, span):
    """Fold a list of sequences (one joblib task); returns dot-brackets or probability arrays."""
    if mode == "mfe":
        return [fold_mfe(s, temperature, span) for s in sequences]
    # window is None except in "local" mode (StructureTransformer._fold_settings)
    return [fold_probabilities(s, temperature, window, span) for s in sequences]


def dot_bracket_to_contexts(structure):
    """pysster's context letters (see MFE_CONTEXTS) of a balanced dot-bracket string.

    The string must be checked first (``_structure_input.dot_bracket_problems``): ViennaRNA
    crashes the process on unbalanced brackets.

    Examples
    --------
    >>> dot_bracket_to_contexts("..((((....))))..((...))..")
    'FFSSSSHHHHSSSSMMSSHHHSSTT'
    """
    # ViennaRNA names the loop of every position: upper case = paired, lower case = unpaired in
    # an exterior (e), hairpin (h), interior (i) or multi- (m) loop.
    elements = np.frombuffer(_rna().db_to_element_string(structure).encode("ascii"), dtype=np.uint8)
    out = np.full(elements.shape, ord("S"), dtype=np.uint8)
    for lower, letter in ((b"h", b"H"), (b"i", b"I"), (b"m", b"M"), (b"e", b"M")):
        out[elements == lower[0]] = letter[0]
    paired = np.flatnonzero(elements < ord("a"))
    if paired.size == 0:
        out[:] = ord("F")  # nothing paired: forgi calls it all 5' end
    else:
        out[: paired[0]] = ord("F")
        out[paired[-1] + 1 :] = ord("T")
    return out.tobytes().decode("ascii")
