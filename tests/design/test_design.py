"""Sequence design: from random sequences to the planted motif, under constraints."""

import numpy as np
import pytest

from skseq._complement import reverse_complement
from skseq.design import design
from skseq.plotting import DesignDisplay


@pytest.fixture(scope="module")
def starts(planted_model):
    """Five negatives of the held-out part (the model gives each a low probability)."""
    pipe, X, y = planted_model
    negatives = X[600:][y[600:] == 0][:5]
    assert pipe.predict_proba(negatives)[:, 1].max() < 0.2
    return negatives


def _distance(a, b):
    return sum(x != y for x, y in zip(a, b))


@pytest.mark.parametrize("method", ["evolution", "gradient"])
def test_random_sequences_become_positives_within_the_budget(planted_model, motif, starts, method):
    pipe, _X, _y = planted_model
    result = design(pipe, starts, 1, method=method, edit_budget=8, beam_width=3)
    assert result.scores.min() > 0.9
    np.testing.assert_allclose(result.scores, pipe.predict_proba(result.sequences)[:, 1], rtol=1e-5)
    assert all(_distance(s, t) <= 8 for s, t in zip(result.sequences, starts))
    # the model was taught the motif: most designs spell it out
    assert sum(motif in s for s in result.sequences) >= 3
    trajectory = result.trajectory
    assert trajectory.shape[1] == 5 and np.all(np.diff(trajectory, axis=0) >= 0)
    np.testing.assert_allclose(trajectory[0], result.start_scores)
    for edits, start, designed in zip(result.edits, starts, result.sequences):
        rebuilt = list(start)
        for _round, position, old, new in edits:
            assert rebuilt[position] == old
            rebuilt[position] = new
        assert "".join(rebuilt) == designed


def test_beam_search_scores_more_and_gradient_fewer(planted_model, starts):
    pipe, _X, _y = planted_model
    greedy = design(pipe, starts[:2], n_rounds=3)
    beam = design(pipe, starts[:2], n_rounds=3, beam_width=3)
    guided = design(pipe, starts[:2], n_rounds=3, method="gradient", n_proposals=8)
    assert beam.n_scored > greedy.n_scored > guided.n_scored
    assert np.all(beam.scores >= greedy.scores - 1e-6)
    assert guided.n_scored <= 2 + 3 * 2 * 8


def test_constraints_hold(planted_model, motif, starts):
    pipe, _X, _y = planted_model
    fixed = np.arange(10, 30)
    result = design(
        pipe,
        starts,
        edit_budget=6,
        gc_range=(0.4, 0.6),
        forbidden=[motif],
        fixed_positions=fixed,
        goal=0.99,
    )
    for start, designed in zip(starts, result.sequences):
        assert designed[10:30] == start[10:30]
        assert _distance(start, designed) <= 6
        gc = (designed.count("G") + designed.count("C")) / len(designed)
        gc_start = (start.count("G") + start.count("C")) / len(start)
        assert 0.4 <= gc <= 0.6 or abs(gc - 0.5) <= abs(gc_start - 0.5)
        assert motif not in designed and reverse_complement(motif) not in designed
    assert np.all(result.scores > result.start_scores)


def test_minimize_and_goal(planted_model, motif):
    pipe, _X, _y = planted_model
    positive = ["ACGTACGTAC" + motif + "ACGTACGTACGTACGTACGTAC"]
    down = design(pipe, positive, maximize=False, goal=0.2)
    assert down.scores[0] <= 0.2 < down.start_scores[0]
    assert motif not in down.sequences[0]
    # it stopped at the goal: the last round reached it, the one before did not
    assert down.trajectory[-2, 0] > 0.2


def test_errors_before_any_work(planted_model, starts):
    pipe, _X, _y = planted_model
    cases = [
        (dict(X_start=["ACGT", "ACG"]), "one length"),
        (dict(X_start=["ACGN" * 10]), "has 'N' at position 3"),
        (dict(gc_range=(0.7, 0.2)), "gc_range must satisfy"),
        (dict(forbidden=["GAXT"]), "forbidden motif 'GAXT'"),
        (dict(fixed_positions=[45]), "fixed position 45 is outside"),
        (dict(edit_budget=0), "edit_budget must be a positive integer"),
        (dict(method="anneal"), "method"),
    ]
    for kwargs, message in cases:
        kwargs = {"X_start": starts, **kwargs}
        with pytest.raises(ValueError, match=message):
            design(pipe, **kwargs)
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from skseq import SequenceOneHotTransformer

    linear = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression())
    linear.fit(list(starts) + ["A" * 40], [0] * 5 + [1])
    with pytest.raises(TypeError, match="method='gradient'"):
        design(linear, starts, method="gradient")


def test_display_draws_trajectory_and_edits(planted_model, starts):
    import matplotlib.pyplot as plt

    pipe, _X, _y = planted_model
    disp = DesignDisplay.from_estimator(pipe, starts[:3], edit_budget=4)
    assert len(disp.lines_) == 3 and len(disp.axes_) == 2
    np.testing.assert_allclose(disp.lines_[0].get_ydata(), disp.result.trajectory[:, 0])
    assert len(disp.axes_[1].texts) == sum(len(e) for e in disp.result.edits)
    assert disp.ax_.get_ylabel() == "probability"
    plt.close("all")


def test_an_ensemble_is_designed_through_its_predict_proba(planted_model, starts):
    from sklearn.base import clone
    from sklearn.pipeline import make_pipeline

    from skseq import SequenceEnsembleClassifier

    pipe, X, y = planted_model
    member = clone(pipe[-1]).set_params(epochs=3)
    ensemble = make_pipeline(
        clone(pipe[0]), SequenceEnsembleClassifier(member, n_members=2, random_state=0)
    ).fit(X[:600], y[:600])
    for method in ("evolution", "gradient"):
        result = design(ensemble, starts[:2], n_rounds=3, method=method)
        np.testing.assert_allclose(
            result.scores, ensemble.predict_proba(result.sequences)[:, 1], rtol=1e-5
        )
        assert np.all(result.scores > result.start_scores)
