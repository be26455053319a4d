"""k-mer spectra: sequences (strings) -> sparse counts of every k-mer, the classic baseline.

A spectrum is the bag-of-words of sequences: how often each k-mer occurs, for every length from
``min_k`` to ``k``, optionally with gapped k-mers (two half k-mers with a few wildcard
positions between them, as in gkm-SVM's spaced words). For DNA, a k-mer and its reverse
complement are one feature (``canonical="auto"``), so a motif counts the same on either strand.
With a linear model or gradient boosting it is the baseline a network has to beat, and it
stacks with a network in scikit-learn's ``StackingClassifier``.
"""

from numbers import Integral

import numpy as np
import scipy.sparse as sp
from sklearn.utils.validation import check_is_fitted

from skseq._alphabets import UNKNOWN, resolve_alphabet
from skseq.utils import check_sequences
from skseq.utils._param_validation import Interval, StrOptions

from ._base import EncoderBase
from ._symbol_policy import unknown_symbol_error

__all__ = ["KmerSpectrumTransformer"]

#: Most features one k-mer length may have (``n_symbols ** k``); past it the table of column
#: indices would not fit comfortably in memory.
MAX_KMERS = 1 << 24


class KmerSpectrumTransformer(EncoderBase):
    """Count the k-mers of each sequence: a sparse ``(n_sequences, n_kmers)`` matrix.

    Every k-mer of every length from ``min_k`` to ``k`` is a column, in lexicographic order
    of the alphabet (length by length), whether or not the training data hold it, so the
    columns never depend on the data. k-mers that hold a wildcard (``N``) are not counted.

    Parameters
    ----------
    k : int, default=5
        Length of the longest k-mers.
    min_k : int, default=1
        Length of the shortest k-mers; every length from ``min_k`` to ``k`` is counted.
    canonical : {"auto"} or bool, default="auto"
        Count a k-mer and its reverse complement as one feature (named by the one that comes
        first). ``"auto"``: for DNA alphabets (ones with a complement and a ``T``), not for
        RNA, whose reads come from one strand, nor for proteins. ``True`` needs an alphabet
        with a complement.
    normalize : bool, default=True
        Divide the counts of each length by the number of k-mers of that length counted in
        the sequence, so that sequences of different lengths compare (frequencies).
    max_gap : int, default=0
        Also count gapped k-mers of the longest length: two ``k // 2``-mers separated by
        ``1 .. max_gap`` positions of any symbol (named like ``"AC..GT"``).
    alphabet : str, default="DNA"
        ``"DNA"``, ``"RNA"``, ``"protein"`` or a string of symbols, as for
        :class:`~skseq.SequenceOneHotTransformer`.
    handle_unknown : {"error", "ignore"}, default="error"
        What to do with a symbol outside the alphabet and its wildcards: raise a
        ``ValueError`` naming the symbol, the sequence and the position, or skip the k-mers
        that hold it (as wildcards are).
    wildcards : str or None, default="auto"
        Symbols that stand for any symbol (``"auto"``: ``N`` for DNA and RNA, ``X`` for
        protein).
    convert_u_t : bool, default=True
        For DNA read ``U`` as ``T``; for RNA read ``T`` as ``U``.
    uppercase : bool, default=True
        Match symbols case-insensitively.
    sparse_output : bool, default=True
        Return a ``scipy.sparse`` CSR matrix; ``False`` gives a dense array (for estimators
        that take no sparse input, such as ``HistGradientBoostingClassifier``).
    dtype : numpy float dtype, default=np.float32
        Type of the output.

    Attributes
    ----------
    alphabet_ : str
        The symbols, in the features' order.
    canonical_ : bool
        Whether reverse complements share a feature.
    n_features_out_ : int
        Number of columns of the output.

    See Also
    --------
    KmerTokenizer : k-mer tokens in sequence order, for language models.
    SequenceOneHotTransformer : one channel per symbol, for convolutional networks.

    Examples
    --------
    >>> from skseq.preprocessing import KmerSpectrumTransformer
    >>> spec = KmerSpectrumTransformer(k=2, normalize=False)
    >>> X = spec.fit_transform(["ACGT", "AAAC"])
    >>> X.shape
    (2, 12)
    >>> spec.get_feature_names_out()[:4].tolist()
    ['A', 'C', 'AA', 'AC']
    >>> X.toarray()[1].tolist()  # AAAC: three A (T merged), one C; AA twice (= TT), AC once
    [3.0, 1.0, 2.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    """

    _fitted_attribute = "n_features_out_"
    _channel_output = False  # counts, not channels along a sequence

    _parameter_constraints = {
        "k": [Interval(Integral, 1, None, closed="left")],
        "min_k": [Interval(Integral, 1, None, closed="left")],
        "canonical": [StrOptions({"auto"}), "boolean"],
        "normalize": ["boolean"],
        "max_gap": [Interval(Integral, 0, None, closed="left")],
        "alphabet": [str],
        "handle_unknown": [StrOptions({"error", "ignore"})],
        "wildcards": [str, None],
        "convert_u_t": ["boolean"],
        "uppercase": ["boolean"],
        "sparse_output": ["boolean"],
        "dtype": "no_validation",  # checked in fit
    }

    def __init__(
        self,
        k=5,
        *,
        min_k=1,
        canonical="auto",
        normalize=True,
        max_gap=0,
        alphabet="DNA",
        handle_unknown="error",
        wildcards="auto",
        convert_u_t=True,
        uppercase=True,
        sparse_output=True,
        dtype=np.float32,
    ):
        self.k = k
        self.min_k = min_k
        self.canonical = canonical
        self.normalize = normalize
        self.max_gap = max_gap
        self.alphabet = alphabet
        self.handle_unknown = handle_unknown
        self.wildcards = wildcards
        self.convert_u_t = convert_u_t
        self.uppercase = uppercase
        self.sparse_output = sparse_output
        self.dtype = dtype

    def _check_params(self):
        name = type(self).__name__
        if self.min_k > self.k:
            raise ValueError(f"{name}: min_k={self.min_k} is larger than k={self.k}")
        if self.max_gap and self.k < 2:
            raise ValueError(f"{name}: gapped k-mers (max_gap={self.max_gap}) need k >= 2")
        dtype = np.dtype(self.dtype)
        if dtype.kind != "f":
            raise ValueError(f"{name}: dtype must be a float dtype, got {dtype}")
        abc = resolve_alphabet(
            self.alphabet,
            wildcards=self.wildcards,
            convert_u_t=self.convert_u_t,
            uppercase=self.uppercase,
        )
        n = len(abc.symbols)
        if n ** int(self.k) > MAX_KMERS:
            raise ValueError(
                f"{name}: k={self.k} gives {n}**{self.k} k-mers of the {n}-symbol alphabet; "
                f"at most {MAX_KMERS} are supported: lower k"
            )
        canonical = self.canonical
        if canonical == "auto":
            canonical = abc.complement_channels is not None and "T" in abc.symbols.upper()
        elif canonical and abc.complement_channels is None:
            raise ValueError(
                f"{name}: canonical=True needs an alphabet with a complement; {abc.symbols!r} "
                "has none (use canonical=False)"
            )
        return abc, bool(canonical)

    def _parse(self, X):
        return check_sequences(X, caller=type(self).__name__)

    def _learn(self, parsed, checked):
        abc, canonical = checked
        self._abc = abc
        self.alphabet_ = abc.symbols
        self.canonical_ = canonical
        complement = abc.complement_channels
        self._blocks = _feature_blocks(
            len(abc.symbols), int(self.min_k), int(self.k), int(self.max_gap), complement, canonical
        )
        self.n_features_out_ = sum(len(block.names) for block in self._blocks)

    def _output(self, parsed):
        """Count the k-mers of each sequence: CSR matrix or array (n_sequences, n_features_out_)."""
        seqs, lengths = parsed
        codes = self._codes(seqs, lengths, type(self).__name__)
        n_seqs, n = len(seqs), len(self.alphabet_)
        seq_of = np.repeat(np.arange(n_seqs), lengths)
        ends = np.cumsum(lengths)
        bad = np.concatenate([[0], np.cumsum(codes >= n)])
        rows, cols, weights = [], [], []
        offset = 0
        for block in self._blocks:
            start = _window_starts(seq_of, ends, bad, block.span)
            if block.gap:
                left = _kmer_codes(codes, start, block.half, n)
                right = _kmer_codes(codes, start + block.half + block.gap, block.half, n)
                kmer = left * n**block.half + right
            else:
                kmer = _kmer_codes(codes, start, block.width, n)
            row = seq_of[start]
            weight = np.ones(len(start))
            if self.normalize:
                weight = 1.0 / np.bincount(row, minlength=n_seqs)[row]
            rows.append(row)
            cols.append(offset + block.column[kmer])
            weights.append(weight)
            offset += len(block.names)
        out = sp.csr_matrix(
            (np.concatenate(weights), (np.concatenate(rows), np.concatenate(cols))),
            shape=(n_seqs, self.n_features_out_),
            dtype=np.dtype(self.dtype),
        )
        out.sum_duplicates()
        return out if self.sparse_output else out.toarray()

    def get_feature_names_out(self, input_features=None):
        """The k-mer of each column (gapped ones with a ``.`` per gap position).

        Parameters
        ----------
        input_features : ignored

        Returns
        -------
        ndarray of str
        """
        check_is_fitted(self, "n_features_out_")
        symbols = np.array(list(self.alphabet_))
        names = [_kmer_names(block, symbols) for block in self._blocks]
        return np.concatenate(names).astype(object)

    def _codes(self, seqs, lengths, name):
        """Symbol codes of all sequences, concatenated (``>= n_symbols``: not counted)."""
        table = self._abc.lookup_table(uppercase=self.uppercase, unknown="error")
        points = np.frombuffer("".join(seqs).encode("utf-32-le"), dtype=np.uint32)
        codes = np.take(table, points, mode="clip")
        unknown = np.flatnonzero(codes == UNKNOWN)
        if unknown.size and self.handle_unknown == "error":
            first = int(unknown[0])
            index = int(np.searchsorted(np.cumsum(lengths), first, side="right"))
            position = first - int(lengths[:index].sum())
            raise unknown_symbol_error(
                chr(points[first]),
                index,
                position,
                self._abc,
                "declare it in wildcards=, or set handle_unknown='ignore'",
                caller=name,
            )
        return codes

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.input_tags.sparse = False
        return tags


class _Block:
    """One length (or one gap) of k-mers: its window, its column of each k-mer code, names."""

    def __init__(self, width, gap, n_symbols, complement, canonical):
        self.width, self.gap = width, gap
        self.half = width // 2 if gap else width
        informative = 2 * self.half if gap else width
        self.span = informative + gap
        codes = np.arange(n_symbols**informative)
        if canonical:
            digits = _digits(codes, informative, n_symbols)
            reverse = np.asarray(complement)[digits[:, ::-1]]
            twin = reverse @ (n_symbols ** np.arange(informative - 1, -1, -1))
            representative = np.minimum(codes, twin)
        else:
            representative = codes
        self.names, self.column = np.unique(representative, return_inverse=True)
        self.informative = informative


def _feature_blocks(n_symbols, min_k, k, max_gap, complement, canonical):
    blocks = [_Block(w, 0, n_symbols, complement, canonical) for w in range(min_k, k + 1)]
    blocks += [_Block(k, g, n_symbols, complement, canonical) for g in range(1, max_gap + 1)]
    return blocks


def _digits(codes, width, n_symbols):
    """Symbol codes of each k-mer code, most significant first: shape (len(codes), width)."""
    powers = n_symbols ** np.arange(width - 1, -1, -1)
    return (codes[:, None] // powers) % n_symbols


def _window_starts(seq_of, ends, bad, span):
    """Start positions of windows of ``span`` symbols inside one sequence, all counted."""
    if len(seq_of) < span:
        return np.empty(0, dtype=np.int64)
    start = np.arange(len(seq_of) - span + 1)
    inside = start + span <= ends[seq_of[start]]
    clean = bad[start + span] - bad[start] == 0
    return start[inside & clean]


def _kmer_codes(codes, start, width, n_symbols):
    """Code of the ``width``-mer at each start (base ``n_symbols``, first symbol highest)."""
    out = np.zeros(len(start), dtype=np.int64)
    for j in range(width):
        out = out * n_symbols + codes[start + j]
    return out


def _kmer_names(block, symbols):
    digits = _digits(block.names, block.informative, len(symbols))
    letters = symbols[digits]
    if block.gap:
        dots = np.full((len(letters), block.gap), ".")
        letters = np.concatenate([letters[:, : block.half], dots, letters[:, block.half :]], 1)
    return np.array(["".join(row) for row in letters])
