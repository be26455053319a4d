"""Heartbeats: the trial of a SIGKILLed worker is failed and retried, on SQLite and PostgreSQL.

A worker process runs a search whose scorer sleeps for a minute; once its trial is scoring
(so RUNNING, with a heartbeat recorded) the worker is killed. After the grace period a
second worker of the same search fails the stale trial and runs its parameters again. The
heartbeat is the search's own (``heartbeat_interval=1, grace_period=2``), not a storage
object built by hand.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
import warnings

import optuna
import pytest
from click.testing import CliRunner
from optuna.distributions import FloatDistribution
from optuna.storages import RetryHeartbeatStaleTrialCallback
from optuna.trial import TrialState
from sklearn.linear_model import LogisticRegression

from skseq.tuning import SequenceSearchCV
from skseq.tuning._storage import make_storage

HEARTBEAT, GRACE = 1, 2

WORKER = textwrap.dedent(
    """
    import pathlib, sys, time
    from optuna.distributions import FloatDistribution
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from skseq.tuning import SequenceSearchCV

    storage, study_name, n_trials, delay, marker, heartbeat, grace = sys.argv[1:]
    X, y = make_classification(n_samples=80, random_state=0)

    def slow_accuracy(estimator, X, y):
        pathlib.Path(marker).touch()  # the trial is running and scoring
        time.sleep(float(delay))
        return estimator.score(X, y)

    SequenceSearchCV(
        LogisticRegression(), {"C": FloatDistribution(1e-3, 1e3, log=True)}, cv=2,
        scoring=slow_accuracy, n_trials=int(n_trials), storage=storage,
        study_name=study_name, heartbeat_interval=int(heartbeat), grace_period=int(grace),
        refit=False, show_progress_bar=False,
    ).fit(X, y)
    """
)


@pytest.fixture(params=["sqlite", "postgresql"])
def storage_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tune.db'}"
    return request.getfixturevalue("postgres_url")


def _start(script, storage, name, n_trials, delay, marker):
    args = [storage, name, n_trials, delay, marker, HEARTBEAT, GRACE]
    return subprocess.Popen(
        [sys.executable, str(script), *map(str, args)],
        env=dict(os.environ, PYTHONWARNINGS="ignore"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _failure(process):
    process.kill()
    _, err = process.communicate()
    return f"worker exited with {process.returncode}: {err.decode()[-2000:]}"


def test_killed_worker_trial_is_failed_and_retried(tmp_path, storage_url):
    script, marker = tmp_path / "worker.py", tmp_path / "scoring"
    script.write_text(WORKER)
    name, n_trials = f"heartbeat-{uuid.uuid4().hex[:8]}", 3
    doomed = _start(script, storage_url, name, n_trials, 60, marker)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert doomed.poll() is None and time.monotonic() < deadline, _failure(doomed)
        time.sleep(0.05)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait()
    killed_at = time.monotonic()
    assert doomed.returncode == -signal.SIGKILL

    study = optuna.load_study(study_name=name, storage=storage_url)
    (orphan,) = study.get_trials(deepcopy=False)
    assert orphan.state == TrialState.RUNNING  # nobody is left to finish it

    # Past the grace period the orphan's last heartbeat is stale, so the next worker fails it
    # before its first trial (+1 s: SQLite's timestamps are whole seconds).
    time.sleep(max(0.0, killed_at + GRACE + 1.2 - time.monotonic()))
    marker.unlink()
    rerun = _start(script, storage_url, name, n_trials, 0, marker)
    _, err = rerun.communicate(timeout=60)
    assert rerun.returncode == 0, err.decode()[-2000:]

    trials = optuna.load_study(study_name=name, storage=storage_url).trials
    assert trials[orphan.number].state == TrialState.FAIL
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        retries = [
            t
            for t in trials
            if RetryHeartbeatStaleTrialCallback.retried_trial_number(t) == orphan.number
        ]
        assert len(retries) == 1
        (retry,) = retries
        assert RetryHeartbeatStaleTrialCallback.retry_history(retry) == [orphan.number]
    assert retry.state == TrialState.COMPLETE and retry.params == orphan.params
    assert retry.user_attrs["worker"].endswith(f":{rerun.pid}")
    # The retry counts towards n_trials; the orphan is the only failed trial.
    assert sum(t.state == TrialState.COMPLETE for t in trials) == n_trials
    assert [t.number for t in trials if t.state == TrialState.FAIL] == [orphan.number]


def _stale_trial(study, storage):
    """Start a trial with one heartbeat and abandon it, as a killed worker does."""
    with warnings.catch_warnings():  # "Heartbeat ... is supposed to be used with optimize"
        warnings.simplefilter("ignore", UserWarning)
        trial = study.ask({"x": FloatDistribution(0, 1)})
    storage.record_heartbeat(trial._trial_id)
    return trial.number


def _fail_stale(study, grace):
    time.sleep(grace + 1.1)  # SQLite's timestamps are whole seconds
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        optuna.storages.fail_stale_trials(study)


@pytest.mark.parametrize("max_retry", [0, 2])
def test_max_retry_limits_the_retries_of_a_stale_trial(tmp_path, max_retry):
    storage = make_storage(
        f"sqlite:///{tmp_path / 'r.db'}",
        heartbeat_interval=HEARTBEAT,
        grace_period=GRACE,
        max_retry=max_retry,
    )
    assert (storage.get_heartbeat_interval(), storage.grace_period) == (HEARTBEAT, GRACE)
    study = optuna.create_study(storage=storage)
    number = _stale_trial(study, storage)
    for _ in range(max_retry + 1):
        _fail_stale(study, GRACE)
        assert study.trials[number].state == TrialState.FAIL
        waiting = study.get_trials(deepcopy=False, states=(TrialState.WAITING,))
        if not waiting:
            break
        number = _stale_trial(study, storage)  # the retry is taken, and its worker dies too
        assert number == waiting[0].number
    states = [t.state for t in study.trials]
    assert states == [TrialState.FAIL] * (max_retry + 1)


def test_storage_heartbeat_settings():
    url = "sqlite:///:memory:"
    default = make_storage(url)
    assert (default.get_heartbeat_interval(), default.grace_period) == (60, 120)
    assert default.get_heartbeat_stale_trial_callback()._max_retry == 1
    assert make_storage(url, heartbeat_interval=10).grace_period == 20
    off = make_storage(url, heartbeat_interval=None)
    assert off.get_heartbeat_interval() is None
    assert off.get_heartbeat_stale_trial_callback() is None


@pytest.mark.parametrize(
    ("params", "match"),
    [
        ({"heartbeat_interval": 0}, r"'heartbeat_interval' parameter"),
        ({"heartbeat_interval": 1.5}, r"'heartbeat_interval' parameter"),
        ({"heartbeat_interval": "60"}, r"'heartbeat_interval' parameter"),
        ({"grace_period": 0}, r"'grace_period' parameter"),
        ({"max_retry": -1}, r"'max_retry' parameter"),
        (
            {"heartbeat_interval": 10, "grace_period": 10},
            r"grace_period \(10 s\) must be longer than heartbeat_interval \(10 s\)",
        ),
    ],
)
def test_bad_heartbeat_parameters_are_refused(tmp_path, params, match):
    search = SequenceSearchCV(
        LogisticRegression(),
        {"C": FloatDistribution(1e-3, 1e3, log=True)},
        n_trials=1,
        storage=f"sqlite:///{tmp_path / 'bad.db'}",
        **params,
    )
    with pytest.raises(ValueError, match=match):
        search.fit([[0.0], [1.0]] * 5, [0, 1] * 5)
    assert not (tmp_path / "bad.db").exists()  # refused before the study was made


def test_cli_passes_the_heartbeat_through(tmp_path, monkeypatch):
    from skseq.cli import main
    from skseq.io import write_fasta

    seen = {}

    def fit(self, *args, **kwargs):
        seen.update(self.get_params(deep=False))
        raise ValueError("stop before training")

    monkeypatch.setattr(SequenceSearchCV, "fit", fit)
    for label in "ab":
        write_fasta(tmp_path / f"{label}.fa", ["ACGTACGTAC"] * 4, [f"{label}{i}" for i in range(4)])
    args = [
        "tune",
        str(tmp_path / "a.fa"),
        str(tmp_path / "b.fa"),
        "--out",
        str(tmp_path / "m.skseq"),
    ]
    args += ["--storage", f"sqlite:///{tmp_path / 'cli.db'}", "--heartbeat-interval", "5"]
    result = CliRunner().invoke(main, [*args, "--grace-period", "30", "--max-retry", "2"])
    assert "stop before training" in result.output, result.output
    assert (seen["heartbeat_interval"], seen["grace_period"], seen["max_retry"]) == (5, 30, 2)
    result = CliRunner().invoke(main, [*args[:-1], "0"])  # --heartbeat-interval 0: off
    assert "stop before training" in result.output, result.output
    assert seen["heartbeat_interval"] is None and seen["max_retry"] == 1
