"""MotifInspector's motifs going out: as a dict, a MEME file, TomTom matches, an HTML report."""

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted


class MotifExportMixin:
    """Export and comparison methods of :class:`MotifInspector` (fitted attributes only)."""

    # ------------------------------------------------------------- export and comparison
    def named_motifs(self, group=None, *, only_with_sites=False):
        """The motifs as ``{"kernel_<k>": DataFrame}``, as MEME files and TomTom take them.

        Parameters
        ----------
        group : str, default=None
            A symbol group (a key of ``group_motifs_``); default the sequence.
        only_with_sites : bool, default=False
            Leave out kernels without sites (whose motifs are NaN).

        Returns
        -------
        dict of str to DataFrame
        """
        check_is_fitted(self, "motifs_")
        if group is not None and group not in self.group_motifs_:
            raise ValueError(
                f"group={group!r} is not a symbol group; they are {list(self.group_motifs_)}"
            )
        motifs = self.motifs_ if group is None else self.group_motifs_[group]
        return {
            f"kernel_{k}": m
            for k, m in enumerate(motifs)
            if not only_with_sites or self.n_sites_[k] > 0
        }

    def to_meme(self, path, *, group=None):
        """Write the motif of every kernel with sites (``kernel_<k>``) to a MEME file.

        Parameters
        ----------
        path : str or path-like
        group : str, default=None
            Channel group to export (default: the sequence).

        Returns
        -------
        self
        """
        from skseq.io import write_meme

        motifs = self.named_motifs(group, only_with_sites=True)
        if not motifs:
            raise ValueError("MotifInspector: no kernel has any site; there is nothing to write")
        n_sites = {f"kernel_{k}": int(s) for k, s in enumerate(self.n_sites_)}
        write_meme(path, motifs, n_sites={name: n_sites[name] for name in motifs})
        return self

    def match(self, database=None, *, n_best=5):
        """Compare the kernels' motifs with known motifs (TomTom, via memelite).

        Parameters
        ----------
        database : None, "jaspar", path or dict of DataFrame, default=None
            A MEME file of target motifs, or ``"jaspar"`` (and ``None``) for JASPAR's CORE
            vertebrate motifs from the optional ``pyjaspar`` package
            (``pip install skseq[jaspar]``).
        n_best : int, default=5
            Matches kept per kernel.

        Returns
        -------
        DataFrame
            Columns ``kernel``, ``target_id``, ``target_name``, ``p_value``, ``e_value``,
            ``q_value``, ``offset``, ``overlap``, ``orientation``; pass it to
            :meth:`report` as ``matches``. Kernels without sites are not compared.
        """
        from ._matching import match_kernels

        return match_kernels(self, database, n_best=n_best)

    def kernel_groups(self, *, p_value=1e-3, trim_bits=0.5):
        """Kernels that learned one motif, grouped (TomTom; reverse complements for DNA).

        See :func:`~skseq.inspection.group_motifs` for the comparison. Kernels are taken
        by ``importance_``: the most important kernel of a group represents it, and groups
        are listed by their representative's importance. A kernel without sites is alone.

        Parameters
        ----------
        p_value : float in (0, 1), default=1e-3
            The largest TomTom p-value that links two kernels' motifs.
        trim_bits : float, default=0.5
            Information (bits) a flank column needs to take part in the comparison.

        Returns
        -------
        DataFrame
            One row per group: ``kernel`` (the representative), ``kernels`` (list of int,
            the representative first), ``orientations`` (``"+"``, or ``"-"`` for a kernel
            reading the representative's reverse complement), ``n_kernels``, ``n_sites``
            (the representative's) and ``consensus`` (the representative's).
        """
        from ._duplicates import group_motifs

        check_is_fitted(self, "motifs_")
        order = np.argsort(-np.asarray(self.importance_), kind="stable")
        groups = group_motifs(
            self.named_motifs(),
            p_value=p_value,
            trim_bits=trim_bits,
            order=[f"kernel_{k}" for k in order],
        )

        def index(name):
            return int(name.removeprefix("kernel_"))

        kernels = [[index(m) for m in members] for members in groups["members"]]
        return pd.DataFrame(
            {
                "kernel": [ks[0] for ks in kernels],
                "kernels": kernels,
                "orientations": groups["orientations"].tolist(),
                "n_kernels": [len(ks) for ks in kernels],
                "n_sites": [int(self.n_sites_[ks[0]]) for ks in kernels],
                "consensus": [self.consensus_[ks[0]] for ks in kernels],
            }
        )

    def report(
        self, path, *, top=None, matches=None, n_jobs=None, group_duplicates=True, modisco=None
    ):
        """Write an HTML page (``index.html``) and its PNGs: kernels ranked by importance.

        Parameters
        ----------
        path : str or path-like
            Output folder (created if missing).
        top : int, default=None
            Only the ``top`` most important kernels get their own section.
        matches : DataFrame, default=None
            Known-motif matches to list per kernel, as :meth:`match` returns them; without
            them the page says that no comparison was made.
        n_jobs : int, default=None
            Processes drawing the kernels' figures (joblib's convention: None is 1 unless
            in a ``joblib.parallel_config`` context, -1 all cores).
        group_duplicates : bool, default=True
            Show each motif once: kernels whose motifs match (:meth:`kernel_groups`, with
            its defaults) get one section, the most important one's, listing the others.
            ``top`` then counts motifs.
        modisco : Bunch, default=None
            TF-MoDISco's motifs, as :meth:`modisco` returns them: shown first, each with
            its best known match and the closest kernel.

        Returns
        -------
        pathlib.Path
            The written ``index.html``.
        """
        from ._report import write_report

        check_is_fitted(self, "motifs_")
        groups = self.kernel_groups() if group_duplicates else None
        return write_report(
            self, path, top=top, matches=matches, n_jobs=n_jobs, groups=groups, modisco=modisco
        )
