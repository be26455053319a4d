"""Kernels that learned one motif: grouped by TomTom (memelite), reverse complements for DNA.

A CNN's kernels split and duplicate motifs: several kernels read the same motif, shifted, or
(in DNA) on the other strand. :func:`group_motifs` compares every motif with every other and
joins those that match into one group, so that a report shows each motif once.
"""

import warnings
from numbers import Real

import numpy as np
import pandas as pd

from ._matching import _as_nucleotide


def _information(mat):
    """Information content (bits) of each column of a symbols x positions probability matrix."""
    p = np.clip(mat, 1e-9, 1)
    return np.log2(mat.shape[0]) + (p * np.log2(p)).sum(axis=0)


def _trimmed(mat, trim_bits):
    """The span between the first and the last column with at least ``trim_bits`` bits."""
    keep = np.flatnonzero(_information(mat) >= trim_bits)
    if keep.size == 0:
        return None
    return mat[:, keep[0] : keep[-1] + 1]


def _matrices(motifs):
    """Symbols x positions matrices (A, C, G, T for DNA/RNA) and whether they are DNA."""
    columns = [{str(c).upper() for c in ppm.columns} for ppm in motifs.values()]
    dna = all(cols == {"A", "C", "G", "T"} for cols in columns)
    mats = []
    for ppm in motifs.values():
        mat = _as_nucleotide(ppm, None)
        mats.append(np.asarray(ppm, dtype=np.float64).T if mat is None else mat)
    return mats, dna


def group_motifs(motifs, *, p_value=1e-3, trim_bits=0.5, order=None):
    """Group motifs that match each other (TomTom), reverse complements included for DNA.

    Each motif is trimmed to the span between its first and last column carrying at least
    ``trim_bits`` bits, then compared with every other one by memelite's TomTom (on both
    strands when every motif has the columns A, C, G, T; RNA and other alphabets on the
    given strand only). Two motifs whose match has a p-value below ``p_value`` (in either
    direction) are linked; a group is a connected set of links (single linkage). A motif of
    NaN (a kernel without sites) or without an informative column stays alone.

    Parameters
    ----------
    motifs : dict of str to DataFrame
        Name to a positions x symbols probability matrix (all of one alphabet).
    p_value : float in (0, 1), default=1e-3
        The largest TomTom p-value that links two motifs.
    trim_bits : float, default=0.5
        Information (bits) a flank column needs to be kept for the comparison.
    order : list of str, default=None
        Names by preference (e.g. by importance): the first of a group represents it, and
        groups are listed in the order of their representatives. Default: as given.

    Returns
    -------
    DataFrame
        One row per group: ``representative`` (name), ``members`` (list of names, the
        representative first), ``orientations`` (``"+"``, or ``"-"`` where a member matches
        the representative's reverse complement, one per member) and ``size``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skseq.inspection import group_motifs
    >>> def ppm(s):
    ...     return pd.DataFrame(np.eye(4)[["ACGT".index(c) for c in s]] * 0.9 + 0.025,
    ...                         columns=list("ACGT"))
    >>> rng = np.random.default_rng(0)
    >>> motifs = {f"r{i}": ppm("".join(rng.choice(list("ACGT"), 8))) for i in range(20)}
    >>> motifs.update(a=ppm("TTGCATGCCA"), b=ppm("TGCATGCCAA"), c=ppm("GGCATGCAA"))
    >>> groups = group_motifs(motifs, order=["a", "b", "c"])
    >>> groups.loc[0, "members"], groups.loc[0, "orientations"]
    (['a', 'b', 'c'], ['+', '+', '-'])
    >>> int(groups["size"].max()), len(groups)
    (3, 21)
    """
    from memelite import tomtom
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    if not isinstance(p_value, Real) or not 0 < p_value < 1:
        raise ValueError(f"group_motifs: p_value must be a number in (0, 1); got {p_value!r}")
    names = list(motifs)
    order = names if order is None else list(order) + [n for n in names if n not in order]
    if sorted(order) != sorted(names):
        raise ValueError(
            f"group_motifs: order names motifs not given: {sorted(set(order) - set(names))}"
        )
    mats, dna = _matrices(motifs)
    trimmed = [None if np.isnan(m).any() else _trimmed(m, trim_bits) for m in mats]
    usable = [i for i, m in enumerate(trimmed) if m is not None]
    n = len(names)
    linked = np.zeros((n, n), dtype=bool)
    strand = np.zeros((n, n), dtype=bool)
    if len(usable) > 1:
        with warnings.catch_warnings():
            # fewer than 25 motifs make TomTom's p-values rough; grouping needs only the order
            warnings.simplefilter("ignore", UserWarning)
            mats_used = [trimmed[i] for i in usable]
            p, _s, _o, _ov, strands = tomtom(mats_used, mats_used, reverse_complement=dna)[:5]
        p = np.asarray(p)
        idx = np.asarray(usable)
        linked[np.ix_(idx, idx)] = (p < p_value) | (p.T < p_value)
        strand[np.ix_(idx, idx)] = np.asarray(strands, dtype=bool)
    np.fill_diagonal(linked, False)
    _, labels = connected_components(csr_matrix(linked), directed=False)
    position = {name: i for i, name in enumerate(names)}
    rows, seen = [], set()
    for name in order:
        label = labels[position[name]]
        if label in seen:
            continue
        seen.add(label)
        rep = position[name]
        members = [m for m in order if labels[position[m]] == label]
        # a member joined through another one still has its best alignment to the first
        orientations = ["-" if strand[rep, position[m]] else "+" for m in members]
        rows.append(
            {
                "representative": name,
                "members": members,
                "orientations": orientations,
                "size": len(members),
            }
        )
    return pd.DataFrame(rows, columns=["representative", "members", "orientations", "size"])
