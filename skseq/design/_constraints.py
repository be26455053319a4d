"""Which single-symbol edits a design may make: GC range, forbidden motifs, fixed positions, budget.

Sequences are integer codes (index into the alphabet) of shape ``(n, length)``; an edit is a
``(position, symbol)`` pair, so the edits of ``n`` sequences form a boolean mask of shape
``(n, length, n_symbols)``. A constraint that a sequence already breaks is never broken
further: edits that mend it (or leave it as it was) stay allowed.
"""

from numbers import Integral

import numpy as np

from skseq._complement import reverse_complement


class EditRules:
    """The constraints of one :func:`~skseq.design.design` call, checked before any work.

    Parameters
    ----------
    alphabet : str
    length : int
    n_sequences : int
    gc_range : (float, float) or None
    forbidden : iterable of str
        Motifs no edit may create; for DNA checked on both strands.
    fixed_positions : array-like of int, or of bool of shape (length,) / (n, length), or None
    edit_budget : int or None
        Most positions a design may differ from its start at.
    """

    def __init__(self, alphabet, length, n_sequences, *, gc_range, forbidden, fixed, budget):
        self.alphabet = alphabet
        self.length = length
        self.gc_range = self._check_gc(gc_range, alphabet)
        self.forbidden = self._check_forbidden(forbidden, alphabet)
        self.fixed = self._check_fixed(fixed, length, n_sequences)
        if budget is not None and (
            isinstance(budget, bool) or not isinstance(budget, Integral) or budget < 1
        ):
            raise ValueError(f"design: edit_budget must be a positive integer; got {budget!r}")
        self.budget = None if budget is None else int(budget)

    @staticmethod
    def _check_gc(gc_range, alphabet):
        if gc_range is None:
            return None
        try:
            lo, hi = (float(v) for v in gc_range)
        except (TypeError, ValueError):
            raise ValueError(
                f"design: gc_range must be two numbers (low, high); got {gc_range!r}"
            ) from None
        if not 0 <= lo <= hi <= 1:
            raise ValueError(f"design: gc_range must satisfy 0 <= low <= high <= 1; got {gc_range}")
        if not {"G", "C"} <= set(alphabet):
            raise ValueError(f"design: gc_range needs G and C in the alphabet {alphabet!r}")
        return lo, hi

    @staticmethod
    def _check_forbidden(forbidden, alphabet):
        if forbidden is None or isinstance(forbidden, str):
            forbidden = () if forbidden is None else (forbidden,)
        motifs = []
        for motif in forbidden:
            if not isinstance(motif, str) or not motif:
                raise ValueError(f"design: forbidden motifs must be strings; got {motif!r}")
            bad = sorted(set(motif.upper()) - set(alphabet))
            if bad:
                raise ValueError(
                    f"design: forbidden motif {motif!r} has {bad}, not in the alphabet {alphabet!r}"
                )
            motifs.append(motif.upper())
        if set(alphabet) == set("ACGT"):  # double-stranded: the other strand counts too
            motifs += [reverse_complement(m) for m in motifs]
        unique = sorted(set(motifs))
        return [np.array([alphabet.index(c) for c in m]) for m in unique]

    @staticmethod
    def _check_fixed(fixed, length, n):
        if fixed is None:
            return np.zeros((1, length), dtype=bool)
        arr = np.asarray(fixed)
        if arr.dtype == bool:
            if arr.shape not in ((length,), (n, length)):
                raise ValueError(
                    f"design: a boolean fixed_positions must have shape ({length},) or "
                    f"({n}, {length}); got {arr.shape}"
                )
            return np.atleast_2d(arr)
        if arr.ndim != 1 or (arr.size and arr.dtype.kind not in "iu"):
            raise ValueError(
                f"design: fixed_positions must be position indices or a boolean mask; got {fixed!r}"
            )
        bad = arr[(arr < -length) | (arr >= length)]
        if bad.size:
            raise ValueError(
                f"design: fixed position {int(bad[0])} is outside sequences of length {length}"
            )
        mask = np.zeros((1, length), dtype=bool)
        mask[0, arr] = True
        return mask

    def allowed(self, codes, start, rows):
        """Mask ``(n, length, n_symbols)`` of the edits allowed to sequences ``codes``.

        ``start`` are the start sequences' codes and ``rows`` which start each one came
        from. The observed symbol itself is not an edit.
        """
        n, length = codes.shape
        width = len(self.alphabet)
        ok = np.ones((n, length, width), dtype=bool)
        ok[np.arange(n)[:, None], np.arange(length)[None], codes] = False
        fixed = self.fixed[rows] if len(self.fixed) > 1 else self.fixed
        ok &= ~fixed[:, :, None]
        if self.budget is not None:
            differ = codes != start[rows]
            used = differ.sum(axis=1)
            # an edit at a new position costs one; at an edited position it costs nothing
            full = used >= self.budget
            ok &= ~(full[:, None, None] & ~differ[:, :, None])
        if self.gc_range is not None:
            ok &= self._gc_ok(codes)
        for motif in self.forbidden:
            ok &= self._no_new(codes, motif)
        return ok

    def _gc_ok(self, codes):
        is_gc = np.isin(np.array(list(self.alphabet)), ["G", "C"])
        count = is_gc[codes].sum(axis=1)
        after = count[:, None, None] - is_gc[codes][:, :, None] + is_gc[None, None, :]
        lo, hi = self.gc_range[0] * self.length, self.gc_range[1] * self.length
        gap = np.maximum(lo - after, 0) + np.maximum(after - hi, 0)
        before = np.maximum(lo - count, 0) + np.maximum(count - hi, 0)
        return gap <= before[:, None, None] + 1e-9

    def _no_new(self, codes, motif):
        """Edits after which ``motif`` occurs no more often than before."""
        n, length = codes.shape
        k = len(motif)
        width = len(self.alphabet)
        if k > length:
            return np.ones((n, length, width), dtype=bool)
        windows = np.lib.stride_tricks.sliding_window_view(codes, k, axis=1)
        mismatch = (windows != motif).sum(axis=2)  # (n, n_windows)
        gained = np.zeros((n, length, width), dtype=np.int32)
        lost = np.zeros((n, length), dtype=np.int32)
        for j in range(k):  # windows starting j before the edited position
            w = np.arange(length) - j
            inside = (w >= 0) & (w < mismatch.shape[1])
            p = np.flatnonzero(inside)
            mis = mismatch[:, w[inside]]
            here = codes[:, p] != motif[j]  # the edited position mismatches now
            lost[:, p] += mis == 0
            rest = mis - here  # mismatches elsewhere in the window
            gained[:, p, motif[j]] += rest == 0
        return gained <= lost[:, :, None]
