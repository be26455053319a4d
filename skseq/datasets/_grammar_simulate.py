"""Simulate labelled sequences from a :class:`~skseq.datasets.Grammar`, vectorised over examples.

seqgra builds each example with string slicing in Python; here every step (background,
condition order, rule firing, element draws, placement) is one numpy operation over all the
examples it concerns, so a whole data set costs a few passes over an ``(n, length)`` array.

Differences from seqgra, on purpose: elements never overwrite each other (a draw that would
overlap an element already planted is redrawn), so the annotation marks exactly the planted
letters and every planted element is intact; fixed-position rules are placed before random
ones in each example so they never collide; the largest distance of a pair at a fixed
position is ``length - (position - 1) - widths``.
"""

from numbers import Integral, Real

import numpy as np
from sklearn.utils import Bunch

from ..utils._shuffle import shuffle_preserving_kmers
from ._grammar_checks import SETS, SHUFFLE
from ._grammar_place import min_span, place

__all__ = ["make_grammar_sequences"]


def _rng(random_state):
    if isinstance(random_state, np.random.Generator):
        return random_state
    if isinstance(random_state, np.random.RandomState):
        return np.random.default_rng(random_state.randint(0, 2**31 - 1))
    if random_state is None or isinstance(random_state, Integral):
        return np.random.default_rng(None if random_state is None else int(random_state))
    raise ValueError(
        f"random_state must be None, an int or a numpy generator; got {random_state!r}"
    )


def _scaled_counts(grammar, sets, n_samples, scale):
    specs = [(s, ex) for s in sets for ex in grammar.sets[s]]
    counts = np.array([int(ex.samples) for _, ex in specs], dtype=float)
    if n_samples is not None and scale is not None:
        raise ValueError("give n_samples or scale, not both")
    if n_samples is not None:
        if not isinstance(n_samples, Integral) or isinstance(n_samples, bool) or n_samples < 1:
            raise ValueError(f"n_samples must be a positive int; got {n_samples!r}")
        scale = int(n_samples) / counts.sum()
    elif scale is not None:
        if not isinstance(scale, Real) or not (0 < scale <= 1):
            raise ValueError(f"scale must be a number in (0, 1]; got {scale!r}")
        scale = float(scale)
    else:
        return specs, counts.astype(int)
    target = int(round(counts.sum() * scale))
    exact = counts * scale
    out = np.floor(exact).astype(int)
    # largest remainders get the leftover examples, so proportions stay as close as possible
    order = np.argsort(-(exact - out), kind="stable")
    out[order[: target - out.sum()]] += 1
    return specs, out


def _background_index(grammar, set_name, cid):
    """seqgra's lookup: set and condition, else set, else condition, else global.

    Without a condition only condition-free distributions count (set first, then global);
    None means none fits, and seqgra then picks any distribution at random.
    """
    best = {}
    for i, d in enumerate(grammar.background.distributions):
        if d.set_name not in (None, set_name) or d.condition not in (None, cid):
            continue
        rank = 2 * (d.set_name is None) + (d.condition is None)
        best.setdefault(rank, i)
    return best[min(best)] if best else None


def _rule_tasks(grammar, condition, rows, rng):
    """(condition, rule index, rule, rows it fires in), in the order seqgra applies them."""
    if condition.mode == "mutually exclusive":
        p = np.cumsum([r.probability for r in condition.rules])
        choice = np.searchsorted(p, rng.random(len(rows)), side="right")
        return [(condition, i, r, rows[choice == i]) for i, r in enumerate(condition.rules)]
    tasks = []
    for i, rule in enumerate(condition.rules):
        fire = rng.random(len(rows)) <= rule.probability
        tasks.append((condition, i, rule, rows[fire]))
    return tasks


def _draw_background(p, shape, rng):
    """Letter codes with probabilities ``p``: one float32 uniform compared with the CDF."""
    cdf = np.cumsum(p / p.sum())[:-1].astype(np.float32)
    u = rng.random(shape, dtype=np.float32)
    out = np.zeros(shape, dtype=np.uint8)
    for c in cdf:
        out += u >= c
    return out


def _simulate(grammar, set_names, spec_of, specs, lengths, rng):
    """Codes and annotation of examples ``i`` carrying the conditions ``specs[spec_of[i]]``."""
    symbols = grammar.symbols
    n, width = len(lengths), int(lengths.max())
    cids = grammar.condition_ids
    kmax = max([len(c) for c in specs] + [1])
    # random order of each example's conditions (seqgra shuffles it per example)
    ids = np.full((len(specs), kmax), -1, dtype=np.int64)
    for i, spec in enumerate(specs):
        ids[i, : len(spec)] = [cids.index(c) for c in spec]
    n_of = np.array([len(spec) for spec in specs])[spec_of]
    keys = rng.random((n, kmax))
    keys[np.arange(kmax)[None, :] >= n_of[:, None]] = 2.0  # padding stays last
    order = np.take_along_axis(ids[spec_of], np.argsort(keys, axis=1), axis=1)
    dists = grammar.background.distributions
    dist_of = np.empty(n, dtype=int)
    for s in SETS:
        for c in range(-1, len(cids)):
            rows = np.flatnonzero((set_names == s) & (order[:, 0] == c))
            if rows.size:
                idx = _background_index(grammar, s, cids[c] if c >= 0 else None)
                dist_of[rows] = rng.integers(0, len(dists), rows.size) if idx is None else idx
    codes = np.zeros((n, width), dtype=np.uint8)
    for d in np.unique(dist_of):
        rows = np.flatnonzero(dist_of == d)
        p = np.zeros(len(symbols))
        for letter, prob in dists[d].letters.items():
            p[symbols.index(letter)] = prob
        codes[rows] = _draw_background(p, (rows.size, width), rng)
    annotation = np.zeros((n, width), dtype=np.uint8)
    tasks = []
    for j in range(kmax):
        for c, condition in enumerate(grammar.conditions):
            rows = np.flatnonzero(order[:, j] == c)
            if rows.size:
                tasks += _rule_tasks(grammar, condition, rows, rng)

    # fixed positions first, so random draws avoid them; then the widest rules, which need
    # the most room
    def placement_order(task):
        rule = task[2]
        return rule.position == "random", -min_span(grammar, rule)

    for task in sorted(tasks, key=placement_order):
        place(task, grammar, codes, annotation, lengths, rng, symbols)
    annotation[np.arange(width)[None, :] >= lengths[:, None]] = 0
    return codes, annotation


def _to_strings(codes, lengths, symbols):
    lut = np.frombuffer(symbols.encode("ascii"), dtype=np.uint8)
    chars = lut[codes]
    chars[np.arange(codes.shape[1])[None, :] >= lengths[:, None]] = 0
    return np.ascontiguousarray(chars).view(f"S{codes.shape[1]}").ravel().astype(str)


def make_grammar_bunch(
    sequences,
    conditions,
    annotation,
    set_names,
    *,
    grammar=None,
    condition_ids=None,
    multilabel=None,
):
    """The Bunch every grammar data set comes in, simulated here or read from seqgra's files.

    ``conditions`` are seqgra's ``y`` strings (condition ids joined by ``|``). Without a
    grammar, ``condition_ids`` and ``multilabel`` say what they would.
    """
    if grammar is not None:
        condition_ids, multilabel = grammar.condition_ids, grammar.multilabel
        labels = [c.label for c in grammar.conditions]
    else:
        labels = list(condition_ids)
    index = {c: i for i, c in enumerate(condition_ids)}
    conditions = np.asarray(conditions).astype(str)
    # a few distinct label strings: parse each once
    unique, inverse = np.unique(conditions, return_inverse=True)
    split = [[c for c in y.split("|") if c] for y in unique.tolist()]
    for y, cs in zip(unique.tolist(), split):
        unknown = [c for c in cs if c not in index]
        if unknown or (not multilabel and len(cs) != 1):
            raise ValueError(
                f"label {y!r} does not name {'conditions' if multilabel else 'one condition'} "
                f"among {list(condition_ids)}"
            )
    if multilabel:
        table = np.zeros((len(unique), len(condition_ids)), dtype=np.uint8)
        for r, cs in enumerate(split):
            table[r, [index[c] for c in cs]] = 1
        target = table[inverse]
    else:
        target = np.array([index[cs[0]] for cs in split], dtype=np.int64)[inverse]
    sequences = np.asarray(sequences)
    name = grammar.id if grammar is not None else "unknown grammar"
    return Bunch(
        sequences=sequences,
        target=target,
        target_names=np.array(condition_ids),
        target_labels=np.array(labels),
        annotation=annotation,
        set=np.asarray(set_names),
        conditions=conditions,
        lengths=np.char.str_len(sequences.astype(str)).astype(np.int64),
        grammar=grammar,
        DESCR=f"Sequences with planted grammar elements ({name}).",
    )


def make_grammar_sequences(
    grammar, n_samples=None, *, scale=None, sets=SETS, shuffle=True, random_state=None
):
    """Simulate labelled sequences, with their ground truth, from a grammar.

    Parameters
    ----------
    grammar : Grammar or str or path-like
        A grammar, or a seqgra XML file read with :func:`load_grammar`.
    n_samples : int, default=None
        Total number of examples over ``sets`` (before post-processing), split in the
        proportions of the definition. None takes the definition's sizes.
    scale : float in (0, 1], default=None
        Alternatively, the fraction of the definition's sizes.
    sets : sequence of {"training", "validation", "test"}, default=all three
    shuffle : bool, default=True
        Shuffle the examples within each set (as seqgra does); sets stay in order.
    random_state : int, Generator, RandomState or None, default=None
        The same ``random_state`` gives the same data.

    Returns
    -------
    Bunch
        - ``sequences``: ndarray of str, shape (n,);
        - ``target``: int class indices, shape (n,), for multi-class tasks; an indicator
          matrix of shape (n, n_conditions) for multi-label tasks;
        - ``target_names``: condition ids (the columns of ``target``); ``target_labels``
          their ``<label>`` text;
        - ``annotation``: uint8 array, shape (n, max length), 1 where an element was planted;
        - ``set``: the set each example belongs to; ``conditions``: seqgra's ``y`` strings
          (condition ids joined by ``|``); ``lengths``; ``grammar``; ``DESCR``.

    Examples
    --------
    >>> from skseq.datasets import (AlphabetDistribution, Background, Condition, Example,
    ...                             Grammar, KmerElement, Rule, make_grammar_sequences)
    >>> g = Grammar(
    ...     background=Background(30, 30, [AlphabetDistribution(dict(A=.3, C=.2, G=.2, T=.3))]),
    ...     conditions=[Condition("c1", [Rule(["se1"], position=5)]),
    ...                 Condition("c2", [Rule(["se1"], position="end")])],
    ...     elements={"se1": KmerElement({"GGGCCC": 1.0})},
    ...     sets={s: [Example(["c1"], 3), Example(["c2"], 3)]
    ...           for s in ("training", "validation", "test")})
    >>> data = make_grammar_sequences(g, random_state=0)
    >>> data.sequences.shape, data.annotation.shape
    ((18,), (18, 30))
    >>> row = data.annotation[data.target == 0][0]
    >>> row.nonzero()[0].tolist()
    [4, 5, 6, 7, 8, 9]
    >>> all(s.endswith("GGGCCC") for s in data.sequences[data.target == 1])
    True
    """
    from ._grammar_xml import as_grammar

    grammar = as_grammar(grammar)
    sets = [sets] if isinstance(sets, str) else list(sets)
    bad = [s for s in sets if s not in SETS]
    if bad or not sets:
        raise ValueError(f"sets must be a non-empty subset of {SETS}; got {sets!r}")
    rng = _rng(random_state)
    specs, counts = _scaled_counts(grammar, sets, n_samples, scale)
    unique = list(dict.fromkeys(ex.conditions for _, ex in specs))
    set_names, spec_of = [], []
    for s in sets:
        rows = np.concatenate(
            [[unique.index(ex.conditions)] * k for (ss, ex), k in zip(specs, counts) if ss == s]
        ).astype(np.int64)
        if shuffle:
            rows = rows[rng.permutation(len(rows))]
        set_names.append(np.full(len(rows), s))
        spec_of.append(rows)
    set_names, spec_of = np.concatenate(set_names), np.concatenate(spec_of)
    if not len(set_names):
        raise ValueError("no examples to simulate: n_samples or scale is too small")
    bg = grammar.background
    n = len(set_names)
    if bg.min_length == bg.max_length:
        lengths = np.full(n, bg.min_length, dtype=np.int64)
    else:
        lengths = rng.integers(bg.min_length, bg.max_length + 1, n)
    codes, annotation = _simulate(grammar, set_names, spec_of, unique, lengths, rng)
    sequences = _to_strings(codes, lengths, grammar.symbols)
    conditions = np.array(["|".join(c) for c in unique], dtype=object)[spec_of]
    if grammar.postprocessing:
        sequences, conditions, annotation, set_names = _postprocess(
            grammar, sequences, conditions, annotation, set_names, rng
        )
    return make_grammar_bunch(sequences, conditions, annotation, set_names, grammar=grammar)


def _postprocess(grammar, sequences, conditions, annotation, set_names, rng):
    """Add shuffled copies of each set (seqgra's k-mer-frequency-preserving shuffle)."""
    parts = []
    for s in dict.fromkeys(set_names):
        rows = np.flatnonzero(set_names == s)
        parts.append((sequences[rows], conditions[rows], annotation[rows], set_names[rows]))
        for op in grammar.postprocessing:
            assert op.name == SHUFFLE
            k = int(op.parameters.get("k", 1))
            shuffled = shuffle_preserving_kmers(sequences[rows], k=k, random_state=rng)
            labels = np.full(rows.size, op.labels, dtype=object)
            parts.append(
                (np.asarray(shuffled), labels, np.zeros_like(annotation[rows]), set_names[rows])
            )
    return tuple(np.concatenate([p[i] for p in parts]) for i in range(4))
