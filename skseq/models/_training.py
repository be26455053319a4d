"""The training loop: validation split, callbacks, seeding and divergence checks.

pysster's recipe: a held-out validation split monitors the loss for early stopping (the best
epoch's weights are kept) and for halving the learning rate on a plateau.
"""

import contextlib
import math
import warnings

import keras
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from skseq.parallel._data_parallel import DevicePaddedBatches, device_count
from skseq.utils._random import seed_from, seeded

from ._batches import SequenceBatches, is_memmapped
from ._onset import MAX_PLATEAU_STEPS, LearningOnset, chance_loss

# On TensorFlow, tracing the training, evaluation and prediction steps into graphs costs
# seconds; a fit that processes at most this many sequence positions in all (epochs x
# sequences x length: tiny data in tests and small CV folds) runs faster eagerly. Measured
# here: 300 x 40 nt x 20 epochs is about 2x faster eagerly, while 6400 x 200 nt x 1 epoch is
# already faster traced. Larger fits are traced as usual.
_MAX_EAGER_POSITIONS = 500_000
# Early stopping and learning-rate reduction wait for this many gradient steps: on ~100
# examples an epoch is one step, and patience 6 ended training before it had learned
# (CNNProm E. coli, 100 examples: MCC 0.21 over 5 folds; waiting 50 steps, 0.61). They also
# wait until the loss leaves the loss of chance (skseq.models._onset).
_MIN_STEPS = 50
# A patience of n epochs waits at least n x this many gradient steps. On small data an epoch
# is a few steps (3,000 sequences: 19), and 6 epochs of them stopped the default network
# early on ChIP-seq; pysster's RBP sets (41 steps per epoch and more) are not affected.
_PATIENCE_EPOCH_STEPS = 40


def patience_in_epochs(patience, steps_per_epoch):
    """``patience`` epochs, or more when an epoch has fewer than ``_PATIENCE_EPOCH_STEPS`` steps.

    Examples
    --------
    >>> patience_in_epochs(6, 100), patience_in_epochs(6, 19), patience_in_epochs(None, 19)
    (6, 13, None)
    """
    if patience is None:
        return None
    return max(int(patience), math.ceil(patience * _PATIENCE_EPOCH_STEPS / steps_per_epoch))


@contextlib.contextmanager
def dtype_policy(name):
    """Build layers under the Keras dtype policy ``name``; restore the previous one after.

    Layers read the global policy when they are created and keep it (it is saved with the
    network), so only building needs it. Keras 3 keeps the global policy per thread, so this
    does not change the policy of networks built meanwhile in other threads (joblib's
    threading backend); a thread that builds a network inside this block, and is not the one
    that entered it, is unaffected too. Processes (``n_jobs`` with loky) have their own.
    """
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(name)
    try:
        yield
    finally:
        keras.config.set_dtype_policy(previous)


# An epoch's mean training loss this many times the first batch's counts as divergence.
_DIVERGENCE_FACTOR = 1_000.0


def split_indices(n, validation_fraction, seed, stratify, caller):
    """Training and validation indices (sorted, so gathering reads memory in order).

    Returns ``(all indices, None)`` when ``validation_fraction`` is 0, and raises when the
    fraction rounds to no validation or no training sequence.
    """
    if validation_fraction == 0:
        return np.arange(n), None
    n_val = int(round(validation_fraction * n))
    if n_val == 0 or n_val == n:
        raise ValueError(
            f"{caller}: validation_fraction={validation_fraction} of {n} sequences gives "
            f"{n - n_val} for training and {n_val} for validation; both need at least one. "
            f"Use validation_fraction=0 to train without validation (no early stopping)."
        )
    idx = np.arange(n)
    try:
        train, val = train_test_split(idx, test_size=n_val, random_state=seed, stratify=stratify)
    except ValueError:  # too few members of some class to stratify
        train, val = train_test_split(idx, test_size=n_val, random_state=seed)
    return np.sort(train), np.sort(val)


def given_split(n, validation_indices, caller):
    """Training and validation indices when ``fit`` is told which sequences validate.

    Parameters
    ----------
    n : int
        Number of sequences.
    validation_indices : array-like of int or bool
        Indices into X of the validation sequences, or a boolean mask of length ``n``.
    caller : str
        Name of the estimator, for errors.

    Returns
    -------
    train, val : ndarray of int

    Examples
    --------
    >>> [a.tolist() for a in given_split(5, [3, 1], "est")]
    [[0, 2, 4], [1, 3]]
    """
    idx = np.asarray(validation_indices)
    if idx.dtype == bool:
        if idx.shape != (n,):
            raise ValueError(
                f"{caller}: a boolean validation_indices must have one value per sequence "
                f"({n}); got shape {idx.shape}"
            )
        idx = np.flatnonzero(idx)
    if idx.ndim != 1 or (idx.size and idx.dtype.kind not in "iu"):
        raise ValueError(
            f"{caller}: validation_indices must be a 1-D array of integer indices into X or "
            f"a boolean mask; got {idx.dtype} of shape {idx.shape}"
        )
    outside = idx[(idx < 0) | (idx >= n)]
    if outside.size:
        raise ValueError(
            f"{caller}: validation_indices holds {int(outside[0])}, outside 0..{n - 1} "
            f"(X has {n} sequences)"
        )
    val = np.unique(idx)
    if val.size == 0 or val.size == n:
        raise ValueError(
            f"{caller}: validation_indices selects {val.size} of {n} sequences; training and "
            "validation both need at least one"
        )
    return np.setdiff1d(np.arange(n), val), val


class DivergenceMonitor(keras.callbacks.Callback):
    """Stop on a non-finite loss (like ``TerminateOnNaN``) and note a loss that explodes."""

    def __init__(self):
        super().__init__()
        # Keras then calls the batch hook from its callback thread pool, as it does when no
        # callback has one: the training loop does not wait for each batch's loss. The
        # reference is thus one of the first batches' losses, which is all it needs to be.
        self.async_safe = True
        self.first_loss = None
        self.non_finite = None  # (epoch, batch) of the first NaN / infinite loss
        self.exploded = None  # (epoch, loss) of the first epoch far above the first batch

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch + 1

    def on_train_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        loss = float(loss)
        if self.first_loss is None:
            self.first_loss = loss
        if not math.isfinite(loss):
            self.non_finite = (self._epoch, batch + 1)
            self.model.stop_training = True

    def on_epoch_end(self, epoch, logs=None):
        loss = (logs or {}).get("loss")
        if self.exploded is None and loss is not None and math.isfinite(float(loss)):
            reference = max(abs(self.first_loss or 0.0), 1e-3)
            if float(loss) > _DIVERGENCE_FACTOR * reference:
                self.exploded = (epoch + 1, float(loss))

    def report(self, caller, learning_rate):
        """Raise for a non-finite loss; warn for an exploded one."""
        if self.non_finite is not None:
            epoch, batch = self.non_finite
            raise ValueError(
                f"{caller}: training diverged: the loss became NaN or infinite in epoch "
                f"{epoch}, batch {batch}, with learning_rate={learning_rate}. Lower "
                f"learning_rate, or check the input and sample_weight for extreme values."
            )
        if self.exploded is not None:
            epoch, loss = self.exploded
            warnings.warn(
                f"{caller}: training diverged: the mean training loss of epoch {epoch} is "
                f"{loss:.3g}, over {_DIVERGENCE_FACTOR:g} times the first batch's "
                f"({self.first_loss:.3g}), with learning_rate={learning_rate}. The network "
                f"is unlikely to be useful; lower learning_rate.",
                ConvergenceWarning,
                stacklevel=4,
            )


class LateReduceLROnPlateau(keras.callbacks.ReduceLROnPlateau):
    """``ReduceLROnPlateau`` that watches only from ``start_from_epoch`` on, as
    ``EarlyStopping(start_from_epoch=...)`` does (the rate is still logged every epoch)."""

    def __init__(self, start_from_epoch=0, **kwargs):
        super().__init__(**kwargs)
        self.start_from_epoch = start_from_epoch

    def on_epoch_end(self, epoch, logs=None):
        if epoch >= self.start_from_epoch:
            return super().on_epoch_end(epoch, logs)
        if logs is not None:
            rate = self.model.optimizer.learning_rate
            logs["learning_rate"] = float(keras.ops.convert_to_numpy(rate))


class TrainingMixin:
    """``_fit_network``: split, build, compile and train, then record the history."""

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
        callbacks=(),
        validation_indices=None,
    ):
        p = self._python_params()
        caller = type(self).__name__
        seed = seed_from(p["random_state"])
        if validation_indices is None:
            train, val = split_indices(len(X), p["validation_fraction"], seed, stratify, caller)
        else:
            train, val = given_split(len(X), validation_indices, caller)
        # _prepare_fit refused reverse_complement without a known complement_channels_
        self.reverse_complement_ = p["reverse_complement"]
        # In-memory X without augmentation goes to Keras as arrays (about 25 % faster for
        # traced fits), shuffled by Keras; streamed batches are shuffled by SequenceBatches.
        # Each is reproducible for a random_state, but the two orders differ, so a memmap and
        # the same array in memory train to different (equally good) weights.
        # Under a data-parallel distribution every batch is padded to a multiple of the
        # device count (skseq.parallel), so batches are always streamed.
        n_devices = device_count()
        streamed = (
            bool(self.reverse_complement_ or p["max_shift"]) or is_memmapped(X) or n_devices > 1
        )
        monitor = "loss" if val is None else "val_loss"
        if streamed:
            fit_data, validation_data = self._stream(X, y, sample_weight, train, val, p, seed)
            if n_devices > 1:
                fit_data = (DevicePaddedBatches(fit_data[0], n_devices), None, None)
                if validation_data is not None:
                    validation_data = DevicePaddedBatches(validation_data, n_devices)
        elif val is None:
            fit_data, validation_data = (X, y, sample_weight), None
        else:

            def take(a, i):
                return None if a is None else a[i]

            fit_data = tuple(take(a, train) for a in (X, y, sample_weight))
            validation_data = tuple(take(a, val) for a in (X, y, sample_weight))
            if validation_data[2] is None:
                validation_data = validation_data[:2]

        divergence = DivergenceMonitor()
        own = [divergence]
        steps_per_epoch = math.ceil(len(train) / p["batch_size"])
        stopper = reducer = None
        patience = patience_in_epochs(p["patience"], steps_per_epoch)
        lr_patience = patience_in_epochs(p["lr_patience"], steps_per_epoch)
        if val is not None and patience is not None:
            stopper = keras.callbacks.EarlyStopping(
                monitor=monitor, patience=patience, restore_best_weights=True
            )
        if lr_patience is not None:
            reducer = LateReduceLROnPlateau(
                monitor=monitor, factor=0.5, patience=lr_patience, verbose=p["verbose"]
            )
        watched = train if val is None else val
        onset = LearningOnset(
            [stopper, reducer],
            monitor,
            chance_loss(
                loss,
                y[train],
                y[watched],
                None if sample_weight is None else sample_weight[watched],
            ),
            min_epoch=math.ceil(_MIN_STEPS / steps_per_epoch),
            max_epoch=math.ceil(MAX_PLATEAU_STEPS / steps_per_epoch),
        )
        own += [c for c in (onset, stopper, reducer) if c is not None]

        positions = p["epochs"] * len(train) * X.shape[1]
        eager = keras.backend.backend() == "tensorflow" and positions <= _MAX_EAGER_POSITIONS
        with seeded(seed):
            with dtype_policy(p["precision"]):
                model = self._build(n_outputs, activation, p)
            model.compile(
                optimizer=keras.optimizers.Adam(learning_rate=p["learning_rate"]),
                loss=loss,
                metrics=metrics,
                run_eagerly=eager,
            )
            arrays = {} if streamed else dict(batch_size=p["batch_size"], shuffle=True)
            history = model.fit(
                fit_data[0],
                fit_data[1],
                sample_weight=fit_data[2],
                validation_data=validation_data,
                epochs=p["epochs"],
                **arrays,
                callbacks=[*own, *callbacks],
                verbose=p["verbose"],
            )
        divergence.report(caller, p["learning_rate"])

        self.model_ = model
        self.history_ = {k: [float(v) for v in vals] for k, vals in history.history.items()}
        self.n_epochs_ = len(self.history_["loss"])
        if stopper is not None and stopper.best_weights is not None:
            self.best_epoch_ = stopper.best_epoch + 1  # the epoch whose weights it restored
        else:
            self.best_epoch_ = int(np.argmin(self.history_[monitor])) + 1

    def _stream(self, X, y, sample_weight, train, val, p, seed):
        """Training and validation batches read per step (memmap input, augmentation)."""
        common = dict(
            batch_size=p["batch_size"],
            n_fixed_channels=0 if p["model"] is not None else p["n_global_features"],
        )
        fit_data = (
            SequenceBatches(
                X,
                y,
                sample_weight,
                indices=train,
                shuffle=True,
                seed=seed,
                random_strand=self.reverse_complement_ is not None,
                complement_channels=self.complement_channels_,
                max_shift=p["max_shift"],
                **common,
            ),
            None,
            None,
        )
        if val is None:
            return fit_data, None
        return fit_data, SequenceBatches(X, y, sample_weight, indices=val, **common)
