"""Kernels x sequences heatmap of maximum activations, clustered."""

import numpy as np

from ._axes import axes_for


def _order(matrix):
    from scipy.cluster.hierarchy import leaves_list, linkage

    if len(matrix) < 3:
        return np.arange(len(matrix))
    return leaves_list(linkage(matrix, method="average", metric="euclidean"))


class ActivationHeatmapDisplay:
    """Kernels x sequences heatmap of maximum activations, both axes clustered (scipy).

    Parameters
    ----------
    max_activations : ndarray of shape (n_sequences, n_kernels)
    labels : array-like of shape (n_sequences,), default=None
        Class of each sequence, drawn as a colour strip above the heatmap.
    max_sequences : int, default=500
        Sequences drawn (an evenly spaced subset when there are more).

    Attributes
    ----------
    kernel_order_ : ndarray
        Kernels in the clustered order (top to bottom).
    sequence_order_ : ndarray
        Sequence indices in the clustered order (left to right).
    image_ : matplotlib AxesImage
    colorbar_ : matplotlib Colorbar
    ax_ : matplotlib Axes
    figure_ : matplotlib Figure

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.plotting import ActivationHeatmapDisplay
    >>> acts = np.random.default_rng(0).random((20, 3))
    >>> sorted(ActivationHeatmapDisplay(acts).plot().kernel_order_.tolist())
    [0, 1, 2]
    """

    def __init__(self, max_activations, *, labels=None, max_sequences=500):
        self.max_activations = max_activations
        self.labels = labels
        self.max_sequences = max_sequences

    @classmethod
    def from_inspector(cls, inspector, *, max_sequences=500, ax=None, **kwargs):
        """Heatmap of every kernel of a fitted MotifInspector over its sequences.

        Parameters
        ----------
        inspector : fitted MotifInspector
        max_sequences : int, default=500
        ax : matplotlib Axes, default=None
        **kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        ActivationHeatmapDisplay
        """
        labels = np.asarray(inspector.groups_, dtype=object)[inspector.sample_groups_]
        return cls(inspector.max_activations_, labels=labels, max_sequences=max_sequences).plot(
            ax=ax, **kwargs
        )

    def plot(self, ax=None, **kwargs):
        """Draw the clustered heatmap (and the class strip when ``labels`` are given).

        Parameters
        ----------
        ax : matplotlib Axes, default=None
        **kwargs
            Passed to ``Axes.imshow`` (e.g. ``cmap="magma"``).

        Returns
        -------
        ActivationHeatmapDisplay
            ``self``, with the orders, ``image_``, ``colorbar_``, ``ax_`` and ``figure_``.

        Examples
        --------
        >>> import numpy as np
        >>> from skseq.plotting import ActivationHeatmapDisplay
        >>> acts = np.random.default_rng(0).random((10, 2))
        >>> ActivationHeatmapDisplay(acts, labels=[0, 1] * 5).plot().ax_.get_ylabel()
        'kernel'
        """
        import matplotlib
        from matplotlib.patches import Patch

        acts = np.asarray(self.max_activations, dtype=float)
        rows = np.arange(len(acts))
        if len(rows) > self.max_sequences:
            rows = np.linspace(0, len(acts) - 1, self.max_sequences).astype(int)
        sub = acts[rows]
        self.sequence_order_ = rows[_order(sub)]
        self.kernel_order_ = _order(sub.T)
        fig, (axis,) = axes_for(
            ax, figsize=(8, max(2.5, 0.18 * acts.shape[1])), caller="ActivationHeatmapDisplay"
        )
        image = acts[self.sequence_order_][:, self.kernel_order_].T
        kwargs = {"aspect": "auto", "cmap": "viridis", "interpolation": "nearest", **kwargs}
        self.image_ = axis.imshow(image, **kwargs)
        self.colorbar_ = fig.colorbar(self.image_, ax=axis, label="max activation")
        axis.set_yticks(np.arange(len(self.kernel_order_)), self.kernel_order_, fontsize="x-small")
        axis.set_ylabel("kernel")
        axis.set_xlabel("sequences (clustered)")
        if self.labels is not None:
            labels = np.asarray(self.labels)[self.sequence_order_]
            uniq = list(dict.fromkeys(sorted(labels.tolist(), key=str)))
            codes = np.array([uniq.index(v) for v in labels.tolist()])
            axis.imshow(
                codes[None],
                aspect="auto",
                cmap="tab10",
                vmin=0,
                vmax=9,
                extent=(-0.5, len(codes) - 0.5, -1.5, -0.6),
                interpolation="nearest",
            )
            axis.set_ylim(len(self.kernel_order_) - 0.5, -1.5)
            cmap = matplotlib.colormaps["tab10"]
            axis.legend(
                handles=[Patch(color=cmap(i % 10), label=str(v)) for i, v in enumerate(uniq)],
                title="class",
                fontsize="small",
                loc="upper left",
                bbox_to_anchor=(1.12, 1.0),
            )
        self.ax_, self.figure_ = axis, fig
        return self
