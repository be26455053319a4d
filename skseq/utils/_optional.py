"""Importing an optional dependency (an extra) with a message that says how to get it."""

from importlib import import_module

__all__ = ["import_extra"]

#: Modules removed from setuptools that some extras' dependencies still import.
_SETUPTOOLS_MODULES = {"pkg_resources"}


def import_extra(name, extra):
    """Import module ``name``, which the ``skseq[extra]`` extra installs.

    Parameters
    ----------
    name : str
        The module to import, e.g. ``"tpot"``.
    extra : str
        The extra of skseq's ``pyproject.toml`` that installs it, e.g. ``"tpot"``.

    Returns
    -------
    module

    Raises
    ------
    ImportError
        When the module is not installed (the message gives the ``pip install`` line), or
        when it is installed but one of its own dependencies imports ``pkg_resources``,
        which setuptools 81 removed (TPOT's ``stopit`` does): the message names the module
        that failed and the pin that fixes it.

    Examples
    --------
    >>> from skseq.utils import import_extra
    >>> import_extra("json", extra="none").__name__
    'json'
    >>> import_extra("no_such_module_xyz", extra="tpot")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ImportError: no_such_module_xyz is not installed; it comes with skseq's 'tpot' extra: ...
    """
    try:
        return import_module(name)
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if missing.split(".")[0] in _SETUPTOOLS_MODULES:
            raise ImportError(
                f"importing {name} failed: one of its dependencies imports {missing}, which "
                "setuptools 81 and newer no longer ship; install an older setuptools into "
                f"this environment: pip install 'setuptools<81' (skseq's '{extra}' extra pins "
                "it)"
            ) from error
        if missing.split(".")[0] != name.split(".")[0]:
            raise ImportError(
                f"importing {name} failed: its dependency {missing} is missing; reinstall "
                f"it with: pip install 'skseq[{extra}]'"
            ) from error
        raise ImportError(
            f"{name} is not installed; it comes with skseq's '{extra}' extra: "
            f"pip install 'skseq[{extra}]' (from a clone: pip install '.[{extra}]')"
        ) from error
