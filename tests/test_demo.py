"""The main job end to end, shrunk: ``skseq demo`` (what ``make demo`` runs) on a small subset."""

import json
import re

import pytest
from click.testing import CliRunner

from skseq.cli import main
from skseq.cli._demo import demo
from skseq.datasets import RBP_NAMES


def test_skseq_demo_writes_the_report(tmp_path, monkeypatch):
    monkeypatch.setenv("SKSEQ_PROGRESS", "1")  # the bars, as on a terminal
    out = tmp_path / "report"
    args = ["demo", "--out", str(out), "--max-train", "300", "--epochs", "1"]
    result = CliRunner().invoke(main, [*args, "--n-splits", "2", "--n-inspect", "100"])
    assert result.exit_code == 0, result.output
    for name in [
        "index.html",
        "roc_curve.png",
        "training_curves.png",
        "scores.json",
        "motifs/index.html",
        "motifs/activation_heatmap.png",
    ]:
        assert (out / name).stat().st_size > 0, name
    scores = json.loads((out / "scores.json").read_text())
    assert scores["n_train"] == 300 and scores["n_test"] == 2592
    assert len(scores["cv"]["roc_auc"]) == 2
    assert 0.0 <= scores["test"]["roc_auc"] <= 1.0
    assert scores["motifs"]["n_kernels"] == 30
    page = (out / "index.html").read_text()
    assert "motifs/index.html" in page and "GroupKFold(2)" in page
    err = result.stderr
    # stages: 2 folds, the final fit, the inspection and its report
    assert re.search(r"demo: cross-validation fold 1/2.*\|\s*\d+/5\b", err)
    assert "demo: motif report" in err and "occlusion" in err


def test_every_demo_option_has_help_and_the_datasets_are_the_bundled_ones():
    for param in demo.params:
        assert param.help, param.name
    dataset = next(p for p in demo.params if p.name == "dataset")
    assert tuple(dataset.type.choices) == RBP_NAMES


def test_python_m_skseq_demo_is_the_same_command(capsys, monkeypatch):
    import runpy
    import sys

    monkeypatch.setattr(sys, "argv", ["python -m skseq.demo", "--help"])
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("skseq.demo", run_name="__main__")  # what python -m skseq.demo runs
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Usage: skseq demo [OPTIONS]") and "--n-inspect" in out
