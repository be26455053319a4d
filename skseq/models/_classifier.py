"""SequenceCNNClassifier: binary, multiclass and multilabel classification of sequences."""

import keras
import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import ClassifierTags
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.multiclass import check_classification_targets, type_of_target

from skseq.utils._param_validation import StrOptions

from ._base import _SequenceCNNBase
from ._docstrings import _SHARED_ATTRIBUTES, _SHARED_DOC
from ._scikeras_compat import ClassifierBase

__all__ = ["SequenceCNNClassifier"]


class SequenceCNNClassifier(_SequenceCNNBase, ClassifierBase):
    __doc__ = (
        """A convolutional network on one-hot sequences as a scikit-learn classifier.

    Binary, multiclass (any label type) and multilabel (indicator matrix) classification of
    ``(n_sequences, length, channels)`` arrays, such as the output of
    :class:`skseq.SequenceOneHotTransformer`. The network's defaults are pysster's settings
    for its RBP benchmark with one convolution block more: three convolution layers of 30
    kernels of length 8, max-pool 2, one dense layer of 100, dropout 0.1/0.3/0.6, batch 128;
    the schedule converges faster than pysster's (Adam 5e-4, patience 15): Adam 2e-3,
    learning rate halved after 3 epochs without improvement, early stopping with patience 6
    on a 20 % validation split.
"""
        + _SHARED_DOC
        + """    class_weight : None, "balanced" or dict, default=None
        Weights of the classes in the loss (binary and multiclass), multiplied into
        ``sample_weight``. "balanced" weights classes inversely to their frequency.

    Attributes
    ----------
    classes_ : ndarray
        Class labels (for multilabel y: ``0 .. n_labels - 1``).
"""
        + _SHARED_ATTRIBUTES
        + """
    See Also
    --------
    SequenceCNNRegressor : the same networks for regression.
    skseq.plotting.TrainingHistoryDisplay : training and validation curves of a fitted
        estimator.

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.models import SequenceCNNClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(100, 30))]
    >>> y = rng.integers(0, 2, size=100)
    >>> clf = SequenceCNNClassifier(n_filters=4, dense_units=8, epochs=2, random_state=0)
    >>> clf.fit(X, y).predict_proba(X[:3]).shape
    (3, 2)
    >>> tuple(clf.model_.get_layer("conv_1").kernel.shape)
    (8, 4, 4)
"""
    )

    _parameter_constraints = {
        **_SequenceCNNBase._parameter_constraints,
        "class_weight": [StrOptions({"balanced"}), dict, None],
    }

    def __init__(
        self,
        *,
        architecture="auto",
        n_conv_layers=3,
        n_filters=30,
        kernel_size=8,
        pool_size=2,
        n_dense_layers=1,
        dense_units=100,
        dropout_input=0.1,
        dropout_conv=0.3,
        dropout_dense=0.6,
        recurrent_units=0,
        learning_rate=2e-3,
        batch_size=128,
        epochs=100,
        validation_fraction=0.2,
        patience=6,
        lr_patience=3,
        precision="float32",
        reverse_complement=None,
        alphabet=None,
        max_shift=0,
        class_weight=None,
        n_channels=None,
        n_global_features=0,
        model=None,
        random_state=None,
        verbose=0,
    ):
        super().__init__(
            architecture=architecture,
            n_conv_layers=n_conv_layers,
            n_filters=n_filters,
            kernel_size=kernel_size,
            pool_size=pool_size,
            n_dense_layers=n_dense_layers,
            dense_units=dense_units,
            dropout_input=dropout_input,
            dropout_conv=dropout_conv,
            dropout_dense=dropout_dense,
            recurrent_units=recurrent_units,
            learning_rate=learning_rate,
            batch_size=batch_size,
            epochs=epochs,
            validation_fraction=validation_fraction,
            patience=patience,
            lr_patience=lr_patience,
            precision=precision,
            reverse_complement=reverse_complement,
            alphabet=alphabet,
            max_shift=max_shift,
            n_channels=n_channels,
            n_global_features=n_global_features,
            model=model,
            random_state=random_state,
            verbose=verbose,
        )
        self.class_weight = class_weight

    score = ClassifierMixin.score

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.estimator_type = "classifier"
        tags.classifier_tags = ClassifierTags(multi_class=True, multi_label=True)
        return tags

    def _encode_target(self, y):
        """Return the Keras target, the loss, output activation and metrics; set classes_."""
        check_classification_targets(y)
        kind = type_of_target(y, input_name="y")
        if kind == "multilabel-indicator":
            if self.class_weight is not None:
                raise ValueError("class_weight is not supported for multilabel y.")
            y = np.asarray(y)
            self.classes_ = np.arange(y.shape[1])
            self._multilabel = True
            return (
                y.astype(keras.backend.floatx()),
                "binary_crossentropy",
                "sigmoid",
                y.shape[1],
                ["binary_accuracy"],
            )
        self._multilabel = False
        y = y.ravel() if y.ndim == 2 and y.shape[1] == 1 else y
        if y.ndim != 1:
            raise ValueError(
                f"y of shape {y.shape} is not supported: pass a 1-D label vector or a "
                f"multilabel indicator matrix."
            )
        encoder = LabelEncoder().fit(y)
        self.classes_ = encoder.classes_
        if len(self.classes_) < 2:
            raise ValueError(
                f"y has only one class ({self.classes_[0]!r}); a classifier needs at "
                f"least two classes."
            )
        y_enc = encoder.transform(y)
        if len(self.classes_) == 2:
            metrics = ["accuracy", keras.metrics.AUC(name="auc")]
            return (
                y_enc.astype(keras.backend.floatx()).reshape(-1, 1),
                "binary_crossentropy",
                "sigmoid",
                1,
                metrics,
            )
        return (
            y_enc.astype(np.int32),
            "sparse_categorical_crossentropy",
            "softmax",
            len(self.classes_),
            ["accuracy"],
        )

    def _class_sample_weight(self, y_enc, sample_weight):
        if self.class_weight is None:
            return sample_weight
        codes = y_enc.ravel().astype(int)
        if isinstance(self.class_weight, dict):
            unknown = set(self.class_weight) - set(self.classes_.tolist())
            if unknown:
                raise ValueError(
                    f"class_weight names classes {sorted(unknown, key=str)} not in y "
                    f"(classes: {self.classes_.tolist()})."
                )
            weights = np.array([self.class_weight.get(c, 1.0) for c in self.classes_])
        else:  # classes_ comes from this y, so every class is present
            weights = compute_class_weight(
                "balanced", classes=np.arange(len(self.classes_)), y=codes
            )
        w = weights[codes].astype(keras.backend.floatx())
        return w if sample_weight is None else w * sample_weight

    def fit(self, X, y, sample_weight=None, callbacks=None, validation_indices=None):
        """Train the network on sequences X and labels y.

        Parameters
        ----------
        X : array-like of shape (n_sequences, length, channels) or (n_sequences, length * channels)
            Encoded sequences, any numeric dtype (``uint8`` one-hot is passed to Keras
            as is and cast per batch).
        y : array-like of shape (n_sequences,) or (n_sequences, n_labels)
            Class labels, or a multilabel indicator matrix.
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
        self : SequenceCNNClassifier
            The fitted estimator.
        """
        X, y, sample_weight = self._prepare_fit(X, y, sample_weight)
        y_enc, loss, activation, n_outputs, metrics = self._encode_target(y)
        sample_weight = (
            None if self._multilabel else self._class_sample_weight(y_enc, sample_weight)
        )
        self.n_outputs_ = n_outputs
        stratify = None if self._multilabel else y_enc.ravel()
        self._fit_network(
            X,
            y_enc,
            sample_weight,
            n_outputs,
            activation,
            loss,
            metrics,
            stratify,
            callbacks=callbacks or (),
            validation_indices=validation_indices,
        )
        return self

    def predict_proba(self, X):
        """Class probabilities.

        Parameters
        ----------
        X : array-like of shape (n_sequences, length, channels) or (n_sequences, length * channels)
            Encoded sequences of the length and channel count seen in ``fit``.

        Returns
        -------
        ndarray of shape (n_sequences, n_classes)
            Probabilities in the order of ``classes_`` (for multilabel y: the probability of
            each label, shape ``(n_sequences, n_labels)``).
        """
        out = self._predict_raw(X)
        if not self._multilabel and len(self.classes_) == 2:
            return np.column_stack([1 - out[:, 0], out[:, 0]])
        return out

    def predict(self, X):
        """Predicted class labels (for multilabel y: the indicator matrix).

        Parameters
        ----------
        X : array-like of shape (n_sequences, length, channels) or (n_sequences, length * channels)
            Encoded sequences of the length and channel count seen in ``fit``.

        Returns
        -------
        ndarray of shape (n_sequences,) or (n_sequences, n_labels)
        """
        proba = self.predict_proba(X)
        if self._multilabel:
            return (proba > 0.5).astype(int)
        return self.classes_[np.argmax(proba, axis=1)]
