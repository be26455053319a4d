"""StructureTransformer: RNA secondary structure (ViennaRNA) as per-position channels."""

import os

import numpy as np
from sklearn.utils.validation import check_is_fitted

from skseq._alphabets import MFE_CONTEXTS, PROBABILITY_CONTEXTS, RNA
from skseq.utils._padding import pad_or_trim_flat
from skseq.utils._param_validation import Integral, Interval, Real, StrOptions

from ._base import EncoderBase
from ._fold_jobs import fold_sequences
from ._structure_input import parse_input

NUCLEOTIDES = RNA  # "ACGU": the nucleotide-major order of the combined channels
_NUCLEOTIDE_INDEX = np.full(256, -1, dtype=np.intp)
for _i, _c in enumerate(NUCLEOTIDES):
    _NUCLEOTIDE_INDEX[ord(_c)] = _i
_CONTEXT_INDEX = np.full(256, -1, dtype=np.intp)
for _i, _c in enumerate(MFE_CONTEXTS):
    _CONTEXT_INDEX[ord(_c)] = _i


class StructureTransformer(EncoderBase, auto_wrap_output_keys=None):
    """Encode RNA secondary structure as channels of shape ``(n_sequences, length, n_channels)``.

    Sequences are folded with ViennaRNA, or structures the user already has are encoded as
    they are (never refolded). Folding is the slow step, so it runs in parallel (``n_jobs``)
    and no sequence is folded twice: results are kept in a per-process memory cache shared by
    all instances (so clones in cross-validation and searches reuse them) and, with
    ``cache_dir``, in an on-disk cache shared by processes and runs.

    Parameters
    ----------
    mode : {"mfe", "probability", "local"}, default="mfe"
        How to fold. ``"mfe"``: structural contexts of the minimum-free-energy structure, one-hot
        (uint8), with pysster's context letters: ``S`` paired (stem), ``H`` hairpin loop, ``I``
        internal loop or bulge, ``M`` multiloop (including unpaired stretches between stems of
        the exterior loop, as forgi and pysster count them), ``F`` unpaired 5' end, ``T``
        unpaired 3' end. ``"probability"``: from the partition function of the whole sequence,
        the probability (float32) of each position being paired (``S``) or unpaired in a hairpin
        (``H``), internal (``I``), multi- (``M``) or exterior (``E``) loop; the five sum to one.
        ``"local"``: the same five probabilities from RNAplfold-style local folding (averaged
        over windows of ``window`` nt, base pairs at most ``span`` apart), better for long RNAs.
        Ignored when structures are given.
    encoding : {"context", "combined"}, default="context"
        ``"context"``: one channel per context. ``"combined"``: pysster's combined alphabet, one
        channel per (nucleotide, context) pair, nucleotide-major: ``A_S, A_H, ..., C_S, ...``
        (24 channels for ``"mfe"``, 20 for the probability modes, where channel ``(n, c)``
        holds P(c) at positions whose nucleotide is ``n``). ``N`` positions are all zero.
    length : int or None, default=None
        Length of the output. ``None``: the longest sequence seen in ``fit``. Shorter sequences
        are padded with zeros, longer ones trimmed, as set by ``align``.
    align : {"left", "right", "center"}, default="left"
        Where a sequence sits when padded or trimmed: ``"left"`` keeps its start at position 0
        (pads or trims the end), ``"right"`` keeps its end, ``"center"`` its middle.
    temperature : float, default=37.0
        Folding temperature in degrees Celsius.
    window : int or None, default=None
        Window size for ``mode="local"`` (``None``: 70, RNAplfold's default). Ignored otherwise.
    span : int or None, default=None
        Maximum distance between paired bases. ``None``: no limit for ``"mfe"`` and
        ``"probability"``; the window size for ``"local"`` (RNAplfold's default).
    convert_t_u : bool, default=False
        Read ``T`` as ``U``. When False, a ``T`` is an error (DNA given to an RNA folder).
    n_jobs : int or None, default=None
        Parallel folding processes (joblib; ``None`` means 1, ``-1`` all cores). Sequences are
        sent in chunks, not one task each.
    cache_dir : str, path or None, default=None
        Folder of the on-disk fold cache (a SQLite file ``skseq-folds.sqlite``), shared by
        processes (e.g. parallel search workers) and later runs. ``None``: memory cache only.
    verbose : int, default=1
        1: a progress bar over the sequences being folded, on standard error when it is a
        terminal (see :func:`skseq.utils.progress`); 2 or more: also a line every 10 s, for
        logs; 0: silent.

    Attributes
    ----------
    length_ : int
        Length of the output.
    contexts_ : tuple of str
        Names of the structural contexts, in channel order.
    n_channels_ : int
        Number of output channels.
    dtype_ : numpy.dtype
        ``uint8`` for one-hot contexts, ``float32`` for probabilities.
    complement_channels_ : None
        Always None: the structure of the other strand is not a permutation of these
        channels, so ``reverse_complement`` refuses them.

    See Also
    --------
    ChannelUnion : join these channels with the one-hot sequence.

    Notes
    -----
    Input is either a 1-D array-like of RNA sequences (folded), or two columns (2-D array,
    list of pairs or DataFrame) of sequence and structure. A structure is a dot-bracket string
    (an RNAfold energy suffix such as ``" (-3.3)"`` is ignored), a string of pysster's context
    letters, or a 2-D float array of shape ``(sequence length, k)`` of per-position
    probabilities (used as they are; channels ``struct_p0 ... struct_p{k-1}``). Sequences may
    hold ``ACGUN`` in any case. Positions in error messages are 0-based. :meth:`fit` folds
    nothing (it checks the input and learns the length); :meth:`fit_transform` folds once.

    Examples
    --------
    >>> from skseq.preprocessing import StructureTransformer
    >>> enc = StructureTransformer()
    >>> X = enc.fit_transform(["GGGGAAAACCCC", "GGGAUCCC"])
    >>> X.shape, X.dtype
    ((2, 12, 6), dtype('uint8'))
    >>> "".join(enc.contexts_[i] for i in X[0].argmax(axis=1))
    'SSSSHHHHSSSS'
    >>> enc.get_feature_names_out()[:3]
    array(['struct_S', 'struct_H', 'struct_I'], dtype=object)

    Structures you already have are encoded as they are:

    >>> given = [["GGGAUCCC", "(((..)))"], ["GGGAUCCC", "SSSHHSSS"]]
    >>> StructureTransformer().fit_transform(given).argmax(axis=2)
    array([[0, 0, 0, 1, 1, 0, 0, 0],
           [0, 0, 0, 1, 1, 0, 0, 0]])
    """

    _parameter_constraints = {
        "mode": [StrOptions({"mfe", "probability", "local"})],
        "encoding": [StrOptions({"context", "combined"})],
        "length": [Interval(Integral, 1, None, closed="left"), None],
        "align": [StrOptions({"left", "right", "center"})],
        "temperature": [Interval(Real, -273.15, None, closed="neither")],
        "window": [Interval(Integral, 1, None, closed="left"), None],
        "span": [Interval(Integral, 1, None, closed="left"), None],
        "convert_t_u": ["boolean"],
        "n_jobs": [Integral, None],
        "cache_dir": [str, os.PathLike, None],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        mode="mfe",
        encoding="context",
        length=None,
        align="left",
        temperature=37.0,
        window=None,
        span=None,
        convert_t_u=False,
        n_jobs=None,
        cache_dir=None,
        verbose=1,
    ):
        self.mode = mode
        self.encoding = encoding
        self.length = length
        self.align = align
        self.temperature = temperature
        self.window = window
        self.span = span
        self.convert_t_u = convert_t_u
        self.n_jobs = n_jobs
        self.cache_dir = cache_dir
        self.verbose = verbose

    # ------------------------------------------------------------------ fit / transform hooks
    _fitted_attribute = "contexts_"

    def _check_params(self):
        if (
            self.mode == "local"
            and self.window is not None
            and self.span is not None
            and self.span > self.window
        ):
            raise ValueError(
                f"span={self.span} is larger than window={self.window}; with mode='local' base "
                "pairs must fit in the window."
            )

    def _parse(self, X):
        """Clean sequences (upper case, U) and parsed structures (or None when folding)."""
        return parse_input(X, caller=type(self).__name__, convert_t_u=self.convert_t_u)

    def _learn(self, parsed, checked):
        sequences, structures = parsed
        self.contexts_ = self._contexts_of(structures)
        self.length_ = self.length if self.length is not None else max(map(len, sequences))
        n_contexts = len(self.contexts_)
        self.n_channels_ = n_contexts * (len(NUCLEOTIDES) if self.encoding == "combined" else 1)
        probabilities = self.contexts_ is not MFE_CONTEXTS
        self.dtype_ = np.dtype(np.float32 if probabilities else np.uint8)

    def _check_transform(self, parsed):
        contexts = self._contexts_of(parsed[1])
        if contexts != self.contexts_:
            raise ValueError(
                f"{type(self).__name__} was fitted on structures with contexts "
                f"{list(self.contexts_)} but got {list(contexts)}; give the same kind of "
                "structures (or none) to fit and transform."
            )

    def _output(self, parsed):
        """Fold (unless structures are given) and encode."""
        sequences, structures = parsed
        if structures is None:
            structures = self._fold(sequences)
        return self._encode(sequences, structures)

    def get_channel_names(self):
        """Names of the output channels: ``S``, ``H``, ... or ``A_S``, ... (combined).

        These are what :class:`ChannelUnion` prefixes with the transformer's name.

        Returns
        -------
        names : ndarray of str objects, shape (n_channels_,)
        """
        check_is_fitted(self, "contexts_")
        if self.encoding == "combined":
            names = [f"{n}_{c}" for n in NUCLEOTIDES for c in self.contexts_]
        else:
            names = list(self.contexts_)
        return np.asarray(names, dtype=object)

    def get_feature_names_out(self, input_features=None):
        """Channel names: ``struct_S``, ... or ``struct_A_S``, ... for the combined alphabet.

        Parameters
        ----------
        input_features : None
            Ignored.

        Returns
        -------
        names : ndarray of str objects, shape (n_channels_,)
        """
        return np.asarray([f"struct_{c}" for c in self.get_channel_names()], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.one_d_array = True
        tags.input_tags.two_d_array = True
        tags.input_tags.string = True
        tags.requires_fit = True
        tags.target_tags.required = False
        tags.transformer_tags.preserves_dtype = []
        return tags

    # ------------------------------------------------------------------ folding
    def _fold_settings(self):
        window = span = None
        if self.mode == "local":
            window = 70 if self.window is None else self.window
            span = window if self.span is None else self.span
        else:
            span = self.span
        return window, span

    def _contexts_of(self, structures):
        if structures is None:
            return MFE_CONTEXTS if self.mode == "mfe" else PROBABILITY_CONTEXTS
        if isinstance(structures[0], str):
            return MFE_CONTEXTS
        return tuple(f"p{j}" for j in range(structures[0].shape[1]))

    def _fold(self, sequences):
        """Contexts strings (mfe) or probability arrays for ``sequences``, via the caches."""
        window, span = self._fold_settings()
        return fold_sequences(
            sequences,
            mode=self.mode,
            temperature=self.temperature,
            window=window,
            span=span,
            n_jobs=self.n_jobs,
            cache_dir=self.cache_dir,
            verbose=self.verbose,
            caller=type(self).__name__,
        )

    # ------------------------------------------------------------------ encoding
    def _encode(self, sequences, structures):
        """All sequences at once: per-position channels back to back, then pad or trim."""
        lengths = np.fromiter(map(len, sequences), dtype=np.int64, count=len(sequences))
        n_contexts = len(self.contexts_)
        combined = self.encoding == "combined"
        if combined:
            text = np.frombuffer("".join(sequences).encode("ascii"), dtype=np.uint8)
            nucleotide = _NUCLEOTIDE_INDEX[text]  # -1 for N: an all-zero row
        if isinstance(structures[0], str):
            flat = np.frombuffer("".join(structures).encode("ascii"), dtype=np.uint8)
            codes = _CONTEXT_INDEX[flat]
            if combined:
                codes = np.where(nucleotide >= 0, nucleotide * n_contexts + codes, -1)
            # code -1 (and padding) is the last, all-zero row of the one-hot table
            codes = pad_or_trim_flat(codes, lengths, self.length_, align=self.align, fill=-1)
            table = np.eye(self.n_channels_ + 1, self.n_channels_, dtype=self.dtype_)
            table[-1] = 0
            return table[codes]
        probs = np.concatenate(structures, axis=0).astype(self.dtype_, copy=False)
        if combined:
            spread = np.zeros((len(probs), self.n_channels_), dtype=self.dtype_)
            known = np.flatnonzero(nucleotide >= 0)
            columns = nucleotide[known, None] * n_contexts + np.arange(n_contexts)
            spread[known[:, None], columns] = probs[known]
            probs = spread
        return pad_or_trim_flat(probs, lengths, self.length_, align=self.align, fill=0)
