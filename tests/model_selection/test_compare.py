"""compare_architectures: the tidy table, its summary and the learning-curve plot."""

import matplotlib
import numpy as np
import pytest
from sklearn.pipeline import make_pipeline

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
from skseq.model_selection import compare_architectures
from skseq.model_selection._compare import _subsample
from skseq.models import SequenceCNNClassifier
from skseq.preprocessing import SequenceOneHotTransformer

matplotlib.use("Agg")
SETS = ("training", "validation", "test")
TINY = dict(n_filters=4, kernel_size=5, dense_units=8, epochs=2, batch_size=32, random_state=0)


@pytest.fixture(scope="module")
def data():
    g = Grammar(
        background=Background(30, 30, [AlphabetDistribution(dict.fromkeys("ACGT", 1.0))]),
        conditions=[Condition("c1", [Rule(["se1"])]), Condition("c2", [Rule(["se2"])])],
        elements={"se1": KmerElement({"GATTACA": 1.0}), "se2": KmerElement({"CCGCGG": 1.0})},
        sets={s: [Example(["c1"], 50), Example(["c2"], 50)] for s in SETS},
    )
    return make_grammar_sequences(g, random_state=0)


@pytest.fixture(scope="module")
def result(data):
    pipelines = {
        "pysster": make_pipeline(SequenceOneHotTransformer(), SequenceCNNClassifier(**TINY)),
        "deepbind": make_pipeline(
            SequenceOneHotTransformer(), SequenceCNNClassifier(architecture="deepbind", **TINY)
        ),
    }
    return compare_architectures(
        pipelines,
        data,
        [40, 80],
        n_seeds=2,
        attribution_methods=("saliency", "ism"),
        n_per_class=4,
    )


def test_tidy_frame(result):
    f = result.frame
    assert set(f.architecture) == {"pysster", "deepbind", "bayes_optimal"}
    assert set(f.train_size) == {40, 80} and set(f.data_seed) == {0, 1}
    assert set(f.attribution) == {"", "saliency", "ism"}
    assert set(f[f.architecture == "bayes_optimal"].attribution) == {""}
    pred = f[f.attribution == ""]
    assert set(pred.score) == {"roc_auc", "average_precision"}
    # 3 architectures x 2 sizes x 2 seeds x 2 classes x 2 scores
    assert len(pred) == 48
    rules = f[f.attribution != ""]
    assert set(rules.kind) == {"smooth", "thresholded"}
    assert len(rules) == 2 * 2 * 2 * 2 * 2 * 2 * 4  # arch, size, seed, class, method, kind, score
    finite = rules.value.dropna()
    assert ((finite >= 0) & (finite <= 1)).all()
    bayes = result.summary("roc_auc").loc["bayes_optimal"]
    assert (bayes["mean"] > 0.99).all()


def test_summary_and_plot(result):
    table = result.summary("f1", attribution="saliency")
    assert list(table.columns) == ["mean", "std", "n"]
    assert (table["n"] == 2).all()
    display = result.plot()
    assert len(display.ax_) == 3  # prediction, then one panel per attribution method
    assert ("roc_auc", "bayes_optimal") in display.lines_
    with pytest.raises(ValueError, match="no values for score"):
        result.summary("f1", attribution="deeplift")


def test_stratified_subsample_and_errors(data):
    y = np.array([0] * 80 + [1] * 20)
    rows = _subsample(y, 50, seed=0)
    assert len(rows) == 50 and np.bincount(y[rows]).tolist() == [40, 10]
    assert not np.array_equal(rows, _subsample(y, 50, seed=1))
    with pytest.raises(ValueError, match="exceeds the"):
        compare_architectures({"a": SequenceCNNClassifier()}, data, [1000], n_seeds=1)
    with pytest.raises(ValueError, match="non-empty dict"):
        compare_architectures([], data, [10])
