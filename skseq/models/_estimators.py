"""scikit-learn estimators around the Keras networks of :mod:`skseq.models._architectures`.

The estimators subclass scikeras' public ``KerasClassifier`` / ``KerasRegressor`` (so code that
recognises scikeras wrappers still does, and fitted Keras models pickle through scikeras'
``keras.Model.__reduce__``), but they own ``fit`` and ``predict``. scikeras 0.13 converts
and copies input, declares no ``__sklearn_tags__`` and routes parameters by ``__dict__``; here
every hyperparameter is an explicit ``__init__`` argument (sklearn's contract), one-hot ``uint8``
input reaches Keras without a float copy, and the validation split, early stopping and
learning-rate schedule follow pysster's training recipe.
"""

import contextlib
import random
from numbers import Integral, Real

import keras
import numpy as np
import scipy.sparse as sp
from scikeras.wrappers import KerasClassifier, KerasRegressor
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import _check_feature_names, check_array, check_is_fitted

from ._architectures import ARCHITECTURES, build_sequence_cnn

# Predicting uses at least this batch size: inference needs no small batches, and larger
# ones are faster.
_MIN_PREDICT_BATCH = 1024

# On TensorFlow, tracing the training, evaluation and prediction steps into graphs costs
# seconds; a fit that processes at most this many sequence positions in all (epochs x
# sequences x length: tiny data in tests and small CV folds) runs faster eagerly. Measured
# here: 300 x 40 nt x 20 epochs is about 2x faster eagerly, while 6400 x 200 nt x 1 epoch is
# already faster traced. Larger fits are traced as usual.
_MAX_EAGER_POSITIONS = 500_000


@contextlib.contextmanager
def _seeded(seed):
    """Seed Python, numpy and the Keras backend; restore Python's and numpy's global state."""
    py_state, np_state = random.getstate(), np.random.get_state()
    keras.utils.set_random_seed(seed)
    try:
        yield
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)


def _first_non_finite(arr):
    """Index tuple of the first NaN or infinite value of a float array, or None."""
    if arr.dtype.kind not in "fc" or np.isfinite(arr.sum()):
        return None
    bad = np.argwhere(~np.isfinite(arr))
    return tuple(int(i) for i in bad[0]) if len(bad) else None


_SHARED_DOC = """
    Parameters
    ----------
    architecture : {"pysster", "global_max", "deepbind", "primer", "basset", "danq"}, \
default="pysster"
        Network preset (see :func:`skseq.models.build_sequence_cnn` for the table of which
        size parameters each preset honours). Ignored when ``model`` is given.
    n_conv_layers : int, default=2
        Convolution blocks (convolution, max-pool, dropout).
    n_filters : int, default=30
        Kernels per convolution layer.
    kernel_size : int, default=8
        Kernel length in positions.
    pool_size : int, default=2
        Max-pooling size after each convolution.
    n_dense_layers : int, default=1
        Fully connected layers before the output layer.
    dense_units : int, default=100
        Units per fully connected layer.
    dropout_input, dropout_conv, dropout_dense : float in [0, 1), default=0.1, 0.3, 0.6
        Dropout on the input, after each convolution block and after each dense layer.
    recurrent_units : int, default=0
        Units per direction of a bidirectional LSTM after the convolutions; 0 for none.
    learning_rate : float, default=5e-4
        Adam's initial learning rate.
    batch_size : int, default=128
        Training batch size.
    epochs : int, default=100
        Maximum number of epochs.
    validation_fraction : float in [0, 1), default=0.2
        Fraction of the training data held out (at random, stratified for classification,
        seeded by ``random_state``) to monitor the validation loss for early stopping and the
        learning-rate schedule. 0 disables validation: then no early stopping, and the
        learning-rate schedule follows the training loss. When the fraction rounds to zero
        sequences (tiny data) validation is disabled too.
    patience : int or None, default=15
        Epochs without improvement of the validation loss before training stops; the weights
        of the best epoch are restored. None disables early stopping.
    lr_patience : int or None, default=5
        Epochs without improvement before the learning rate is halved. None disables it.
    n_channels : int or None, default=None
        For 2-D input ``(n_sequences, length * channels)``: channels per position (the array
        is reshaped to ``(n_sequences, length, channels)`` without a copy). None means one
        channel. Must match the channel count of 3-D input when both are given.
    n_global_features : int, default=0
        The last ``n_global_features`` channels of X hold whole-sequence features, constant
        along the sequence (as :class:`skseq.ChannelUnion` writes them). They skip the
        convolutions and join the dense layers; only the first position is read.
    model : callable or None, default=None
        Your own network: ``model(input_shape, n_outputs, output_activation)`` returning an
        uncompiled ``keras.Model`` that takes ``(length, channels)`` input. It is compiled
        here (Adam with ``learning_rate``, the task's loss). Its first ``Conv1D`` is what the
        motif tools read. The builder sees every channel: ``architecture``, the size and
        dropout parameters and ``n_global_features`` are then not used. None uses
        ``architecture``.
    random_state : int, RandomState instance or None, default=None
        Seeds the weight initialisation, dropout, shuffling and the validation split. With an
        int, fitting twice on CPU gives identical predictions.
    verbose : int, default=0
        Passed to Keras' ``fit`` and ``predict`` (0 silent, 1 progress bar, 2 one line per
        epoch).
"""

_SHARED_ATTRIBUTES = """
    model_ : keras.Model
        The fitted network (input ``"sequence"``, first convolution ``"conv_1"`` for the
        presets).
    history_ : dict of list
        Per-epoch training record: ``"loss"``, ``"val_loss"``, metrics and their ``"val_"``
        versions, ``"learning_rate"``.
    n_epochs_ : int
        Epochs trained.
    best_epoch_ : int
        Epoch (counted from 1) with the lowest validation loss (training loss without
        validation); its weights are the ones kept when early stopping is on.
    input_shape_ : tuple of int
        ``(length, channels)`` of the training sequences.
    n_features_in_ : int
        ``length * channels``: the width of the equivalent 2-D input.
    feature_names_in_ : ndarray of str
        Column names, only when fitted on a DataFrame.
    n_outputs_ : int
        Units of the output layer.
"""


class _SequenceCNNBase:
    """Shared parameters, validation, training and prediction of the two estimators."""

    _skseq_network = True  # see skseq.utils.is_network_estimator

    _parameter_constraints = {
        "architecture": [StrOptions(set(ARCHITECTURES))],
        "n_conv_layers": [Interval(Integral, 1, None, closed="left")],
        "n_filters": [Interval(Integral, 1, None, closed="left")],
        "kernel_size": [Interval(Integral, 1, None, closed="left")],
        "pool_size": [Interval(Integral, 1, None, closed="left")],
        "n_dense_layers": [Interval(Integral, 0, None, closed="left")],
        "dense_units": [Interval(Integral, 1, None, closed="left")],
        "dropout_input": [Interval(Real, 0, 1, closed="left")],
        "dropout_conv": [Interval(Real, 0, 1, closed="left")],
        "dropout_dense": [Interval(Real, 0, 1, closed="left")],
        "recurrent_units": [Interval(Integral, 0, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "patience": [Interval(Integral, 1, None, closed="left"), None],
        "lr_patience": [Interval(Integral, 1, None, closed="left"), None],
        "n_channels": [Interval(Integral, 1, None, closed="left"), None],
        "n_global_features": [Interval(Integral, 0, None, closed="left")],
        "model": [callable, None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        architecture="pysster",
        n_conv_layers=2,
        n_filters=30,
        kernel_size=8,
        pool_size=2,
        n_dense_layers=1,
        dense_units=100,
        dropout_input=0.1,
        dropout_conv=0.3,
        dropout_dense=0.6,
        recurrent_units=0,
        learning_rate=5e-4,
        batch_size=128,
        epochs=100,
        validation_fraction=0.2,
        patience=15,
        lr_patience=5,
        n_channels=None,
        n_global_features=0,
        model=None,
        random_state=None,
        verbose=0,
    ):
        self.architecture = architecture
        self.n_conv_layers = n_conv_layers
        self.n_filters = n_filters
        self.kernel_size = kernel_size
        self.pool_size = pool_size
        self.n_dense_layers = n_dense_layers
        self.dense_units = dense_units
        self.dropout_input = dropout_input
        self.dropout_conv = dropout_conv
        self.dropout_dense = dropout_dense
        self.recurrent_units = recurrent_units
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.epochs = epochs
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.lr_patience = lr_patience
        self.n_channels = n_channels
        self.n_global_features = n_global_features
        self.model = model
        self.random_state = random_state
        self.verbose = verbose

    # scikeras' old-style tags (poor_score, its own expected failures) must not leak into
    # scikit-learn 1.6's legacy tag path; __sklearn_tags__ below is the whole truth.
    _tags = {}

    # scikeras finds parameters in ``__dict__`` and prints its own repr; restore sklearn's
    # signature-based versions so clone, get_params and set_params see exactly __init__.
    _get_param_names = classmethod(BaseEstimator._get_param_names.__func__)
    get_params = BaseEstimator.get_params
    set_params = BaseEstimator.set_params
    __repr__ = BaseEstimator.__repr__

    @property
    def partial_fit(self):
        # scikeras' partial_fit runs its own pipeline, which these estimators replace.
        raise AttributeError(f"{type(self).__name__} does not support partial_fit.")

    @property
    def initialize(self):
        raise AttributeError(f"{type(self).__name__} does not support initialize; use fit.")

    def __sklearn_tags__(self):
        tags = BaseEstimator.__sklearn_tags__(self)
        tags.input_tags.two_d_array = True
        tags.input_tags.three_d_array = True
        tags.input_tags.sparse = False
        tags.target_tags.required = True
        tags.target_tags.multi_output = True
        tags.non_deterministic = False
        return tags

    # ----------------------------------------------------------------------------- input
    def _validate_X(self, X, reset):
        """Check X and return it as a ``(n, length, channels)`` array, copying only if needed."""
        name = type(self).__name__
        if sp.issparse(X):
            raise TypeError(f"{name} does not accept sparse input; pass a dense array.")
        if not hasattr(X, "shape"):
            X = np.asarray(X)
        if X.ndim not in (2, 3):
            raise ValueError(
                f"X must be 3-D (n_sequences, length, channels) or 2-D (n_sequences, "
                f"length * channels); got a {X.ndim}-D array of shape {X.shape}. Reshape "
                f"your data, or encode sequences with skseq.SequenceOneHotTransformer."
            )
        dtype = getattr(X, "dtype", None)
        if dtype is not None and (
            dtype.kind in "USa"
            or (dtype.kind == "O" and X.size and isinstance(X.flat[0], (str, bytes)))
        ):
            raise ValueError(
                "X holds strings; encode the sequences first, for example with "
                "skseq.SequenceOneHotTransformer."
            )
        _check_feature_names(self, X, reset=reset)
        numeric = dtype is not None and dtype.kind in "biuf"
        X = check_array(
            X,
            dtype=None if numeric else keras.backend.floatx(),
            allow_nd=True,
            ensure_all_finite=False,
            input_name="X",
        )
        bad = _first_non_finite(X)
        if bad is not None:
            where = (
                f"sequence index {bad[0]}, position {bad[1]}, channel {bad[2]}"
                if X.ndim == 3
                else f"sample {bad[0]}, feature {bad[1]}"
            )
            raise ValueError(f"Input X contains NaN or infinity at {where}.")

        if reset:
            channels = X.shape[2] if X.ndim == 3 else (self.n_channels or 1)
            if X.ndim == 3 and self.n_channels is not None and self.n_channels != channels:
                raise ValueError(
                    f"n_channels={self.n_channels} but X has {channels} channels (shape {X.shape})."
                )
            if X.ndim == 2 and X.shape[1] % channels:
                raise ValueError(
                    f"X has {X.shape[1]} features, not a multiple of n_channels={channels}."
                )
        else:
            length, channels = self.input_shape_
            if X.ndim == 3 and X.shape[1:] != (length, channels):
                raise ValueError(
                    f"X has sequences of length {X.shape[1]} with {X.shape[2]} channels, but "
                    f"{name} was fitted on length {length} with {channels} channels."
                )
            if X.ndim == 2 and X.shape[1] != length * channels:
                raise ValueError(
                    f"X has {X.shape[1]} features, but {name} is expecting "
                    f"{length * channels} features as input (sequences of length {length} "
                    f"with {channels} channels, flattened)."
                )
        if X.ndim == 2:
            X = X.reshape(X.shape[0], -1, channels)
        return X

    def _check_y_numbers(self, y):
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y is None."
            )
        y = np.asarray(y)
        if y.ndim not in (1, 2):
            raise ValueError(f"y must be 1-D or 2-D; got shape {y.shape}.")
        if y.dtype.kind in "fc":
            bad = _first_non_finite(y)
            if bad is not None:
                raise ValueError(f"Input y contains NaN or infinity at index {bad}.")
        return y

    def _check_consistent(self, X, y, sample_weight):
        if len(X) != len(y):
            raise ValueError(f"X has {len(X)} sequences but y has {len(y)} entries.")
        if sample_weight is None:
            return None
        sample_weight = np.asarray(sample_weight, dtype=keras.backend.floatx())
        if sample_weight.shape != (len(X),):
            raise ValueError(
                f"sample_weight must have shape ({len(X)},); got {sample_weight.shape}."
            )
        bad = _first_non_finite(sample_weight)
        if bad is not None or (sample_weight < 0).any():
            raise ValueError("sample_weight must be finite and non-negative.")
        if not sample_weight.any():
            raise ValueError("sample_weight is zero for every sequence: nothing to train on.")
        return sample_weight

    # -------------------------------------------------------------------------- training
    def _seed(self):
        if isinstance(self.random_state, Integral):
            return int(self.random_state)
        return int(check_random_state(self.random_state).randint(np.iinfo(np.int32).max))

    def _build(self, n_outputs, activation):
        if self.model is not None:
            model = self.model(self.input_shape_, n_outputs, activation)
            if not isinstance(model, keras.Model):
                raise TypeError(
                    f"model(input_shape, n_outputs, output_activation) must return a "
                    f"keras.Model; got {type(model).__name__}."
                )
            return model
        if self.n_global_features >= self.input_shape_[1]:
            raise ValueError(
                f"n_global_features={self.n_global_features} must be smaller than the "
                f"{self.input_shape_[1]} channels of X."
            )
        return build_sequence_cnn(
            self.input_shape_,
            n_outputs,
            activation,
            architecture=self.architecture,
            n_conv_layers=self.n_conv_layers,
            n_filters=self.n_filters,
            kernel_size=self.kernel_size,
            pool_size=self.pool_size,
            n_dense_layers=self.n_dense_layers,
            dense_units=self.dense_units,
            dropout_input=self.dropout_input,
            dropout_conv=self.dropout_conv,
            dropout_dense=self.dropout_dense,
            recurrent_units=self.recurrent_units,
            n_global_features=self.n_global_features,
        )

    def _split(self, n, seed, stratify):
        """Training and validation indices (sorted, so gathering reads memory in order)."""
        n_val = int(round(self.validation_fraction * n))
        if n_val == 0 or n_val == n:
            return np.arange(n), None
        idx = np.arange(n)
        try:
            train, val = train_test_split(
                idx, test_size=n_val, random_state=seed, stratify=stratify
            )
        except ValueError:  # too few members of some class to stratify
            train, val = train_test_split(idx, test_size=n_val, random_state=seed)
        return np.sort(train), np.sort(val)

    def _fit_network(
        self,
        X,
        y,
        sample_weight,
        n_outputs,
        activation,
        loss,
        metrics,
        stratify,
        extra_callbacks=(),
    ):
        seed = self._seed()
        train, val = self._split(len(X), seed, stratify)
        if val is None:
            fit_data, validation_data, monitor = (X, y, sample_weight), None, "loss"
        else:

            def take(a, i):
                return None if a is None else a[i]

            fit_data = tuple(take(a, train) for a in (X, y, sample_weight))
            validation_data = tuple(take(a, val) for a in (X, y, sample_weight))
            if validation_data[2] is None:
                validation_data = validation_data[:2]
            monitor = "val_loss"

        callbacks = []
        if val is not None and self.patience is not None:
            callbacks.append(
                keras.callbacks.EarlyStopping(
                    monitor=monitor, patience=self.patience, restore_best_weights=True
                )
            )
        if self.lr_patience is not None:
            callbacks.append(
                keras.callbacks.ReduceLROnPlateau(
                    monitor=monitor, factor=0.5, patience=self.lr_patience, verbose=self.verbose
                )
            )
        callbacks.extend(extra_callbacks)

        positions = self.epochs * len(fit_data[0]) * X.shape[1]
        eager = keras.backend.backend() == "tensorflow" and positions <= _MAX_EAGER_POSITIONS
        with _seeded(seed):
            model = self._build(n_outputs, activation)
            model.compile(
                optimizer=keras.optimizers.Adam(learning_rate=self.learning_rate),
                loss=loss,
                metrics=metrics,
                run_eagerly=eager,
            )
            history = model.fit(
                fit_data[0],
                fit_data[1],
                sample_weight=fit_data[2],
                validation_data=validation_data,
                batch_size=self.batch_size,
                epochs=self.epochs,
                shuffle=True,
                callbacks=callbacks,
                verbose=self.verbose,
            )

        self.model_ = model
        self.history_ = {k: [float(v) for v in vals] for k, vals in history.history.items()}
        self.n_epochs_ = len(self.history_["loss"])
        self.best_epoch_ = int(np.argmin(self.history_[monitor])) + 1

    def _predict_raw(self, X):
        check_is_fitted(self, "model_")
        X = self._validate_X(X, reset=False)
        out = self.model_.predict(
            X, batch_size=max(self.batch_size, _MIN_PREDICT_BATCH), verbose=self.verbose
        )
        return np.asarray(out, dtype=np.float64)

    def _prepare_fit(self, X, y, sample_weight):
        self._validate_params()
        X = self._validate_X(X, reset=True)
        y = self._check_y_numbers(y)
        sample_weight = self._check_consistent(X, y, sample_weight)
        self.input_shape_ = tuple(int(v) for v in X.shape[1:])
        self.n_features_in_ = self.input_shape_[0] * self.input_shape_[1]
        return X, y, sample_weight


class _TagsRoot:
    """Last base class: gives the mixins' ``super().__sklearn_tags__()`` something to call.

    scikeras' ``BaseWrapper`` defines the old ``_more_tags``, so scikit-learn 1.6 takes its
    legacy tag path, which calls every class's ``__sklearn_tags__`` in the MRO, including
    ``ClassifierMixin``'s, whose ``super()`` would otherwise reach ``object``.
    """

    def __sklearn_tags__(self):
        return BaseEstimator.__sklearn_tags__(self)


class SequenceCNNClassifier(_SequenceCNNBase, KerasClassifier, _TagsRoot):
    __doc__ = (
        """A convolutional network on one-hot sequences as a scikit-learn classifier.

    Binary, multiclass (any label type) and multilabel (indicator matrix) classification of
    ``(n_sequences, length, channels)`` arrays, such as the output of
    :class:`skseq.SequenceOneHotTransformer`. The defaults are pysster's settings for its
    RBP benchmark: two convolution layers of 30 kernels of length 8, max-pool 2, one dense
    layer of 100, dropout 0.1/0.3/0.6, Adam 5e-4, batch 128, learning rate halved after 5
    epochs without improvement, early stopping with patience 15 on a 20 % validation split.
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
    TrainingHistoryDisplay : training and validation curves of a fitted estimator.

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
        architecture="pysster",
        n_conv_layers=2,
        n_filters=30,
        kernel_size=8,
        pool_size=2,
        n_dense_layers=1,
        dense_units=100,
        dropout_input=0.1,
        dropout_conv=0.3,
        dropout_dense=0.6,
        recurrent_units=0,
        learning_rate=5e-4,
        batch_size=128,
        epochs=100,
        validation_fraction=0.2,
        patience=15,
        lr_patience=5,
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
            n_channels=n_channels,
            n_global_features=n_global_features,
            model=model,
            random_state=random_state,
            verbose=verbose,
        )
        self.class_weight = class_weight

    score = ClassifierMixin.score

    def __sklearn_tags__(self):
        from sklearn.utils import ClassifierTags

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

    def fit(self, X, y, sample_weight=None, callbacks=None):
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
            extra_callbacks=callbacks or (),
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


class SequenceCNNRegressor(_SequenceCNNBase, KerasRegressor, _TagsRoot):
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
        from sklearn.utils import RegressorTags

        tags = super().__sklearn_tags__()
        tags.estimator_type = "regressor"
        tags.regressor_tags = RegressorTags()
        return tags

    def fit(self, X, y, sample_weight=None, callbacks=None):
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

        Returns
        -------
        self : SequenceCNNRegressor
            The fitted estimator.
        """
        X, y, sample_weight = self._prepare_fit(X, y, sample_weight)
        # _prepare_fit already rejected NaN/inf in y, naming the index
        y = check_array(
            y,
            ensure_2d=False,
            dtype=keras.backend.floatx(),
            input_name="y",
            ensure_all_finite=False,
        )
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
            extra_callbacks=callbacks or (),
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
