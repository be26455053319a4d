"""What StructureTransformer reads: RNA sequences, or (sequence, structure) pairs, checked.

The sequences go through :func:`skseq.utils.check_sequences` like every other transformer's;
this module adds what is particular to structure: splitting two columns into sequences and
structures, the RNA letters ViennaRNA folds, and the checks of a structure (dot-brackets,
context letters, probability rows). The same checks serve the fold cache, whose rows are
read back as untrusted input (:func:`dot_bracket_problems`, :func:`probability_problem`).
"""

from collections.abc import Mapping

import numpy as np

from skseq._alphabets import FOLDABLE, MFE_CONTEXTS
from skseq.utils import check_sequences

_ALLOWED = frozenset(FOLDABLE)
_CONTEXT_INDEX = np.full(256, -1, dtype=np.intp)
for _i, _c in enumerate(MFE_CONTEXTS):
    _CONTEXT_INDEX[ord(_c)] = _i
_DOT_BRACKET = np.zeros(256, dtype=bool)
_DOT_BRACKET[[ord("("), ord(")"), ord(".")]] = True
#: Slack of the probability checks: ViennaRNA's float32 rows sum to one within about 1e-7.
PROBABILITY_TOLERANCE = 1e-3


def split_input(X, caller):
    """``(sequences, structures or None)`` of the raw input, before any item is checked."""
    if isinstance(X, Mapping):  # let check_sequences say what to do with a dict
        return X, None
    if hasattr(X, "iloc") and hasattr(X, "columns"):  # DataFrame
        if X.shape[1] == 2:
            second = X.iloc[:, 1]
            _reject_labels(second.tolist(), caller, f"column {X.columns[1]!r}")
            return X.iloc[:, 0], second.tolist()
        if X.shape[1] != 1:
            raise ValueError(
                f"{caller} takes a DataFrame of one column (sequence) or two (sequence, "
                f"structure); got {X.shape[1]} columns: {list(X.columns)}."
            )
        return X, None
    if isinstance(X, np.ndarray):
        if X.ndim == 2 and X.shape[1] == 2:
            _reject_labels(X[:, 1].tolist(), caller, "column 1")
            return X[:, 0], list(X[:, 1])
        if X.ndim > 2 or (X.ndim == 2 and X.shape[1] != 1):
            raise ValueError(
                f"{caller} takes sequences of shape (n,) or (sequence, structure) pairs of "
                f"shape (n, 2); got an array of shape {X.shape}."
            )
        return X, None
    if X is None or isinstance(X, (str, bytes)) or not hasattr(X, "__iter__"):
        return X, None  # check_sequences names the problem
    items = list(X)
    first = items[0] if items else None
    if first is None or isinstance(first, str) or not hasattr(first, "__len__"):
        return items, None
    for i, item in enumerate(items):
        if isinstance(item, str) or not hasattr(item, "__len__") or len(item) != 2:
            raise ValueError(
                f"{caller}: item {i} is {item!r:.60}; expected (sequence, structure) pairs like "
                "item 0, or a list of sequences."
            )
    _reject_labels([item[1] for item in items], caller, "the second value of each pair")
    return [item[0] for item in items], [item[1] for item in items]


def _reject_labels(column, caller, where):
    """A (sequence, label) table is not (sequence, structure): say so before parsing."""
    scalar = next(
        (
            (i, v)
            for i, v in enumerate(column)
            if v is not None and not isinstance(v, str) and np.ndim(v) == 0
        ),
        None,
    )
    if scalar is not None:
        i, value = scalar
        raise ValueError(
            f"{caller}: {where} holds {value!r} ({type(value).__name__}) at row {i}, not a "
            "structure (a dot-bracket or context string, or a 2-D array of probabilities). "
            "Labels belong in y: pass only the sequence column, for example X['sequence']."
        )


def parse_input(X, *, caller, convert_t_u):
    """Clean sequences (upper case, ``U``) and the parsed structures (None when folding)."""
    raw_sequences, raw_structures = split_input(X, caller)
    seqs, _ = check_sequences(raw_sequences, caller=caller)
    sequences = [clean_sequence(s, i, caller, convert_t_u) for i, s in enumerate(seqs.tolist())]
    if raw_structures is None:
        return sequences, None
    structures = [
        parse_structure(structure, seq, i, caller)
        for i, (seq, structure) in enumerate(zip(sequences, raw_structures))
    ]
    if len({isinstance(s, str) for s in structures}) > 1:
        raise ValueError(f"{caller}: structures mix strings and probability arrays; give one kind.")
    if not isinstance(structures[0], str):
        width = structures[0].shape[1]
        first = next((i for i, s in enumerate(structures) if s.shape[1] != width), None)
        if first is not None:
            raise ValueError(
                f"{caller}: probability rows of sequence {first} have "
                f"{structures[first].shape[1]} columns but sequence 0 has {width}."
            )
    return sequences, structures


def clean_sequence(seq, index, caller, convert_t_u):
    """Upper-cased RNA (``T`` read as ``U`` if asked), or a ValueError naming the position."""
    clean = seq.upper()
    if convert_t_u:
        clean = clean.replace("T", "U")
    if not _ALLOWED.issuperset(clean):
        position, symbol = next((p, c) for p, c in enumerate(clean) if c not in _ALLOWED)
        if symbol == "T":
            raise ValueError(
                f"{caller}: sequence {index} has 'T' at position {position}: ViennaRNA folds "
                "RNA. Convert T to U first, or pass convert_t_u=True."
            )
        raise ValueError(
            f"{caller}: sequence {index} has unknown symbol {seq[position]!r} at position "
            f"{position}; RNA sequences may hold A, C, G, U and N (any case)."
        )
    return clean


def parse_structure(structure, seq, index, caller):
    """Check one given structure; return a context-letter string or a float array (L, k)."""
    from ._folding import dot_bracket_to_contexts

    where = f"{caller}: structure of sequence {index}"
    if isinstance(structure, str):
        tokens = structure.split()
        text = tokens[0] if tokens else ""
        if len(text) != len(seq):
            raise ValueError(
                f"{where} has length {len(text)} but the sequence has length {len(seq)}."
            )
        if "(" in text or ")" in text or "." in text:
            problem = dot_bracket_problems([text])
            if problem:
                _, reason = problem[0]
                if reason.startswith("unbalanced brackets"):
                    detail = reason.split(": ", 1)[1]
                    raise ValueError(
                        f"{caller}: unbalanced brackets in the structure of sequence {index}: "
                        f"{detail}."
                    )
                raise ValueError(f"{where} has {reason}; dot-brackets use '(', ')' and '.'.")
            return dot_bracket_to_contexts(text)
        letters = text.upper()
        for position, letter in enumerate(letters):
            if _CONTEXT_INDEX[ord(letter) if ord(letter) < 256 else 0] < 0:
                raise ValueError(
                    f"{caller}: unknown context letter {text[position]!r} in the structure of "
                    f"sequence {index} at position {position}; contexts are "
                    f"{', '.join(MFE_CONTEXTS)} (pysster's letters), or give dot-brackets."
                )
        return letters
    if structure is None or (isinstance(structure, float) and np.isnan(structure)):
        raise ValueError(f"{where} is missing.")
    try:
        probs = np.asarray(structure, dtype=np.float32)
    except (TypeError, ValueError):
        raise ValueError(
            f"{where} is a {type(structure).__name__}; expected a dot-bracket or context "
            "string, or a 2-D array of probabilities."
        ) from None
    if probs.ndim != 2 or probs.shape[0] != len(seq):
        hint = (
            " (transposed? rows are positions)"
            if probs.ndim == 2 and probs.shape[1] == len(seq)
            else ""
        )
        raise ValueError(
            f"{caller}: probability rows of sequence {index} have shape {probs.shape}; expected "
            f"({len(seq)}, n_contexts) for a sequence of length {len(seq)}{hint}."
        )
    problem = probability_problem(probs, check_sums=False)
    if problem:
        raise ValueError(f"{caller}: probability rows of sequence {index} {problem}.")
    return probs


def dot_bracket_problems(texts):
    """``[(index, reason), ...]`` for the dot-bracket strings that are not balanced ones.

    Vectorised over all strings at once (the fold cache checks every row it reads), so it
    never hands ViennaRNA a string that crashes it.

    Examples
    --------
    >>> for problem in dot_bracket_problems(["((..))", "((..)", "(.x)"]):
    ...     print(problem)
    (1, "unbalanced brackets: '(' at position 0 is never closed")
    (2, "unknown symbol 'x' at position 2")
    """
    keep = [i for i, text in enumerate(texts) if text]  # an empty string is balanced
    if not keep:
        return []
    lengths = np.fromiter((len(texts[i]) for i in keep), dtype=np.int64, count=len(keep))
    joined = "".join(texts[i] for i in keep)
    codes = np.frombuffer(joined.encode("utf-32-le", errors="surrogatepass"), dtype=np.uint32)
    bad_symbol = (codes > 255) | ~_DOT_BRACKET[np.minimum(codes, 255)]
    depth = np.cumsum((codes == ord("(")).astype(np.int64) - (codes == ord(")")))
    ends = np.cumsum(lengths)
    starts = ends - lengths
    before = np.concatenate([[0], depth])[starts]  # depth carried over from earlier strings
    # a quick screen of every string, then the exact reason for the few that fail it
    unclosed = depth[ends - 1] != before
    negative = np.minimum.reduceat(depth, starts) < before
    symbols = np.add.reduceat(bad_symbol, starts) > 0
    suspects = np.flatnonzero(unclosed | negative | symbols)
    return [(keep[i], _dot_bracket_reason(texts[keep[i]])) for i in suspects.tolist()]


def _dot_bracket_reason(text):
    stack = []
    for position, symbol in enumerate(text):
        if symbol == "(":
            stack.append(position)
        elif symbol == ")":
            if not stack:
                return f"unbalanced brackets: ')' at position {position} closes nothing"
            stack.pop()
        elif symbol != ".":
            return f"unknown symbol {symbol!r} at position {position}"
    return f"unbalanced brackets: '(' at position {stack[-1]} is never closed"


def probability_problem(probs, *, check_sums=True):
    """Why per-position probabilities are not valid, or None.

    Every value must be finite and within [0, 1]; with ``check_sums``, every row (position)
    must sum to one (the folding modes' contexts partition each position).
    """
    tol = PROBABILITY_TOLERANCE
    bad = ~np.isfinite(probs) | (probs < -tol) | (probs > 1 + tol)
    if bad.any():
        position, column = np.argwhere(bad)[0]
        return (
            f"hold {probs[position, column]} at position {position}, column {column}; "
            "probabilities must be finite and within [0, 1]"
        )
    if check_sums and len(probs):
        sums = probs.sum(axis=1, dtype=np.float64)
        off = np.flatnonzero(np.abs(sums - 1) > tol)
        if off.size:
            return f"row {off[0]} sums to {sums[off[0]]:.4g}, not 1"
    return None
