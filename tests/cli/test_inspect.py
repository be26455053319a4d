"""``skseq inspect``: a seeded sample of every class, or a warning naming the missing one."""

import re

import pytest
from click.testing import CliRunner

from skseq.cli import main
from skseq.io import read_fasta, write_fasta


def _counts(report):
    text = (report / "index.html").read_text()
    return re.search(r"(\d+) sequences \(0: (\d+), 1: (\d+)\)", text).groups(), text


def test_inspect_samples_every_class_and_warns_when_one_is_missing(
    fasta_pair, tmp_path, monkeypatch
):
    monkeypatch.delenv("SKSEQ_PROGRESS", raising=False)
    # fasta_pair: negatives first; the first 20 sequences would all be class 0
    runner = CliRunner()
    model = tmp_path / "model.skseq"
    tiny = ["--set", "epochs=1", "--set", "n_filters=4", "--set", "dense_units=8"]
    result = runner.invoke(main, ["train", *fasta_pair, *tiny, "--out", str(model)])
    assert result.exit_code == 0, result.output
    args = ["inspect", str(model), *fasta_pair, "--max-sequences", "20"]
    result = runner.invoke(main, [*args, "--out", str(tmp_path / "r1")])
    assert result.exit_code == 0, result.output
    counts, text = _counts(tmp_path / "r1")
    assert counts == ("20", "10", "10") and "No sequence of class" not in text
    assert "%|" not in result.stderr  # CliRunner's stderr is no terminal: no bars
    # seeded: the same sample again; -v shows the inspector's bars (it had no -v)
    result = runner.invoke(main, [*args, "--out", str(tmp_path / "r2"), "-v"])
    assert (tmp_path / "r2" / "index.html").read_text() == text
    assert "%|" in result.stderr
    # only negatives given: the report and a warning say that class 1 is missing
    negatives = tmp_path / "negatives.fa"
    write_fasta(negatives, read_fasta(fasta_pair[0]).sequences, ["0"] * 30)
    args = ["inspect", str(model), str(negatives), "--labels", "header"]
    with pytest.warns(UserWarning, match=r"class 1 .*no sequence among the 30 inspected"):
        result = runner.invoke(main, [*args, "--out", str(tmp_path / "r3")])
    assert result.exit_code == 0, result.output
    counts, text = _counts(tmp_path / "r3")
    assert counts == ("30", "30", "0") and "No sequence of class 1 was inspected" in text
