"""set_output through public scikit-learn API only: per estimator, global, clone and pickle."""

import pickle

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.base import clone

from skseq.preprocessing import SequenceOneHotTransformer


@pytest.mark.parametrize("copy", [lambda e: e, clone, lambda e: pickle.loads(pickle.dumps(e))])
def test_pandas_output_needs_flatten_and_survives_clone_and_pickle(copy):
    enc = copy(SequenceOneHotTransformer().set_output(transform="pandas"))
    with pytest.raises(ValueError, match=r"set_output\(transform='pandas'\) needs 2-D output"):
        enc.fit_transform(["ACGT"])
    flat = copy(SequenceOneHotTransformer(flatten=True).set_output(transform="pandas"))
    out = flat.fit_transform(["ACGT"])
    assert isinstance(out, pd.DataFrame) and list(out.columns[:2]) == ["pos0_A", "pos0_C"]


def test_global_config_applies_unless_the_estimator_says_default():
    with sklearn.config_context(transform_output="pandas"):
        with pytest.raises(ValueError, match="needs 2-D output"):
            SequenceOneHotTransformer().fit_transform(["ACGT"])
        enc = SequenceOneHotTransformer().set_output(transform="default")
        assert isinstance(enc.fit_transform(["ACGT"]), np.ndarray)
        assert isinstance(clone(enc).fit_transform(["ACGT"]), np.ndarray)
