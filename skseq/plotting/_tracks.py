"""Mean of real-valued track channels under a kernel's sites."""

import numpy as np

from ._axes import axes_for


class TrackProfileDisplay:
    """Mean of extra track channels across a kernel's sites, per window position.

    Parameters
    ----------
    profiles : dict of str to DataFrame
        Track group to a positions x channels frame of means.
    kernel : int, default=None

    Attributes
    ----------
    lines_ : dict of str to matplotlib Line2D
        One line per ``"group: channel"``.
    ax_ : matplotlib Axes
    figure_ : matplotlib Figure

    Examples
    --------
    >>> import pandas as pd
    >>> from skseq.plotting import TrackProfileDisplay
    >>> disp = TrackProfileDisplay({"cons": pd.DataFrame({"phylop": [0.1, 2.0, 0.3]})}).plot()
    >>> disp.ax_.get_xlabel()
    'position in kernel window'
    """

    def __init__(self, profiles, *, kernel=None):
        self.profiles = profiles
        self.kernel = kernel

    @classmethod
    def from_inspector(cls, inspector, kernel, *, ax=None, **kwargs):
        """Track profiles under the sites of one kernel of a fitted MotifInspector.

        Parameters
        ----------
        inspector : fitted MotifInspector
        kernel : int
        ax : matplotlib Axes, default=None
        **kwargs
            Passed to :meth:`plot`.

        Returns
        -------
        TrackProfileDisplay
        """
        return cls._numbers(inspector, kernel).plot(ax=ax, **kwargs)

    @classmethod
    def _numbers(cls, inspector, kernel):
        """The Display of one kernel, not drawn yet."""
        k = inspector.check_kernel(kernel)
        if not inspector.track_profiles_:
            raise ValueError("the inspected data has no track channels (only symbol channels)")
        profiles = {g: p[k] for g, p in inspector.track_profiles_.items()}
        return cls(profiles, kernel=k)

    def plot(self, ax=None, **kwargs):
        """Draw one line per track channel.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
        **kwargs
            Passed to ``Axes.plot``.

        Returns
        -------
        TrackProfileDisplay
            ``self``, with ``lines_``, ``ax_`` and ``figure_``.

        Examples
        --------
        >>> import pandas as pd
        >>> from skseq.plotting import TrackProfileDisplay
        >>> disp = TrackProfileDisplay({"t": pd.DataFrame({"x": [1.0, 2.0]})}).plot(c="k")
        >>> list(disp.lines_)
        ['t: x']
        """
        fig, (axis,) = axes_for(ax, figsize=(5, 2.5), caller="TrackProfileDisplay")
        kwargs = {"marker": "o", "ms": 3, **kwargs}
        self.lines_ = {}
        for group, frame in self.profiles.items():
            for col in frame.columns:
                name = f"{group}: {col}"
                (self.lines_[name],) = axis.plot(
                    np.arange(len(frame)), frame[col], label=name, **kwargs
                )
        axis.set_xlabel("position in kernel window")
        axis.set_ylabel("mean over sites")
        axis.legend(fontsize="small")
        if self.kernel is not None:
            axis.set_title(f"kernel {self.kernel}: tracks under its sites")
        self.ax_, self.figure_ = axis, fig
        return self
