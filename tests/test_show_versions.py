"""skseq.show_versions(): what a bug report needs."""

import re

import skseq


def test_show_versions_names_every_part_a_report_needs(capsys):
    skseq.show_versions()
    out = capsys.readouterr().out
    for name in (
        "python",
        "keras backend",
        "devices",
        "skseq",
        "keras",
        "scikit-learn",
        "numpy",
        "optuna",
        "ViennaRNA",
    ):
        assert re.search(rf"^\s*{re.escape(name)}: \S", out, flags=re.MULTILINE), name
    assert re.search(r"^\s*skseq: " + re.escape(skseq.__version__) + "$", out, re.MULTILINE)


def test_show_versions_is_public_and_lazy():
    assert "show_versions" in skseq.__all__
    assert "show_versions" in dir(skseq)
