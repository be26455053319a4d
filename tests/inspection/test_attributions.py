"""MotifInspector.attributions and AttributionLogoDisplay.from_inspector: labels, methods, logo."""

import numpy as np
import pytest

from skseq.attribution import in_silico_mutagenesis, saliency
from skseq.inspection import MotifInspector
from skseq.plotting import AttributionLogoDisplay


def test_inspector_attributions_map_class_labels_to_outputs():
    from skseq import SequenceCNNClassifier

    rng = np.random.default_rng(0)
    X = np.eye(4, dtype="uint8")[rng.integers(0, 4, (40, 30))]
    y = np.where(np.arange(40) % 2, "pos", "neg")  # classes_ ["neg", "pos"]
    clf = SequenceCNNClassifier(
        architecture="pysster",
        n_conv_layers=1,
        n_filters=3,
        kernel_size=5,
        dense_units=4,
        epochs=1,
        validation_fraction=0,
        random_state=0,
    ).fit(X, y)
    insp = MotifInspector(clf).fit(X, y)
    model = clf.model_
    # binary: one sigmoid output; the default target is the positive (last) class, and the
    # other class is explained through 1 - p, i.e. the opposite gradient
    pos = insp.attributions(X[:3])
    np.testing.assert_allclose(pos, saliency(model, X[:3], target=0), rtol=1e-5)
    neg = insp.attributions(X[:3], target="neg")
    np.testing.assert_allclose(neg, -pos, rtol=1e-5, atol=1e-7)
    ism = insp.attributions(X[:2], method="ism", target="pos")
    np.testing.assert_allclose(ism, in_silico_mutagenesis(model, X[:2], target=0), atol=1e-6)
    with pytest.raises(ValueError, match="target='maybe' is not one of the classes"):
        insp.attributions(X[:1], target="maybe")
    with pytest.raises(ValueError, match="method must be one of"):
        insp.attributions(X[:1], method="deeplift")
    disp = AttributionLogoDisplay.from_inspector(insp, X[0], method="integrated_gradients")
    assert isinstance(disp, AttributionLogoDisplay)
    assert disp.matrix.shape == (30, 4) and disp.importance.shape == (30,)
    # the logo's letters are the observed symbols scaled by their importance
    np.testing.assert_allclose(disp.matrix.values.sum(axis=1), disp.importance, rtol=1e-5)
    import matplotlib.pyplot as plt

    plt.close("all")
