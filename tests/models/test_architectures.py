"""Network presets: they build, expose the first convolution where tools look, and train."""

import warnings

import keras
import numpy as np
import pytest

from skseq._presets import HONOURED_PARAMETERS, SIZE_PARAMETERS
from skseq.models import ARCHITECTURES, PRESETS, SequenceCNNClassifier, build_sequence_cnn

SIZES = dict(n_filters=4, kernel_size=5, dense_units=8)
CONV_PRESETS = [name for name in ARCHITECTURES if PRESETS[name].has_convolution]


@pytest.mark.parametrize("architecture", CONV_PRESETS)
def test_preset_layout(architecture):
    model = build_sequence_cnn((40, 4), 3, "softmax", architecture=architecture, **SIZES)
    assert [t.name for t in model.inputs] == ["sequence"] or model.input_shape == (None, 40, 4)
    assert model.layers[0].name == "sequence"
    first_conv = next(layer for layer in model.layers if isinstance(layer, keras.layers.Conv1D))
    assert first_conv.name == "conv_1"
    assert first_conv.kernel.shape[1] == 4
    assert model.get_layer("output").activation.__name__ == "softmax"
    assert model.output_shape == (None, 3)
    # The motif tools build this sub-model: input to first-convolution activations.
    sub = keras.Model(model.inputs, first_conv.output)
    assert sub.predict(np.zeros((2, 40, 4), np.float32), verbose=0).shape[:2] == (2, 40)


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_preset_fits_one_epoch(architecture):
    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(64, 40))]
    y = rng.integers(0, 2, 64)
    sizes = {k: v for k, v in SIZES.items() if k in HONOURED_PARAMETERS[architecture]}
    clf = SequenceCNNClassifier(
        architecture=architecture, epochs=1, batch_size=32, random_state=0, **sizes
    ).fit(X, y)
    assert clf.predict_proba(X).shape == (64, 2)


def test_which_sizes_each_preset_honours():
    def conv1(arch, **kw):
        model = build_sequence_cnn((60, 4), 1, "sigmoid", architecture=arch, **kw)
        return model.get_layer("conv_1").kernel.shape

    assert conv1("pysster", n_filters=6, kernel_size=3) == (3, 4, 6)
    assert conv1("deepbind", n_filters=6, kernel_size=3) == (3, 4, 6)
    assert conv1("danq", n_filters=6, kernel_size=3) == (3, 4, 6)
    assert conv1("primer", n_filters=6, kernel_size=3) == (12, 4, 32)  # fixed network
    assert conv1("basset", n_filters=6, kernel_size=3) == (19, 4, 6)
    pysster = build_sequence_cnn((60, 4), 1, "sigmoid", n_conv_layers=3, n_dense_layers=2, **SIZES)
    names = [layer.name for layer in pysster.layers]
    assert {"conv_3", "dense_2", "flatten"} <= set(names) and "conv_4" not in names
    assert "global_max" in [
        layer.name
        for layer in build_sequence_cnn(
            (60, 4), 1, "sigmoid", architecture="global_max", **SIZES
        ).layers
    ]


def test_recurrent_units_add_bidirectional_lstm():
    model = build_sequence_cnn((30, 4), 1, "sigmoid", recurrent_units=5, **SIZES)
    lstm = model.get_layer("bilstm")
    assert isinstance(lstm, keras.layers.Bidirectional)
    assert lstm.output.shape[-1] == 10
    assert "bilstm" not in [
        layer.name for layer in build_sequence_cnn((30, 4), 1, "sigmoid", **SIZES).layers
    ]


def test_global_features_skip_convolutions():
    model = build_sequence_cnn((30, 6), 2, "linear", n_global_features=2, **SIZES)
    assert model.get_layer("conv_1").kernel.shape == (5, 4, 4)
    assert model.get_layer("global_features").output.shape == (None, 2)
    x = np.zeros((3, 30, 6), np.float32)
    x[:, :, 4:] = [[1.0, -2.0]]
    assert model.predict(x, verbose=0).shape == (3, 2)


def test_output_activation_and_unknown_architecture():
    model = build_sequence_cnn((30, 4), 2, "linear", **SIZES)
    assert model.get_layer("output").activation.__name__ == "linear"
    with pytest.raises(ValueError, match="'resnet'.*pysster, global_max, deepbind"):
        build_sequence_cnn((30, 4), 1, "sigmoid", architecture="resnet")
    with pytest.raises(ValueError, match="leaves no sequence channels"):
        build_sequence_cnn((30, 4), 1, "sigmoid", n_global_features=4)


def test_short_sequences_do_not_collapse():
    model = build_sequence_cnn((3, 4), 1, "sigmoid", n_conv_layers=3, pool_size=4, kernel_size=8)
    assert model.predict(np.zeros((2, 3, 4), np.float32), verbose=0).shape == (2, 1)


def test_registry_is_the_one_table():
    assert tuple(PRESETS) == ARCHITECTURES
    for name, preset in PRESETS.items():
        assert preset.honours == HONOURED_PARAMETERS[name] and callable(preset.builder)
    assert "fully_connected" in ARCHITECTURES


def test_fully_connected_preset_has_no_convolution():
    model = build_sequence_cnn(
        (20, 4), 1, "sigmoid", architecture="fully_connected", n_dense_layers=2, dense_units=6
    )
    assert not any(isinstance(layer, keras.layers.Conv1D) for layer in model.layers)
    assert [model.get_layer(f"dense_{i}").units for i in (1, 2)] == [6, 6]
    assert model.get_layer("flatten").output.shape == (None, 80)
    assert model.predict(np.zeros((2, 20, 4), np.float32), verbose=0).shape == (2, 1)
    # n_dense_layers=0: a logistic regression on the flattened one-hot input
    linear = build_sequence_cnn(
        (20, 4), 1, "sigmoid", architecture="fully_connected", n_dense_layers=0
    )
    assert [type(layer).__name__ for layer in linear.layers[1:]] == ["Dropout", "Flatten", "Dense"]


def _fit_warnings(**params):
    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(40, 16))]
    y = np.arange(40) % 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        SequenceCNNClassifier(epochs=1, random_state=0, **params).fit(X, y)
    return [str(w.message) for w in caught if issubclass(w.category, UserWarning)]


def test_ignored_parameter_warns_naming_it_and_the_preset():
    messages = _fit_warnings(architecture="primer", n_filters=300)
    assert any("architecture='primer' ignores n_filters=300" in m for m in messages), messages
    messages = _fit_warnings(architecture="deepbind", n_filters=3, kernel_size=5, dense_units=7)
    hit = [m for m in messages if "ignores" in m]
    assert (
        len(hit) == 1
        and "dense_units=7" in hit[0]
        and "n_filters" not in hit[0].split("ignores")[1].split("(")[0]
    )


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_honoured_or_default_parameters_do_not_warn(architecture):
    sizes = {k: v for k, v in SIZES.items() if k in HONOURED_PARAMETERS[architecture]}
    assert not [m for m in _fit_warnings(architecture=architecture, **sizes) if "ignores" in m]


def test_every_size_parameter_is_known():
    for honours in HONOURED_PARAMETERS.values():
        assert honours <= set(SIZE_PARAMETERS)


def test_docstrings_list_the_registered_presets():
    from skseq._presets import REGISTRY, preset_table
    from skseq.models import SequenceCNNRegressor, _presets

    choices = "{" + ", ".join(f'"{name}"' for name in REGISTRY) + "}"
    for doc in (SequenceCNNClassifier.__doc__, SequenceCNNRegressor.__doc__):
        assert f'architecture : "auto" or {choices}, default="auto"' in doc
        assert "{presets}" not in doc
    assert f"architecture : {choices}, default=" in build_sequence_cnn.__doc__
    assert preset_table() in _presets.__doc__
    assert [PRESETS[name].has_convolution for name in REGISTRY] == [
        spec.has_convolution for spec in REGISTRY.values()
    ]


def test_auto_picks_the_preset_by_length():
    from skseq._presets import AUTO_LONG_LENGTH

    assert SequenceCNNClassifier().architecture == "auto"
    rng = np.random.default_rng(0)
    y = np.array([0, 1] * 4)
    tiny = dict(n_conv_layers=1, n_filters=4, kernel_size=4, dense_units=4, epochs=1)
    for length, expected, layer in (
        (AUTO_LONG_LENGTH - 1, "pysster", "flatten"),
        (AUTO_LONG_LENGTH, "dilated_residual", "global_average"),
    ):
        X = np.eye(4, dtype="float32")[rng.integers(0, 4, size=(8, length))]
        clf = SequenceCNNClassifier(random_state=0, **tiny).fit(X, y)
        assert clf.architecture == "auto" and clf.architecture_ == expected
        assert layer in [lyr.name for lyr in clf.model_.layers]


def test_auto_warns_about_what_the_chosen_preset_ignores():
    X = np.eye(4, dtype="float32")[np.random.default_rng(0).integers(0, 4, size=(8, 600))]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        SequenceCNNClassifier(
            pool_size=3, n_conv_layers=1, n_filters=4, epochs=1, random_state=0
        ).fit(X, [0, 1] * 4)
    messages = [str(w.message) for w in caught]
    assert any("architecture='dilated_residual' ignores pool_size=3" in m for m in messages)
