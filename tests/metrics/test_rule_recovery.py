"""seqgra's rule-recovery scores: perfect, uniform and inverted attributions."""

import numpy as np
import pytest

from skseq.metrics import example_scores, importance_profile, rule_recovery_scores


def planted(n=6, length=20, seed=0):
    rng = np.random.default_rng(seed)
    ann = np.zeros((n, length), dtype=np.uint8)
    for i in range(n):
        start = rng.integers(0, length - 5)
        ann[i, start : start + int(rng.integers(3, 6))] = 1
    return ann


@pytest.mark.parametrize("kind", ["smooth", "thresholded"])
def test_perfect_attributions_score_one(kind):
    ann = planted()
    attr = ann[:, :, None] * np.array([0.0, 2.5, 0.0, 0.0])  # on one channel, any scale
    table = rule_recovery_scores(attr, ann, [0, 1, 0, 1, 0, 1], kind=kind)
    np.testing.assert_allclose(table[["precision", "recall", "specificity", "f1"]], 1.0)
    assert table["n"].tolist() == [3, 3]


def test_uniform_attributions_score_the_planted_fraction():
    ann = planted()
    y = np.array([0, 0, 0, 1, 1, 1])
    table = rule_recovery_scores(np.ones(ann.shape + (4,)), ann, y)
    fraction = ann.mean(axis=1)
    np.testing.assert_allclose(table["precision"], [fraction[:3].mean(), fraction[3:].mean()])
    np.testing.assert_allclose(table["recall"], 1.0)
    np.testing.assert_allclose(table["specificity"], 0.0)
    thresholded = rule_recovery_scores(np.ones(ann.shape), ann, y, kind="thresholded")
    pooled = [ann[:3].sum() / ann[:3].size, ann[3:].sum() / ann[3:].size]
    np.testing.assert_allclose(thresholded["precision"], pooled)


def test_inverted_attributions_score_zero():
    ann = planted()
    table = rule_recovery_scores(1 - ann, ann)
    assert table.loc[0, "precision"] == 0 and table.loc[0, "recall"] == 0
    assert table.loc[0, "f1"] == 0 and table.loc[0, "specificity"] == 0


def test_profile_keeps_positive_part_and_normalises_per_example():
    attr = np.array([[[1.0, -5.0], [3.0, 1.0]], [[-1.0, 0.0], [-2.0, 0.0]]])
    np.testing.assert_allclose(importance_profile(attr), [[0.25, 1.0], [0.0, 0.0]])
    np.testing.assert_allclose(importance_profile(attr, lengths=[1, 2]), [[1.0, 0.0], [0, 0]])


def test_examples_without_planted_sites_are_left_out():
    ann = planted(4)
    ann[1] = 0
    scores = example_scores(ann.astype(float), ann)
    assert np.isnan(scores["precision"][1]) and np.isnan(scores["recall"][1])
    table = rule_recovery_scores(ann.astype(float), ann, [0, 0, 1, 1])
    assert table["n"].tolist() == [1, 2] and table.loc[0, "f1"] == 1.0


def test_threshold_decides_what_counts():
    ann = np.array([[1, 1, 0, 0]])
    attr = np.array([[1.0, 0.3, 0.2, 0.0]])
    low = example_scores(attr, ann, kind="thresholded", threshold=0.15)
    high = example_scores(attr, ann, kind="thresholded", threshold=0.5)
    assert (low["tp"][0], low["fp"][0]) == (2, 1)
    assert (high["tp"][0], high["fn"][0], high["tn"][0]) == (1, 1, 2)


def test_target_names_and_errors():
    ann = planted(2)
    table = rule_recovery_scores(ann, ann, [1, 0], target_names=["c1", "c2"])
    assert table.index.tolist() == ["c1", "c2"]
    with pytest.raises(ValueError, match="annotation has shape"):
        rule_recovery_scores(ann[:, :5], ann)
    with pytest.raises(ValueError, match="kind must be"):
        rule_recovery_scores(ann, ann, kind="fuzzy")
    with pytest.raises(ValueError, match="NaN or infinite values, first in example 1"):
        rule_recovery_scores(np.where(np.arange(2)[:, None] == 1, np.nan, ann), ann)
