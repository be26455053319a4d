"""Logos drawn by logomaker: kernel motifs and one sequence's attributions."""

import warnings

import numpy as np
import pandas as pd

from ._axes import axes_for


def _letters(columns):
    """logomaker draws single characters: a longer channel name is drawn by its initial."""
    chars = [str(c)[:1] for c in columns]
    if len(set(chars)) != len(chars):
        raise ValueError(f"cannot draw symbols {list(columns)} as distinct letters in a logo")
    return chars


def _color_scheme(chars):
    """logomaker's own scheme where it knows the alphabet (DNA, RNA, protein), else a palette.

    logomaker would draw an alphabet it does not know (e.g. structure contexts) all in grey;
    those get one tab10 colour per symbol instead.
    """
    import logomaker
    import matplotlib

    known = set("".join(logomaker.list_color_schemes()["characters"]))
    if set(chars) <= set("ACGTU") or (len(chars) > 4 and set(chars) <= known):
        return None  # logomaker chooses classic / weblogo_protein from the characters
    cmap = matplotlib.colormaps["tab10"]
    return {c: cmap(i % 10) for i, c in enumerate(chars)}


def _draw_logo(matrix, axis, kwargs):
    import logomaker

    matrix = pd.DataFrame(np.asarray(matrix, dtype=float), columns=_letters(matrix.columns))
    kwargs = {"color_scheme": _color_scheme(list(matrix.columns)), **kwargs}
    with warnings.catch_warnings():
        # a flat matrix gives identical y-limits; the caller sets them
        warnings.filterwarnings("ignore", message="Attempting to set identical")
        return logomaker.Logo(matrix, ax=axis, **kwargs)


def information_matrix(ppm, background=None):
    """Information content per symbol (bits): logomaker's ``transform_matrix``."""
    import logomaker

    ppm = pd.DataFrame(np.asarray(ppm, dtype=float), columns=list(ppm.columns))
    return logomaker.transform_matrix(
        ppm, from_type="probability", to_type="information", background=background
    )


class MotifLogoDisplay:
    """Sequence logo(s) of a kernel's position probability matrix, one per channel group.

    Parameters
    ----------
    motifs : dict of str to DataFrame
        Channel group (e.g. ``"sequence"``, ``"struct"``) to a positions x symbols
        probability matrix. A matrix of NaN (a kernel without sites) is drawn as an empty
        panel that says so.
    kind : {"information", "probability"}, default="information"
    title : str, default=None

    Attributes
    ----------
    matrices_ : dict of str to DataFrame
        What was drawn (information in bits, or probabilities).
    logos_ : dict of str to logomaker.Logo
        The drawn logos (groups without sites have none).
    ax_ : matplotlib Axes
        The first (or only) panel.
    axes_ : ndarray of Axes
        One panel per group.
    figure_ : matplotlib Figure

    Examples
    --------
    >>> import pandas as pd
    >>> from skseq.plotting import MotifLogoDisplay
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
    def from_inspector(cls, inspector, kernel, *, kind="information", ax=None, **kwargs):
        """Logo(s) of one kernel of a fitted :class:`~skseq.inspection.MotifInspector`.

        Parameters
        ----------
        inspector : fitted MotifInspector
        kernel : int
        kind : {"information", "probability"}, default="information"
        ax : matplotlib Axes or array of Axes, default=None
            One per drawable channel group.
        **kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        MotifLogoDisplay
        """
        return cls._numbers(inspector, kernel, kind=kind).plot(ax=ax, **kwargs)

    @classmethod
    def _numbers(cls, inspector, kernel, *, kind="information"):
        """The Display of one kernel, not drawn yet."""
        k = inspector.check_kernel(kernel)
        # groups drawable as letters (a combined alphabet is drawn through its marginals)
        motifs = {
            g: m[k]
            for g, m in inspector.group_motifs_.items()
            if all(len(str(c)) == 1 for c in m[k].columns)
        }
        title = (
            f"kernel {k}: {int(inspector.n_sites_[k])} sites, importance "
            f"{inspector.importance_[k]:.3g}"
        )
        return cls(motifs, kind=kind, title=title)

    def plot(self, ax=None, **kwargs):
        """Draw one logo per channel group.

        Parameters
        ----------
        ax : matplotlib Axes or array of Axes, default=None
            One per group; None creates a figure.
        **kwargs
            Passed to ``logomaker.Logo`` (e.g. ``color_scheme="colorblind_safe"``).

        Returns
        -------
        MotifLogoDisplay
            ``self``, with ``matrices_``, ``logos_``, ``ax_``, ``axes_`` and ``figure_``.

        Examples
        --------
        >>> import pandas as pd
        >>> from skseq.plotting import MotifLogoDisplay
        >>> ppm = pd.DataFrame([[0.9, 0.1, 0, 0], [0, 0, 1, 0]], columns=list("ACGT"))
        >>> disp = MotifLogoDisplay({"sequence": ppm}, kind="probability").plot()
        >>> [float(v) for v in disp.ax_.get_ylim()]
        [0.0, 1.0]
        """
        if self.kind not in ("information", "probability"):
            raise ValueError(f"kind must be 'information' or 'probability'; got {self.kind!r}")
        fig, axes = axes_for(ax, len(self.motifs), caller="MotifLogoDisplay")
        self.matrices_, self.logos_ = {}, {}
        for axis, (group, ppm) in zip(axes, self.motifs.items()):
            empty = bool(np.isnan(np.asarray(ppm, dtype=float)).all())
            if empty:
                matrix = ppm
                axis.text(0.5, 0.5, "no sites", ha="center", va="center", transform=axis.transAxes)
            else:
                matrix = information_matrix(ppm) if self.kind == "information" else ppm
                self.logos_[group] = _draw_logo(matrix, axis, kwargs)
            self.matrices_[group] = matrix
            axis.set_ylabel("bits" if self.kind == "information" else "probability")
            axis.set_ylim(0, np.log2(ppm.shape[1]) if self.kind == "information" else 1.0)
            if len(self.motifs) > 1:
                axis.set_title(group, loc="left", fontsize="small")
        axes[-1].set_xlabel("position in kernel window")
        if self.title:
            fig.suptitle(self.title) if len(axes) > 1 else axes[0].set_title(self.title)
        self.axes_, self.ax_, self.figure_ = axes, axes[0], fig
        return self


class AttributionLogoDisplay:
    """One sequence drawn as a logo whose letters are scaled by their attribution.

    Parameters
    ----------
    matrix : DataFrame
        Positions x symbols: the one-hot sequence times each position's importance.
    title : str, default=None

    Attributes
    ----------
    importance : ndarray of shape (length,), or None
        Per-position importance (set by the ``from_*`` constructors).
    attributions : ndarray of shape (length, channels), or None
        The attributions it came from (set by the ``from_*`` constructors).
    logo_ : logomaker.Logo
    ax_ : matplotlib Axes
    figure_ : matplotlib Figure

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skseq.plotting import AttributionLogoDisplay
    >>> m = pd.DataFrame(np.eye(4)[[0, 1, 2, 3]] * [[1.0], [-0.5], [2.0], [0.1]],
    ...                  columns=list("ACGT"))
    >>> AttributionLogoDisplay(m).plot().ax_.get_ylabel()
    'attribution'
    """

    def __init__(self, matrix, *, title=None, importance=None, attributions=None):
        self.matrix = matrix
        self.title = title
        self.importance = importance
        self.attributions = attributions

    @classmethod
    def _from_values(cls, x, values, channels, symbols, method, ax, kwargs):
        from skseq.attribution import reduce_to_positions

        importance = reduce_to_positions(values[None], method=method, channels=channels)[0]
        observed = np.asarray(x, dtype=float)[:, channels]
        matrix = pd.DataFrame(observed * importance[:, None], columns=list(symbols))
        disp = cls(
            matrix, title=f"{method} attribution", importance=importance, attributions=values
        )
        return disp.plot(ax=ax, **kwargs)

    @classmethod
    def from_estimator(
        cls, estimator, x, *, method="saliency", target=None, symbols=None, ax=None, **kwargs
    ):
        """Attribution logo of one sequence for a fitted estimator, Pipeline or keras.Model.

        Parameters
        ----------
        estimator : fitted estimator, Pipeline or keras.Model
            As the :mod:`skseq.attribution` verbs take it.
        x : str or array-like of shape (length, channels)
            One sequence (as the Pipeline takes it) or its encoding.
        method : str, default="saliency"
            A name in :data:`skseq.attribution.METHODS` whose values are contributions
            (:func:`skseq.attribution.method_names` with ``contributions_only=True``).
        target : label or int, default=None
            As the :mod:`skseq.attribution` verbs take it.
        symbols : list of str, default=None
            The channels' letters; by default the alphabet of the Pipeline's encoder (its
            ``get_feature_names_out``: ``A, C, G, U`` for RNA) when it names every channel
            by a distinct letter, else ``A, C, G, T`` for 4 channels and the channels'
            indices otherwise.
        ax : matplotlib Axes, default=None
        **kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        AttributionLogoDisplay
        """
        from skseq.utils import find_network

        X = _one(x)
        values = _check_method(method)(estimator, X, target=target)[0]
        transform = find_network(estimator).transform
        encoded = X[0] if isinstance(X, np.ndarray) and X.dtype.kind in "biuf" else None
        if encoded is None:
            encoded = transform.transform(X)[0]
        n_channels = values.shape[-1]
        if symbols is None:
            symbols = _encoder_symbols(transform, n_channels)
        return cls._from_values(encoded, values, np.arange(n_channels), symbols, method, ax, kwargs)

    @classmethod
    def from_inspector(cls, inspector, x, *, method="saliency", target=None, ax=None, **kwargs):
        """Attribution logo of one sequence, from the network a fitted inspector read.

        The letters are the inspector's first symbol group (the sequence).

        Parameters
        ----------
        inspector : fitted MotifInspector
        x : str or array-like of shape (length, channels)
        method : str, default="saliency"
            A name in :data:`skseq.attribution.METHODS` whose values are contributions
            (:func:`skseq.attribution.method_names` with ``contributions_only=True``).
        target : label or int, default=None
        ax : matplotlib Axes, default=None
        **kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        AttributionLogoDisplay
        """
        X = inspector.encode(_one(x))
        if len(X) != 1:
            raise ValueError(f"an attribution logo draws one sequence; got {len(X)}")
        values = inspector.attributions(X, method=_check_method(method).name, target=target)[0]
        group = inspector.channel_groups_[inspector.symbol_groups_[0]]
        return cls._from_values(
            X[0], values, group["indices"], group["symbols"], method, ax, kwargs
        )

    def plot(self, ax=None, **kwargs):
        """Draw the logo.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
        **kwargs
            Passed to ``logomaker.Logo``.

        Returns
        -------
        AttributionLogoDisplay
            ``self``, with ``logo_``, ``ax_`` and ``figure_``.

        Examples
        --------
        >>> import numpy as np, pandas as pd
        >>> from skseq.plotting import AttributionLogoDisplay
        >>> m = pd.DataFrame(np.eye(4)[[0, 2]] * [[1.0], [-0.5]], columns=list("ACGT"))
        >>> disp = AttributionLogoDisplay(m).plot()
        >>> disp.ax_.get_xlabel()
        'position'
        """
        fig, (axis,) = axes_for(
            ax, figsize=(max(6, len(self.matrix) / 12), 2.2), caller="AttributionLogoDisplay"
        )
        self.logo_ = _draw_logo(self.matrix, axis, kwargs)
        axis.axhline(0, c="grey", lw=0.5)
        axis.set_ylabel("attribution")
        axis.set_xlabel("position")
        if self.title:
            axis.set_title(self.title)
        self.ax_, self.figure_ = axis, fig
        return self


def _encoder_symbols(transform, n_channels):
    """The encoder's letter for each channel, or the default of :meth:`from_estimator`."""
    names = None
    if transform is not None:
        try:
            names = [str(c).rsplit("__", 1)[-1] for c in transform.get_feature_names_out()]
        except (AttributeError, TypeError, ValueError):
            names = None
    if names is not None and len(names) == n_channels:
        if all(len(c) == 1 for c in names) and len(set(names)) == n_channels:
            return names
    return list("ACGT") if n_channels == 4 else [str(i) for i in range(n_channels)]


def _one(x):
    """One sequence as a batch of one: a str in a list, an encoding with a leading axis."""
    if isinstance(x, str):
        return np.array([x], dtype=object)
    arr = np.asarray(x)
    if arr.dtype.kind in "biuf" and arr.ndim == 2:
        return arr[None]
    return arr if arr.ndim else np.array([x], dtype=object)


def _check_method(method):
    """The registry entry of ``method``, which an attribution logo can draw."""
    from skseq.attribution import get_method

    return get_method(method, contributions_only=True)
