"""The inspector keeps what it read at fit and never writes to the user's network."""

import threading

import keras
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from skseq.attribution import saliency
from skseq.inspection import MotifInspector

MOTIF = "GATTACA"


def _data(n=60, length=30, seed=0):
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 4, (n, length))
    codes[1::2, 9:16] = ["ACGT".index(c) for c in MOTIF]
    seqs = np.array(["".join("ACGT"[i] for i in row) for row in codes], dtype=object)
    return seqs, np.eye(4, dtype="uint8")[codes], np.arange(n) % 2


def _pipeline(seed=0, epochs=1):
    from skseq import SequenceCNNClassifier, SequenceOneHotTransformer

    return make_pipeline(
        SequenceOneHotTransformer(alphabet="DNA"),
        SequenceCNNClassifier(
            architecture="pysster",
            n_conv_layers=1,
            n_filters=4,
            kernel_size=7,
            dense_units=8,
            epochs=epochs,
            validation_fraction=0,
            random_state=seed,
        ),
    )


def _weights(model):
    return [np.array(w, copy=True) for w in model.get_weights()]


def test_attributions_after_a_refit_come_from_the_inspected_network():
    seqs, X, y = _data()
    pipe = _pipeline().fit(seqs, y)
    first = pipe[-1].model_
    insp = MotifInspector(pipe).fit(seqs, y)
    expected = saliency(first, X[:3], target=0)
    pipe.set_params(sequencecnnclassifier__random_state=1).fit(seqs[::-1], y[::-1])
    assert pipe[-1].model_ is not first
    assert insp.network_ is first
    np.testing.assert_allclose(insp.attributions(seqs[:3]), expected, rtol=1e-5)
    assert not np.allclose(saliency(pipe, seqs[:3]), expected)


def test_transformers_are_copied_at_fit():
    seqs, _X, y = _data()
    pipe = _pipeline().fit(seqs, y)
    insp = MotifInspector(pipe).fit(seqs, y)
    assert insp.transform_ is not None and insp.transform_[0] is not pipe[0]
    pipe[0].set_params(alphabet="RNA").fit(seqs)  # the user changes the encoder afterwards
    assert insp.attributions(seqs[:2]).shape == (2, 30, 4)


def test_a_network_trained_in_place_after_fit_is_refused():
    seqs, X, y = _data()
    inp = keras.Input((30, 4))
    conv = keras.layers.Conv1D(3, 5, activation="relu")(inp)
    model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.GlobalMaxPooling1D()(conv)))
    insp = MotifInspector(model).fit(X, y)
    weights = _weights(model)
    weights[0][0, 0, 0] += 1.0
    model.set_weights(weights)
    with pytest.raises(ValueError, match="weights changed since fit"):
        insp.attributions(X[:1])


def test_occlusion_never_writes_to_the_network_even_for_a_moment():
    seqs, X, y = _data(n=400)
    pipe = _pipeline().fit(seqs[:60], y[:60])
    model = pipe[-1].model_
    before = _weights(model)
    seen_changed, reads = [], []
    done = threading.Event()

    def watch():
        # another thread reading the network while occlusion runs; with the old in-place
        # silencing it would see zeroed kernels
        while not done.is_set():
            now = model.get_weights()
            reads.append(1)
            if any(not np.array_equal(a, b) for a, b in zip(before, now)):
                seen_changed.append(1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        MotifInspector(pipe, batch_size=64).fit(seqs, y)
    finally:
        done.set()
        watcher.join()
    assert len(reads) > 5 and not seen_changed
    for a, b in zip(before, model.get_weights()):
        assert a.tobytes() == b.tobytes()


def test_occlusion_matches_silencing_a_copy():
    seqs, X, y = _data()
    pipe = _pipeline().fit(seqs, y)
    model = pipe[-1].model_
    insp = MotifInspector(pipe[-1]).fit(X, y)
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    conv = copy.get_layer(insp.layer_name_)
    kernel, bias = conv.get_weights()
    kernel[..., 2], bias[2] = 0.0, 0.0
    conv.set_weights([kernel, bias])

    def log_loss(p):
        p = np.clip(p[:, 0], 1e-7, 1 - 1e-7)
        return -np.mean(np.where(y == 1, np.log(p), np.log(1 - p)))

    X32 = X.astype("float32")
    expected = log_loss(copy.predict(X32, verbose=0)) - log_loss(model.predict(X32, verbose=0))
    assert insp.importance_[2] == pytest.approx(expected, rel=1e-3, abs=1e-6)


def test_clone_keeps_the_fitted_estimator():
    seqs, _X, y = _data()
    pipe = _pipeline().fit(seqs, y)
    insp = MotifInspector(pipe, threshold="fraction", fraction=0.3).fit(seqs, y)
    twin = clone(insp)
    assert twin.estimator is pipe and twin.get_params()["fraction"] == 0.3
    assert not hasattr(twin, "motifs_")
    np.testing.assert_allclose(twin.fit(seqs, y).max_activations_, insp.max_activations_)


def test_report_does_not_depend_on_match(tmp_path):
    seqs, _X, y = _data()
    insp = MotifInspector(_pipeline().fit(seqs, y)).fit(seqs, y)
    first = insp.report(tmp_path / "a").read_text()
    assert "pass <code>matches=inspector.match(...)</code>" in first
    assert not hasattr(insp, "matches_")
    with pytest.raises(ValueError, match="lacks the columns"):
        insp.report(tmp_path / "b", matches=np.zeros(3))


def test_all_zero_input_reports_no_sites_and_no_motif():
    _seqs, X, y = _data()
    inp = keras.Input((30, 4))
    conv = keras.layers.Conv1D(3, 4, activation="relu", bias_initializer="ones")(inp)
    model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.GlobalMaxPooling1D()(conv)))
    zeros = np.zeros((10, 30, 4), dtype="float32")
    with pytest.warns(UserWarning, match="no kernel has any site in the 10 sequences"):
        insp = MotifInspector(model).fit(zeros)
    assert insp.n_sites_.tolist() == [0, 0, 0]
    assert all(m.isna().all().all() for m in insp.motifs_)
    assert insp.consensus_ == ["", "", ""]
    with pytest.raises(ValueError, match="no kernel has any site; there is nothing to match"):
        insp.match({"m": insp.motifs_[0]})


def test_a_fitted_model_without_a_network_or_without_convolution_is_named():
    seqs, X, y = _data()
    from skseq import SequenceOneHotTransformer

    logistic = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression())
    logistic.fit(seqs, y)
    with pytest.raises(TypeError, match="LogisticRegression, which has no Keras network"):
        MotifInspector(logistic).fit(seqs, y)
    inp = keras.Input((30, 4))
    dense = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(inp)))
    with pytest.raises(ValueError, match="no keras.layers.Conv1D layer .* 'fully_connected'"):
        MotifInspector(dense).fit(X, y)
