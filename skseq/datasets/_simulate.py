"""Simulated sequences with planted motifs: a ground truth to check models and motif plots."""

from numbers import Integral

import numpy as np
from sklearn.utils import check_random_state

from skseq._alphabets import NAMED_ALPHABETS


def make_motif_sequences(
    n_samples=1000,
    length=100,
    motifs=("TGCATG",),
    *,
    positions=None,
    alphabet="DNA",
    background=None,
    weights=None,
    random_state=None,
    return_positions=False,
):
    """Generate random sequences in which each positive class carries its own motifs.

    Class 0 is pure background. Class ``k + 1`` carries the motif (or motifs) of
    ``motifs[k]``, planted into background sequence at a random or fixed start.
    This is the sequence counterpart of :func:`sklearn.datasets.make_classification`.

    Parameters
    ----------
    n_samples : int, default=1000
        Number of sequences.
    length : int, default=100
        Length of every sequence.
    motifs : sequence, default=("TGCATG",)
        One entry per positive class. An entry is a motif or a list/tuple of motifs
        planted together in the same sequence. A motif is either a string of alphabet
        symbols (planted as is) or a position weight matrix: a numpy array of shape
        ``(width, n_symbols)`` with columns in alphabet order, or a pandas DataFrame whose
        columns are the alphabet's symbols; every row sums to 1 and a new instance is
        sampled for each sequence. A lone string or 2-D array is taken as one class.
        ``[["C" * 10, "G" * 10], ["A" * 10, "T" * 10]]`` reproduces pysster's
        artificial data set (two positive classes with two motifs each).
    positions : sequence or None, default=None
        Start of each motif, with the same nesting as ``motifs``: per class an int or
        None for a single motif, or a list with one int-or-None per motif of a group.
        None (for everything or for one motif) draws the start uniformly at random
        such that the motifs of one sequence never overlap. Fixed starts must not
        overlap either.
    alphabet : {"DNA", "RNA", "protein"} or str, default="DNA"
        Named alphabet (``ACGT``, ``ACGU``, the 20 amino acids) or a string of distinct
        ASCII symbols.
    background : array-like of shape (n_symbols,), default=None
        Probabilities of the alphabet's symbols in the background; uniform if None.
    weights : array-like of shape (n_classes,), default=None
        Proportion of each class (class 0 first), summing to 1; equal if None. Class
        counts are exact (rounded), and the classes are shuffled.
    random_state : int, RandomState, Generator or None, default=None
        Seed or random generator; an int gives the same data on every call.
    return_positions : bool, default=False
        Whether to also return the start of each planted motif.

    Returns
    -------
    sequences : ndarray of str, shape (n_samples,)
        The sequences, a fixed-width unicode array.
    y : ndarray of int, shape (n_samples,)
        Class of each sequence, from 0 (background) to ``len(motifs)``.
    positions : ndarray of int, shape (n_samples, max_motifs)
        Only if ``return_positions``: start of each planted motif, in the order given
        in ``motifs``; -1 where a sequence has no such motif. ``max_motifs`` is the
        largest number of motifs of one class.

    Examples
    --------
    >>> from skseq.datasets import make_motif_sequences
    >>> X, y = make_motif_sequences(n_samples=4, length=12, motifs=("TGCATG",),
    ...                             random_state=0)
    >>> X.shape, sorted(y.tolist())
    ((4,), [0, 0, 1, 1])
    >>> all("TGCATG" in s for s in X[y == 1])
    True

    pysster's artificial design, with the planted positions returned:

    >>> X, y, pos = make_motif_sequences(
    ...     n_samples=6, length=140, motifs=[["C" * 10, "G" * 10], ["A" * 10, "T" * 10]],
    ...     positions=[[20, 50], [80, 110]], random_state=0, return_positions=True)
    >>> pos[y == 2][0].tolist(), X[y == 2][0][80:90]
    ([80, 110], 'AAAAAAAAAA')
    """
    if not isinstance(n_samples, Integral) or isinstance(n_samples, bool) or n_samples < 1:
        raise ValueError(f"n_samples must be a positive int, got {n_samples!r}.")
    if not isinstance(length, Integral) or isinstance(length, bool) or length < 1:
        raise ValueError(f"length must be a positive int, got {length!r}.")
    symbols = _check_alphabet(alphabet)
    n_symbols = len(symbols)
    background = _check_probabilities(
        background, n_symbols, "background", f"one per symbol of {symbols!r}"
    )
    classes = _check_motifs(motifs, symbols)
    starts = _check_positions(positions, classes, length)
    n_classes = len(classes) + 1
    weights = _check_probabilities(
        weights, n_classes, "weights", f"one per class (0 to {n_classes - 1})"
    )
    rng = _check_rng(random_state)

    y = _class_labels(n_samples, weights, rng)
    codes = rng.choice(n_symbols, size=(n_samples, length), p=background).astype(np.uint8)
    max_motifs = max(len(group) for group in classes)
    planted = np.full((n_samples, max_motifs), -1, dtype=np.int64)

    for k, (group, fixed) in enumerate(zip(classes, starts), start=1):
        rows = np.flatnonzero(y == k)
        if rows.size == 0:
            continue
        widths = [len(m) for m in group]
        class_starts = _draw_starts(rows.size, length, widths, fixed, rng)
        planted[rows, : len(group)] = class_starts
        for j, motif in enumerate(group):
            content = _motif_codes(motif, symbols, rows.size, rng)
            cols = class_starts[:, j, None] + np.arange(widths[j])
            codes[rows[:, None], cols] = content

    lut = np.frombuffer(symbols.encode("ascii"), dtype=np.uint8)
    sequences = np.ascontiguousarray(lut[codes]).view(f"S{length}").ravel().astype(str)
    if return_positions:
        return sequences, y, planted
    return sequences, y


def _check_rng(random_state):
    if isinstance(random_state, np.random.Generator):
        return random_state
    return check_random_state(random_state)


def _check_alphabet(alphabet):
    if not isinstance(alphabet, str) or not alphabet:
        raise ValueError(
            f"alphabet must be 'DNA', 'RNA', 'protein' or a string of symbols, got {alphabet!r}."
        )
    named = NAMED_ALPHABETS.get(alphabet.lower())
    if named is not None:
        return named[0]  # the symbols; simulated sequences hold no wildcards
    if not alphabet.isascii() or not alphabet.isprintable() or " " in alphabet:
        raise ValueError(f"alphabet symbols must be printable ASCII characters, got {alphabet!r}.")
    if len(set(alphabet)) != len(alphabet):
        raise ValueError(f"alphabet {alphabet!r} repeats a symbol.")
    return alphabet


def _check_probabilities(p, size, name, what):
    if p is None:
        return np.full(size, 1.0 / size)
    p = np.asarray(p, dtype=float)
    if p.shape != (size,):
        raise ValueError(f"{name} must have {size} entries ({what}), got shape {p.shape}.")
    if not np.all(np.isfinite(p)) or np.any(p < 0) or not np.isclose(p.sum(), 1.0):
        raise ValueError(f"{name} must be non-negative and sum to 1, got {p.tolist()}.")
    return p / p.sum()


def _is_dataframe(obj):
    return hasattr(obj, "columns") and hasattr(obj, "to_numpy")


def _is_pwm(obj):
    return isinstance(obj, np.ndarray) or _is_dataframe(obj)


def _check_motifs(motifs, symbols):
    """Normalise ``motifs`` into a list (one per class) of lists of str or PWM arrays."""
    if isinstance(motifs, str) or (_is_pwm(motifs) and np.ndim(motifs) == 2):
        motifs = [motifs]
    elif isinstance(motifs, np.ndarray) and motifs.ndim == 1:
        motifs = motifs.tolist()
    if not isinstance(motifs, (list, tuple)) or len(motifs) == 0:
        raise ValueError(
            "motifs must be a non-empty list or tuple with one entry per positive class, "
            f"got {motifs!r}."
        )
    classes = []
    for k, entry in enumerate(motifs):
        group = list(entry) if isinstance(entry, (list, tuple)) else [entry]
        if not group:
            raise ValueError(f"motifs[{k}] (class {k + 1}) is an empty group of motifs.")
        classes.append([_check_motif(m, symbols, _where(k, j, entry)) for j, m in enumerate(group)])
    return classes


def _where(k, j, entry):
    index = f"motifs[{k}][{j}]" if isinstance(entry, (list, tuple)) else f"motifs[{k}]"
    return f"{index} (class {k + 1})"


def _check_motif(motif, symbols, where):
    """Return a motif as a str, or as a float array (width, n_symbols) for a PWM."""
    if isinstance(motif, str):
        if not motif:
            raise ValueError(f"{where} is an empty string.")
        bad = sorted(set(motif) - set(symbols))
        if bad:
            raise ValueError(
                f"{where} {motif!r} has symbols {bad} that are not in the alphabet {symbols!r}."
            )
        return motif
    if _is_dataframe(motif):
        columns = [str(c) for c in motif.columns]
        if sorted(columns) != sorted(symbols):
            raise ValueError(
                f"{where}: PWM DataFrame columns {columns} must be the alphabet's symbols "
                f"{list(symbols)}."
            )
        motif = motif[list(symbols)].to_numpy(dtype=float)
    elif isinstance(motif, np.ndarray):
        motif = np.asarray(motif, dtype=float)
    else:
        raise ValueError(
            f"{where} must be a string, a PWM (numpy array or DataFrame) or, as a class "
            f"entry, a list/tuple of those; got {type(motif).__name__}."
        )
    if motif.ndim != 2 or motif.shape[0] == 0 or motif.shape[1] != len(symbols):
        raise ValueError(
            f"{where}: a PWM must have shape (width, {len(symbols)}) for alphabet "
            f"{symbols!r}, got {motif.shape}."
        )
    if not np.all(np.isfinite(motif)) or np.any(motif < 0):
        raise ValueError(f"{where}: PWM entries must be finite and non-negative.")
    sums = motif.sum(axis=1)
    bad_rows = np.flatnonzero(~np.isclose(sums, 1.0, atol=1e-6))
    if bad_rows.size:
        r = bad_rows[0]
        raise ValueError(f"{where}: every PWM row must sum to 1; row {r} sums to {sums[r]:.6g}.")
    return motif / sums[:, None]


def _check_positions(positions, classes, length):
    """Normalise ``positions`` to one list per class of int-or-None starts."""
    if positions is None:
        positions = [None] * len(classes)
    if not isinstance(positions, (list, tuple)) or len(positions) != len(classes):
        raise ValueError(
            f"positions must be None or a list with one entry per class of motifs "
            f"({len(classes)}), got {positions!r}."
        )
    starts = []
    for k, (group, entry) in enumerate(zip(classes, positions)):
        if entry is None:
            entry = [None] * len(group)
        elif not isinstance(entry, (list, tuple)):
            entry = [entry]
        if len(entry) != len(group):
            raise ValueError(
                f"positions[{k}] (class {k + 1}) has {len(entry)} entries for {len(group)} motifs."
            )
        widths = [len(m) for m in group]
        for j, (start, width) in enumerate(zip(entry, widths)):
            if width > length:
                raise ValueError(
                    f"motif {j} of class {k + 1} has width {width}, longer than length={length}."
                )
            if start is None:
                continue
            if not isinstance(start, Integral) or isinstance(start, bool):
                raise ValueError(f"positions[{k}][{j}] must be an int or None, got {start!r}.")
            if start < 0 or start + width > length:
                raise ValueError(
                    f"positions[{k}][{j}]={start}: motif of width {width} does not fit "
                    f"in a sequence of length {length}."
                )
        fixed = sorted(
            (s, s + w, j) for j, (s, w) in enumerate(zip(entry, widths)) if s is not None
        )
        for (s1, e1, j1), (s2, _, j2) in zip(fixed, fixed[1:]):
            if s2 < e1:
                raise ValueError(
                    f"positions of class {k + 1}: motifs {j1} and {j2} overlap "
                    f"({s1}-{e1} and from {s2})."
                )
        _check_room(k, widths, entry, length)
        starts.append([None if s is None else int(s) for s in entry])
    return starts


def _check_room(k, widths, starts, length):
    """Raise if the randomly placed motifs of class ``k + 1`` cannot fit beside the rest."""
    free = [w for w, s in zip(widths, starts) if s is None]
    if not free:
        return
    gaps = _gaps([(s, w) for s, w in zip(starts, widths) if s is not None], length)
    room = sum(gaps)
    if sum(free) > room or max(free) > max(gaps, default=0):
        raise ValueError(
            f"the motifs of class {k + 1} (widths {widths}) cannot be placed without "
            f"overlap in sequences of length {length}."
        )


def _gaps(fixed, length):
    """Lengths of the free stretches around fixed motifs given as (start, width)."""
    gaps, end = [], 0
    for s, w in sorted(fixed):
        gaps.append(s - end)
        end = s + w
    gaps.append(length - end)
    return gaps


def _class_labels(n_samples, weights, rng):
    """Shuffled labels with exact class counts (largest remainders get the rounding)."""
    exact = weights * n_samples
    counts = np.floor(exact).astype(np.int64)
    extra = n_samples - counts.sum()
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:extra]] += 1
    return rng.permutation(np.repeat(np.arange(len(weights)), counts))


def _draw_starts(n, length, widths, fixed, rng, max_rounds=1000):
    """Starts (n, n_motifs) with fixed starts kept and random ones never overlapping.

    Random motifs are placed uniformly among non-overlapping arrangements in the
    sequence with the fixed motifs cut out; arrangements that would straddle a cut
    are drawn again.
    """
    starts = np.empty((n, len(widths)), dtype=np.int64)
    free = [j for j, s in enumerate(fixed) if s is None]
    pinned = sorted((s, widths[j]) for j, s in enumerate(fixed) if s is not None)
    for j, s in enumerate(fixed):
        if s is not None:
            starts[:, j] = s
    if not free:
        return starts
    free_widths = np.array([widths[j] for j in free])
    # A cut is where a fixed motif was removed, in coordinates of the shortened sequence.
    cut_at = np.array(
        [s - sum(w for _, w in pinned[:i]) for i, (s, _) in enumerate(pinned)], dtype=np.int64
    )
    cut_width = np.array([w for _, w in pinned], dtype=np.int64)
    short = length - int(cut_width.sum())
    todo = np.arange(n)
    for _ in range(max_rounds):
        s = _non_overlapping(todo.size, short, free_widths, rng)
        ends = s + free_widths
        straddles = ((s[..., None] < cut_at) & (ends[..., None] > cut_at)).any(axis=(1, 2))
        ok = ~straddles
        shift = (cut_at <= s[..., None]) @ cut_width if pinned else 0
        starts[np.ix_(todo[ok], free)] = (s + shift)[ok]
        todo = todo[straddles]
        if todo.size == 0:
            return starts
    raise ValueError(
        f"could not place motifs of widths {widths} around the fixed positions {fixed} "
        f"in sequences of length {length}; leave more room."
    )


def _non_overlapping(n, length, widths, rng):
    """Uniform random non-overlapping starts of motifs with ``widths`` in ``length``.

    Each arrangement is an order of the motifs plus the free space before each; the
    space is a uniform composition of the slack, drawn as k distinct sorted slots
    among slack + k (stars and bars).
    """
    k = len(widths)
    slack = length - widths.sum()
    keys = rng.random((n, slack + k))
    slots = np.sort(np.argpartition(keys, k - 1, axis=1)[:, :k], axis=1)
    gaps_before = slots - np.arange(k)  # non-decreasing, in 0..slack
    order = np.argsort(rng.random((n, k)), axis=1)
    ordered_widths = widths[order]
    offset = np.cumsum(ordered_widths, axis=1) - ordered_widths
    starts = np.empty((n, k), dtype=np.int64)
    np.put_along_axis(starts, order, gaps_before + offset, axis=1)
    return starts


def _motif_codes(motif, symbols, n, rng):
    """Symbol indices (n, width) of a motif: fixed for a string, sampled for a PWM."""
    if isinstance(motif, str):
        return np.array([symbols.index(c) for c in motif], dtype=np.uint8)[None, :]
    cdf = np.cumsum(motif, axis=1)
    u = rng.random((n, motif.shape[0], 1))
    return np.minimum((u >= cdf[None, :, :]).sum(axis=2), motif.shape[1] - 1)
