"""Input checks of the estimators: X, y, sample_weight and feature names.

Everything is checked before any training starts, and every error names the estimator and
where the problem is (sequence, position and channel; index into y or sample_weight).
Encoded arrays go through :func:`skseq.utils.check_encoded`, which does not copy numeric
input (one-hot ``uint8`` reaches Keras as it is).

The channel pairing that ``reverse_complement`` permutes by comes from the estimator's
``alphabet`` or from the array itself (:class:`skseq.utils.EncodedSequences`, what the skseq
transformers return): :meth:`InputMixin._complement_channels`.
"""

import warnings

import keras
import numpy as np

from skseq._alphabets import resolve_alphabet
from skseq.utils import EncodedSequences, check_encoded

__all__ = ["InputMixin"]


def _first_non_finite(arr):
    """Index tuple of the first NaN or infinite value of a float array, or None."""
    if arr.dtype.kind not in "fc" or np.isfinite(arr.sum()):
        return None
    bad = np.argwhere(~np.isfinite(arr))
    return tuple(int(i) for i in bad[0]) if len(bad) else None


def _feature_names(X):
    """Column names of a DataFrame when all are str, else None (scikit-learn's rule)."""
    columns = getattr(X, "columns", None)
    if columns is None:
        return None
    names = np.asarray(columns, dtype=object)
    kinds = {isinstance(name, str) for name in names}
    if kinds == {True}:
        return names
    if kinds == {True, False}:
        raise TypeError(
            "Feature names are only supported if all input features have string names, but "
            "your input has mixed types; convert them all to str."
        )
    return None


def _sequence_pairing(pairing, n_seq):
    """The pairing of the first ``n_seq`` channels, when they pair among themselves only."""
    if pairing is None or sorted(pairing[:n_seq]) != list(range(n_seq)):
        return None
    return tuple(pairing[:n_seq])


def _no_pairing(estimator, carries):
    """Why the channels of X have no known complement, and what to do (an error's end)."""
    why = "needs the channel of each channel's complement on the other strand, but "
    if estimator.alphabet is not None:
        return (
            why + f"alphabet={estimator.alphabet!r} has symbols with no complement (only "
            "nucleotide alphabets such as 'ACGT', 'ACGU' or IUPAC codes have one). Set "
            "reverse_complement=None."
        )
    if carries:
        return (
            why + "the encoder that made X gives no pairing: its channels are not all "
            "nucleotides (protein, RNA structure or track channels have no complement). Set "
            "reverse_complement=None, or encode the sequence alone."
        )
    return (
        why + "X is a plain array, which does not say which symbol each channel is. Pass "
        "alphabet= with the symbols of X's channels in order (alphabet='ACGT' for one-hot "
        "DNA in that order), or put skseq.SequenceOneHotTransformer before this estimator "
        "in a Pipeline."
    )


class InputMixin:
    """``_validate_X``, ``_check_y_numbers``, ``_check_sample_weight`` and feature names."""

    def _check_feature_names(self, X, reset):
        """Set or check ``feature_names_in_``, with scikit-learn's rules and messages.

        scikit-learn's ``validate_data(..., skip_check_array=True)`` would also set
        ``n_features_in_`` to ``X.shape[1]``, the sequence length for 3-D input; here
        ``n_features_in_`` is ``length * channels`` (the width of the flattened input).
        """
        names = _feature_names(X)
        name = type(self).__name__
        if reset:
            if names is not None:
                self.feature_names_in_ = names
            elif hasattr(self, "feature_names_in_"):
                del self.feature_names_in_
            return
        fitted = getattr(self, "feature_names_in_", None)
        if names is None and fitted is None:
            return
        if fitted is None:
            warnings.warn(
                f"X has feature names, but {name} was fitted without feature names",
                UserWarning,
                stacklevel=4,
            )
        elif names is None:
            warnings.warn(
                f"X does not have valid feature names, but {name} was fitted with feature names",
                UserWarning,
                stacklevel=4,
            )
        elif len(names) != len(fitted) or np.any(names != fitted):
            unseen = sorted(set(names) - set(fitted))[:5]
            missing = sorted(set(fitted) - set(names))[:5]
            raise ValueError(
                "The feature names should match those that were passed during fit.\n"
                f"Feature names unseen at fit time: {unseen}; seen at fit time, yet now "
                f"missing: {missing}"
                + ("" if unseen or missing else "; they must be in the same order as in fit")
            )

    def _validate_X(self, X, reset):
        """Check X and return it as a ``(n, length, channels)`` array, copying only if needed."""
        name = type(self).__name__
        if not hasattr(X, "shape"):
            try:
                X = np.asarray(X)
            except ValueError as exc:  # ragged nesting
                raise ValueError(
                    f"{name}: X cannot be read as an array of encoded sequences ({exc}). "
                    "Sequences of different lengths must be padded or trimmed to one length "
                    "(skseq.SequenceOneHotTransformer does this)."
                ) from None
        self._check_feature_names(X, reset)
        ndim = len(X.shape)
        # scikit-learn's checks expect these three phrasings (check_estimator)
        if ndim == 1 and getattr(getattr(X, "dtype", None), "kind", "") in "USaO":
            raise ValueError(
                f"{name}: X holds strings; encode the sequences first, for example with "
                "skseq.SequenceOneHotTransformer"
            )
        if ndim == 1:
            raise ValueError(
                f"{name}: X must be 3-D (n_sequences, length, channels) or 2-D (n_sequences, "
                f"length * channels); got a 1-D array of shape {X.shape}. Reshape your data, "
                f"or encode sequences with skseq.SequenceOneHotTransformer."
            )
        if getattr(getattr(X, "dtype", None), "kind", None) == "c":
            raise ValueError(f"{name}: Complex data not supported; X has dtype {X.dtype}.")
        if ndim in (2, 3) and 0 in X.shape[1:]:
            raise ValueError(
                f"{name}: Found array with 0 feature(s) (shape={X.shape}) while a minimum "
                f"of 1 is required."
            )
        if reset:
            n_channels = self.n_channels
            channels = n_channels or 1
        else:
            length, channels = self.input_shape_
            if ndim == 2 and X.shape[1] != length * channels:
                raise ValueError(
                    f"X has {X.shape[1]} features, but {name} is expecting "
                    f"{length * channels} features as input (sequences of length {length} "
                    f"with {channels} channels, flattened)."
                )
        X = check_encoded(
            getattr(X, "values", X) if hasattr(X, "columns") else X,
            caller=name,
            n_channels=channels if ndim == 2 else None,
            allow_2d=True,
        )
        if reset and ndim == 3 and n_channels is not None and X.shape[2] != n_channels:
            raise ValueError(
                f"{name}: n_channels={n_channels} but X has {X.shape[2]} channels "
                f"(shape {X.shape})."
            )
        if not reset and X.shape[1:] != (length, channels):
            raise ValueError(
                f"X has sequences of length {X.shape[1]} with {X.shape[2]} channels, but "
                f"{name} was fitted on length {length} with {channels} channels."
            )
        # what the array carried was read before (_complement_channels); Keras gets the array
        return X.view(np.ndarray) if isinstance(X, EncodedSequences) else X

    def _complement_channels(self, X_given, X):
        """The pairing of X's sequence channels on the other strand (``complement_channels_``).

        From ``alphabet`` when given, else from what ``X_given`` (the array as passed to
        ``fit``) carries; both given must agree. Raises, before any training, when
        ``reverse_complement`` is on and no pairing is known.
        """
        name = type(self).__name__
        n_fixed = 0 if self.model is not None else int(self.n_global_features)
        n_seq = X.shape[2] - n_fixed
        if n_seq < 1:
            raise ValueError(
                f"{name}: n_global_features={n_fixed} must be smaller than the {X.shape[2]} "
                "channels of X."
            )
        explicit = None
        if self.alphabet is not None:
            try:
                alphabet = resolve_alphabet(self.alphabet, wildcards=None)
            except ValueError as exc:
                raise ValueError(f"{name}: {exc}") from None
            if len(alphabet.symbols) != n_seq:
                fixed = f" (and {n_fixed} whole-sequence features)" if n_fixed else ""
                raise ValueError(
                    f"{name}: alphabet={self.alphabet!r} names {len(alphabet.symbols)} "
                    f"channels ({alphabet.symbols}), but X has {n_seq} sequence "
                    f"channels{fixed}; give the symbols of X's channels in order."
                )
            explicit = alphabet.complement_channels
        carries = isinstance(X_given, EncodedSequences)
        carried = _sequence_pairing(X_given.complement_channels, n_seq) if carries else None
        if carries and self.alphabet is not None and explicit != carried:
            raise ValueError(
                f"{name}: alphabet={self.alphabet!r} pairs X's channels as {explicit} on the "
                f"other strand, but X comes from an encoder that pairs them as {carried}. "
                "Leave alphabet=None to use the encoder's pairing, or pass np.asarray(X) if "
                "alphabet is right."
            )
        pairing = explicit if self.alphabet is not None else carried
        mode = self.reverse_complement
        if mode is not None and pairing is None:
            raise ValueError(f"{name}: reverse_complement={mode!r} " + _no_pairing(self, carries))
        return pairing

    def _check_y_numbers(self, y):
        name = type(self).__name__
        if y is None:
            raise ValueError(f"{name} requires y to be passed, but the target y is None.")
        y = np.asarray(y)
        if y.ndim not in (1, 2):
            raise ValueError(f"{name}: y must be 1-D or 2-D; got shape {y.shape}.")
        if y.dtype.kind in "fc":
            bad = _first_non_finite(y)
            if bad is not None:
                raise ValueError(f"{name}: Input y contains NaN or infinity at index {bad}.")
        return y

    def _check_sample_weight(self, X, y, sample_weight):
        name = type(self).__name__
        if len(X) != len(y):
            raise ValueError(f"{name}: X has {len(X)} sequences but y has {len(y)} entries.")
        if sample_weight is None:
            return None
        try:
            sample_weight = np.asarray(sample_weight, dtype=keras.backend.floatx())
        except (TypeError, ValueError):
            raise ValueError(
                f"{name}: sample_weight must be numbers, one per sequence; got "
                f"{sample_weight!r:.80}."
            ) from None
        if sample_weight.shape != (len(X),):
            raise ValueError(
                f"{name}: sample_weight must have shape ({len(X)},); got {sample_weight.shape}."
            )
        bad = np.flatnonzero(~np.isfinite(sample_weight) | (sample_weight < 0))
        if bad.size:
            raise ValueError(
                f"{name}: sample_weight must be finite and non-negative; sample_weight"
                f"[{bad[0]}] is {sample_weight[bad[0]]} ({bad.size} such weights in all)."
            )
        if not sample_weight.any():
            raise ValueError(
                f"{name}: sample_weight is zero for every sequence: nothing to train on."
            )
        return sample_weight
