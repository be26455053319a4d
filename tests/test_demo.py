"""The main job end to end, shrunk: the README's first command on a small random subset."""

import json
import re

from skseq.demo import main


def test_demo_writes_the_report(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SKSEQ_PROGRESS", "1")  # the bars, as on a terminal
    out = tmp_path / "report"
    main(
        [
            "--out",
            str(out),
            "--max-train",
            "300",
            "--epochs",
            "1",
            "--n-splits",
            "2",
            "--n-inspect",
            "100",
        ]
    )
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
    err = capsys.readouterr().err
    # stages: 2 folds, the final fit, the inspection and its report
    assert re.search(r"demo: cross-validation fold 1/2.*\|\s*\d+/5\b", err)
    assert "demo: motif report" in err and "occlusion" in err
