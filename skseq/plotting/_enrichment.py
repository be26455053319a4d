"""Where a kernel fires along the sequence, and how strongly per class."""

import numpy as np

from ._axes import axes_for


class PositionEnrichmentDisplay:
    """Where a kernel fires along the sequence, per class (two panels).

    Top: histogram (per class) of the position of each site's maximum activation (the first
    input position of the kernel's window). Bottom: mean activation at each position per class.

    Parameters
    ----------
    site_positions : dict of label to ndarray of int
    mean_activation : DataFrame
        Input positions (window starts) x class labels.
    length : int
        Sequence length (the histogram's range).
    kernel : int, default=None

    Attributes
    ----------
    hists_ : dict of label to matplotlib StepPatch
    lines_ : dict of label to matplotlib Line2D
    ax_ : matplotlib Axes
        The histogram panel.
    axes_ : ndarray of two Axes
        Histogram and mean-activation panels.
    figure_ : matplotlib Figure

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skseq.plotting import PositionEnrichmentDisplay
    >>> mean = pd.DataFrame({"a": np.r_[np.zeros(5), 1, np.zeros(4)]})
    >>> disp = PositionEnrichmentDisplay({"a": np.array([5, 5, 6])}, mean, 10).plot()
    >>> len(disp.axes_)
    2
    """

    def __init__(self, site_positions, mean_activation, length, *, kernel=None):
        self.site_positions = site_positions
        self.mean_activation = mean_activation
        self.length = length
        self.kernel = kernel

    @classmethod
    def from_inspector(cls, inspector, kernel, *, ax=None, **kwargs):
        """Position enrichment of one kernel of a fitted MotifInspector.

        Parameters
        ----------
        inspector : fitted MotifInspector
        kernel : int
        ax : array of two matplotlib Axes, default=None
        **kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        PositionEnrichmentDisplay
        """
        return cls._numbers(inspector, kernel).plot(ax=ax, **kwargs)

    @classmethod
    def _numbers(cls, inspector, kernel):
        """The Display of one kernel, not drawn yet."""
        sites, mean, length = inspector.position_enrichment(kernel)
        return cls(sites, mean, length, kernel=int(kernel))

    def plot(self, ax=None, **kwargs):
        """Draw the histogram and the mean activation.

        Parameters
        ----------
        ax : array of two matplotlib Axes, default=None
        **kwargs
            Passed to ``Axes.stairs`` (e.g. ``fill=True``).

        Returns
        -------
        PositionEnrichmentDisplay
            ``self``, with ``hists_``, ``lines_``, ``ax_``, ``axes_`` and ``figure_``.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> from skseq.plotting import PositionEnrichmentDisplay
        >>> mean = pd.DataFrame({"a": np.r_[np.zeros(5), 1, np.zeros(4)]})
        >>> disp = PositionEnrichmentDisplay({"a": np.array([5, 5])}, mean, 10).plot()
        >>> disp.axes_[1].get_ylabel()
        'mean activation'
        """
        fig, axes = axes_for(ax, 2, figsize=(6, 2.2), caller="PositionEnrichmentDisplay")
        top, bottom = axes
        bins = np.arange(-0.5, self.length + 0.5, 1.0)
        self.hists_, self.lines_ = {}, {}
        for label, positions in self.site_positions.items():
            counts, _ = np.histogram(positions, bins=bins)
            self.hists_[label] = top.stairs(
                counts, bins, label=f"{label} (n={len(positions)})", **kwargs
            )
        top.set_ylabel("sites")
        top.legend(fontsize="small", title="class", title_fontsize="small")
        for label in self.mean_activation.columns:
            (self.lines_[label],) = bottom.plot(
                self.mean_activation.index, self.mean_activation[label], label=str(label)
            )
        bottom.set_ylabel("mean activation")
        bottom.set_xlabel("position (start of kernel window)")
        for axis in axes:
            axis.set_xlim(-0.5, self.length - 0.5)
        if self.kernel is not None:
            top.set_title(f"kernel {self.kernel}: position enrichment")
        self.axes_, self.ax_, self.figure_ = axes, top, fig
        return self


class ClassEnrichmentDisplay:
    """Distribution of a kernel's maximum activation per sequence, one box per class.

    Parameters
    ----------
    values : dict of label to ndarray
    threshold : float, default=None
        Drawn as a dashed line (the site threshold).
    importance : float, default=None
    kernel : int, default=None

    Attributes
    ----------
    boxplot_ : dict
        What ``Axes.boxplot`` returned (boxes, whiskers, medians, ...).
    threshold_line_ : matplotlib Line2D or None
    ax_ : matplotlib Axes
    figure_ : matplotlib Figure

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.plotting import ClassEnrichmentDisplay
    >>> disp = ClassEnrichmentDisplay({0: np.zeros(5), 1: np.ones(5)}, threshold=0.5).plot()
    >>> [t.get_text() for t in disp.ax_.get_xticklabels()]
    ['0', '1']
    """

    def __init__(self, values, *, threshold=None, importance=None, kernel=None):
        self.values = values
        self.threshold = threshold
        self.importance = importance
        self.kernel = kernel

    @classmethod
    def from_inspector(cls, inspector, kernel, *, ax=None, **kwargs):
        """Class enrichment of one kernel of a fitted MotifInspector.

        Parameters
        ----------
        inspector : fitted MotifInspector
        kernel : int
        ax : matplotlib Axes, default=None
        **kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        ClassEnrichmentDisplay
        """
        return cls._numbers(inspector, kernel).plot(ax=ax, **kwargs)

    @classmethod
    def _numbers(cls, inspector, kernel):
        """The Display of one kernel, not drawn yet."""
        k = inspector.check_kernel(kernel)
        values = {
            label: inspector.max_activations_[inspector.sample_groups_ == g, k]
            for g, label in enumerate(inspector.groups_)
        }
        return cls(
            values,
            threshold=inspector.thresholds_[k],
            importance=inspector.importance_[k],
            kernel=k,
        )

    def plot(self, ax=None, **kwargs):
        """Draw one box per class and the site threshold.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
        **kwargs
            Passed to ``Axes.boxplot``.

        Returns
        -------
        ClassEnrichmentDisplay
            ``self``, with ``boxplot_``, ``threshold_line_``, ``ax_`` and ``figure_``.

        Examples
        --------
        >>> import numpy as np
        >>> from skseq.plotting import ClassEnrichmentDisplay
        >>> disp = ClassEnrichmentDisplay({"a": np.arange(5.0)}, threshold=2).plot()
        >>> [float(v) for v in disp.threshold_line_.get_ydata()]
        [2.0, 2.0]
        """
        fig, (axis,) = axes_for(ax, figsize=(4, 3), caller="ClassEnrichmentDisplay")
        labels = [str(k) for k in self.values]
        self.boxplot_ = axis.boxplot(
            [np.asarray(v) for v in self.values.values()], tick_labels=labels, **kwargs
        )
        self.threshold_line_ = None
        if self.threshold is not None:
            self.threshold_line_ = axis.axhline(
                self.threshold, ls="--", c="grey", lw=1, label="site threshold"
            )
            axis.legend(fontsize="small")
        axis.set_xlabel("class")
        axis.set_ylabel("max activation per sequence")
        title = "" if self.kernel is None else f"kernel {self.kernel}"
        if self.importance is not None:
            title += f" (importance {self.importance:.3g})"
        axis.set_title(title.strip())
        self.ax_, self.figure_ = axis, fig
        return self
