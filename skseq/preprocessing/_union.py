"""ChannelUnion: join per-position channels of several transformers along the last axis."""

import numpy as np
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.utils import Bunch
from sklearn.utils.validation import check_is_fitted

from skseq.utils import EncodedSequences, validate_params
from skseq.utils._param_validation import HasMethods, Integral

from ._union_parts import (
    ChannelBlock,
    NamedTransformersMixin,
    _fit_transform_one,
    _select,
    _transform_one,
)


class ChannelUnion(
    TransformerMixin, NamedTransformersMixin, BaseEstimator, auto_wrap_output_keys=None
):
    """Join the outputs of several transformers along the channel (last) axis.

    Like :class:`sklearn.pipeline.FeatureUnion`, but for per-position arrays: each transformer
    returns ``(n_sequences, length, channels_i)`` and the union returns
    ``(n_sequences, length, sum(channels_i))``. All lengths must agree.

    A transformer that returns a 2-D array ``(n_sequences, k)`` gives *whole-sequence*
    features: they are repeated along the length and placed in the **last** ``k`` channels,
    and ``n_global_features_`` counts them. Pass that number to the estimator
    (``SequenceCNNClassifier(n_global_features=...)``) so these channels skip the convolutions
    and join the dense layers.

    Parameters
    ----------
    transformer_list : list of tuples
        ``(name, transformer)`` pairs, each given all of X, or ``(name, transformer, columns)``
        triples as in :class:`~sklearn.compose.ColumnTransformer`, each given
        ``X[columns]`` (a column name gives a Series, a list of names a DataFrame; integers
        select columns of a 2-D array). A transformer may be ``"drop"`` (left out) or
        ``"passthrough"`` (the selected numeric columns as they are, e.g. whole-sequence
        features).
    n_jobs : int or None, default=None
        Transformers fitted in parallel (joblib processes). Folding results computed there
        do not reach this process's memory cache: for structure, prefer
        ``StructureTransformer(n_jobs=..., cache_dir=...)``.
    transformer_weights : dict or None, default=None
        Multiply each transformer's output by ``transformer_weights[name]``.

    Attributes
    ----------
    transformers_ : list of tuples
        The fitted transformers, ``(name, fitted transformer, columns)``.
    named_transformers_ : sklearn.utils.Bunch
        Fitted transformers by name.
    layout_ : list of ChannelBlock
        The output's channels, block by block in output order: each transformer's name, its
        ``slice`` of the channels, its own channel names and whether they are per position.
        The one record of the layout; the attributes below are read from it.
    output_indices_ : dict
        Name -> ``slice`` of the output channels that transformer fills.
    length_ : int
        Length of the output.
    n_global_features_ : int
        Number of whole-sequence channels at the end of the output.
    complement_channels_ : tuple of int or None
        For each output channel, the channel of its complement on the other strand: the
        parts' own pairings (``complement_channels_`` of the skseq transformers), offset to
        their channels, with whole-sequence features paired with themselves. None when a
        per-position part has no pairing (structure, tracks, protein, another library's
        transformer). The output carries it, as every skseq transformer's does.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.preprocessing import FunctionTransformer
    >>> from skseq.preprocessing import ChannelUnion, StructureTransformer
    >>> X = pd.DataFrame({"sequence": ["GGGGAAAACCCC", "GGGAUCCCAAAA"],
    ...                   "gc": [0.67, 0.5]})
    >>> union = ChannelUnion([
    ...     ("struct", StructureTransformer(), "sequence"),
    ...     ("gc", "passthrough", ["gc"]),
    ... ])
    >>> union.fit_transform(X).shape
    (2, 12, 7)
    >>> union.n_global_features_
    1
    >>> union.get_feature_names_out()[[0, -1]]
    array(['struct__S', 'gc__gc'], dtype=object)
    >>> union.layout_[0].name, union.layout_[0].channels, union.layout_[0].names[:2]
    ('struct', slice(0, 6, None), ('S', 'H'))

    Nested parameters work as in any sklearn composite:

    >>> union.set_params(struct__mode="probability").fit_transform(X).shape
    (2, 12, 6)
    """

    _parameter_constraints = {
        "transformer_list": [list],
        "n_jobs": [Integral, None],
        "transformer_weights": [dict, None],
    }

    def __init__(self, transformer_list, *, n_jobs=None, transformer_weights=None):
        self.transformer_list = transformer_list
        self.n_jobs = n_jobs
        self.transformer_weights = transformer_weights

    @property
    def named_transformers_(self):
        check_is_fitted(self, "transformers_")
        return Bunch(**{name: trans for name, trans, _ in self.transformers_})

    # ------------------------------------------------------------------ checks
    def _validated_entries(self):
        entries = []
        for i, entry in enumerate(self.transformer_list):
            if not isinstance(entry, (tuple, list)) or len(entry) not in (2, 3):
                raise ValueError(
                    f"transformer_list[{i}] is {entry!r}; expected (name, transformer) or "
                    "(name, transformer, columns)."
                )
            name, trans, columns = (*entry, None) if len(entry) == 2 else tuple(entry)
            if not isinstance(name, str):
                raise ValueError(f"transformer_list[{i}] has name {name!r}; names are strings.")
            if isinstance(trans, str):
                if trans not in ("drop", "passthrough"):
                    raise ValueError(
                        f"transformer {name!r} is the string {trans!r}; only 'drop' and "
                        "'passthrough' are allowed as strings."
                    )
            elif not HasMethods(["fit", "transform"]).is_satisfied_by(trans) or isinstance(
                trans, type
            ):
                raise TypeError(
                    f"transformer {name!r} must be a transformer instance with fit and "
                    f"transform, 'drop' or 'passthrough'; got {trans!r}."
                )
            entries.append((name, trans, columns))
        self._validate_names([name for name, _, _ in entries])
        weights = self.transformer_weights or {}
        unknown = set(weights) - {name for name, _, _ in entries}
        if unknown:
            raise ValueError(
                f"transformer_weights names {sorted(unknown)}, which are not transformers; "
                f"transformers are {[name for name, _, _ in entries]}."
            )
        kept = [e for e in entries if not (isinstance(e[1], str) and e[1] == "drop")]
        if not kept:
            raise ValueError("ChannelUnion has no transformers left (all are 'drop').")
        return kept

    # ------------------------------------------------------------------ fit / transform
    def fit(self, X, y=None):
        """Fit every transformer (and record the output layout).

        The transformers' outputs are needed to know which give whole-sequence features, so
        this is ``fit_transform`` with the result dropped.

        Parameters
        ----------
        X : array-like or DataFrame
            Input of the transformers (a DataFrame when columns are selected).
        y : array-like or None
            Passed to each transformer's ``fit``.

        Returns
        -------
        self : ChannelUnion
        """
        self.fit_transform(X, y)
        return self

    def fit_transform(self, X, y=None):
        """Fit every transformer and join their outputs.

        Returns
        -------
        X_out : ndarray of shape (n_sequences, length_, n_channels)
        """
        validate_params(self)
        entries = self._validated_entries()
        results = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_transform_one)(
                trans if isinstance(trans, str) else clone(trans),
                _select(X, columns, name),
                y,
                name,
            )
            for name, trans, columns in entries
        )
        self.transformers_ = [
            (name, fitted, columns) for (name, _, columns), (_, fitted) in zip(entries, results)
        ]
        outputs = [Xt for Xt, _ in results]
        pairings = [getattr(Xt, "complement_channels", None) for Xt in outputs]
        out = self._join(outputs, fitting=True)
        self.complement_channels_ = self._pairing(pairings)
        return EncodedSequences(out, self.complement_channels_)

    def transform(self, X):
        """Transform X with every fitted transformer and join the outputs.

        Returns
        -------
        X_out : ndarray of shape (n_sequences, length_, n_channels)
        """
        check_is_fitted(self, "transformers_")
        outputs = Parallel(n_jobs=self.n_jobs)(
            delayed(_transform_one)(trans, _select(X, columns, name), name)
            for name, trans, columns in self.transformers_
        )
        return EncodedSequences(self._join(outputs, fitting=False), self.complement_channels_)

    def _join(self, outputs, fitting):
        names = [name for name, _, _ in self.transformers_]
        weights = self.transformer_weights or {}
        arrays = []
        for name, Xt in zip(names, outputs):
            if sparse.issparse(Xt):
                raise ValueError(
                    f"transformer {name!r} returned a sparse matrix; ChannelUnion "
                    "joins dense arrays."
                )
            Xt = Xt.to_numpy() if hasattr(Xt, "to_numpy") else np.asarray(Xt)
            if Xt.ndim == 1:
                Xt = Xt[:, None]
            if Xt.ndim not in (2, 3):
                raise ValueError(
                    f"transformer {name!r} returned an array of shape {Xt.shape}; expected "
                    "(n_sequences, length, channels) or (n_sequences, n_features)."
                )
            if name in weights:
                Xt = Xt * np.float32(weights[name])
            arrays.append(Xt)
        n_samples = {name: Xt.shape[0] for name, Xt in zip(names, arrays)}
        if len(set(n_samples.values())) > 1:
            raise ValueError(f"transformers returned different numbers of sequences: {n_samples}.")
        lengths = {name: Xt.shape[1] for name, Xt in zip(names, arrays) if Xt.ndim == 3}
        if not lengths:
            raise ValueError(
                "no transformer returned per-position channels (n_sequences, length, channels); "
                f"all outputs are 2-D: {names}. Use sklearn's FeatureUnion for 2-D features."
            )
        if len(set(lengths.values())) > 1:
            detail = ", ".join(f"{name!r}: {length}" for name, length in lengths.items())
            raise ValueError(
                f"transformers returned different lengths ({detail}); give them the same "
                "length= (and align=) so positions line up."
            )
        length = next(iter(lengths.values()))
        if not fitting and length != self.length_:
            raise ValueError(f"transformers returned length {length}, but {self.length_} in fit.")
        # per-position channels first, in the order given; whole-sequence features last
        order = [i for i, Xt in enumerate(arrays) if Xt.ndim == 3]
        order += [i for i, Xt in enumerate(arrays) if Xt.ndim == 2]
        all_uint8 = all(a.dtype in (np.uint8, np.bool_) for a in arrays)
        dtype = np.uint8 if all_uint8 else np.float32
        widths = [arrays[i].shape[-1] for i in order]
        out = np.empty((arrays[0].shape[0], length, sum(widths)), dtype=dtype)
        blocks, start = [], 0
        for i, width in zip(order, widths):
            block = arrays[i] if arrays[i].ndim == 3 else arrays[i][:, None, :]
            out[:, :, start : start + width] = block  # broadcasts whole-sequence features
            blocks.append((names[i], slice(start, start + width), arrays[i].ndim == 3))
            start += width
        if fitting:
            self.length_ = length
            self.layout_ = [
                ChannelBlock(name, channels, self._own_names(name, channels), per_position)
                for name, channels, per_position in blocks
            ]
        elif [b[:2] for b in blocks] != [(b.name, b.channels) for b in self.layout_]:
            raise ValueError(
                f"transformers returned channels {dict(b[:2] for b in blocks)}, but "
                f"{self.output_indices_} in fit."
            )
        return out

    def _pairing(self, pairings):
        """The output's complement pairing, from the parts' (in input order), or None."""
        names = [name for name, _, _ in self.transformers_]
        own = dict(zip(names, pairings))
        out = []
        for block in self.layout_:
            start, stop = block.channels.start, block.channels.stop
            if not block.per_position:  # whole-sequence features are not complemented
                out += range(start, stop)
            elif own[block.name] is None or len(own[block.name]) != stop - start:
                return None
            else:
                out += [start + c for c in own[block.name]]
        return tuple(out)

    def _own_names(self, name, channels):
        """A fitted transformer's names of its channels, asked once, when it is fitted."""
        trans, columns = next((t, c) for n, t, c in self.transformers_ if n == name)
        width = channels.stop - channels.start
        if isinstance(trans, str):  # passthrough
            own = [str(c) for c in np.atleast_1d(columns)] if columns is not None else None
        else:
            # get_channel_names: the bare names (no prefix of the transformer's own); the
            # union adds "name__" once, in get_feature_names_out
            method = getattr(trans, "get_channel_names", None) or getattr(
                trans, "get_feature_names_out", None
            )
            try:
                own = [str(c) for c in method()] if method is not None else None
            except (AttributeError, TypeError, ValueError):
                own = None
        if own is None or len(own) != width:
            own = [str(j) for j in range(width)]
        return tuple(own)

    @property
    def output_indices_(self):
        """Name -> ``slice`` of the output channels that transformer fills."""
        check_is_fitted(self, "layout_")
        return {block.name: block.channels for block in self.layout_}

    @property
    def n_global_features_(self):
        """Number of whole-sequence channels at the end of the output."""
        check_is_fitted(self, "layout_")
        return sum(b.channels.stop - b.channels.start for b in self.layout_ if not b.per_position)

    def get_feature_names_out(self, input_features=None):
        """Channel names, each prefixed by its transformer's name (``"seq__A"``, ...).

        Parameters
        ----------
        input_features : None
            Ignored.

        Returns
        -------
        names : ndarray of str objects
        """
        check_is_fitted(self, "layout_")
        return np.asarray(
            [f"{block.name}__{own}" for block in self.layout_ for own in block.names], dtype=object
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.one_d_array = True
        tags.input_tags.string = True
        tags.transformer_tags.preserves_dtype = []
        return tags
