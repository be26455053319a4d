"""What the two estimators share: hyperparameters, input checks, building and prediction.

Every hyperparameter is an ``__init__`` argument stored unchanged; anything the constraints
accept works, numpy scalars included (:meth:`_SequenceCNNBase._python_params` converts them
to Python types, once, before anything reaches Keras). Input is checked before any training
starts, and one-hot ``uint8`` input reaches Keras without a copy.
"""

import inspect

import keras
import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from skseq._presets import ARCHITECTURES, SIZE_PARAMETERS, resolve_architecture
from skseq.parallel._data_parallel import device_count, predict_padded
from skseq.utils import validate_params
from skseq.utils._param_validation import Integral, Interval, Real, StrOptions

from ._architectures import build_sequence_cnn
from ._batches import SequenceBatches, has_recurrent_layer, is_memmapped, predict_in_batches
from ._input import InputMixin
from ._pickling import NetworkStateMixin, _unpickle  # noqa: F401  (older pickles call it)
from ._presets import warn_ignored_parameters
from ._training import TrainingMixin

# Predicting uses at least this batch size: inference needs no small batches, and larger
# ones are faster.
_MIN_PREDICT_BATCH = 1024


class _SequenceCNNBase(NetworkStateMixin, InputMixin, TrainingMixin):
    """Shared parameters, validation, building and prediction of the two estimators.

    Pickled and safe-saved with the network as a ``.keras`` archive (:mod:`skseq.models._pickling`).
    """

    _skseq_network = True  # see skseq.utils.is_network_estimator

    _parameter_constraints = {
        "architecture": [StrOptions(set(ARCHITECTURES) | {"auto"})],
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
        "precision": [StrOptions({"float32", "mixed_bfloat16", "mixed_float16"})],
        "reverse_complement": [StrOptions({"augment", "augment_and_average"}), None],
        "alphabet": [str, None],
        "max_shift": [Interval(Integral, 0, None, closed="left")],
        "n_channels": [Interval(Integral, 1, None, closed="left"), None],
        "n_global_features": [Interval(Integral, 0, None, closed="left")],
        "model": [callable, None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
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
        self.precision = precision
        self.reverse_complement = reverse_complement
        self.alphabet = alphabet
        self.max_shift = max_shift
        self.n_channels = n_channels
        self.n_global_features = n_global_features
        self.model = model
        self.random_state = random_state
        self.verbose = verbose

    def __sklearn_tags__(self):
        tags = BaseEstimator.__sklearn_tags__(self)
        tags.input_tags.two_d_array = True
        tags.input_tags.three_d_array = True
        tags.input_tags.sparse = False
        tags.target_tags.required = True
        tags.target_tags.multi_output = True
        tags.non_deterministic = False
        return tags

    def _python_params(self):
        """The hyperparameters with numpy scalars turned into Python ones (for Keras)."""
        return {
            name: value.item() if isinstance(value, np.generic) else value
            for name, value in self.get_params(deep=False).items()
        }

    def _prepare_fit(self, X, y, sample_weight):
        validate_params(self)
        defaults = {
            k: v.default
            for k, v in inspect.signature(type(self).__init__).parameters.items()
            if k in SIZE_PARAMETERS
        }
        X_given, X = X, self._validate_X(X, reset=True)
        self.complement_channels_ = self._complement_channels(X_given, X)
        y = self._check_y_numbers(y)
        sample_weight = self._check_sample_weight(X, y, sample_weight)
        self.input_shape_ = tuple(int(v) for v in X.shape[1:])
        self.architecture_ = resolve_architecture(self.architecture, self.input_shape_[0])
        warn_ignored_parameters(self, defaults, self.architecture_)
        self.n_features_in_ = self.input_shape_[0] * self.input_shape_[1]
        return X, y, sample_weight

    # -------------------------------------------------------------------- build, predict
    def _build(self, n_outputs, activation, p):
        if p["model"] is not None:
            model = p["model"](self.input_shape_, n_outputs, activation)
            if not isinstance(model, keras.Model):
                raise TypeError(
                    f"{type(self).__name__}: model(input_shape, n_outputs, output_activation) "
                    f"must return a keras.Model; got {type(model).__name__}."
                )
            return model
        if p["n_global_features"] >= self.input_shape_[1]:
            raise ValueError(
                f"{type(self).__name__}: n_global_features={p['n_global_features']} must be "
                f"smaller than the {self.input_shape_[1]} channels of X."
            )
        return build_sequence_cnn(
            self.input_shape_,
            n_outputs,
            activation,
            architecture=self.architecture_,
            n_global_features=p["n_global_features"],
            **{name: p[name] for name in SIZE_PARAMETERS},
        )

    def _predict_raw(self, X):
        check_is_fitted(self, "model_")
        X = self._validate_X(X, reset=False)
        p = self._python_params()
        n_devices = device_count()
        batch_size = max(p["batch_size"], _MIN_PREDICT_BATCH)
        batch_size += -batch_size % n_devices  # only the last batch is padded (skseq.parallel)
        average = getattr(self, "reverse_complement_", None) == "augment_and_average"
        strands = ("forward", "reverse") if average else ("forward",)
        n_fixed = 0 if p["model"] is not None else p["n_global_features"]
        # estimators fitted before complement_channels_ existed paired ACGT / ACGU channels
        pairing = getattr(self, "complement_channels_", tuple(range(X.shape[2] - n_fixed))[::-1])
        # a few batches are not traced into a function, unless the network is recurrent
        # (see predict_in_batches)
        directly = not has_recurrent_layer(self.model_)
        out = 0.0
        for strand in strands:
            if is_memmapped(X) or strand == "reverse" or n_devices > 1:
                data = SequenceBatches(
                    X,
                    batch_size=batch_size,
                    strand=strand,
                    complement_channels=pairing,
                    n_fixed_channels=n_fixed,
                )
                if n_devices > 1:
                    out = out + predict_padded(self.model_, data, len(X), p["verbose"])
                else:
                    out = out + predict_in_batches(
                        self.model_, data, verbose=p["verbose"], few_directly=directly
                    )
            else:
                out = out + predict_in_batches(
                    self.model_, X, batch_size, p["verbose"], few_directly=directly
                )
        return np.asarray(out, dtype=np.float64) / len(strands)
