"""The k-mer tokenizer's core: its fixed vocabulary, sequences -> tokens and tokens -> sequences.

Token 0 is padding, token 1 "unknown", and the k-mer with symbol codes ``c_0 .. c_{k-1}``
is token ``2 + sum(c_i * n_symbols ** (k - 1 - i))``. Sequences are read chunk by chunk
(a few MB of temporaries whatever the input size) as arrays of Unicode code points,
translated with one ``np.take`` through the alphabet's lookup table
(:meth:`skseq._alphabets.Alphabet.lookup_table`), combined into tokens column by column and
padded or trimmed (:mod:`skseq.utils._padding`) into the output.
"""

from itertools import product

import numpy as np

from skseq._alphabets import UNKNOWN
from skseq.utils._padding import pad_or_trim

from ._symbol_policy import unknown_symbol_error

__all__ = [
    "N_SPECIAL",
    "PAD",
    "UNK",
    "count_tokens",
    "decode_tokens",
    "kmer_vocabulary",
    "tokenize_into",
]

#: Token of padding (positions past the end of a sequence).
PAD = 0
#: Token of a k-mer holding a wildcard (``N``) or, with ``handle_unknown="unknown"``, a
#: symbol outside the alphabet.
UNK = 1
#: Tokens before the first k-mer (PAD and UNK).
N_SPECIAL = 2

# Sequence positions translated per chunk: bounds the temporaries to a few MB.
_CHUNK_POSITIONS = 1 << 20


def count_tokens(sequence_length, k, stride):
    """Tokens of a sequence of ``sequence_length`` symbols (before padding or trimming).

    Examples
    --------
    >>> from skseq.preprocessing._kmer_codes import count_tokens
    >>> count_tokens(7, 3, 2), count_tokens([2, 3, 10], 3, 2).tolist()
    (3, [0, 1, 4])
    """
    n = (np.asarray(sequence_length) - k) // stride + 1
    n = np.maximum(n, 0)
    return int(n) if n.ndim == 0 else n


def kmer_vocabulary(symbols, k):
    """The token strings: ``"<pad>"``, ``"<unk>"``, then every k-mer in token order.

    Examples
    --------
    >>> from skseq.preprocessing._kmer_codes import kmer_vocabulary
    >>> kmer_vocabulary("AB", 2).tolist()
    ['<pad>', '<unk>', 'AA', 'AB', 'BA', 'BB']
    """
    kmers = ("".join(p) for p in product(symbols, repeat=k))
    return np.asarray(["<pad>", "<unk>", *kmers], dtype=object)


def tokenize_into(seqs, lengths, out, *, alphabet, k, stride, align, handle_unknown, uppercase):
    """Write the tokens of ``seqs`` into ``out`` (zeros of shape ``(n, length)``), or only
    check every symbol (``handle_unknown="error"``) when ``out`` is None.

    ``seqs`` and ``lengths`` are what :func:`skseq.utils.check_sequences` returns.
    """
    n_symbols = len(alphabet.symbols)
    lookup = alphabet.lookup_table(uppercase=uppercase, unknown="error")
    chunk = max(1, _CHUNK_POSITIONS // max(int(lengths.max()), 1))
    for start in range(0, len(seqs), chunk):
        stop = min(start + chunk, len(seqs))
        block, block_lengths = seqs[start:stop], lengths[start:stop]
        block = block.astype(str) if block.dtype.kind == "O" else np.ascontiguousarray(block)
        width = int(block_lengths.max())
        points = block.view(np.uint32).reshape(len(block), -1)[:, :width]
        codes = np.take(lookup, points, mode="clip")
        if handle_unknown == "error":
            _raise_on_unknown(codes, points, alphabet, start)
        if out is None:
            continue
        n_tok = count_tokens(width, k, stride)
        if n_tok == 0:
            continue
        tokens = _kmer_tokens(codes, k, stride, n_tok, n_symbols)
        counts = count_tokens(block_lengths, k, stride)
        tokens[np.arange(n_tok) >= counts[:, None]] = PAD
        block_out = out[start:stop]
        pad_or_trim(
            tokens, block_out.shape[1], lengths=counts, align=align, fill=PAD, out=block_out
        )


def decode_tokens(X, *, symbols, fill, k, stride, vocabulary_size):
    """Sequences of token rows: the k-mers laid over each other at their stride.

    Padding is dropped and an unknown token becomes ``fill``.

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.preprocessing._kmer_codes import decode_tokens
    >>> X = np.array([[3, 5, 0], [1, 2, 2]])  # AB BB <pad>, <unk> AA AA
    >>> decode_tokens(X, symbols="AB", fill="N", k=2, stride=1, vocabulary_size=6)
    array(['ABB', 'NNAA'], dtype='<U4')
    """
    if stride > k:
        raise ValueError(
            f"stride={stride} > k={k} skips symbols between k-mers; they cannot be decoded"
        )
    X = np.asarray(X)
    if X.ndim != 2 or X.dtype.kind not in "iu":
        raise ValueError(f"expected a 2-D integer array of tokens, got {X.dtype} {X.shape}")
    bad = (X < 0) | (X >= vocabulary_size)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise ValueError(
            f"token {X[row, col]} in row {row} at position {col} is outside the "
            f"vocabulary of {vocabulary_size} tokens"
        )
    # padding to the end of each row, keeping the order of the other tokens
    X = np.take_along_axis(X, np.argsort(X == PAD, axis=1, kind="stable"), axis=1)
    n_symbols = len(symbols)
    chars = np.array([ord(c) for c in symbols + fill] + [0], dtype=np.uint32)
    kmer = np.clip(X.astype(np.int64) - N_SPECIAL, 0, None)
    digits = np.stack([(kmer // n_symbols ** (k - 1 - j)) % n_symbols for j in range(k)], axis=-1)
    digits[X == UNK] = n_symbols
    digits[X == PAD] = n_symbols + 1
    n, t = X.shape
    if t == 0:
        return np.zeros(n, dtype="<U1")
    tail = digits[:, 1:, k - stride :].reshape(n, -1)
    points = chars[np.concatenate([digits[:, 0], tail], axis=1)]
    width = max(int((points != 0).sum(axis=1).max()), 1)  # padding is all at the end
    points = np.ascontiguousarray(points[:, :width])
    return points.view(f"<U{width}")[:, 0]


def _kmer_tokens(codes, k, stride, n_tok, n_symbols):
    """Tokens of the k-mers starting at ``0, stride, ...`` of each row of symbol codes.

    Codes ``>= n_symbols`` (wildcards, padding, unknown symbols) make their k-mers UNK.
    """
    span = (n_tok - 1) * stride + 1
    wide = n_symbols**k + N_SPECIAL > np.iinfo(np.int32).max
    tokens = np.zeros((codes.shape[0], n_tok), dtype=np.int64 if wide else np.int32)
    bad = np.zeros(tokens.shape, dtype=bool)
    for j in range(k):
        column = codes[:, j : j + span : stride]
        tokens *= n_symbols
        tokens += column
        bad |= column >= n_symbols
    tokens += N_SPECIAL
    tokens[bad] = UNK
    return tokens


def _raise_on_unknown(codes, points, alphabet, offset):
    bad = codes == UNKNOWN
    if not bad.any():
        return
    row, position = np.unravel_index(np.argmax(bad), bad.shape)
    raise unknown_symbol_error(
        chr(points[row, position]),
        offset + row,
        position,
        alphabet,
        "use handle_unknown='unknown' to map its k-mers to the unknown token, or declare it "
        "in wildcards",
    )
