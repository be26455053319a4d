"""SequenceCNNRegressor: single- and multi-output regression on sequences."""

import keras
import numpy as np
from sklearn.base import RegressorMixin
from sklearn.utils import RegressorTags

from ._base import _SequenceCNNBase
from ._docstrings import _SHARED_ATTRIBUTES, _SHARED_DOC
from ._scikeras_compat import RegressorBase

__all__ = ["SequenceCNNRegressor"]


def _numeric_target(y, caller):
    """y as a float array of Keras' dtype, or a ValueError naming the first non-number."""
    if y.dtype.kind in "USO":
        for i, value in enumerate(y.reshape(len(y), -1)):
            for v in value:
                v = v.item() if isinstance(v, np.generic) else v
                if isinstance(v, (str, bytes)) or not np.isscalar(v):
                    where = f"y[{i}]" if y.ndim == 1 else f"row {i} of y"
                    raise ValueError(
                        f"{caller} needs numeric y; {where} is {v!r} ({type(v).__name__}). "
                        "Convert the targets to numbers (for classes, use "
                        "SequenceCNNClassifier)."
                    )
    elif y.dtype.kind not in "biuf":
        raise ValueError(f"{caller} needs numeric y; got an array of dtype {y.dtype}.")
    y = y.astype(keras.backend.floatx(), copy=False)
    bad = np.argwhere(~np.isfinite(y))
    if len(bad):
        raise ValueError(f"{caller}: Input y contains NaN or infinity at index {tuple(bad[0])}.")
    return y


class SequenceCNNRegressor(_SequenceCNNBase, RegressorBase):
    __doc__ = (
        """A convolutional network on one-hot sequences as a scikit-learn regressor.

    Single- and multi-output regression (mean squared error, linear output) of
    ``(n_sequences, length, channels)`` arrays. Same networks and training recipe as
    :class:`SequenceCNNClassifier`; the validation split is not stratified.
"""
        + _SHARED_DOC
        + """
    Attributes
    ----------
"""
        + _SHARED_ATTRIBUTES
        + """
    See Also
    --------
    SequenceCNNClassifier : the same networks for classification.

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.models import SequenceCNNRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(100, 30))]
    >>> y = X[:, :, 0].mean(axis=1)          # the fraction of A
    >>> reg = SequenceCNNRegressor(n_filters=4, dense_units=8, epochs=2, random_state=0)
    >>> reg.fit(X, y).predict(X[:3]).shape
    (3,)
"""
    )

    score = RegressorMixin.score

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.estimator_type = "regressor"
        tags.regressor_tags = RegressorTags()
        return tags

    def fit(self, X, y, sample_weight=None, callbacks=None, validation_indices=None):
        """Train the network on sequences X and targets y.

        Parameters
        ----------
        X : array-like of shape (n_sequences, length, channels) or (n_sequences, length * channels)
            Encoded sequences, any numeric dtype.
        y : array-like of shape (n_sequences,) or (n_sequences, n_targets)
            Targets.
        sample_weight : array-like of shape (n_sequences,), default=None
            Weights of the sequences in the loss.
        callbacks : list of keras.callbacks.Callback, default=None
            Extra Keras callbacks for this fit only (e.g.
            :class:`skseq.tuning.EpochPruningCallback`); not a hyperparameter, so a clone
            does not carry them.
        validation_indices : array-like of int or bool, default=None
            The sequences of X that monitor early stopping and the learning-rate schedule
            (indices, or a boolean mask), instead of a random ``validation_fraction``: for
            example every sequence of a held-out chromosome. They are not trained on.

        Returns
        -------
        self : SequenceCNNRegressor
            The fitted estimator.
        """
        X, y, sample_weight = self._prepare_fit(X, y, sample_weight)
        y = _numeric_target(y, type(self).__name__)
        self._y_1d = y.ndim == 1
        y = y.reshape(len(y), -1)
        self.n_outputs_ = y.shape[1]
        self._fit_network(
            X,
            y,
            sample_weight,
            self.n_outputs_,
            "linear",
            "mean_squared_error",
            ["mean_absolute_error"],
            stratify=None,
            callbacks=callbacks or (),
            validation_indices=validation_indices,
        )
        return self

    def predict(self, X):
        """Predicted targets.

        Parameters
        ----------
        X : array-like of shape (n_sequences, length, channels) or (n_sequences, length * channels)
            Encoded sequences of the length and channel count seen in ``fit``.

        Returns
        -------
        ndarray of shape (n_sequences,) or (n_sequences, n_targets)
            1-D when ``fit`` saw a 1-D y.
        """
        out = self._predict_raw(X)
        return out[:, 0] if self._y_1d else out
