"""Overlapping k-mer tokens: sequences (strings) -> integer token arrays for language models."""

from numbers import Integral

import numpy as np
from sklearn.utils.validation import check_is_fitted

from skseq.utils import check_sequences
from skseq.utils._param_validation import Interval, StrOptions

from ._base import EncoderBase
from ._kmer_codes import (
    N_SPECIAL,
    PAD,
    UNK,
    count_tokens,
    decode_tokens,
    kmer_vocabulary,
    tokenize_into,
)
from ._symbol_policy import resolve_symbols

__all__ = ["KmerTokenizer", "PAD", "UNK"]


class KmerTokenizer(EncoderBase):
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
    complement_channels_ : None
        Always None: tokens are not channels, so there is no channel pairing (as every
        skseq transformer records it).

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

    # ------------------------------------------------------------------ fit / transform hooks
    _channel_output = False  # tokens: a plain array

    def _parse(self, X):
        return check_sequences(X, caller=type(self).__name__)

    def _learn(self, parsed, checked):
        alphabet, _ = checked
        self._alphabet = alphabet
        self.alphabet_ = alphabet.symbols
        self.vocabulary_size_ = len(alphabet.symbols) ** int(self.k) + N_SPECIAL
        if self.length is None:
            self.length_ = max(1, self.n_tokens(int(parsed[1].max())))
        else:
            self.length_ = int(self.length)

    def _check_fit(self, parsed):
        if self.handle_unknown == "error":
            self._tokenize(*parsed, out=None)

    def _output(self, parsed):
        return self._tokenize_new(*parsed)

    def _check_params(self):
        alphabet, dtype = resolve_symbols(self, dtype_kinds="iu", dtype_text="an integer")
        size = len(alphabet.symbols) ** int(self.k) + N_SPECIAL
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
        return count_tokens(sequence_length, int(self.k), int(self.stride))

    # ------------------------------------------------------------------ tokenising

    def _tokenize_new(self, seqs, lengths):
        _, dtype = self._check_params()
        out = np.zeros((len(seqs), self.length_), dtype=dtype)
        self._tokenize(seqs, lengths, out)
        return out

    def _tokenize(self, seqs, lengths, out):
        """Write the tokens of ``seqs`` into ``out`` (or only validate when ``out`` is None)."""
        tokenize_into(
            seqs,
            lengths,
            out,
            alphabet=self._alphabet,
            k=int(self.k),
            stride=int(self.stride),
            align=self.align,
            handle_unknown=self.handle_unknown,
            uppercase=self.uppercase,
        )

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
        return decode_tokens(
            X,
            symbols=self.alphabet_,
            fill=self._alphabet.wildcards[:1] or "?",
            k=int(self.k),
            stride=int(self.stride),
            vocabulary_size=self.vocabulary_size_,
        )

    # ------------------------------------------------------------------ names and tags

    def get_vocabulary(self):
        """The token strings: ``"<pad>"``, ``"<unk>"``, then every k-mer in token order.

        Returns
        -------
        ndarray of str objects, shape (vocabulary_size_,)
        """
        check_is_fitted(self)
        return kmer_vocabulary(self.alphabet_, int(self.k))

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
