"""Logos of optimised inputs: what a class, an output or a kernel wants to see."""

import numpy as np
import pandas as pd

from ._axes import axes_for
from ._logo import _draw_logo, information_matrix


class OptimizedInputDisplay:
    """One logo per optimised input (see :func:`skseq.design.optimize_inputs`).

    Parameters
    ----------
    matrices : dict of str to DataFrame
        Panel title (e.g. ``"class 1"``, ``"kernel 3"``) to a positions x symbols
        probability matrix.
    scores : array-like of shape (n_matrices,), default=None
        The objective each input reached, shown in its title.
    kind : {"information", "probability"}, default="information"

    Attributes
    ----------
    drawn_ : dict of str to DataFrame
        What was drawn (bits, or probabilities).
    logos_ : dict of str to logomaker.Logo
    ax_ : matplotlib Axes
        The first panel.
    axes_ : ndarray of Axes
        One panel per matrix.
    figure_ : matplotlib Figure

    Examples
    --------
    >>> import pandas as pd
    >>> from skseq.plotting import OptimizedInputDisplay
    >>> ppm = pd.DataFrame([[0.9, 0.1, 0, 0], [0, 0, 1, 0]], columns=list("ACGT"))
    >>> disp = OptimizedInputDisplay({"class 1": ppm}, scores=[0.97]).plot()
    >>> disp.ax_.get_title()
    'class 1 (objective 0.97)'
    """

    def __init__(self, matrices, *, scores=None, kind="information"):
        self.matrices = matrices
        self.scores = scores
        self.kind = kind

    @classmethod
    def from_estimator(
        cls,
        estimator,
        *,
        target=None,
        kernels=None,
        kind="information",
        ax=None,
        n_steps=600,
        learning_rate=0.02,
        random_state=0,
        **kwargs,
    ):
        """Optimise inputs for classes, outputs or kernels of a fitted model, and draw them.

        Parameters
        ----------
        estimator : fitted estimator, Pipeline or keras.Model
        target, kernels, n_steps, learning_rate, random_state
            Passed to :func:`skseq.design.optimize_inputs`.
        kind : {"information", "probability"}, default="information"
        ax : array of Axes, default=None
            One per objective.
        **kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        OptimizedInputDisplay
            With ``result`` (what :func:`~skseq.design.optimize_inputs` returned).
        """
        from skseq.design import optimize_inputs

        result = optimize_inputs(
            estimator,
            target=target,
            kernels=kernels,
            n_steps=n_steps,
            learning_rate=learning_rate,
            random_state=random_state,
        )
        disp = cls._from_result(result, kind=kind)
        return disp.plot(ax=ax, **kwargs)

    @classmethod
    def _from_result(cls, result, *, kind="information"):
        names = [str(c) for c in result.channel_names]
        label = result.kind
        matrices = {
            f"{label} {obj}": pd.DataFrame(m, columns=names)
            for obj, m in zip(result.objectives, result.matrices)
        }
        disp = cls(matrices, scores=result.scores, kind=kind)
        disp.result = result
        return disp

    def plot(self, ax=None, **kwargs):
        """Draw the logos, one panel per matrix.

        Parameters
        ----------
        ax : array of Axes, default=None
            One per matrix; None creates a figure.
        **kwargs
            Passed to ``logomaker.Logo``.

        Returns
        -------
        OptimizedInputDisplay
        """
        if self.kind not in ("information", "probability"):
            raise ValueError(f"kind must be 'information' or 'probability'; got {self.kind!r}")
        scores = None if self.scores is None else np.asarray(self.scores, dtype=float)
        if scores is not None and len(scores) != len(self.matrices):
            raise ValueError(
                f"OptimizedInputDisplay: {len(scores)} scores for {len(self.matrices)} matrices"
            )
        fig, axes = axes_for(
            ax, len(self.matrices), figsize=(8, 1.8), caller="OptimizedInputDisplay"
        )
        self.drawn_, self.logos_ = {}, {}
        for i, (axis, (name, ppm)) in enumerate(zip(axes, self.matrices.items())):
            matrix = information_matrix(ppm) if self.kind == "information" else ppm
            self.logos_[name] = _draw_logo(matrix, axis, kwargs)
            self.drawn_[name] = matrix
            axis.set_ylabel("bits" if self.kind == "information" else "probability")
            axis.set_ylim(0, np.log2(ppm.shape[1]) if self.kind == "information" else 1.0)
            title = name if scores is None else f"{name} (objective {scores[i]:.3g})"
            axis.set_title(title, fontsize="small")
        axes[-1].set_xlabel("position")
        self.axes_, self.ax_, self.figure_ = axes, axes[0], fig
        return self
