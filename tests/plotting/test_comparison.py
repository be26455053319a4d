"""GrammarPositionDisplay: where the planted elements sit, per class."""

from pathlib import Path

import matplotlib
import numpy as np

from skseq.datasets._grammar_simulate import make_grammar_sequences
from skseq.plotting._comparison import GrammarPositionDisplay

matplotlib.use("Agg")
FIXED = Path(__file__).parents[1] / "data" / "grammars" / "mc8-dna150-fixed-exact-variable-p-s1.xml"


def test_grammar_position_heatmap():
    data = make_grammar_sequences(FIXED, n_samples=800, random_state=0)
    display = GrammarPositionDisplay.from_data(data, set_name="training")
    freq = display.frequencies
    assert freq.shape == (8, 150) and list(freq.index) == list(data.target_names)
    assert np.all(freq.loc["c1", 65:70] == 1.0)  # 1-based position 65, probability 1
    assert freq.loc["c8", 65] < 0.2 and freq.loc[:, 1:64].to_numpy().sum() == 0
    assert display.image_.get_array().shape == (8, 150)
