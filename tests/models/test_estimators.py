"""SequenceCNNClassifier and SequenceCNNRegressor: learning, target kinds, input forms, errors."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone

from skseq.models import SequenceCNNClassifier, SequenceCNNRegressor

TINY = dict(n_filters=4, kernel_size=4, dense_units=8, epochs=2, batch_size=32, random_state=0)
MOTIF = [0, 1, 2, 3, 3, 2]  # ACGTTG


def one_hot(n, length, seed=0):
    rng = np.random.default_rng(seed)
    return np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(n, length))]


def motif_data(n=300, length=40, seed=0):
    """Random one-hot sequences; label 1 sequences carry ACGTTG at a random position."""
    rng = np.random.default_rng(seed)
    X = one_hot(n, length, seed)
    y = rng.integers(0, 2, n)
    for i in np.flatnonzero(y):
        start = rng.integers(0, length - len(MOTIF))
        X[i, start : start + len(MOTIF)] = np.eye(4, dtype=np.uint8)[MOTIF]
    return X, y


@pytest.fixture
def traced(monkeypatch):
    """Train in graphs, as on data of real size, not eagerly as tiny fits do.

    For a fit of many gradient steps tracing pays (measured: 2 to 3.5x less time for the
    fits of 100 to 250 steps below); what the fit computes is the same.
    """
    monkeypatch.setattr("skseq.models._training._MAX_EAGER_POSITIONS", 0)


@pytest.fixture(scope="module")
def binary():
    return motif_data(160, 30)


@pytest.fixture(scope="module")
def fitted(binary):
    X, y = binary
    return SequenceCNNClassifier(**TINY).fit(X, y)


def test_learns_planted_motif_on_held_out_split(traced):
    X, y = motif_data(400, 40, seed=1)
    clf = SequenceCNNClassifier(
        architecture="deepbind",
        n_filters=8,
        kernel_size=6,
        dropout_dense=0.0,
        learning_rate=0.01,
        batch_size=32,
        epochs=20,
        random_state=0,
    )
    clf.fit(X[:300], y[:300])
    assert clf.score(X[300:], y[300:]) >= 0.9


def test_binary_outputs(fitted, binary):
    X, y = binary
    proba = fitted.predict_proba(X)
    assert proba.shape == (len(X), 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-6)
    assert set(fitted.predict(X)) <= {0, 1}
    np.testing.assert_array_equal(fitted.classes_, [0, 1])
    assert fitted.input_shape_ == (30, 4)
    assert fitted.n_features_in_ == 120
    assert fitted.n_outputs_ == 1
    assert fitted.model_.output_shape == (None, 1)


def test_history_and_best_epoch(fitted):
    h = fitted.history_
    for key in ("loss", "val_loss", "accuracy", "val_accuracy", "auc", "learning_rate"):
        assert len(h[key]) == fitted.n_epochs_ == 2
    assert fitted.best_epoch_ == int(np.argmin(h["val_loss"])) + 1


def test_early_stopping_restores_best_epoch(traced):
    X, y = motif_data(300, 20)  # learned: patiences count once the loss leaves chance
    params = {**TINY, "epochs": 60, "patience": 1, "lr_patience": None, "learning_rate": 0.02}
    clf = SequenceCNNClassifier(**params).fit(X, y)
    # 240 sequences trained on in batches of 32: 8 steps per epoch, so patience 1 waits 40
    # steps, 5 epochs
    assert clf.n_epochs_ < 60
    assert clf.n_epochs_ == clf.best_epoch_ + 5


def test_patience_of_short_epochs_counts_steps():
    from skseq.models._training import patience_in_epochs

    assert patience_in_epochs(1, 8) == 5 and patience_in_epochs(6, 40) == 6
    assert patience_in_epochs(6, 19) == 13 and patience_in_epochs(None, 1) is None


def test_multiclass_string_labels():
    X = one_hot(150, 25)
    y = np.array(["cat", "dog", "emu"])[np.arange(150) % 3]
    clf = SequenceCNNClassifier(**TINY).fit(X, y)
    np.testing.assert_array_equal(clf.classes_, ["cat", "dog", "emu"])
    assert clf.predict_proba(X).shape == (150, 3)
    assert set(clf.predict(X)) <= {"cat", "dog", "emu"}
    assert clf.model_.output_shape == (None, 3)


def test_multilabel_indicator():
    X = one_hot(120, 25)
    y = np.random.default_rng(0).integers(0, 2, size=(120, 3))
    clf = SequenceCNNClassifier(**TINY).fit(X, y)
    assert clf.predict(X).shape == (120, 3)
    proba = clf.predict_proba(X)
    assert proba.shape == (120, 3) and ((proba >= 0) & (proba <= 1)).all()


@pytest.mark.parametrize("shape", [(120,), (120, 3)])
def test_regression_single_and_multi_output(shape):
    X = one_hot(120, 25)
    y = np.random.default_rng(0).normal(size=shape)
    reg = SequenceCNNRegressor(**TINY).fit(X, y)
    assert reg.predict(X).shape == shape
    assert reg.n_outputs_ == (1 if len(shape) == 1 else shape[1])
    assert np.isfinite(reg.score(X, y))


def test_regressor_learns_gc_content(traced):
    X = one_hot(400, 30, seed=2)
    y = X[:, :, 1:3].sum(axis=(1, 2)) / 30.0  # GC fraction
    reg = SequenceCNNRegressor(
        n_conv_layers=1,
        n_filters=8,
        kernel_size=1,
        dense_units=16,
        dropout_input=0,
        dropout_conv=0,
        dropout_dense=0,
        learning_rate=0.005,
        epochs=40,
        batch_size=32,
        random_state=0,
    )
    reg.fit(X[:300], y[:300])
    assert reg.score(X[300:], y[300:]) > 0.7


def test_two_d_input(binary):
    X, y = binary
    flat = X.reshape(len(X), -1)
    clf = SequenceCNNClassifier(**TINY, n_channels=4).fit(flat, y)
    assert clf.input_shape_ == (30, 4)
    np.testing.assert_allclose(clf.predict_proba(flat), clf.predict_proba(X))
    one_channel = SequenceCNNClassifier(**TINY).fit(flat, y)
    assert one_channel.input_shape_ == (120, 1)


@pytest.mark.parametrize("dtype", [np.uint8, np.int64, np.float32, np.float64, bool])
def test_numeric_dtypes(dtype, binary):
    X, y = binary
    clf = SequenceCNNClassifier(**{**TINY, "epochs": 1}).fit(X.astype(dtype), y)
    assert clf.predict(X.astype(dtype)).shape == (len(X),)


def test_uint8_input_is_not_copied_or_modified(binary):
    X, y = binary
    before = X.copy()
    clf = SequenceCNNClassifier(**TINY)
    checked = clf._validate_X(X, reset=True)
    assert checked.dtype == np.uint8 and np.shares_memory(checked, X)
    flat = X.reshape(len(X), -1)
    assert np.shares_memory(
        SequenceCNNClassifier(**TINY, n_channels=4)._validate_X(flat, reset=True), X
    )
    clf.fit(X, y)
    np.testing.assert_array_equal(X, before)


def test_same_seed_same_predictions_and_pickle(fitted, binary):
    X, y = binary
    again = SequenceCNNClassifier(**TINY).fit(X, y)
    np.testing.assert_array_equal(again.predict_proba(X), fitted.predict_proba(X))
    other = SequenceCNNClassifier(**{**TINY, "random_state": 1}).fit(X, y)
    assert not np.array_equal(other.predict_proba(X), fitted.predict_proba(X))
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.predict_proba(X), fitted.predict_proba(X))
    assert restored.history_ == fitted.history_


def test_global_random_state_untouched(binary):
    X, y = binary
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    SequenceCNNClassifier(**{**TINY, "epochs": 1}).fit(X, y)
    assert np.random.random() == expected


def test_clone_and_set_params():
    clf = SequenceCNNClassifier(n_filters=7, class_weight="balanced")
    params = clf.get_params()
    assert params["n_filters"] == 7 and "optimizer" not in params
    twin = clone(clf)
    assert twin.get_params() == params
    assert twin.set_params(kernel_size=5).kernel_size == 5
    assert set(SequenceCNNRegressor().get_params()) == set(params) - {"class_weight"}


def test_class_weight(binary):
    X, y = binary
    clf = SequenceCNNClassifier(**{**TINY, "class_weight": "balanced"}).fit(X, y)
    assert clf.predict(X).shape == (len(X),)
    SequenceCNNClassifier(**{**TINY, "class_weight": {0: 1.0, 1: 3.0}}).fit(X, y)
    with pytest.raises(ValueError, match="class_weight names classes"):
        SequenceCNNClassifier(**{**TINY, "class_weight": {7: 1.0}}).fit(X, y)


def test_user_supplied_builder(binary):
    import keras

    def builder(input_shape, n_outputs, output_activation):
        inputs = keras.Input(shape=input_shape, name="sequence")
        x = keras.layers.Conv1D(3, 5, activation="relu", name="conv_1")(inputs)
        x = keras.layers.GlobalMaxPooling1D()(x)
        return keras.Model(inputs, keras.layers.Dense(n_outputs, output_activation)(x))

    X, y = binary
    clf = SequenceCNNClassifier(**TINY, model=builder).fit(X, y)
    assert clf.model_.get_layer("conv_1").kernel.shape == (5, 4, 3)
    assert clf.predict_proba(X).shape == (len(X), 2)
    with pytest.raises(TypeError, match="must return a keras.Model"):
        SequenceCNNClassifier(**TINY, model=lambda *a: "no model").fit(X, y)


def test_global_features_reach_the_dense_layers(traced):
    # The label is the sign of a whole-sequence feature; the sequence itself is noise.
    rng = np.random.default_rng(0)
    X = one_hot(300, 20).astype(np.float32)
    feature = rng.normal(size=300).astype(np.float32)
    X = np.concatenate([X, np.repeat(feature[:, None, None], 20, axis=1)], axis=2)
    y = (feature > 0).astype(int)
    clf = SequenceCNNClassifier(
        architecture="deepbind",
        n_filters=2,
        n_global_features=1,
        dropout_dense=0,
        learning_rate=0.02,
        batch_size=32,
        epochs=20,
        validation_fraction=0,
        random_state=0,
    )
    clf.fit(X[:200], y[:200])
    assert clf.model_.get_layer("conv_1").kernel.shape[1] == 4  # sequence channels only
    assert clf.score(X[200:], y[200:]) >= 0.9


def test_verbose_reaches_keras(binary, capsys):
    X, y = binary
    SequenceCNNClassifier(**{**TINY, "epochs": 1, "verbose": 2}).fit(X, y)
    assert "val_loss:" in capsys.readouterr().out


# ----------------------------------------------------------------------------------- errors
@pytest.mark.parametrize("bad_shape", [(50,), (5, 10, 4, 2)])
def test_wrong_rank(bad_shape):
    with pytest.raises(ValueError, match="X must be 3-D"):
        SequenceCNNClassifier(**TINY).fit(np.zeros(bad_shape), np.arange(bad_shape[0]) % 2)


def test_shape_at_predict_differs_from_fit(fitted):
    with pytest.raises(ValueError, match="length 31 with 4 channels.*length 30 with 4"):
        fitted.predict(one_hot(5, 31))
    with pytest.raises(ValueError, match="length 30 with 5 channels.*length 30 with 4"):
        fitted.predict(np.zeros((5, 30, 5)))
    with pytest.raises(ValueError, match="X has 100 features.*expecting 120 features"):
        fitted.predict(np.zeros((5, 100)))


def test_non_finite_input_named_with_position(binary):
    X, y = binary
    Xf = X.astype(np.float32)
    Xf[7, 12, 2] = np.nan
    with pytest.raises(ValueError, match="sequence 7, position 12, channel 2"):
        SequenceCNNClassifier(**TINY).fit(Xf, y)
    yf = y.astype(float)
    yf[3] = np.inf
    with pytest.raises(ValueError, match=r"y contains NaN or infinity at index \(3,\)"):
        SequenceCNNRegressor(**TINY).fit(X, yf)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"architecture": "resnet"}, "architecture.*'basset'"),
        ({"dropout_conv": -0.1}, "dropout_conv"),
        ({"dropout_dense": 1.0}, "dropout_dense"),
        ({"validation_fraction": 1.0}, "validation_fraction"),
        ({"n_filters": 0}, "n_filters"),
        ({"learning_rate": 0}, "learning_rate"),
        ({"class_weight": "even"}, "class_weight"),
        ({"n_channels": 3}, "n_channels=3 but X has 4 channels"),
        ({"n_global_features": 4}, "n_global_features=4 must be smaller than the 4 channels"),
    ],
)
def test_bad_hyperparameters_fail_before_training(params, match, binary, monkeypatch):
    import keras

    def no_training(*args, **kwargs):
        raise AssertionError("training started")

    monkeypatch.setattr(keras.Model, "fit", no_training)
    X, y = binary
    with pytest.raises(ValueError, match=match):
        SequenceCNNClassifier(**{**TINY, **params}).fit(X, y)


def test_bad_data(binary):
    X, y = binary
    clf = SequenceCNNClassifier(**TINY)
    with pytest.raises(ValueError, match="only one class"):
        clf.fit(X, np.zeros(len(X)))
    with pytest.raises(ValueError, match="no sequences"):
        clf.fit(X[:0], y[:0])
    with pytest.raises(ValueError, match="160 sequences but y has 159"):
        clf.fit(X, y[:-1])
    with pytest.raises(ValueError, match="encode the sequences first"):
        clf.fit(np.array([["ACGU"], ["GGCA"]]), [0, 1])
    with pytest.raises(ValueError, match="requires y"):
        clf.fit(X, None)
    with pytest.raises(ValueError, match="Unknown label type"):
        clf.fit(X, np.linspace(0, 1, len(X)))
    with pytest.raises(TypeError, match="sparse"):
        import scipy.sparse as sp

        clf.fit(sp.csr_matrix(X.reshape(len(X), -1)), y)


def test_predict_before_fit():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        SequenceCNNClassifier().predict(one_hot(3, 10))


def test_fit_passes_extra_keras_callbacks_for_this_fit_only():
    import keras

    class CountEpochs(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.epochs_seen = 0

        def on_epoch_end(self, epoch, logs=None):
            self.epochs_seen += 1

    rng = np.random.default_rng(0)
    X = np.eye(4, dtype=np.uint8)[rng.integers(0, 4, size=(60, 12))]
    y = rng.integers(0, 2, 60)
    counter = CountEpochs()
    clf = SequenceCNNClassifier(n_filters=2, dense_units=4, epochs=3, patience=None, random_state=0)
    clf.fit(X, y, callbacks=[counter])
    assert counter.epochs_seen == 3
    assert "callbacks" not in clf.get_params()


def test_early_stopping_and_rate_reduction_wait_for_fifty_steps(traced):
    # 40 examples, 32 trained on, in batches of 64: an epoch is one gradient step. The motif
    # is learned within a few steps, and patience 1 would then stop (and halve the rate)
    # within a few more if the first epochs were watched.
    X, y = motif_data(40, 20)
    params = {**TINY, "epochs": 60, "batch_size": 64, "patience": 1, "lr_patience": 1}
    params["learning_rate"] = 0.02
    clf = SequenceCNNClassifier(**params).fit(X, y)
    assert clf.n_epochs_ >= 52  # 50 unwatched, the first watched and one of patience
    assert len(set(clf.history_["learning_rate"][:50])) == 1
    assert clf.best_epoch_ > 50


def test_noise_labels_never_leave_chance_so_nothing_stops_early(traced):
    # Labels that are noise: the validation loss never falls below the loss of chance, so
    # early stopping (patience 1) does not count before MAX_PLATEAU_STEPS steps: all epochs run
    rng = np.random.default_rng(0)
    X, y = one_hot(400, 20), rng.permutation(np.arange(400) % 2)
    params = {**TINY, "epochs": 25, "batch_size": 64, "patience": 1, "lr_patience": 1}
    clf = SequenceCNNClassifier(**params).fit(X, y)
    assert min(clf.history_["val_loss"]) > 0.99 * np.log(2)
    assert clf.n_epochs_ == 25
    assert len(set(clf.history_["learning_rate"])) == 1
