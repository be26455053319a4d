"""complement_channels_: each transformer records its channels' pairing; its output carries it."""

import pickle

import numpy as np
import pandas as pd
import pytest
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.preprocessing import FunctionTransformer

from skseq.preprocessing import (
    ChannelUnion,
    KmerTokenizer,
    SequenceOneHotTransformer,
    StructureTransformer,
    TrackTransformer,
)
from skseq.utils import EncodedSequences

SEQS = ["GGGGAAAACCCC", "GGGAUCCCAAAA", "ACGUACGUACGU"]


@pytest.mark.parametrize(
    "alphabet, pairing",
    [
        ("DNA", (3, 2, 1, 0)),
        ("ACTG", (2, 3, 0, 1)),
        ("TGCA", (3, 2, 1, 0)),
        ("RNA", (3, 2, 1, 0)),
        # IUPAC: R<->Y, K<->M, B<->V, D<->H; S, W and N their own
        ("ACGTRYKMSWBDHVN", (3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 13, 12, 11, 10, 14)),
        ("protein", None),
        ("HIMS", None),
    ],
)
def test_one_hot_records_its_alphabets_pairing_and_returns_it(alphabet, pairing):
    enc = SequenceOneHotTransformer(alphabet=alphabet, handle_unknown="zeros")
    for out in (enc.fit_transform(["ACGT", "GA"]), enc.transform(["CC"])):
        assert isinstance(out, EncodedSequences)
        assert out.complement_channels == enc.complement_channels_ == pairing


def test_flattened_output_carries_the_pairing_of_its_channels():
    enc = SequenceOneHotTransformer(alphabet="ACTG", flatten=True)
    X = enc.fit_transform(["AACCTG"])
    assert X.shape == (1, 24) and X.complement_channels == (2, 3, 0, 1)
    assert X.reshape(1, 6, 4).complement_channels == (2, 3, 0, 1)


def test_pandas_output_is_unchanged():
    enc = SequenceOneHotTransformer(flatten=True).set_output(transform="pandas")
    frame = enc.fit_transform(["ACGT"])
    assert isinstance(frame, pd.DataFrame) and frame.shape == (1, 16)


def test_pairing_survives_clone_pickle_and_parallel_workers():
    enc = SequenceOneHotTransformer(alphabet="ACTG").fit(["ACGT"])
    assert not hasattr(clone(enc), "complement_channels_")
    twin = pickle.loads(pickle.dumps(enc))
    assert twin.complement_channels_ == (2, 3, 0, 1)
    outs = Parallel(n_jobs=2)(delayed(enc.transform)([s]) for s in ["AC", "GT"])
    assert [o.complement_channels for o in outs] == [(2, 3, 0, 1)] * 2


def test_structure_tracks_and_kmers_have_no_pairing():
    struct = StructureTransformer(verbose=0)
    X = struct.fit_transform(SEQS)
    assert struct.complement_channels_ is None and X.complement_channels is None
    tracks = TrackTransformer()
    T = tracks.fit_transform([np.ones(4), np.zeros(3)])
    assert tracks.complement_channels_ is None and isinstance(T, EncodedSequences)
    tok = KmerTokenizer(k=3)
    tokens = tok.fit_transform(["ACGTACGT"])
    assert tok.complement_channels_ is None and type(tokens) is np.ndarray


def test_union_offsets_its_parts_pairings():
    union = ChannelUnion(
        [
            ("dna", SequenceOneHotTransformer(alphabet="ACTG")),
            ("rna", SequenceOneHotTransformer(alphabet="RNA", convert_u_t=True)),
        ]
    )
    X = union.fit_transform(["ACGT", "AACC"])
    assert union.complement_channels_ == (2, 3, 0, 1, 7, 6, 5, 4)
    assert X.complement_channels == union.transform(["GG"]).complement_channels


def test_union_pairs_whole_sequence_features_with_themselves():
    frame = pd.DataFrame({"sequence": ["ACGT", "AACC"], "gc": [0.5, 0.5], "len": [4, 4]})
    union = ChannelUnion(
        [
            ("gc", "passthrough", ["gc", "len"]),
            ("seq", SequenceOneHotTransformer(), "sequence"),
        ]
    )
    X = union.fit_transform(frame)
    assert union.n_global_features_ == 2
    assert X.complement_channels == union.complement_channels_ == (3, 2, 1, 0, 4, 5)


@pytest.mark.parametrize(
    "part",
    [
        StructureTransformer(verbose=0),
        FunctionTransformer(lambda s: np.ones((len(s), 12, 2))),  # another library's
        SequenceOneHotTransformer(alphabet="protein", handle_unknown="zeros"),
    ],
)
def test_union_with_a_part_without_pairing_has_none(part):
    union = ChannelUnion([("seq", SequenceOneHotTransformer(alphabet="RNA")), ("other", part)])
    X = union.fit_transform(SEQS)
    assert union.complement_channels_ is None and X.complement_channels is None
