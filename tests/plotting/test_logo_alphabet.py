"""Attribution logos take their letters from the pipeline's encoder (U for RNA, not T)."""

import matplotlib

matplotlib.use("Agg")

import keras  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer  # noqa: E402
from skseq.plotting import AttributionLogoDisplay  # noqa: E402


def _fitted(alphabet, symbols):
    rng = np.random.default_rng(0)
    seqs = ["".join(rng.choice(list(symbols), 20)) for _ in range(24)]
    tiny = dict(n_filters=2, dense_units=2, epochs=1, validation_fraction=0, verbose=0)
    model = make_pipeline(
        SequenceOneHotTransformer(alphabet=alphabet), SequenceCNNClassifier(**tiny)
    )
    return model.fit(seqs, [0, 1] * 12), seqs


def test_an_rna_pipeline_draws_u():
    model, seqs = _fitted("rna", "ACGU")
    disp = AttributionLogoDisplay.from_estimator(model, seqs[0])
    assert disp.matrix.columns.tolist() == list("ACGU")  # was A, C, G, T
    assert list(disp.logo_.df.columns) == list("ACGU")
    # the encoded sequence, passed as an array, gets the pipeline's letters too
    encoded = model[0].transform(seqs[:1])[0]
    assert AttributionLogoDisplay.from_estimator(model, encoded).matrix.columns[-1] == "U"
    plt.close("all")


def test_a_bare_network_keeps_the_dna_default():
    inp = keras.Input((20, 4))
    network = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(inp)))
    x = np.eye(4, dtype="float32")[np.arange(20) % 4]
    assert AttributionLogoDisplay.from_estimator(network, x).matrix.columns.tolist() == list("ACGT")
    plt.close("all")
