"""Position probability matrices from the input windows that activate a kernel."""

import numpy as np
import pandas as pd

from ._activations import window_indices

SEQUENCE_GROUP = "sequence"


def split_channel_names(names, n_global=0):
    """Group channel names by their transformer prefix (``"seq__A"`` -> ``"seq"``, ``"A"``).

    Names without a ``"__"`` prefix form one group called ``"sequence"``. The last
    ``n_global`` channels are whole-sequence features and form the group ``"global"``.

    Returns
    -------
    list of dict
        One dict per group, in channel order, with ``name``, ``indices`` (into the channel
        axis) and ``symbols`` (the names without prefix).
    """
    groups = {}
    n_local = len(names) - n_global
    for i, name in enumerate(names):
        if i >= n_local:
            group, symbol = "global", str(name)
        elif "__" in str(name):
            group, symbol = str(name).split("__", 1)
        else:
            group, symbol = SEQUENCE_GROUP, str(name)
        entry = groups.setdefault(group, {"name": group, "indices": [], "symbols": []})
        entry["indices"].append(i)
        entry["symbols"].append(symbol)
    for entry in groups.values():
        entry["indices"] = np.asarray(entry["indices"])
        entry["symbols"] = _strip_common_prefix(entry["symbols"])
    return list(groups.values())


def _strip_common_prefix(symbols):
    """``["struct_H", "struct_S"]`` -> ``["H", "S"]``: drop a shared ``"word_"`` prefix."""
    if len(symbols) < 2:
        return symbols
    heads = {s.split("_", 1)[0] for s in symbols}
    if len(heads) == 1 and all("_" in s and s.split("_", 1)[1] for s in symbols):
        return [s.split("_", 1)[1] for s in symbols]
    return symbols


def is_symbol_group(X, indices, n_check=200):
    """True when the channels hold one-hot codes or probabilities (a logo makes sense).

    Tracks (any real values) are averaged under the sites instead of drawn as logos.
    """
    part = np.asarray(X[:n_check][..., indices], dtype=float)
    if part.size == 0:
        return False
    total = part.sum(axis=-1)
    return bool(part.min() >= 0 and part.max() <= 1 + 1e-6 and total.max() <= 1 + 1e-4)


def kernel_thresholds(max_act, sample_groups, n_groups, rule, fraction):
    """The activation each kernel must exceed for a sequence to count as one of its sites.

    ``rule="pysster"``: the highest mean, over the groups (classes), of the kernel's maximum
    activation per sequence (pysster's rule). ``rule="fraction"``: ``fraction`` times the
    kernel's largest activation over all sequences. A number: that absolute activation.
    """
    if isinstance(rule, str) and rule == "pysster":
        means = np.stack(
            [
                max_act[sample_groups == g].mean(axis=0, dtype=np.float64)
                for g in range(n_groups)
                if np.any(sample_groups == g)
            ]
        )
        return means.max(axis=0)
    if isinstance(rule, str) and rule == "fraction":
        return fraction * max_act.max(axis=0)
    return np.full(max_act.shape[1], float(rule))


def site_mask(max_act, thresholds):
    """Sequences whose maximum activation reaches the kernel's threshold, per kernel.

    ``>=`` rather than ``>``: a planted motif gives every carrier the same maximum, which then
    equals its class mean (pysster's threshold); a strict test would find no site at all.
    """
    return (max_act >= thresholds) & (max_act > 0)


def window_counts(X, positions, geometry, indices):
    """Sum the input channels ``indices`` over the windows read at output ``positions``.

    Parameters
    ----------
    X : ndarray (n_sites, length, channels)
        The sequences holding the sites.
    positions : ndarray (n_sites,)
        The conv's output position of each site.

    Returns
    -------
    sums : ndarray (kernel_size, len(indices))
    covered : ndarray (kernel_size,)
        How many sites had that window position inside the sequence (padding has no symbol).
    """
    k = geometry["kernel_size"]
    sums = np.zeros((k, len(indices)))
    covered = np.zeros(k)
    if len(positions) == 0:
        return sums, covered
    idx = window_indices(geometry, positions)
    inside = (idx >= 0) & (idx < X.shape[1])
    rows = np.broadcast_to(np.arange(len(positions))[:, None], idx.shape)
    values = np.asarray(X[rows, np.clip(idx, 0, X.shape[1] - 1)][..., indices], dtype=float)
    values[~inside] = 0.0
    return values.sum(axis=0), inside.sum(axis=0).astype(float)


def probability_matrix(sums, symbols):
    """Normalise counts per position into a position probability matrix (positions x symbols).

    Positions without any count (only padding under every site) become uniform; a matrix of
    NaN (a kernel without sites, see :func:`empty_matrix`) stays NaN.
    """
    sums = np.asarray(sums, dtype=float)
    if np.isnan(sums).all():
        return empty_matrix(len(sums), symbols)
    total = sums.sum(axis=1, keepdims=True)
    uniform = np.full_like(sums, 1.0 / sums.shape[1])
    ppm = np.divide(sums, total, out=uniform, where=total > 0)
    frame = pd.DataFrame(ppm, columns=list(symbols))
    frame.index.name = "position"
    return frame


def empty_matrix(width, symbols):
    """The motif of a kernel without sites: NaN everywhere, never a made-up uniform motif."""
    frame = pd.DataFrame(np.full((width, len(symbols)), np.nan), columns=list(symbols))
    frame.index.name = "position"
    return frame


def window_has_symbols(X, positions, geometry, indices):
    """Per site: whether its window holds any symbol of the channels ``indices``.

    A window over padding or an all-zero stretch shows no motif, whatever the activation
    there; such windows are not counted as sites.
    """
    if len(positions) == 0:
        return np.zeros(0, dtype=bool)
    idx = window_indices(geometry, positions)
    inside = (idx >= 0) & (idx < X.shape[1])
    rows = np.broadcast_to(np.arange(len(positions))[:, None], idx.shape)
    values = np.asarray(X[rows, np.clip(idx, 0, X.shape[1] - 1)][..., indices], dtype=float)
    return ((values.sum(axis=-1) * inside) > 0).any(axis=1)


def mean_profile(sums, covered, names):
    """Mean of track channels per window position (NaN where no site covers it)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = sums / covered[:, None]
    mean[covered == 0] = np.nan
    frame = pd.DataFrame(mean, columns=list(names))
    frame.index.name = "position"
    return frame


def marginals(ppm):
    """Split a matrix over pair symbols ``"X_Y"`` into its X and Y marginals, else None.

    Used for pysster's combined sequence x structure alphabet (``A_S``, ``A_H``, ...).
    """
    pairs = [str(c).split("_") for c in ppm.columns]
    if not all(len(p) == 2 and p[0] and p[1] for p in pairs):
        return None
    first = list(dict.fromkeys(p[0] for p in pairs))
    second = list(dict.fromkeys(p[1] for p in pairs))
    if len(pairs) != len(first) * len(second):
        return None
    values = np.asarray(ppm, dtype=float)
    a = np.stack(
        [values[:, [i for i, p in enumerate(pairs) if p[0] == s]].sum(axis=1) for s in first],
        axis=1,
    )
    b = np.stack(
        [values[:, [i for i, p in enumerate(pairs) if p[1] == s]].sum(axis=1) for s in second],
        axis=1,
    )
    return probability_matrix(a, first), probability_matrix(b, second)


def consensus(ppm):
    """The most probable symbol at each position, as a string ("" for a kernel without sites)."""
    if ppm.isna().all().all():
        return ""
    return "".join(ppm.idxmax(axis=1).astype(str))
