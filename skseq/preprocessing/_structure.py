"""StructureTransformer: RNA secondary structure (ViennaRNA) as per-position channels."""

import os
import sys
import time
from numbers import Integral, Real

import numpy as np
from joblib import Parallel, delayed, effective_n_jobs
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from . import _folding
from ._fold_cache import MEMORY_CACHE, DiskCache
from ._folding import MFE_CONTEXTS, PROBABILITY_CONTEXTS, dot_bracket_to_contexts

NUCLEOTIDES = "ACGU"
_ALLOWED = frozenset("ACGUN")
# Below this many nucleotides to fold (about 4 s of work on one core) starting worker
# processes costs more than it saves, so folding stays in this process.
MIN_PARALLEL_NUCLEOTIDES = 20_000
_NUCLEOTIDE_INDEX = np.full(256, -1, dtype=np.intp)
for _i, _c in enumerate(NUCLEOTIDES):
    _NUCLEOTIDE_INDEX[ord(_c)] = _i
_CONTEXT_INDEX = np.full(256, -1, dtype=np.intp)
for _i, _c in enumerate(MFE_CONTEXTS):
    _CONTEXT_INDEX[ord(_c)] = _i


def _placement(seq_len, length, align):
    """(start in the sequence, start in the output, number of positions) for pad/trim."""
    if seq_len >= length:
        start = {"left": 0, "right": seq_len - length, "center": (seq_len - length) // 2}[align]
        return start, 0, length
    start = {"left": 0, "right": length - seq_len, "center": (length - seq_len) // 2}[align]
    return 0, start, seq_len


def _first_width_mismatch(arrays):
    """Index of the first 2-D array whose column count differs from the first's, or None."""
    width = arrays[0].shape[1]
    return next((i for i, a in enumerate(arrays) if a.shape[1] != width), None)


class StructureTransformer(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
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
    verbose : int, default=0
        Print a progress line while folding (to stderr) when greater than 0.

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
    hold ``ACGUN`` in any case. Positions in error messages are 0-based.

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
        verbose=0,
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

    # ------------------------------------------------------------------ sklearn API
    def fit(self, X, y=None):
        """Check the input and learn the output length (nothing is folded here).

        Parameters
        ----------
        X : array-like of shape (n_sequences,) or (n_sequences, 2)
            RNA sequences, or (sequence, structure) pairs.
        y : ignored

        Returns
        -------
        self : StructureTransformer
        """
        self._fit(X)
        return self

    def fit_transform(self, X, y=None):
        """Fit, then fold (unless structures are given) and encode, reading X once.

        Parameters
        ----------
        X : array-like of shape (n_sequences,) or (n_sequences, 2)
            RNA sequences, or (sequence, structure) pairs.
        y : ignored

        Returns
        -------
        X_out : ndarray of shape (n_sequences, length_, n_channels_)
        """
        sequences, structures = self._fit(X)
        if structures is None:
            structures = self._fold(sequences)
        return self._encode(sequences, structures)

    def _fit(self, X):
        """Learn the fitted attributes; return the parsed sequences and given structures."""
        self._validate_params()
        self._check_fold_parameters()
        sequences, structures = self._parse(X)
        self.contexts_ = self._contexts_of(structures)
        self.length_ = self.length if self.length is not None else max(map(len, sequences))
        n_contexts = len(self.contexts_)
        self.n_channels_ = n_contexts * (len(NUCLEOTIDES) if self.encoding == "combined" else 1)
        probabilities = self.contexts_ is not MFE_CONTEXTS
        self.dtype_ = np.dtype(np.float32 if probabilities else np.uint8)
        return sequences, structures

    def transform(self, X):
        """Fold (unless structures are given) and encode.

        Parameters
        ----------
        X : array-like of shape (n_sequences,) or (n_sequences, 2)
            RNA sequences, or (sequence, structure) pairs.

        Returns
        -------
        X_out : ndarray of shape (n_sequences, length_, n_channels_)
            ``uint8`` one-hot contexts, or ``float32`` probabilities.
        """
        check_is_fitted(self, "contexts_")
        sequences, structures = self._parse(X)
        contexts = self._contexts_of(structures)
        if contexts != self.contexts_:
            raise ValueError(
                f"{type(self).__name__} was fitted on structures with contexts "
                f"{list(self.contexts_)} but got {list(contexts)}; give the same kind of "
                "structures (or none) to fit and transform."
            )
        if structures is None:
            structures = self._fold(sequences)
        return self._encode(sequences, structures)

    def get_feature_names_out(self, input_features=None):
        """Channel names: ``struct_S``, ... or ``struct_A_S``, ... for the combined alphabet.

        Returns
        -------
        names : ndarray of str objects, shape (n_channels_,)
        """
        check_is_fitted(self, "contexts_")
        if self.encoding == "combined":
            names = [f"struct_{n}_{c}" for n in NUCLEOTIDES for c in self.contexts_]
        else:
            names = [f"struct_{c}" for c in self.contexts_]
        return np.asarray(names, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.one_d_array = True
        tags.input_tags.two_d_array = True
        tags.input_tags.string = True
        tags.requires_fit = True
        tags.target_tags.required = False
        tags.transformer_tags.preserves_dtype = []
        return tags

    # ------------------------------------------------------------------ input checks
    def _check_fold_parameters(self):
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

    def _fold_settings(self):
        window = span = None
        if self.mode == "local":
            window = 70 if self.window is None else self.window
            span = window if self.span is None else self.span
        else:
            span = self.span
        return window, span

    def _parse(self, X):
        """Clean sequences (upper case, U) and parsed structures (or None when folding)."""
        name = type(self).__name__
        pairs = None
        if hasattr(X, "iloc") and hasattr(X, "columns"):  # DataFrame
            if X.shape[1] == 1:
                items = X.iloc[:, 0].tolist()
            elif X.shape[1] == 2:
                pairs = list(zip(X.iloc[:, 0].tolist(), X.iloc[:, 1].tolist()))
            else:
                raise ValueError(
                    f"{name} takes a DataFrame of one column (sequence) or two (sequence, "
                    f"structure); got {X.shape[1]} columns: {list(X.columns)}."
                )
        elif hasattr(X, "iloc"):  # Series
            items = X.tolist()
        elif isinstance(X, np.ndarray):
            if X.ndim == 1:
                items = X.tolist()
            elif X.ndim == 2 and X.shape[1] == 1:
                items = X[:, 0].tolist()
            elif X.ndim == 2 and X.shape[1] == 2:
                pairs = [tuple(row) for row in X]
            else:
                raise ValueError(
                    f"{name} takes sequences of shape (n,) or (sequence, structure) pairs of "
                    f"shape (n, 2); got an array of shape {X.shape}."
                )
        elif isinstance(X, str):
            raise ValueError(f"{name} takes a list of sequences, not a single string.")
        else:
            items = list(X)
            if (
                items
                and not isinstance(items[0], str)
                and hasattr(items[0], "__len__")
                and len(items[0]) == 2
            ):
                pairs = [tuple(item) for item in items]
        n = len(pairs) if pairs is not None else len(items)
        if n == 0:
            raise ValueError(f"{name} got no sequences (empty input).")
        if pairs is None:
            return [self._clean_sequence(s, i) for i, s in enumerate(items)], None
        sequences, structures = [], []
        for i, pair in enumerate(pairs):
            if len(pair) != 2:
                raise ValueError(
                    f"item {i} has {len(pair)} values; expected (sequence, structure)."
                )
            seq = self._clean_sequence(pair[0], i)
            sequences.append(seq)
            structures.append(_parse_structure(pair[1], seq, i))
        kinds = {isinstance(s, str) for s in structures}
        if len(kinds) > 1:
            raise ValueError("structures mix strings and probability arrays; give one kind.")
        if not isinstance(structures[0], str):
            first = _first_width_mismatch(structures)
            if first is not None:
                raise ValueError(
                    f"probability rows of sequence {first} have {structures[first].shape[1]} "
                    f"columns but sequence 0 has {structures[0].shape[1]}."
                )
        return sequences, structures

    def _clean_sequence(self, seq, index):
        if not isinstance(seq, str):
            hint = (
                " (for Biopython records use str(record.seq))"
                if hasattr(seq, "seq") or type(seq).__name__ == "Seq"
                else ""
            )
            raise ValueError(
                f"sequence {index} is a {type(seq).__name__} ({seq!r:.40}), expected a "
                f"string{hint}."
            )
        if not seq:
            raise ValueError(f"sequence {index} is empty.")
        clean = seq.upper()
        if self.convert_t_u:
            clean = clean.replace("T", "U")
        if not _ALLOWED.issuperset(clean):
            position, symbol = next((p, c) for p, c in enumerate(clean) if c not in _ALLOWED)
            if symbol == "T":
                raise ValueError(
                    f"sequence {index} has 'T' at position {position}: ViennaRNA folds RNA. "
                    "Convert T to U first, or pass convert_t_u=True."
                )
            raise ValueError(
                f"sequence {index} has unknown symbol {seq[position]!r} at position {position}; "
                "RNA sequences may hold A, C, G, U and N (any case)."
            )
        return clean

    def _contexts_of(self, structures):
        if structures is None:
            return MFE_CONTEXTS if self.mode == "mfe" else PROBABILITY_CONTEXTS
        if isinstance(structures[0], str):
            return MFE_CONTEXTS
        return tuple(f"p{j}" for j in range(structures[0].shape[1]))

    # ------------------------------------------------------------------ folding
    def _fold(self, sequences):
        """Contexts strings (mfe) or probability arrays for ``sequences``, via the caches."""
        window, span = self._fold_settings()
        key = _folding.fold_parameters_key(self.mode, self.temperature, window, span)
        results = {}
        missing = []
        for seq in dict.fromkeys(sequences):
            value = MEMORY_CACHE.get((key, seq))
            if value is None:
                missing.append(seq)
            else:
                results[seq] = value
        disk = None
        if self.cache_dir is not None:
            disk = DiskCache(self.cache_dir, n_columns=len(PROBABILITY_CONTEXTS))
            if missing:
                found = disk.get_many(key, missing)
                for seq, value in found.items():
                    MEMORY_CACHE.put((key, seq), value)
                results.update(found)
                missing = [s for s in missing if s not in found]
        if missing:
            for chunk, folded in self._fold_missing(missing, window, span):
                for seq, value in zip(chunk, folded):
                    MEMORY_CACHE.put((key, seq), value)
                    results[seq] = value
                if disk is not None:
                    disk.put_many(key, zip(chunk, folded))
        if self.mode == "mfe":  # once per distinct sequence
            results = {s: dot_bracket_to_contexts(v) for s, v in results.items()}
        return [results[s] for s in sequences]

    def _fold_missing(self, sequences, window, span):
        """Yield (chunk, results) as chunks finish, folding in ``n_jobs`` processes."""
        n_workers = effective_n_jobs(self.n_jobs)
        size = int(np.clip(np.ceil(len(sequences) / (4 * n_workers)), 1, 200))
        chunks = [sequences[i : i + size] for i in range(0, len(sequences), size)]
        args = (self.mode, self.temperature, window, span)
        small = sum(map(len, sequences)) < MIN_PARALLEL_NUCLEOTIDES
        if n_workers == 1 or len(chunks) == 1 or small:
            done = ((chunk, _folding.fold_chunk(chunk, *args)) for chunk in chunks)
        else:
            parallel = Parallel(n_jobs=self.n_jobs, return_as="generator")
            folded = parallel(delayed(_folding.fold_chunk)(chunk, *args) for chunk in chunks)
            done = zip(chunks, folded)
        start, last_report, n_done = time.perf_counter(), 0.0, 0
        for chunk, result in done:
            n_done += len(chunk)
            yield chunk, result
            now = time.perf_counter() - start
            if self.verbose and (now - last_report >= 10 or n_done == len(sequences)):
                last_report = now
                print(
                    f"[{type(self).__name__}] folded {n_done}/{len(sequences)} sequences "
                    f"in {now:.0f} s ({n_done / max(now, 1e-9):.1f}/s)",
                    file=sys.stderr,
                    flush=True,
                )

    # ------------------------------------------------------------------ encoding
    def _encode(self, sequences, structures):
        n_contexts = len(self.contexts_)
        out = np.zeros((len(sequences), self.length_, self.n_channels_), dtype=self.dtype_)
        combined = self.encoding == "combined"
        for i, (seq, structure) in enumerate(zip(sequences, structures)):
            src, dst, m = _placement(len(seq), self.length_, self.align)
            rows = np.arange(dst, dst + m)
            if isinstance(structure, str):
                context = _CONTEXT_INDEX[
                    np.frombuffer(structure.encode("ascii"), np.uint8)[src : src + m]
                ]
            else:
                probs = structure[src : src + m]
            if combined:
                nucleotide = _NUCLEOTIDE_INDEX[
                    np.frombuffer(seq.encode("ascii"), np.uint8)[src : src + m]
                ]
                known = nucleotide >= 0
                rows, nucleotide = rows[known], nucleotide[known]
                if isinstance(structure, str):
                    out[i, rows, nucleotide * n_contexts + context[known]] = 1
                else:
                    columns = nucleotide[:, None] * n_contexts + np.arange(n_contexts)
                    out[i, rows[:, None], columns] = probs[known]
            elif isinstance(structure, str):
                out[i, rows, context] = 1
            else:
                out[i, dst : dst + m] = probs
        return out


def _parse_structure(structure, seq, index):
    """Check one given structure; return a context-letter string or a float array (L, k)."""
    if isinstance(structure, str):
        tokens = structure.split()
        text = tokens[0] if tokens else ""
        if len(text) != len(seq):
            raise ValueError(
                f"structure of sequence {index} has length {len(text)} but the sequence has "
                f"length {len(seq)}."
            )
        if "(" in text or ")" in text or "." in text:
            _check_dot_bracket(text, index)
            return dot_bracket_to_contexts(text)
        letters = text.upper()
        for position, letter in enumerate(letters):
            if _CONTEXT_INDEX[ord(letter) if ord(letter) < 256 else 0] < 0:
                raise ValueError(
                    f"unknown context letter {text[position]!r} in the structure of sequence "
                    f"{index} at position {position}; contexts are "
                    f"{', '.join(MFE_CONTEXTS)} (pysster's letters), or give dot-brackets."
                )
        return letters
    if structure is None or (isinstance(structure, float) and np.isnan(structure)):
        raise ValueError(f"structure of sequence {index} is missing.")
    try:
        probs = np.asarray(structure, dtype=np.float32)
    except (TypeError, ValueError):
        raise ValueError(
            f"structure of sequence {index} is a {type(structure).__name__}; expected a "
            "dot-bracket or context string, or a 2-D array of probabilities."
        ) from None
    if probs.ndim != 2 or probs.shape[0] != len(seq):
        hint = (
            " (transposed? rows are positions)"
            if probs.ndim == 2 and probs.shape[1] == len(seq)
            else ""
        )
        raise ValueError(
            f"probability rows of sequence {index} have shape {probs.shape}; expected "
            f"({len(seq)}, n_contexts) for a sequence of length {len(seq)}{hint}."
        )
    bad = ~np.isfinite(probs) | (probs < 0) | (probs > 1)
    if bad.any():
        position, column = np.argwhere(bad)[0]
        raise ValueError(
            f"probability rows of sequence {index} hold {probs[position, column]} at position "
            f"{position}, column {column}; probabilities must be finite and within [0, 1]."
        )
    return probs


def _check_dot_bracket(text, index):
    stack = []
    for position, symbol in enumerate(text):
        if symbol == "(":
            stack.append(position)
        elif symbol == ")":
            if not stack:
                raise ValueError(
                    f"unbalanced brackets in the structure of sequence {index}: ')' at position "
                    f"{position} closes nothing."
                )
            stack.pop()
        elif symbol != ".":
            raise ValueError(
                f"structure of sequence {index} has unknown symbol {symbol!r} at position "
                f"{position}; dot-bracket strings use '(', ')' and '.'."
            )
    if stack:
        raise ValueError(
            f"unbalanced brackets in the structure of sequence {index}: '(' at position "
            f"{stack[-1]} is never closed."
        )
