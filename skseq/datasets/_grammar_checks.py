"""seqgra's vocabulary, and its semantic checks of a grammar (errors name the rule at fault).

The vocabulary: the tasks, sequence spaces, named positions, sets and post-processing
operations a grammar may name. The checks: unknown or unused elements, positions and
distances that cannot fit the shortest sequence, fixed elements that overlap, mutually
exclusive probabilities over 1, missing backgrounds. :meth:`Grammar.check
<skseq.datasets.Grammar.check>` runs them; they read a grammar's attributes only, so this
module does not import the grammar's classes.
"""

import numpy as np

from .._alphabets import DNA, PROTEIN, RNA

__all__ = ["check_grammar", "check_sums_to_one"]

SEQUENCE_SPACES = {"dna": ("DNA", DNA), "rna": ("RNA", RNA), "protein": ("protein", PROTEIN)}
TASKS = ("multi-class classification", "multi-label classification")
NAMED_POSITIONS = ("random", "start", "center", "end")
SETS = ("training", "validation", "test")
SHUFFLE = "kmer-frequency-preserving-shuffle"
#: How far from 1 the probabilities of a distribution in a grammar file may sum: files round
#: them (seqgra's own to 7 decimals, HOMER matrices to 3), so a row may be off by ~1e-3.
SUM_TOLERANCE = 1e-2


def check_sums_to_one(values, what):
    """Raise ValueError naming ``what`` and the sum unless ``values`` sum to 1 (or nearly).

    A :class:`~skseq.datasets.Grammar` built in Python holds weights (normalised when
    sampled); a seqgra file holds probabilities, and :func:`~skseq.datasets.load_grammar`
    checks each distribution with this.

    Examples
    --------
    >>> from skseq.datasets._grammar_checks import check_sums_to_one
    >>> check_sums_to_one([0.25, 0.25, 0.25, 0.251], "row 1")
    >>> check_sums_to_one([0.85, 0.3, 0.3, 0.2], "row 2")
    Traceback (most recent call last):
    ...
    ValueError: row 2: probabilities sum to 1.65, not 1 (tolerance 0.01)
    """
    total = float(np.sum(np.asarray(values, dtype=float)))
    if not abs(total - 1) <= SUM_TOLERANCE:  # written so that NaN fails too
        raise ValueError(
            f"{what}: probabilities sum to {total:.6g}, not 1 (tolerance {SUM_TOLERANCE:g})"
        )


def _check_probabilities(values, what):
    p = np.asarray(values, dtype=float)
    if p.ndim < 1 or p.size == 0 or not np.all(np.isfinite(p)) or np.any(p < 0):
        raise ValueError(f"{what}: probabilities must be finite and >= 0; got {values!r}")
    sums = p.sum(axis=-1)
    if np.any(sums <= 0):
        raise ValueError(f"{what}: probabilities sum to 0")
    return p / sums[..., None] if p.ndim > 1 else p / sums


def _rule_name(condition, i):
    return f"condition {condition.id!r}, rule {i + 1}"


def check_grammar(g):
    """Raise ValueError naming the grammar, condition and rule at fault."""
    where = f"grammar {g.id!r}"
    if g.task not in TASKS:
        raise ValueError(f"{where}: task must be one of {TASKS}; got {g.task!r}")
    if g.sequence_space.lower() not in SEQUENCE_SPACES:
        raise ValueError(
            f"{where}: sequence space must be DNA, RNA or protein; got {g.sequence_space!r}"
        )
    symbols = g.symbols
    bg = g.background
    if not (1 <= bg.min_length <= bg.max_length):
        raise ValueError(
            f"{where}: background lengths must satisfy 1 <= min_length <= max_length; "
            f"got {bg.min_length} and {bg.max_length}"
        )
    ids = g.condition_ids
    if len(set(ids)) != len(ids):
        raise ValueError(f"{where}: condition ids are not unique: {ids}")
    if set(g.sets) != set(SETS):
        raise ValueError(f"{where}: sets must be exactly {SETS}; got {sorted(g.sets)}")
    for dist in bg.distributions:
        label = f"{where}: alphabet distribution (condition={dist.condition}, set={dist.set_name})"
        bad = set(dist.letters) - set(symbols)
        if bad:
            raise ValueError(f"{label}: letters {sorted(bad)} are not in {g.sequence_space}")
        _check_probabilities(list(dist.letters.values()), label)
        if dist.condition is not None and dist.condition not in ids:
            raise ValueError(f"{label}: no condition {dist.condition!r}")
        if dist.set_name is not None and dist.set_name not in SETS:
            raise ValueError(f"{label}: no set {dist.set_name!r}")
    for sid, element in g.elements.items():
        _check_element(sid, element, symbols, bg.min_length, where)
    used = set()
    for condition in g.conditions:
        if condition.mode not in ("sequential", "mutually exclusive"):
            raise ValueError(
                f"{where}: condition {condition.id!r}: mode must be 'sequential' or "
                f"'mutually exclusive'; got {condition.mode!r}"
            )
        if not condition.rules:
            raise ValueError(f"{where}: condition {condition.id!r} has no rules")
        for i, rule in enumerate(condition.rules):
            used.update(_check_rule(g, condition, i, rule))
        if condition.mode == "mutually exclusive":
            total = sum(r.probability for r in condition.rules)
            if total > 1 + 1e-9:
                raise ValueError(
                    f"{where}: condition {condition.id!r} is mutually exclusive but its rule "
                    f"probabilities sum to {total:g} > 1"
                )
        _check_fixed_overlaps(g, [condition], f"{where}: condition {condition.id!r}")
    unused = sorted(set(g.elements) - used)
    if unused:
        raise ValueError(f"{where}: sequence elements {unused} are not used by any rule")
    for set_name, examples in g.sets.items():
        if not examples:
            raise ValueError(f"{where}: set {set_name!r} has no examples")
        for ex in examples:
            missing = [c for c in ex.conditions if c not in ids]
            if missing:
                raise ValueError(
                    f"{where}: set {set_name!r} refers to unknown conditions {missing}"
                )
            if int(ex.samples) < 1:
                raise ValueError(f"{where}: set {set_name!r}: samples must be >= 1")
            if not g.multilabel and len(ex.conditions) != 1:
                raise ValueError(
                    f"{where}: set {set_name!r}: a multi-class example has exactly one "
                    f"condition; got {list(ex.conditions)}"
                )
            if len(ex.conditions) > 1:
                _check_fixed_overlaps(
                    g, [g.condition(c) for c in ex.conditions], f"{where}: example {ex.conditions}"
                )
            _check_background_for(g, set_name, ex, where)
    for op in g.postprocessing:
        if op.name != SHUFFLE:
            raise ValueError(f"{where}: unknown post-processing operation {op.name!r}")
        k = int(op.parameters.get("k", 1))
        if k < 1:
            raise ValueError(f"{where}: {SHUFFLE}: k must be >= 1; got {k}")
        labels = [c for c in op.labels.split("|") if c]
        if any(c not in ids for c in labels):
            raise ValueError(f"{where}: {SHUFFLE}: labels {op.labels!r} name unknown conditions")
        if not g.multilabel and len(labels) != 1:
            raise ValueError(
                f"{where}: {SHUFFLE}: in a multi-class task labels must be one condition id; "
                f"got {op.labels!r}"
            )


def _check_element(sid, element, symbols, min_length, where):
    label = f"{where}: sequence element {sid!r}"
    kind = getattr(element, "kind", None)
    if kind == "matrix":
        bad = set(element.letters) - set(symbols)
        if bad:
            raise ValueError(f"{label}: letters {sorted(bad)} are not in the sequence space")
        p = element.probabilities
        if p.ndim != 2 or p.shape[1] != len(element.letters) or len(p) == 0:
            raise ValueError(f"{label}: matrix must be (width, {len(element.letters)})")
        _check_probabilities(p, label)
    elif kind == "kmer":
        if not element.kmers:
            raise ValueError(f"{label}: no k-mers")
        for kmer in element.kmers:
            bad = set(kmer) - set(symbols)
            if not kmer or bad:
                raise ValueError(f"{label}: k-mer {kmer!r} has letters outside the sequence space")
        _check_probabilities(list(element.kmers.values()), label)
    else:
        raise TypeError(f"{label}: must be a MatrixElement or KmerElement; got {element!r}")
    if element.max_length > min_length:
        raise ValueError(
            f"{label}: length {element.max_length} exceeds the minimum sequence length {min_length}"
        )


def _span(g, rule):
    """Longest stretch the rule occupies: its elements placed one after the other or in pairs."""
    lengths = {sid: g.elements[sid].max_length for sid in rule.elements}
    return lengths, sum(lengths.values()) + sum(s.min_distance for s in rule.spacing)


def _check_rule(g, condition, i, rule):
    where = f"grammar {g.id!r}: {_rule_name(condition, i)}"
    if not rule.elements:
        raise ValueError(f"{where}: no sequence elements")
    missing = [sid for sid in rule.elements if sid not in g.elements]
    if missing:
        raise ValueError(f"{where}: sequence elements {missing} are not defined")
    if not (0 < rule.probability <= 1):
        raise ValueError(f"{where}: probability must be in (0, 1]; got {rule.probability}")
    pos = rule.position
    if not (pos in NAMED_POSITIONS or (isinstance(pos, (int, np.integer)) and pos >= 1)):
        raise ValueError(f"{where}: position must be random, start, center, end or an int >= 1")
    lengths, _ = _span(g, rule)
    min_len = g.background.min_length
    seen = set()
    for j, s in enumerate(rule.spacing):
        label = f"{where}, spacing constraint {j + 1}"
        for sid in (s.element1, s.element2):
            if sid not in rule.elements:
                raise ValueError(f"{label}: element {sid!r} is not one of the rule's elements")
            if sid in seen:
                raise ValueError(f"{label}: element {sid!r} is in more than one constraint")
            seen.add(sid)
        if s.element1 == s.element2:
            raise ValueError(f"{label}: the two elements must differ")
        if not (0 <= s.min_distance <= s.max_distance):
            raise ValueError(f"{label}: need 0 <= min_distance <= max_distance")
        if s.order not in ("in-order", "random"):
            raise ValueError(f"{label}: order must be 'in-order' or 'random'; got {s.order!r}")
        offset = 0 if not isinstance(pos, (int, np.integer)) else int(pos) - 1
        need = lengths[s.element1] + lengths[s.element2] + s.min_distance + offset
        if need > min_len:
            raise ValueError(
                f"{label}: the two elements at distance {s.min_distance} need {need} positions "
                f"but the shortest sequence has {min_len}"
            )
    if isinstance(pos, (int, np.integer)):
        longest = max(lengths.values())
        if int(pos) - 1 + longest > min_len:
            raise ValueError(
                f"{where}: position {pos} plus element length {longest} exceeds the minimum "
                f"sequence length {min_len}"
            )
    if pos != "random":
        free = [sid for sid in rule.elements if sid not in seen]
        if len(free) + len(rule.spacing) > 1:
            raise ValueError(
                f"{where}: at position {pos!r} its elements (or element pairs) would overlap"
            )
    return set(rule.elements)


def _fixed_interval(g, rule):
    """(start, stop) of a rule at an integer position, or None."""
    if not isinstance(rule.position, (int, np.integer)):
        return None
    lengths, span = _span(g, rule)
    if rule.spacing:
        span = (
            span
            - sum(s.min_distance for s in rule.spacing)
            + max(s.max_distance for s in rule.spacing)
        )
    start = int(rule.position) - 1
    return start, start + span


def _check_fixed_overlaps(g, conditions, where):
    spans = []
    for condition in conditions:
        for i, rule in enumerate(condition.rules):
            if condition.mode == "mutually exclusive" and len(condition.rules) > 1:
                continue
            iv = _fixed_interval(g, rule)
            if iv is not None:
                spans.append((iv, _rule_name(condition, i)))
    spans.sort()
    for (a, name_a), (b, name_b) in zip(spans, spans[1:]):
        if b[0] < a[1]:
            raise ValueError(
                f"{where}: fixed elements overlap: {name_a} at {a[0] + 1}-{a[1]} and "
                f"{name_b} at {b[0] + 1}-{b[1]}"
            )


def _check_background_for(g, set_name, example, where):
    dists = g.background.distributions
    if not dists:
        raise ValueError(f"{where}: the background has no alphabet distribution")
    if not example.conditions:
        return  # seqgra falls back to any distribution
    for cid in example.conditions:
        if not any(d.set_name in (None, set_name) and d.condition in (None, cid) for d in dists):
            raise ValueError(
                f"{where}: no alphabet distribution for set {set_name!r} and condition {cid!r}"
            )
