"""Sites and motifs: which windows activate each kernel, counted into probability matrices."""

import warnings

import numpy as np

from ._motifs import (
    consensus,
    empty_matrix,
    marginals,
    mean_profile,
    probability_matrix,
    site_mask,
    window_counts,
    window_has_symbols,
)


def build_motifs(
    X, argmax, max_activations, thresholds, geometry, channel_groups, symbol_groups, track_groups
):
    """Sites, motifs and track profiles of every kernel (see :class:`MotifInspector`).

    A sequence is a site of a kernel when its maximum activation reaches the threshold and
    the window read there holds symbols of the first symbol group. Warns when no kernel has
    any site.

    Returns
    -------
    dict
        ``site_mask_``, ``n_sites_``, ``group_motifs_``, ``track_profiles_``, ``motifs_`` and
        ``consensus_``, as the inspector stores them.
    """
    mask = site_mask(max_activations, thresholds)
    seq = channel_groups[symbol_groups[0]]["indices"]
    for k in range(mask.shape[1]):
        rows = np.flatnonzero(mask[:, k])
        mask[rows, k] = window_has_symbols(X[rows], argmax[rows, k], geometry, seq)
    site_mask_ = mask
    n_sites_ = mask.sum(axis=0)
    width = geometry["kernel_size"]
    group_motifs_ = {g: [] for g in symbol_groups}
    track_profiles_ = {g: [] for g in track_groups}
    for k in range(mask.shape[1]):
        rows = np.flatnonzero(mask[:, k])
        for name in symbol_groups + track_groups:
            group = channel_groups[name]
            sums, covered = window_counts(X[rows], argmax[rows, k], geometry, group["indices"])
            if name in group_motifs_:
                group_motifs_[name].append(
                    probability_matrix(sums, group["symbols"])
                    if len(rows)
                    else empty_matrix(width, group["symbols"])
                )
            else:
                track_profiles_[name].append(mean_profile(sums, covered, group["symbols"]))
    for name in list(group_motifs_):
        split = [marginals(m) for m in group_motifs_[name]]
        if split and split[0] is not None:
            # pysster's combined alphabet (A_S, A_H, ...): one logo per part
            group_motifs_[f"{name}:nucleotide"] = [a for a, _ in split]
            group_motifs_[f"{name}:context"] = [b for _, b in split]
    first = symbol_groups[0]
    motifs_ = group_motifs_.get(f"{first}:nucleotide", group_motifs_[first])
    consensus_ = [consensus(m) for m in motifs_]
    empty = np.flatnonzero(n_sites_ == 0).tolist()
    if len(empty) == len(n_sites_):
        warnings.warn(
            f"MotifInspector: no kernel has any site in the {len(X)} sequences (no window "
            "with sequence symbols reaches its threshold; is the input all zero or "
            "padding?); every motif is NaN and n_sites_ is 0",
            UserWarning,
            stacklevel=4,
        )
    return {
        "site_mask_": site_mask_,
        "n_sites_": n_sites_,
        "group_motifs_": group_motifs_,
        "track_profiles_": track_profiles_,
        "motifs_": motifs_,
        "consensus_": consensus_,
    }
