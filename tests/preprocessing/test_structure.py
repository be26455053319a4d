import pickle

import numpy as np
import pandas as pd
import pytest
import RNA
from sklearn.base import clone

from skseq.preprocessing import StructureTransformer, _folding
from skseq.preprocessing._fold_cache import MEMORY_CACHE, clear_memory_cache
from skseq.preprocessing._folding import MFE_CONTEXTS, PROBABILITY_CONTEXTS, dot_bracket_to_contexts

HAIRPIN = "GGGGAAAACCCC"  # folds to ((((....)))) at 37 °C


def random_rna(n, length, seed=0):
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(list("ACGU"), length)) for _ in range(n)]


def decode(X, contexts=MFE_CONTEXTS):
    """Context letters of a one-hot (L, C) matrix (``.`` for all-zero rows)."""
    return "".join(contexts[row.argmax()] if row.any() else "." for row in X)


@pytest.fixture(autouse=True)
def empty_cache():
    clear_memory_cache()
    yield
    clear_memory_cache()


@pytest.fixture
def fold_calls(monkeypatch):
    """Count the sequences handed to the folder (in-process folding only)."""
    calls = []
    real = _folding.fold_chunk

    def counting(sequences, *args):
        calls.extend(sequences)
        return real(sequences, *args)

    monkeypatch.setattr(_folding, "fold_chunk", counting)
    return calls


@pytest.fixture
def no_folding(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("the folder was called")

    monkeypatch.setattr(_folding, "fold_chunk", fail)


# ---------------------------------------------------------------------- contexts
@pytest.mark.parametrize(
    "dot_bracket, contexts",
    [
        ("((((....))))", "SSSSHHHHSSSS"),
        ("(((..)))", "SSSHHSSS"),  # pysster's own fixture
        ("........", "FFFFFFFF"),  # pysster: nothing paired is all 5' end
        ("..((((....))))..((...))..", "FFSSSSHHHHSSSSMMSSHHHSSTT"),
        ("((..((....))..))", "SSIISSHHHHSSIISS"),  # internal loop
        ("((.((....))))", "SSISSHHHHSSSS"),  # bulge
        ("((..((...))..((...))..))", "SSMMSSHHHSSMMSSHHHSSMMSS"),  # multiloop
    ],
)
def test_dot_bracket_contexts(dot_bracket, contexts):
    assert dot_bracket_to_contexts(dot_bracket) == contexts
    X = StructureTransformer().fit_transform([["A" * len(dot_bracket), dot_bracket]])
    assert decode(X[0]) == contexts


def test_mfe_folding_gives_hairpin_contexts():
    enc = StructureTransformer()
    X = enc.fit_transform([HAIRPIN, "GGGAUCCC"])
    assert X.shape == (2, 12, 6) and X.dtype == np.uint8
    assert decode(X[0]) == "SSSSHHHHSSSS"
    assert decode(X[1]) == dot_bracket_to_contexts(RNA.fold("GGGAUCCC")[0]) + "...."
    assert list(enc.get_feature_names_out()) == [f"struct_{c}" for c in "SHIMFT"]
    np.testing.assert_array_equal(X[0].sum(axis=1), 1)


def test_temperature_changes_the_fold_and_the_cache_key():
    cold = StructureTransformer().fit_transform([HAIRPIN])
    hot = StructureTransformer(temperature=95.0).fit_transform([HAIRPIN])
    assert decode(cold[0]) == "SSSSHHHHSSSS"
    assert decode(hot[0]) == "F" * 12  # the hairpin melts


# ---------------------------------------------------------------------- probabilities
def test_probability_mode_matches_partition_function():
    seqs = random_rna(3, 40, seed=1)
    enc = StructureTransformer(mode="probability")
    X = enc.fit_transform(seqs)
    assert X.shape == (3, 40, 5) and X.dtype == np.float32
    assert enc.contexts_ == PROBABILITY_CONTEXTS
    np.testing.assert_allclose(X.sum(axis=2), 1, atol=1e-5)
    assert (X >= 0).all() and (X <= 1).all()
    for seq, x in zip(seqs, X):
        fc = RNA.fold_compound(seq)
        _, mfe = fc.mfe()
        fc.exp_params_rescale(mfe)
        fc.pf()
        bpp = np.array(fc.bpp())[1:, 1:]
        np.testing.assert_allclose(x[:, 0], (bpp + bpp.T).sum(axis=0), atol=1e-4)


def test_local_mode_uses_window_and_span():
    seqs = random_rna(2, 60, seed=2)
    wide = StructureTransformer(mode="probability").fit_transform(seqs)
    local = StructureTransformer(mode="local", window=20, span=10).fit_transform(seqs)
    assert local.shape == wide.shape
    np.testing.assert_allclose(local.sum(axis=2), 1, atol=1e-5)
    expected = RNA.pfl_fold_up(seqs[0], 1, 20, 10)
    unpaired = np.array([expected[i][1] for i in range(1, 61)])
    np.testing.assert_allclose(1 - local[0, :, 0], unpaired, atol=1e-4)
    assert not np.allclose(local, wide)
    with pytest.raises(ValueError, match="span=30 is larger than window=20"):
        StructureTransformer(mode="local", window=20, span=30).fit(seqs)


# ---------------------------------------------------------------------- combined alphabet
def test_combined_alphabet_channel_placement():
    enc = StructureTransformer(encoding="combined")
    X = enc.fit_transform([["GGGANCCC", "(((..)))"]])
    names = enc.get_feature_names_out()
    assert X.shape == (1, 8, 24) and names[0] == "struct_A_S" and names[6] == "struct_C_S"
    hot = [names[row.argmax()] if row.any() else None for row in X[0]]
    assert hot == ["struct_G_S"] * 3 + ["struct_A_H", None] + ["struct_C_S"] * 3
    np.testing.assert_array_equal(X[0, 4], 0)  # N has no channel


def test_combined_probabilities_are_context_probabilities_per_nucleotide():
    seqs = random_rna(2, 30, seed=3)
    ctx = StructureTransformer(mode="probability").fit_transform(seqs)
    comb = StructureTransformer(mode="probability", encoding="combined").fit_transform(seqs)
    assert comb.shape == (2, 30, 20)
    for i, seq in enumerate(seqs):
        for p, nucleotide in enumerate(seq):
            k = "ACGU".index(nucleotide)
            np.testing.assert_array_equal(comb[i, p, 5 * k : 5 * k + 5], ctx[i, p])
            assert comb[i, p].sum() == pytest.approx(ctx[i, p].sum())


# ---------------------------------------------------------------------- given structures
@pytest.mark.parametrize(
    "make",
    [
        lambda pairs: pairs,
        lambda pairs: np.array(pairs, dtype=object),
        lambda pairs: pd.DataFrame(pairs, columns=["sequence", "structure"]),
    ],
)
def test_given_structures_are_used_as_they_are(no_folding, make):
    pairs = [
        [HAIRPIN, "............"],  # not the MFE: must not be refolded
        [HAIRPIN, "SSSSHHHHSSSS"],
        ["gggaUccc", "(((..))) (-1.2)"],
    ]  # RNAfold output with its energy
    X = StructureTransformer(encoding="context").fit_transform(make(pairs))
    assert decode(X[0]) == "F" * 12
    assert decode(X[1]) == "SSSSHHHHSSSS"
    assert decode(X[2]) == "SSSHHSSS...."


def test_given_probability_rows_are_used_as_they_are(no_folding):
    rng = np.random.default_rng(0)
    rows = [rng.dirichlet(np.ones(3), size=10), rng.dirichlet(np.ones(3), size=8)]
    enc = StructureTransformer()
    X = enc.fit_transform([("AUAUAUAUAU", rows[0]), ("GGGAUCCC", rows[1])])
    assert X.dtype == np.float32 and X.shape == (2, 10, 3)
    np.testing.assert_allclose(X[0], rows[0], rtol=1e-6)
    np.testing.assert_allclose(X[1, :8], rows[1], rtol=1e-6)
    np.testing.assert_array_equal(X[1, 8:], 0)
    assert list(enc.get_feature_names_out()) == ["struct_p0", "struct_p1", "struct_p2"]


# ---------------------------------------------------------------------- caching and parallelism
def test_no_sequence_is_folded_twice(fold_calls):
    seqs = random_rna(4, 30, seed=4)
    enc = StructureTransformer()
    first = enc.fit_transform(seqs + seqs[:2])
    assert sorted(fold_calls) == sorted(seqs)  # duplicates folded once
    second = enc.transform(seqs)
    third = clone(enc).fit_transform(list(reversed(seqs)))  # clones share the cache
    assert len(fold_calls) == 4
    np.testing.assert_array_equal(first[:4], second)
    np.testing.assert_array_equal(third[::-1], second)
    StructureTransformer(mode="probability").fit_transform(seqs)  # other parameters: new folds
    assert len(fold_calls) == 8


def test_disk_cache_is_shared_between_runs(tmp_path, fold_calls):
    seqs = random_rna(5, 30, seed=5)
    first = StructureTransformer(mode="local", cache_dir=tmp_path).fit_transform(seqs)
    assert len(fold_calls) == 5 and (tmp_path / "skseq-folds.sqlite").exists()
    clear_memory_cache()  # a new process: only the disk cache is left
    again = StructureTransformer(mode="local", cache_dir=str(tmp_path)).fit_transform(seqs)
    assert len(fold_calls) == 5
    np.testing.assert_array_equal(first, again)
    assert len(MEMORY_CACHE) == 5  # disk hits fill the memory cache


def test_two_jobs_give_identical_output(monkeypatch, fold_calls):
    from skseq.preprocessing import _fold_jobs

    monkeypatch.setattr(_fold_jobs, "MIN_PARALLEL_NUCLEOTIDES", 0)  # parallel even when tiny
    seqs = random_rna(16, 40, seed=6)
    one = StructureTransformer(n_jobs=1).fit_transform(seqs)
    clear_memory_cache()
    n_in_process = len(fold_calls)
    two = StructureTransformer(n_jobs=2).fit_transform(seqs)
    # this process folds part of the chunks while the workers start; none is folded twice
    folded_here = fold_calls[n_in_process:]
    assert len(folded_here) == len(set(folded_here))
    np.testing.assert_array_equal(one, two)
    clear_memory_cache()
    one_p = StructureTransformer(mode="probability", n_jobs=1).fit_transform(seqs[:6])
    clear_memory_cache()
    two_p = StructureTransformer(mode="probability", n_jobs=2).fit_transform(seqs[:6])
    np.testing.assert_array_equal(one_p, two_p)


def test_verbose_prints_progress(capsys):
    StructureTransformer(verbose=2).fit_transform(random_rna(3, 20, seed=7))
    assert "folded 3/3 sequences" in capsys.readouterr().err


# ---------------------------------------------------------------------- shape, sklearn contract
@pytest.mark.parametrize(
    "align, window", [("left", slice(0, 10)), ("right", slice(2, 12)), ("center", slice(1, 11))]
)
def test_trim_and_pad_like_the_one_hot_encoder(align, window):
    full = StructureTransformer().fit_transform([HAIRPIN])
    trimmed = StructureTransformer(length=10, align=align).fit_transform([HAIRPIN])
    np.testing.assert_array_equal(trimmed[0], full[0, window])
    padded = StructureTransformer(length=16, align=align).fit_transform([HAIRPIN])
    start = {"left": 0, "right": 4, "center": 2}[align]
    np.testing.assert_array_equal(padded[0, start : start + 12], full[0])
    assert padded[0].sum() == 12


def test_length_is_learned_in_fit():
    enc = StructureTransformer().fit(["GGGAUCCC", "GGGAUCCCA"])
    assert enc.length_ == 9
    assert enc.transform([HAIRPIN]).shape == (1, 9, 6)


def test_clone_pickle_and_params_unchanged():
    enc = StructureTransformer(mode="local", window=30, cache_dir="/nonexistent/until/used")
    assert clone(enc).get_params() == enc.get_params()
    enc.set_params(cache_dir=None).fit([HAIRPIN])
    restored = pickle.loads(pickle.dumps(enc))
    np.testing.assert_array_equal(restored.transform([HAIRPIN]), enc.transform([HAIRPIN]))
    assert enc.window == 30 and enc.span is None
    tags = enc.__sklearn_tags__()
    assert tags.input_tags.string and tags.requires_fit


def test_input_is_not_modified():
    seqs = np.array(["gggaUccc", "GGGAUCCC"], dtype=object)
    pairs = pd.DataFrame({"s": ["GGGTUCCC"], "db": ["(((..)))"]})
    StructureTransformer().fit_transform(seqs)
    StructureTransformer(convert_t_u=True).fit_transform(pairs)
    assert list(seqs) == ["gggaUccc", "GGGAUCCC"] and pairs.loc[0, "s"] == "GGGTUCCC"


def test_convert_t_u():
    dna = StructureTransformer(convert_t_u=True).fit_transform(["GGGATCCC"])
    rna = StructureTransformer().fit_transform(["GGGAUCCC"])
    np.testing.assert_array_equal(dna, rna)


# ---------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    "X, message",
    [
        ([], "no sequences"),
        ("GGGAUCCC", "got a single string"),
        (["GGGAUCCC", ""], "sequence 1 is empty"),
        (["GGGAUCCC", None], "sequence 1 is None of type NoneType"),
        (["GGGAUCCC", "GGGATCCC"], r"sequence 1 has 'T' at position 4.*convert_t_u=True"),
        (["GGGAUCCC", "GGGA#CCC"], "sequence 1 has unknown symbol '#' at position 4"),
        (
            [["GGGAUCCC", "(((..)))"], ["GGGAUCCC", "(((...)))"]],
            "structure of sequence 1 has length 9 but the sequence has length 8",
        ),
        ([["GGGAUCCC", "((...)))"]], r"unbalanced brackets .* sequence 0: '\)' at position 7"),
        ([["GGGAUCCC", "(((....."]], r"unbalanced brackets .* sequence 0: '\(' at position 2"),
        ([["GGGAUCCC", "((.<.)))"]], "sequence 0 has unknown symbol '<' at position 3"),
        (
            [["GGGAUCCC", "SSSHHSSS"], ["GGGAUCCC", "SSSXHSSS"]],
            "unknown context letter 'X' in the structure of sequence 1 at position 3",
        ),
        ([["GGGAUCCC", np.zeros((3, 8))]], r"shape \(3, 8\).*\(8, n_contexts\).*transposed"),
        ([["GGGA", [[0.5], [np.nan], [0.1], [0.2]]]], "sequence 0 hold nan at position 1"),
        ([["GGGA", [[0.5], [1.5], [0.1], [0.2]]]], "within \\[0, 1\\]"),
        ([["GGGA", "SSSS"], ["GGGA", np.zeros((4, 2))]], "mix strings and probability arrays"),
        ([["GGGA", np.zeros((4, 2))], ["GGGA", np.zeros((4, 3))]], "sequence 1 have 3 columns"),
        ([["GGGA", None]], "structure of sequence 0 is missing"),
        (np.array([["A", "B", "C"]]), r"shape \(1, 3\)"),
    ],
)
def test_bad_input_is_named(X, message, no_folding):
    with pytest.raises(ValueError, match=message):
        StructureTransformer().fit(X)


def test_transform_checks_contexts_against_fit():
    enc = StructureTransformer().fit([HAIRPIN])
    with pytest.raises(ValueError, match="fitted on structures with contexts"):
        enc.transform([("GGGA", np.zeros((4, 2)))])


@pytest.mark.parametrize(
    "params",
    [
        {"mode": "fold"},
        {"encoding": "pysster"},
        {"length": 0},
        {"align": "middle"},
        {"window": -1},
        {"temperature": -300},
    ],
)
def test_bad_parameters(params):
    with pytest.raises(ValueError, match=list(params)[0]):
        StructureTransformer(**params).fit([HAIRPIN])


def test_pysster_structure_files_read_by_skseq_io(no_folding):
    # pysster's own fixtures, as skseq.io reads them: dot-brackets, annotations, and rows of
    # per-position probabilities
    from pathlib import Path

    from skseq.io import read_fasta

    data = Path(__file__).parents[1] / "data"
    annotated = read_fasta(data / "pysster_rna_annot_ref.fasta", structure=True)
    X = StructureTransformer().fit_transform(
        pd.DataFrame({"s": annotated.sequences, "st": list(annotated.structures)})
    )
    assert [decode(x) for x in X] == ["SSSHHSSS"] * 3
    predicted = read_fasta(data / "pysster_rna_pred_ref.fasta", structure=True)
    X = StructureTransformer().fit_transform(list(zip(predicted.sequences, predicted.structures)))
    assert [decode(x) for x in X] == ["FFFFFFFF"] * 3  # pysster's rna_pred_ref_annot.fasta
    rows = read_fasta(data / "pysster_rna_pwm1.fasta", structure=True)
    X = StructureTransformer(encoding="combined").fit_transform(
        list(zip(rows.sequences, rows.structures))
    )
    k = rows.structures[0].shape[1]
    assert X.shape == (len(rows.sequences), len(rows.sequences[0]), 4 * k)
    first = "ACGU".index(rows.sequences[0][0])
    np.testing.assert_allclose(
        X[0, 0, first * k : (first + 1) * k], rows.structures[0][0], rtol=1e-6
    )


def test_memory_cache_is_bounded_least_recently_used_first():
    from skseq.preprocessing._fold_cache import _MemoryCache

    cache = _MemoryCache(max_bytes=3 * (10 + 1 + 200))  # room for three 10-char results
    for seq in "ABCD":
        if seq == "D":
            assert cache.get(("k", "A")) == "." * 10  # touch A: B is now the oldest
        cache.put(("k", seq), "." * 10)
    assert len(cache) == 3
    assert cache.get(("k", "B")) is None
    assert all(cache.get(("k", s)) is not None for s in "ACD")
