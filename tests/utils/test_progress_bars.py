"""Every long job shows a bar (forced on with SKSEQ_PROGRESS=1), none with verbose=0, and
the bar changes no result."""

import re

import numpy as np
import pytest
from joblib import parallel_config
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from skseq.utils import progress_bar
from skseq.utils._progress import silenced


@pytest.fixture
def bars_on(monkeypatch):
    monkeypatch.setenv("SKSEQ_PROGRESS", "1")


def bar_shown(err, desc, total):
    """A tqdm line of ``desc`` counting up to ``total`` is in ``err``."""
    return re.search(rf"{re.escape(desc)}\S*\s.*\|\s*\d+/{total}\b", err) is not None


def random_dna(n, length, seed=0, alphabet="ACGT"):
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(list(alphabet), length)) for _ in range(n)]


def tiny_conv_model(n_kernels=3):
    import keras

    inp = keras.Input((12, 4))
    conv = keras.layers.Conv1D(n_kernels, 3, activation="relu")(inp)
    out = keras.layers.Dense(1)(keras.layers.GlobalMaxPooling1D()(conv))
    return keras.Model(inp, out)


def one_hot(n, length=12, seed=0):
    rng = np.random.default_rng(seed)
    return np.eye(4, dtype="float32")[rng.integers(0, 4, (n, length))]


def test_progress_bar_by_hand(bars_on, capsys):
    with progress_bar(total=7, desc="stages", unit="stage") as bar:
        bar.update(3)
        bar.set_description_str("stages: last")
        bar.update(4)
    assert bar_shown(capsys.readouterr().err, "stages", 7)
    with progress_bar(total=7, desc="stages", verbose=0) as bar:
        bar.update(7)
    with silenced():
        progress_bar(total=7, desc="stages").update(7)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_folding(bars_on, capsys, monkeypatch, n_jobs):
    from skseq.preprocessing import StructureTransformer, _fold_jobs
    from skseq.preprocessing._fold_cache import clear_memory_cache

    # parallel folding of a few short sequences, which normally stays in this process
    monkeypatch.setattr(_fold_jobs, "MIN_PARALLEL_NUCLEOTIDES", 0)
    seqs = random_dna(6, 25, seed=11 + n_jobs, alphabet="ACGU")
    clear_memory_cache()
    shown = StructureTransformer(n_jobs=n_jobs).fit_transform(seqs)
    assert bar_shown(capsys.readouterr().err, "folding", 6)
    clear_memory_cache()
    quiet = StructureTransformer(n_jobs=n_jobs, verbose=0).fit_transform(seqs)
    assert capsys.readouterr().err == ""
    np.testing.assert_array_equal(shown, quiet)


def test_inspection_fit_and_report(bars_on, capsys, tmp_path):
    from skseq.inspection import MotifInspector

    model, X = tiny_conv_model(3), one_hot(20)
    insp = MotifInspector(model, threshold=0.0).fit(X)
    assert bar_shown(capsys.readouterr().err, "occlusion", 3)
    insp.report(tmp_path / "shown", top=2)
    assert bar_shown(capsys.readouterr().err, "motif report", 2)
    quiet = MotifInspector(model, threshold=0.0, verbose=0).fit(X)
    quiet.report(tmp_path / "quiet", top=1)
    assert capsys.readouterr().err == ""
    np.testing.assert_array_equal(insp.importance_, quiet.importance_)


def test_attributions(bars_on, capsys):
    from skseq.attribution import in_silico_mutagenesis, integrated_gradients

    model, X = tiny_conv_model(), one_hot(5)
    ig = integrated_gradients(model, X, n_steps=4, batch_size=8)  # 2 sequences per call
    assert bar_shown(capsys.readouterr().err, "integrated_gradients", 3)
    ism = in_silico_mutagenesis(model, X, batch_size=16)
    assert bar_shown(capsys.readouterr().err, "in_silico_mutagenesis", 5 * 12 * 4)
    ig_quiet = integrated_gradients(model, X, n_steps=4, batch_size=8, verbose=0)
    ism_quiet = in_silico_mutagenesis(model, X, batch_size=16, verbose=0)
    assert capsys.readouterr().err == ""
    np.testing.assert_array_equal(ig, ig_quiet)
    np.testing.assert_array_equal(ism, ism_quiet)


def test_search(bars_on, capsys):
    import optuna

    from skseq.tuning import SequenceSearchCV

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 3)), np.arange(40) % 2
    space = {"C": optuna.distributions.FloatDistribution(0.1, 10, log=True)}
    common = dict(search_space=space, cv=2, n_trials=3, random_state=0, refit=False)
    shown = SequenceSearchCV(LogisticRegression(), **common).fit(X, y)
    assert re.search(r"\|\s*\d+/3\b", capsys.readouterr().err)
    quiet = SequenceSearchCV(LogisticRegression(), show_progress_bar=False, **common).fit(X, y)
    assert not re.search(r"\|\s*\d+/3\b", capsys.readouterr().err)
    assert shown.best_params_ == quiet.best_params_


def test_scanning(bars_on, capsys):
    from skseq import SequenceOneHotTransformer
    from skseq.scanning import scan

    X = random_dna(60, 8)
    y = [s.count("G") > 2 for s in X]
    model = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression()).fit(X, y)
    sequence = "".join(random_dna(1, 100, seed=3))
    # 24 windows per strand; both strands are batched together: 48 windows, 5 batches of 10
    shown = scan(model, sequence, window=8, stride=4, batch_size=10)
    assert bar_shown(capsys.readouterr().err, "scanning", 5)
    quiet = scan(model, sequence, window=8, stride=4, batch_size=10, verbose=0)
    assert capsys.readouterr().err == ""
    assert shown.equals(quiet)


def test_architecture_comparison(bars_on, capsys):
    from skseq import SequenceOneHotTransformer
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

    grammar = Grammar(
        background=Background(20, 20, [AlphabetDistribution(dict.fromkeys("ACGT", 1.0))]),
        conditions=[Condition("c1", [Rule(["se1"])]), Condition("c2", [Rule(["se2"])])],
        elements={"se1": KmerElement({"GATTACA": 1.0}), "se2": KmerElement({"CCGCGG": 1.0})},
        sets={
            s: [Example(["c1"], 20), Example(["c2"], 20)]
            for s in ("training", "validation", "test")
        },
    )
    data = make_grammar_sequences(grammar, random_state=0)
    pipelines = {"lr": make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression())}
    args = (pipelines, data, [10, 20])
    common = dict(n_seeds=2, attribution_methods=(), include_bayes=False)
    with parallel_config(backend="threading"):  # the bar counts jobs as they finish
        shown = compare_architectures(*args, n_jobs=2, **common)  # 2 sizes x 2 seeds
    assert bar_shown(capsys.readouterr().err, "compare_architectures", 4)
    quiet = compare_architectures(*args, verbose=0, **common)
    assert capsys.readouterr().err == ""
    assert shown.frame.equals(quiet.frame)
