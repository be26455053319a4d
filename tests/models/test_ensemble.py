"""SequenceEnsembleClassifier / Regressor: members, folds, the mean network, sklearn's tools."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from skseq import SequenceOneHotTransformer, scan
from skseq.attribution import saliency
from skseq.io import load, save
from skseq.models import (
    SequenceCNNClassifier,
    SequenceCNNRegressor,
    SequenceEnsembleClassifier,
    SequenceEnsembleRegressor,
)

from .test_sklearn_compat import CHECK_PARAMS, EXPECTED_FAILED

SMALL = dict(n_conv_layers=1, n_filters=4, kernel_size=4, dense_units=8, epochs=3, batch_size=16)


def planted(n=80, length=20, seed=0):
    """Random DNA; class 1 holds ACGTAC at a random place."""
    rng = np.random.default_rng(seed)
    seqs = ["".join(rng.choice(list("ACGT"), size=length)) for _ in range(n)]
    y = np.arange(n) % 2
    for i in np.flatnonzero(y):
        at = rng.integers(0, length - 6)
        seqs[i] = seqs[i][:at] + "ACGTAC" + seqs[i][at + 6 :]
    return np.array(seqs), y


# Members of sklearn's checks: 3 epochs each (2 members train 6 epochs in all, against the
# single network's 4); the ensembles still reach accuracy 0.93-0.98 and R^2 0.65-0.80 for
# random_state 0-3, above check_classifiers_train's 0.83 and check_regressors_train's 0.5.
MEMBER_CHECK_PARAMS = {**CHECK_PARAMS, "epochs": 3}


@parametrize_with_checks(
    [
        SequenceEnsembleClassifier(SequenceCNNClassifier(**MEMBER_CHECK_PARAMS), n_members=2),
        SequenceEnsembleRegressor(SequenceCNNRegressor(**MEMBER_CHECK_PARAMS), n_members=2),
    ],
    expected_failed_checks=lambda est: {
        "check_sample_weight_equivalence_on_dense_data": EXPECTED_FAILED[
            "check_sample_weight_equivalence_on_dense_data"
        ]
    },
)
def test_sklearn_check(estimator, check):
    check(estimator)


def test_mean_of_members_and_the_mean_network():
    seqs, y = planted()
    enc = SequenceOneHotTransformer()
    X = enc.fit_transform(seqs)
    ens = SequenceEnsembleClassifier(SequenceCNNClassifier(**SMALL), n_members=3, random_state=0)
    ens.fit(X, y)
    members = [m.predict_proba(X) for m in ens.estimators_]
    np.testing.assert_allclose(ens.predict_proba(X), np.mean(members, axis=0), atol=1e-6)
    # members differ by seed, and the one network averages their outputs
    assert len({m.random_state for m in ens.estimators_}) == 3
    network = np.asarray(ens.model_.predict(np.asarray(X, dtype="float32"), verbose=0))[:, 0]
    np.testing.assert_allclose(network, ens.predict_proba(X)[:, 1], atol=1e-5)
    assert set(ens.predict(X)) <= {0, 1}


def test_folds_hold_out_one_fold_each_and_respect_groups():
    seqs, y = planted(n=60)
    X = SequenceOneHotTransformer().fit_transform(seqs)
    groups = np.repeat(np.arange(6), 10)
    ens = SequenceEnsembleClassifier(
        SequenceCNNClassifier(**SMALL), n_members=3, members="folds", random_state=0
    )
    ens.fit(X, y, groups=groups)
    assert len(ens.estimators_) == 3
    # every member validated on whole groups: the GroupKFold folds, in order
    folds = [held for _, held in GroupKFold(3).split(X, y, groups)]
    for member in ens.estimators_:
        assert member.n_epochs_ >= 1 and "val_loss" in member.history_
    assert sorted(np.concatenate(folds).tolist()) == list(range(60))


def test_validation_indices_is_what_a_member_validates_on():
    seqs, y = planted(n=40)
    X = SequenceOneHotTransformer().fit_transform(seqs)
    clf = SequenceCNNClassifier(**SMALL, random_state=0)
    clf.fit(X, y, validation_indices=np.arange(30, 40))
    assert "val_loss" in clf.history_
    with pytest.raises(ValueError, match="outside 0..39"):
        clone(clf).fit(X, y, validation_indices=[0, 40])
    with pytest.raises(ValueError, match="selects 40 of 40"):
        clone(clf).fit(X, y, validation_indices=np.ones(40, bool))


@pytest.fixture(scope="module")
def fitted_pipe():
    """An encoder and an ensemble of 2 members on ``planted()``, fitted once: the tests
    below only read it (GridSearchCV fits clones)."""
    seqs, y = planted()
    pipe = make_pipeline(
        SequenceOneHotTransformer(),
        SequenceEnsembleClassifier(SequenceCNNClassifier(**SMALL), n_members=2, random_state=0),
    )
    return pipe.fit(seqs, y)


def test_pipeline_clone_pickle_save_and_search(fitted_pipe, tmp_path):
    seqs, y = planted()
    pipe = fitted_pipe
    expected = pipe.predict_proba(seqs)
    again = pickle.loads(pickle.dumps(pipe))
    np.testing.assert_allclose(again.predict_proba(seqs), expected, atol=1e-6)
    save(pipe, tmp_path / "ensemble.skops")
    loaded = load(tmp_path / "ensemble.skops")
    np.testing.assert_allclose(loaded.predict_proba(seqs), expected, atol=1e-6)
    assert clone(pipe).get_params()["sequenceensembleclassifier__n_members"] == 2
    # the search fits 12 or 13 members: one epoch each (a nested parameter of the members)
    quick = clone(pipe).set_params(sequenceensembleclassifier__estimator__epochs=1)
    search = GridSearchCV(quick, {"sequenceensembleclassifier__n_members": [2, 3]}, cv=2)
    search.fit(seqs, y)
    assert search.best_params_["sequenceensembleclassifier__n_members"] in (2, 3)
    best = search.best_estimator_[-1]
    assert len(best.estimators_) == search.best_params_["sequenceensembleclassifier__n_members"]
    assert all(m.n_epochs_ == 1 for m in best.estimators_)


def test_attributions_and_scan_average_the_members(fitted_pipe):
    seqs, _ = planted()
    pipe = fitted_pipe
    ens = pipe[-1]
    X = pipe[0].transform(seqs[:5])
    attr = saliency(pipe, seqs[:5])
    per_member = [saliency(m, X) for m in ens.estimators_]
    assert attr.shape == X.shape
    # the mean network's gradient is the mean of the members' gradients (same target: class 1)
    np.testing.assert_allclose(attr, np.mean(per_member, axis=0), rtol=1e-4, atol=1e-6)
    long = "ACGT" * 20
    table = scan(pipe, long, window=20, stride=10)
    forward = table[table.strand == "+"]
    expected = pipe.predict_proba([long[i : i + 20] for i in forward.position])[:, 1]
    np.testing.assert_allclose(forward.score, expected, atol=1e-5)


def test_motif_inspector_shows_every_members_kernels(fitted_pipe, tmp_path):
    from skseq.inspection import MotifInspector

    seqs, y = planted()
    pipe = fitted_pipe
    ens = pipe[-1]
    inspector = MotifInspector(pipe).fit(seqs, y)
    n_filters = SMALL["n_filters"]
    assert len(inspector.motifs_) == 2 * n_filters
    assert list(inspector.kernel_layers_[:n_filters]) == [inspector.kernel_layers_[0]] * n_filters
    assert inspector.kernel_layers_[0].startswith("member_0/")
    assert inspector.kernel_layers_[-1].startswith("member_1/")
    X = pipe[0].transform(seqs)
    for i, member in enumerate(ens.estimators_):
        alone = MotifInspector(member).fit(X, y)
        block = slice(i * n_filters, (i + 1) * n_filters)
        np.testing.assert_allclose(inspector.max_activations_[:, block], alone.max_activations_)
    # occlusion is measured on the averaged network: a member's kernel counts half as much
    assert inspector.importance_.shape == (2 * n_filters,)
    assert np.all(np.isfinite(inspector.importance_))
    page = inspector.report(tmp_path / "report", top=2)
    assert "member_1/" in page.read_text()
    ism = inspector.attributions(seqs[:3], method="ism")
    assert ism.shape == X[:3].shape


def test_members_must_be_network_estimators():
    from sklearn.linear_model import LogisticRegression

    ens = SequenceEnsembleClassifier(LogisticRegression())
    with pytest.raises(TypeError, match="skseq network estimator"):
        ens.fit(np.zeros((4, 3, 4)), [0, 1, 0, 1])
