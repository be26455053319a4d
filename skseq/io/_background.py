"""Negative sets for genomic positives: dinucleotide shuffles or GC-matched genomic windows."""

from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.utils import Bunch, check_random_state

from ..utils._shuffle import shuffle_preserving_kmers
from ._gc_windows import gc_matched_windows

__all__ = ["concat_background", "make_background"]

_METHODS = ("dinucleotide_shuffle", "gc_matched")


def make_background(
    data,
    *,
    genome=None,
    method="dinucleotide_shuffle",
    n_per_positive=1,
    gc_bins=20,
    exclude=None,
    chromosomes=None,
    max_n_fraction=0.0,
    upper=True,
    random_state=None,
):
    """Draw a background (negative) set for a set of positive sequences or genomic intervals.

    Two protocols of the field:

    - ``"dinucleotide_shuffle"`` (DeepBind): every positive shuffled so that it keeps exactly
      its dinucleotide counts (:func:`~skseq.datasets.shuffle_preserving_kmers` with ``k=2``).
      No genome is needed; each shuffle keeps its positive's chromosome in ``groups``, so a
      chromosome hold-out never puts a positive and its own shuffle on both sides.
    - ``"gc_matched"``: windows of the positives' width drawn at random from the genome
      (gkmSVM's and HOMER's background), with the positives' GC-content histogram. Start
      positions are drawn uniformly over the chosen chromosomes (so each chromosome in
      proportion to its length) and each window is read through the genome's index
      (pyfaidx), never the whole genome. A window is rejected when it overlaps a positive, an
      ``exclude`` interval or a window already drawn, when more than ``max_n_fraction`` of it
      is ``N``, or when its GC bin already holds ``n_per_positive`` times the positives' count
      in that bin. The background's count in every GC bin is then exactly ``n_per_positive``
      times the positives' count.

    Parameters
    ----------
    data : sklearn.utils.Bunch or list of str
        The positives: a Bunch with ``sequences`` (and ``groups``, ``ids`` and ``intervals``
        where present), as :func:`read_intervals` returns it. ``"gc_matched"`` needs the
        Bunch of :func:`read_intervals` (its ``intervals`` give the positions to avoid) with
        windows of a single width (``read_intervals(..., width=...)``); the shuffle also
        takes plain sequences.
    genome : path, pyfaidx.Fasta or None, default=None
        The genome FASTA the positives were read from; needed by ``"gc_matched"`` only
        (ignored by the shuffle).
    method : {"dinucleotide_shuffle", "gc_matched"}, default="dinucleotide_shuffle"
        The protocol, see above.
    n_per_positive : int, default=1
        Background sequences per positive.
    gc_bins : int or array-like of float, default=20
        ``"gc_matched"``: the number of equal-width GC-content bins on [0, 1], or the bin
        edges (increasing; the last bin includes its right edge). The GC content of a window
        is its share of ``G`` and ``C`` among its ``A``, ``C``, ``G`` and ``T``.
    exclude : path, DataFrame, list of those, or None, default=None
        ``"gc_matched"``: BED files or DataFrames (``chrom``, ``start``, ``end``) of regions
        no background window may overlap, such as the ENCODE blacklist or all peaks of the
        experiment (not only those kept as positives).
    chromosomes : list of str or None, default=None
        ``"gc_matched"``: the chromosomes to draw from; None draws from the chromosomes the
        positives lie on (so mitochondrial and unplaced contigs only when positives are
        there).
    max_n_fraction : float in [0, 1], default=0.0
        ``"gc_matched"``: reject windows in which more than this fraction of the positions is
        ``N``; the default rejects every window with an ``N``.
    upper : bool, default=True
        ``"gc_matched"``: upper-case the windows (False keeps soft-masked repeats in lower
        case, as ``read_intervals(..., upper=False)`` does).
    random_state : int, RandomState or None, default=None
        Seed; an int gives the same background on every call.

    Returns
    -------
    background : sklearn.utils.Bunch
        sequences : ndarray of str, shape (n_background,)
            The background sequences: ``n_per_positive`` shuffles of each positive in turn, or
            the genomic windows in genome order.
        target : None
            As for unlabelled :func:`read_intervals`; :func:`concat_background` labels them.
        groups : ndarray of str
            The chromosome of each window (of each shuffle's positive), where known.
        ids : ndarray of str
            ``chrom:start-end(strand)`` of each window; a shuffle has its positive's id (or
            index) followed by ``|shuffle1``, ``|shuffle2``, ...
        intervals : DataFrame
            ``"gc_matched"``: the windows (``chrom``, ``start``, ``end``, ``strand``, ``name``,
            ``file``, ``line`` as in :func:`read_intervals`, plus ``gc``); a shuffle: the
            intervals of its positive, where known. Minus-strand windows, drawn with the
            positives' share of minus strands, are reverse complemented.

    Raises
    ------
    ValueError
        For an unknown method or bad parameter, positives of different widths or without
        intervals (``"gc_matched"``), no genome, unknown chromosomes, or a genome that cannot
        supply enough windows in some GC bin (the message names the bin and what to relax).

    See Also
    --------
    concat_background : positives and background as one labelled set (target 1 and 0).
    skseq.datasets.shuffle_preserving_kmers : the k-let shuffle itself.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> from skseq.datasets import make_genome
    >>> from skseq.io import concat_background, make_background, read_intervals
    >>> genome = make_genome(pathlib.Path(tempfile.mkdtemp()) / "genome.fa", random_state=0)
    >>> peaks = pd.DataFrame({"chrom": ["chr1", "chr1", "chr2"], "start": [500, 4000, 900],
    ...                       "end": [600, 4100, 1000]})
    >>> positives = read_intervals(peaks, genome)
    >>> shuffled = make_background(positives, random_state=0)
    >>> shuffled.ids.tolist()
    ['chr1:500-600(+)|shuffle1', 'chr1:4000-4100(+)|shuffle1', 'chr2:900-1000(+)|shuffle1']
    >>> windows = make_background(positives, genome=genome, method="gc_matched",
    ...                           n_per_positive=2, gc_bins=5, random_state=0)
    >>> len(windows.sequences), sorted(set(windows.groups.tolist()))
    (6, ['chr1', 'chr2'])
    >>> data = concat_background(positives, windows)
    >>> data.target.tolist()
    [1, 1, 1, 0, 0, 0, 0, 0, 0]
    """
    _check_parameters(method, n_per_positive, max_n_fraction)
    rng = check_random_state(random_state)
    if method == "dinucleotide_shuffle":
        return _shuffled(data, int(n_per_positive), rng)
    if genome is None:
        raise ValueError(
            "method='gc_matched' draws windows from a genome: give genome= (the FASTA the "
            "positives were read from)."
        )
    sequences, intervals = _positive_windows(data)
    return gc_matched_windows(
        sequences,
        intervals,
        genome,
        n_per_positive=int(n_per_positive),
        gc_bins=gc_bins,
        exclude=exclude,
        chromosomes=chromosomes,
        max_n_fraction=float(max_n_fraction),
        upper=upper,
        rng=rng,
    )


def concat_background(positives, *backgrounds):
    """Positives and their background(s) as one labelled set: target 1, then 0.

    Parameters
    ----------
    positives : sklearn.utils.Bunch
        As :func:`read_intervals` returns it (its own ``target``, if any, is replaced by 1).
    *backgrounds : sklearn.utils.Bunch
        One or more results of :func:`make_background` (or :func:`read_intervals`), all
        labelled 0.

    Returns
    -------
    data : sklearn.utils.Bunch
        ``sequences``, ``target`` (int, 1 for positives, 0 for background), and ``groups``,
        ``ids`` and ``intervals`` where every part has them, positives first.

    Examples
    --------
    >>> from sklearn.utils import Bunch
    >>> from skseq.io import concat_background, make_background
    >>> positives = Bunch(sequences=["ACGTTGCA", "GGCATTAC"])
    >>> data = concat_background(positives, make_background(positives, random_state=0))
    >>> data.target.tolist(), len(data.sequences)
    ([1, 1, 0, 0], 4)
    """
    if not backgrounds:
        raise ValueError("concat_background needs at least one background set.")
    parts = [_as_bunch(positives, "positives")] + [
        _as_bunch(b, f"background {i}") for i, b in enumerate(backgrounds)
    ]
    sizes = [len(part.sequences) for part in parts]
    result = Bunch(
        sequences=np.array([s for part in parts for s in part.sequences], dtype=str),
        target=np.repeat(np.array([1] + [0] * len(backgrounds)), sizes),
    )
    for key in ("groups", "ids"):
        if all(part.get(key) is not None for part in parts):
            result[key] = np.concatenate([np.asarray(part[key], dtype=str) for part in parts])
    if all(isinstance(part.get("intervals"), pd.DataFrame) for part in parts):
        result["intervals"] = pd.concat([part.intervals for part in parts], ignore_index=True)
    return result


def _check_parameters(method, n_per_positive, max_n_fraction):
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, got {method!r}.")
    if (
        isinstance(n_per_positive, bool)
        or not isinstance(n_per_positive, Integral)
        or n_per_positive < 1
    ):
        raise ValueError(f"n_per_positive must be a positive integer, got {n_per_positive!r}.")
    if (
        isinstance(max_n_fraction, bool)
        or not isinstance(max_n_fraction, Real)
        or not 0 <= max_n_fraction <= 1
    ):
        raise ValueError(f"max_n_fraction must be a number in [0, 1], got {max_n_fraction!r}.")


def _as_bunch(data, what):
    if isinstance(data, dict):
        if "sequences" not in data:
            raise ValueError(f"the {what} have no 'sequences' (a Bunch as read_intervals gives).")
        return data
    if isinstance(data, str) or data is None:
        raise ValueError(
            f"the {what} must be a Bunch with 'sequences' or a list of sequences, got "
            f"{type(data).__name__}."
        )
    return Bunch(sequences=list(data))


def _shuffled(data, n_per_positive, rng):
    data = _as_bunch(data, "positives")
    sequences = np.asarray(data.sequences, dtype=object)
    repeated = np.repeat(sequences, n_per_positive)
    shuffled = shuffle_preserving_kmers(repeated, k=2, random_state=rng)
    ids = data.get("ids")
    ids = np.arange(len(sequences)).astype(str) if ids is None else np.asarray(ids, dtype=str)
    suffix = np.tile([f"|shuffle{j + 1}" for j in range(n_per_positive)], len(sequences))
    result = Bunch(
        sequences=np.array(shuffled.tolist(), dtype=str),
        target=None,
        groups=None,
        ids=np.char.add(np.repeat(ids, n_per_positive), suffix),
    )
    if data.get("groups") is not None:
        result["groups"] = np.repeat(np.asarray(data.groups, dtype=str), n_per_positive)
    if isinstance(data.get("intervals"), pd.DataFrame):
        result["intervals"] = data.intervals.loc[
            data.intervals.index.repeat(n_per_positive)
        ].reset_index(drop=True)
    return result


def _positive_windows(data):
    if not isinstance(data, dict) or not isinstance(data.get("intervals"), pd.DataFrame):
        raise ValueError(
            "method='gc_matched' needs the positives as read_intervals returns them (a Bunch "
            "with 'sequences' and 'intervals'): their coordinates are where background windows "
            "must not fall."
        )
    sequences = np.asarray(data["sequences"], dtype=str)
    intervals = data["intervals"]
    if len(sequences) == 0 or len(sequences) != len(intervals):
        raise ValueError(
            f"the positives have {len(sequences)} sequences and {len(intervals)} intervals; "
            "they must be as many, and at least one."
        )
    widths = np.char.str_len(sequences)
    if widths.min() != widths.max():
        raise ValueError(
            f"the positives have different widths (from {widths.min()} to {widths.max()}); "
            "read them with read_intervals(..., width=...) so that background windows can "
            "match them."
        )
    return sequences, intervals
