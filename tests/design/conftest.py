"""One small CNN trained on a planted motif, shared by the tests of skseq.design."""

import numpy as np
import pytest
from sklearn.pipeline import make_pipeline

MOTIF = "GATTACAG"
LENGTH = 40


@pytest.fixture(scope="package")
def planted_model():
    """A one-hot + CNN Pipeline: class 1 carries MOTIF somewhere in 40 nt of random DNA."""
    from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
    from skseq.datasets import make_motif_sequences

    X, y = make_motif_sequences(800, LENGTH, [MOTIF], random_state=0)
    pipe = make_pipeline(
        SequenceOneHotTransformer(),
        SequenceCNNClassifier(
            architecture="global_max",
            n_conv_layers=1,
            n_filters=8,
            kernel_size=8,
            dense_units=8,
            epochs=8,
            learning_rate=1e-2,
            dropout_input=0,
            dropout_conv=0,
            dropout_dense=0,
            validation_fraction=0,
            random_state=0,
            verbose=0,
        ),
    )
    pipe.fit(X[:600], y[:600])
    assert pipe.score(X[600:], y[600:]) > 0.95
    return pipe, np.asarray(X), np.asarray(y)


@pytest.fixture(scope="package")
def motif():
    return MOTIF
