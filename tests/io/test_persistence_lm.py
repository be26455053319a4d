"""skseq.io.save / load of the language model and the estimators fine-tuned from it.

Their state is hyperparameters and weights as numpy arrays (the network is rebuilt by skseq's
own code), so the skops file holds no Keras archive and loading runs no code from the file.
"""

import zipfile

import numpy as np
import pytest
import skops.io
from sklearn.frozen import FrozenEstimator
from sklearn.pipeline import make_pipeline

from skseq.io._persistence import UntrustedTypesError, load, save
from skseq.models import SequenceLanguageModel, SequenceLMClassifier, SequenceLMRegressor
from skseq.preprocessing._kmers import KmerTokenizer

TINY = dict(embedding_dim=4, hidden_units=4, n_layers=1, epochs=1, random_state=0)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    seqs = np.array(["".join(rng.choice(list("ACGT"), 24)) for _ in range(32)])
    return seqs, np.arange(32) % 2


@pytest.fixture(scope="module")
def lm(data):
    lm = SequenceLanguageModel(k=3, stride=1, bptt=10, chunk_length=None, **TINY)
    return lm.fit(data[0], None)


def test_language_model_round_trip(lm, data, tmp_path):
    save(lm, tmp_path / "lm.skops")
    loaded = load(tmp_path / "lm.skops")
    np.testing.assert_array_equal(loaded.transform(data[0]), lm.transform(data[0]))
    assert loaded.loss(data[0]) == lm.loss(data[0])
    assert loaded.get_params() == lm.get_params()
    assert loaded.history_ == lm.history_ and loaded.val_loss_ == lm.val_loss_
    assert loaded.model_ is not lm.model_


def test_pipeline_with_pretrained_classifier_round_trip(lm, data, tmp_path):
    seqs, y = data
    clf = SequenceLMClassifier(
        pretrained=FrozenEstimator(lm), head_units=4, epochs=1, finetune="all"
    )
    pipe = make_pipeline(KmerTokenizer(k=3, stride=1), clf.set_params(random_state=0))
    pipe.fit(seqs, y)
    path = tmp_path / "pipe.skops"
    save(pipe, path)
    # only skseq's own types need trusting beyond scikit-learn's and numpy's
    assert all(t.startswith("skseq.") for t in skops.io.get_untrusted_types(file=path))
    with zipfile.ZipFile(path) as archive:  # weights as arrays, no .keras archive inside
        assert not any(archive.read(n)[:2] == b"PK" for n in archive.namelist())
    loaded = load(path)
    np.testing.assert_array_equal(loaded.predict_proba(seqs), pipe.predict_proba(seqs))
    np.testing.assert_array_equal(loaded.predict(seqs), pipe.predict(seqs))
    np.testing.assert_array_equal(loaded[0].transform(seqs), pipe[0].transform(seqs))
    # the pretrained model travels with it and still works
    np.testing.assert_array_equal(
        loaded[-1].pretrained.estimator.transform(seqs), lm.transform(seqs)
    )


def test_regressor_from_scratch_and_unfitted_round_trip(data, tmp_path):
    seqs, _ = data
    target = np.linspace(0, 1, len(seqs))
    reg = SequenceLMRegressor(k=2, stride=1, head_units=4, **TINY).fit(seqs, target)
    save(reg, tmp_path / "reg.skops")
    np.testing.assert_array_equal(load(tmp_path / "reg.skops").predict(seqs), reg.predict(seqs))
    save(SequenceLMClassifier(k=np.int64(4)), tmp_path / "unfitted.skops")
    unfitted = load(tmp_path / "unfitted.skops")
    assert unfitted.k == 4 and not hasattr(unfitted, "model_")


def test_untrusted_type_in_lm_pipeline_is_refused(lm, tmp_path):
    from sklearn.preprocessing import FunctionTransformer

    pipe = make_pipeline(FunctionTransformer(np.char.upper), lm)
    save(pipe, tmp_path / "func.skops")
    with pytest.raises(UntrustedTypesError, match="upper"):
        load(tmp_path / "func.skops")
