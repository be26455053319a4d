"""Progress bars on long work: one switch for the whole package.

Folding, attributions over many sequences, inspection reports, searches, pretraining,
scanning and architecture comparisons wrap their loops in :func:`progress`. A bar is shown
(with ``tqdm.auto``: a widget in Jupyter, text on standard error elsewhere) only when the
caller's ``verbose`` is true and standard error is a terminal or the code runs in a notebook
(an IPython kernel), so logs and CI output stay clean. ``SKSEQ_PROGRESS=1`` forces bars on,
``SKSEQ_PROGRESS=0`` off.
"""

import os
import sys
from contextlib import contextmanager

__all__ = ["progress", "progress_bar", "progress_enabled"]

_SILENCED = []  # non-empty inside silenced()


def progress_enabled(verbose=1):
    """Whether a progress bar would be shown for this ``verbose`` setting.

    Parameters
    ----------
    verbose : int or bool, default=1
        The caller's verbosity; 0 or False never shows a bar.

    Returns
    -------
    bool

    Examples
    --------
    >>> progress_enabled(0)
    False
    """
    if not verbose or _SILENCED:
        return False
    forced = os.environ.get("SKSEQ_PROGRESS")
    if forced is not None:
        return forced not in ("", "0", "false", "False")
    stream = sys.stderr
    if stream is not None and hasattr(stream, "isatty") and stream.isatty():
        return True
    return _in_notebook()


def _in_notebook():
    """Whether this runs in a Jupyter (IPython kernel) session, whose stderr is no terminal."""
    ipython = sys.modules.get("IPython")
    if ipython is None:  # a kernel has imported IPython long before any skseq call
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # an IPython too old or too broken to ask: no bars
        return False
    return getattr(shell, "kernel", None) is not None


def progress(iterable, *, total=None, desc=None, unit="it", verbose=1):
    """Wrap ``iterable`` in a tqdm progress bar when :func:`progress_enabled`, else return it.

    Parameters
    ----------
    iterable : iterable
    total : int, default=None
        Number of items (taken from ``len(iterable)`` when it has one).
    desc : str, default=None
        Label in front of the bar, e.g. ``"folding"``.
    unit : str, default="it"
        What one item is, e.g. ``"seq"``.
    verbose : int or bool, default=1
        The caller's verbosity; 0 or False never shows a bar.

    Returns
    -------
    iterable
        The iterable itself, or a tqdm bar over it.

    Examples
    --------
    >>> list(progress(range(3), desc="counting", verbose=0))
    [0, 1, 2]
    """
    if not progress_enabled(verbose):
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=unit, leave=False, file=sys.stderr)


class _NoBar:
    """What :func:`progress_bar` returns when no bar is shown: every call does nothing."""

    def update(self, n=1):
        pass

    def set_description_str(self, desc=None, refresh=True):
        pass

    def set_postfix(self, ordered_dict=None, refresh=True, **kwargs):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def progress_bar(*, total=None, desc=None, unit="it", verbose=1):
    """A bar to advance by hand (``update(n)``) for work that is not one loop.

    Parallel jobs finishing in any order, chunks of unequal size or the stages of a script
    advance it; it is a context manager that closes the bar at the end. When
    :func:`progress_enabled` is false it is a stand-in whose methods do nothing.

    Parameters
    ----------
    total : int, default=None
        Number of units of the whole work.
    desc : str, default=None
        Label in front of the bar.
    unit : str, default="it"
        What one unit is.
    verbose : int or bool, default=1
        The caller's verbosity; 0 or False never shows a bar.

    Returns
    -------
    tqdm.tqdm or a silent stand-in
        Either has ``update(n=1)``, ``set_description_str(desc)`` and ``close()``.

    Examples
    --------
    >>> with progress_bar(total=10, desc="folding", unit="seq", verbose=0) as bar:
    ...     bar.update(4)
    ...     bar.update(6)
    """
    if not progress_enabled(verbose):
        return _NoBar()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, leave=False, file=sys.stderr)


@contextmanager
def silenced():
    """No new bars inside this block (in this process), whatever ``verbose`` says.

    For jobs run in parallel processes, whose bars would write over one another on the
    terminal they share; bars made before the block keep counting.

    Examples
    --------
    >>> with silenced():
    ...     progress_enabled(1)
    False
    """
    _SILENCED.append(True)
    try:
        yield
    finally:
        _SILENCED.pop()
