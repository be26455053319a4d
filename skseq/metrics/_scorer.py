"""Attributions for each example's true class, and a rule-recovery scorer for model selection.

seqgra's gradient code seeds every output at once; here each example is explained for its
own class only (for multi-label data: once per label it carries).
"""

import numpy as np
from sklearn.utils import check_random_state
from sklearn.utils.metadata_routing import MetadataRequest

from ._rule_recovery import rule_recovery_scores

__all__ = ["RuleRecoveryScorer", "attribute_true_class", "make_rule_recovery_scorer"]


def _attribution_method(method):
    """The registry entry of ``method``: a method whose values are contributions."""
    from ..attribution import get_method

    return get_method(method, contributions_only=True)


def _output_target(j, n_outputs, n_classes):
    """Output index or function explaining class ``j`` (binary sigmoid: 1 - p for class 0)."""
    if n_outputs == 1 and n_classes == 2:
        return 0 if j == 1 else (lambda out: 1.0 - out[:, 0])
    return j


def _encode(estimator, X, caller):
    from ..utils import find_network

    transform, final, model = find_network(estimator, caller=caller)
    encoded = transform.transform(X) if transform is not None else X
    return np.asarray(encoded, dtype="float32"), final, model


def _true_class_attributions(estimator, X, y, method, rows=None, **kwargs):
    """(attributions, example index, class index) for every (example, true class) pair."""
    entry = _attribution_method(method)
    encoded, final, model = _encode(estimator, X, "rule recovery")
    n_outputs = int(np.prod(model.outputs[0].shape[1:]))
    y = np.asarray(y)
    if y.ndim == 2:
        pairs = np.argwhere(y == 1)
        example, label = pairs[:, 0], pairs[:, 1]
        n_classes = y.shape[1]
    else:
        classes = list(np.asarray(final.classes_).tolist())
        example = np.arange(len(y))
        label = np.array([classes.index(v) for v in y.tolist()], dtype=int)
        n_classes = len(classes)
    if rows is not None:
        keep = np.isin(example, rows)
        example, label = example[keep], label[keep]
    out = np.zeros((len(example),) + encoded.shape[1:], dtype="float32")
    for j in np.unique(label):
        sel = label == j
        target = _output_target(int(j), n_outputs, n_classes)
        out[sel] = entry(model, encoded[example[sel]], target=target, **kwargs)
    if entry.sign < 0:
        out = -out  # e.g. ISM: a drop of the output when a letter is mutated is importance
    return out, example, label


def attribute_true_class(estimator, X, y, *, method="saliency", **kwargs):
    """Attributions of each sequence for its own (true) class.

    Parameters
    ----------
    estimator : fitted classifier, Pipeline or keras.Model
        An skseq network estimator or a Pipeline ending in one.
    X : array-like of str
        Sequences, as the estimator takes them.
    y : array-like of shape (n,)
        True labels (the estimator's ``classes_``).
    method : str, default="saliency"
        A name in :data:`skseq.attribution.METHODS` whose values are contributions
        (:func:`skseq.attribution.method_names` with ``contributions_only=True``). Values of
        a method with ``sign=-1`` (in-silico mutagenesis deltas) are negated, so larger
        always means more important.
    **kwargs
        Passed to the attribution function (``n_steps``, ``batch_size``).

    Returns
    -------
    ndarray of shape (n, length, channels)
    """
    if np.ndim(y) != 1:
        raise ValueError(
            "attribute_true_class takes 1-D labels; for multi-label data use "
            "RuleRecoveryScorer, which explains every label an example carries"
        )
    values, _, _ = _true_class_attributions(estimator, X, y, method, **kwargs)
    return values


def _select_rows(estimator, X, y, correct_only, n_per_class, random_state):
    y = np.asarray(y)
    n = len(y)
    rows = np.arange(n)
    if correct_only:
        proba = np.asarray(estimator.predict_proba(X))
        if y.ndim == 2:
            ok = ((proba > 0.5) | (y == 0)).all(axis=1)
        else:
            classes = list(np.asarray(estimator.classes_).tolist())
            j = np.array([classes.index(v) for v in y.tolist()])
            ok = proba[np.arange(n), j] > 0.5
        rows = rows[ok]
    if n_per_class is not None:
        rng = check_random_state(random_state)
        first = y[rows].argmax(axis=1) if y.ndim == 2 else y[rows]
        chosen = []
        for label in np.unique(first):
            idx = rows[first == label]
            chosen.append(rng.permutation(idx)[:n_per_class])
        rows = np.sort(np.concatenate(chosen)) if chosen else rows[:0]
    return rows


class RuleRecoveryScorer:
    """A scorer (``scorer(estimator, X, y)``) of how well attributions find the planted sites.

    Use it as ``scoring=`` in ``cross_validate``, ``learning_curve`` or a search. The
    annotation of the scored examples reaches it in one of two ways:

    - with metadata routing (``sklearn.set_config(enable_metadata_routing=True)``): pass
      ``params={"annotation": data.annotation}`` to ``cross_validate``; the scorer requests
      ``annotation`` and gets the rows of each test fold;
    - without: give the scorer the data set (``data=``, a Bunch with ``sequences`` and
      ``annotation``); each scored sequence is looked up by its text.

    Parameters
    ----------
    method : str, default="saliency"
        The attribution method, as :func:`attribute_true_class` takes it.
    metric : {"f1", "precision", "recall", "specificity"}, default="f1"
    kind : {"smooth", "thresholded"}, default="smooth"
    threshold : float, default=0.1
    correct_only : bool, default=False
        Score only examples whose true class gets a probability above 0.5.
    n_per_class : int, default=None
        At most this many examples per class (drawn with ``random_state``).
    data : Bunch, default=None
        ``sequences`` and ``annotation`` of the whole data set, for the look-up.
    random_state : int, default=0
    attribution_params : dict, default=None
        Passed to the attribution function (``n_steps``, ``batch_size``).

    Examples
    --------
    See ``examples/plot_seqgra_spacing.py``; the function behind it is
    :func:`skseq.metrics.rule_recovery_scores`.
    """

    def __init__(
        self,
        method="saliency",
        metric="f1",
        kind="smooth",
        threshold=0.1,
        correct_only=False,
        n_per_class=None,
        data=None,
        random_state=0,
        attribution_params=None,
    ):
        self.method = method
        self.metric = metric
        self.kind = kind
        self.threshold = threshold
        self.correct_only = correct_only
        self.n_per_class = n_per_class
        self.data = data
        self.random_state = random_state
        self.attribution_params = attribution_params

    def get_metadata_routing(self):
        """Request ``annotation`` for scoring (used by sklearn's metadata routing)."""
        request = MetadataRequest(owner=type(self).__name__)
        request.score.add_request(param="annotation", alias=True)
        return request

    def _lookup(self, X):
        if self.data is None:
            raise ValueError(
                "RuleRecoveryScorer needs the annotation: pass it through metadata routing "
                "(params={'annotation': ...}) or give the scorer data= (a Bunch with "
                "sequences and annotation)"
            )
        index = getattr(self, "_index", None)
        if index is None:
            index = {}
            for i, s in enumerate(np.asarray(self.data.sequences).tolist()):
                index.setdefault(s, i)
            self._index = index
        rows = []
        for s in np.asarray(X).ravel().tolist():
            if s not in index:
                raise ValueError(f"sequence {s[:30]!r}... is not in the scorer's data")
            rows.append(index[s])
        return np.asarray(self.data.annotation)[rows]

    def scores(self, estimator, X, y, annotation=None):
        """The per-class table of :func:`rule_recovery_scores` for these examples."""
        if self.metric not in ("f1", "precision", "recall", "specificity"):
            raise ValueError(
                f"metric must be f1, precision, recall or specificity; got {self.metric!r}"
            )
        annotation = self._lookup(X) if annotation is None else np.asarray(annotation)
        rows = _select_rows(estimator, X, y, self.correct_only, self.n_per_class, self.random_state)
        values, example, label = _true_class_attributions(
            estimator, X, y, self.method, rows=rows, **(self.attribution_params or {})
        )
        ann = annotation[example]
        if values.shape[1] != ann.shape[1]:
            raise ValueError(
                f"the annotation has {ann.shape[1]} positions but the network's input has "
                f"{values.shape[1]}"
            )
        return rule_recovery_scores(values, ann, label, kind=self.kind, threshold=self.threshold)

    def __call__(self, estimator, X, y, annotation=None):
        table = self.scores(estimator, X, y, annotation)
        return float(table[self.metric].mean())


def make_rule_recovery_scorer(method="saliency", metric="f1", **kwargs):
    """A :class:`RuleRecoveryScorer` (the sklearn-style factory name).

    Examples
    --------
    >>> from skseq.metrics import make_rule_recovery_scorer
    >>> make_rule_recovery_scorer("ism", metric="precision").metric
    'precision'
    """
    return RuleRecoveryScorer(method=method, metric=metric, **kwargs)
