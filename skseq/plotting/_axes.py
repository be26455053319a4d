"""The one helper that gives a Display its Axes: the caller's, or a new figure's."""

import numpy as np


def axes_for(ax, n=1, *, figsize=(6, 2.5), caller="plot", horizontal=False):
    """Return ``(figure, axes)`` with ``axes`` an object array of ``n`` Axes.

    Parameters
    ----------
    ax : matplotlib Axes, array-like of Axes or None
        The caller's Axes (``n`` of them); None creates a figure with ``n`` panels
        (constrained layout) of ``figsize`` each.
    n : int
    figsize : (float, float)
        Size of one panel.
    caller : str
        Named in the error for a wrong number of Axes.
    horizontal : bool, default=False
        Panels side by side instead of one below the other.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        shape, size = (
            ((1, n), (figsize[0] * n, figsize[1]))
            if horizontal
            else (
                (n, 1),
                (
                    figsize[0],
                    figsize[1] * n,
                ),
            )
        )
        fig, axes = plt.subplots(*shape, figsize=size, squeeze=False, layout="constrained")
        return fig, np.asarray(axes.ravel(), dtype=object)
    axes = np.asarray(ax, dtype=object).ravel()
    if len(axes) != n:
        raise ValueError(f"{caller} draws on {n} Axes; got {len(axes)}")
    return axes[0].figure, axes
