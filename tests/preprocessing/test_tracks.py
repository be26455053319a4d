import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from skseq.preprocessing import ChannelUnion, SequenceOneHotTransformer, TrackTransformer

# lines in the format of pysster's *_pos.txt (one line of per-position values per sequence)
POS_TXT = "0.9 0.8 0.7 0.9 0.0\n0.0 0.0 0.2 0.7 0.8\n\n0.1 0.2 0.3 0.1 1.0\n"
ADD_TXT = "1\n2\n3\n"


def test_variable_length_arrays_are_padded_and_trimmed():
    tracks = [np.arange(5.0), np.arange(3.0)]
    X = TrackTransformer().fit_transform(tracks)
    assert X.shape == (2, 5, 1) and X.dtype == np.float32
    np.testing.assert_array_equal(X[:, :, 0], [[0, 1, 2, 3, 4], [0, 1, 2, 0, 0]])
    right = TrackTransformer(length=4, align="right").fit_transform(tracks)
    np.testing.assert_array_equal(right[:, :, 0], [[1, 2, 3, 4], [0, 0, 1, 2]])
    center = TrackTransformer(length=4, align="center").fit_transform(tracks)
    np.testing.assert_array_equal(
        center[:, :, 0], [[0, 1, 2, 3], [0, 1, 2, 0]]
    )  # extra pad at the end


def test_numeric_arrays_and_multi_track_items():
    two_d = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(TrackTransformer().fit_transform(two_d)[:, :, 0], two_d)
    three_d = np.arange(24.0).reshape(3, 4, 2)
    enc = TrackTransformer().fit(three_d)
    np.testing.assert_array_equal(enc.transform(three_d), three_d)
    assert list(enc.get_feature_names_out()) == ["track_0", "track_1"]
    items = pd.Series([np.ones((3, 2)), np.zeros((2, 2))])
    assert TrackTransformer().fit_transform(items).shape == (2, 3, 2)


def test_dataframe_columns_are_tracks():
    df = pd.DataFrame({"cons": [np.ones(4), np.zeros(3)], "acc": ["1 2 3 4", "5 6 7"]})
    enc = TrackTransformer()
    X = enc.fit_transform(df)
    assert X.shape == (2, 4, 2)
    assert list(enc.get_feature_names_out()) == ["cons", "acc"]
    np.testing.assert_array_equal(X[1, :, 1], [5, 6, 7, 0])
    bad = pd.DataFrame({"cons": [np.ones(4)], "acc": ["1 2 3"]})
    with pytest.raises(
        ValueError, match="tracks of sequence 0 have different lengths \\('cons': 4, 'acc': 3\\)"
    ):
        enc.transform(bad)


@pytest.mark.parametrize("scale", ["robust", "standard"])
def test_scaling_is_learned_in_fit(scale):
    rng = np.random.default_rng(0)
    train = [rng.normal(3, 2, size=n) for n in (20, 30, 25)]
    enc = TrackTransformer(scale=scale).fit(train)
    values = np.concatenate(train)
    if scale == "robust":
        q25, median, q75 = np.percentile(values, [25, 50, 75])
        center, spread = median, q75 - q25
    else:
        center, spread = values.mean(), values.std()
    test = [np.array([1.0, 2.0, 3.0])]
    X = enc.transform(test)
    np.testing.assert_allclose(X[0, :3, 0], (test[0] - center) / spread, rtol=1e-5)
    np.testing.assert_array_equal(X[0, 3:, 0], 0)  # padding stays zero after scaling
    assert enc.center_.shape == (1,) and enc.scale_.shape == (1,)


def test_constant_track_is_only_centred():
    X = TrackTransformer(scale="standard").fit_transform([np.full(4, 7.0)])
    np.testing.assert_array_equal(X, 0)


def test_nan_is_an_error_or_filled():
    tracks = [np.array([1.0, 2.0]), np.array([1.0, np.nan, 3.0])]
    with pytest.raises(ValueError, match="track 0 of sequence 1 is NaN at position 1.*fill_value"):
        TrackTransformer().fit(tracks)
    X = TrackTransformer(fill_value=-1).fit_transform(tracks)
    np.testing.assert_array_equal(X[1, :, 0], [1, -1, 3])
    with pytest.raises(ValueError, match="track 0 of sequence 0 is infinite at position 1"):
        TrackTransformer(fill_value=0).fit([np.array([0.0, np.inf])])


def test_read_pysster_files(tmp_path):
    pos, add = tmp_path / "x_pos.txt", tmp_path / "x_add.txt"
    pos.write_text(POS_TXT)
    add.write_text(ADD_TXT)
    tracks = TrackTransformer.read_tracks(pos)
    assert len(tracks) == 3
    np.testing.assert_array_equal(tracks[1], [0.0, 0.0, 0.2, 0.7, 0.8])
    features = TrackTransformer.read_global_features(add)
    np.testing.assert_array_equal(features, [[1], [2], [3]])
    (tmp_path / "bad.txt").write_text("0.1 0.2\n0.3 x\n")
    with pytest.raises(ValueError, match="bad.txt: track of sequence 1 holds 'x'"):
        TrackTransformer.read_tracks(tmp_path / "bad.txt")
    (tmp_path / "uneven.txt").write_text("1 2\n3\n")
    with pytest.raises(ValueError, match="line 2 has 1 values but line 1 has 2"):
        TrackTransformer.read_global_features(tmp_path / "uneven.txt")


def test_tracks_and_global_features_in_a_channel_union(tmp_path):
    (tmp_path / "pos.txt").write_text(POS_TXT)
    (tmp_path / "add.txt").write_text(ADD_TXT)
    df = pd.DataFrame(
        {
            "sequence": ["ACGUA", "GGGCC", "AUAUA"],
            "track": TrackTransformer.read_tracks(tmp_path / "pos.txt"),
        }
    )
    df["extra"] = TrackTransformer.read_global_features(tmp_path / "add.txt")[:, 0]
    union = ChannelUnion(
        [
            ("seq", SequenceOneHotTransformer(alphabet="RNA"), "sequence"),
            ("pos", TrackTransformer(scale="robust"), ["track"]),
            ("add", "passthrough", ["extra"]),
        ]
    )
    X = union.fit_transform(df)
    assert X.shape == (3, 5, 6) and union.n_global_features_ == 1
    np.testing.assert_array_equal(X[:, :, -1], np.repeat([[1], [2], [3]], 5, axis=1))
    assert list(union.get_feature_names_out()[4:]) == ["pos__track", "add__extra"]


def test_clone_and_pickle():
    enc = TrackTransformer(scale="robust", fill_value=0.0)
    assert clone(enc).get_params() == enc.get_params()
    enc.fit([np.arange(4.0)])
    restored = pickle.loads(pickle.dumps(enc))
    np.testing.assert_array_equal(restored.transform([np.ones(2)]), enc.transform([np.ones(2)]))


@pytest.mark.parametrize(
    "X, message",
    [
        ([], "no tracks"),
        ("0.1 0.2", "not a single string"),
        ([np.ones(3), np.ones((3, 2))], "sequence 1 has 2 tracks but sequence 0 has 1"),
        ([np.ones(3), np.array([])], "track of sequence 1 is empty"),
        ([np.ones(3), {"a": 1}], "track of sequence 1 is a dict"),
        ([np.ones((2, 2, 2))], "track of sequence 0 has shape \\(2, 2, 2\\)"),
        (np.ones(4), "numeric array of shape \\(n, length\\)"),
    ],
)
def test_bad_input_is_named(X, message):
    with pytest.raises(ValueError, match=message):
        TrackTransformer().fit(X)


def test_transform_checks_number_of_tracks():
    enc = TrackTransformer().fit([np.ones(3)])
    with pytest.raises(ValueError, match="fitted on 1 tracks but got 2"):
        enc.transform([np.ones((3, 2))])


@pytest.mark.parametrize("params", [{"scale": "minmax"}, {"length": 0}, {"align": "top"}])
def test_bad_parameters(params):
    with pytest.raises(ValueError, match=list(params)[0]):
        TrackTransformer(**params).fit([np.ones(3)])
