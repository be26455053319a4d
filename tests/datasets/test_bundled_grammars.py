"""seqgra grammars shipped as package data, loadable by name (Python and command line)."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from skseq.cli import main
from skseq.datasets import load_grammar, write_grammar
from skseq.datasets._grammar_schema import bundled_grammar_names
from skseq.io import read_fasta

TESTS_DATA = Path(__file__).resolve().parents[1] / "data" / "grammars"


def test_every_bundled_grammar_loads_by_name_with_or_without_xml():
    names = bundled_grammar_names()
    assert "mc2-dna1000-homer-100k-s1" in names and len(names) >= 5
    for name in names:
        assert load_grammar(name) == load_grammar(f"{name}.xml")
    assert load_grammar("mc2-dna1000-homer-100k-s1").condition_ids == ["c1", "c2"]


def test_bundled_grammars_are_the_tests_copies_unchanged():
    for path in TESTS_DATA.glob("*.xml"):
        assert path.stem in bundled_grammar_names()
        assert load_grammar(path) == load_grammar(path.stem)


def test_an_unknown_name_lists_the_bundled_grammars():
    with pytest.raises(FileNotFoundError, match="bundled with skseq: mc2-dna1000-homer-100k-s1"):
        load_grammar("mc3-no-such-grammar")


def test_a_file_in_the_working_folder_comes_before_a_bundled_name(tmp_path, monkeypatch):
    other = load_grammar("ml4-dna150-kmers-condition-dependent-dist-s1")
    write_grammar(other, tmp_path / "mc2-dna1000-homer-100k-s1.xml")
    monkeypatch.chdir(tmp_path)
    assert load_grammar("mc2-dna1000-homer-100k-s1.xml") == other
    assert load_grammar("mc2-dna1000-homer-100k-s1") != other  # no file of that name


def test_skseq_simulate_takes_a_bundled_name(tmp_path):
    out = tmp_path / "mc2.fa"
    args = ["simulate", "mc8-dna150-fixed-exact-variable-p-s1", "--n-samples", "16"]
    result = CliRunner().invoke(main, [*args, "--random-state", "0", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(read_fasta(out, labels=False).sequences) == 16
    result = CliRunner().invoke(main, ["simulate", "nope", "--out", str(out)])
    assert result.exit_code == 1 and "bundled with skseq" in result.output
