"""skseq.io.save / load: the safe format (skops + .keras archives), and pickle beside it."""

import json
import os
import pickle
import zipfile

import keras
import numpy as np
import pytest
from sklearn.pipeline import make_pipeline

from skseq import ChannelUnion, SequenceOneHotTransformer, StructureTransformer
from skseq.io._persistence import UntrustedTypesError, load, save
from skseq.models import SequenceCNNClassifier, SequenceCNNRegressor

TINY = dict(n_filters=2, dense_units=4, epochs=1, batch_size=16, random_state=0)


def rna(n=32, length=16, seed=0):
    rng = np.random.default_rng(seed)
    seqs = np.array(["".join(rng.choice(list("ACGU"), length)) for _ in range(n)])
    return seqs, np.arange(n) % 2


def lambda_builder(input_shape, n_outputs, output_activation):
    """A user's network with a Lambda layer (module level, so pickle finds the builder)."""
    inputs = keras.Input(shape=input_shape, name="sequence")
    x = keras.layers.Lambda(lambda t: 2.0 * t, name="double")(inputs)
    x = keras.layers.Conv1D(2, 3, name="conv_1")(x)
    x = keras.layers.GlobalMaxPooling1D()(x)
    return keras.Model(inputs, keras.layers.Dense(n_outputs, activation=output_activation)(x))


@pytest.fixture(scope="module")
def onehot_pipeline():
    seqs, y = rna()
    pipe = make_pipeline(SequenceOneHotTransformer(alphabet="RNA"), SequenceCNNClassifier(**TINY))
    return pipe.fit(seqs, y), seqs


def test_onehot_pipeline_round_trip_gives_identical_predictions(onehot_pipeline, tmp_path):
    pipe, seqs = onehot_pipeline
    path = tmp_path / "model.skops"
    save(pipe, path)
    loaded = load(path)
    np.testing.assert_array_equal(loaded.predict_proba(seqs), pipe.predict_proba(seqs))
    assert loaded[-1].history_ == pipe[-1].history_
    assert loaded[-1].get_params() == pipe[-1].get_params()
    assert [p.name for p in loaded[-1].model_.weights] == [p.name for p in pipe[-1].model_.weights]
    # the network is stored as a .keras archive inside the skops zip
    with zipfile.ZipFile(path) as archive:
        blobs = [archive.read(n) for n in archive.namelist() if n.endswith(".bin")]
    assert any(blob[:2] == b"PK" for blob in blobs)
    # the file gets the permissions of any new file (umask), not a temporary file's 0600
    (tmp_path / "plain").write_bytes(b"")
    assert path.stat().st_mode == (tmp_path / "plain").stat().st_mode


def test_structure_channels_pipeline_round_trip(tmp_path):
    seqs, y = rna(24, 20, seed=1)
    union = ChannelUnion(
        [
            ("onehot", SequenceOneHotTransformer(alphabet="RNA")),
            ("structure", StructureTransformer()),
        ]
    )
    pipe = make_pipeline(union, SequenceCNNClassifier(**TINY)).fit(seqs, y)
    save(pipe, tmp_path / "structure.skops")
    loaded = load(tmp_path / "structure.skops")
    np.testing.assert_array_equal(loaded.predict_proba(seqs), pipe.predict_proba(seqs))


def test_regressor_and_unfitted_estimator_round_trip(tmp_path):
    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(30, 10))]
    reg = SequenceCNNRegressor(**TINY).fit(X, rng.normal(size=(30, 2)))
    save(reg, tmp_path / "reg.skops")
    np.testing.assert_array_equal(load(tmp_path / "reg.skops").predict(X), reg.predict(X))
    save(SequenceCNNClassifier(n_filters=np.int64(3)), tmp_path / "unfitted.skops")
    unfitted = load(tmp_path / "unfitted.skops")
    assert unfitted.n_filters == 3 and not hasattr(unfitted, "model_")


def test_user_builder_is_untrusted_until_named(tmp_path):
    seqs, y = rna()
    X = SequenceOneHotTransformer(alphabet="RNA").fit_transform(seqs)

    clf = SequenceCNNClassifier(**TINY, model=_plain_builder).fit(X, y)
    save(clf, tmp_path / "builder.skops")
    with pytest.raises(UntrustedTypesError, match=r"not trusted: .*_plain_builder.*trusted=\["):
        load(tmp_path / "builder.skops")


def _plain_builder(input_shape, n_outputs, output_activation):
    inputs = keras.Input(shape=input_shape, name="sequence")
    x = keras.layers.GlobalMaxPooling1D()(keras.layers.Conv1D(2, 3, name="conv_1")(inputs))
    return keras.Model(inputs, keras.layers.Dense(n_outputs, activation=output_activation)(x))


def test_tampered_file_naming_os_system_raises_before_anything_runs(onehot_pipeline, tmp_path):
    pipe, _ = onehot_pipeline
    path = tmp_path / "model.skops"
    save(pipe, path)
    with zipfile.ZipFile(path) as src:
        files = {n: src.read(n) for n in src.namelist()}
    schema = json.loads(files["schema.json"])
    marker = tmp_path / "pwned"
    # swap the Pipeline's "memory" parameter for a call of os.system
    schema["content"]["content"]["memory"] = {
        "__class__": "system",
        "__module__": "os",
        "__loader__": "FunctionNode",
        "content": {"module_path": "os", "function": "system"},
    }
    files["schema.json"] = json.dumps(schema).encode()
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in files.items():
            dst.writestr(name, data)
    with pytest.raises(UntrustedTypesError, match=r"not trusted: os\.system"):
        load(path)
    assert not marker.exists()


def test_lambda_network_pickles_but_refuses_the_safe_format(tmp_path):
    seqs, y = rna()
    X = SequenceOneHotTransformer(alphabet="RNA").fit_transform(seqs)
    clf = SequenceCNNClassifier(**TINY, model=lambda_builder).fit(X, y)
    restored = pickle.loads(pickle.dumps(clf))  # was: "cannot be unpickled" in safe mode
    np.testing.assert_array_equal(restored.predict_proba(X), clf.predict_proba(X))

    path = tmp_path / "lambda.skops"
    path.write_bytes(b"an older file")
    with pytest.raises(ValueError, match=r"Lambda layers \(double\).*safe mode.*pickle"):
        save(clf, path)
    assert path.read_bytes() == b"an older file"  # written whole or not at all
    assert [p.name for p in tmp_path.iterdir()] == ["lambda.skops"]  # no temporary left


def test_unregistered_custom_layer_fails_at_save_time(tmp_path):
    class Scale(keras.layers.Layer):  # not registered: safe-mode loading cannot find it
        def call(self, x):
            return 2.0 * x

    def builder(input_shape, n_outputs, output_activation):
        inputs = keras.Input(shape=input_shape, name="sequence")
        x = keras.layers.Conv1D(2, 3, name="conv_1")(Scale()(inputs))
        x = keras.layers.GlobalMaxPooling1D()(x)
        return keras.Model(inputs, keras.layers.Dense(n_outputs, activation=output_activation)(x))

    seqs, y = rna()
    X = SequenceOneHotTransformer(alphabet="RNA").fit_transform(seqs)
    clf = SequenceCNNClassifier(**TINY, model=builder).fit(X, y)
    with pytest.raises(ValueError, match="cannot be loaded back in Keras' safe mode"):
        save(clf, tmp_path / "custom.skops")
    assert not os.listdir(tmp_path)


def test_pickle_still_round_trips(onehot_pipeline):
    pipe, seqs = onehot_pipeline
    restored = pickle.loads(pickle.dumps(pipe))
    np.testing.assert_array_equal(restored.predict_proba(seqs), pipe.predict_proba(seqs))
