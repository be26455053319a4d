"""The grammar model, seqgra's semantic checks, and seqgra XML read and written back."""

from pathlib import Path

import numpy as np
import pytest
import xmlschema  # validates against seqgra's schema independently of load_grammar

from skseq.datasets._grammar import (
    AlphabetDistribution,
    Background,
    Condition,
    Example,
    Grammar,
    KmerElement,
    MatrixElement,
    Rule,
    SpacingConstraint,
)
from skseq.datasets._grammar_xml import grammar_to_xml, load_grammar, write_grammar

GRAMMARS = Path(__file__).parents[1] / "data" / "grammars"
DEFINITIONS = sorted(GRAMMARS.glob("*.xml"))
PAIR_40_60 = SpacingConstraint("se1", "se2", 40, 60)
UNIFORM = AlphabetDistribution(dict(A=0.25, C=0.25, G=0.25, T=0.25))


def small_grammar(rules1=None, rules2=None, elements=None, length=50, mode="sequential"):
    return Grammar(
        background=Background(length, length, [UNIFORM]),
        conditions=[
            Condition("c1", rules1 or [Rule(["se1"])], mode=mode),
            Condition("c2", rules2 or [Rule(["se2"])]),
        ],
        elements=elements
        or {"se1": KmerElement({"GGGGGG": 1.0}), "se2": KmerElement({"TTTTTT": 1.0})},
        sets={
            s: [Example(["c1"], 4), Example(["c2"], 4)] for s in ("training", "validation", "test")
        },
    )


def test_shipped_definitions_are_representative():
    grammars = [load_grammar(p) for p in DEFINITIONS]
    assert {g.sequence_space for g in grammars} >= {"DNA", "protein"}
    assert any(g.multilabel for g in grammars)
    assert any(isinstance(e, KmerElement) for g in grammars for e in g.elements.values())
    assert any(isinstance(e, MatrixElement) for g in grammars for e in g.elements.values())
    assert any(r.spacing for g in grammars for c in g.conditions for r in c.rules)
    assert any(isinstance(r.position, int) for g in grammars for c in g.conditions for r in c.rules)


@pytest.mark.parametrize("path", DEFINITIONS, ids=lambda p: p.name)
def test_definitions_validate_load_and_write_back(path, tmp_path):
    schema = xmlschema.XMLSchema(str(GRAMMARS / "data-config.xsd"))
    schema.validate(str(path))
    g = load_grammar(path)
    out = write_grammar(g, tmp_path / path.name)
    schema.validate(str(out))
    assert load_grammar(out) == g
    assert load_grammar(grammar_to_xml(g)) == g


def test_spacing_definition_read_as_written():
    g = load_grammar(GRAMMARS / "mc2-dna1000-homer-interaction-spacing-200k-s1.xml")
    assert g.condition_ids == ["c1", "c2"]
    assert g.background.min_length == g.background.max_length == 1000
    rule = g.condition("c2").rules[0]
    assert rule.elements == ["se1", "se2"]
    assert rule.spacing == [SpacingConstraint("se1", "se2", 500, 1000, "in-order")]
    assert g.elements["se1"].probabilities.shape == (20, 4)
    assert [ex.samples for ex in g.sets["training"]] == [70000, 70000]


def test_multilabel_definition_read_as_written():
    g = load_grammar(GRAMMARS / "ml4-dna150-kmers-condition-dependent-dist-s1.xml")
    assert g.multilabel
    assert [d.condition for d in g.background.distributions] == ["c1", "c2", "c3", "c4"]
    assert g.elements["se1"].kmers["ACGTACGT"] == 0.4
    assert g.sets["training"][-1].conditions == ()  # background-only examples
    assert g.sets["training"][4].conditions == ("c1", "c2")


@pytest.mark.parametrize(
    "grammar, message",
    [
        (
            small_grammar(
                elements={
                    "se1": KmerElement({"G": 1.0}),
                    "se2": KmerElement({"T": 1.0}),
                    "se3": KmerElement({"A": 1.0}),
                }
            ),
            "not used by any rule",
        ),
        (small_grammar(rules1=[Rule(["se9"])]), "condition 'c1', rule 1: sequence elements"),
        (small_grammar(rules1=[Rule(["se1"], position=48)]), "position 48 plus element length"),
        (
            small_grammar(rules1=[Rule(["se1", "se2"], spacing=[PAIR_40_60])]),
            "spacing constraint 1: the two elements",
        ),
        (
            small_grammar(rules1=[Rule(["se1"], position=10), Rule(["se2"], position=12)]),
            "fixed elements overlap: condition 'c1', rule 1 at 10-15",
        ),
        (
            small_grammar(
                rules1=[Rule(["se1"], probability=0.7), Rule(["se2"], probability=0.6)],
                mode="mutually exclusive",
            ),
            "probabilities sum to 1.3 > 1",
        ),
        (small_grammar(rules1=[Rule(["se1", "se2"], position="start")]), "would overlap"),
        (small_grammar(rules1=[Rule(["se1"], probability=0.0)]), "probability must be in (0, 1]"),
    ],
)
def test_checks_name_the_rule(grammar, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        grammar.check()


def test_check_background_letters_and_missing_distribution():
    g = small_grammar()
    g.background.distributions = [AlphabetDistribution(dict(A=0.5, U=0.5))]
    with pytest.raises(ValueError, match=r"letters \['U'\] are not in DNA"):
        g.check()
    g = small_grammar()
    g.background.distributions = [AlphabetDistribution(dict(A=1.0), condition="c1")]
    with pytest.raises(
        ValueError, match="no alphabet distribution for set 'training' and condition 'c2'"
    ):
        g.check()


def test_multiclass_example_needs_one_condition():
    g = small_grammar()
    g.sets["test"] = [Example(["c1", "c2"], 3)]
    with pytest.raises(ValueError, match="multi-class example has exactly one condition"):
        g.check()


def test_load_errors_name_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no grammar file"):
        load_grammar(tmp_path / "absent.xml")
    bad = tmp_path / "bad.xml"
    bad.write_text("<seqgradata><general>")
    with pytest.raises(ValueError, match=r"bad.xml, line 1, column 22: not well-formed XML"):
        load_grammar(bad)
    text = (GRAMMARS / "mc2-protein100-psp-200k-s1.xml").read_text()
    broken = tmp_path / "broken.xml"
    broken.write_text(text.replace('sid="se2"/>', 'sid="se7"/>', 1))
    with pytest.raises(
        ValueError, match=r"broken.xml: .*condition 'c2', rule 1: sequence elements \['se7'\]"
    ):
        load_grammar(broken)


def test_write_grammar_is_whole_or_nothing(tmp_path):
    g = small_grammar()
    path = write_grammar(g, tmp_path / "g.xml")
    assert load_grammar(path) == g
    g.conditions[0].rules[0].elements = ["missing"]
    with pytest.raises(ValueError):
        write_grammar(g, path)
    assert load_grammar(path).conditions[0].rules[0].elements == ["se1"]  # old file intact
    assert [p.name for p in tmp_path.iterdir()] == ["g.xml"]


def test_matrix_element_equality_compares_values():
    a = MatrixElement("ACGT", np.full((3, 4), 0.25))
    assert a == MatrixElement("ACGT", np.full((3, 4), 0.25))
    assert a != MatrixElement("ACGT", np.eye(4)[:3])
