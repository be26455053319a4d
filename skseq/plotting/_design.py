"""A design's trajectory (score per round) and its edits (where, what, when)."""

import numpy as np

from ._axes import axes_for


class DesignDisplay:
    """Score per round of each designed sequence, and the edits that made it.

    Parameters
    ----------
    trajectory : array-like of shape (n_rounds + 1, n_sequences)
        The score after each round, the start first (``design(...).trajectory``).
    edits : list of list of (round, position, old, new)
        Per design, its edits (``design(...).edits``).
    length : int
        Length of the sequences.
    score_name : str, default="score"

    Attributes
    ----------
    lines_ : list of matplotlib Line2D
        One trajectory per sequence.
    ax_ : matplotlib Axes
        The trajectory panel.
    axes_ : ndarray of Axes
        The trajectory and the edits panels.
    figure_ : matplotlib Figure

    Examples
    --------
    >>> from skseq.plotting import DesignDisplay
    >>> disp = DesignDisplay([[0.1, 0.2], [0.6, 0.5], [0.9, 0.5]],
    ...                      [[(1, 3, "A", "G"), (2, 4, "C", "T")], [(1, 0, "T", "A")]],
    ...                      length=8).plot()
    >>> len(disp.lines_), disp.axes_[1].get_xlabel()
    (2, 'position')
    """

    def __init__(self, trajectory, edits, length, *, score_name="score"):
        self.trajectory = trajectory
        self.edits = edits
        self.length = length
        self.score_name = score_name

    @classmethod
    def from_estimator(cls, estimator, X_start, target=None, *, ax=None, **kwargs):
        """Design from ``X_start`` with :func:`skseq.design.design` and draw the result.

        Parameters
        ----------
        estimator : fitted estimator or Pipeline
        X_start : iterable of str
        target : class label or int, default=None
        ax : array of two Axes, default=None
        **kwargs
            Passed to :func:`~skseq.design.design` (``method``, ``edit_budget``, ...).

        Returns
        -------
        DesignDisplay
            With ``result`` (what :func:`~skseq.design.design` returned).
        """
        from skseq.design import design

        result = design(estimator, X_start, target, **kwargs)
        disp = cls.from_result(result)
        return disp.plot(ax=ax)

    @classmethod
    def from_result(cls, result):
        """The Display of what :func:`skseq.design.design` returned, not drawn yet."""
        length = len(result.sequences[0])
        disp = cls(result.trajectory, result.edits, length, score_name=result.score_name)
        disp.result = result
        return disp

    def plot(self, ax=None):
        """Draw the trajectories (top) and the edits (bottom, letters at their positions).

        Parameters
        ----------
        ax : array of two Axes, default=None
            None creates a figure.

        Returns
        -------
        DesignDisplay
        """
        trajectory = np.asarray(self.trajectory, dtype=float)
        if trajectory.ndim != 2 or trajectory.shape[1] != len(self.edits):
            raise ValueError(
                f"DesignDisplay: trajectory of shape {trajectory.shape} needs one column per "
                f"design ({len(self.edits)})"
            )
        fig, axes = axes_for(ax, 2, figsize=(7, 2.6), caller="DesignDisplay")
        rounds = np.arange(len(trajectory))
        self.lines_ = [
            axes[0].plot(rounds, trajectory[:, i], marker="o", ms=3, label=f"design {i}")[0]
            for i in range(trajectory.shape[1])
        ]
        axes[0].set_xlabel("round (edits made)")
        axes[0].set_ylabel(self.score_name)
        if trajectory.shape[1] <= 10:
            axes[0].legend(fontsize="small", loc="lower right")
        n_rounds = max(len(trajectory) - 1, 1)
        import matplotlib

        cmap = matplotlib.colormaps["viridis"]
        for i, edits in enumerate(self.edits):
            for round_, position, _old, new in edits:
                axes[1].text(
                    position,
                    i,
                    new,
                    ha="center",
                    va="center",
                    fontsize="small",
                    fontweight="bold",
                    color=cmap(round_ / n_rounds),
                )
        axes[1].set_xlim(-0.5, self.length - 0.5)
        axes[1].set_ylim(len(self.edits) - 0.5, -0.5)
        axes[1].set_yticks(range(len(self.edits)))
        axes[1].set_xlabel("position")
        axes[1].set_ylabel("design")
        axes[1].grid(axis="y", alpha=0.3)
        self.axes_, self.ax_, self.figure_ = axes, axes[0], fig
        return self
