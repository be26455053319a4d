"""Channel names and sequence groups (classes, quartiles) for the inspector."""

import warnings

import numpy as np
from sklearn.utils.multiclass import type_of_target


def channel_names(given, transform, n_channels):
    """The channels' names: as given, else the transformers' feature names, else a default.

    The default is ``A, C, G, T`` for 4 channels and ``c0, c1, ...`` otherwise.
    """
    names = None
    if given is not None:
        names = [str(c) for c in given]
    elif transform is not None:
        try:
            names = [str(c) for c in transform.get_feature_names_out()]
        except (AttributeError, TypeError, ValueError):
            names = None
        if names is not None and len(names) != n_channels:
            names = None
    if names is None:
        names = list("ACGT") if n_channels == 4 else [f"c{i}" for i in range(n_channels)]
    if len(names) != n_channels:
        raise ValueError(f"channel_names has {len(names)} names but X has {n_channels} channels")
    return names


def sample_groups(y, n, classes):
    """``(labels, codes)``: the group of each sequence for per-class statistics.

    A classifier's ``classes`` when given (a warning names those without a sequence: their
    per-class numbers and plots would be empty); else the distinct values of ``y`` (at most
    10); else the quartiles of ``y`` (its first column); without ``y`` one group ``"all"``.

    Examples
    --------
    >>> labels, codes = sample_groups(np.array(["b", "a", "b"]), 3, ["a", "b"])
    >>> labels, codes.tolist()
    (['a', 'b'], [1, 0, 1])
    """
    if y is None:
        return ["all"], np.zeros(n, dtype=int)
    y = np.asarray(y)
    if len(y) != n:
        raise ValueError(f"y has {len(y)} entries but X has {n} sequences")
    if classes is not None and y.ndim == 1:
        classes = list(np.asarray(classes).tolist())
        lookup = {c: i for i, c in enumerate(classes)}
        unknown = [v for v in np.unique(y).tolist() if v not in lookup]
        if unknown:
            raise ValueError(
                f"y holds labels {unknown} that the estimator was not trained on (its "
                f"classes_ are {classes})"
            )
        codes = np.array([lookup[v] for v in y.tolist()], dtype=int)
        _warn_missing(classes, np.bincount(codes, minlength=len(classes)), n)
        return classes, codes
    if y.dtype.kind == "f" and not np.isfinite(y).all():
        bad = int(np.flatnonzero(~np.isfinite(y.reshape(len(y), -1)).all(axis=1))[0])
        raise ValueError(f"y holds NaN or infinity at sequence {bad}")
    kind = type_of_target(y)
    if kind in ("binary", "multiclass") and len(np.unique(y)) <= 10:
        labels, codes = np.unique(y, return_inverse=True)
        return labels.tolist(), codes
    if y.dtype.kind in "biuf" and y.ndim <= 2:
        values = y if y.ndim == 1 else y[:, 0]
        edges = np.quantile(values, [0.25, 0.5, 0.75])
        codes = np.searchsorted(edges, values, side="right")
        return ["Q1 (low)", "Q2", "Q3", "Q4 (high)"], codes
    return ["all"], np.zeros(n, dtype=int)


def _warn_missing(classes, counts, n):
    missing = [c for c, count in zip(classes, counts) if count == 0]
    if not missing:
        return
    names = ", ".join(repr(c) if isinstance(c, str) else str(c) for c in missing)
    found = ", ".join(f"{c}: {int(count)}" for c, count in zip(classes, counts))
    warnings.warn(
        f"MotifInspector: {'class' if len(missing) == 1 else 'classes'} {names} of the "
        f"estimator's classes_ {'has' if len(missing) == 1 else 'have'} no sequence among the "
        f"{n} inspected ({found}): the per-class statistics and plots of "
        f"{'it' if len(missing) == 1 else 'them'} are empty. Inspect a sample that holds "
        "every class, e.g. sklearn.utils.resample(X, y, n_samples=2000, replace=False, "
        "stratify=y, random_state=0).",
        UserWarning,
        stacklevel=3,
    )
