"""seqgra XML is checked against seqgra's schema and its probabilities must sum to 1.

Every error names the file (or "XML text"), the line and the element at fault.
"""

import re
from pathlib import Path

import pytest

from skseq.datasets._grammar import (
    AlphabetDistribution,
    Background,
    Condition,
    Example,
    Grammar,
    KmerElement,
    Rule,
)
from skseq.datasets._grammar_xml import grammar_to_xml, load_grammar, write_grammar

GRAMMARS = Path(__file__).parents[1] / "data" / "grammars"
SPACING = GRAMMARS / "mc2-dna1000-homer-interaction-spacing-200k-s1.xml"
ML4 = GRAMMARS / "ml4-dna150-kmers-condition-dependent-dist-s1.xml"
PROTEIN = GRAMMARS / "mc2-protein100-psp-200k-s1.xml"


def variant(tmp_path, source, old, new, count=1):
    """A copy of ``source`` with ``old`` replaced; the path and the line ``new`` starts on."""
    text = source.read_text()
    assert old in text
    changed = text.replace(old, new, count)
    path = tmp_path / source.name
    path.write_text(changed)
    return path, changed[: changed.index(new)].count("\n") + 1


def raises_at(path, line, *patterns):
    with pytest.raises(ValueError) as info:
        load_grammar(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line {line}:"), message
    for pattern in patterns:
        assert re.search(pattern, message), (pattern, message)
    return message


def test_background_letters_summing_to_1_65_are_an_error(tmp_path):
    path, line = variant(
        tmp_path,
        ML4,
        '<alphabetdistribution cid="c2">\n\t\t\t\t<letter probability="0.20">A</letter>',
        '<alphabetdistribution cid="c2">\n\t\t\t\t<letter probability="0.85">A</letter>',
    )
    raises_at(path, line, r"<alphabetdistribution>", r"condition 'c2'", r"sum to 1\.65")


def test_matrix_row_not_summing_to_1_is_an_error_naming_element_and_row(tmp_path):
    path, line = variant(
        tmp_path,
        PROTEIN,
        '<letter probability="0">A</letter>',
        '<letter probability="0.5">A</letter>',
    )
    raises_at(path, line - 1, r"<position>", r"sequence element 'se1', position 1", r"sum to 1\.5")


def test_kmer_probabilities_not_summing_to_1_are_an_error(tmp_path):
    path, line = variant(
        tmp_path,
        ML4,
        '<kmer probability="0.4">ACGTACGT</kmer>',
        '<kmer probability="0.1">ACGTACGT</kmer>',
    )
    raises_at(path, line - 1, r"<kmerbased>", r"sequence element 'se1'", r"sum to 0\.7")


def test_rounded_probabilities_are_accepted(tmp_path):
    # seqgra's own protein grammar rounds to 7 decimals (rows sum to 1 +- 2e-7); 3-decimal
    # rounding of a 4-letter distribution is off by up to 0.002
    path, _ = variant(
        tmp_path,
        ML4,
        '<letter probability="0.20">A</letter>\n\t\t\t\t<letter probability="0.30">C</letter>',
        '<letter probability="0.201">A</letter>\n\t\t\t\t<letter probability="0.300">C</letter>',
    )
    assert load_grammar(path).background.distributions[1].letters["A"] == 0.201
    assert load_grammar(PROTEIN).id == "mc2-protein100-psp-200k-s1"


def test_misspelled_element_is_an_error_naming_it_and_its_line(tmp_path):
    text = SPACING.read_text()
    bad = tmp_path / SPACING.name
    bad.write_text(text.replace("spacingconstraints>", "spacingconstrains>"))
    line = text[: text.index("<spacingconstraints>")].count("\n") + 1
    raises_at(bad, line, "'spacingconstrains'", r"<rule>|rule")


def test_unknown_attribute_is_an_error_naming_it_and_its_line(tmp_path):
    path, line = variant(
        tmp_path,
        ML4,
        '<kmer probability="0.4">ACGTACGT</kmer>',
        '<kmer probabilty="0.4">ACGTACGT</kmer>',
    )
    raises_at(path, line, "'probabilty'", "kmer")


def test_value_outside_the_schema_is_an_error_naming_its_line(tmp_path):
    path, line = variant(
        tmp_path, SPACING, "<probability>1.0</probability>", "<probability>1.5</probability>"
    )
    raises_at(path, line, "probability", "1.0")


def test_missing_element_is_an_error_naming_the_parent_line(tmp_path):
    path, line = variant(tmp_path, SPACING, "<seed>1</seed>", "")
    line = path.read_text()[: path.read_text().index("<general")].count("\n") + 1
    raises_at(path, line, "general", "seed")


def test_unknown_references_keep_the_rule_level_message(tmp_path):
    path, _ = variant(tmp_path, PROTEIN, 'sid="se2"/>', 'sid="se7"/>')
    with pytest.raises(ValueError, match=r"condition 'c2', rule 1: sequence elements \['se7'\]"):
        load_grammar(path)


def test_not_well_formed_file_names_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<seqgradata>\n  <general>\n</seqgradata>\n")
    with pytest.raises(
        ValueError, match=rf"^{re.escape(str(bad))}, line 3, column 3: not well-formed"
    ):
        load_grammar(bad)


def test_xml_text_is_accepted_and_its_parse_errors_are_value_errors():
    text = SPACING.read_text()
    assert load_grammar(text) == load_grammar(SPACING)
    with pytest.raises(ValueError, match=r"^XML text, line 1, column \d+: not well-formed"):
        load_grammar("<seqgradata><general>")


def test_neither_a_path_nor_xml_text_is_a_clear_error(tmp_path):
    with pytest.raises(
        ValueError, match=r"path to a seqgra XML file or XML text.*seqgradata general"
    ):
        load_grammar("seqgradata general id='x'\n more text that is not a path")
    with pytest.raises(FileNotFoundError, match=r"no grammar file .*absent\.xml.*or XML text"):
        load_grammar(tmp_path / "absent.xml")
    with pytest.raises(TypeError, match=r"path to a seqgra XML file or XML text .*; got int"):
        load_grammar(3)


@pytest.mark.parametrize(
    "doctype",
    [
        # billion laughs: entities expanding exponentially
        '<!DOCTYPE seqgradata [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;'
        '&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
        # XXE: an external entity reading a local file
        '<!DOCTYPE seqgradata [<!ENTITY secret SYSTEM "file://{secret}">]>',
        # an external DTD
        '<!DOCTYPE seqgradata SYSTEM "file://{secret}">',
    ],
    ids=["billion-laughs", "xxe", "external-dtd"],
)
def test_dtds_and_entities_are_refused(tmp_path, doctype):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    text = ML4.read_text().replace(
        "<seqgradata ", doctype.format(secret=secret) + "\n<seqgradata ", 1
    )
    text = text.replace("<name>4 cell types", "<name>&c; &secret; 4 cell types", 1)
    path = tmp_path / "evil.xml"
    path.write_text(text)
    with pytest.raises(ValueError, match=rf"^{re.escape(str(path))}, line 3.*DOCTYPE") as info:
        load_grammar(path)
    assert "TOP-SECRET" not in str(info.value)
    with pytest.raises(ValueError, match=r"^XML text, line 3.*DOCTYPE"):
        load_grammar(text)


def test_written_weights_are_normalised_so_they_load_back(tmp_path):
    # a Grammar built in Python holds weights; seqgra's file holds probabilities
    g = Grammar(
        background=Background(30, 30, [AlphabetDistribution(dict.fromkeys("ACGT", 1.0))]),
        conditions=[Condition("c1", [Rule(["se1"])])],
        elements={"se1": KmerElement({"GGGCCC": 3.0, "TTTAAA": 1.0})},
        sets={s: [Example(["c1"], 2)] for s in ("training", "validation", "test")},
    )
    back = load_grammar(write_grammar(g, tmp_path / "g.xml"))
    assert back.background.distributions[0].letters == dict.fromkeys("ACGT", 0.25)
    assert back.elements["se1"].kmers == {"GGGCCC": 0.75, "TTTAAA": 0.25}
    assert load_grammar(grammar_to_xml(g)) == back
