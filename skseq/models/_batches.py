"""Batches read per step: memory-mapped input, strand and shift augmentation.

:class:`SequenceBatches` is a ``keras.utils.PyDataset`` that gathers one batch of rows at a
time, by index, from an in-memory array or a ``numpy.memmap`` (``np.load(path,
mmap_mode="r")``), so ``fit`` and ``predict`` never hold more than a few batches of a
larger-than-memory array. The validation split is a second set of indices into the same
array, and shuffling permutes indices, never rows.

Rows of a memory-mapped file are read with ``os.pread`` rather than through the mapping:
pages touched through a mapping stay resident (and count in the process' resident memory)
until the kernel needs them back, so one epoch through an 8 GB map would grow the process
by 8 GB; rows read into a fresh buffer are freed with the batch.

The augmentations are applied to the batch in numpy, only when training: a random strand
(reversed positions, and the channels permuted by ``complement_channels``, the pairing the
encoder's alphabet gives: :func:`skseq._complement.reverse_complement_encoded`) and a random
shift of up to ``max_shift`` positions, the vacated positions
filled with zeros (an unknown base), as a shift past the window's end would read one.

:func:`predict_in_batches` predicts a few batches by calling the network on each, and more
through ``model.predict`` (see :data:`EAGER_PREDICT_BATCHES`).
"""

import os

import keras
import numpy as np

from skseq._complement import reverse_complement_encoded

__all__ = [
    "EAGER_PREDICT_BATCHES",
    "SequenceBatches",
    "has_recurrent_layer",
    "is_memmapped",
    "predict_in_batches",
]

# A prediction of fewer full batches than this calls the network on each batch,
# ``model(x, training=False)``, instead of going through ``model.predict``. On TensorFlow,
# ``predict`` traces a graph function for every new network (each fold of a cross-validation
# fits one) and, with ``reduce_retracing``, again for a final partial batch: on a batch or
# two the trace costs more than the graph saves, and a trace on every call or two made
# TensorFlow warn "N out of the last M calls ... triggered tf.function retracing" (its
# detector counts the calls of all networks' predict functions together: 5 traces in about
# 10 calls warn). Measured on the default CNN, 200 nt, 2 shared CPU cores, first prediction
# of a network: 50 sequences 300 ms through predict vs 28 ms called; 3,000: 550 vs 390 ms;
# 5,000: 730 vs 730 ms; 20,000: 1.9 s vs 2.6 s (a traced batch runs about twice as fast), so
# larger predictions stay traced. They pass only their full batches to ``predict`` (one
# trace, called at least this many times) and call the network on the last, partial batch.
EAGER_PREDICT_BATCHES = 4


def is_memmapped(X):
    """Whether ``X`` is (a view of) a ``numpy.memmap``.

    Examples
    --------
    >>> import numpy as np
    >>> is_memmapped(np.zeros((2, 3)))
    False
    """
    while isinstance(X, np.ndarray):
        if isinstance(X, np.memmap):
            return True
        X = X.base
    return False


class _RowReader:
    """Rows ``X[indices]`` (sorted indices), read with ``os.pread`` from a whole-file memmap."""

    def __init__(self, X):
        self.X = X
        self.path = None
        whole_map = (
            isinstance(X, np.memmap)
            and getattr(X, "filename", None)
            and X.flags.c_contiguous
            and not isinstance(X.base, np.ndarray)  # the memmap itself, not a view of one
        )
        if whole_map:
            self.path, self.offset = X.filename, int(X.offset)
            self.row_bytes = int(np.prod(X.shape[1:])) * X.dtype.itemsize
        self._fd = None

    def __getstate__(self):  # worker processes open their own descriptor
        return {**self.__dict__, "_fd": None}

    def read(self, indices):
        if self.path is None:
            return np.asarray(self.X[indices])
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDONLY)
        out = np.empty((len(indices), *self.X.shape[1:]), dtype=self.X.dtype)
        flat = out.reshape(len(indices), -1).view(np.uint8)
        # one read per run of consecutive rows
        breaks = np.flatnonzero(np.diff(indices) != 1) + 1
        for start, stop in zip(np.r_[0, breaks], np.r_[breaks, len(indices)]):
            n = int(stop - start)
            data = os.pread(
                self._fd, n * self.row_bytes, self.offset + int(indices[start]) * self.row_bytes
            )
            flat[start:stop] = np.frombuffer(data, dtype=np.uint8).reshape(n, -1)
        return out

    def __del__(self):
        if getattr(self, "_fd", None) is not None:
            os.close(self._fd)


class SequenceBatches(keras.utils.PyDataset):
    """Batches of ``X[indices]`` (and ``y``, ``sample_weight``), read one step at a time.

    Parameters
    ----------
    X : ndarray or numpy.memmap of shape (n_sequences, length, channels)
    y, sample_weight : ndarray or None
        Held in memory (they are small); ``y=None`` yields inputs only (for ``predict``).
    indices : ndarray of int or None
        The rows to use (a training or validation split); None for all.
    batch_size : int
    shuffle : bool, default=False
        Draw a new order of ``indices`` every epoch.
    seed : int, default=0
        Seeds the order and, independently, the augmentations: with and without
        augmentation, a seed gives the same batches in the same order.
    random_strand : bool, default=False
        Reverse-complement a random half of each batch (training only).
    complement_channels : tuple of int or None, default=None
        For each sequence channel, the channel of its complement (``(3, 2, 1, 0)`` for
        one-hot ``ACGT``); needed by ``random_strand`` and ``strand="reverse"``.
    max_shift : int, default=0
        Shift each sequence by a random number of positions in ``[-max_shift, max_shift]``.
    n_fixed_channels : int, default=0
        The last channels that are left as they are (whole-sequence features).
    strand : {"forward", "reverse"}, default="forward"
        ``"reverse"`` yields the reverse complement of every sequence (test-time averaging).
    dtype : str, default="float32"

    Examples
    --------
    >>> import numpy as np
    >>> X = np.eye(4, dtype=np.uint8)[np.zeros((10, 6), dtype=int)]
    >>> batches = SequenceBatches(X, np.arange(10), indices=np.arange(2, 10), batch_size=3)
    >>> len(batches), batches[0][0].shape, batches[0][1].tolist()
    (3, (3, 6, 4), [2, 3, 4])
    """

    def __init__(
        self,
        X,
        y=None,
        sample_weight=None,
        *,
        indices=None,
        batch_size,
        shuffle=False,
        seed=0,
        random_strand=False,
        complement_channels=None,
        max_shift=0,
        n_fixed_channels=0,
        strand="forward",
        dtype="float32",
    ):
        super().__init__()
        if (random_strand or strand == "reverse") and complement_channels is None:
            raise ValueError(
                "SequenceBatches: reverse complements need complement_channels, the channel "
                "of each channel's complement (such as (3, 2, 1, 0) for one-hot ACGT)"
            )
        self.complement_channels = complement_channels
        self.reader = _RowReader(X)
        self.y, self.sample_weight = y, sample_weight
        self.indices = np.arange(len(X)) if indices is None else np.asarray(indices)
        self.batch_size = int(batch_size)
        self.shuffle, self.random_strand = shuffle, random_strand
        self.max_shift, self.n_fixed = int(max_shift), int(n_fixed_channels)
        self.strand, self.dtype = strand, dtype
        # separate streams for the order and the augmentations, so that augmenting or not
        # leaves a seed's batches (and their order) as they are: paired comparisons
        order_seed, augment_seed = np.random.SeedSequence(seed).spawn(2)
        self.order_rng = np.random.default_rng(order_seed)
        self.rng = np.random.default_rng(augment_seed)
        self.order = self.order_rng.permutation(self.indices) if shuffle else self.indices

    def __len__(self):
        return -(-len(self.indices) // self.batch_size)

    def on_epoch_end(self):
        if self.shuffle:
            self.order = self.order_rng.permutation(self.indices)

    def __getitem__(self, i):
        idx = np.sort(self.order[i * self.batch_size : (i + 1) * self.batch_size])
        x = self.reader.read(idx).astype(self.dtype)
        n_seq = x.shape[2] - self.n_fixed
        if self.strand == "reverse":
            x[..., :n_seq] = reverse_complement_encoded(x[..., :n_seq], self.complement_channels)
        if self.random_strand:
            flip = np.flatnonzero(self.rng.random(len(x)) < 0.5)
            x[flip, :, :n_seq] = reverse_complement_encoded(
                x[flip, :, :n_seq], self.complement_channels
            )
        if self.max_shift:
            x[..., :n_seq] = self._shift(x[..., :n_seq])
        if self.y is None:
            return (x,)
        if self.sample_weight is None:
            return x, self.y[idx]
        return x, self.y[idx], self.sample_weight[idx]

    def _shift(self, x):
        m, length = self.max_shift, x.shape[1]
        padded = np.pad(x, ((0, 0), (m, m), (0, 0)))
        shift = self.rng.integers(-m, m + 1, size=len(x))
        positions = np.arange(length)[None, :] + m - shift[:, None]
        return np.take_along_axis(padded, positions[:, :, None], axis=1)


class _FirstBatches(keras.utils.PyDataset):
    """The first ``n`` batches of ``inner`` (the full ones), for ``model.predict``."""

    def __init__(self, inner, n):
        super().__init__()
        self.inner, self.n = inner, int(n)

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return self.inner[i]


def has_recurrent_layer(model):
    """Whether ``model`` (or a model nested in it) has a recurrent layer.

    Called directly (not traced), TensorFlow runs a recurrent layer one time step at a time,
    which is slower than tracing it: :func:`predict_in_batches` is told not to.

    Examples
    --------
    >>> import keras
    >>> has_recurrent_layer(keras.Sequential([keras.Input((3, 2)), keras.layers.LSTM(2)]))
    True
    """
    for layer in getattr(model, "layers", ()):
        if isinstance(layer, (keras.layers.RNN, keras.layers.Bidirectional)):
            return True
        if has_recurrent_layer(layer):
            return True
    return False


def predict_in_batches(model, X, batch_size=None, verbose=0, few_directly=True):
    """``model``'s outputs for ``X``, batch by batch, tracing no function for a few batches.

    Fewer than :data:`EAGER_PREDICT_BATCHES` full batches are predicted by calling the
    network on each batch; more go through ``model.predict``, their full batches only (a
    final partial batch, which would trace the predict function a second time, is called
    directly). Either way the outputs are the network's in inference mode.

    Parameters
    ----------
    model : keras.Model
        A network with one output.
    X : ndarray or SequenceBatches
        Inputs, or batches of inputs only (``y=None``).
    batch_size : int or None, default=None
        Rows per batch of an array (a :class:`SequenceBatches` has its own).
    verbose : int, default=0
        Above 0, every batch goes through ``model.predict``, which shows its progress bar.
    few_directly : bool, default=True
        False sends every prediction through ``model.predict``, as for networks with a
        recurrent layer (:func:`has_recurrent_layer`).

    Returns
    -------
    ndarray of shape (n_rows, ...)

    Examples
    --------
    >>> import keras
    >>> import numpy as np
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> X = np.ones((5, 3), dtype="float32")
    >>> out = predict_in_batches(model, X, batch_size=2)
    >>> out.shape, bool(np.allclose(out, model.predict(X, verbose=0)))
    ((5, 2), True)
    """
    if isinstance(X, SequenceBatches):
        n, batch_size = len(X.indices), X.batch_size
    else:
        n, batch_size = len(X), int(batch_size)
    n_full = n // batch_size
    if n == 0 or not few_directly or verbose:  # a bar was asked for: Keras's own
        return np.asarray(model.predict(X, batch_size=batch_size, verbose=verbose))
    parts, first = [], 0
    if n_full >= EAGER_PREDICT_BATCHES:
        if isinstance(X, SequenceBatches):
            traced = model.predict(_FirstBatches(X, n_full), verbose=verbose)
        else:
            traced = model.predict(X[: n_full * batch_size], batch_size=batch_size, verbose=verbose)
        parts.append(np.asarray(traced))
        first = n_full
    for i in range(first, -(-n // batch_size)):
        if isinstance(X, SequenceBatches):
            x = X[i][0]
        else:
            x = X[i * batch_size : (i + 1) * batch_size]
        parts.append(keras.ops.convert_to_numpy(model(x, training=False)))
    return np.concatenate(parts)
