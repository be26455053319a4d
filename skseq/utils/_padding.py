"""Pad or trim per-position values to one length: the one implementation every encoder uses.

A sequence of ``n`` positions placed in a window of ``length`` positions is trimmed when it
is longer and padded when it is shorter; ``align`` says where it sits:

- ``"left"``: its start at position 0 (pad or trim at the end),
- ``"right"``: its end at the last position (pad or trim at the start),
- ``"center"``: its middle in the middle (pad or trim at both ends, the extra position at the
  end).
"""

import numpy as np

__all__ = ["ALIGNMENTS", "pad_or_trim", "pad_or_trim_flat", "padding_mask", "window_bounds"]

ALIGNMENTS = ("left", "right", "center")


def window_bounds(lengths, length, align="left"):
    """Where each sequence's kept part comes from and goes to.

    Parameters
    ----------
    lengths : int or array-like of int
        Lengths of the sequences.
    length : int
        Length of the window.
    align : {"left", "right", "center"}, default="left"

    Returns
    -------
    src, dst, n_kept : ndarray of int64 (or int for a scalar ``lengths``)
        Positions ``src : src + n_kept`` of a sequence go to ``dst : dst + n_kept`` of the
        window.

    Examples
    --------
    >>> from skseq.utils._padding import window_bounds
    >>> [x.tolist() for x in window_bounds([2, 7], 4, "center")]
    [[0, 1], [1, 0], [2, 4]]
    """
    if align not in ALIGNMENTS:
        raise ValueError(f"align must be one of {ALIGNMENTS}, got {align!r}")
    scalar = np.ndim(lengths) == 0
    lengths = np.asarray(lengths, dtype=np.int64)
    extra = lengths - int(length)  # > 0: trimmed, < 0: padded
    if align == "left":
        offset = np.zeros_like(extra)
    elif align == "right":
        offset = extra
    else:  # floor division puts the extra position at the end for padding and trimming
        offset = np.where(extra >= 0, extra // 2, -((-extra) // 2))
    src = np.maximum(offset, 0)
    dst = np.maximum(-offset, 0)
    n_kept = np.minimum(lengths, int(length))
    if scalar:
        return int(src), int(dst), int(n_kept)
    return src, dst, n_kept


def pad_or_trim(values, length, *, lengths=None, align="left", fill=0, out=None):
    """Place per-position values of several sequences into an array of one length.

    Parameters
    ----------
    values : list of ndarray, or ndarray of shape (n_sequences, width, ...)
        Either one array per sequence, of shape ``(n_i, ...)``, or left-aligned rows: row
        ``i`` holds sequence ``i`` in its first ``lengths[i]`` entries and ``fill`` after
        them (as numpy pads fixed-width strings with NUL).
    length : int
        Length of the output.
    lengths : array-like of int, default=None
        Lengths of the rows of an ndarray ``values`` (default: all ``width``); ignored for a
        list.
    align : {"left", "right", "center"}, default="left"
        Where a sequence sits in the output (see the module docstring).
    fill : scalar, default=0
        Value of padded positions.
    out : ndarray of shape (n_sequences, length, ...), default=None
        Written in place when given; otherwise a new array of ``values``' dtype is returned.

    Returns
    -------
    ndarray of shape (n_sequences, length, ...)

    See Also
    --------
    pad_or_trim_flat : the same for sequences concatenated back to back.

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.utils._padding import pad_or_trim
    >>> pad_or_trim([np.array([1, 2]), np.array([1, 2, 3, 4, 5])], 3, align="right")
    array([[0, 1, 2],
           [3, 4, 5]])
    >>> pad_or_trim(np.array([[1, 2, 0], [3, 4, 5]]), 4, lengths=[2, 3], align="center")
    array([[0, 1, 2, 0],
           [3, 4, 5, 0]])
    """
    if not isinstance(values, np.ndarray):
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        flat = np.concatenate(values, axis=0)
        return pad_or_trim_flat(flat, lengths, length, align=align, fill=fill, out=out)
    n, width, *tail = values.shape
    length = int(length)
    lengths = np.full(n, width, np.int64) if lengths is None else np.asarray(lengths, np.int64)
    if out is None:
        out = np.empty((n, length, *tail), dtype=values.dtype)
    if align == "left" or (lengths == length).all():
        kept = min(width, length)
        out[:, :kept] = values[:, :kept]
        out[:, kept:] = fill
        return out
    src, dst, _ = window_bounds(lengths, length, align)
    # ``length`` entries of fill on both sides keep every window inside each row
    padded = np.full((n, length + width + length, *tail), fill, dtype=values.dtype)
    padded[:, length : length + width] = values
    windows = np.lib.stride_tricks.sliding_window_view(padded, length, axis=1)
    windows = np.moveaxis(windows, -1, 2)  # (n, n_windows, length, *tail)
    out[...] = windows[np.arange(n), length + src - dst]
    return out


def pad_or_trim_flat(values, lengths, length, *, align="left", fill=0, out=None):
    """:func:`pad_or_trim` for sequences concatenated back to back along the first axis.

    No array as wide as the longest sequence is made, so one very long sequence among short
    ones costs memory for its own positions only.

    Parameters
    ----------
    values : ndarray of shape (sum(lengths), ...)
    lengths : array-like of int
    length : int
    align : {"left", "right", "center"}, default="left"
    fill : scalar, default=0
    out : ndarray of shape (len(lengths), length, ...), default=None

    Returns
    -------
    ndarray of shape (len(lengths), length, ...)

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.utils._padding import pad_or_trim_flat
    >>> pad_or_trim_flat(np.arange(1, 6), [2, 3], 4, fill=-1)
    array([[ 1,  2, -1, -1],
           [ 3,  4,  5, -1]])
    """
    values = np.asarray(values)
    lengths = np.asarray(lengths, dtype=np.int64)
    if len(values) != lengths.sum():
        raise ValueError(
            f"values hold {len(values)} positions but lengths add up to {int(lengths.sum())}"
        )
    n, length, tail = len(lengths), int(length), values.shape[1:]
    if out is None:
        out = np.empty((n, length, *tail), dtype=values.dtype)
    if (lengths == length).all():
        out[...] = values.reshape(n, length, *tail)
        return out
    src, dst, n_kept = window_bounds(lengths, length, align)
    edge = np.full((length, *tail), fill, dtype=values.dtype)
    padded = np.concatenate([edge, values, edge], axis=0)
    windows = np.lib.stride_tricks.sliding_window_view(padded, length, axis=0)
    windows = np.moveaxis(windows, -1, 1)  # (n_windows, length, *tail)
    starts = np.cumsum(lengths) - lengths
    out[...] = windows[length + starts + src - dst]
    # a window reaching past its sequence saw its neighbours: blank what is not its own
    short = np.flatnonzero(n_kept < length)
    if short.size:
        column = np.arange(length)
        outside = (column < dst[short, None]) | (column >= (dst + n_kept)[short, None])
        part = out[short]
        part[outside] = fill
        out[short] = part
    return out


def padding_mask(X, channels=None):
    """Which positions of encoded sequences are padding: all their channels are zero.

    An encoder pads a short sequence with all-zero rows, and a wildcard (``N``) encoded as
    zeros reads the same; neither is a symbol that attributions can credit.

    Parameters
    ----------
    X : ndarray of shape (n_sequences, length, channels)
    channels : array-like of int, default=None
        The channels that must all be zero (e.g. one symbol group); default all.

    Returns
    -------
    ndarray of bool, shape (n_sequences, length)

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.utils._padding import padding_mask
    >>> X = np.eye(4)[[[0, 1, 2]]]
    >>> X[0, 2] = 0
    >>> padding_mask(X).tolist()
    [[False, False, True]]
    """
    part = X if channels is None else X[..., np.asarray(channels)]
    return ~np.any(part != 0, axis=-1)
