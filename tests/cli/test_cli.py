"""The command line, through click's test runner."""

import json

import pytest
from click.testing import CliRunner

from skseq.cli import main
from skseq.cli._common import read_config


def test_every_command_has_help_with_examples():
    runner = CliRunner()
    for command in main.commands:
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0, result.output
        assert "Examples" in result.output, command
        assert f"skseq {command} " in result.output, command  # an example invocation


def test_config_file_and_overrides(tmp_path):
    path = tmp_path / "params.json"
    path.write_text(json.dumps({"epochs": 3, "architecture": "deepbind"}))
    assert read_config(path, ["epochs=5", "architecture=danq"]) == {
        "epochs": 5,
        "architecture": "danq",
    }
    toml = tmp_path / "params.toml"
    toml.write_text("epochs = 2\nn_filters = 4\n")
    assert read_config(toml, []) == {"epochs": 2, "n_filters": 4}


def test_bad_config_names_file_and_line(tmp_path):
    path = tmp_path / "params.json"
    path.write_text('{"epochs": 3,\n "oops"}')
    result = CliRunner().invoke(main, ["train", "--config", str(path), "--out", "m"])
    assert result.exit_code == 1
    assert "params.json" in result.output and "line 2" in result.output


def test_unknown_parameter_is_named(fasta_pair, tmp_path):
    result = CliRunner().invoke(
        main, ["train", *fasta_pair, "--set", "n_filter=3", "--out", str(tmp_path / "m")]
    )
    assert result.exit_code == 1
    assert "n_filter" in result.output


def test_malformed_fasta_message_matches_python(tmp_path):
    bad = tmp_path / "bad.fa"
    bad.write_text("ACGT\n>a\nACGT\n")
    from skseq.io import read_fasta

    with pytest.raises(ValueError) as python_error:
        read_fasta(bad)
    result = CliRunner().invoke(main, ["train", str(bad), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert str(python_error.value) in result.output


def test_missing_file_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["train", str(tmp_path / "nope.fa"), "--out", "m"])
    assert result.exit_code == 2
    assert "nope.fa" in result.output


def test_train_predict_inspect(fasta_pair, tmp_path):
    runner = CliRunner()
    model = tmp_path / "model.skseq"
    params = ["--set", "epochs=2", "--set", "n_filters=4", "--set", "dense_units=8"]
    result = runner.invoke(main, ["train", *fasta_pair, *params, "--out", str(model)])
    assert result.exit_code == 0, result.output
    assert model.exists()
    table = tmp_path / "pred.tsv"
    result = runner.invoke(main, ["predict", str(model), *fasta_pair, "--out", str(table)])
    assert result.exit_code == 0, result.output
    lines = table.read_text().splitlines()
    assert lines[0].split("\t") == ["id", "prediction", "proba_0", "proba_1"]
    assert len(lines) == 61
    report = tmp_path / "report"
    result = runner.invoke(
        main, ["inspect", str(model), *fasta_pair, "--motifs", "rbp", "--out", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert (report / "index.html").exists()
