"""Displays: numbers as attributes, ax_ always an Axes, axes_ for several, artists kept."""

import keras
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from skseq.inspection import MotifInspector  # noqa: E402
from skseq.plotting import (  # noqa: E402
    ActivationHeatmapDisplay,
    AttributionLogoDisplay,
    ClassEnrichmentDisplay,
    MotifLogoDisplay,
    PositionEnrichmentDisplay,
    TrackProfileDisplay,
)

MOTIF = "GATTACA"


def _inspector(n=40, length=30):
    """Kernel 0 fires only on GATTACA (planted at 9 in the odd sequences); kernel 1 never."""
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 4, (n, length))
    codes[1::2, 9:16] = ["ACGT".index(c) for c in MOTIF]
    X = np.eye(4, dtype="float32")[codes]
    inp = keras.Input((length, 4))
    conv = keras.layers.Conv1D(2, len(MOTIF), activation="relu", name="conv_1")
    model = keras.Model(inp, keras.layers.GlobalMaxPooling1D()(conv(inp)))
    kernel = np.zeros((len(MOTIF), 4, 2), dtype="float32")
    kernel[np.arange(len(MOTIF)), ["ACGT".index(c) for c in MOTIF], 0] = 1.0
    conv.set_weights([kernel, np.array([-(len(MOTIF) - 1), -100.0], "float32")])
    insp = MotifInspector(model, importance="spread").fit(X, np.arange(n) % 2)
    return insp, X


def test_displays_hold_numbers_and_draw_on_given_axes():
    insp, X = _inspector()
    fig, ax = plt.subplots()
    logo = MotifLogoDisplay.from_inspector(insp, 0, kind="probability", ax=ax)
    assert isinstance(logo, MotifLogoDisplay) and logo.ax_ is ax and logo.figure_ is fig
    assert list(logo.axes_) == [ax] and set(logo.logos_) == {"sequence"}
    info = MotifLogoDisplay.from_inspector(insp, 0)
    # a one-hot motif carries the full 2 bits per position
    assert info.ax_.get_ylim() == (0, 2)
    np.testing.assert_allclose(info.matrices_["sequence"].to_numpy().sum(axis=1), 2.0)
    pos = PositionEnrichmentDisplay.from_inspector(insp, 0)
    assert isinstance(pos, PositionEnrichmentDisplay) and len(pos.axes_) == 2
    assert pos.ax_ is pos.axes_[0] and set(pos.lines_) == {0, 1}
    cls = ClassEnrichmentDisplay.from_inspector(insp, 0)
    assert isinstance(cls, ClassEnrichmentDisplay) and cls.threshold == insp.thresholds_[0]
    assert len(cls.boxplot_["boxes"]) == 2 and cls.threshold_line_ is not None
    heat = ActivationHeatmapDisplay.from_inspector(insp)
    assert isinstance(heat, ActivationHeatmapDisplay)
    assert sorted(heat.kernel_order_.tolist()) == [0, 1]
    assert sorted(heat.sequence_order_.tolist()) == list(range(len(X)))
    assert heat.image_.get_array().shape == (2, len(X))
    with pytest.raises(ValueError, match="kernel must be an integer in \\[0, 2\\)"):
        MotifLogoDisplay.from_inspector(insp, 5)
    with pytest.raises(ValueError, match="kind must be"):
        MotifLogoDisplay.from_inspector(insp, 0, kind="bits")
    with pytest.raises(ValueError, match="no track channels"):
        TrackProfileDisplay.from_inspector(insp, 0)
    with pytest.raises(ValueError, match="draws on 2 Axes; got 1"):
        PositionEnrichmentDisplay.from_inspector(insp, 0, ax=ax)
    plt.close("all")


def test_a_kernel_without_sites_gets_an_empty_panel_not_a_made_up_logo():
    insp, _X = _inspector()
    disp = MotifLogoDisplay.from_inspector(insp, 1)
    assert disp.logos_ == {} and disp.ax_.texts[0].get_text() == "no sites"
    plt.close("all")


def test_logos_use_logomaker_transform_and_colour_schemes():
    import logomaker

    ppm = pd.DataFrame([[0.7, 0.1, 0.1, 0.1], [0.25, 0.25, 0.25, 0.25]], columns=list("ACGT"))
    disp = MotifLogoDisplay({"sequence": ppm}).plot(color_scheme="colorblind_safe")
    expected = logomaker.transform_matrix(ppm, from_type="probability", to_type="information")
    np.testing.assert_allclose(disp.matrices_["sequence"].to_numpy(), expected.to_numpy())
    assert disp.logos_["sequence"].color_scheme == "colorblind_safe"
    struct = pd.DataFrame([[0.9, 0.1], [0.5, 0.5]], columns=["P", "U"])
    two = MotifLogoDisplay({"seq": ppm, "struct": struct}).plot()
    assert len(two.axes_) == 2 and two.ax_ is two.axes_[0]
    plt.close("all")


def test_plot_passes_kwargs_to_the_artists():
    mean = pd.DataFrame({"a": np.r_[np.zeros(5), 1.0, np.zeros(4)]})
    pos = PositionEnrichmentDisplay({"a": np.array([5, 5, 6])}, mean, 10).plot(color="red")
    assert matplotlib.colors.same_color(pos.hists_["a"].get_edgecolor(), "red")
    heat = ActivationHeatmapDisplay(np.random.default_rng(0).random((6, 3))).plot(cmap="magma")
    assert heat.image_.get_cmap().name == "magma"
    track = TrackProfileDisplay({"t": pd.DataFrame({"x": [1.0, 2.0]})}).plot(c="k")
    assert matplotlib.colors.same_color(track.lines_["t: x"].get_color(), "k")
    plt.close("all")


def test_attribution_logo_from_estimator_and_inspector():
    insp, X = _inspector()
    from_model = AttributionLogoDisplay.from_estimator(insp.network_, X[1], method="saliency")
    from_insp = AttributionLogoDisplay.from_inspector(insp, X[1], method="saliency")
    np.testing.assert_allclose(from_model.importance, from_insp.importance)
    assert from_model.matrix.shape == (30, 4) and from_model.importance.shape == (30,)
    # the logo's letters are the observed symbols scaled by their importance
    np.testing.assert_allclose(from_model.matrix.to_numpy().sum(axis=1), from_model.importance)
    assert from_insp.importance[9:16].min() > 0 and from_insp.logo_ is not None
    with pytest.raises(ValueError, match="method must be one of"):
        AttributionLogoDisplay.from_inspector(insp, X[1], method="deeplift")
    plt.close("all")
