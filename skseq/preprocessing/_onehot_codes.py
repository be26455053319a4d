"""The one-hot encoder's core: sequences -> lookup codes -> rows of a tiny table, and back.

Sequences are read chunk by chunk (a few MB of temporaries whatever the input size) as arrays
of Unicode code points, translated with one ``np.take`` through the alphabet's lookup table
(:meth:`skseq._alphabets.Alphabet.lookup_table`), checked, padded or trimmed
(:mod:`skseq.utils._padding`) and gathered from a ``(n_symbols + 2, n_symbols)`` table of
output rows straight into the output. :func:`decode_rows` turns such rows back into strings.
"""

import numpy as np

from skseq._alphabets import UNKNOWN
from skseq.utils._padding import pad_or_trim, pad_or_trim_flat

from ._symbol_policy import unknown_symbol_error

# Positions (sequences x columns) translated per chunk: bounds the temporaries (converted
# strings, lookup codes, alignment buffers) to a few MB whatever the input size.
_CHUNK_POSITIONS = 1 << 19


def encode_into(
    seqs,
    lengths,
    out,
    *,
    alphabet,
    dtype,
    length,
    align,
    handle_unknown,
    wildcard_encoding,
    uppercase,
    caller,
):
    """Write the one-hot encoding of ``seqs`` into ``out`` (zeros of shape ``(n, length,
    n_symbols)``), or only check every symbol when ``out`` is None.

    ``seqs`` and ``lengths`` are what :func:`skseq.utils.check_sequences` returns.
    """
    n_symbols = len(alphabet.symbols)
    lookup = alphabet.lookup_table(
        uppercase=uppercase,
        unknown=handle_unknown,
        wildcard=wildcard_encoding,
    )
    rows = np.zeros((n_symbols + 2, n_symbols), dtype=dtype)
    rows[np.arange(n_symbols), np.arange(n_symbols)] = 1
    if dtype.kind == "f":
        rows[alphabet.uniform] = 1 / n_symbols

    L = length
    check = (handle_unknown, alphabet, caller)
    chunk = max(1, _CHUNK_POSITIONS // max(L, 1))
    for start in range(0, len(seqs), chunk):
        stop = min(start + chunk, len(seqs))
        block, block_lengths = seqs[start:stop], lengths[start:stop]
        # a very ragged object array is read back to back, without a fixed-width copy
        # as wide as its longest sequence (one 1 Mb record among short ones)
        if block.dtype.kind == "O" and int(block_lengths.max()) * len(block) > max(
            2 * int(block_lengths.sum()), _CHUNK_POSITIONS
        ):
            codes = _codes_of_strings(block, block_lengths, lookup, start, *check)
            if out is None:
                continue
            codes = pad_or_trim_flat(codes, block_lengths, L, align=align, fill=alphabet.zero)
        else:
            codes = _codes_of_array(block, block_lengths, lookup, start, *check)
            if out is None:
                continue
            if align == "left" or np.all(block_lengths == L):
                codes = codes[:, :L]  # ``out`` is zeros past a short block's width
            else:
                codes = pad_or_trim(
                    codes, L, lengths=block_lengths, align=align, fill=alphabet.zero
                )
        # rows of the tiny table gathered straight into the output: no one-hot temporary
        np.take(rows, codes, axis=0, out=out[start:stop, : codes.shape[1]], mode="clip")


def decode_rows(X, *, symbols, fill, align):
    """Sequences of one-hot rows ``X`` of shape ``(n, length, len(symbols))``.

    Each position becomes the symbol of its largest channel; an all-zero or uniform row
    becomes ``fill``, except all-zero rows where ``align`` puts the padding, which are dropped.

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.preprocessing._onehot_codes import decode_rows
    >>> X = np.array([[[0, 1], [0, 0], [1, 0], [0, 0]]])
    >>> decode_rows(X, symbols="AB", fill="N", align="left")
    array(['BNA'], dtype='<U4')
    """
    n_symbols, length = len(symbols), X.shape[1]
    best = X.argmax(axis=2)
    top = np.take_along_axis(X, best[..., None], axis=2)[..., 0]
    undecided = (top == 0) | (X.min(axis=2) == top) if n_symbols > 1 else top == 0
    chars = np.array([ord(s) for s in symbols + fill], dtype=np.uint32)
    points = chars[np.where(undecided, n_symbols, best)]

    empty = top == 0
    padding = np.zeros_like(empty)
    if align in ("left", "center"):
        padding |= np.logical_and.accumulate(empty[:, ::-1], axis=1)[:, ::-1]
    if align in ("right", "center"):
        padding |= np.logical_and.accumulate(empty, axis=1)
    points[padding] = 0
    if align != "left":
        # move leading padding to the end, where numpy's fixed-width strings drop it
        lead = padding.argmin(axis=1) * ~padding.all(axis=1)
        index = (lead[:, None] + np.arange(length)) % length
        points = np.take_along_axis(points, index, axis=1)
    points = np.ascontiguousarray(points)
    return points.view(f"<U{length}")[:, 0]


def _codes_of_strings(block, lengths, lookup, offset, handle_unknown, alphabet, caller):
    """Lookup codes of an object array of str, all sequences back to back (no padding)."""
    # one C-level join and encode: no fixed-width copy as wide as the longest sequence
    text = "".join(block).encode("utf-32-le", errors="surrogatepass")
    points = np.frombuffer(text, dtype=np.uint32)
    table = lookup.copy()
    table[0] = table[-1]  # no padding here, so a NUL is a character like any other
    codes = np.take(table, points, mode="clip")
    if handle_unknown == "error":
        bad = np.flatnonzero(codes == UNKNOWN)
        if bad.size:
            ends = np.cumsum(lengths)
            row = int(np.searchsorted(ends, bad[0], side="right"))
            position = int(bad[0] - (ends[row] - lengths[row]))
            _raise_unknown(chr(points[bad[0]]), offset + row, position, alphabet, caller)
    return codes


def _codes_of_array(block, lengths, lookup, offset, handle_unknown, alphabet, caller):
    """Lookup codes of a ``<U`` or object array, left-aligned, padded with the zero code."""
    # object arrays become <U; strided views (X[::2]) become contiguous
    block = block.astype(str) if block.dtype.kind == "O" else np.ascontiguousarray(block)
    width = int(lengths.max())
    # a <U array is a uint32 array of code points, padded with 0 (which maps to ZERO)
    points = block.view(np.uint32).reshape(len(block), -1)[:, :width]
    codes = np.take(lookup, points, mode="clip")
    is_zero = codes == alphabet.zero if handle_unknown != "zeros" else None
    if is_zero is not None and is_zero.any():
        # a NUL inside a sequence looks like padding (numpy drops trailing NULs of str it
        # converts): rows whose first all-zero code lies inside the sequence are checked
        first = is_zero.argmax(axis=1)
        maybe = is_zero[np.arange(len(codes)), first] & (first < lengths)
        nul_rows = np.flatnonzero(maybe)
        nul_rows = nul_rows[np.count_nonzero(points[nul_rows], axis=1) < lengths[nul_rows]]
        if nul_rows.size:
            inside = np.arange(width) < lengths[nul_rows, None]
            nul = (points[nul_rows] == 0) & inside
            if handle_unknown == "error":
                i, position = np.argwhere(nul)[0]
                _raise_unknown("\x00", offset + int(nul_rows[i]), int(position), alphabet, caller)
            sub = codes[nul_rows]
            sub[nul] = alphabet.uniform
            codes[nul_rows] = sub
    if handle_unknown == "error":
        bad = codes == UNKNOWN
        if bad.any():
            row, position = np.unravel_index(np.argmax(bad), bad.shape)
            symbol = chr(points[row, position])
            _raise_unknown(symbol, offset + int(row), int(position), alphabet, caller)
    return codes


def _raise_unknown(symbol, index, position, alphabet, caller):
    remedy = "use handle_unknown='zeros' or 'uniform' to encode it, or declare it in wildcards"
    raise unknown_symbol_error(symbol, index, position, alphabet, remedy, caller=caller)
