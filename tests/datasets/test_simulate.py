import pickle

import numpy as np
import pandas as pd
import pytest

from skseq.datasets import make_motif_sequences

PYSSTER_MOTIFS = [["C" * 10, "G" * 10], ["A" * 10, "T" * 10]]


def _motif_at(X, positions, y, motifs):
    """True if every planted motif string of every sequence sits at its returned start."""
    for seq, pos, label in zip(X, positions, y):
        if label == 0:
            assert (pos == -1).all()
            continue
        group = motifs[label - 1]
        group = [group] if isinstance(group, str) else group
        for j, motif in enumerate(group):
            assert seq[pos[j] : pos[j] + len(motif)] == motif
        assert (pos[len(group) :] == -1).all()
    return True


# ---------------------------------------------------------------- make_motif_sequences


def test_default_shapes_types_and_alphabet():
    X, y = make_motif_sequences(n_samples=50, length=30, random_state=0)
    assert X.shape == (50,) and X.dtype.kind == "U" and X.dtype.itemsize == 30 * 4
    assert y.dtype.kind == "i" and set(y) == {0, 1}
    assert set("".join(X)) <= set("ACGT")
    assert all(len(s) == 30 for s in X)
    assert all("TGCATG" in s for s in X[y == 1])


def test_planted_motifs_are_at_returned_random_positions_without_overlap():
    motifs = ["TGCATG", ["AAAAA", "CCCC", "GGG"]]
    X, y, pos = make_motif_sequences(
        n_samples=300, length=20, motifs=motifs, random_state=1, return_positions=True
    )
    assert pos.shape == (300, 3) and pos.dtype.kind == "i"
    assert _motif_at(X, pos, y, motifs)
    widths = np.array([5, 4, 3])
    for p in pos[y == 2]:
        order = np.argsort(p)
        assert (p[order][1:] >= (p + widths)[order][:-1]).all()  # no overlap
    # starts really vary (uniform placement), and the motifs' order varies too
    assert len(set(pos[y == 1, 0])) > 5
    assert len({tuple(np.argsort(p)) for p in pos[y == 2]}) == 6


def test_pysster_artificial_design_with_fixed_positions():
    X, y, pos = make_motif_sequences(
        n_samples=90,
        length=140,
        motifs=PYSSTER_MOTIFS,
        positions=[[20, 50], [80, 110]],
        random_state=0,
        return_positions=True,
    )
    assert np.bincount(y).tolist() == [30, 30, 30]
    assert (pos[y == 1] == [20, 50]).all() and (pos[y == 2] == [80, 110]).all()
    assert _motif_at(X, pos, y, PYSSTER_MOTIFS)


def test_mixed_fixed_and_random_positions_avoid_fixed_motif():
    X, y, pos = make_motif_sequences(
        n_samples=200,
        length=30,
        motifs=[["AAAAAAAAAA", "CCCCCCCC"]],
        positions=[[10, None]],
        random_state=3,
        return_positions=True,
    )
    assert (pos[y == 1, 0] == 10).all()
    starts = pos[y == 1, 1]
    assert ((starts + 8 <= 10) | (starts >= 20)).all()
    assert set(starts) & set(range(0, 3)) and set(starts) & set(range(20, 23))
    assert _motif_at(X, pos, y, [["AAAAAAAAAA", "CCCCCCCC"]])


def test_single_motif_string_or_array_of_motifs():
    a = make_motif_sequences(n_samples=20, length=15, motifs="TGCATG", random_state=0)
    b = make_motif_sequences(n_samples=20, length=15, motifs=("TGCATG",), random_state=0)
    c = make_motif_sequences(n_samples=20, length=15, motifs=np.array(["TGCATG"]), random_state=0)
    for other in (b, c):
        np.testing.assert_array_equal(a[0], other[0])
        np.testing.assert_array_equal(a[1], other[1])


def test_background_is_uniform_and_configurable():
    X, y = make_motif_sequences(n_samples=400, length=50, random_state=0)
    background = "".join(X[y == 0])
    freq = np.array([background.count(c) for c in "ACGT"]) / len(background)
    assert np.allclose(freq, 0.25, atol=0.02)
    X, y = make_motif_sequences(
        n_samples=200, length=50, motifs=("GG",), background=[0.7, 0.1, 0.1, 0.1], random_state=0
    )
    assert "".join(X[y == 0]).count("A") / (50 * (y == 0).sum()) > 0.6


def test_class_weights_give_exact_counts():
    _, y = make_motif_sequences(
        n_samples=101, length=10, motifs=("AC", "GT"), weights=[0.5, 0.3, 0.2], random_state=0
    )
    assert np.bincount(y).tolist() == [51, 30, 20]  # 50.5, 30.3, 20.2: largest rest
    _, y = make_motif_sequences(n_samples=7, length=10, random_state=0)
    assert sorted(np.bincount(y).tolist()) == [3, 4]


def test_deterministic_and_random_state_forms():
    a = make_motif_sequences(n_samples=30, length=25, random_state=42, return_positions=True)
    b = make_motif_sequences(n_samples=30, length=25, random_state=42, return_positions=True)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    c = make_motif_sequences(n_samples=30, length=25, random_state=43)
    assert not np.array_equal(a[0], c[0])
    r = make_motif_sequences(n_samples=30, length=25, random_state=np.random.RandomState(42))
    np.testing.assert_array_equal(r[0], a[0])
    g1 = make_motif_sequences(n_samples=30, length=25, random_state=np.random.default_rng(5))
    g2 = make_motif_sequences(n_samples=30, length=25, random_state=np.random.default_rng(5))
    np.testing.assert_array_equal(g1[0], g2[0])


def test_pwm_motifs_are_sampled_per_sequence():
    pwm = np.array([[1.0, 0, 0, 0], [0, 0.5, 0.5, 0], [0, 0, 0, 1.0]])
    X, y, pos = make_motif_sequences(
        n_samples=200,
        length=12,
        motifs=(pwm,),
        alphabet="RNA",
        random_state=0,
        return_positions=True,
    )
    planted = {s[p : p + 3] for s, p in zip(X[y == 1], pos[y == 1, 0])}
    assert planted == {"ACU", "AGU"}
    df = pd.DataFrame(pwm[:, ::-1], columns=list("UGCA"))  # columns by name, any order
    X2, y2, pos2 = make_motif_sequences(
        n_samples=200,
        length=12,
        motifs=(df,),
        alphabet="RNA",
        random_state=0,
        return_positions=True,
    )
    np.testing.assert_array_equal(X, X2)


def test_alphabets_named_and_custom():
    X, _ = make_motif_sequences(
        n_samples=40, length=30, motifs=("WWW",), alphabet="protein", random_state=0
    )
    assert set("".join(X)) <= set("ACDEFGHIKLMNPQRSTVWY") and len(set("".join(X))) > 15
    X, _ = make_motif_sequences(
        n_samples=40, length=30, motifs=("xy",), alphabet="xyz", random_state=0
    )
    assert set("".join(X)) == set("xyz")


def test_inputs_are_not_modified():
    pwm = np.array([[0.5, 0.5, 0, 0]] * 2)
    motifs = [[pwm, "AC"]]
    before = pwm.copy()
    make_motif_sequences(n_samples=10, length=10, motifs=motifs, random_state=0)
    np.testing.assert_array_equal(pwm, before)
    assert motifs[0][1] == "AC"


def test_twenty_thousand_sequences_is_fast_enough_to_pickle():
    X, y = make_motif_sequences(
        n_samples=20_000,
        length=140,
        motifs=PYSSTER_MOTIFS,
        positions=[[20, 50], [80, 110]],
        random_state=0,
    )
    assert X.shape == (20_000,)
    assert np.array_equal(pickle.loads(pickle.dumps(X)), X)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(n_samples=0), "n_samples"),
        (dict(length=2.5), "length"),
        (dict(length=5, motifs=("TGCATG",)), "longer than length=5"),
        (dict(length=10, motifs=[["AAAAAA", "CCCCC"]]), "cannot be placed without overlap"),
        (dict(length=20, motifs=[["AAAAAA", "CCCCC"]], positions=[[0, 3]]), "overlap"),
        (dict(length=20, motifs=("AAAA",), positions=[18]), "does not fit"),
        (dict(length=20, motifs=("AAAA",), positions=[[1, 2]]), "2 entries for 1 motifs"),
        (dict(length=20, motifs=("AAAA",), positions=[1, 2]), "one entry per class"),
        (dict(length=20, motifs=("AAAA",), positions=["3"]), "int or None"),
        (dict(length=9, motifs=[["AAAAA", "CCC"]], positions=[[2, None]]), "cannot be placed"),
        (
            dict(length=10, motifs=[["AAAA", "CC", "GG", "TT"]], positions=[[3, None, None, None]]),
            "could not place",
        ),
        (dict(motifs=("TGCAUG",)), r"\['U'\] that are not in the alphabet"),
        (dict(motifs=("tgca",)), "not in the alphabet"),
        (dict(motifs=(np.array([[0.5, 0.4, 0, 0]]),)), "row 0 sums to 0.9"),
        (dict(motifs=(np.ones((2, 3)) / 3,)), r"shape \(width, 4\)"),
        (dict(motifs=(pd.DataFrame([[1.0, 0]], columns=["A", "C"]),)), "columns"),
        (dict(motifs=()), "non-empty"),
        (dict(motifs=([],)), "empty group"),
        (dict(motifs=(5,)), "must be a string, a PWM"),
        (dict(weights=[0.5, 0.6]), "sum to 1"),
        (dict(weights=[1.0]), "2 entries"),
        (dict(weights=[1.5, -0.5]), "non-negative"),
        (dict(background=[0.5, 0.5]), "4 entries"),
        (dict(alphabet="AAC"), "repeats"),
        (dict(alphabet=""), "alphabet"),
        (dict(alphabet="αβ"), "ASCII"),
    ],
)
def test_bad_arguments_raise_clear_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_motif_sequences(**{"n_samples": 10, "length": 30, **kwargs})


# --------------------------------------------------------------------------- load_rbp

from skseq.datasets import RBP_NAMES, load_rbp  # noqa: E402


def test_load_rbp_pum2_train():
    data = load_rbp("PUM2", split="train")
    assert data.sequences.shape == (7776,) and data.sequences.dtype == np.dtype("<U200")
    assert {len(s) for s in data.sequences[:500]} == {200}
    assert np.bincount(data.target).tolist() == [3888, 3888]
    assert data.groups.dtype.kind == "U" and all(g.startswith("chr") for g in data.groups)
    assert len(set(data.groups)) > 20
    assert all(i.startswith(g + ":") for i, g in zip(data.ids[:100], data.groups[:100]))
    assert set("".join(data.sequences[:200])) <= set("ACGUN")
    assert data.reference_roc_auc == 0.945
    assert "Budach & Marsico, Bioinformatics 2018" in data.DESCR and "MIT" in data.DESCR
    assert data.name == "PUM2" and data.split == "train"


@pytest.mark.parametrize("name, n_pos", [("qki", 1088), ("Nova", 1392), ("TAF2N", 2163)])
def test_load_rbp_test_split_is_balanced_and_case_insensitive(name, n_pos):
    data = load_rbp(name, "test")
    assert np.bincount(data.target).tolist() == [n_pos, n_pos]
    assert data.name == name.upper() and data.split == "test"


def test_rbp_names_and_reference_scores():
    assert RBP_NAMES == ("PUM2", "QKI", "IGF2BP123", "SRSF1", "TAF2N", "NOVA")
    from skseq.datasets._rbp import REFERENCE_ROC_AUC

    assert set(REFERENCE_ROC_AUC) == set(RBP_NAMES)


def test_load_rbp_unknown_name_or_split_lists_valid_ones():
    with pytest.raises(ValueError, match=r"'HNRNPC'.*\['PUM2', 'QKI'"):
        load_rbp("HNRNPC")
    with pytest.raises(ValueError, match=r"'valid'.*\['train', 'test'\]"):
        load_rbp("PUM2", split="valid")
