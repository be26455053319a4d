"""A Dask worker plugin: the client's Keras backend, limited to the worker's cores."""

import os
import sys

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError as error:  # pragma: no cover - the optional extra is missing
    raise ImportError(
        "skseq.parallel.KerasWorkerSettings needs dask's distributed package; install it "
        "with: pip install 'skseq[dask]'"
    ) from error

from skseq._backend.threads import keras_backend_name, set_backend_threads


class KerasWorkerSettings(WorkerPlugin):
    """Give every Dask worker this process's Keras backend, limited to the worker's cores.

    Register it on a ``distributed.Client`` before running scikit-learn under
    ``joblib.parallel_backend("dask")``: each worker (and any that joins later) then uses
    the same Keras backend as the client and runs its operations on as many threads as it
    has cores (``nthreads``), so workers sharing a machine do not oversubscribe it
    (TensorFlow and PyTorch; JAX has no thread setting).
    Estimators and data reach the workers as the tasks' arguments, as in any joblib backend.

    Parameters
    ----------
    backend : str, default=None
        The Keras backend of the workers; None: the one of the process that makes the
        plugin (``KERAS_BACKEND``, or the running Keras's).
    threads : int, default=None
        Backend threads per worker; None: the worker's ``nthreads``.

    Raises
    ------
    RuntimeError
        On a worker that already imported Keras with another backend (naming the worker).

    Examples
    --------
    >>> import joblib
    >>> from distributed import Client, LocalCluster
    >>> from sklearn.model_selection import cross_val_score
    >>> from skseq.parallel import KerasWorkerSettings
    >>> with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \\
    ...         Client(cluster) as client:  # doctest: +SKIP
    ...     client.register_plugin(KerasWorkerSettings())
    ...     with joblib.parallel_backend("dask"):
    ...         scores = cross_val_score(pipe, sequences, y, cv=5)
    """

    name = "skseq-keras-settings"

    def __init__(self, backend=None, threads=None):
        if threads is not None and (
            isinstance(threads, bool) or not isinstance(threads, int) or threads < 1
        ):
            raise ValueError(f"KerasWorkerSettings: threads must be an int >= 1, got {threads!r}")
        self.backend = keras_backend_name() if backend is None else str(backend)
        self.threads = threads

    def setup(self, worker):
        keras = sys.modules.get("keras")
        if keras is not None and keras.backend.backend() != self.backend:
            raise RuntimeError(
                f"KerasWorkerSettings: Dask worker {worker.address} already runs Keras on "
                f"{keras.backend.backend()!r}, not the client's {self.backend!r}; start the "
                f"workers with KERAS_BACKEND={self.backend}."
            )
        os.environ["KERAS_BACKEND"] = self.backend
        set_backend_threads(int(self.threads or worker.state.nthreads))

    def transition(self, key, start, finish, **kwargs):
        """Nothing to do when a task changes state: the settings are made once, at setup."""
