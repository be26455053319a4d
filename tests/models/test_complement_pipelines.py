"""reverse_complement pairs the channels as the encoder's alphabet does, or refuses.

The estimators once took any 4-channel input for ACGT, so ``alphabet="ACTG"`` trained on
wrong complements without a word; the pairing now comes from the encoder (through the
Pipeline, on the array) or from ``alphabet=``, and an unknown pairing is an error.
"""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.pipeline import make_pipeline

from skseq.models import SequenceCNNClassifier, SequenceCNNRegressor
from skseq.models._batches import SequenceBatches
from skseq.preprocessing import (
    ChannelUnion,
    SequenceOneHotTransformer,
    StructureTransformer,
    encode_to_memmap,
)
from skseq.scanning import reverse_complement

SMALL = dict(n_filters=4, dense_units=8, epochs=1, validation_fraction=0, random_state=0)


def random_sequences(letters, n=64, length=20, seed=0):
    rng = np.random.default_rng(seed)
    return np.array(["".join(rng.choice(list(letters), length)) for _ in range(n)])


def one_hot(n=40, length=12, channels=4, seed=0):
    codes = np.random.default_rng(seed).integers(0, channels, size=(n, length))
    return np.eye(channels, dtype=np.uint8)[codes]


@pytest.mark.parametrize(
    "alphabet, letters",
    [("ACGT", "ACGT"), ("ACTG", "ACGT"), ("TGCA", "ACGT"), ("RNA", "ACGU"), ("ACGTRYN", "ACGTRYN")],
)
@pytest.mark.parametrize("Estimator", [SequenceCNNClassifier, SequenceCNNRegressor])
def test_averaged_pipeline_scores_both_strands_alike(alphabet, letters, Estimator):
    seqs = random_sequences(letters)
    y = np.arange(len(seqs)) % 2
    pipe = make_pipeline(
        SequenceOneHotTransformer(alphabet=alphabet),
        Estimator(reverse_complement="augment_and_average", **SMALL),
    ).fit(seqs, y)
    predict = pipe.predict_proba if hasattr(pipe, "predict_proba") else pipe.predict
    np.testing.assert_allclose(predict(seqs), predict(reverse_complement(seqs)), atol=1e-6)
    assert pipe[-1].complement_channels_ == pipe[0].complement_channels_


def test_actg_batches_hold_the_right_complement():
    # AACCTG's reverse complement is CAGGTT; reversing the channel order (the ACGT rule)
    # gave ACTTGG for an ACTG encoding
    enc = SequenceOneHotTransformer(alphabet="ACTG")
    X = enc.fit_transform(["AACCTG"] * 4)
    clf = SequenceCNNClassifier(reverse_complement="augment", **SMALL)
    clf.fit(X, np.array([0, 1, 0, 1]))
    assert clf.complement_channels_ == (2, 3, 0, 1)
    batches = SequenceBatches(
        X, batch_size=4, strand="reverse", complement_channels=clf.complement_channels_
    )
    assert enc.inverse_transform(batches[0][0]).tolist() == ["CAGGTT"] * 4
    flips = SequenceBatches(
        X, np.zeros(4), batch_size=4, random_strand=True, complement_channels=(2, 3, 0, 1)
    )
    seen = set()
    for _ in range(8):
        seen |= set(enc.inverse_transform(flips[0][0]).tolist())
        flips.on_epoch_end()
    assert seen == {"AACCTG", "CAGGTT"}


def test_raw_array_needs_alphabet():
    X, y = one_hot(), np.arange(40) % 2
    clf = SequenceCNNClassifier(reverse_complement="augment", **SMALL)
    with pytest.raises(ValueError, match="X is a plain array.*Pass alphabet="):
        clf.fit(X, y)
    assert not hasattr(clf, "model_")
    assert clf.set_params(alphabet="ACTG").fit(X, y).complement_channels_ == (2, 3, 0, 1)
    assert clf.set_params(alphabet="dna").fit(X, y).complement_channels_ == (3, 2, 1, 0)
    plain = SequenceCNNClassifier(**SMALL).fit(X, y)  # no strands: nothing to know
    assert plain.complement_channels_ is None and plain.reverse_complement_ is None


def test_memmap_with_alphabet(tmp_path):
    seqs = random_sequences("ACGT", n=40)
    X = encode_to_memmap(
        SequenceOneHotTransformer(alphabet="ACTG", length=20), seqs, tmp_path / "X.npy"
    )
    y = np.arange(40) % 2
    clf = SequenceCNNClassifier(reverse_complement="augment_and_average", **SMALL)
    with pytest.raises(ValueError, match="plain array"):
        clf.fit(X, y)
    clf.set_params(alphabet="ACTG").fit(X, y)
    rc = SequenceOneHotTransformer(alphabet="ACTG").fit_transform(reverse_complement(seqs))
    np.testing.assert_allclose(clf.predict_proba(X), clf.predict_proba(rc), atol=1e-6)


@pytest.mark.parametrize("mode", ["augment", "augment_and_average"])
def test_protein_and_structure_unions_are_refused_before_training(mode):
    clf = SequenceCNNClassifier(reverse_complement=mode, **SMALL)
    protein = make_pipeline(SequenceOneHotTransformer(alphabet="protein"), clf)
    with pytest.raises(ValueError, match=f"reverse_complement='{mode}' needs.*no pairing"):
        protein.fit(random_sequences("ACDEFGHIKLMNPQRSTVWY"), np.arange(64) % 2)
    union = ChannelUnion(
        [
            ("seq", SequenceOneHotTransformer(alphabet="RNA")),
            ("struct", StructureTransformer(verbose=0)),
        ]
    )
    seqs = random_sequences("ACGU", n=20)
    with pytest.raises(ValueError, match="RNA structure or track channels have no complement"):
        make_pipeline(union, clone(clf)).fit(seqs, np.arange(20) % 2)
    assert not hasattr(clf, "model_")


def test_global_features_stay_out_of_the_pairing():
    frame = pd.DataFrame({"sequence": random_sequences("ACGT", n=40), "gc": np.linspace(0, 1, 40)})
    union = ChannelUnion(
        [
            ("seq", SequenceOneHotTransformer(alphabet="ACTG"), "sequence"),
            ("gc", "passthrough", ["gc"]),
        ]
    )
    clf = SequenceCNNClassifier(reverse_complement="augment", n_global_features=1, **SMALL)
    make_pipeline(union, clf).fit(frame, np.arange(40) % 2)
    assert union.complement_channels_ == (2, 3, 0, 1, 4)
    assert clf.complement_channels_ == (2, 3, 0, 1)


def test_explicit_alphabet_must_agree_with_the_encoder():
    enc = SequenceOneHotTransformer(alphabet="ACTG")
    X, y = enc.fit_transform(random_sequences("ACGT", n=40)), np.arange(40) % 2
    agree = SequenceCNNClassifier(reverse_complement="augment", alphabet="ACTG", **SMALL)
    assert agree.fit(X, y).complement_channels_ == (2, 3, 0, 1)
    clash = SequenceCNNClassifier(reverse_complement="augment", alphabet="ACGT", **SMALL)
    with pytest.raises(ValueError, match=r"alphabet='ACGT' pairs X's channels as \(3, 2, 1, 0\)"):
        clash.fit(X, y)
    assert clash.fit(np.asarray(X), y).complement_channels_ == (3, 2, 1, 0)  # the user's word


@pytest.mark.parametrize(
    "alphabet, error, message",
    [
        ("ACG", ValueError, "alphabet='ACG' names 3 channels .ACG., but X has 4 sequence"),
        ("AACG", ValueError, "SequenceCNNClassifier: alphabet 'AACG' repeats"),
        ("HIMS", ValueError, "alphabet='HIMS' has symbols with no complement"),
        (4, TypeError, "'alphabet' parameter of SequenceCNNClassifier must be"),
    ],
)
def test_bad_alphabets_are_named_before_training(alphabet, error, message):
    clf = SequenceCNNClassifier(reverse_complement="augment", alphabet=alphabet, **SMALL)
    with pytest.raises(error, match=message):
        clf.fit(one_hot(), np.arange(40) % 2)
    assert not hasattr(clf, "model_")


def test_alphabet_survives_clone_and_pickle():
    X, y = one_hot(), np.arange(40) % 2
    clf = SequenceCNNClassifier(reverse_complement="augment_and_average", alphabet="ACTG", **SMALL)
    assert clone(clf).get_params()["alphabet"] == "ACTG"
    fitted = clf.fit(X, y)
    twin = pickle.loads(pickle.dumps(fitted))
    assert twin.alphabet == "ACTG" and twin.complement_channels_ == (2, 3, 0, 1)
    np.testing.assert_allclose(twin.predict_proba(X), fitted.predict_proba(X), atol=1e-6)
