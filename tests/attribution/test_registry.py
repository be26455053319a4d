"""One registry: a method registered in METHODS is taken by every consumer, with its flags."""

import matplotlib
import numpy as np
import pytest
from sklearn.utils import Bunch

from skseq.attribution import (
    METHODS,
    AttributionMethod,
    get_method,
    method_names,
    position_importance,
    reduce_to_positions,
    saliency,
)
from skseq.inspection import MotifInspector
from skseq.metrics import attribute_true_class
from skseq.model_selection import compare_architectures
from skseq.plotting import AttributionLogoDisplay

matplotlib.use("Agg")


def _doubled(calls):
    """A verb: twice the saliency, taking ``n_steps`` (not ``verbose``); records its keywords."""

    def doubled(estimator_or_model, X, *, target=None, batch_size=128, n_steps=1):
        calls.append({"batch_size": batch_size, "n_steps": n_steps})
        return 2 * saliency(estimator_or_model, X, target=target, batch_size=batch_size)

    return doubled


@pytest.fixture
def registered(monkeypatch):
    """Register a method with one line, as a new module would; return its recorded calls."""
    calls = []
    entry = AttributionMethod("doubled", _doubled(calls), sign=-1, channel_reduction="mean")
    monkeypatch.setitem(METHODS, entry.name, entry)
    return calls


def test_the_registry_holds_every_verb_once():
    assert method_names() == tuple(METHODS)
    assert set(method_names(contributions_only=True)) < set(METHODS)
    for name, entry in METHODS.items():
        assert entry.name == name and callable(entry.function)
        assert get_method(name) is entry
    with pytest.raises(ValueError, match="method must be one of"):
        get_method("deeplift")
    with pytest.raises(ValueError, match="sign must be 1 or -1"):
        AttributionMethod("bad", saliency, sign=2)
    with pytest.raises(ValueError, match="channel_reduction must be"):
        AttributionMethod("bad", saliency, channel_reduction="max")


def test_position_importance_follows_the_entry(registered, linear_model, random_one_hot):
    model, _ = linear_model()
    X = random_one_hot(3)
    expected = -(2 * saliency(model, X, target=1)).mean(-1)  # sign -1, mean over channels
    got = position_importance(model, X, target=1, method="doubled", channels=[0, 1, 2, 3])
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-7)
    values = 2 * saliency(model, X, target=1)
    np.testing.assert_allclose(reduce_to_positions(values, method="doubled"), expected, rtol=1e-6)
    assert len(registered) == 1  # channels were not passed as channel_groups: not taken


def test_scorer_inspector_logo_and_comparison_take_it(registered, fitted_pipeline):
    pipe, seqs, y = fitted_pipeline
    # the rule-recovery scorer's attributions: a sign of -1 is negated, so larger = important
    np.testing.assert_allclose(
        attribute_true_class(pipe, seqs[:4], y[:4], method="doubled"),
        -2 * attribute_true_class(pipe, seqs[:4], y[:4]),
        rtol=1e-5,
        atol=1e-7,
    )
    insp = MotifInspector(pipe, batch_size=7, verbose=0).fit(seqs, y)
    registered.clear()
    got = insp.attributions(seqs[:2], method="doubled", n_steps=3)
    np.testing.assert_allclose(got, 2 * insp.attributions(seqs[:2]), rtol=1e-5, atol=1e-7)
    assert registered == [{"batch_size": 7, "n_steps": 3}]  # what it takes, and only that
    disp = AttributionLogoDisplay.from_inspector(insp, seqs[0], method="doubled")
    assert disp.title == "doubled attribution" and disp.importance.shape == (20,)
    disp = AttributionLogoDisplay.from_estimator(pipe, seqs[0], method="doubled")
    np.testing.assert_allclose(disp.attributions, got[0], rtol=1e-5, atol=1e-7)
    matplotlib.pyplot.close("all")
    # compare_architectures checks the names before it fits anything: the registered one
    # passes (the next check, on the data's sets, fails), an unregistered one does not
    data = Bunch(
        sequences=seqs, target=y, target_names=["neg", "pos"], annotation=None, set=["x"] * 40
    )
    with pytest.raises(ValueError, match="data has no 'training'"):
        compare_architectures({"cnn": pipe}, data, [10], attribution_methods=["doubled"])
    with pytest.raises(ValueError, match="method must be one of"):
        compare_architectures({"cnn": pipe}, data, [10], attribution_methods=["deeplift"])


def test_a_sensitivity_is_taken_only_by_position_importance(monkeypatch, fitted_pipeline):
    pipe, seqs, y = fitted_pipeline
    entry = AttributionMethod("sensitivity", _doubled([]), contribution=False)
    monkeypatch.setitem(METHODS, entry.name, entry)
    assert "sensitivity" in method_names()
    assert "sensitivity" not in method_names(contributions_only=True)
    assert position_importance(pipe, seqs[:2], method="sensitivity").shape == (2, 20)
    insp = MotifInspector(pipe, verbose=0).fit(seqs, y)
    data = Bunch(
        sequences=seqs, target=y, target_names=["neg", "pos"], annotation=None, set=["x"] * 40
    )
    for consume in (
        lambda: attribute_true_class(pipe, seqs[:2], y[:2], method="sensitivity"),
        lambda: insp.attributions(seqs[:2], method="sensitivity"),
        lambda: AttributionLogoDisplay.from_estimator(pipe, seqs[0], method="sensitivity"),
        lambda: compare_architectures(
            {"cnn": pipe}, data, [10], attribution_methods=["sensitivity"]
        ),
    ):
        with pytest.raises(ValueError, match="method must be one of"):
            consume()
