"""Scaling out: several devices for one fit, several processes or machines for many.

- :func:`data_parallel`: a context in which skseq's CNN estimators spread each fit and
  prediction over several devices with Keras's ``DataParallel`` (JAX backend);
- :class:`KerasWorkerSettings`: a Dask worker plugin that gives every worker the client's
  Keras backend and limits it to the worker's cores, for ``cross_val_score``,
  ``GridSearchCV`` or :class:`~skseq.tuning.SequenceSearchCV` under
  ``joblib.parallel_backend("dask")`` (needs ``pip install skseq[dask]``);
- :func:`set_backend_threads`, :func:`backend_threads`: the backend's CPU threads in this
  process (backend-specific code lives in :mod:`skseq._backend.threads` only).

Searches across machines share an Optuna storage (PostgreSQL, or a journal file on a shared
file system): see :class:`~skseq.tuning.SequenceSearchCV` and ``skseq tune-worker``.
"""

from importlib import import_module

# Imported on first use: a Dask worker unpickles KerasWorkerSettings before it may import
# Keras (whose backend is chosen once, at import), and distributed is optional.
_LAZY = {
    "KerasWorkerSettings": "._dask",
    "backend_threads": "skseq._backend.threads",
    "data_parallel": "._data_parallel",
    "device_count": "._data_parallel",
    "set_backend_threads": "skseq._backend.threads",
}
__all__ = sorted(_LAZY)


def __getattr__(name):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'skseq.parallel' has no attribute {name!r}")


def __dir__():
    return __all__
