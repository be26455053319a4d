import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    GridSearchCV,
    StratifiedKFold,
    StratifiedShuffleSplit,
    cross_val_score,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from skseq.preprocessing import (
    ChannelUnion,
    SequenceOneHotTransformer,
    StructureTransformer,
    TrackTransformer,
)

SEQS = ["GGGGAAAACCCC", "GGGAUCCCAAAA", "ACGUACGUACGU"]


def flatten(X):
    return X.reshape(len(X), -1)


def union_of_seq_and_struct(**struct_params):
    return ChannelUnion(
        [
            ("seq", SequenceOneHotTransformer(alphabet="RNA")),
            ("struct", StructureTransformer(**struct_params)),
        ]
    )


def test_joins_channels_along_the_last_axis():
    union = union_of_seq_and_struct()
    X = union.fit_transform(SEQS)
    seq = SequenceOneHotTransformer(alphabet="RNA").fit_transform(SEQS)
    struct = StructureTransformer().fit_transform(SEQS)
    assert X.shape == (3, 12, 10) and X.dtype == np.uint8
    np.testing.assert_array_equal(X[:, :, :4], seq)
    np.testing.assert_array_equal(X[:, :, 4:], struct)
    names = union.get_feature_names_out()
    assert list(names[:5]) == ["seq__A", "seq__C", "seq__G", "seq__U", "struct__S"]
    assert union.output_indices_ == {"seq": slice(0, 4), "struct": slice(4, 10)}
    assert union.n_global_features_ == 0 and union.length_ == 12
    np.testing.assert_array_equal(union.transform(SEQS), X)


def test_lengths_must_agree():
    union = ChannelUnion(
        [
            ("seq", SequenceOneHotTransformer(alphabet="RNA", length=12)),
            ("struct", StructureTransformer(length=10)),
        ]
    )
    with pytest.raises(ValueError, match="different lengths \\('seq': 12, 'struct': 10\\)"):
        union.fit(SEQS)


def test_two_dimensional_outputs_are_global_features_placed_last():
    gc = FunctionTransformer(
        lambda s: np.array([[x.count("G") + x.count("C")] for x in s], dtype=float)
    )
    union = ChannelUnion([("gc", gc), ("seq", SequenceOneHotTransformer(alphabet="RNA"))])
    X = union.fit_transform(SEQS)
    assert X.shape == (3, 12, 5) and X.dtype == np.float32
    assert union.n_global_features_ == 1
    np.testing.assert_array_equal(X[:, :, 4], [[8] * 12, [6] * 12, [6] * 12])
    assert union.get_feature_names_out()[-1].startswith("gc__")
    assert union.output_indices_["gc"] == slice(4, 5)


def test_dataframe_columns_like_column_transformer():
    df = pd.DataFrame(
        {
            "sequence": ["GGGAUCCC", "GGGGAAAA"],
            "structure": ["(((..)))", "........"],
            "conservation": [np.linspace(0, 1, 8), np.ones(8)],
            "length": [8.0, 8.0],
            "gc": [0.75, 0.5],
        }
    )
    union = ChannelUnion(
        [
            ("seq", SequenceOneHotTransformer(alphabet="RNA"), "sequence"),
            ("struct", StructureTransformer(), ["sequence", "structure"]),
            ("cons", TrackTransformer(), ["conservation"]),
            ("extra", "passthrough", ["length", "gc"]),
            ("unused", "drop", ["gc"]),
        ]
    )
    X = union.fit_transform(df)
    assert X.shape == (2, 8, 4 + 6 + 1 + 2)
    assert union.n_global_features_ == 2
    names = list(union.get_feature_names_out())
    assert names[-3:] == ["cons__conservation", "extra__length", "extra__gc"]
    struct = X[:, :, union.output_indices_["struct"]]
    assert "".join("SHIMFT"[i] for i in struct[0].argmax(axis=1)) == "SSSHHSSS"  # given, not folded
    np.testing.assert_allclose(X[0, :, 10], np.linspace(0, 1, 8), rtol=1e-6)
    np.testing.assert_allclose(X[:, :, 12], [[0.75] * 8, [0.5] * 8])


def test_fitted_transformers_are_clones_and_params_are_unchanged():
    union = union_of_seq_and_struct()
    before = union.get_params(deep=False)["transformer_list"]
    union.fit(SEQS)
    assert union.transformer_list is before
    assert not hasattr(union.transformer_list[1][1], "contexts_")
    assert hasattr(union.named_transformers_["struct"], "contexts_")


def test_nested_set_params_clone_and_pickle():
    union = union_of_seq_and_struct()
    params = union.get_params()
    assert "struct__mode" in params and "seq__alphabet" in params
    other = clone(union).set_params(
        struct__mode="probability", struct__encoding="combined", seq="drop"
    )
    assert other.fit_transform(SEQS).shape == (3, 12, 20)
    assert union.get_params()["struct__mode"] == "mfe"  # the original is untouched
    union.fit(SEQS)
    restored = pickle.loads(pickle.dumps(union))
    np.testing.assert_array_equal(restored.transform(SEQS), union.transform(SEQS))


def _labelled_data(n=40, seed=0):
    # label: does the sequence hold a stable hairpin (GC stem around a loop) or not
    rng = np.random.default_rng(seed)
    seqs, y = [], []
    for i in range(n):
        if i % 2:
            stem = "".join(rng.choice(list("GC"), 5))
            loop = "".join(rng.choice(list("AU"), 4))
            core = stem + loop + stem[::-1].translate(str.maketrans("GC", "CG"))
        else:
            core = "".join(rng.choice(list("AU"), 14))
        seqs.append(core + "".join(rng.choice(list("ACGU"), 6)))
        y.append(i % 2)
    return np.array(seqs, dtype=object), np.array(y)


def test_in_pipeline_with_cross_validation_and_grid_search():
    X, y = _labelled_data()
    pipe = make_pipeline(
        union_of_seq_and_struct(), FunctionTransformer(flatten), LogisticRegression(max_iter=500)
    )
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    scores = cross_val_score(pipe, X, y, cv=cv, scoring="roc_auc")
    assert np.all(np.isfinite(scores)) and scores.mean() > 0.8
    search = GridSearchCV(
        pipe,
        {
            "channelunion__struct__encoding": ["context", "combined"],
            "channelunion__seq": ["drop", SequenceOneHotTransformer(alphabet="RNA")],
        },
        cv=cv,
        scoring="roc_auc",
    )
    search.fit(X, y)
    assert len(search.cv_results_["params"]) == 4
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    best = search.best_params_
    width = search.best_estimator_[0].transform(X[:2]).shape[-1]
    assert width == (0 if best["channelunion__seq"] == "drop" else 4) + (
        6 if best["channelunion__struct__encoding"] == "context" else 24
    )


def test_transformer_weights_and_n_jobs():
    weighted = ChannelUnion(
        union_of_seq_and_struct().transformer_list, transformer_weights={"struct": 0.5}
    )
    X = weighted.fit_transform(SEQS)
    assert X.dtype == np.float32 and set(np.unique(X[:, :, 4:])) == {0.0, 0.5}
    parallel = union_of_seq_and_struct().set_params(n_jobs=2)
    np.testing.assert_array_equal(
        parallel.fit_transform(SEQS), union_of_seq_and_struct().fit_transform(SEQS)
    )


@pytest.mark.parametrize(
    "transformer_list, X, error, message",
    [
        ([("seq", SequenceOneHotTransformer())], np.array([["A", "C"]]), None, None),
        ([("a", "bogus")], SEQS, ValueError, "only 'drop' and 'passthrough'"),
        ([("a", LogisticRegression())], SEQS, TypeError, "must be a transformer"),
        (
            [
                ("a", SequenceOneHotTransformer),
            ],
            SEQS,
            TypeError,
            "must be a transformer",
        ),
        (
            [("a", SequenceOneHotTransformer()), ("a", StructureTransformer())],
            SEQS,
            ValueError,
            "not unique",
        ),
        ([("a__b", SequenceOneHotTransformer())], SEQS, ValueError, "must not contain __"),
        ([("a",)], SEQS, ValueError, "expected \\(name, transformer\\)"),
        ([("a", "drop")], SEQS, ValueError, "no transformers left"),
        (
            [("a", SequenceOneHotTransformer(), "sequence")],
            SEQS,
            ValueError,
            "needs X to be a pandas",
        ),
        (
            [("a", SequenceOneHotTransformer(), "seq")],
            pd.DataFrame({"sequence": SEQS}),
            ValueError,
            "columns \\['seq'\\] that X does not have",
        ),
        (
            [("a", "passthrough", ["sequence"])],
            pd.DataFrame({"sequence": SEQS}),
            ValueError,
            "non-numeric",
        ),
        (
            [("gc", StandardScaler(), ["gc"])],
            pd.DataFrame({"gc": [0.1, 0.2, 0.3]}),
            ValueError,
            "no transformer returned per-position channels",
        ),
    ],
)
def test_bad_configurations_are_named(transformer_list, X, error, message):
    if error is None:  # integer columns of a 2-D array are fine
        union = ChannelUnion([("seq", SequenceOneHotTransformer(), 0)])
        assert union.fit_transform(
            np.array([["ACGT", "x"], ["AAAA", "y"]], dtype=object)
        ).shape == (2, 4, 4)
        return
    with pytest.raises(error, match=message):
        ChannelUnion(transformer_list).fit(X)


def test_lists_are_accepted_as_entries():
    union = ChannelUnion([["seq", SequenceOneHotTransformer(alphabet="RNA")]])
    assert union.fit_transform(SEQS).shape == (3, 12, 4)
    assert union.set_params(seq__length=5).fit_transform(SEQS).shape == (3, 5, 4)


def test_unknown_weight_name():
    with pytest.raises(ValueError, match="transformer_weights names \\['nope'\\]"):
        ChannelUnion([("seq", SequenceOneHotTransformer())], transformer_weights={"nope": 2}).fit(
            SEQS
        )


def test_with_the_cnn_classifier_and_a_global_feature():
    from skseq import SequenceCNNClassifier

    seqs, y = _labelled_data(n=48, seed=1)
    X = pd.DataFrame(
        {"sequence": seqs, "gc": [(s.count("G") + s.count("C")) / len(s) for s in seqs]}
    )
    union = ChannelUnion(
        [
            ("seq", SequenceOneHotTransformer(alphabet="RNA"), "sequence"),
            ("struct", StructureTransformer(), "sequence"),
            ("gc", "passthrough", ["gc"]),
        ]
    )
    n_global = clone(union).fit(X).n_global_features_
    assert n_global == 1
    clf = SequenceCNNClassifier(
        n_filters=4,
        kernel_size=4,
        dense_units=8,
        epochs=2,
        batch_size=16,
        n_global_features=n_global,
        random_state=0,
    )
    pipe = make_pipeline(union, clf)
    # one split keeps it quick: 2 candidates + the refit = 3 small fits
    cv = StratifiedShuffleSplit(n_splits=1, test_size=0.5, random_state=0)
    search = GridSearchCV(
        pipe, {"channelunion__struct__encoding": ["context", "combined"]}, cv=cv, scoring="roc_auc"
    ).fit(X, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    fitted = search.best_estimator_
    assert fitted[-1].input_shape_[-1] == fitted[0].transform(X[:1]).shape[-1]
    assert fitted.predict_proba(X[:3]).shape == (3, 2)


def test_pandas_output_config_leaves_3d_arrays_alone():
    import sklearn

    union = ChannelUnion([("struct", StructureTransformer())])
    with sklearn.config_context(transform_output="pandas"):
        X = union.fit_transform(["GGGAUCCC"])
        tracks = TrackTransformer().fit_transform([np.ones(3)])
    assert isinstance(X, np.ndarray) and isinstance(tracks, np.ndarray)
