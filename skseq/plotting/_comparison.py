"""Displays of an architecture comparison and of where a grammar plants its elements."""

import numpy as np
import pandas as pd

__all__ = ["ComparisonDisplay", "GrammarPositionDisplay"]


class ComparisonDisplay:
    """Learning curves: prediction and rule recovery against training-set size, per architecture.

    One panel for the prediction score, then one per attribution method for the rule-recovery
    score; a line per architecture (mean over seeds, band of one standard deviation).

    Parameters
    ----------
    curves : dict of str to pandas.DataFrame
        Panel title -> :meth:`ComparisonResult.summary` table.

    Attributes
    ----------
    ax_ : ndarray of matplotlib Axes
    figure_ : matplotlib Figure
    lines_ : dict of (panel, architecture) to Line2D

    Examples
    --------
    >>> import pandas as pd
    >>> from skseq.model_selection import ComparisonResult
    >>> frame = pd.DataFrame(
    ...     [("cnn", n, s, s, "c1", "", "", "roc_auc", 0.5 + n / 4000 + s / 100)
    ...      for n in (100, 1000) for s in range(2)],
    ...     columns=["architecture", "train_size", "data_seed", "model_seed", "class",
    ...              "attribution", "kind", "score", "value"])
    >>> display = ComparisonResult(frame).plot()
    >>> len(display.ax_), display.curves["roc_auc"].loc[("cnn", 1000), "mean"]
    (1, np.float64(0.755))
    """

    def __init__(self, curves):
        self.curves = curves

    @classmethod
    def from_result(cls, result, *, score="roc_auc", rule_score="f1", kind="smooth", ax=None):
        """Build the curves from a :class:`~skseq.model_selection.ComparisonResult` and plot."""
        curves = {score: result.summary(score)}
        methods = [m for m in dict.fromkeys(result.frame.attribution) if m]
        for method in methods:
            curves[f"{rule_score} ({kind}), {method}"] = result.summary(
                rule_score, attribution=method, kind=kind
            )
        return cls(curves).plot(ax=ax)

    def plot(self, ax=None):
        """Draw on ``ax`` (one Axes per panel) or on a new figure."""
        import matplotlib.pyplot as plt

        n = len(self.curves)
        if ax is None:
            fig, ax = plt.subplots(1, n, figsize=(4.2 * n, 3.4), squeeze=False)
            ax = ax[0]
        else:
            ax = np.atleast_1d(ax)
            if len(ax) != n:
                raise ValueError(f"ax must hold {n} Axes, one per panel; got {len(ax)}")
            fig = ax[0].figure
        self.lines_ = {}
        for a, (title, table) in zip(ax, self.curves.items()):
            for arch, sub in table.groupby(level="architecture", sort=False):
                sizes = sub.index.get_level_values("train_size").to_numpy()
                mean, std = sub["mean"].to_numpy(), np.nan_to_num(sub["std"].to_numpy())
                style = dict(ls="--", color="k") if arch == "bayes_optimal" else {}
                (line,) = a.plot(sizes, mean, marker="o", label=arch, **style)
                a.fill_between(sizes, mean - std, mean + std, alpha=0.2, color=line.get_color())
                self.lines_[(title, arch)] = line
            a.set_xscale("log")
            # the sizes themselves as ticks: log-scale minor labels overlap on short axes
            ticks = sorted(set(table.index.get_level_values("train_size")))
            a.set_xticks(ticks, [f"{t:,}" for t in ticks])
            a.minorticks_off()
            a.set_xlabel("training examples")
            a.set_title(title)
            a.grid(alpha=0.3)
        ax[0].legend(fontsize="small")
        self.ax_, self.figure_ = ax, fig
        return self


class GrammarPositionDisplay:
    """Heatmap of where a grammar's elements sit: fraction of examples planted, per class.

    Parameters
    ----------
    frequencies : pandas.DataFrame
        Classes x positions (1-based), the fraction of the class's examples with a planted
        letter at the position.

    Attributes
    ----------
    ax_, figure_, image_

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.utils import Bunch
    >>> from skseq.plotting._comparison import GrammarPositionDisplay
    >>> ann = np.zeros((4, 10), dtype=np.uint8); ann[:2, 2:5] = 1; ann[2:, 6:9] = 1
    >>> data = Bunch(annotation=ann, target=np.array([0, 0, 1, 1]),
    ...              target_names=np.array(["c1", "c2"]))
    >>> d = GrammarPositionDisplay.from_data(data)
    >>> d.frequencies.loc["c2"].tolist()
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0]
    """

    def __init__(self, frequencies):
        self.frequencies = frequencies

    @classmethod
    def from_data(cls, data, *, set_name=None, ax=None):
        """Compute the frequencies from a grammar Bunch (optionally one set) and plot."""
        ann = np.asarray(data.annotation)
        y = np.asarray(data.target)
        if set_name is not None:
            keep = np.asarray(data.set) == set_name
            ann, y = ann[keep], y[keep]
        names = list(np.asarray(data.target_names))
        rows = []
        for k in range(len(names)):
            sel = y[:, k] == 1 if y.ndim == 2 else y == k
            rows.append(ann[sel].mean(axis=0) if sel.any() else np.zeros(ann.shape[1]))
        frame = pd.DataFrame(rows, index=names, columns=np.arange(1, ann.shape[1] + 1))
        return cls(frame).plot(ax=ax)

    def plot(self, ax=None, cmap="viridis"):
        """Draw the heatmap on ``ax`` or a new figure."""
        import matplotlib.pyplot as plt

        if ax is None:
            fig, ax = plt.subplots(figsize=(8, 0.4 * len(self.frequencies) + 1.5))
        else:
            fig = ax.figure
        values = self.frequencies.to_numpy()
        width = values.shape[1]
        self.image_ = ax.imshow(
            values,
            aspect="auto",
            cmap=cmap,
            vmin=0,
            vmax=max(values.max(), 1e-9),
            extent=(0.5, width + 0.5, len(values) - 0.5, -0.5),
            interpolation="nearest",
        )
        ax.set_yticks(range(len(values)), self.frequencies.index)
        ax.set_xlabel("position")
        ax.set_title("where the grammar plants its elements")
        fig.colorbar(self.image_, ax=ax, label="fraction of examples")
        self.ax_, self.figure_ = ax, fig
        return self
