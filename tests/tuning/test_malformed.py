"""Malformed inputs to the search: each gets a clear error, naming what and where, before training.

The estimator raises if it is ever fitted, so a check that came too late (after training
had started) would show up as a different error.
"""

import numpy as np
import optuna
import pytest
from optuna.distributions import FloatDistribution, IntDistribution
from sklearn.datasets import make_classification
from sklearn.tree import DecisionTreeClassifier

from skseq.tuning import SequenceSearchCV, tune

DEPTH = {"max_depth": IntDistribution(1, 4)}
X, Y = make_classification(n_samples=60, random_state=0)


class NeverFit(DecisionTreeClassifier):
    def fit(self, X, y, **kwargs):
        raise AssertionError("training started before the bad input was reported")


def search(**kwargs):
    params = dict(search_space=DEPTH, cv=2, n_trials=2)
    return SequenceSearchCV(NeverFit(), **{**params, **kwargs})


CASES = [
    # storage
    (
        {"storage": "study.db"},
        ValueError,
        r"storage 'study.db' is neither a database URL nor a journal file.*'sqlite:///study.db'",
    ),
    (
        {"storage": "sqlite:/x.db"},
        ValueError,
        r"storage 'sqlite:/x.db' looks like a database URL but has no '://'.*'sqlite:///x.db'",
    ),
    (
        {"storage": "sqlite:/runs/x.log"},
        ValueError,
        r"storage 'sqlite:/runs/x.log' looks like a database URL but has no '://'",
    ),
    (
        {"storage": "postgresql:host/db"},
        ValueError,
        r"no '://' after 'postgresql'; write 'postgresql://user:password@host/database'",
    ),
    (
        {"storage": "sqlite:////no/such/folder/x.db"},
        FileNotFoundError,
        r"folder '/no/such/folder' of the SQLite file does not exist",
    ),
    (
        {"storage": "/no/such/folder/tune.log"},
        FileNotFoundError,
        r"Folder '/no/such/folder' of the journal file",
    ),
    (
        {"storage": "nosuchdb://host/db"},
        ValueError,
        r"storage 'nosuchdb://host/db' names an unknown database 'nosuchdb'",
    ),
    (
        {"storage": "postgresql+pg8000://user:secret@127.0.0.1:1/db"},
        ImportError,
        r"storage 'postgresql\+pg8000://user:\*\*\*@127.0.0.1:1/db' needs a database driver",
    ),
    ({"storage": 42}, ValueError, r"storage must be None, a database URL.*got int"),
    ({"storage": ""}, ValueError, r"storage must be a non-empty URL or path"),
    # search space
    ({"search_space": {}}, ValueError, r"search_space must be a non-empty dict.*\(empty\)"),
    ({"search_space": [1, 2]}, ValueError, r"search_space must be a non-empty dict.*got list"),
    (
        {"search_space": {"max_depth": [1, 2]}},
        ValueError,
        r"values must be optuna distributions; not for \['max_depth'\]",
    ),
    (
        {"search_space": {"max_dept": IntDistribution(1, 3)}},
        ValueError,
        r"names parameter\(s\) \['max_dept'\] that NeverFit does not have",
    ),
    (
        {"search_space": {3: IntDistribution(1, 3)}},
        ValueError,
        r"keys must be parameter names \(strings\), got \[3\]",
    ),
    # budget and the other plain arguments
    ({"n_trials": 0}, ValueError, r"n_trials must be a positive integer or None, got 0"),
    ({"n_trials": 2.5}, ValueError, r"n_trials must be a positive integer or None, got 2.5"),
    ({"n_trials": True}, ValueError, r"n_trials must be a positive integer or None, got True"),
    ({"timeout": -1}, ValueError, r"timeout must be a positive number of seconds.*got -1"),
    ({"timeout": "10"}, ValueError, r"timeout must be a positive number of seconds.*got '10'"),
    ({"n_trials": None}, ValueError, r"Give n_trials or timeout"),
    ({"n_jobs": 0}, ValueError, r"n_jobs must be a non-zero integer"),
    ({"direction": "up"}, ValueError, r"direction must be 'maximize' or 'minimize', got 'up'"),
    ({"error_score": "ignore"}, ValueError, r"error_score must be 'raise' or a number"),
    ({"refit": "yes"}, ValueError, r"refit must be True or False, got 'yes'"),
    ({"sampler": "tpe"}, ValueError, r"sampler must be an optuna sampler or None, got 'tpe'"),
    ({"random_state": 1.5}, ValueError, r"random_state must be an integer or None, got 1.5"),
    ({"study_name": 3}, ValueError, r"study_name must be a string"),
    ({"study_name": ""}, ValueError, r"study_name must be a string \(not empty\), got ''"),
    ({"pruning": "sometimes"}, ValueError, r"pruning must be True, False, 'epoch', 'fold'"),
    (
        {"pruning": "epoch"},
        ValueError,
        r"pruning='epoch' needs a Keras estimator: got a NeverFit, which has no Keras network.*"
        r"Use pruning='fold'",
    ),
    # scoring and folds
    ({"scoring": "acuracy"}, ValueError, r"scoring='acuracy' is not a scorer"),
    (
        {"scoring": ["accuracy", "roc_auc"]},
        ValueError,
        r"scoring must name one metric.*got a list",
    ),
    ({"cv": "five"}, ValueError, r"Expected `cv` as an integer.*Got five"),
]


@pytest.mark.parametrize("kwargs, error, match", CASES, ids=[str(c[0])[:40] for c in CASES])
def test_bad_argument_is_named_before_training(kwargs, error, match):
    with pytest.raises(error, match=match):
        search(**kwargs).fit(X, Y)


@pytest.mark.parametrize(
    "fit_kwargs, match",
    [
        ({"y": Y[:50]}, r"y has 50 entries but X has 60 samples"),
        ({"groups": np.arange(7)}, r"groups has 7 entries but X has 60 samples"),
        ({"X": None}, r"X is None"),
    ],
)
def test_bad_data_is_named_before_training(fit_kwargs, match):
    kwargs = {"X": X, "y": Y, **fit_kwargs}
    with pytest.raises(ValueError, match=match):
        search().fit(kwargs.pop("X"), **kwargs)


def test_study_of_another_search_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    SequenceSearchCV(
        DecisionTreeClassifier(random_state=0), DEPTH, cv=2, n_trials=2, storage=url, study_name="s"
    ).fit(X, Y)
    with pytest.raises(ValueError, match=r"Study 's' in storage '.*s.db' was made by a different"):
        search(storage=url, study_name="s").fit(X, Y)


def test_study_with_foreign_trials_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'f.db'}"
    study = optuna.create_study(storage=url, study_name="hand-made", direction="maximize")
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
    with pytest.raises(ValueError, match=r"'hand-made'.*holds 1 finished trial\(s\) but no skseq"):
        search(storage=url, study_name="hand-made").fit(X, Y)


def test_study_of_the_other_direction_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'd.db'}"
    optuna.create_study(storage=url, study_name="d", direction="minimize")
    with pytest.raises(ValueError, match=r"Study 'd' .* has direction 'minimize', not 'maximize'"):
        search(storage=url, study_name="d").fit(X, Y)


def test_tune_reports_the_same_errors():
    with pytest.raises(ValueError, match=r"storage 'study.db' is neither"):
        tune(
            NeverFit(),
            X,
            Y,
            search_space={"max_depth": FloatDistribution(1, 2)},
            storage="study.db",
            show_progress_bar=False,
        )
