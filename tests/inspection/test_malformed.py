"""Malformed input to the inspector, the attribution verbs and the displays: each case asserts
the exception type and that the message names what is wrong and where."""

import keras
import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from skseq.attribution import (
    in_silico_mutagenesis,
    input_gradients,
    integrated_gradients,
    position_importance,
    saliency,
)
from skseq.inspection import MotifInspector

LENGTH = 12


def _linear():
    inp = keras.Input((LENGTH, 4))
    return keras.Model(inp, keras.layers.Dense(2)(keras.layers.Flatten()(inp)))


def _conv():
    inp = keras.Input((LENGTH, 4))
    conv = keras.layers.Conv1D(2, 3, activation="relu", name="conv_1")(inp)
    return keras.Model(inp, keras.layers.Dense(1, name="out")(keras.layers.Flatten()(conv)))


def _X(n=3, length=LENGTH, channels=4, seed=0):
    rng = np.random.default_rng(seed)
    return np.eye(channels, dtype="float32")[rng.integers(0, channels, (n, length))]


def _with_nan():
    X = _X()
    X[2, 3, 1] = np.nan
    return X


@pytest.fixture(scope="module")
def models():
    from skseq import SequenceCNNClassifier, SequenceOneHotTransformer

    rng = np.random.default_rng(0)
    seqs = np.array(["".join(rng.choice(list("ACGT"), LENGTH)) for _ in range(30)], dtype=object)
    y = np.where(np.arange(30) % 2, "pos", "neg")
    clf = SequenceCNNClassifier(
        architecture="pysster",
        n_conv_layers=1,
        n_filters=2,
        kernel_size=3,
        dense_units=4,
        epochs=1,
        validation_fraction=0,
        random_state=0,
    )
    pipe = make_pipeline(SequenceOneHotTransformer(alphabet="DNA"), clf).fit(seqs, y)
    logistic = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression())
    conv = _conv()
    inspector = MotifInspector(conv, importance="spread").fit(_X(20))
    return {
        "linear": _linear(),
        "conv": conv,
        "pipe": pipe,
        "seqs": seqs,
        "y": y,
        "logistic": logistic.fit(seqs, y),
        "inspector": inspector,
    }


# (id, call(models), exception type, regex the message must match)
CASES = [
    # ---- the attribution verbs
    (
        "wrong channels",
        lambda m: saliency(m["linear"], _X(channels=5)),
        ValueError,
        r"saliency: X has 5 channels, but 4 are expected",
    ),
    (
        "wrong length",
        lambda m: integrated_gradients(m["linear"], _X(length=20)),
        ValueError,
        r"integrated_gradients: X has sequences of length 20, but 12 are expected",
    ),
    (
        "strings without a pipeline",
        lambda m: saliency(m["linear"], ["ACGTACGTACGT"]),
        ValueError,
        r"saliency: X holds strings, but the model has no steps that encode them",
    ),
    (
        "NaN in X",
        lambda m: in_silico_mutagenesis(m["linear"], _with_nan()),
        ValueError,
        r"in_silico_mutagenesis: X contains NaN or infinity at sequence 2, position 3, channel 1",
    ),
    (
        "2-D X",
        lambda m: input_gradients(m["linear"], np.zeros((LENGTH, 4))),
        ValueError,
        r"input_gradients: X must be 3-D \(n_sequences, length, channels\).*shape \(12, 4\)",
    ),
    (
        "sparse X",
        lambda m: saliency(m["linear"], sparse.csr_matrix(np.zeros((3, 48)))),
        TypeError,
        r"saliency: sparse input is not supported",
    ),
    (
        "no sequences",
        lambda m: saliency(m["linear"], np.zeros((0, LENGTH, 4))),
        ValueError,
        r"saliency: X holds no sequences \(shape \(0, 12, 4\)\)",
    ),
    (
        "output index out of range",
        lambda m: saliency(m["linear"], _X(), target=5),
        ValueError,
        r"saliency: target=5 is not an output index in \[0, 2\)",
    ),
    (
        "a label as target of a keras.Model",
        lambda m: saliency(m["linear"], _X(), target="pos"),
        ValueError,
        r"saliency: target must be an output index \(an integer in \[0, 2\)\).*'pos'",
    ),
    (
        "one target per sequence, wrong count",
        lambda m: saliency(m["linear"], _X(), target=[0, 1]),
        ValueError,
        r"saliency: target holds \(2,\) values; .* one per sequence \(3\)",
    ),
    (
        "unknown class of one sequence",
        lambda m: saliency(m["pipe"], m["seqs"][:3], target=["pos", "neg", "maybe"]),
        ValueError,
        r"saliency: target='maybe' \(sequence 2\) is not one of the classes \['neg', 'pos'\]",
    ),
    (
        "unknown class",
        lambda m: in_silico_mutagenesis(m["pipe"], m["seqs"][:1], target=1),
        ValueError,
        r"in_silico_mutagenesis: target=1 is not one of the classes \['neg', 'pos'\]",
    ),
    (
        "n_steps 0",
        lambda m: integrated_gradients(m["linear"], _X(), n_steps=0),
        ValueError,
        r"The 'n_steps' parameter of integrated_gradients must be an int in the range \[1, inf\)",
    ),
    (
        "baseline of the wrong shape",
        lambda m: integrated_gradients(m["linear"], _X(), baseline=np.zeros((5, 4))),
        ValueError,
        r"integrated_gradients: baseline has shape \(5, 4\); expected \(12, 4\)",
    ),
    (
        "channel group out of range",
        lambda m: in_silico_mutagenesis(m["linear"], _X(), channel_groups=[[0, 1], [2, 9]]),
        ValueError,
        r"channel_groups\[1\] names channel 9, but X has 4 channels",
    ),
    (
        "unknown method",
        lambda m: position_importance(m["linear"], _X(), method="deeplift"),
        ValueError,
        r"The 'method' parameter of position_importance must be a str among",
    ),
    (
        "a model without a network",
        lambda m: saliency(m["logistic"], m["seqs"][:2]),
        TypeError,
        r"saliency: the last step of the Pipeline is a LogisticRegression, which has no Keras",
    ),
    (
        "an unfitted estimator",
        lambda m: saliency(_unfitted(), _X()),
        NotFittedError,
        r"saliency: this SequenceCNNClassifier is not fitted yet",
    ),
    # ---- the inspector
    (
        "inspector: a fitted model without a network",
        lambda m: MotifInspector(m["logistic"]).fit(m["seqs"], m["y"]),
        TypeError,
        r"MotifInspector: the last step of the Pipeline is a LogisticRegression",
    ),
    (
        "inspector: a network without convolution",
        lambda m: MotifInspector(m["linear"]).fit(_X()),
        ValueError,
        r"the network has no keras.layers.Conv1D layer \(its layers are \['Dense', 'Flatten'",
    ),
    (
        "inspector: a layer that is not a Conv1D",
        lambda m: MotifInspector(m["conv"], layer="out").fit(_X()),
        ValueError,
        r"layer='out' is a Dense, not a Conv1D",
    ),
    (
        "inspector: an unknown layer",
        lambda m: MotifInspector(m["conv"], layer="conv_9").fit(_X()),
        ValueError,
        r"layer='conv_9' is not a layer of the model; its layers are \[",
    ),
    (
        "inspector: strings without a pipeline",
        lambda m: MotifInspector(m["conv"]).fit(["ACGTACGTACGT"] * 3),
        ValueError,
        r"MotifInspector: X holds strings, but the model has no steps that encode them",
    ),
    (
        "inspector: NaN in X",
        lambda m: MotifInspector(m["conv"]).fit(_with_nan()),
        ValueError,
        r"MotifInspector: X contains NaN or infinity at sequence 2, position 3, channel 1",
    ),
    (
        "inspector: wrong length",
        lambda m: MotifInspector(m["conv"]).fit(_X(length=9)),
        ValueError,
        r"MotifInspector: X has sequences of length 9, but 12 are expected",
    ),
    (
        "inspector: y of the wrong length",
        lambda m: MotifInspector(m["conv"]).fit(_X(5), [0, 1]),
        ValueError,
        r"y has 2 entries but X has 5 sequences",
    ),
    (
        "inspector: labels the classifier does not know",
        lambda m: MotifInspector(m["pipe"]).fit(m["seqs"], np.where(m["y"] == "pos", "x", "neg")),
        ValueError,
        r"y holds labels \['x'\] that the estimator was not trained on",
    ),
    (
        "inspector: NaN in a regression target",
        lambda m: MotifInspector(m["conv"]).fit(_X(12), np.r_[np.linspace(0, 1, 11), np.nan]),
        ValueError,
        r"y holds NaN or infinity at sequence 11",
    ),
    (
        "inspector: channel names of the wrong count",
        lambda m: MotifInspector(m["conv"], channel_names=list("ACG")).fit(_X()),
        ValueError,
        r"channel_names has 3 names but X has 4 channels",
    ),
    (
        "inspector: unknown kernel index",
        lambda m: m["inspector"].position_enrichment(7),
        ValueError,
        r"kernel must be an integer in \[0, 2\); got 7",
    ),
    (
        "inspector: a kernel index that is not an integer",
        lambda m: m["inspector"].check_kernel(1.0),
        ValueError,
        r"kernel must be an integer in \[0, 2\); got 1.0",
    ),
    (
        "inspector: an unknown attribution method",
        lambda m: m["inspector"].attributions(_X(), method="deeplift"),
        ValueError,
        r"method must be one of \('saliency', 'integrated_gradients', 'ism'\); got 'deeplift'",
    ),
    (
        "inspector: an unknown symbol group",
        lambda m: m["inspector"].named_motifs("struct"),
        ValueError,
        r"group='struct' is not a symbol group; they are \['sequence'\]",
    ),
    (
        "inspector: matches that are not match()'s table",
        lambda m: m["inspector"].report("unused", matches=pd.DataFrame({"kernel": [0]})),
        ValueError,
        r"matches must be the DataFrame MotifInspector.match\(\) returns; it lacks the columns",
    ),
    (
        "inspector: matches naming a kernel that does not exist",
        lambda m: m["inspector"].report("unused", matches=_matches(kernel=5)),
        ValueError,
        r"matches name kernels \[5\], but the layer has 2 kernels",
    ),
    (
        "inspector: an unknown threshold rule",
        lambda m: MotifInspector(m["conv"], threshold="median").fit(_X()),
        ValueError,
        r"The 'threshold' parameter of MotifInspector must be a str among",
    ),
    (
        "inspector: used before fit",
        lambda m: MotifInspector(m["conv"]).attributions(_X()),
        NotFittedError,
        r"This MotifInspector instance is not fitted yet",
    ),
]


def _unfitted():
    from skseq import SequenceCNNClassifier

    return SequenceCNNClassifier()


def _matches(kernel):
    return pd.DataFrame(
        {"kernel": [kernel], "target_id": ["M1"], "target_name": ["m"], "p_value": [0.1]}
    )


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 10


@pytest.mark.parametrize("call, error, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed_input_is_named(models, call, error, message):
    with pytest.raises(error, match=message):
        call(models)
