"""Simulated data hold every rule of the grammar, in every example."""

from pathlib import Path

import numpy as np
import pytest

from skseq.datasets._grammar import (
    AlphabetDistribution,
    Background,
    Condition,
    Example,
    Grammar,
    KmerElement,
    Rule,
    SpacingConstraint,
)
from skseq.datasets._grammar_output import load_seqgra_output
from skseq.datasets._grammar_simulate import make_grammar_sequences
from skseq.datasets._grammar_xml import load_grammar

GRAMMARS = Path(__file__).parents[1] / "data" / "grammars"
SPACING = GRAMMARS / "mc2-dna1000-homer-interaction-spacing-200k-s1.xml"
ML4 = GRAMMARS / "ml4-dna150-kmers-condition-dependent-dist-s1.xml"
FIXED = GRAMMARS / "mc8-dna150-fixed-exact-variable-p-s1.xml"
SETS3 = ("training", "validation", "test")


def runs(row):
    """(start, stop) of the runs of 1 in a 0/1 vector."""
    edges = np.diff(np.concatenate([[0], row.astype(int), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))


def ac_background_grammar(length=60, min_length=None):
    """Background of A and C only; elements of G and T only: planted letters are visible."""
    return Grammar(
        background=Background(
            min_length or length, length, [AlphabetDistribution(dict(A=0.5, C=0.5, G=0, T=0))]
        ),
        conditions=[
            Condition("c1", [Rule(["se1"], position=3), Rule(["se2"], probability=0.5)]),
            Condition(
                "c2",
                [
                    Rule(
                        ["se1", "se3"],
                        spacing=[SpacingConstraint("se1", "se3", 2, 9, "random")],
                    ),
                    Rule(["se2"], position="end"),
                ],
            ),
        ],
        elements={
            "se1": KmerElement({"GGTT": 0.5, "TTGG": 0.5}),
            "se2": KmerElement({"GTGTG": 1.0}),
            "se3": KmerElement({"TTTTTT": 0.7, "GGG": 0.3}),
        },
        sets={s: [Example(["c1"], 50), Example(["c2"], 50)] for s in SETS3},
    )


def test_annotation_marks_exactly_what_was_planted():
    data = make_grammar_sequences(ac_background_grammar(), random_state=0)
    letters = np.array([list(s) for s in data.sequences])
    np.testing.assert_array_equal(data.annotation, np.isin(letters, ["G", "T"]).astype(np.uint8))
    assert data.annotation.dtype == np.uint8
    c1 = data.target == 0
    assert np.all(data.annotation[c1, 2:6] == 1)  # the 1-based position 3
    assert all(s.endswith("GTGTG") for s in data.sequences[~c1])
    # the probability-0.5 rule fired in about half the c1 examples
    fired = data.annotation[c1].sum(axis=1) == 9
    assert 0.35 < fired.mean() < 0.65
    assert set(data.annotation[c1].sum(axis=1)) == {4, 9}


def test_variable_lengths_and_random_order_pairs():
    data = make_grammar_sequences(ac_background_grammar(40, min_length=30), random_state=1)
    assert set(data.lengths) <= set(range(30, 41)) and len(set(data.lengths)) > 3
    assert data.annotation.shape == (300, 40)
    for seq, ann, y in zip(data.sequences, data.annotation, data.target):
        assert ann[len(seq) :].sum() == 0
        if y == 1:
            assert seq.endswith("GTGTG") and ann[len(seq) - 5 : len(seq)].all()
            pair = runs(np.concatenate([ann[: len(seq) - 5], [0] * 5]))  # the end element aside
            planted = "".join(seq[a:b] + "|" for a, b in pair)
            assert len(pair) == 2, (seq, pair)
            gap = pair[1][0] - pair[0][1]
            assert 2 <= gap <= 9
            assert planted[:-1].split("|")[0] in {"GGTT", "TTGG", "TTTTTT", "GGG"}
    # both orders of the random-order pair occur
    firsts = {
        seq[a:b]
        for seq, ann, y in zip(data.sequences, data.annotation, data.target)
        if y == 1
        for a, b in runs(ann)[:1]
    }
    assert firsts & {"GGTT", "TTGG"} and firsts & {"TTTTTT", "GGG"}


def test_spacing_grammar_distances_hold_in_every_example():
    g = load_grammar(SPACING)
    data = make_grammar_sequences(g, n_samples=400, random_state=0)
    w1, w2 = len(g.elements["se1"].probabilities), len(g.elements["se2"].probabilities)
    gaps = {0: [], 1: []}
    for ann, y in zip(data.annotation, data.target):
        on = np.flatnonzero(ann)
        assert len(on) == w1 + w2
        first = on[0]
        second = on[w1]  # se1 comes first ("in-order") and has w1 positions
        assert np.all(ann[first : first + w1]) and np.all(ann[second : second + w2])
        gaps[int(y)].append(second - (first + w1))
    assert min(gaps[0]) >= 0 and max(gaps[0]) <= 100
    assert min(gaps[1]) >= 500 and max(gaps[1]) <= 1000 - w1 - w2
    assert np.ptp(gaps[1]) > 200  # drawn over the whole range


def test_fixed_position_and_insertion_probability():
    g = load_grammar(FIXED)
    data = make_grammar_sequences(g, n_samples=4000, random_state=0)
    probs = [c.rules[0].probability for c in g.conditions]
    for k, p in enumerate(probs):
        ann = data.annotation[data.target == k]
        width = len(g.elements[g.conditions[k].rules[0].elements[0]].probabilities)
        planted = ann.sum(axis=1) > 0
        assert np.all(ann[planted, 64 : 64 + width] == 1)
        assert np.all(ann[:, :64] == 0) and np.all(ann[:, 64 + width :] == 0)
        assert abs(planted.mean() - p) < 4 * np.sqrt(p * (1 - p) / len(ann)) + 1e-9


def test_multilabel_targets_match_the_conditions_applied():
    g = load_grammar(ML4)
    data = make_grammar_sequences(g, n_samples=1600, random_state=0)
    assert data.target.shape == (1600, 4) and data.target.dtype == np.uint8
    assert list(data.target_names) == ["c1", "c2", "c3", "c4"]
    for y, cond in zip(data.target, data.conditions):
        assert [data.target_names[i] for i in np.flatnonzero(y)] == [
            c for c in cond.split("|") if c
        ]
    # every condition plants two 8-mers that never overlap: 16 letters per condition applied
    np.testing.assert_array_equal(data.annotation.sum(axis=1), 16 * data.target.sum(axis=1))
    assert (data.target.sum(axis=1) == 0).any() and (data.target.sum(axis=1) == 4).any()
    # each condition's elements are found where it is applied
    kmers = {sid: set(e.kmers) for sid, e in g.elements.items()}
    for seq, ann, y in zip(data.sequences[:200], data.annotation[:200], data.target[:200]):
        planted = {seq[a : a + 8] for a, b in runs(ann) for a in range(a, b, 8)}
        for k in np.flatnonzero(y):
            for sid in g.conditions[k].rules[0].elements:
                assert planted & kmers[sid]


def test_condition_backgrounds_are_used():
    data = make_grammar_sequences(load_grammar(ML4), n_samples=1600, random_state=0)
    only = data.target.sum(axis=1) == 1
    gc = np.array([(s.count("G") + s.count("C")) / len(s) for s in data.sequences])
    assert gc[only & (data.target[:, 0] == 1)].mean() > 0.7  # c1: 80 % GC
    assert gc[only & (data.target[:, 2] == 1)].mean() < 0.6  # c3: uniform


def test_mutually_exclusive_mode_applies_one_rule():
    g = ac_background_grammar()
    g.conditions[0] = Condition(
        "c1",
        [Rule(["se1"], probability=0.5), Rule(["se2"], probability=0.3)],
        mode="mutually exclusive",
    )
    data = make_grammar_sequences(g, random_state=0)
    n = data.annotation[data.target == 0].sum(axis=1)
    assert set(n) == {0, 4, 5}
    assert 0.1 < (n == 0).mean() < 0.3


def test_same_random_state_same_data_and_proportions():
    g = load_grammar(SPACING)
    a = make_grammar_sequences(g, n_samples=100, random_state=3)
    b = make_grammar_sequences(g, n_samples=100, random_state=3)
    c = make_grammar_sequences(g, n_samples=100, random_state=4)
    np.testing.assert_array_equal(a.sequences, b.sequences)
    np.testing.assert_array_equal(a.annotation, b.annotation)
    assert not np.array_equal(a.sequences, c.sequences)
    assert [int((a.set == s).sum()) for s in SETS3] == [70, 10, 20]
    assert np.bincount(a.target[a.set == "training"]).tolist() == [35, 35]
    assert list(a.set[:70]) == ["training"] * 70  # sets in order, shuffled within
    t = make_grammar_sequences(g, scale=1e-3, sets="test", random_state=0)
    assert len(t.sequences) == 40 and set(t.set) == {"test"}


def test_protein_grammar():
    data = make_grammar_sequences(GRAMMARS / "mc2-protein100-psp-200k-s1.xml", n_samples=50)
    assert set("".join(data.sequences)) <= set("ACDEFGHIKLMNPQRSTVWY")
    assert len(set("".join(data.sequences))) > 15


def test_elements_that_cannot_all_fit_raise_naming_the_rule():
    g = ac_background_grammar(length=12)
    g.conditions[0].rules = [Rule(["se1"]), Rule(["se2"]), Rule(["se3"])]
    with pytest.raises(ValueError, match=r"condition 'c[12]', rule \d: no room to place"):
        make_grammar_sequences(g, random_state=0)


def test_bad_arguments():
    g = ac_background_grammar()
    with pytest.raises(ValueError, match="n_samples or scale, not both"):
        make_grammar_sequences(g, n_samples=10, scale=0.5)
    with pytest.raises(ValueError, match="n_samples must be a positive int"):
        make_grammar_sequences(g, n_samples=0)
    with pytest.raises(ValueError, match="sets must be"):
        make_grammar_sequences(g, sets=["train"])


def test_seqgra_output_reads_into_the_same_bunch():
    folder = GRAMMARS / "seqgra_output_ml4"
    ours = make_grammar_sequences(folder / "definition.xml", n_samples=20, random_state=0)
    theirs = load_seqgra_output(folder, folder / "definition.xml")
    assert set(theirs) == set(ours)
    for key in ("target", "annotation", "target_names", "lengths"):
        assert theirs[key].dtype == ours[key].dtype, key
    assert theirs.target.shape == (120, 4)
    assert [int((theirs.set == s).sum()) for s in SETS3] == [40, 40, 40]
    lines = (folder / "training-annotation.txt").read_text().splitlines()[1:]
    ann, y = lines[0].split("\t")
    assert theirs.annotation[0].tolist() == [int(c == "G") for c in ann]
    assert [theirs.target_names[i] for i in np.flatnonzero(theirs.target[0])] == y.split("|")
    # without the definition: conditions seen, multi-label because of "|"
    guessed = load_seqgra_output(folder)
    np.testing.assert_array_equal(guessed.target, theirs.target)
    # seqgra's own data obey the rule our simulator is tested for: 16 letters per condition
    # (seqgra lets elements overlap, so at most)
    assert np.all(theirs.annotation.sum(axis=1) <= 16 * theirs.target.sum(axis=1))


def test_seqgra_output_errors_name_the_file(tmp_path):
    for s in SETS3:
        (tmp_path / f"{s}.txt").write_text("x\ty\nACGT\tc1\n")
        (tmp_path / f"{s}-annotation.txt").write_text("annotation\ty\n__G\tc1\n")
    with pytest.raises(ValueError, match="training-annotation.txt, line 2: annotation does not"):
        load_seqgra_output(tmp_path)
    with pytest.raises(FileNotFoundError, match="no training.txt"):
        load_seqgra_output(tmp_path / "nowhere")


def test_seqgra_output_with_labels_the_grammar_lacks(tmp_path):
    for s in SETS3:
        (tmp_path / f"{s}.txt").write_text("x\ty\nACGT\tc9\n")
        (tmp_path / f"{s}-annotation.txt").write_text("annotation\ty\n__GG\tc9\n")
    with pytest.raises(ValueError, match="label 'c9' does not name conditions among"):
        load_seqgra_output(tmp_path, ML4)
