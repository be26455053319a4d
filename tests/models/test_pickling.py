"""One pickling scheme for every network estimator (skseq.models._pickling)."""

import pickle

import numpy as np
import pytest

import skseq.models._base as base
import skseq.models._pickling as pickling
from skseq.models import (
    SequenceCNNClassifier,
    SequenceCNNRegressor,
    SequenceLanguageModel,
    SequenceLMClassifier,
    SequenceLMRegressor,
)

ESTIMATORS = [
    SequenceCNNClassifier,
    SequenceCNNRegressor,
    SequenceLanguageModel,
    SequenceLMClassifier,
    SequenceLMRegressor,
]


@pytest.mark.parametrize("cls", ESTIMATORS)
def test_every_network_estimator_uses_the_one_mixin(cls):
    for method in ("__getstate__", "__setstate__", "__reduce__", "_restore_state"):
        assert getattr(cls, method) is getattr(pickling.NetworkStateMixin, method), method
    estimator = pickle.loads(pickle.dumps(cls(random_state=np.int64(3))))
    assert type(estimator) is cls and estimator.random_state == 3


def test_how_each_family_stores_its_network():
    assert SequenceCNNClassifier._network_state == "archive"
    assert SequenceLanguageModel._network_state == "weights"
    assert SequenceLMClassifier._network_state == "weights"


def test_pickles_written_before_the_mixin_still_load():
    # CNN pickles name skseq.models._base._unpickle
    assert base._unpickle is pickling._unpickle
    # LM pickles were made by the default reduce: unpickling calls __setstate__
    state = SequenceLanguageModel(k=3).__getstate__()
    old = SequenceLanguageModel.__new__(SequenceLanguageModel)
    old.__setstate__(state)
    assert old.get_params() == SequenceLanguageModel(k=3).get_params()
