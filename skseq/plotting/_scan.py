"""ScanDisplay: window scores along a long sequence, with annotated features marked."""

import numpy as np

__all__ = ["ScanDisplay"]


class ScanDisplay:
    """Scores of :func:`skseq.scanning.scan` along a sequence, both strands, features marked.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`~skseq.scanning.scan`'s table (``position``, ``end``, ``strand``, ``score``).
    features : pandas.DataFrame or None, default=None
        Features to mark, such as :func:`~skseq.scanning.read_gff`'s table: a ``tss``
        column (else ``start``) and optionally ``strand`` and ``name``.

    Attributes
    ----------
    ax_ : matplotlib Axes
    figure_ : matplotlib Figure
    lines_ : dict of str to Line2D
        The score line of each strand.

    Examples
    --------
    >>> import pandas as pd
    >>> from skseq.plotting._scan import ScanDisplay
    >>> table = pd.DataFrame({"position": [0, 50, 0, 50], "end": [100, 150, 100, 150],
    ...                       "strand": ["+", "+", "-", "-"], "score": [0.1, 0.9, 0.2, 0.3]})
    >>> genes = pd.DataFrame({"tss": [120], "strand": ["+"], "name": ["geneA"]})
    >>> disp = ScanDisplay(table, genes).plot()
    >>> sorted(disp.lines_)
    ['+', '-']
    """

    def __init__(self, table, features=None):
        self.table = table
        self.features = features

    @classmethod
    def from_estimator(cls, estimator, sequence, *, features=None, ax=None, **scan_params):
        """Scan ``sequence`` with ``estimator`` (see :func:`skseq.scanning.scan`) and plot.

        Parameters
        ----------
        estimator : fitted estimator or Pipeline
        sequence : str
        features : pandas.DataFrame or None, default=None
        ax : matplotlib Axes, default=None
        **scan_params
            ``window``, ``stride``, ``both_strands``, ``target``, ``offset``.

        Returns
        -------
        ScanDisplay
        """
        from skseq.scanning import scan

        return cls(scan(estimator, sequence, **scan_params), features).plot(ax=ax)

    def plot(self, ax=None, *, label_features=True):
        """Draw the scores (window centres) and the features.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            New figure when None.
        label_features : bool, default=True
            Write each feature's name beside its mark.

        Returns
        -------
        self : ScanDisplay
        """
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(12, 3), layout="constrained")
        table = self.table
        colours = {"+": "tab:blue", "-": "tab:orange"}
        self.lines_ = {}
        for strand, part in table.groupby("strand", sort=True):
            centre = (part["position"] + part["end"]) / 2
            (self.lines_[strand],) = ax.plot(
                centre, part["score"], lw=1, color=colours.get(strand), label=f"strand {strand}"
            )
        if self.features is not None and len(self.features):
            lo, hi = table["position"].min(), table["end"].max()
            column = "tss" if "tss" in self.features else "start"
            shown = self.features[(self.features[column] >= lo) & (self.features[column] < hi)]
            strands = shown["strand"] if "strand" in shown else np.full(len(shown), "+")
            names = shown["name"] if "name" in shown else [""] * len(shown)
            top = table["score"].max()
            for x, strand, name in zip(shown[column], strands, names):
                ax.axvline(x, color=colours.get(strand, "grey"), ls=":", lw=0.8)
                marker = ">" if strand == "+" else "<"
                ax.plot([x], [top], marker=marker, color=colours.get(strand, "grey"), ms=5)
                if label_features and name:
                    ax.annotate(name, (x, top), fontsize=6, rotation=90, va="bottom")
        ax.set_xlabel("position")
        ax.set_ylabel("score")
        ax.legend(loc="upper right", fontsize=8)
        self.ax_, self.figure_ = ax, ax.figure
        return self
