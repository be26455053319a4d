"""The one place for code that depends on the Keras backend (TensorFlow, JAX or PyTorch).

Library code uses ``keras.ops`` and ``keras.layers`` only; what cannot be said in Keras
lives in this package, and each backend's own module is imported only when it is the one
running:

- :mod:`skseq._backend.autodiff`: input gradients (TensorFlow's ``GradientTape``,
  ``jax.grad``, PyTorch autograd) for the attributions, optimised inputs and design;
- :mod:`skseq._backend.threads`: a backend's thread pools and JAX's local devices, for Dask
  workers and data-parallel fits (:mod:`skseq.parallel`);

- :func:`quiet_by_default`, run by ``import skseq``: TensorFlow prints about nine lines on
  standard error when it loads (absl's start-up notice, the oneDNN and CPU-instruction
  notices, "could not find cuda drivers", a ``cuInit`` error on machines without a GPU).
  Unless the user has set ``TF_CPP_MIN_LOG_LEVEL`` themselves, skseq sets it to ``"2"``
  (TensorFlow's warnings and notices off, errors on; ``SKSEQ_TF_LOG_LEVEL=2`` marks it as
  skseq's choice, so worker processes that inherit it do the same) and, while TensorFlow
  loads and finds its devices, drops exactly those known notices from standard error;
  every other line is written out as it came. Set ``TF_CPP_MIN_LOG_LEVEL=0`` to see
  everything. Python-level warnings (a ``tf.function`` retracing, say) are never hidden.
- :func:`devices`: the devices the backend found, for :func:`skseq.show_versions`.
"""

import importlib.abc
import importlib.util
import os
import sys
import tempfile
from contextlib import contextmanager

__all__ = ["devices", "quiet_by_default"]

#: Set with TF_CPP_MIN_LOG_LEVEL when skseq chose the level, not the user.
_MARKER = "SKSEQ_TF_LOG_LEVEL"

#: Lines TensorFlow writes while it loads that say nothing a user can act on.
NOTICES = (
    "All log messages before absl::InitializeLog() is called",
    "oneDNN custom operations are on",
    "Could not find cuda drivers on your machine",
    "failed call to cuInit",
    "This TensorFlow binary is optimized to use available CPU instructions",
    "To enable the following instructions",
    "Unable to register cuDNN factory",
    "Unable to register cuFFT factory",
    "Unable to register cuBLAS factory",
    "computation placer already registered",
    "TF-TRT Warning: Could not find TensorRT",
)


def quiet_by_default():
    """Quiet TensorFlow's start-up unless the user chose its log level (see the module).

    Does nothing once TensorFlow is imported, or when ``TF_CPP_MIN_LOG_LEVEL`` is set.

    Returns
    -------
    bool
        Whether skseq took charge of the log level.

    Examples
    --------
    >>> import os
    >>> from skseq._backend import quiet_by_default
    >>> quiet_by_default() or "TF_CPP_MIN_LOG_LEVEL" in os.environ
    True
    """
    # worker processes (joblib, dask) inherit the level skseq set, and the marker with it
    ours = os.environ.get(_MARKER) == os.environ.get("TF_CPP_MIN_LOG_LEVEL") == "2"
    if ("TF_CPP_MIN_LOG_LEVEL" in os.environ and not ours) or "tensorflow" in sys.modules:
        return False
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = os.environ[_MARKER] = "2"
    if not any(isinstance(finder, _QuietTensorFlow) for finder in sys.meta_path):
        sys.meta_path.insert(0, _QuietTensorFlow())
    return True


class _QuietTensorFlow(importlib.abc.MetaPathFinder):
    """Wraps the first ``import tensorflow`` in :func:`_without_notices`, then leaves."""

    def find_spec(self, name, path=None, target=None):
        if name != "tensorflow":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        exec_module = spec.loader.exec_module

        def exec_quietly(module):
            with _without_notices():
                exec_module(module)
                try:  # the cuInit error comes when devices are first listed, not on import
                    module.config.list_physical_devices()
                except Exception:  # a broken CUDA set-up shows itself on first real use
                    pass

        spec.loader.exec_module = exec_quietly
        return spec


@contextmanager
def _without_notices():
    """Standard error (file descriptor 2, where C++ writes) without the :data:`NOTICES`."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (AttributeError, OSError, ValueError):  # no real stderr (some GUIs)
        yield
        return
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            try:
                sys.stderr.flush()
            except (AttributeError, OSError, ValueError):
                pass
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            kept = [
                line
                for line in captured.read().decode(errors="replace").splitlines(keepends=True)
                if not any(notice in line for notice in NOTICES)
            ]
            if kept:
                os.write(2, "".join(kept).encode())


def devices():
    """The devices the active Keras backend found, as ``"kind:name"`` strings.

    Returns
    -------
    list of str
        For example ``["CPU:/physical_device:CPU:0"]`` (TensorFlow), ``["cpu:TFRT_CPU_0"]``
        (JAX) or ``["cpu", "cuda:0 NVIDIA H100"]`` (PyTorch).

    Examples
    --------
    >>> from skseq._backend import devices
    >>> len(devices()) >= 1
    True
    """
    import keras

    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        return [f"{d.device_type}:{d.name}" for d in tf.config.list_physical_devices()]
    if backend == "jax":
        import jax

        return [f"{d.platform}:{d}" for d in jax.devices()]
    if backend == "torch":
        import torch

        found = ["cpu"]
        for i in range(torch.cuda.device_count()):
            found.append(f"cuda:{i} {torch.cuda.get_device_name(i)}")
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            found.append("mps")
        return found
    return [f"{backend}: unknown"]
