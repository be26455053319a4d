"""``skseq tune``: a resumable Optuna search through the command line."""

import json

import pandas as pd
from click.testing import CliRunner

from skseq.cli import main
from skseq.io import load, read_fasta

TINY = ["--set", "epochs=1", "--set", "n_filters=4", "--set", "dense_units=8"]


def _space(tmp_path):
    path = tmp_path / "space.json"
    path.write_text(
        json.dumps(
            {
                "architectures": ["pysster"],
                "include": ["learning_rate"],
                "ranges": {"kernel_size": {"low": 4, "high": 8}},
            }
        )
    )
    return str(path)


def test_tune_writes_model_and_trials_and_resumes(fasta_pair, tmp_path):
    runner = CliRunner()
    storage = f"sqlite:///{tmp_path / 'study.db'}"
    model, trials = tmp_path / "best.skseq", tmp_path / "trials.csv"
    args = ["tune", *fasta_pair, *TINY, "--space", _space(tmp_path), "--cv", "2", "--groups"]
    args += ["--storage", storage, "--study-name", "s1", "--random-state", "0"]
    args += ["--out", str(model), "--trials", str(trials)]
    result = runner.invoke(main, [*args, "--n-trials", "2"])
    assert result.exit_code == 0, result.output
    first = pd.read_csv(trials)
    assert len(first) == 2 and set(first["state"]) == {"COMPLETE"}
    assert {"params_sequencecnnclassifier__learning_rate", "value"} <= set(first.columns)
    assert first["params_sequencecnnclassifier__kernel_size"].between(4, 8).all()
    best = load(model)
    data = read_fasta(list(fasta_pair))
    assert best.predict(data.sequences).shape == (60,)
    assert best[-1].kernel_size in set(first["params_sequencecnnclassifier__kernel_size"])

    # the same storage and study name: the two stored trials are kept, one more runs
    result = runner.invoke(main, [*args, "--n-trials", "3"])
    assert result.exit_code == 0, result.output
    assert "3 finished trials" in result.output
    second = pd.read_csv(trials)
    assert second["number"].tolist() == [0, 1, 2]
    pd.testing.assert_frame_equal(second.iloc[:2][first.columns], first)


def test_tune_default_trials_file_is_tsv_beside_the_model(fasta_pair, tmp_path):
    model = tmp_path / "m.skseq"
    args = ["tune", *fasta_pair, *TINY, "--space", _space(tmp_path), "--cv", "2"]
    args += ["--n-trials", "1", "--storage", f"{tmp_path / 'journal.log'}", "--out", str(model)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(tmp_path / "m.trials.tsv", sep="\t")
    assert len(table) == 1


def test_tune_bad_storage_and_space_are_named_before_training(fasta_pair, tmp_path):
    runner = CliRunner()
    base = ["tune", *fasta_pair, "--out", str(tmp_path / "m.skseq")]
    result = runner.invoke(main, [*base, "--storage", "study.db"])
    assert result.exit_code == 1
    assert "sqlite:///study.db" in result.output
    space = tmp_path / "space.toml"
    space.write_text("ranges = {n_filters = {low = 4}}\n")
    result = runner.invoke(main, [*base, "--space", str(space)])
    assert result.exit_code == 1
    assert "space.toml" in result.output and "n_filters" in result.output
    assert not (tmp_path / "m.skseq").exists()
