"""BayesOptimalClassifier: exact on one element, the ceiling on seqgra's grammars."""

import pickle
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.metrics import roc_auc_score

from skseq.datasets._grammar import (
    AlphabetDistribution,
    Background,
    Condition,
    Example,
    Grammar,
    KmerElement,
    MatrixElement,
    Rule,
)
from skseq.datasets._grammar_simulate import make_grammar_sequences
from skseq.datasets._grammar_xml import load_grammar
from skseq.models._bayes import BayesOptimalClassifier

GRAMMARS = Path(__file__).parents[1] / "data" / "grammars"
SPACING = load_grammar(GRAMMARS / "mc2-dna1000-homer-interaction-spacing-200k-s1.xml")
SETS = ("training", "validation", "test")
BG = AlphabetDistribution(dict(A=0.3, C=0.2, G=0.2, T=0.3))


def one_motif_grammar(length=200, n=500):
    """Class c1 carries a HOMER motif (FOXA1:AR, from seqgra's spacing grammar); c2 does not."""
    return Grammar(
        background=Background(length, length, [BG]),
        conditions=[
            Condition("c1", [Rule(["se1"])]),
            Condition("c2", [Rule(["se2"], probability=1e-9)]),
        ],
        elements={"se1": SPACING.elements["se1"], "se2": KmerElement({"A": 1.0})},
        sets={s: [Example(["c1"], n), Example(["c2"], n)] for s in SETS},
    )


def test_one_motif_grammar_roc_auc_at_least_099():
    data = make_grammar_sequences(one_motif_grammar(), random_state=0)
    train, test = data.set == "training", data.set == "test"
    clf = BayesOptimalClassifier(data.grammar).fit(data.sequences[train], data.target[train])
    proba = clf.predict_proba(data.sequences[test])
    assert roc_auc_score(data.target[test] == 0, proba[:, 0]) >= 0.99


def test_exact_likelihood_for_one_element():
    pwm = np.array([[0.7, 0.1, 0.1, 0.1], [0.1, 0.1, 0.1, 0.7], [0.25, 0.25, 0.4, 0.1]])
    g = Grammar(
        background=Background(6, 6, [BG]),
        conditions=[
            Condition("c1", [Rule(["m"], probability=0.8)]),
            Condition("c2", [Rule(["k"], position=2)]),
        ],
        elements={"m": MatrixElement("ACGT", pwm), "k": KmerElement({"GG": 0.6, "GC": 0.4})},
        sets={s: [Example(["c1"], 1), Example(["c2"], 3)] for s in SETS},
    )
    X = np.array(["ATGAGC", "CGGTTA", "AAAAAA", "TGCCAT"])
    clf = BayesOptimalClassifier(g).fit(X, [0, 1, 1, 1])
    bg = dict(A=0.3, C=0.2, G=0.2, T=0.3)
    idx = dict(zip("ACGT", range(4)))

    def likelihood(x, c):
        background = np.prod([bg[ch] for ch in x])
        if c == 0:  # random start, probability 0.8
            planted = np.mean(
                [
                    np.prod([bg[ch] for i, ch in enumerate(x) if not s <= i < s + 3])
                    * np.prod([pwm[j, idx[x[s + j]]] for j in range(3)])
                    for s in range(4)
                ]
            )
            return 0.2 * background + 0.8 * planted
        kmer = {"GG": 0.6, "GC": 0.4}.get(x[1:3], 0.0)
        return np.prod([bg[ch] for i, ch in enumerate(x) if i not in (1, 2)]) * kmer

    with np.errstate(divide="ignore"):
        expected = np.log([[likelihood(x, c) for c in (0, 1)] for x in X]) + np.log([0.25, 0.75])
    np.testing.assert_allclose(clf.decision_function(X), expected, rtol=1e-10)


def test_spacing_grammar_uses_the_distance():
    data = make_grammar_sequences(SPACING, n_samples=300, random_state=1)
    clf = BayesOptimalClassifier(SPACING).fit(data.sequences, data.target)
    assert roc_auc_score(data.target, clf.predict_proba(data.sequences)[:, 1]) >= 0.97
    np.testing.assert_array_equal(clf.classes_, [0, 1])
    # condition ids work as labels too
    named = BayesOptimalClassifier(SPACING).fit(data.sequences, data.target_names[data.target])
    assert set(named.predict(data.sequences[:20])) <= {"c1", "c2"}


def test_multilabel_grammar():
    g = load_grammar(GRAMMARS / "ml4-dna150-kmers-condition-dependent-dist-s1.xml")
    data = make_grammar_sequences(g, n_samples=800, random_state=0)
    clf = BayesOptimalClassifier(g).fit(data.sequences, data.target)
    proba = clf.predict_proba(data.sequences)
    assert proba.shape == (800, 4)
    assert roc_auc_score(data.target, proba, average="macro") >= 0.9
    assert clf.predict(data.sequences).shape == (800, 4)


def test_fit_checks_and_sklearn_contract():
    g = one_motif_grammar(length=40, n=5)
    data = make_grammar_sequences(g, random_state=0)
    clf = BayesOptimalClassifier(g)
    with pytest.raises(ValueError, match="sequence 1 has 'N' at position 3"):
        clf.fit(np.array(["ACGT", "ACNT"]), [0, 1])
    with pytest.raises(ValueError, match="label 'c9' is neither a condition id"):
        clf.fit(data.sequences[:2], ["c1", "c9"])
    with pytest.raises(ValueError, match="y must be 1-D"):
        clf.fit(data.sequences, data.target[:, None].repeat(2, axis=1))
    fitted = clf.fit(data.sequences, data.target)
    again = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_allclose(
        again.predict_proba(data.sequences), fitted.predict_proba(data.sequences)
    )
    assert clone(clf).get_params()["grammar"] == g


def test_grid_search_in_parallel():
    from sklearn.model_selection import GridSearchCV

    g = one_motif_grammar(length=60, n=30)
    data = make_grammar_sequences(g, random_state=0)
    search = GridSearchCV(
        BayesOptimalClassifier(g), {"set_name": ["training", "test"]}, cv=2, n_jobs=2
    ).fit(data.sequences, data.target)
    assert search.best_score_ > 0.9
