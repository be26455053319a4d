"""tune() with real storage: a killed run resumes, and two worker processes share one study.

These tests are about storage, not networks, so the objective is a fast scikit-learn model
(LogisticRegression over C) run through tune(); a scorer that sleeps makes each trial take a
known, short time so that a worker can be killed mid-search and two workers overlap.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import optuna
import pytest
from optuna.trial import TrialState

WORKER = textwrap.dedent(
    """
    import sys, time
    from optuna.distributions import FloatDistribution
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from skseq.tuning import tune

    storage, study_name, n_trials, seed, delay = sys.argv[1:]
    X, y = make_classification(n_samples=120, random_state=0)

    def slow_accuracy(estimator, X, y):
        time.sleep(float(delay))
        return estimator.score(X, y)

    tune(LogisticRegression(), X, y, cv=2, scoring=slow_accuracy, n_trials=int(n_trials),
         search_space={"C": FloatDistribution(1e-3, 1e3, log=True)}, storage=storage,
         study_name=study_name, random_state=int(seed), refit=False, show_progress_bar=False)
    """
)


@pytest.fixture
def worker_script(tmp_path):
    path = tmp_path / "worker.py"
    path.write_text(WORKER)
    return path


def _start(script, storage, study_name, n_trials, seed, delay):
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    return subprocess.Popen(
        [
            sys.executable,
            str(script),
            str(storage),
            study_name,
            str(n_trials),
            str(seed),
            str(delay),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _load(storage, study_name):
    if "://" not in str(storage):
        from optuna.storages.journal import JournalFileBackend

        storage = optuna.storages.JournalStorage(JournalFileBackend(str(storage)))
    return optuna.load_study(study_name=study_name, storage=storage)


def _complete(study):
    return {t.number: (t.params, t.value) for t in study.get_trials(states=(TrialState.COMPLETE,))}


def test_killed_run_resumes_without_losing_finished_trials(tmp_path, worker_script):
    storage = f"sqlite:///{tmp_path / 'tune.db'}"
    n_trials = 12
    worker = _start(worker_script, storage, "resume", n_trials, seed=0, delay=0.2)
    deadline = time.monotonic() + 60
    before = {}
    while time.monotonic() < deadline and worker.poll() is None:
        try:
            before = _complete(_load(storage, "resume"))
        except KeyError:  # the worker has not created the study yet
            pass
        if len(before) >= 3:
            break
        time.sleep(0.1)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    assert worker.returncode == -signal.SIGKILL, worker.stderr.read().decode()[-2000:]
    before = _complete(_load(storage, "resume"))  # trials finished up to the kill
    assert 3 <= len(before) < n_trials

    # The rerun is the same search (same scorer): issue 10 made tune() refuse to resume a
    # study with another search's trials, so it runs the worker script again.
    rerun = _start(worker_script, storage, "resume", n_trials, seed=1, delay=0.0)
    _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()[-2000:]
    result = _load(storage, "resume")

    after = _complete(_load(storage, "resume"))
    # n_trials counts the study's total: the resumed run only added the missing trials.
    assert len(after) == n_trials
    for number, (params, value) in before.items():
        assert after[number] == (params, value)
    numbers = [t.number for t in result.trials]
    assert sorted(numbers) == list(range(len(numbers)))
    # At most the one trial that was running at the kill is left unfinished.
    assert len(numbers) - n_trials <= 1
    assert result.best_value == max(v for _, v in after.values())


@pytest.mark.parametrize("backend", ["journal", "sqlite"])
def test_two_workers_share_one_study(tmp_path, worker_script, backend):
    storage = tmp_path / "tune.log" if backend == "journal" else f"sqlite:///{tmp_path / 't.db'}"
    n_trials = 12
    workers = [
        _start(worker_script, storage, "shared", n_trials, seed=s, delay=0.25) for s in (1, 2)
    ]
    for w in workers:
        _, err = w.communicate(timeout=120)
        assert w.returncode == 0, err.decode()[-2000:]

    study = _load(storage, "shared")
    trials = study.trials
    complete = [t for t in trials if t.state == TrialState.COMPLETE]
    assert all(t.state == TrialState.COMPLETE for t in trials)
    # Both stop at the shared total; one trial in flight at that moment may finish too.
    assert n_trials <= len(complete) <= n_trials + 1
    # No trial number is lost or used twice, and no parameters were evaluated twice.
    assert sorted(t.number for t in trials) == list(range(len(trials)))
    cs = [t.params["C"] for t in complete]
    assert len(set(cs)) == len(cs)
    # Both workers ran trials (each trial records the host:pid that ran it).
    assert {t.user_attrs["worker"].split(":")[1] for t in complete} == {str(w.pid) for w in workers}
    assert all(len(t.user_attrs["cv_scores"]) == 2 for t in complete)
    assert np.isfinite([t.value for t in complete]).all()
