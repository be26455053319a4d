"""Overlapping k-mer tokens: sequences (strings) -> integer token arrays for language models."""

from itertools import product
from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from skseq._alphabets import UNKNOWN, resolve_alphabet
from skseq.utils import check_sequences
from skseq.utils._param_validation import Interval, StrOptions, validate_params

__all__ = ["KmerTokenizer", "PAD", "UNK"]

#: Token of padding (positions past the end of a sequence).
PAD = 0
#: Token of a k-mer holding a wildcard (``N``) or, with ``handle_unknown="unknown"``, a
#: symbol outside the alphabet.
UNK = 1
_N_SPECIAL = 2

# Sequence positions translated per chunk: bounds the temporaries to a few MB.
_CHUNK_POSITIONS = 1 << 20


class KmerTokenizer(TransformerMixin, BaseEstimator):
    """Cut sequences into overlapping k-mers and number them with a fixed vocabulary.

    A sequence of length ``L`` gives ``(L - k) // stride + 1`` tokens, the k-mers starting at
    positions ``0, stride, 2 * stride, ...``; a trailing piece shorter than ``k`` is dropped.
    The vocabulary never depends on the data: token 0 is padding, token 1 is "unknown" and
    tokens ``2 .. 2 + n_symbols ** k - 1`` are all k-mers of the alphabet in lexicographic
    order of the alphabet's symbol order (for DNA: ``AAAAA`` = 2, ``AAAAC`` = 3, ...,
    ``TTTTT``), so token ``2 + sum(code_i * n_symbols ** (k - 1 - i))`` for the symbol codes
    of the k-mer. Tokenising is vectorised numpy (well over 50 million nt per second on one
    core for a ``<U`` array; see ``benchmarks/kmers.py``).

    Parameters
    ----------
    k : int, default=5
        Length of the k-mers.
    stride : int, default=2
        Step between the starts of consecutive k-mers (``stride < k`` overlaps them).
    alphabet : str, default="DNA"
        ``"DNA"``, ``"RNA"``, ``"protein"`` or a string of symbols, as for
        :class:`~skseq.SequenceOneHotTransformer`; its order is the vocabulary's order.
    length : int, default=None
        Tokens per sequence in the output. ``None`` learns it in :meth:`fit` from the
        longest sequence.
    align : {"left", "right"}, default="left"
        Where shorter token rows are padded and longer ones trimmed: ``"left"`` keeps the
        first tokens and pads at the end, ``"right"`` keeps the last tokens and pads at the
        start (the last token is then the one next to the sequence's end, what a recurrent
        network reads last).
    handle_unknown : {"unknown", "error"}, default="unknown"
        What to do with a symbol that is neither in the alphabet nor a wildcard: give every
        k-mer that contains it the unknown token, or raise a ``ValueError`` naming the
        symbol, the sequence and the position. k-mers with a wildcard (``N`` for DNA) are
        always the unknown token.
    wildcards : str or None, default="auto"
        Symbols that stand for any symbol (``"auto"``: ``N`` for DNA and RNA, ``X`` for
        protein).
    convert_u_t : bool, default=True
        For DNA read ``U`` as ``T``; for RNA read ``T`` as ``U``.
    uppercase : bool, default=True
        Match symbols case-insensitively.
    dtype : numpy integer dtype, default=np.int32
        Type of the tokens; it must hold ``vocabulary_size_ - 1``.

    Attributes
    ----------
    alphabet_ : str
        The symbols, in vocabulary order.
    length_ : int
        Tokens per sequence in the output.
    vocabulary_size_ : int
        ``n_symbols ** k + 2``.

    See Also
    --------
    SequenceOneHotTransformer : one channel per symbol, for convolutional networks.

    Notes
    -----
    Genomic-ULMFiT numbered k-mers by their frequency in the training data and mapped an
    unseen or ``N``-holding k-mer to its padding token; here the vocabulary is fixed, so a
    fitted language model and a tokenizer made later always agree, and unknown k-mers are
    distinct from padding.

    Examples
    --------
    >>> from skseq import KmerTokenizer
    >>> tok = KmerTokenizer(k=3, stride=2)
    >>> tok.fit_transform(["ACGTACG", "AAAANA"])
    array([[ 8, 46,  8],
           [ 2,  1,  0]], dtype=int32)
    >>> tok.get_vocabulary()[[0, 1, 2, 8, 46]].tolist()
    ['<pad>', '<unk>', 'AAA', 'ACG', 'GTA']
    >>> tok.inverse_transform(tok.transform(["ACGTA"]))
    array(['ACGTA'], dtype='<U5')
    """

    _parameter_constraints = {
        "k": [Interval(Integral, 1, None, closed="left")],
        "stride": [Interval(Integral, 1, None, closed="left")],
        "alphabet": [str],
        "length": [Interval(Integral, 1, None, closed="left"), None],
        "align": [StrOptions({"left", "right"})],
        "handle_unknown": [StrOptions({"unknown", "error"})],
        "wildcards": [str, None],
        "convert_u_t": ["boolean"],
        "uppercase": ["boolean"],
        "dtype": "no_validation",  # checked in _check_params
    }

    def __init__(
        self,
        k=5,
        stride=2,
        *,
        alphabet="DNA",
        length=None,
        align="left",
        handle_unknown="unknown",
        wildcards="auto",
        convert_u_t=True,
        uppercase=True,
        dtype=np.int32,
    ):
        self.k = k
        self.stride = stride
        self.alphabet = alphabet
        self.length = length
        self.align = align
        self.handle_unknown = handle_unknown
        self.wildcards = wildcards
        self.convert_u_t = convert_u_t
        self.uppercase = uppercase
        self.dtype = dtype

    # ------------------------------------------------------------------ fitting

    def fit(self, X, y=None):
        """Learn the output length and check the symbols.

        Parameters
        ----------
        X : iterable of str
            The sequences.
        y : None
            Ignored.

        Returns
        -------
        self : KmerTokenizer
            The fitted tokenizer.
        """
        seqs, lengths = self._fit(X)
        if self.handle_unknown == "error":
            self._tokenize(seqs, lengths, out=None)
        return self

    def fit_transform(self, X, y=None):
        """Fit to the sequences and tokenise them in one pass.

        Parameters
        ----------
        X : iterable of str
            The sequences.
        y : None
            Ignored.

        Returns
        -------
        ndarray of shape (n_sequences, length_)
            The tokens.
        """
        seqs, lengths = self._fit(X)
        return self._tokenize_new(seqs, lengths)

    def _fit(self, X):
        validate_params(self)
        alphabet, _ = self._check_params()
        seqs, lengths = check_sequences(X, caller=type(self).__name__)
        self._alphabet = alphabet
        self.alphabet_ = alphabet.symbols
        self.vocabulary_size_ = len(alphabet.symbols) ** int(self.k) + _N_SPECIAL
        if self.length is None:
            self.length_ = max(1, self.n_tokens(int(lengths.max())))
        else:
            self.length_ = int(self.length)
        _, dtype = self._check_params()
        return seqs, lengths

    def _check_params(self):
        alphabet = resolve_alphabet(
            self.alphabet,
            wildcards=self.wildcards,
            convert_u_t=self.convert_u_t,
            uppercase=self.uppercase,
        )
        try:
            dtype = np.dtype(self.dtype)
        except TypeError as exc:
            raise ValueError(f"dtype={self.dtype!r} is not a numpy dtype") from exc
        if dtype.kind not in "iu":
            raise ValueError(f"dtype must be an integer dtype, got {dtype}")
        size = len(alphabet.symbols) ** int(self.k) + _N_SPECIAL
        if size - 1 > np.iinfo(dtype).max:
            raise ValueError(
                f"{len(alphabet.symbols)} symbols and k={self.k} give {size} tokens, more "
                f"than dtype={dtype} holds; use a wider dtype or a smaller k"
            )
        return alphabet, dtype

    def n_tokens(self, sequence_length):
        """Tokens of a sequence of ``sequence_length`` symbols (before padding or trimming).

        Parameters
        ----------
        sequence_length : int or ndarray of int

        Returns
        -------
        int or ndarray of int
        """
        k, s = int(self.k), int(self.stride)
        n = (np.asarray(sequence_length) - k) // s + 1
        n = np.maximum(n, 0)
        return int(n) if n.ndim == 0 else n

    # ------------------------------------------------------------------ transforming

    def transform(self, X):
        """Tokenise sequences.

        Parameters
        ----------
        X : iterable of str
            The sequences (a ``<U`` numpy array is fastest).

        Returns
        -------
        ndarray of shape (n_sequences, length_)
            The tokens, padded with 0 (see ``align``).

        Raises
        ------
        ValueError
            If the input is not a collection of non-empty strings, or (with
            ``handle_unknown="error"``) holds a symbol outside the alphabet.
        """
        check_is_fitted(self)
        validate_params(self)
        seqs, lengths = check_sequences(X, caller=type(self).__name__)
        return self._tokenize_new(seqs, lengths)

    def _tokenize_new(self, seqs, lengths):
        _, dtype = self._check_params()
        out = np.zeros((len(seqs), self.length_), dtype=dtype)
        self._tokenize(seqs, lengths, out)
        return out

    def _tokenize(self, seqs, lengths, out):
        """Write the tokens of ``seqs`` into ``out`` (or only validate when ``out`` is None)."""
        alphabet = self._alphabet
        n_symbols = len(alphabet.symbols)
        k, stride = int(self.k), int(self.stride)
        lookup = alphabet.lookup_table(uppercase=self.uppercase, unknown="error")
        chunk = max(1, _CHUNK_POSITIONS // max(int(lengths.max()), 1))
        for start in range(0, len(seqs), chunk):
            stop = min(start + chunk, len(seqs))
            block, block_lengths = seqs[start:stop], lengths[start:stop]
            block = block.astype(str) if block.dtype.kind == "O" else np.ascontiguousarray(block)
            width = int(block_lengths.max())
            points = block.view(np.uint32).reshape(len(block), -1)[:, :width]
            codes = np.take(lookup, points, mode="clip")
            if self.handle_unknown == "error":
                _raise_on_unknown(codes, points, alphabet, start)
            if out is None:
                continue
            n_tok = self.n_tokens(width)
            if n_tok == 0:
                continue
            tokens = _kmer_codes(codes, k, stride, n_tok, n_symbols)
            counts = self.n_tokens(block_lengths)
            tokens[np.arange(n_tok) >= counts[:, None]] = PAD
            _place(tokens, counts, out[start:stop], self.align)

    # ------------------------------------------------------------------ decoding

    def inverse_transform(self, X):
        """Turn token rows back into sequences.

        The k-mers are laid over each other at their stride; padding is dropped and an
        unknown token becomes the first wildcard (``N`` for DNA, ``?`` without wildcards).
        The round trip is exact for sequences of the alphabet whose length ``L`` has
        ``(L - k) % stride == 0`` and that were not trimmed; otherwise the dropped end is
        missing.

        Parameters
        ----------
        X : array-like of int, shape (n_sequences, n_tokens)

        Returns
        -------
        ndarray of str, shape (n_sequences,)

        Raises
        ------
        ValueError
            If ``stride > k`` (the symbols between the k-mers are unknown), or a token is
            outside the vocabulary.
        """
        check_is_fitted(self)
        k, stride = int(self.k), int(self.stride)
        if stride > k:
            raise ValueError(
                f"stride={stride} > k={k} skips symbols between k-mers; they cannot be decoded"
            )
        X = np.asarray(X)
        if X.ndim != 2 or X.dtype.kind not in "iu":
            raise ValueError(f"expected a 2-D integer array of tokens, got {X.dtype} {X.shape}")
        bad = (X < 0) | (X >= self.vocabulary_size_)
        if bad.any():
            row, col = np.argwhere(bad)[0]
            raise ValueError(
                f"token {X[row, col]} in row {row} at position {col} is outside the "
                f"vocabulary of {self.vocabulary_size_} tokens"
            )
        # padding to the end of each row, keeping the order of the other tokens
        X = np.take_along_axis(X, np.argsort(X == PAD, axis=1, kind="stable"), axis=1)
        n_symbols = len(self.alphabet_)
        fill = self._alphabet.wildcards[:1] or "?"
        chars = np.array([ord(c) for c in self.alphabet_ + fill] + [0], dtype=np.uint32)
        kmer = np.clip(X.astype(np.int64) - _N_SPECIAL, 0, None)
        digits = np.stack(
            [(kmer // n_symbols ** (k - 1 - j)) % n_symbols for j in range(k)], axis=-1
        )
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

    # ------------------------------------------------------------------ names and tags

    def get_vocabulary(self):
        """The token strings: ``"<pad>"``, ``"<unk>"``, then every k-mer in token order.

        Returns
        -------
        ndarray of str objects, shape (vocabulary_size_,)
        """
        check_is_fitted(self)
        kmers = ("".join(p) for p in product(self.alphabet_, repeat=int(self.k)))
        return np.asarray(["<pad>", "<unk>", *kmers], dtype=object)

    def get_feature_names_out(self, input_features=None):
        """Output feature names: ``token0``, ``token1``, ... (one per token position).

        Parameters
        ----------
        input_features : None
            Ignored; sequences have no input feature names.

        Returns
        -------
        ndarray of str objects, shape (length_,)
        """
        check_is_fitted(self)
        return np.asarray([f"token{i}" for i in range(self.length_)], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.one_d_array = True
        tags.input_tags.two_d_array = False
        tags.transformer_tags.preserves_dtype = []
        tags.requires_fit = True
        return tags


def _kmer_codes(codes, k, stride, n_tok, n_symbols):
    """Tokens of the k-mers starting at ``0, stride, ...`` of each row of symbol codes.

    Codes ``>= n_symbols`` (wildcards, padding, unknown symbols) make their k-mers UNK.
    """
    span = (n_tok - 1) * stride + 1
    wide = n_symbols**k + _N_SPECIAL > np.iinfo(np.int32).max
    tokens = np.zeros((codes.shape[0], n_tok), dtype=np.int64 if wide else np.int32)
    bad = np.zeros(tokens.shape, dtype=bool)
    for j in range(k):
        column = codes[:, j : j + span : stride]
        tokens *= n_symbols
        tokens += column
        bad |= column >= n_symbols
    tokens += _N_SPECIAL
    tokens[bad] = UNK
    return tokens


def _place(tokens, counts, out, align):
    """Copy token rows into ``out``, padded or trimmed at the end or the start."""
    width = out.shape[1]
    if align == "left" or (tokens.shape[1] == width and np.all(counts == width)):
        m = min(width, tokens.shape[1])
        out[:, :m] = tokens[:, :m]
        return
    # right: the last ``width`` tokens of each row, padding at the start
    n, t = tokens.shape
    padded = np.zeros((n, width + t), dtype=tokens.dtype)
    padded[:, width:] = tokens
    index = counts[:, None] + np.arange(width)  # columns ending at each row's last token
    out[:] = np.take_along_axis(padded, index, axis=1)


def _raise_on_unknown(codes, points, alphabet, offset):
    bad = codes == UNKNOWN
    if not bad.any():
        return
    row, position = np.unravel_index(np.argmax(bad), bad.shape)
    wildcards = f" (wildcards {alphabet.wildcards})" if alphabet.wildcards else ""
    raise ValueError(
        f"unknown symbol {chr(points[row, position])!r} in sequence {offset + row} at position "
        f"{position}; alphabet is {alphabet.symbols}{wildcards}; use handle_unknown='unknown' "
        "to map its k-mers to the unknown token, or declare it in wildcards"
    )
