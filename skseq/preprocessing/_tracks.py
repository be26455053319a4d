"""TrackTransformer: extra per-position values (conservation, accessibility, ...) as channels."""

import numpy as np
from sklearn.utils.validation import check_is_fitted

from skseq.utils._padding import pad_or_trim_flat
from skseq.utils._param_validation import Integral, Interval, Real, StrOptions
from skseq.utils._validation import check_collection

from ._base import EncoderBase


def _parse_line(text, index):
    try:
        return np.array(text.split(), dtype=np.float64)
    except ValueError:
        token = next(t for t in text.split() if not _is_number(t))
        raise ValueError(
            f"track of sequence {index} holds {token!r}, which is not a number."
        ) from None


def _is_number(token):
    try:
        float(token)
    except ValueError:
        return False
    return True


class TrackTransformer(EncoderBase, auto_wrap_output_keys=None):
    """Per-position numeric tracks as channels of shape ``(n_sequences, length, n_tracks)``.

    pysster lets a model read extra values at every position beside the sequence; this
    transformer brings them into a pipeline, to be joined with the sequence by
    :class:`ChannelUnion`. Whole-sequence values (pysster's ``*_add.txt``) are not tracks:
    read them with :meth:`read_global_features` and give them to ``ChannelUnion`` as 2-D
    (``"passthrough"`` or any 2-D transformer); they become its global features.

    Parameters
    ----------
    length : int or None, default=None
        Length of the output. ``None``: the longest track seen in ``fit``. Shorter tracks are
        padded with zeros (after scaling), longer ones trimmed, as set by ``align``.
    align : {"left", "right", "center"}, default="left"
        Where a track sits when padded or trimmed (as in the sequence encoders).
    scale : {None, "robust", "standard"}, default=None
        Per-track scaling learned in ``fit`` over all positions of all sequences:
        ``"robust"`` subtracts the median and divides by the interquartile range,
        ``"standard"`` subtracts the mean and divides by the standard deviation.
    fill_value : float or None, default=None
        Value for missing (NaN) positions, filled before scaling. ``None``: a NaN is an error
        that names the sequence and position.

    Attributes
    ----------
    length_ : int
        Length of the output.
    n_tracks_ : int
        Number of tracks (output channels).
    track_names_ : ndarray of str
        Names of the tracks: DataFrame column names, else ``track_0``, ``track_1``, ...
    center_, scale_ : ndarray of shape ``(n_tracks_,)``
        Subtracted and divided per track (zeros and ones when ``scale=None``).
    complement_channels_ : None
        Always None: the values of the other strand are not a permutation of these
        channels, so ``reverse_complement`` refuses them.

    Notes
    -----
    Accepted input: a numeric array ``(n, L)`` (one track) or ``(n, L, k)``; a sequence (list,
    Series, object array) of per-sequence arrays ``(L_i,)`` or ``(L_i, k)`` or of
    whitespace-separated strings (one line of pysster's ``*_pos.txt``); or a DataFrame whose
    columns are tracks, each cell an array (or string) of one sequence. Positions in error
    messages are 0-based.

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.preprocessing import TrackTransformer
    >>> tracks = [np.array([0.9, 0.8, 0.7]), np.array([0.0, 0.2])]
    >>> TrackTransformer().fit_transform(tracks)[:, :, 0]
    array([[0.9, 0.8, 0.7],
           [0. , 0.2, 0. ]], dtype=float32)
    >>> TrackTransformer(scale="standard").fit_transform([[1.0, 3.0], [1.0, 3.0]])[0, :, 0]
    array([-1.,  1.], dtype=float32)
    >>> TrackTransformer().fit_transform(["0.1 0.2 0.3", "1 2 3"]).shape
    (2, 3, 1)
    """

    _parameter_constraints = {
        "length": [Interval(Integral, 1, None, closed="left"), None],
        "align": [StrOptions({"left", "right", "center"})],
        "scale": [StrOptions({"robust", "standard"}), None],
        "fill_value": [Real, None],
    }

    def __init__(self, length=None, align="left", scale=None, fill_value=None):
        self.length = length
        self.align = align
        self.scale = scale
        self.fill_value = fill_value

    # ------------------------------------------------------------------ reading files
    @staticmethod
    def read_tracks(path):
        """Read per-position values, one whitespace-separated line per sequence.

        This is the format of pysster's ``*_pos.txt`` files.

        Parameters
        ----------
        path : str or path
            Text file; blank lines are skipped.

        Returns
        -------
        tracks : list of ndarray of shape (L_i,)
            One float array per sequence, ready for :meth:`fit` / :meth:`transform`.
        """
        with open(path) as handle:
            lines = [line for line in handle if line.strip()]
        try:
            return [_parse_line(line, i) for i, line in enumerate(lines)]
        except ValueError as error:
            raise ValueError(f"{path}: {error}") from None

    @staticmethod
    def read_global_features(path):
        """Read whole-sequence values, one line per sequence (pysster's ``*_add.txt``).

        Parameters
        ----------
        path : str or path
            Text file of one or more whitespace-separated numbers per line, the same count on
            every line.

        Returns
        -------
        features : ndarray of shape (n_sequences, k)
            Give it to :class:`ChannelUnion` as whole-sequence features (e.g. as a DataFrame
            column selected with ``"passthrough"``).
        """
        tracks = TrackTransformer.read_tracks(path)
        widths = {len(t) for t in tracks}
        if len(widths) > 1:
            first = next(i for i, t in enumerate(tracks) if len(t) != len(tracks[0]))
            raise ValueError(
                f"{path}: line {first + 1} has {len(tracks[first])} values but line 1 has "
                f"{len(tracks[0])}; whole-sequence features need the same count on every line."
            )
        return np.vstack(tracks) if tracks else np.zeros((0, 0))

    # ------------------------------------------------------------------ fit / transform hooks
    _fitted_attribute = "n_tracks_"

    def _learn(self, parsed, checked):
        tracks, names = parsed
        self.n_tracks_ = tracks[0].shape[1]
        self.track_names_ = np.asarray(names, dtype=object)
        self.length_ = int(self.length) if self.length is not None else max(len(t) for t in tracks)
        values = np.concatenate(tracks, axis=0)
        if self.scale == "robust":
            q25, median, q75 = np.percentile(values, [25, 50, 75], axis=0)
            self.center_, spread = median, q75 - q25
        elif self.scale == "standard":
            self.center_, spread = values.mean(axis=0), values.std(axis=0)
        else:
            self.center_, spread = np.zeros(self.n_tracks_), np.ones(self.n_tracks_)
        self.scale_ = np.where(spread > 0, spread, 1.0)  # a constant track is only centred

    def _check_transform(self, parsed):
        tracks = parsed[0]
        if tracks[0].shape[1] != self.n_tracks_:
            raise ValueError(
                f"{type(self).__name__} was fitted on {self.n_tracks_} tracks but got "
                f"{tracks[0].shape[1]}."
            )

    def _output(self, parsed):
        """Scaled tracks, padded or trimmed to ``length_``."""
        tracks = parsed[0]
        lengths = np.fromiter(map(len, tracks), dtype=np.int64, count=len(tracks))
        scaled = (np.concatenate(tracks, axis=0) - self.center_) / self.scale_
        return pad_or_trim_flat(scaled.astype(np.float32), lengths, self.length_, align=self.align)

    def get_feature_names_out(self, input_features=None):
        """Track names (``track_0``, ... or the DataFrame's column names).

        Returns
        -------
        names : ndarray of str objects
        """
        check_is_fitted(self, "n_tracks_")
        return self.track_names_.copy()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.input_tags.string = True
        tags.input_tags.allow_nan = self.fill_value is not None
        tags.target_tags.required = False
        tags.transformer_tags.preserves_dtype = []
        return tags

    # ------------------------------------------------------------------ input
    def _parse(self, X):
        """A list of float arrays (L_i, k), checked, NaNs filled; and the track names."""
        name = type(self).__name__
        if hasattr(X, "columns") and hasattr(X, "iloc"):  # DataFrame: one track per column
            names = [str(c) for c in X.columns]
            columns = [self._parse_items(X[c].tolist(), one_track=True) for c in X.columns]
            if not columns or not columns[0]:
                raise ValueError(f"{name} got no tracks (empty input).")
            tracks = []
            for i, parts in enumerate(zip(*columns)):
                lengths = {len(p) for p in parts}
                if len(lengths) > 1:
                    detail = ", ".join(f"{n!r}: {len(p)}" for n, p in zip(names, parts))
                    raise ValueError(f"tracks of sequence {i} have different lengths ({detail}).")
                tracks.append(np.hstack(parts))
        else:
            if isinstance(X, str):
                raise ValueError(
                    f"{name} takes one track per sequence, not a single string; "
                    "use TrackTransformer.read_tracks(path) to read a file."
                )
            check_collection(X, caller=name, what="tracks (one per sequence)")
            if isinstance(X, np.ndarray) and X.dtype.kind in "biuf":
                if X.ndim not in (2, 3):
                    raise ValueError(
                        f"{name} takes a numeric array of shape (n, length) or (n, length, "
                        f"tracks); got shape {X.shape}."
                    )
                items = list(X if X.ndim == 3 else X[:, :, None])
            else:
                try:
                    items = X.tolist() if hasattr(X, "tolist") else list(X)
                except TypeError:
                    raise ValueError(
                        f"{name}: expected an iterable of tracks (one per sequence), got "
                        f"{type(X).__name__}"
                    ) from None
            tracks = self._parse_items(items, one_track=False)
            if not tracks:
                raise ValueError(f"{name} got no tracks (empty input).")
            names = [f"track_{j}" for j in range(tracks[0].shape[1])]
        first = next((i for i, t in enumerate(tracks) if t.shape[1] != tracks[0].shape[1]), None)
        if first is not None:
            raise ValueError(
                f"sequence {first} has {tracks[first].shape[1]} tracks but sequence 0 has "
                f"{tracks[0].shape[1]}."
            )
        return [self._check_values(t, i) for i, t in enumerate(tracks)], names

    def _parse_items(self, items, one_track):
        tracks = []
        for i, item in enumerate(items):
            if isinstance(item, str):
                track = _parse_line(item, i)
            else:
                try:
                    track = np.asarray(item, dtype=np.float64)
                except (TypeError, ValueError):
                    raise ValueError(
                        f"track of sequence {i} is a {type(item).__name__}, not numbers."
                    ) from None
            if track.ndim == 1:
                track = track[:, None]
            if track.ndim != 2 or (one_track and track.shape[1] != 1):
                expected = "(length,)" if one_track else "(length,) or (length, tracks)"
                raise ValueError(
                    f"track of sequence {i} has shape {np.shape(item)}; expected {expected}."
                )
            if len(track) == 0:
                raise ValueError(f"track of sequence {i} is empty.")
            tracks.append(track)
        return tracks

    def _check_values(self, track, index):
        if np.isinf(track).any():
            position, column = np.argwhere(np.isinf(track))[0]
            raise ValueError(
                f"track {column} of sequence {index} is infinite at position {position}."
            )
        missing = np.isnan(track)
        if missing.any():
            if self.fill_value is None:
                position, column = np.argwhere(missing)[0]
                raise ValueError(
                    f"track {column} of sequence {index} is NaN at position {position}; set "
                    "fill_value to fill missing values."
                )
            track = np.where(missing, self.fill_value, track)
        return track
