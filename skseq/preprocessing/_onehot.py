"""One-hot encoding of sequences (strings) into ``(n_samples, length, n_symbols)`` arrays."""

import numpy as np
from sklearn import get_config
from sklearn.utils.validation import check_is_fitted

from skseq.utils import check_sequences
from skseq.utils._param_validation import Integral, Interval, StrOptions

from ._base import EncoderBase
from ._onehot_codes import decode_rows, encode_into
from ._symbol_policy import resolve_symbols

__all__ = ["SequenceOneHotTransformer"]


class SequenceOneHotTransformer(EncoderBase):
    """One-hot encode DNA, RNA, protein or any other sequences given as strings.

    Each sequence becomes a ``(length, n_symbols)`` matrix with a one in the channel of the
    symbol at each position; the output is ``(n_samples, length_, n_symbols)`` (or flattened
    for plain scikit-learn models). Sequences shorter than ``length_`` are padded with
    all-zero rows, longer ones are trimmed; ``align`` decides at which end. Encoding is
    vectorised numpy and processes the input in chunks, so it is fast (hundreds of millions of
    positions per second on one core for a fixed-width ``<U`` array) and needs little memory
    beyond the output.

    Parameters
    ----------
    alphabet : str, default="DNA"
        ``"DNA"`` (ACGT), ``"RNA"`` (ACGU), ``"protein"`` (the 20 standard amino acids
        ``ACDEFGHIKLMNPQRSTVWY``), matched case-insensitively, or any other string of distinct
        single-character symbols such as ``"HIMS"``. The symbols' order is the channel order.
    length : int, default=None
        Length of the encoded sequences. ``None`` learns it in :meth:`fit` as the length of
        the longest sequence seen.
    align : {"left", "right", "center"}, default="left"
        Where a sequence sits in the encoded window: ``"left"`` pads or trims at the end,
        ``"right"`` at the start, ``"center"`` at both ends (the extra position at the end).
    handle_unknown : {"error", "zeros", "uniform"}, default="error"
        What to do with a symbol that is neither in the alphabet nor a wildcard: raise a
        ``ValueError`` naming the symbol, the sequence and the position (both counted from 0,
        the sequence in input order, the position in the sequence as given); encode an all-zero
        row; or encode ``1 / n_symbols`` in every channel (needs a floating ``dtype``).
    wildcards : str or None, default="auto"
        Symbols that stand for "any symbol" and are always accepted. ``"auto"`` means ``N``
        for DNA and RNA (pysster's CLIP-seq negatives contain runs of ``N``), ``X`` for
        protein and none for other alphabets; ``None`` or ``""`` means none (they are then
        unknown symbols).
    wildcard_encoding : {"zeros", "uniform"}, default="zeros"
        How wildcards are encoded: an all-zero row, or ``1 / n_symbols`` in every channel
        (needs a floating ``dtype``).
    convert_u_t : bool, default=True
        For DNA read ``U`` as ``T``; for RNA read ``T`` as ``U``. Ignored for other alphabets
        (in proteins ``U`` is selenocysteine).
    uppercase : bool, default=True
        Match symbols case-insensitively (a custom alphabet is upper-cased too). With
        ``False``, ``"acgt"`` are unknown symbols for ``alphabet="DNA"``.
    dtype : numpy dtype, default=np.uint8
        Data type of the output. ``uint8`` keeps 1,000,000 sequences of 1,000 nt of DNA in
        4 GB; use ``np.float32`` for ``"uniform"`` encodings.
    flatten : bool, default=False
        Return ``(n_samples, length_ * n_symbols)`` (position-major: all channels of
        position 0, then position 1, ...) for models that take 2-D input, such as
        :class:`~sklearn.linear_model.LogisticRegression`.

    Attributes
    ----------
    alphabet_ : str
        The symbols, in channel order.
    wildcards_ : str
        The wildcard symbols accepted.
    length_ : int
        Length of the encoded sequences.
    complement_channels_ : tuple of int or None
        For each channel, the channel of its complement (``(3, 2, 1, 0)`` for DNA,
        ``(2, 3, 0, 1)`` for ``"ACTG"``); None when the alphabet has no complement
        (protein, other symbols). The output carries it as an
        :class:`~skseq.utils.EncodedSequences`, so that an estimator's
        ``reverse_complement`` after this transformer in a Pipeline pairs the right
        channels.

    See Also
    --------
    sklearn.preprocessing.OneHotEncoder : one-hot encoding of categorical columns.

    Notes
    -----
    Like scikit-learn's text vectorizers, this transformer takes a 1-D collection of strings
    (a list, tuple, 1-D numpy array, pandas Series, or a 2-D array or DataFrame with one
    column) and does not set ``n_features_in_``. A fixed-width unicode numpy array (dtype
    ``<U``) is the fastest input; lists and object arrays are converted chunk by chunk.

    Every symbol is checked, also in the parts of sequences that are trimmed away.

    With ``flatten=False``, :meth:`get_feature_names_out` returns the names of the last
    axis, the channels (as :meth:`get_channel_names`), which is what a channel-wise union
    concatenates; with ``flatten=True`` it names every column ``pos{i}_{symbol}``.

    ``set_output(transform="pandas")`` works with ``flatten=True`` only (a DataFrame is
    2-D); with ``flatten=False`` it raises a ``ValueError``.

    Examples
    --------
    >>> from skseq.preprocessing import SequenceOneHotTransformer
    >>> enc = SequenceOneHotTransformer(alphabet="RNA")
    >>> X = enc.fit_transform(["ACGU", "GGT"])
    >>> X.shape, X.dtype
    ((2, 4, 4), dtype('uint8'))
    >>> X[1]
    array([[0, 0, 1, 0],
           [0, 0, 1, 0],
           [0, 0, 0, 1],
           [0, 0, 0, 0]], dtype=uint8)
    >>> enc.inverse_transform(X)
    array(['ACGU', 'GGU'], dtype='<U4')
    >>> enc.get_feature_names_out()
    array(['A', 'C', 'G', 'U'], dtype=object)
    """

    _parameter_constraints = {
        "alphabet": [str],
        "length": [Interval(Integral, 1, None, closed="left"), None],
        "align": [StrOptions({"left", "right", "center"})],
        "handle_unknown": [StrOptions({"error", "zeros", "uniform"})],
        "wildcards": [str, None],
        "wildcard_encoding": [StrOptions({"zeros", "uniform"})],
        "convert_u_t": ["boolean"],
        "uppercase": ["boolean"],
        "dtype": "no_validation",  # checked in _check_params: anything np.dtype accepts
        "flatten": ["boolean"],
    }

    def __init__(
        self,
        alphabet="DNA",
        *,
        length=None,
        align="left",
        handle_unknown="error",
        wildcards="auto",
        wildcard_encoding="zeros",
        convert_u_t=True,
        uppercase=True,
        dtype=np.uint8,
        flatten=False,
    ):
        self.alphabet = alphabet
        self.length = length
        self.align = align
        self.handle_unknown = handle_unknown
        self.wildcards = wildcards
        self.wildcard_encoding = wildcard_encoding
        self.convert_u_t = convert_u_t
        self.uppercase = uppercase
        self.dtype = dtype
        self.flatten = flatten

    # ------------------------------------------------------------------ fit / transform hooks

    def _parse(self, X):
        return check_sequences(X, caller=type(self).__name__)

    def _learn(self, parsed, checked):
        alphabet, _ = checked
        self._alphabet = alphabet  # with its synonyms; transform encodes with what fit saw
        self.alphabet_ = alphabet.symbols
        self.wildcards_ = alphabet.wildcards
        lengths = parsed[1]
        self.length_ = int(lengths.max()) if self.length is None else int(self.length)

    def _check_fit(self, parsed):
        self._encode(*parsed, out=None)  # validation pass only

    def _output(self, parsed):
        return self._encode_new(*parsed)

    def _complement_channels(self):
        return self._alphabet.complement_channels

    def _check_params(self):
        alphabet, dtype = resolve_symbols(
            self, dtype_kinds="biuf", dtype_text="a boolean, integer or floating"
        )
        for name in ("handle_unknown", "wildcard_encoding"):
            if getattr(self, name) == "uniform" and dtype.kind != "f":
                raise ValueError(
                    f"{name}='uniform' encodes 1/{len(alphabet.symbols)} in every channel, "
                    f"which dtype={dtype} cannot hold; pass a floating dtype such as "
                    "dtype=np.float32"
                )
        return alphabet, dtype

    # ------------------------------------------------------------------ output

    def set_output(self, *, transform=None):
        """Set the output container of :meth:`transform` and :meth:`fit_transform`.

        As in every scikit-learn transformer; ``"pandas"`` and ``"polars"`` need
        ``flatten=True`` (a DataFrame is 2-D).

        Parameters
        ----------
        transform : {"default", "pandas", "polars"} or None, default=None
            ``None`` leaves the setting unchanged.

        Returns
        -------
        self : SequenceOneHotTransformer
        """
        if transform is not None:
            self._transform_output = transform
        return super().set_output(transform=transform)

    def __sklearn_clone__(self):
        clone = super().__sklearn_clone__()
        if hasattr(self, "_transform_output"):
            clone._transform_output = self._transform_output
        return clone

    def _output_container(self):
        """The container set_output (or the global config) asks for, via public API only."""
        own = getattr(self, "_transform_output", None)
        return own if own is not None else get_config()["transform_output"]

    def _encode_new(self, seqs, lengths):
        _, dtype = self._check_params()
        container = self._output_container()
        if not self.flatten and container != "default":
            raise ValueError(
                f"set_output(transform={container!r}) needs 2-D output, but flatten=False "
                "gives a 3-D array; use flatten=True, or set_output(transform='default') on "
                "this step"
            )
        out = np.zeros((len(seqs), self.length_, len(self.alphabet_)), dtype=dtype)
        self._encode(seqs, lengths, out)
        return out.reshape(len(seqs), -1) if self.flatten else out

    def _encode(self, seqs, lengths, out):
        """Write the one-hot encoding of ``seqs`` into ``out`` (or only validate if None)."""
        encode_into(
            seqs,
            lengths,
            out,
            alphabet=self._alphabet,
            dtype=np.dtype(self.dtype),  # validated by the caller (_fit or _encode_new)
            length=self.length_,
            align=self.align,
            handle_unknown=self.handle_unknown,
            wildcard_encoding=self.wildcard_encoding,
            uppercase=self.uppercase,
            caller=type(self).__name__,
        )

    # ------------------------------------------------------------------ decoding

    def inverse_transform(self, X):
        """Decode one-hot arrays back into sequences.

        Each position becomes the symbol of its largest channel. Rows that are all zero or
        uniform become the first wildcard (``"?"`` if the alphabet has none), except padding:
        all-zero rows at the end (``align="left"``), the start (``"right"``) or both ends
        (``"center"``) are dropped. Wildcards encoded there are therefore dropped as well.

        Parameters
        ----------
        X : array-like of shape (n_samples, length_, n_symbols) or (n_samples, length_ * n_symbols)
            Encoded sequences, as returned by :meth:`transform`.

        Returns
        -------
        ndarray of str, shape (n_samples,)
            The sequences.
        """
        check_is_fitted(self)
        X = np.asarray(X)
        n_symbols = len(self.alphabet_)
        expected = (self.length_, n_symbols)
        if X.ndim == 2 and X.shape[1] == self.length_ * n_symbols:
            X = X.reshape(len(X), *expected)
        if X.ndim != 3 or X.shape[1:] != expected:
            raise ValueError(
                f"expected encoded sequences of shape (n_samples, {self.length_}, {n_symbols}) "
                f"or (n_samples, {self.length_ * n_symbols}), got {X.shape}"
            )
        fill = self.wildcards_[0] if self.wildcards_ else "?"
        return decode_rows(X, symbols=self.alphabet_, fill=fill, align=self.align)

    # ------------------------------------------------------------------ names and tags

    def get_channel_names(self):
        """Names of the output channels: the alphabet's symbols.

        Returns
        -------
        ndarray of str objects, shape (n_symbols,)
        """
        check_is_fitted(self)
        return np.asarray(list(self.alphabet_), dtype=object)

    def get_feature_names_out(self, input_features=None):
        """Output feature names.

        With ``flatten=True`` the columns are named ``pos{i}_{symbol}`` (``pos0_A``,
        ``pos0_C``, ..., ``pos1_A``, ...). With ``flatten=False`` the output is 3-D and the
        names are those of the last axis, the channels (as :meth:`get_channel_names`).

        Parameters
        ----------
        input_features : None
            Ignored; sequences have no input feature names.

        Returns
        -------
        ndarray of str objects
        """
        channels = self.get_channel_names()
        if not self.flatten:
            return channels
        return np.asarray(
            [f"pos{i}_{symbol}" for i in range(self.length_) for symbol in channels], dtype=object
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.one_d_array = True
        tags.input_tags.two_d_array = False
        tags.transformer_tags.preserves_dtype = []
        tags.requires_fit = True
        return tags
