"""The grammar's own likelihood classifier: the ceiling every architecture is compared with.

For each condition the likelihood ratio of a sequence against its background is computed
from the generative model of the grammar: the element's odds ``P_element(window) /
P_background(window)``, averaged over the positions (and, for spacing pairs, the distances
and orders) the rule allows; a rule that fires with probability ``p`` contributes
``(1 - p) + p * LR``. Rules multiply (sequential mode) or mix (mutually exclusive mode), and
the class posterior adds the background likelihood and the class prior.

It is exact for one element per rule, and very close otherwise: it ignores that planted
elements never overlap, and treats the rules of a condition as independent.
"""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

__all__ = ["BayesOptimalClassifier"]


def _logsumexp(a, axis):
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        return np.squeeze(m, axis) + np.log(np.exp(a - m).sum(axis=axis))


class BayesOptimalClassifier(ClassifierMixin, BaseEstimator):
    """Classify sequences by the likelihood of each condition of a grammar.

    Parameters
    ----------
    grammar : Grammar or str or path-like
        The grammar the data were simulated from (or its seqgra XML file).
    set_name : {"training", "validation", "test"}, default="test"
        Which set's background distributions to use, when they differ per set.

    Attributes
    ----------
    classes_ : ndarray
        The labels seen in ``fit`` (indices or ids of the grammar's conditions).
    class_prior_ : ndarray
        Class frequencies in ``fit`` (label frequencies for multi-label data).
    grammar_ : Grammar

    Examples
    --------
    >>> from skseq.datasets import load_grammar, make_grammar_sequences
    >>> from skseq.models import BayesOptimalClassifier
    >>> from sklearn.metrics import roc_auc_score
    >>> g = load_grammar("tests/data/grammars/mc2-protein100-psp-200k-s1.xml")
    >>> data = make_grammar_sequences(g, n_samples=400, random_state=0)
    >>> clf = BayesOptimalClassifier(g).fit(data.sequences, data.target)
    >>> bool(roc_auc_score(data.target, clf.predict_proba(data.sequences)[:, 1]) > 0.95)
    True
    """

    def __init__(self, grammar, set_name="test"):
        self.grammar = grammar
        self.set_name = set_name

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.target_tags.multi_output = True
        return tags

    def fit(self, X, y):
        """Check the grammar and the data; learn the class priors from ``y``."""
        from ..datasets._grammar_xml import as_grammar

        g = as_grammar(self.grammar)
        for sid, element in g.elements.items():
            if element.kind == "kmer" and len({len(k) for k in element.kmers}) > 1:
                raise ValueError(
                    f"BayesOptimalClassifier: element {sid!r} has k-mers of different lengths"
                )
        self.grammar_ = g
        codes, lengths = self._codes(X)
        y = np.asarray(y)
        ids = g.condition_ids
        if g.multilabel:
            if y.ndim != 2 or y.shape[1] != len(ids):
                raise ValueError(
                    f"y must be an indicator matrix with one column per condition {ids}; "
                    f"got shape {y.shape}"
                )
            self.classes_ = np.arange(len(ids))
            self.class_prior_ = np.clip(y.mean(axis=0), 1e-6, 1 - 1e-6)
        else:
            if y.ndim != 1 or len(y) != len(codes):
                raise ValueError(f"y must be 1-D with one label per sequence; got {y.shape}")
            self.classes_, counts = np.unique(y, return_counts=True)
            self._columns = [self._condition_index(c) for c in self.classes_]
            self.class_prior_ = counts / counts.sum()
        return self

    def _condition_index(self, label):
        ids = self.grammar_.condition_ids
        if isinstance(label, str) and label in ids:
            return ids.index(label)
        if isinstance(label, (int, np.integer)) and 0 <= label < len(ids):
            return int(label)
        label = label.item() if isinstance(label, np.generic) else label
        raise ValueError(f"label {label!r} is neither a condition id {ids} nor a condition index")

    def _codes(self, X):
        X = np.asarray(X)
        if X.ndim != 1:
            raise ValueError(f"X must be a 1-D array of sequences; got shape {X.shape}")
        X = X.astype(str)
        symbols = self.grammar_.symbols
        points = X[:, None].view(np.uint32).reshape(len(X), -1)
        lengths = (points != 0).sum(axis=1)
        lut = np.full(max(128, points.max(initial=0) + 1), 255, dtype=np.uint8)
        for i, c in enumerate(symbols):
            lut[ord(c)] = lut[ord(c.lower())] = i
        lut[0] = len(symbols)  # padding
        codes = lut[points]
        bad = codes == 255
        if bad.any():
            i, j = np.argwhere(bad)[0]
            raise ValueError(
                f"sequence {i} has {X[i][j]!r} at position {j + 1}, which is not one of the "
                f"{self.grammar_.sequence_space} letters {symbols}"
            )
        return codes, lengths

    def _log_background(self, cid):
        from ..datasets._grammar_simulate import _background_index

        g = self.grammar_
        dists = g.background.distributions
        idx = _background_index(g, self.set_name, cid)
        dist = dists[0 if idx is None else idx]
        p = np.zeros(len(g.symbols) + 1)
        for letter, prob in dist.letters.items():
            p[g.symbols.index(letter)] = prob
        p /= p.sum()
        with np.errstate(divide="ignore"):
            out = np.log(p)
        out[-1] = 0.0  # padding contributes nothing
        return out

    def _window_log_odds(self, element, codes, log_bg):
        """(n, width) log odds of the element's window starting at each position."""

        n, width = codes.shape
        symbols = self.grammar_.symbols
        if element.kind == "kmer":
            kmers = [[symbols.index(c) for c in k] for k in element.kmers]
            probs = np.array(list(element.kmers.values()), dtype=float)
            probs /= probs.sum()
            w = len(kmers[0])
        else:
            with np.errstate(divide="ignore"):
                m = np.log(element.probabilities / element.probabilities.sum(1, keepdims=True))
            table = np.full((len(m), len(symbols) + 1), -np.inf)
            for j, c in enumerate(element.letters):
                table[:, symbols.index(c)] = m[:, j]
            w = len(m)
        padded = np.concatenate([codes, np.full((n, w), len(symbols), codes.dtype)], axis=1)
        bg = np.zeros((n, width))
        for j in range(w):
            bg += log_bg[padded[:, j : j + width]]
        if element.kind == "kmer":
            match = np.zeros((n, width))
            for kmer, p in zip(kmers, probs):
                hit = np.ones((n, width), dtype=bool)
                for j, c in enumerate(kmer):
                    hit &= padded[:, j : j + width] == c
                match += p * hit
            with np.errstate(divide="ignore"):
                fg = np.log(match)
        else:
            fg = np.zeros((n, width))
            for j in range(w):
                fg += table[j][padded[:, j : j + width]]
        with np.errstate(invalid="ignore"):
            out = fg - bg
        return np.where(np.isnan(out), -np.inf, out), w

    def _rule_log_lr(self, rule, codes, lengths, log_bg):
        g = self.grammar_
        n, width = codes.shape
        odds = {}
        for sid in rule.elements:
            key = (sid, log_bg.tobytes())
            if key not in self._odds_cache:
                self._odds_cache[key] = self._window_log_odds(g.elements[sid], codes, log_bg)
            odds[sid] = self._odds_cache[key]
        fixed = {"start": np.zeros(n, dtype=int)}
        total = np.zeros(n)
        paired = set()
        for s in rule.spacing:
            paired.update((s.element1, s.element2))
            orders = [(s.element1, s.element2)]
            if s.order == "random":
                orders.append((s.element2, s.element1))
            parts = [self._pair_log_lr(rule, *odds[a], *odds[b], s, lengths) for a, b in orders]
            total += _logsumexp(np.stack(parts), axis=0) - np.log(len(parts))
        for sid in rule.elements:
            if sid in paired:
                continue
            lo, w = odds[sid]
            starts = self._starts(rule.position, lengths, w, fixed)
            if starts is None:
                valid = np.arange(width)[None, :] <= (lengths - w)[:, None]
                total += _logsumexp(np.where(valid, lo, -np.inf), axis=1) - np.log(lengths - w + 1)
            else:
                total += lo[np.arange(n), starts]
        return total

    @staticmethod
    def _starts(position, lengths, block, fixed):
        if position == "random":
            return None
        if position == "start":
            return np.zeros(len(lengths), dtype=int)
        if position == "end":
            return lengths - block
        if position == "center":
            return (lengths / 2 - block / 2).astype(int)
        return np.full(len(lengths), int(position) - 1)

    def _pair_log_lr(self, rule, lo1, w1, lo2, w2, s, lengths):
        n, width = lo1.shape
        offset = rule.position - 1 if isinstance(rule.position, (int, np.integer)) else 0
        d_max = np.minimum(s.max_distance, lengths - offset - w1 - w2)
        n_d = d_max - s.min_distance + 1
        rows = np.arange(n)
        if rule.position != "random":
            terms = []
            for d in range(s.min_distance, int(d_max.max()) + 1):
                start = self._starts(rule.position, lengths, w1 + d + w2, None)
                second = np.minimum(start + w1 + d, width - 1)
                t = lo1[rows, start] + lo2[rows, second] - np.log(n_d)
                terms.append(np.where(d <= d_max, t, -np.inf))
            return _logsumexp(np.stack(terms, axis=1), axis=1)
        # sum over starts s of odds1(s) odds2(s + w1 + d), for every d at once (FFT)
        m1, m2 = lo1.max(axis=1, keepdims=True), lo2.max(axis=1, keepdims=True)
        m1, m2 = np.where(np.isfinite(m1), m1, 0), np.where(np.isfinite(m2), m2, 0)
        a, b = np.exp(lo1 - m1), np.exp(lo2 - m2)
        size = 2 * width
        corr = np.fft.irfft(np.conj(np.fft.rfft(a, size)) * np.fft.rfft(b, size), size)[:, :width]
        corr = np.clip(corr, 1e-300, None)
        d = np.arange(width)[None, :] - w1
        valid = (d >= s.min_distance) & (d <= d_max[:, None])
        placements = np.maximum(lengths[:, None] - w1 - w2 - d + 1, 1)
        log_terms = np.log(corr) - np.log(placements) - np.log(n_d)[:, None]
        return _logsumexp(np.where(valid, log_terms, -np.inf), axis=1) + m1[:, 0] + m2[:, 0]

    def _condition_log_lr(self, condition, codes, lengths, log_bg):
        lrs = [self._rule_log_lr(r, codes, lengths, log_bg) for r in condition.rules]
        p = np.array([r.probability for r in condition.rules])
        if condition.mode == "mutually exclusive":
            stack = (
                np.stack(lrs + [np.zeros(len(codes))])
                + np.log(np.append(p, max(1 - p.sum(), 1e-300)))[:, None]
            )
            return _logsumexp(stack, axis=0)
        return sum(
            lr if q >= 1 else np.logaddexp(np.log1p(-q), np.log(q) + lr) for q, lr in zip(p, lrs)
        )

    def decision_function(self, X):
        """Log-likelihood (multi-class) or log-odds (multi-label) of each class."""
        check_is_fitted(self, "classes_")
        codes, lengths = self._codes(X)
        g = self.grammar_
        self._odds_cache = {}  # element odds per background, shared by the conditions
        try:
            return self._decision(codes, lengths, g)
        finally:
            del self._odds_cache

    def _decision(self, codes, lengths, g):
        if g.multilabel:
            out = []
            for k, condition in enumerate(g.conditions):
                log_bg = self._log_background(condition.id)
                prior = self.class_prior_[k]
                lr = self._condition_log_lr(condition, codes, lengths, log_bg)
                out.append(lr + np.log(prior) - np.log1p(-prior))
            return np.stack(out, axis=1)
        out = []
        for j, col in enumerate(self._columns):
            condition = g.conditions[col]
            log_bg = self._log_background(condition.id)
            background = log_bg[codes].sum(axis=1)
            lr = self._condition_log_lr(condition, codes, lengths, log_bg)
            out.append(background + lr + np.log(self.class_prior_[j]))
        return np.stack(out, axis=1)

    def predict_proba(self, X):
        """Posterior probability of each class (of each label, for multi-label grammars)."""
        scores = self.decision_function(X)
        if self.grammar_.multilabel:
            return 1 / (1 + np.exp(-scores))
        scores = scores - scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, X):
        """The most probable class (the labels with probability above 1/2, multi-label)."""
        proba = self.predict_proba(X)
        if self.grammar_.multilabel:
            return (proba > 0.5).astype(int)
        return self.classes_[proba.argmax(axis=1)]
