"""``skseq tune-worker``: more workers on a study ``skseq tune`` started (journal file)."""

import optuna
from click.testing import CliRunner
from optuna.trial import TrialState

from skseq.cli import main

TINY = ["--set", "epochs=1", "--set", "n_filters=4", "--set", "dense_units=8"]


def _study(storage, name):
    from optuna.storages.journal import JournalFileBackend

    return optuna.load_study(
        study_name=name, storage=optuna.storages.JournalStorage(JournalFileBackend(storage))
    )


def test_a_worker_adds_trials_to_the_study_tune_started(fasta_pair, tmp_path, monkeypatch):
    runner = CliRunner()
    storage = str(tmp_path / "shared" / "study.log")
    (tmp_path / "shared").mkdir()
    model = tmp_path / "best.skseq"
    space = tmp_path / "space.json"
    space.write_text('{"architectures": ["pysster"], "include": ["kernel_size"]}')
    args = ["tune", *fasta_pair, *TINY, "--space", str(space), "--cv", "2", "--storage", storage]
    args += ["--study-name", "s", "--n-trials", "1", "--out", str(model)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output

    # another working directory (another machine): the recorded paths are absolute
    monkeypatch.chdir(tmp_path / "shared")
    worker = ["tune-worker", "--storage", storage, "--study-name", "s", "--random-state", "1"]
    result = runner.invoke(main, [*worker, "--n-trials", "3"])
    assert result.exit_code == 0, result.output
    assert "3 finished trials" in result.output
    trials = _study(storage, "s").get_trials(states=(TrialState.COMPLETE,))
    assert len(trials) == 3
    # the worker searched tune's space: pysster only
    assert all(
        t.params.get("sequencecnnclassifier__architecture", "pysster") == "pysster" for t in trials
    )
    assert not (tmp_path / "shared" / "best.skseq").exists()  # workers do not refit

    # with the recorded n_trials (1) already reached, a worker runs nothing
    result = runner.invoke(main, worker)
    assert result.exit_code == 0, result.output
    assert len(_study(storage, "s").trials) == 3


def test_worker_errors_name_the_study_and_storage(fasta_pair, tmp_path):
    runner = CliRunner()
    storage = str(tmp_path / "study.log")
    result = runner.invoke(main, ["tune-worker", "--storage", storage, "--study-name", "nope"])
    assert result.exit_code == 1
    assert "holds no study 'nope'" in result.output and "study.log" in result.output

    from optuna.storages.journal import JournalFileBackend

    optuna.create_study(
        study_name="by-hand",
        storage=optuna.storages.JournalStorage(JournalFileBackend(storage)),
    )
    result = runner.invoke(main, ["tune-worker", "--storage", storage, "--study-name", "by-hand"])
    assert result.exit_code == 1
    assert "'by-hand'" in result.output and "not started by skseq tune" in result.output

    result = runner.invoke(main, ["tune-worker", "--storage", "study.db", "--study-name", "s"])
    assert result.exit_code == 1 and "neither a database URL nor a journal file" in result.output
