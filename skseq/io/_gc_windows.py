"""Random genomic windows with a given GC-content histogram, avoiding given intervals."""

import bisect
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

from skseq._complement import reverse_complement

from ._bed import from_dataframe, is_path, read_bed
from ._genome import Genome

# Byte -> 1 for A/T, 2 for G/C, 3 for N (both cases), 0 for anything else.
_CLASS = np.zeros(256, dtype=np.uint8)
for _letters, _code in (("ATat", 1), ("GCgc", 2), ("Nn", 3)):
    _CLASS[np.frombuffer(_letters.encode(), dtype=np.uint8)] = _code

_MIN_DRAWS = 200_000  # candidate windows drawn before giving up, at least
_DRAWS_PER_WINDOW = 200  # ... or this many per window wanted, whichever is larger
_GENOME_COVER = 4  # but no more than this many per possible start (a small genome is spent)


def gc_content(sequences):
    """GC share among the A, C, G, T of each sequence (NaN where there are none).

    Examples
    --------
    >>> from skseq.io._gc_windows import gc_content
    >>> gc_content(["ACGT", "GGNN", "NNNN"]).tolist()
    [0.5, 1.0, nan]
    """
    sequences = list(sequences)
    gc, acgt = np.zeros(len(sequences)), np.zeros(len(sequences))
    for i, sequence in enumerate(sequences):
        classes = np.bincount(_classes(sequence), minlength=4)
        gc[i], acgt[i] = classes[2], classes[1] + classes[2]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(acgt > 0, gc / np.maximum(acgt, 1), np.nan)


def _classes(sequence):
    return _CLASS[np.frombuffer(sequence.encode("utf-8", "replace"), dtype=np.uint8)]


def bin_edges(gc_bins):
    """The GC bin edges for an int (equal bins on [0, 1]) or a sequence of edges."""
    if isinstance(gc_bins, Integral) and not isinstance(gc_bins, bool):
        if gc_bins < 1:
            raise ValueError(f"gc_bins must be a positive integer or bin edges, got {gc_bins}.")
        return np.linspace(0.0, 1.0, int(gc_bins) + 1)
    try:
        edges = np.asarray(gc_bins, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"gc_bins must be a positive integer or increasing bin edges, got {gc_bins!r}."
        ) from None
    if edges.ndim != 1 or edges.size < 2 or not (np.diff(edges) > 0).all():
        raise ValueError(f"gc_bins edges must be at least 2 increasing numbers, got {gc_bins!r}.")
    return edges


def gc_bin(gc, edges):
    """The bin of each GC value (the last bin closed on the right), -1 outside the edges."""
    index = np.searchsorted(edges, gc, side="right") - 1
    index[gc == edges[-1]] = edges.size - 2
    index[~((gc >= edges[0]) & (gc <= edges[-1]))] = -1
    return index


def gc_matched_windows(
    sequences,
    intervals,
    genome,
    *,
    n_per_positive,
    gc_bins,
    exclude,
    chromosomes,
    max_n_fraction,
    upper,
    rng,
):
    """The windows of :func:`~skseq.io.make_background`'s ``"gc_matched"`` method."""
    genome = Genome(genome, upper=upper)
    width = len(sequences[0])
    edges = bin_edges(gc_bins)
    positive_gc = gc_content(sequences)
    positive_bins = gc_bin(positive_gc, edges)
    if (positive_bins < 0).any():
        i = int(np.flatnonzero(positive_bins < 0)[0])
        what = "has no A, C, G or T" if np.isnan(positive_gc[i]) else f"has GC {positive_gc[i]:g}"
        raise ValueError(
            f"positive {i} ({_interval_name(intervals.iloc[i])}) {what}, outside the GC bins "
            f"[{edges[0]:g}, {edges[-1]:g}]; drop it or widen gc_bins."
        )
    quota = n_per_positive * np.bincount(positive_bins, minlength=edges.size - 1)
    names = _chromosomes(chromosomes, intervals, genome, width)
    blocked = _blocked(intervals, exclude, genome)
    windows = _draw(genome, names, width, quota, edges, blocked, max_n_fraction, rng)
    minus_share = float((intervals["strand"] == "-").mean()) if "strand" in intervals else 0.0
    order = np.lexsort((windows["start"], [names.index(c) for c in windows["chrom"]]))
    table = pd.DataFrame(windows).iloc[order].reset_index(drop=True)
    strand = np.where(rng.random_sample(len(table)) < minus_share, "-", "+")
    seqs = [reverse_complement(s) if d == "-" else s for s, d in zip(table.pop("sequence"), strand)]
    gc = table.pop("gc").to_numpy()
    table = table.assign(strand=strand, name="background", file="make_background")
    table = table.assign(line=np.arange(len(table)), gc=gc)
    table = table[["chrom", "start", "end", "strand", "name", "file", "line", "gc"]]
    ids = [f"{c}:{s}-{e}({d})" for c, s, e, d in zip(table.chrom, table.start, table.end, strand)]
    return Bunch(
        sequences=np.array(seqs, dtype=str),
        target=None,
        groups=table["chrom"].to_numpy(dtype=str),
        ids=np.array(ids, dtype=str),
        intervals=table,
    )


def _interval_name(row):
    return f"{row.chrom}:{row.start}-{row.end}"


def _chromosomes(chromosomes, intervals, genome, width):
    if chromosomes is None:
        names = list(dict.fromkeys(intervals["chrom"].astype(str)))
    elif isinstance(chromosomes, str):
        raise ValueError(f"chromosomes must be a list of names, got the string {chromosomes!r}.")
    else:
        names = list(dict.fromkeys(str(c) for c in chromosomes))
    unknown = [c for c in names if c not in genome.lengths]
    if unknown:
        raise ValueError(
            f"chromosome(s) {unknown} are not in the genome '{genome.path}', which has "
            f"{len(genome.lengths)}: {', '.join(list(genome.lengths)[:5])}"
            f"{', ...' if len(genome.lengths) > 5 else ''}."
        )
    long_enough = [c for c in names if genome.lengths[c] >= width]
    if not long_enough:
        raise ValueError(f"no chromosome among {names} is at least {width} long (the width).")
    return long_enough


def _blocked(intervals, exclude, genome):
    """Merged intervals per chromosome that no window may overlap: (starts, ends) arrays."""
    tables = [intervals[["chrom", "start", "end"]]]
    if exclude is not None:
        sources = exclude if isinstance(exclude, (list, tuple)) else [exclude]
        for source in sources:
            if isinstance(source, pd.DataFrame):
                tables.append(from_dataframe(source, source="exclude DataFrame"))
            elif is_path(source):
                tables.append(read_bed(source))
            else:
                raise ValueError(
                    f"exclude must be a BED path, a DataFrame or a list of those, got "
                    f"{type(source).__name__}."
                )
    table = pd.concat([t[["chrom", "start", "end"]] for t in tables], ignore_index=True)
    blocked = {}
    for chrom, group in table.groupby("chrom", sort=False):
        if chrom not in genome.lengths:
            continue  # a blacklist may list chromosomes this genome lacks
        group = group.sort_values("start")
        starts, ends = group["start"].to_numpy(np.int64), group["end"].to_numpy(np.int64)
        ends = np.maximum.accumulate(ends)
        new = np.ones(starts.size, dtype=bool)
        new[1:] = starts[1:] > ends[:-1]
        last = np.append(np.flatnonzero(new)[1:] - 1, starts.size - 1)
        blocked[chrom] = (starts[new], ends[last])
    return blocked


def _overlaps_blocked(blocked, chrom, starts, width):
    if chrom not in blocked:
        return np.zeros(starts.size, dtype=bool)
    b_starts, b_ends = blocked[chrom]
    i = np.searchsorted(b_starts, starts + width, side="left") - 1
    return (i >= 0) & (b_ends[np.maximum(i, 0)] > starts)


def _draw(genome, names, width, quota, edges, blocked, max_n_fraction, rng):
    n_starts = np.array([genome.lengths[c] - width + 1 for c in names], dtype=np.int64)
    weights = n_starts / n_starts.sum()
    wanted = int(quota.sum())
    budget = max(_MIN_DRAWS, _DRAWS_PER_WINDOW * wanted)
    budget = int(min(budget, _GENOME_COVER * n_starts.sum()))
    budget = max(budget, wanted)
    remaining = quota.copy()
    taken = {c: ([], []) for c in names}  # sorted starts and ends of the windows accepted
    found = {"chrom": [], "start": [], "end": [], "sequence": [], "gc": []}
    draws = 0
    while remaining.sum() and draws < budget:
        size = int(min(max(1000, 8 * remaining.sum()), 50_000, budget - draws))
        draws += size
        which = rng.choice(len(names), size=size, p=weights)
        starts = (rng.random_sample(size) * n_starts[which]).astype(np.int64)
        free = np.ones(size, dtype=bool)
        for k in np.unique(which):
            on_k = which == k
            free[on_k] = ~_overlaps_blocked(blocked, names[k], starts[on_k], width)
        which, starts = which[free], starts[free]  # still in the order drawn
        if not starts.size:
            continue
        seqs = [
            genome.fetch(names[k], s, s + width) for k, s in zip(which.tolist(), starts.tolist())
        ]
        classes = _classes("".join(seqs)).reshape(starts.size, width)
        counts = np.stack([(classes == c).sum(axis=1) for c in (1, 2, 3)], axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            gc = counts[:, 1] / (counts[:, 0] + counts[:, 1])
        bins = gc_bin(gc, edges)
        good = (counts[:, 2] <= max_n_fraction * width) & (counts[:, :2].sum(axis=1) > 0)
        for j in np.flatnonzero(good & (bins >= 0)):
            b, chrom, start = bins[j], names[which[j]], int(starts[j])
            if remaining[b] and _claim(taken[chrom], start, start + width):
                remaining[b] -= 1
                found["chrom"].append(chrom)
                found["start"].append(start)
                found["end"].append(start + width)
                found["sequence"].append(seqs[j])
                found["gc"].append(gc[j])
    if remaining.sum():
        raise ValueError(_shortfall(genome, quota, remaining, edges, draws, names, width))
    return found


def _claim(taken, start, end):
    """Record [start, end) unless it overlaps a window already taken; whether it was free."""
    starts, ends = taken
    i = bisect.bisect_left(starts, start)
    if (i > 0 and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
        return False
    starts.insert(i, start)
    ends.insert(i, end)
    return True


def _shortfall(genome, quota, remaining, edges, draws, names, width):
    short = np.flatnonzero(remaining)
    bins = ", ".join(
        f"GC in [{edges[b]:.3g}, {edges[b + 1]:.3g}{']' if b == edges.size - 2 else ')'}: "
        f"{quota[b] - remaining[b]} of {quota[b]}"
        for b in short[:5]
    ) + (f" and {short.size - 5} more bins" if short.size > 5 else "")
    return (
        f"the genome '{genome.path}' could not supply enough background windows of width "
        f"{width} on {', '.join(names[:5])}{', ...' if len(names) > 5 else ''} after drawing "
        f"{draws} candidates: {bins}. Use fewer or wider gc_bins, a smaller n_per_positive, "
        "a larger max_n_fraction, more chromosomes, or fewer exclude intervals."
    )
