"""A real shared database: worker processes run one search on PostgreSQL; one is SIGKILLed.

The objective is a fast scikit-learn model (LogisticRegression over C) run through tune(),
with a scorer that sleeps so trials take a known time; the search's heartbeat is short
(``heartbeat_interval=1, grace_period=2``) so the killed worker's trial is failed and
retried within the test.
"""

import datetime
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
import warnings

import optuna
from optuna.distributions import FloatDistribution, IntDistribution
from optuna.storages import RetryHeartbeatStaleTrialCallback
from optuna.trial import TrialState
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from skseq.tuning import tune
from skseq.tuning._study import FINGERPRINT_ATTR

WORKER = textwrap.dedent(
    """
    import sys, time
    from optuna.distributions import FloatDistribution
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from skseq.tuning import tune

    url, study_name, n_trials, seed, delay = sys.argv[1:]
    X, y = make_classification(n_samples=120, random_state=0)

    def slow_accuracy(estimator, X, y):
        time.sleep(float(delay))
        return estimator.score(X, y)

    tune(LogisticRegression(), X, y, cv=2, scoring=slow_accuracy, n_trials=int(n_trials),
         search_space={"C": FloatDistribution(1e-3, 1e3, log=True)}, storage=url,
         study_name=study_name, random_state=int(seed), refit=False, show_progress_bar=False,
         heartbeat_interval=1, grace_period=2, max_retry=1)
    """
)


def _start(script, url, study_name, n_trials, seed, delay):
    return subprocess.Popen(
        [sys.executable, str(script), url, study_name, str(n_trials), str(seed), str(delay)],
        env=dict(os.environ, PYTHONWARNINGS="ignore"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_two_workers_one_killed_mid_trial(tmp_path, postgres_url):
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    name, n_trials = f"killed-{uuid.uuid4().hex[:8]}", 10
    # Create the tables (and the empty study) once, so the workers do not race to.
    optuna.create_study(storage=postgres_url, study_name=name, direction="maximize")
    # Trials of 2 folds scored in 0.3 s each: a trial takes about 0.6 s.
    a, b = (_start(script, postgres_url, name, n_trials, seed, 0.3) for seed in (1, 2))

    # Kill A while one of its trials is early in its first (0.3 s) scoring: well inside it.
    storage = optuna.storages.RDBStorage(postgres_url)
    mine, deadline, killed = f":{a.pid}", time.monotonic() + 120, None
    while time.monotonic() < deadline and a.poll() is None:
        trials = optuna.load_study(study_name=name, storage=storage).get_trials(deepcopy=False)
        fresh = [
            t
            for t in trials
            if t.state == TrialState.RUNNING
            and t.user_attrs.get("worker", "").endswith(mine)
            and datetime.datetime.now() - t.datetime_start < datetime.timedelta(seconds=0.3)
        ]
        if sum(t.state == TrialState.COMPLETE for t in trials) >= 2 and fresh:
            break
        time.sleep(0.02)
    a.send_signal(signal.SIGKILL)
    a.wait()
    assert a.returncode == -signal.SIGKILL, a.stderr.read().decode()[-2000:]
    # The trial A was running when it died (its state stays RUNNING until someone fails it).
    left = optuna.load_study(study_name=name, storage=storage).get_trials(
        deepcopy=False, states=(TrialState.RUNNING,)
    )
    killed = [t.number for t in left if t.user_attrs.get("worker", "").endswith(mine)]
    assert len(killed) == 1, "worker A was not killed mid-trial"
    killed = killed[0]
    before = {
        t.number: (t.params, t.value)
        for t in optuna.load_study(study_name=name, storage=postgres_url).get_trials(
            states=(TrialState.COMPLETE,)
        )
    }
    _, err = b.communicate(timeout=180)
    assert b.returncode == 0, err.decode()[-2000:]
    rerun = _start(script, postgres_url, name, n_trials, 3, 0.0)
    _, err = rerun.communicate(timeout=180)
    assert rerun.returncode == 0, err.decode()[-2000:]

    trials = optuna.load_study(study_name=name, storage=postgres_url).trials
    by_number = {t.number: t for t in trials}
    complete = [t for t in trials if t.state == TrialState.COMPLETE]
    # Every trial finished before the kill is kept unchanged.
    for number, (params, value) in before.items():
        assert (by_number[number].params, by_number[number].value) == (params, value)
    # The killed trial was failed and retried once, with its parameters, to completion.
    assert by_number[killed].state == TrialState.FAIL
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        retried = [RetryHeartbeatStaleTrialCallback.retried_trial_number(t) for t in trials]
    retries = [t for t, number in zip(trials, retried) if number == killed]
    assert len(retries) == 1 and retries[0].state == TrialState.COMPLETE
    assert retries[0].params == by_number[killed].params
    # No finished trial ran twice; nothing else failed; the study holds n_trials (+1 in flight).
    cs = [t.params["C"] for t in complete]
    assert len(set(cs)) == len(cs)
    assert [t.number for t in trials if t.state == TrialState.FAIL] == [killed]
    assert n_trials <= len(complete) <= n_trials + 1
    assert sorted(by_number) == list(range(len(trials)))
    workers = {t.user_attrs["worker"].rsplit(":", 1)[1] for t in complete}
    assert str(b.pid) in workers and str(a.pid) in workers | {str(rerun.pid)}


def test_url_storage_keeps_unrelated_searches_apart(postgres_url):
    # Issue 10's reproducer, on PostgreSQL: two searches on one database, no study names.
    X1, y1 = make_classification(n_samples=80, random_state=1)
    X2, y2 = make_classification(n_samples=90, random_state=2)
    common = dict(cv=2, storage=postgres_url, refit=True, show_progress_bar=False)
    seed = uuid.uuid4().int % 1000  # a fresh study even on a server kept between runs
    logistic = tune(
        LogisticRegression(random_state=seed),
        X1,
        y1,
        n_trials=3,
        search_space={"C": FloatDistribution(1e-3, 1e3, log=True)},
        **common,
    )
    tree = tune(
        DecisionTreeClassifier(random_state=seed),
        X2,
        y2,
        n_trials=6,
        search_space={"max_depth": IntDistribution(1, 8)},
        **common,
    )
    assert logistic.study_.study_name != tree.study_.study_name
    assert len(tree.study_.trials) == 6 and set(tree.best_params_) == {"max_depth"}
    assert tree.best_estimator_.max_depth == tree.best_params_["max_depth"]
    assert FINGERPRINT_ATTR in tree.study_.user_attrs
    # The same search run again resumes its own study.
    again = tune(
        DecisionTreeClassifier(random_state=seed),
        X2,
        y2,
        n_trials=7,
        search_space={"max_depth": IntDistribution(1, 8)},
        **common,
    )
    assert again.study_.study_name == tree.study_.study_name and len(again.study_.trials) == 7
