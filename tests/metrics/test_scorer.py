"""Attributions for the true class; the rule-recovery scorer in sklearn's model selection."""

import numpy as np
import pytest
import sklearn
from sklearn.model_selection import cross_validate, learning_curve
from sklearn.pipeline import make_pipeline

from skseq.attribution import in_silico_mutagenesis, saliency
from skseq.datasets._grammar import (
    AlphabetDistribution,
    Background,
    Condition,
    Example,
    Grammar,
    KmerElement,
    Rule,
)
from skseq.datasets._grammar_simulate import make_grammar_sequences
from skseq.metrics import RuleRecoveryScorer, attribute_true_class, make_rule_recovery_scorer
from skseq.models import SequenceCNNClassifier
from skseq.preprocessing import SequenceOneHotTransformer

SETS = ("training", "validation", "test")
TINY = dict(n_filters=4, kernel_size=5, dense_units=8, epochs=3, batch_size=32, random_state=0)


def one_motif_grammar(length=30, n=60):
    return Grammar(
        background=Background(length, length, [AlphabetDistribution(dict.fromkeys("ACGT", 1.0))]),
        conditions=[Condition("c1", [Rule(["se1"])]), Condition("c2", [Rule(["se2"])])],
        elements={"se1": KmerElement({"GATTACA": 1.0}), "se2": KmerElement({"CCGCGG": 1.0})},
        sets={s: [Example(["c1"], n), Example(["c2"], n)] for s in SETS},
    )


@pytest.fixture(scope="module")
def data():
    return make_grammar_sequences(one_motif_grammar(), random_state=0)


@pytest.fixture(scope="module")
def fitted(data):
    pipe = make_pipeline(SequenceOneHotTransformer(), SequenceCNNClassifier(**TINY))
    return pipe.fit(data.sequences, data.target)


def test_true_class_attributions(fitted, data):
    X, y = data.sequences[:40], data.target[:40]
    model = fitted[-1].model_
    encoded = fitted[0].transform(X).astype("float32")
    values = attribute_true_class(fitted, X, y)
    assert values.shape == (40, 30, 4)
    up = saliency(model, encoded, target=0)  # the sigmoid output is the probability of class 1
    np.testing.assert_allclose(values[y == 1], up[y == 1], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(values[y == 0], -up[y == 0], rtol=1e-5, atol=1e-6)
    ism = attribute_true_class(fitted, X[y == 1], y[y == 1], method="ism")
    np.testing.assert_allclose(
        ism, -in_silico_mutagenesis(model, encoded[y == 1], target=0), atol=1e-6
    )
    with pytest.raises(ValueError, match="method must be one of"):
        attribute_true_class(fitted, X, y, method="deeplift")


def test_scorer_annotation_by_argument_or_by_lookup(fitted, data):
    X, y, ann = data.sequences[:50], data.target[:50], data.annotation[:50]
    routed = RuleRecoveryScorer()
    looked_up = RuleRecoveryScorer(data=data)
    value = routed(fitted, X, y, annotation=ann)
    assert 0 <= value <= 1
    assert looked_up(fitted, X, y) == value
    with pytest.raises(ValueError, match="needs the annotation"):
        routed(fitted, X, y)
    table = make_rule_recovery_scorer(n_per_class=5, correct_only=True).scores(fitted, X, y, ann)
    assert (table["n"] <= 5).all()


def test_scorer_in_cross_validate_and_learning_curve(data):
    pipe = make_pipeline(SequenceOneHotTransformer(), SequenceCNNClassifier(**TINY))
    X, y, ann = data.sequences, data.target, data.annotation
    scoring = {"rules": RuleRecoveryScorer(metric="precision"), "roc": "roc_auc"}
    with sklearn.config_context(enable_metadata_routing=True):
        cv = cross_validate(pipe, X, y, cv=2, scoring=scoring, params={"annotation": ann})
        sizes, _, test = learning_curve(
            pipe,
            X,
            y,
            cv=2,
            train_sizes=[0.5, 1.0],
            scoring=RuleRecoveryScorer(),
            params={"annotation": ann},
        )
    assert np.all((cv["test_rules"] >= 0) & (cv["test_rules"] <= 1))
    assert test.shape == (2, 2) and np.all(np.isfinite(test))
    # without routing, the scorer finds each fold's annotation by sequence
    plain = cross_validate(pipe, X, y, cv=2, scoring=RuleRecoveryScorer(data=data))
    assert np.all(np.isfinite(plain["test_score"]))


def test_multilabel_scores_every_label_an_example_carries():
    from pathlib import Path

    from skseq.datasets._grammar_xml import load_grammar

    path = Path(__file__).parents[1] / "data" / "grammars"
    g = load_grammar(path / "ml4-dna150-kmers-condition-dependent-dist-s1.xml")
    data = make_grammar_sequences(g, n_samples=300, random_state=0)
    pipe = make_pipeline(SequenceOneHotTransformer(), SequenceCNNClassifier(**TINY))
    pipe.fit(data.sequences, data.target)
    table = RuleRecoveryScorer(n_per_class=10).scores(
        pipe, data.sequences, data.target, data.annotation
    )
    assert list(table.index) == [0, 1, 2, 3]
    assert (table["n"] > 0).all() and table[["precision", "recall"]].notna().all().all()
    with pytest.raises(ValueError, match="takes 1-D labels"):
        attribute_true_class(pipe, data.sequences, data.target)
