"""One fit spread over several devices: Keras's ``DataParallel``, honoured by the estimators.

Under :func:`data_parallel` (or any ``keras.distribution.DataParallel`` set by the user),
Keras keeps the network replicated on every device and splits each batch along its first
axis, one slice per device, so every batch must hold a multiple of the device count. A
training set rarely divides into such batches (the last one is partial), which failed with
JAX's ``IndivisibleError``. :class:`DevicePaddedBatches` pads each batch up to the next
multiple with copies of its first rows and weights them so the loss, its gradient and the
weighted metrics are those of the unpadded batch; predictions of padded rows are dropped.
"""

import contextlib

import keras
import numpy as np

from skseq._backend.threads import local_devices


@contextlib.contextmanager
def data_parallel(devices=None):
    """Spread every skseq fit and prediction in the block over several devices (JAX).

    The estimators build, train and predict under Keras's ``DataParallel`` distribution:
    the network is replicated on each device and each batch is split among them, so one
    fit runs on all of them. Batches that do not divide among the devices (the last one of
    an epoch, any ``batch_size``) are padded without changing the loss. Results match a
    single-device fit up to floating-point summation order.

    Parameters
    ----------
    devices : None, int or list of str, default=None
        None: every local device (``jax.local_devices()``); an int: the first that many; a
        list: Keras device names such as ``["gpu:0", "gpu:1"]``.

    Yields
    ------
    keras.distribution.DataParallel
        The distribution in effect.

    Raises
    ------
    RuntimeError
        On TensorFlow and PyTorch: Keras's distribution API is implemented for JAX only.

    Examples
    --------
    Run with ``KERAS_BACKEND=jax`` (on a CPU,
    ``XLA_FLAGS=--xla_force_host_platform_device_count=2`` makes two devices)::

        from skseq.parallel import data_parallel

        with data_parallel():
            clf = SequenceCNNClassifier(batch_size=256).fit(X, y)
        clf.predict_proba(X)  # outside the block: the replicated network, one device
    """
    distribution = keras.distribution.DataParallel(devices=local_devices(devices))
    with distribution.scope():
        yield distribution


def device_count():
    """Devices the current Keras distribution splits batches over (1 without one).

    Examples
    --------
    >>> device_count()
    1
    """
    distribution = keras.distribution.distribution()
    if distribution is None or keras.backend.backend() != "jax":
        return 1
    mesh = getattr(distribution, "device_mesh", None)
    if mesh is None:
        return 1
    batch_axis = getattr(distribution, "batch_dim_name", None)
    names = list(mesh.axis_names)
    if batch_axis in names:
        return int(mesh.shape[names.index(batch_axis)])
    return int(np.prod(mesh.shape))


def _pad_rows(a, n_pad):
    return np.concatenate([a, np.resize(a, (n_pad, *a.shape[1:])).astype(a.dtype)])


class DevicePaddedBatches(keras.utils.PyDataset):
    """The batches of ``inner``, each padded to a multiple of ``multiple`` rows.

    Padded rows are copies of the batch's first rows with weight 0; the real rows' weights
    are scaled by ``padded / real``, so a loss averaged over the batch (Keras's default) and
    its gradient equal the unpadded batch's, and weighted metrics ignore the padding. A
    batch of inputs only (prediction) is padded with copies; :func:`predict_padded` drops
    their outputs.

    Parameters
    ----------
    inner : keras.utils.PyDataset
        Yields ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``.
    multiple : int
        The device count.

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.models._batches import SequenceBatches
    >>> X = np.zeros((5, 3, 4), dtype=np.uint8)
    >>> batches = DevicePaddedBatches(SequenceBatches(X, np.arange(5.0), batch_size=3), 2)
    >>> [b[2].tolist() for b in (batches[0], batches[1])]
    [[1.3333333730697632, 1.3333333730697632, 1.3333333730697632, 0.0], [1.0, 1.0]]
    """

    def __init__(self, inner, multiple):
        super().__init__()
        self.inner, self.multiple = inner, int(multiple)

    def __len__(self):
        return len(self.inner)

    def on_epoch_end(self):
        self.inner.on_epoch_end()

    def __getitem__(self, i):
        batch = self.inner[i]
        x = batch[0]
        n = len(x)
        n_pad = -n % self.multiple
        if len(batch) == 1:
            return (_pad_rows(x, n_pad),) if n_pad else batch
        y = batch[1]
        weight = batch[2] if len(batch) == 3 else np.ones(n, dtype="float32")
        weight = np.asarray(weight, dtype="float32")
        if n_pad:
            x, y = _pad_rows(x, n_pad), _pad_rows(np.asarray(y), n_pad)
            weight = np.concatenate([weight * ((n + n_pad) / n), np.zeros(n_pad, "float32")])
        return x, y, weight


def predict_padded(model, batches, n, verbose):
    """``model.predict`` over ``batches`` (inputs only) padded for the devices: ``n`` rows.

    The batches' size must be a multiple of the device count, so that only the last one is
    padded and the padded rows' outputs are the last ones.
    """
    out = model.predict(DevicePaddedBatches(batches, device_count()), verbose=verbose)
    return out[:n]
