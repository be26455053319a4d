"""``skseq simulate``: grammar -> labelled FASTA + annotation, read back by ``skseq train``."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from skseq.cli import main
from skseq.datasets import (
    AlphabetDistribution,
    Background,
    Condition,
    Example,
    Grammar,
    KmerElement,
    Rule,
    write_grammar,
)
from skseq.io import load, read_fasta

GRAMMARS = Path(__file__).parents[1] / "data" / "grammars"


@pytest.fixture
def tiny_grammar(tmp_path):
    """Two classes of 30 nt: GGGCCC planted at position 5 (c1) or at the end (c2)."""
    grammar = Grammar(
        background=Background(30, 30, [AlphabetDistribution(dict(A=0.3, C=0.2, G=0.2, T=0.3))]),
        conditions=[
            Condition("c1", [Rule(["se1"], position=5)]),
            Condition("c2", [Rule(["se1"], position="end")]),
        ],
        elements={"se1": KmerElement({"GGGCCC": 1.0})},
        sets={
            s: [Example(["c1"], 10), Example(["c2"], 10)]
            for s in ("training", "validation", "test")
        },
        id="tiny",
    )
    return str(write_grammar(grammar, tmp_path / "tiny.xml"))


def test_simulate_then_train(tiny_grammar, tmp_path):
    runner = CliRunner()
    out = tmp_path / "sim"
    args = ["simulate", tiny_grammar, "--n-samples", "40", "--random-state", "0"]
    args += ["--sets", "training", "--sets", "test"]
    result = runner.invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "test.annotation.tsv",
        "test.fa",
        "training.annotation.tsv",
        "training.fa",
    ]
    data = read_fasta(out / "training.fa", labels="header")
    table = pd.read_csv(out / "training.annotation.tsv", sep="\t", dtype={"annotation": str})
    assert len(data.sequences) == len(table) == 20
    assert table["record"].tolist() == list(range(1, 21))
    assert (table["set"] == "training").all()
    assert data.target.tolist() == table["label"].tolist()
    assert set(zip(table["label"], table["condition"])) == {(0, "c1"), (1, "c2")}
    for seq, label, note in zip(data.sequences, data.target, table["annotation"]):
        start = 4 if label == 0 else 24  # seqgra positions count from 1
        assert note == "_" * start + "G" * 6 + "_" * (24 - start)
        assert seq[start : start + 6] == "GGGCCC"

    model = tmp_path / "model.skseq"
    train = ["train", str(out / "training.fa"), "--labels", "header", "--out", str(model)]
    result = runner.invoke(main, [*train, "--set", "epochs=1", "--set", "n_filters=4"])
    assert result.exit_code == 0, result.output
    assert load(model).predict(read_fasta(out / "test.fa").sequences).shape == (20,)

    # the same seed gives the same data; another seed other data
    again = runner.invoke(main, [*args, "--out", str(tmp_path / "again.fa")])
    assert again.exit_code == 0, again.output
    both = read_fasta(tmp_path / "again.fa", labels="header")
    assert both.sequences[:20].tolist() == data.sequences.tolist()
    assert (tmp_path / "again.annotation.tsv").exists()


def test_simulate_a_seqgra_grammar_to_one_file(tmp_path):
    path = GRAMMARS / "mc8-dna150-fixed-exact-variable-p-s1.xml"
    out = tmp_path / "mc8.fa.gz"
    args = ["simulate", str(path), "--n-samples", "32", "--sets", "test", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    data = read_fasta(out, labels="header")
    table = pd.read_csv(tmp_path / "mc8.annotation.tsv", sep="\t")
    assert len(data.sequences) == 32 and set(table["set"]) == {"test"}
    assert np.char.str_len(data.sequences.astype(str)).tolist() == [150] * 32
    assert (table["annotation"].str.len() == 150).all()
    # class index i is the grammar's (i + 1)-th condition, c1 ... c8
    assert (table["condition"] == "c" + (data.target + 1).astype(str)).all()


def test_simulate_refuses_bad_out_and_grammar(tiny_grammar, tmp_path):
    runner = CliRunner()
    (tmp_path / "file.txt").write_text("x")
    result = runner.invoke(main, ["simulate", tiny_grammar, "--out", str(tmp_path / "file.txt")])
    assert result.exit_code == 1 and "file.txt" in result.output
    result = runner.invoke(main, ["simulate", tiny_grammar, "--out", str(tmp_path / "no/x.fa")])
    assert result.exit_code == 1 and "does not exist" in result.output
    bad = tmp_path / "bad.xml"
    bad.write_text("<seqgradata><general></seqgradata>")
    result = runner.invoke(main, ["simulate", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "bad.xml" in result.output
    assert not (tmp_path / "o").exists()
    # a multi-label example without any condition cannot be a header label
    ml4 = str(GRAMMARS / "ml4-dna150-kmers-condition-dependent-dist-s1.xml")
    args = ["simulate", ml4, "--n-samples", "200", "--random-state", "0"]
    result = runner.invoke(main, [*args, "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "no condition" in result.output
    assert not (tmp_path / "o").exists()
