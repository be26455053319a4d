"""Display objects: each holds the numbers it draws and draws them on an Axes you may pass.

They follow scikit-learn's Display pattern: build the object from numbers (or with
``from_inspector``), call ``plot(ax=None)``, then find the drawing in ``ax_`` and ``figure_``.
"""

import warnings

import numpy as np
import pandas as pd

_NUCLEOTIDE_COLORS = {
    "A": "#109648",
    "C": "#255C99",
    "G": "#F7B32B",
    "T": "#D62839",
    "U": "#D62839",
}


def _color_scheme(symbols):
    """logomaker colours: the classic nucleotide colours, else one tab10 colour per symbol."""
    import matplotlib

    if set(symbols) <= set(_NUCLEOTIDE_COLORS):
        return {s: _NUCLEOTIDE_COLORS[s] for s in symbols}
    cmap = matplotlib.colormaps["tab10"]
    return {s: cmap(i % 10) for i, s in enumerate(symbols)}


def _new_axes(ax, nrows=1, figsize=(6, 2.5)):
    import matplotlib.pyplot as plt

    if ax is not None:
        axes = list(np.atleast_1d(ax))
        if len(axes) != nrows:
            raise ValueError(f"this plot needs {nrows} Axes; got {len(axes)}")
        return axes[0].figure, axes
    fig, axes = plt.subplots(
        nrows, 1, figsize=(figsize[0], figsize[1] * nrows), squeeze=False, constrained_layout=True
    )
    return fig, list(axes[:, 0])


def _single_char(symbols):
    """logomaker draws single characters; longer channel names are kept but drawn by initial."""
    chars = [str(s)[:1] if len(str(s)) > 1 else str(s) for s in symbols]
    if len(set(chars)) != len(chars):
        raise ValueError(f"cannot draw symbols {list(symbols)} as distinct letters in a logo")
    return chars


def to_information(ppm, pseudocount=1e-3):
    """Probability matrix to information content per symbol (bits), uniform background."""
    p = np.asarray(ppm, dtype=float) + pseudocount
    p = p / p.sum(axis=1, keepdims=True)
    bits = np.log2(p.shape[1]) + (p * np.log2(p)).sum(axis=1, keepdims=True)
    return pd.DataFrame(p * bits, index=ppm.index, columns=ppm.columns)


class MotifLogoDisplay:
    """Sequence logo(s) of a kernel's position probability matrix, one per channel group.

    Parameters
    ----------
    motifs : dict of str to DataFrame
        Channel group (e.g. ``"sequence"``, ``"struct"``) to a positions x symbols
        probability matrix.
    kind : {"information", "probability"}, default="information"
    title : str, optional

    Attributes
    ----------
    ax_ : matplotlib Axes or list of Axes (one per group when there are several)
    figure_ : matplotlib Figure

    Examples
    --------
    >>> import pandas as pd
    >>> from skseq.inspection import MotifLogoDisplay
    >>> ppm = pd.DataFrame([[0.9, 0.1, 0, 0], [0, 0, 1, 0]], columns=list("ACGT"))
    >>> disp = MotifLogoDisplay({"sequence": ppm}).plot()
    >>> disp.ax_.get_ylabel()
    'bits'
    """

    def __init__(self, motifs, *, kind="information", title=None):
        self.motifs = motifs
        self.kind = kind
        self.title = title

    @classmethod
    def from_inspector(cls, inspector, kernel, *, kind="information", ax=None):
        # groups drawable as letters (a combined alphabet is drawn through its marginals)
        motifs = {
            g: m[kernel]
            for g, m in inspector.group_motifs_.items()
            if all(len(str(c)) == 1 for c in m[kernel].columns)
        }
        title = (
            f"kernel {kernel}: {inspector.n_sites_[kernel]} sites, importance "
            f"{inspector.importance_[kernel]:.3g}"
        )
        return cls(motifs, kind=kind, title=title).plot(ax=ax)

    def plot(self, ax=None):
        import logomaker

        if self.kind not in ("information", "probability"):
            raise ValueError(f"kind must be 'information' or 'probability'; got {self.kind!r}")
        fig, axes = _new_axes(ax, nrows=len(self.motifs))
        for axis, (group, ppm) in zip(axes, self.motifs.items()):
            matrix = to_information(ppm) if self.kind == "information" else ppm
            matrix = matrix.set_axis(_single_char(matrix.columns), axis=1)
            matrix.index = np.arange(len(matrix))
            with warnings.catch_warnings():
                # an all-zero matrix (a kernel without sites) gives a flat logo; the y-range
                # is set right below
                warnings.filterwarnings("ignore", message="Attempting to set identical")
                logomaker.Logo(matrix, ax=axis, color_scheme=_color_scheme(list(matrix.columns)))
            axis.set_ylabel("bits" if self.kind == "information" else "probability")
            if self.kind == "information":
                axis.set_ylim(0, np.log2(matrix.shape[1]))
            else:
                axis.set_ylim(0, 1)
            if len(self.motifs) > 1:
                axis.set_title(group, loc="left", fontsize="small")
        axes[-1].set_xlabel("position in kernel window")
        if self.title:
            axes[0].figure.suptitle(self.title) if len(axes) > 1 else axes[0].set_title(self.title)
        self.ax_ = axes[0] if len(axes) == 1 else axes
        self.figure_ = fig
        return self


class PositionEnrichmentDisplay:
    """Where a kernel fires along the sequence, per class.

    Top: histogram (per class) of the position of each site's maximum activation (the first
    input position of the kernel's window). Bottom: mean activation at each position per class.

    Parameters
    ----------
    site_positions : dict of label to ndarray of int
    mean_activation : DataFrame
        Input positions (window starts) x class labels.
    length : int
        Sequence length (the histogram's range).
    kernel : int, optional

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skseq.inspection import PositionEnrichmentDisplay
    >>> mean = pd.DataFrame({"a": np.r_[np.zeros(5), 1, np.zeros(4)]})
    >>> disp = PositionEnrichmentDisplay({"a": np.array([5, 5, 6])}, mean, 10).plot()
    >>> len(disp.ax_)
    2
    """

    def __init__(self, site_positions, mean_activation, length, *, kernel=None):
        self.site_positions = site_positions
        self.mean_activation = mean_activation
        self.length = length
        self.kernel = kernel

    @classmethod
    def from_inspector(cls, inspector, kernel, *, ax=None):
        return cls(*inspector.position_enrichment(kernel), kernel=kernel).plot(ax=ax)

    def plot(self, ax=None):
        fig, (top, bottom) = _new_axes(ax, nrows=2, figsize=(6, 2.2))
        bins = np.arange(-0.5, self.length + 0.5, 1.0)
        for label, positions in self.site_positions.items():
            top.hist(positions, bins=bins, histtype="step", label=f"{label} (n={len(positions)})")
        top.set_ylabel("sites")
        top.legend(fontsize="small", title="class", title_fontsize="small")
        for label in self.mean_activation.columns:
            bottom.plot(self.mean_activation.index, self.mean_activation[label], label=str(label))
        bottom.set_ylabel("mean activation")
        bottom.set_xlabel("position (start of kernel window)")
        for axis in (top, bottom):
            axis.set_xlim(-0.5, self.length - 0.5)
        if self.kernel is not None:
            top.set_title(f"kernel {self.kernel}: position enrichment")
        self.ax_ = [top, bottom]
        self.figure_ = fig
        return self


class ClassEnrichmentDisplay:
    """Distribution of a kernel's maximum activation per sequence, one box per class.

    Parameters
    ----------
    values : dict of label to ndarray
    threshold : float, optional
        Drawn as a dashed line (the site threshold).
    importance : float, optional
    kernel : int, optional

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.inspection import ClassEnrichmentDisplay
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
    def from_inspector(cls, inspector, kernel, *, ax=None):
        values = {
            label: inspector.max_activations_[inspector.sample_groups_ == g, kernel]
            for g, label in enumerate(inspector.groups_)
        }
        return cls(
            values,
            threshold=inspector.thresholds_[kernel],
            importance=inspector.importance_[kernel],
            kernel=kernel,
        ).plot(ax=ax)

    def plot(self, ax=None):
        fig, (axis,) = _new_axes(ax, figsize=(4, 3))
        labels = [str(k) for k in self.values]
        axis.boxplot([np.asarray(v) for v in self.values.values()], tick_labels=labels)
        if self.threshold is not None:
            axis.axhline(self.threshold, ls="--", c="grey", lw=1, label="site threshold")
            axis.legend(fontsize="small")
        axis.set_xlabel("class")
        axis.set_ylabel("max activation per sequence")
        title = "" if self.kernel is None else f"kernel {self.kernel}"
        if self.importance is not None:
            title += f" (importance {self.importance:.3g})"
        axis.set_title(title.strip())
        self.ax_ = axis
        self.figure_ = fig
        return self


class ActivationHeatmapDisplay:
    """Kernels x sequences heatmap of maximum activations, both axes clustered (scipy).

    Parameters
    ----------
    max_activations : ndarray of shape (n_sequences, n_kernels)
    labels : array-like of shape (n_sequences,), optional
        Class of each sequence, drawn as a colour strip above the heatmap.
    max_sequences : int, default=500
        Sequences drawn (an evenly spaced subset when there are more).

    Attributes
    ----------
    kernel_order_ : ndarray
        Kernels in the clustered order (top to bottom).
    sequence_order_ : ndarray
        Sequence indices in the clustered order (left to right).

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.inspection import ActivationHeatmapDisplay
    >>> acts = np.random.default_rng(0).random((20, 3))
    >>> sorted(ActivationHeatmapDisplay(acts).plot().kernel_order_.tolist())
    [0, 1, 2]
    """

    def __init__(self, max_activations, *, labels=None, max_sequences=500):
        self.max_activations = max_activations
        self.labels = labels
        self.max_sequences = max_sequences

    @classmethod
    def from_inspector(cls, inspector, *, max_sequences=500, ax=None):
        labels = np.asarray(inspector.groups_, dtype=object)[inspector.sample_groups_]
        return cls(inspector.max_activations_, labels=labels, max_sequences=max_sequences).plot(
            ax=ax
        )

    @staticmethod
    def _order(matrix):
        from scipy.cluster.hierarchy import leaves_list, linkage

        if len(matrix) < 3:
            return np.arange(len(matrix))
        return leaves_list(linkage(matrix, method="average", metric="euclidean"))

    def plot(self, ax=None):
        import matplotlib

        acts = np.asarray(self.max_activations, dtype=float)
        rows = np.arange(len(acts))
        if len(rows) > self.max_sequences:
            rows = np.linspace(0, len(acts) - 1, self.max_sequences).astype(int)
        sub = acts[rows]
        self.sequence_order_ = rows[self._order(sub)]
        self.kernel_order_ = self._order(sub.T)
        fig, (axis,) = _new_axes(ax, figsize=(8, max(2.5, 0.18 * acts.shape[1])))
        image = acts[self.sequence_order_][:, self.kernel_order_].T
        mesh = axis.imshow(image, aspect="auto", cmap="viridis", interpolation="nearest")
        fig.colorbar(mesh, ax=axis, label="max activation")
        axis.set_yticks(np.arange(len(self.kernel_order_)), self.kernel_order_, fontsize="x-small")
        axis.set_ylabel("kernel")
        axis.set_xlabel("sequences (clustered)")
        if self.labels is not None:
            labels = np.asarray(self.labels)[self.sequence_order_]
            uniq = list(dict.fromkeys(sorted(labels.tolist(), key=str)))
            codes = np.array([uniq.index(v) for v in labels])
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
            from matplotlib.patches import Patch

            cmap = matplotlib.colormaps["tab10"]
            axis.legend(
                handles=[Patch(color=cmap(i % 10), label=str(v)) for i, v in enumerate(uniq)],
                title="class",
                fontsize="small",
                loc="upper left",
                bbox_to_anchor=(1.12, 1.0),
            )
        self.ax_ = axis
        self.figure_ = fig
        return self


class TrackProfileDisplay:
    """Mean of extra track channels across a kernel's sites, per window position.

    Parameters
    ----------
    profiles : dict of str to DataFrame
        Track group to a positions x channels frame of means.
    kernel : int, optional

    Examples
    --------
    >>> import pandas as pd
    >>> from skseq.inspection import TrackProfileDisplay
    >>> disp = TrackProfileDisplay({"cons": pd.DataFrame({"phylop": [0.1, 2.0, 0.3]})}).plot()
    >>> disp.ax_.get_xlabel()
    'position in kernel window'
    """

    def __init__(self, profiles, *, kernel=None):
        self.profiles = profiles
        self.kernel = kernel

    @classmethod
    def from_inspector(cls, inspector, kernel, *, ax=None):
        if not inspector.track_profiles_:
            raise ValueError("the inspected data has no track channels (only symbol channels)")
        profiles = {g: p[kernel] for g, p in inspector.track_profiles_.items()}
        return cls(profiles, kernel=kernel).plot(ax=ax)

    def plot(self, ax=None):
        fig, (axis,) = _new_axes(ax, figsize=(5, 2.5))
        for group, frame in self.profiles.items():
            for col in frame.columns:
                axis.plot(
                    np.arange(len(frame)), frame[col], marker="o", ms=3, label=f"{group}: {col}"
                )
        axis.set_xlabel("position in kernel window")
        axis.set_ylabel("mean over sites")
        axis.legend(fontsize="small")
        if self.kernel is not None:
            axis.set_title(f"kernel {self.kernel}: tracks under its sites")
        self.ax_ = axis
        self.figure_ = fig
        return self


class AttributionLogoDisplay:
    """One sequence drawn as a logo whose letters are scaled by their attribution.

    Parameters
    ----------
    matrix : DataFrame
        Positions x symbols: the one-hot sequence times each position's importance.
    title : str, optional

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skseq.inspection import AttributionLogoDisplay
    >>> m = pd.DataFrame(np.eye(4)[[0, 1, 2, 3]] * [[1.0], [-0.5], [2.0], [0.1]],
    ...                  columns=list("ACGT"))
    >>> AttributionLogoDisplay(m).plot().ax_.get_ylabel()
    'attribution'
    """

    def __init__(self, matrix, *, title=None):
        self.matrix = matrix
        self.title = title

    def plot(self, ax=None):
        import logomaker

        length = len(self.matrix)
        fig, (axis,) = _new_axes(ax, figsize=(max(6, length / 12), 2.2))
        matrix = self.matrix.set_axis(_single_char(self.matrix.columns), axis=1)
        matrix.index = np.arange(length)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Attempting to set identical")
            logomaker.Logo(matrix, ax=axis, color_scheme=_color_scheme(list(matrix.columns)))
        axis.axhline(0, c="grey", lw=0.5)
        axis.set_ylabel("attribution")
        axis.set_xlabel("position")
        if self.title:
            axis.set_title(self.title)
        self.ax_ = axis
        self.figure_ = fig
        return self
