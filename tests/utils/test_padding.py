"""pad_or_trim: the one pad/trim of every encoder, checked against a plain per-sequence loop."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skseq.utils._padding import pad_or_trim, pad_or_trim_flat, window_bounds


def reference(seqs, length, align, fill):
    """One sequence at a time, the obvious way."""
    out = []
    for s in seqs:
        s = list(s)
        while len(s) > length:  # trim: left keeps the start, right the end, center the middle
            if align == "left":
                s.pop()
            elif align == "right":
                s.pop(0)
            else:
                extra = len(s) - length
                s = s[extra // 2 : extra // 2 + length]
        pad = length - len(s)
        before = {"left": 0, "right": pad, "center": pad // 2}[align]
        out.append([fill] * before + s + [fill] * (pad - before))
    return np.array(out)


@settings(max_examples=200, deadline=None)
@given(
    lengths=st.lists(st.integers(1, 12), min_size=1, max_size=6),
    length=st.integers(1, 10),
    align=st.sampled_from(["left", "right", "center"]),
)
def test_every_layout_matches_a_plain_loop(lengths, length, align):
    rng = np.random.default_rng(len(lengths))
    seqs = [rng.integers(1, 9, n) for n in lengths]
    expected = reference(seqs, length, align, fill=0)
    np.testing.assert_array_equal(pad_or_trim(seqs, length, align=align), expected)
    flat = np.concatenate(seqs)
    np.testing.assert_array_equal(pad_or_trim_flat(flat, lengths, length, align=align), expected)
    rows = np.zeros((len(seqs), max(lengths)), dtype=int)  # left-aligned rows, fill after
    for i, s in enumerate(seqs):
        rows[i, : len(s)] = s
    got = pad_or_trim(rows, length, lengths=lengths, align=align)
    np.testing.assert_array_equal(got, expected)


def test_trailing_axes_and_fill_and_out():
    seqs = [np.ones((2, 3)), np.full((5, 3), 2.0)]
    out = np.full((2, 4, 3), 9.0)
    got = pad_or_trim(seqs, 4, align="center", fill=-1, out=out)
    assert got is out
    np.testing.assert_array_equal(got[0, :, 0], [-1, 1, 1, -1])
    np.testing.assert_array_equal(got[1, :, 0], [2, 2, 2, 2])


def test_window_bounds_center_puts_the_extra_position_at_the_end():
    assert window_bounds(3, 6, "center") == (0, 1, 3)  # pad 1 before, 2 after
    assert window_bounds(7, 4, "center") == (1, 0, 4)  # trim 1 before, 2 after
    with pytest.raises(ValueError, match="align must be one of"):
        window_bounds(3, 4, "middle")


def test_flat_lengths_must_add_up():
    with pytest.raises(ValueError, match="values hold 3 positions but lengths add up to 4"):
        pad_or_trim_flat(np.arange(3), [2, 2], 3)
