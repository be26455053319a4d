"""Placing a rule's elements into the simulated sequences, vectorised over examples.

An element (or a spacing pair, with its drawn distance) is a block; a block at a random
position goes where it overlaps nothing planted yet: uniform starts are drawn and redrawn
where they collide, and for the few examples still colliding the start is drawn among the
free ones exactly (a pair gets a new distance when none is free).
"""

import numpy as np

__all__ = ["min_span", "place"]

_REJECTION_TRIES = 8
_MAX_TRIES = 50


def _draw_element(element, symbols, m, rng):
    """Codes (m, max width) and widths (m,) of m draws of an element."""
    if element.kind == "kmer":
        kmers = list(element.kmers)
        p = np.array(list(element.kmers.values()), dtype=float)
        pick = rng.choice(len(kmers), size=m, p=p / p.sum())
        width = max(len(k) for k in kmers)
        table = np.zeros((len(kmers), width), dtype=np.uint8)
        for i, k in enumerate(kmers):
            table[i, : len(k)] = [symbols.index(c) for c in k]
        lengths = np.array([len(k) for k in kmers])
        return table[pick], lengths[pick]
    letters = np.array([symbols.index(c) for c in element.letters], dtype=np.uint8)
    p = element.probabilities / element.probabilities.sum(axis=1, keepdims=True)
    cdf = np.cumsum(p, axis=1)
    u = rng.random((m, len(p)))
    idx = (u[:, :, None] >= cdf[None, :, :-1]).sum(axis=2)
    return letters[idx], np.full(m, len(p))


class _Block:
    """Elements placed together: one free element, or a spacing pair with its drawn distance.

    ``parts`` holds, per element, its codes (m, max width), widths (m,) and offset in the
    block (m,); ``width`` is the block's extent.
    """

    def __init__(self, drawn, rng, lengths, offset, spacing=None):
        self.rng, self.lengths, self.offset, self.spacing = rng, lengths, offset, spacing
        if spacing is None:
            codes, widths = drawn
            self.parts = [[codes, widths, np.zeros(len(widths), dtype=np.int64)]]
            self.width = widths
            return
        (c1, w1), (c2, w2) = drawn
        if spacing.order == "random":
            swap = rng.random(len(w1)) < 0.5
            wide = max(c1.shape[1], c2.shape[1])
            c1, c2 = (np.pad(c, ((0, 0), (0, wide - c.shape[1]))) for c in (c1, c2))
            c1, c2 = np.where(swap[:, None], c2, c1), np.where(swap[:, None], c1, c2)
            w1, w2 = np.where(swap, w2, w1), np.where(swap, w1, w2)
        self.parts = [[c1, w1, np.zeros(len(w1), dtype=np.int64)], [c2, w2, None]]
        self.width = np.zeros(len(w1), dtype=np.int64)
        self.redraw(np.arange(len(w1)))

    def redraw(self, idx):
        """Draw the pair's distance again for the rows ``idx``; False for a single element."""
        if self.spacing is None:
            return False
        s, (_, w1, _), (_, w2, _) = self.spacing, *self.parts
        room = self.lengths[idx] - self.offset - w1[idx] - w2[idx]
        dist = self.rng.integers(s.min_distance, np.minimum(s.max_distance, room) + 1)
        if self.parts[1][2] is None:
            self.parts[1][2] = np.zeros(len(w1), dtype=np.int64)
        self.parts[1][2][idx] = w1[idx] + dist
        self.width[idx] = w1[idx] + dist + w2[idx]
        return True


def _blocks(grammar, rule, m, lengths, rng, symbols):
    drawn = {sid: _draw_element(grammar.elements[sid], symbols, m, rng) for sid in rule.elements}
    offset = rule.position - 1 if isinstance(rule.position, (int, np.integer)) else 0
    blocks, paired = [], set()
    for s in rule.spacing:
        pair = (drawn[s.element1], drawn[s.element2])
        blocks.append(_Block(pair, rng, lengths, offset, s))
        paired.update((s.element1, s.element2))
    blocks += [
        _Block(drawn[sid], rng, lengths, offset) for sid in rule.elements if sid not in paired
    ]
    return blocks


def _overlapping(annotation, rows, block, idx, start):
    """Whether the block's elements at ``start`` hit planted letters, for the rows ``idx``."""
    bad = np.zeros(len(idx), dtype=bool)
    for codes, widths, off in block.parts:
        cols = (start[idx] + off[idx])[:, None] + np.arange(codes.shape[1])
        inside = np.arange(codes.shape[1])[None, :] < widths[idx, None]
        cols = np.minimum(cols, annotation.shape[1] - 1)
        bad |= (annotation[rows[idx, None], cols].astype(bool) & inside).any(axis=1)
    return bad


def _free_starts(annotation, rows, block, idx, lengths):
    """(len(idx), width) mask of the starts at which the block fits without overlap."""
    ann = annotation[rows[idx]]
    width = ann.shape[1]
    cum = np.zeros((len(idx), width + 1), dtype=np.int32)
    np.cumsum(ann, axis=1, out=cum[:, 1:])
    s = np.arange(width)[None, :]
    ok = s + block.width[idx, None] <= lengths[idx, None]
    for _, widths, off in block.parts:
        a = np.minimum(s + off[idx, None], width)
        b = np.minimum(a + widths[idx, None], width)
        ok &= np.take_along_axis(cum, b, 1) == np.take_along_axis(cum, a, 1)
    return ok


def _random_starts(block, annotation, rows, L, rng, where):
    """Uniform starts among those where the block overlaps nothing planted yet."""
    m = len(rows)
    start = rng.integers(0, L - block.width + 1)
    todo = np.arange(m)
    for _ in range(_REJECTION_TRIES):  # cheap: most draws fit at once
        bad = _overlapping(annotation, rows, block, todo, start)
        todo = todo[bad]
        if not todo.size:
            return start
        start[todo] = rng.integers(0, L[todo] - block.width[todo] + 1)
    for _ in range(_MAX_TRIES):  # exact: pick among the free starts; else a new distance
        free = _free_starts(annotation, rows, block, todo, L)
        keys = np.where(free, rng.random(free.shape), -1.0)
        fits = free.any(axis=1)
        start[todo[fits]] = keys[fits].argmax(axis=1)
        todo = todo[~fits]
        if not todo.size:
            return start
        if not block.redraw(todo):
            break
    raise ValueError(
        f"{where}: no room to place its elements without overlapping elements already "
        f"planted, in {len(todo)} sequences; the sequences are too short for the elements "
        f"of this example"
    )


def place(task, grammar, codes, annotation, lengths, rng, symbols):
    condition, i, rule, rows = task
    m = len(rows)
    if m == 0:
        return
    L = lengths[rows]
    where = f"grammar {grammar.id!r}: condition {condition.id!r}, rule {i + 1}"
    for block in _blocks(grammar, rule, m, L, rng, symbols):
        pos, bw = rule.position, block.width
        if pos == "random":
            start = _random_starts(block, annotation, rows, L, rng, where)
        elif pos == "start":
            start = np.zeros(m, dtype=np.int64)
        elif pos == "end":
            start = L - bw
        elif pos == "center":
            start = (L / 2 - bw / 2).astype(np.int64)
        else:
            start = np.full(m, int(pos) - 1)
        for c, w, off in block.parts:
            width = c.shape[1]
            cols = (start + off)[:, None] + np.arange(width)
            keep = np.arange(width)[None, :] < w[:, None]
            r = np.broadcast_to(rows[:, None], cols.shape)
            codes[r[keep], cols[keep]] = c[keep]
            annotation[r[keep], cols[keep]] = 1


def min_span(grammar, rule):
    """The widest block of the rule at its smallest distances."""
    spans = [grammar.elements[sid].max_length for sid in rule.elements]
    for sc in rule.spacing:
        spans.append(
            grammar.elements[sc.element1].max_length
            + grammar.elements[sc.element2].max_length
            + sc.min_distance
        )
    return max(spans)
