"""Progress bars on long work: one switch for the whole package.

Folding, attributions over many sequences, inspection reports, searches, pretraining,
scanning and architecture comparisons wrap their loops in :func:`progress`. A bar is shown
(with tqdm, on standard error) only when the caller's ``verbose`` is true and standard error
is a terminal, so logs, CI output and notebooks that capture stderr stay clean.
``SKSEQ_PROGRESS=1`` forces bars on, ``SKSEQ_PROGRESS=0`` off.
"""

import os
import sys

__all__ = ["progress", "progress_enabled"]


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
    if not verbose:
        return False
    forced = os.environ.get("SKSEQ_PROGRESS")
    if forced is not None:
        return forced not in ("", "0", "false", "False")
    stream = sys.stderr
    return bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


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
