"""MotifInspector on small networks with hand-set weights (exact answers), and on the estimators."""

import pickle

import keras
import matplotlib
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from skseq.inspection import MotifInspector
from skseq.io import read_meme
from skseq.plotting import MotifLogoDisplay, TrackProfileDisplay

matplotlib.use("Agg")

ALPHABET = "ACGT"
MOTIF = "GATTACA"


def one_hot(seqs):
    return np.eye(4, dtype="uint8")[[[ALPHABET.index(c) for c in s] for s in seqs]]


def detector_model(length, n_channels=4, padding="valid", strides=1, motif=MOTIF):
    """Kernel 0 fires (value 1) only on an exact ``motif``; kernel 1 never fires."""
    inp = keras.Input((length, n_channels), name="sequence")
    conv = keras.layers.Conv1D(
        2, len(motif), padding=padding, strides=strides, activation="relu", name="conv_1"
    )
    x = conv(inp)
    out = keras.layers.Dense(1, activation="sigmoid", name="output")(
        keras.layers.GlobalMaxPooling1D()(x)
    )
    model = keras.Model(inp, out)
    kernel = np.zeros((len(motif), n_channels, 2), dtype="float32")
    kernel[np.arange(len(motif)), [ALPHABET.index(c) for c in motif], 0] = 1.0
    bias = np.array([-(len(motif) - 1), -100.0], dtype="float32")
    conv.set_weights([kernel, bias])
    model.get_layer("output").set_weights(
        [np.array([[5.0], [0.0]], "float32"), np.array([-2.5], "float32")]
    )
    return model


def planted(n=60, length=30, start=9, seed=0):
    """Background without the motif, then the motif at ``start`` in the odd sequences."""
    rng = np.random.default_rng(seed)
    seqs = []
    for i in range(n):
        while True:
            s = "".join(rng.choice(list(ALPHABET), length))
            if MOTIF not in s:
                break
        if i % 2:
            s = s[:start] + MOTIF + s[start + len(MOTIF) :]
        seqs.append(s)
    return one_hot(seqs), np.arange(n) % 2


@pytest.mark.parametrize(
    "padding, strides", [("valid", 1), ("same", 1), ("causal", 1), ("valid", 2), ("same", 2)]
)
def test_motif_and_positions_are_exact_for_every_padding(padding, strides):
    X, y = planted(start=10)  # even start: every stride reaches it
    model = detector_model(X.shape[1], padding=padding, strides=strides)
    insp = MotifInspector(model, importance="spread").fit(X, y)
    expected = pd.DataFrame(np.eye(4)[[ALPHABET.index(c) for c in MOTIF]], columns=list(ALPHABET))
    assert insp.n_sites_[0] == 30
    pd.testing.assert_frame_equal(insp.motifs_[0], expected, check_names=False)
    assert insp.consensus_[0] == MOTIF
    assert set(insp.max_positions_[y == 1, 0]) == {10}
    assert insp.n_sites_[1] == 0
    sites, mean, length = insp.position_enrichment(0)
    assert sites[1].tolist() == [10] * 30 and len(sites[0]) == 0
    assert mean.loc[10, 1] == pytest.approx(1.0) and mean[0].max() == 0


def test_window_partly_in_padding_counts_only_real_positions():
    # motif at the very start: with "same" padding the best window for a longer kernel hangs
    # over the left edge; padded positions must not be counted as symbols
    X, y = planted(start=0)
    insp = MotifInspector(detector_model(X.shape[1], padding="same")).fit(X, y)
    assert insp.consensus_[0] == MOTIF
    assert insp.max_positions_[y == 1, 0].min() == 0


def test_threshold_rules():
    X, y = planted()
    model = detector_model(X.shape[1])
    pysster = MotifInspector(model).fit(X, y)
    # class means of kernel 0's max activation are 0 and 1: pysster's rule takes the higher
    assert pysster.thresholds_[0] == pytest.approx(1.0)
    frac = MotifInspector(model, threshold="fraction", fraction=0.25).fit(X, y)
    assert frac.thresholds_[0] == pytest.approx(0.25)
    absolute = MotifInspector(model, threshold=2.0).fit(X, y)
    assert absolute.n_sites_[0] == 0


def test_importance_ranks_the_used_kernel_first():
    X, y = planted()
    model = detector_model(X.shape[1])
    # a plain Keras model: occlusion is the mean absolute change of the output; silencing
    # kernel 0 moves the carriers' output from sigmoid(2.5) to sigmoid(-2.5)
    sigmoid = 1 / (1 + np.exp(-2.5))
    expected = {"occlusion": 0.5 * (sigmoid - (1 - sigmoid)), "spread": 1.0}
    for importance, value in expected.items():
        insp = MotifInspector(model, importance=importance).fit(X, y)
        assert insp.importance_[0] == pytest.approx(value, rel=1e-4)
        assert insp.importance_[1] == pytest.approx(0.0)
    # occlusion restores the weights it silenced
    before = [w.copy() for w in model.get_layer("conv_1").get_weights()]
    MotifInspector(model).fit(X, y)
    for a, b in zip(before, model.get_layer("conv_1").get_weights()):
        np.testing.assert_array_equal(a, b)


def test_regression_targets_group_by_quartile():
    X, y = planted()
    insp = MotifInspector(detector_model(X.shape[1])).fit(X, y * 2.0 + np.linspace(0, 0.1, 60))
    assert insp.groups_ == ["Q1 (low)", "Q2", "Q3", "Q4 (high)"]
    assert np.bincount(insp.sample_groups_).tolist() == [15, 15, 15, 15]
    no_y = MotifInspector(detector_model(X.shape[1])).fit(X)
    assert no_y.groups_ == ["all"] and no_y.consensus_[0] == MOTIF


def test_structure_and_track_groups():
    # channels: sequence one-hot, a 2-symbol "struct" group and a real-valued track
    X, y = planted()
    struct = np.zeros(X.shape[:2] + (2,), dtype="float32")
    struct[..., 0] = 1.0
    struct[1::2, 9:16] = [0.0, 1.0]  # the motif sits in a "P" region
    track = np.random.default_rng(1).normal(size=X.shape[:2] + (1,)).astype("float32")
    track[1::2, 9:16, 0] = 3.0
    Xall = np.concatenate([X, struct, track], axis=-1)
    model = detector_model(Xall.shape[1], n_channels=Xall.shape[-1])
    names = [
        "seq__A",
        "seq__C",
        "seq__G",
        "seq__T",
        "struct__struct_U",
        "struct__struct_P",
        "cons__phylop",
    ]
    insp = MotifInspector(model, channel_names=names).fit(Xall, y)
    assert insp.symbol_groups_ == ["seq", "struct"] and insp.track_groups_ == ["cons"]
    assert insp.consensus_[0] == MOTIF
    assert list(insp.group_motifs_["struct"][0].columns) == ["U", "P"]
    assert (insp.group_motifs_["struct"][0]["P"] == 1.0).all()
    np.testing.assert_allclose(insp.track_profiles_["cons"][0]["phylop"], 3.0)
    logo = MotifLogoDisplay.from_inspector(insp, 0)
    assert len(logo.axes_) == 2
    assert isinstance(TrackProfileDisplay.from_inspector(insp, 0), TrackProfileDisplay)
    matplotlib.pyplot.close("all")


def test_combined_alphabet_gets_nucleotide_and_context_logos():
    # pysster's combined alphabet: one channel per (nucleotide, context); here every motif
    # position is paired ("S") and the rest unpaired ("U")
    X, y = planted()
    paired = np.zeros(X.shape[:2], dtype=bool)
    paired[1::2, 9:16] = True
    combined = np.concatenate([X * ~paired[..., None], X * paired[..., None]], axis=-1)
    names = [f"struct_{n}_{c}" for c in "US" for n in ALPHABET]
    inp = keras.Input((X.shape[1], 8), name="sequence")
    conv = keras.layers.Conv1D(1, len(MOTIF), activation="relu", name="conv_1")
    model = keras.Model(inp, keras.layers.GlobalMaxPooling1D()(conv(inp)))
    kernel = np.zeros((len(MOTIF), 8, 1), dtype="float32")
    kernel[np.arange(len(MOTIF)), [4 + ALPHABET.index(c) for c in MOTIF], 0] = 1.0
    conv.set_weights([kernel, np.array([-(len(MOTIF) - 1)], dtype="float32")])
    insp = MotifInspector(model, channel_names=names).fit(combined.astype("float32"), y)
    assert insp.consensus_[0] == MOTIF
    assert list(insp.motifs_[0].columns) == list(ALPHABET)
    context = insp.group_motifs_["sequence:context"][0]
    assert list(context.columns) == ["U", "S"] and (context["S"] == 1.0).all()
    assert len(MotifLogoDisplay.from_inspector(insp, 0).axes_) == 2  # nucleotide and context
    matplotlib.pyplot.close("all")


def test_meme_round_trip_with_memelite(tmp_path):
    from memelite.io import read_meme as memelite_read

    X, y = planted()
    insp = MotifInspector(detector_model(X.shape[1])).fit(X, y)
    path = tmp_path / "kernels.meme"
    assert insp.to_meme(path) is insp
    ours = read_meme(path)
    theirs = memelite_read(str(path))
    # kernel 1 has no site: its motif is NaN and not written
    assert list(ours) == list(theirs) == ["kernel_0"]
    np.testing.assert_allclose(ours["kernel_0"].values, insp.motifs_[0].values, atol=1e-6)
    np.testing.assert_allclose(theirs["kernel_0"].T, insp.motifs_[0].values, atol=1e-6)
    assert "nsites= 30" in path.read_text()


def test_match_finds_the_planted_motif_in_a_meme_database(tmp_path):
    X, y = planted()
    insp = MotifInspector(detector_model(X.shape[1])).fit(X, y)
    rng = np.random.default_rng(0)
    lines = ["MEME version 4", "", "ALPHABET= ACGT", ""]
    motifs = ["".join(rng.choice(list(ALPHABET), 7)) for _ in range(40)] + [MOTIF]
    for i, m in enumerate(motifs):
        lines += [
            f"MOTIF M{i:03d} {'target' if m == MOTIF else 'decoy'}",
            f"letter-probability matrix: alength= 4 w= {len(m)} nsites= 20 E= 0",
        ]
        lines += [" ".join("0.97" if a == c else "0.01" for a in ALPHABET) for c in m]
        lines.append("")
    db = tmp_path / "db.meme"
    db.write_text("\n".join(lines))
    matches = insp.match(db, n_best=3)
    best = matches.sort_values("p_value").iloc[0]
    assert (best.kernel, best.target_id, best.target_name) == (0, "M040", "target")
    assert best.orientation == "+" and best.p_value < 1e-3
    assert set(matches.columns) >= {
        "kernel",
        "target_id",
        "target_name",
        "p_value",
        "e_value",
        "q_value",
        "offset",
        "orientation",
    }
    assert set(matches.kernel) == {0}  # kernel 1 has no site


def test_match_jaspar_without_pyjaspar_says_how_to_install(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pyjaspar(name, *args, **kwargs):
        if name == "pyjaspar":
            raise ImportError("No module named 'pyjaspar'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyjaspar)
    X, y = planted()
    insp = MotifInspector(detector_model(X.shape[1])).fit(X, y)
    with pytest.raises(ImportError, match=r"pip install skseq\[jaspar\]"):
        insp.match("jaspar")


def test_read_meme_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.meme"):
        read_meme(tmp_path / "missing.meme")
    bad = tmp_path / "bad.meme"
    bad.write_text(
        "MEME version 4\n\nMOTIF m1\nletter-probability matrix: alength= 4 w= 2\n"
        "0.25 0.25 0.25 0.25\nnot numbers here\n"
    )
    with pytest.raises(ValueError, match="bad.meme, line 6"):
        read_meme(bad)


def test_report_writes_page_and_images(tmp_path):
    X, y = planted()
    insp = MotifInspector(detector_model(X.shape[1])).fit(X, y)
    index = insp.report(tmp_path / "motifs")
    text = index.read_text()
    assert index.name == "index.html"
    # ranked by importance: kernel 0 first
    assert text.index("kernel 0</h2>") < text.index("kernel 1</h2>")
    for name in [
        "activation_heatmap.png",
        "kernel_0_logo.png",
        "kernel_0_positions.png",
        "kernel_0_classes.png",
    ]:
        assert (tmp_path / "motifs" / name).stat().st_size > 1000
        assert name in text
    # drawn in two processes: the same page and files
    parallel = insp.report(tmp_path / "parallel", n_jobs=2)
    assert parallel.read_text() == text
    assert sorted(p.name for p in (tmp_path / "parallel").iterdir()) == sorted(
        p.name for p in (tmp_path / "motifs").iterdir()
    )


def test_sklearn_contract_and_errors():
    X, y = planted()
    model = detector_model(X.shape[1])
    insp = MotifInspector(model, threshold="fraction", fraction=0.3)
    assert clone(insp).get_params()["fraction"] == 0.3
    with pytest.raises(ValueError, match="threshold"):
        MotifInspector(model, threshold="median").fit(X, y)
    with pytest.raises(ValueError, match="fraction"):
        MotifInspector(model, fraction=0).fit(X, y)
    with pytest.raises(ValueError, match="not a layer of the model"):
        MotifInspector(model, layer="conv_9").fit(X, y)
    with pytest.raises(ValueError, match="length 20, but 30 are expected"):
        MotifInspector(model).fit(X[:, :20], y)
    with pytest.raises(ValueError, match="y has 3 entries"):
        MotifInspector(model).fit(X, y[:3])
    bad = X.astype("float32")
    bad[4, 2, 1] = np.nan
    with pytest.raises(ValueError, match="sequence 4, position 2, channel 1"):
        MotifInspector(model).fit(bad, y)
    with pytest.raises(ValueError, match="encoded sequences"):
        MotifInspector(model).fit(["ACGT"] * 3)
    with pytest.raises(ValueError, match="channel_names has 3 names"):
        MotifInspector(model, channel_names=list("ACG")).fit(X, y)


def _tiny_classifier():
    from skseq import SequenceCNNClassifier

    return SequenceCNNClassifier(
        architecture="pysster",
        n_conv_layers=1,
        n_filters=4,
        kernel_size=7,
        dense_units=8,
        epochs=2,
        validation_fraction=0,
        random_state=0,
    )


def test_estimators_pipeline_pickle_and_unfitted():
    from sklearn.pipeline import make_pipeline

    from skseq import SequenceOneHotTransformer

    X, y = planted()
    seqs = np.array(["".join(ALPHABET[i] for i in row.argmax(-1)) for row in X], dtype=object)
    pipe = make_pipeline(SequenceOneHotTransformer(alphabet="DNA"), _tiny_classifier())
    with pytest.raises(NotFittedError):
        MotifInspector(pipe[-1]).fit(X, y)
    pipe.fit(seqs, y)
    from_strings = MotifInspector(pipe).fit(seqs, y)
    from_arrays = MotifInspector(pipe[-1]).fit(X, y)
    assert from_strings.layer_name_ == "conv_1" and len(from_strings.motifs_) == 4
    assert from_strings.groups_ == [0, 1]
    np.testing.assert_allclose(
        from_strings.max_activations_, from_arrays.max_activations_, rtol=1e-5
    )
    restored = pickle.loads(pickle.dumps(from_strings))
    np.testing.assert_allclose(restored.importance_, from_strings.importance_)
    assert restored.consensus_ == from_strings.consensus_
    with pytest.raises(ValueError, match="labels \\[7\\]"):
        MotifInspector(pipe).fit(seqs, np.where(y == 1, 7, 0))


def test_match_uses_reverse_complements_for_dna_only():
    from skseq.inspection import match_motifs

    def ppm(seq, columns=ALPHABET):
        return pd.DataFrame(
            np.eye(4)[[ALPHABET.index(c) for c in seq]] * 0.96 + 0.01, columns=list(columns)
        )

    rng = np.random.default_rng(0)
    targets = {f"D{i:02d} decoy": ppm("".join(rng.choice(list(ALPHABET), 7))) for i in range(30)}
    targets["RC rev_comp"] = ppm("TGTAATC")  # reverse complement of GATTACA
    dna = match_motifs({"q": ppm(MOTIF)}, targets, n_best=1).iloc[0]
    assert (dna.target_id, dna.orientation) == ("RC", "-")
    rna = match_motifs({"q": ppm(MOTIF, "ACGU")}, targets, n_best=40)
    assert set(rna.orientation) == {"+"}
