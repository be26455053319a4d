"""``skseq.show_versions()``: what a bug report needs, as scikit-learn's has."""

import platform
import sys
from importlib.metadata import PackageNotFoundError, version

__all__ = ["show_versions"]

#: (name shown, distribution name) of the dependencies a report needs.
_DEPENDENCIES = (
    ("keras", "keras"),
    ("tensorflow", "tensorflow"),
    ("jax", "jax"),
    ("torch", "torch"),
    ("scikit-learn", "scikit-learn"),
    ("scikeras", "scikeras"),
    ("numpy", "numpy"),
    ("scipy", "scipy"),
    ("pandas", "pandas"),
    ("optuna", "optuna"),
    ("optuna-integration", "optuna-integration"),
    ("ViennaRNA", "viennarna"),
    ("logomaker", "logomaker"),
    ("matplotlib", "matplotlib"),
)


def _version(distribution):
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def _info():
    """The report as ``{section: {name: value}}``; values are strings or None."""
    import skseq

    system = {
        "python": sys.version.replace("\n", " "),
        "executable": sys.executable,
        "machine": platform.platform(),
    }
    dependencies = {"skseq": skseq.__version__}
    dependencies.update({name: _version(dist) for name, dist in _DEPENDENCIES})
    try:
        import keras

        from skseq._backend import devices

        backend = {"keras backend": keras.backend.backend(), "devices": ", ".join(devices())}
    except Exception as error:  # the report is most needed when the backend is broken
        backend = {"keras backend": f"failed to load: {type(error).__name__}: {error}"}
    return {"System": system, "Backend": backend, "Python dependencies": dependencies}


def show_versions():
    """Print the versions of skseq, Python and its dependencies, and the backend's devices.

    Paste its output into a bug report. Dependencies that are not installed show as None
    (JAX and PyTorch are optional backends; ViennaRNA is needed for structure features).

    Returns
    -------
    None

    Examples
    --------
    >>> import skseq
    >>> skseq.show_versions()  # doctest: +ELLIPSIS, +NORMALIZE_WHITESPACE
    <BLANKLINE>
    System:
        python: ...
    <BLANKLINE>
    Backend:
     keras backend: ...
    <BLANKLINE>
    Python dependencies:
              skseq: ...
    """
    for section, entries in _info().items():
        print(f"\n{section}:")
        width = max(len(name) for name in entries)
        for name, value in entries.items():
            print(f"{name:>{width + 4}}: {value}")
