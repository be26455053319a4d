"""Threads and devices: the part of the backend code (:mod:`skseq._backend`) for scaling out.

Everything else in :mod:`skseq.parallel` is backend-agnostic. Each backend's own module
(TensorFlow, JAX, PyTorch) is imported here only when it is the running backend:

- threads: TensorFlow's intra- and inter-op thread pools and PyTorch's ``set_num_threads``;
  JAX's CPU client sizes its thread pool by the machine's cores and offers no setting for
  it (``--xla_cpu_multi_thread_eigen=false`` still left XLA's pool in use here), so on JAX
  the thread count is reported as unknown (None);
- devices: JAX's local devices, the only ones Keras's distribution API spreads work over.
"""

import os
import sys
import warnings

#: The Keras backends whose threads :func:`set_backend_threads` can limit.
BACKENDS = ("tensorflow", "jax", "torch")


def keras_backend_name():
    """The Keras backend this process uses, without importing Keras when it is not loaded.

    Examples
    --------
    >>> keras_backend_name() in BACKENDS + ("numpy", "openvino")
    True
    """
    keras = sys.modules.get("keras")
    if keras is not None:
        return keras.backend.backend()
    return os.environ.get("KERAS_BACKEND", "tensorflow")


def set_backend_threads(n_threads):
    """Limit the running Keras backend to ``n_threads`` CPU threads; return what it uses.

    Call it in a fresh process (a Dask or joblib worker) before it trains: TensorFlow fixes
    its thread pools when it first runs an operation; when that already happened, it keeps
    them and a ``RuntimeWarning`` says so. JAX offers no thread setting (see the module).

    Parameters
    ----------
    n_threads : int
        Threads for the backend's operations (the cores given to this process).

    Returns
    -------
    dict
        ``{"backend": name, "threads": n}``, ``n`` as the backend reports it (None where it
        cannot tell: JAX).

    Examples
    --------
    In a new worker process, before it trains:

    >>> set_backend_threads(1)  # doctest: +SKIP
    {'backend': 'tensorflow', 'threads': 1}
    >>> set_backend_threads(0)
    Traceback (most recent call last):
    ...
    ValueError: set_backend_threads: n_threads must be an int >= 1, got 0
    """
    if isinstance(n_threads, bool) or not isinstance(n_threads, int) or n_threads < 1:
        raise ValueError(f"set_backend_threads: n_threads must be an int >= 1, got {n_threads!r}")
    import keras

    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        threading = tf.config.threading
        try:
            threading.set_intra_op_parallelism_threads(n_threads)
            threading.set_inter_op_parallelism_threads(n_threads)
        except RuntimeError:  # TensorFlow has started its pools
            if threading.get_intra_op_parallelism_threads() != n_threads:
                warnings.warn(
                    f"set_backend_threads: TensorFlow already started in this process "
                    f"(pid {os.getpid()}) with its own thread pools; it keeps them instead of "
                    f"{n_threads} thread(s). Call this before the process trains.",
                    RuntimeWarning,
                    stacklevel=2,
                )
        return {"backend": backend, "threads": threading.get_intra_op_parallelism_threads()}
    if backend == "torch":
        import torch

        torch.set_num_threads(n_threads)
        return {"backend": backend, "threads": torch.get_num_threads()}
    return {"backend": backend, "threads": None}


def backend_threads():
    """``{"backend": name, "threads": n}`` of this process, as :func:`set_backend_threads`
    reports them, without changing anything (``threads`` None: the backend's default).

    Examples
    --------
    >>> sorted(backend_threads())
    ['backend', 'threads']
    """
    import keras

    backend = keras.backend.backend()
    threads = None
    if backend == "tensorflow":
        import tensorflow as tf

        threads = tf.config.threading.get_intra_op_parallelism_threads() or None
    elif backend == "torch":
        import torch

        threads = torch.get_num_threads()
    return {"backend": backend, "threads": threads}


def local_devices(devices=None):
    """The devices a data-parallel fit spreads over: all local JAX devices, or ``devices``.

    Parameters
    ----------
    devices : None, int or list of str
        None: every local device; an int: the first that many; a list: Keras device names
        such as ``["cpu:0", "cpu:1"]`` or ``["gpu:0", "gpu:1"]``.

    Returns
    -------
    list of str
        Keras device names.
    """
    import keras

    backend = keras.backend.backend()
    if backend != "jax":
        raise RuntimeError(
            f"data_parallel: Keras's distribution API runs on the JAX backend only; this "
            f"process runs {backend!r}. Set KERAS_BACKEND=jax before Keras is imported (on "
            "TensorFlow and PyTorch, one fit uses one device; spread cross-validation and "
            "searches over devices or machines with Dask instead)."
        )
    available = keras.distribution.list_devices()
    if devices is None:
        return list(available)
    if isinstance(devices, int) and not isinstance(devices, bool):
        if not 1 <= devices <= len(available):
            raise ValueError(
                f"data_parallel: devices={devices}, but this process has {len(available)} "
                f"device(s): {available}"
            )
        return list(available[:devices])
    names = [str(d).lower() for d in devices]
    unknown = [d for d in names if d not in available]
    if unknown or not names:
        raise ValueError(
            f"data_parallel: devices {unknown or names} are not among this process's "
            f"devices {available}"
        )
    return names
