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
"""

import os

import keras
import numpy as np

from skseq._complement import reverse_complement_encoded

__all__ = ["SequenceBatches", "is_memmapped"]


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
