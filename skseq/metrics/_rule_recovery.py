"""How well attributions recover the positions a grammar planted (seqgra's scores).

Both families start from seqgra's importance profile: the positive part of the attributions,
summed over channels and divided by its maximum in each example, so every example's most
important position has importance 1.

- *smooth* scores weigh positions by that importance: precision is the importance on
  grammar positions over the total importance; recall the importance on grammar positions
  over their number; specificity one minus the mean importance on background positions;
  F1 the harmonic mean of precision and recall.
- *thresholded* scores call a position important when its importance is at least
  ``threshold`` and count true/false positives and negatives.

Unlike seqgra, an example without grammar positions (a rule that did not fire) gives NaN
precision and recall rather than 1 or 0, and is left out of its class's mean; an example
whose attributions are all zero or negative gives NaN smooth precision (0 / 0).
"""

import numpy as np
import pandas as pd

__all__ = ["importance_profile", "rule_recovery_scores"]

_COLUMNS = ["precision", "recall", "specificity", "f1", "n"]


def importance_profile(attributions, lengths=None):
    """seqgra's normalised importance: positive attributions summed over channels, max 1.

    Parameters
    ----------
    attributions : array-like of shape (n, length, channels) or (n, length)
        Larger means more important (negate in-silico mutagenesis deltas first).
    lengths : array-like of int of shape (n,), default=None
        True length of each sequence; positions beyond it get importance 0.

    Returns
    -------
    ndarray of shape (n, length), values in [0, 1]

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.metrics import importance_profile
    >>> importance_profile(np.array([[[2.0, -1.0], [1.0, 0.0], [-3.0, 0.0]]]))
    array([[1. , 0.5, 0. ]])
    """
    a = np.asarray(attributions, dtype=float)
    if a.ndim == 3:
        a = np.clip(a, 0.0, None).sum(axis=2)
    elif a.ndim == 2:
        a = np.clip(a, 0.0, None)
    else:
        raise ValueError(
            f"attributions must have shape (n, length, channels) or (n, length); got {a.shape}"
        )
    if not np.all(np.isfinite(a)):
        bad = int(np.flatnonzero(~np.isfinite(a).all(axis=1))[0])
        raise ValueError(f"attributions hold NaN or infinite values, first in example {bad}")
    if lengths is not None:
        a[np.arange(a.shape[1])[None, :] >= np.asarray(lengths)[:, None]] = 0.0
    peak = a.max(axis=1, keepdims=True)
    return np.divide(a, peak, out=np.zeros_like(a), where=peak > 0)


def _check(attributions, annotation, y, lengths):
    fi = importance_profile(attributions, lengths)
    ann = np.asarray(annotation)
    if ann.shape != fi.shape:
        raise ValueError(
            f"annotation has shape {ann.shape} but the attributions give {fi.shape} "
            f"(examples, positions)"
        )
    grammar = ann.astype(bool)
    inside = np.ones_like(grammar)
    if lengths is not None:
        inside = np.arange(fi.shape[1])[None, :] < np.asarray(lengths)[:, None]
    grammar &= inside
    if y is None:
        y = np.zeros(len(fi), dtype=int)
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != len(fi):
        raise ValueError(f"y must be 1-D with one label per example; got shape {y.shape}")
    return fi, grammar, inside & ~grammar, y


def _f1(p, r):
    with np.errstate(invalid="ignore", divide="ignore"):
        f = 2 * p * r / (p + r)
    return np.where((p == 0) & (r == 0), 0.0, f)


def example_scores(attributions, annotation, *, kind="smooth", threshold=0.1, lengths=None):
    """Per-example precision, recall, specificity and F1 (see the module docstring).

    Returns
    -------
    dict of str to ndarray of shape (n,)
        For ``kind="thresholded"`` also the counts ``tp``, ``fp``, ``tn``, ``fn``.
    """
    fi, g, b, _ = _check(attributions, annotation, None, lengths)
    ng, nb = g.sum(axis=1), b.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if kind == "smooth":
            on_g, on_b = (fi * g).sum(axis=1), (fi * b).sum(axis=1)
            precision = np.where(ng > 0, on_g / (on_g + on_b), np.nan)
            recall = np.where(ng > 0, on_g / ng, np.nan)
            specificity = np.where(nb > 0, 1 - on_b / nb, np.nan)
            return dict(
                precision=precision,
                recall=recall,
                specificity=specificity,
                f1=_f1(precision, recall),
            )
        if kind != "thresholded":
            raise ValueError(f"kind must be 'smooth' or 'thresholded'; got {kind!r}")
        hit = (fi >= threshold) & (fi > 0)
        tp, fp = (hit & g).sum(axis=1), (hit & b).sum(axis=1)
        fn, tn = ng - tp, nb - fp
        precision = np.where(ng > 0, tp / (tp + fp), np.nan)
        recall = np.where(ng > 0, tp / ng, np.nan)
        specificity = np.where(nb > 0, tn / nb, np.nan)
    return dict(
        precision=precision,
        recall=recall,
        specificity=specificity,
        f1=_f1(precision, recall),
        tp=tp,
        fp=fp,
        tn=tn,
        fn=fn,
    )


def rule_recovery_scores(
    attributions,
    annotation,
    y=None,
    *,
    kind="smooth",
    threshold=0.1,
    lengths=None,
    target_names=None,
):
    """seqgra's rule-recovery scores, averaged per class.

    Parameters
    ----------
    attributions : array-like of shape (n, length, channels) or (n, length)
        Attributions of each example for its *true* class (see
        :func:`skseq.metrics.attribute_true_class`); larger is more important.
    annotation : array-like of shape (n, length)
        1 where the grammar planted an element (``make_grammar_sequences(...).annotation``).
    y : array-like of shape (n,), default=None
        Class of each example; None scores all examples as one class.
    kind : {"smooth", "thresholded"}, default="smooth"
    threshold : float, default=0.1
        Importance (on the normalised 0-1 profile) from which a position counts as important
        (``kind="thresholded"``). seqgra thresholds the raw values at 0.01, which depends on
        the scale of each model's output; the normalised profile makes the threshold
        comparable across models and attribution methods.
    lengths : array-like of shape (n,), default=None
        Sequence lengths, for variable-length data (positions beyond are ignored).
    target_names : sequence of str, default=None
        Names for the class labels in the index (``target_names[label]``).

    Returns
    -------
    pandas.DataFrame
        One row per class (sorted), columns ``precision``, ``recall``, ``specificity``,
        ``f1`` and ``n`` (examples with planted positions). Smooth scores are means over the
        class's examples; thresholded ones come from the class's pooled counts.

    Examples
    --------
    Perfect attributions score 1; uniform ones get the planted fraction as precision:

    >>> import numpy as np
    >>> from skseq.metrics import rule_recovery_scores
    >>> annotation = np.zeros((4, 10), dtype=np.uint8)
    >>> annotation[:, 3:5] = 1
    >>> rule_recovery_scores(annotation, annotation, [0, 0, 1, 1])
       precision  recall  specificity   f1  n
    0        1.0     1.0          1.0  1.0  2
    1        1.0     1.0          1.0  1.0  2
    >>> rule_recovery_scores(np.ones((4, 10)), annotation).loc[0, ["precision", "recall"]]
    precision    0.2
    recall       1.0
    Name: 0, dtype: float64
    """
    scores = example_scores(
        attributions, annotation, kind=kind, threshold=threshold, lengths=lengths
    )
    _, _, _, y = _check(np.zeros(np.shape(annotation)), annotation, y, None)
    rows = {}
    for label in np.unique(y):
        sel = (y == label) & ~np.isnan(scores["recall"])
        if kind == "smooth":
            values = [np.nanmean(scores[k][sel]) if sel.any() else np.nan for k in _COLUMNS[:4]]
        else:
            tp, fp, tn, fn = (scores[k][sel].sum() for k in ("tp", "fp", "tn", "fn"))
            with np.errstate(invalid="ignore", divide="ignore"):
                p, r, s = tp / (tp + fp), tp / (tp + fn), tn / (tn + fp)
            values = [p, r, s, float(_f1(np.float64(p), np.float64(r)))]
        name = target_names[label] if target_names is not None else label
        rows[name] = [float(v) for v in values] + [int(sel.sum())]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=_COLUMNS)
    frame["n"] = frame["n"].astype(int)
    return frame
