"""Which sequences are inspected: every class of the estimator, or a warning."""

import numpy as np
import pytest

from skseq.inspection._groups import sample_groups


def test_a_class_without_sequences_warns():
    with pytest.warns(UserWarning, match=r"class 1 .*no sequence among the 3 inspected"):
        labels, codes = sample_groups(np.array([0, 0, 0]), 3, np.array([0, 1]))
    assert labels == [0, 1] and codes.tolist() == [0, 0, 0]
    with pytest.warns(UserWarning, match=r"classes 'b', 'c' "):
        sample_groups(np.array(["a"] * 4), 4, np.array(["a", "b", "c"]))
