"""seqgra's XML data definitions: read into a :class:`~skseq.datasets.Grammar`, write back.

The format is seqgra's ``data-config.xsd`` (MIT, Krismer, Hammelman & Gifford 2022); files
written here validate against it. Element order, attribute names and the ``|``-joined labels
of post-processing operations follow seqgra.
"""

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

from skseq.io._files import write_atomic

from ._grammar import (
    AlphabetDistribution,
    Background,
    Condition,
    Example,
    Grammar,
    KmerElement,
    MatrixElement,
    Operation,
    Rule,
    SpacingConstraint,
)
from ._grammar_checks import SETS, SUM_TOLERANCE, check_sums_to_one
from ._grammar_schema import read_xml, schema_error, sourceline

__all__ = ["grammar_to_xml", "load_grammar", "write_grammar"]

_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA_URL = "https://kkrismer.github.io/seqgra/data-config.xsd"


class _Reader:
    def __init__(self, source):
        self.source = source

    def where(self, node):
        line = sourceline(node)
        return (
            f"{self.source}, line {line}: <{node.tag}>" if line else f"{self.source}: <{node.tag}>"
        )

    def error(self, node, message):
        return ValueError(f"{self.where(node)}: {message}")

    def child(self, node, tag, required=True):
        found = node.find(tag)
        if found is None and required:
            raise self.error(node, f"missing <{tag}>")
        return found

    def text(self, node, tag, default=None):
        found = self.child(node, tag, required=default is None)
        if found is None:
            return default
        return (found.text or "").strip()

    def number(self, node, text, kind, what):
        try:
            return kind(text)
        except (TypeError, ValueError):
            raise self.error(node, f"{what} must be a number; got {text!r}") from None

    def attr(self, node, name):
        value = node.get(name)
        if value is None:
            raise self.error(node, f"missing attribute {name!r}")
        return value

    def letters(self, node, tag, what):
        """``{text: probability}`` of the ``tag`` children; they must sum to 1."""
        out = {}
        for item in node.findall(tag):
            letter = (item.text or "").strip()
            if letter in out:
                raise self.error(item, f"{letter!r} appears twice")
            out[letter] = self.number(item, self.attr(item, "probability"), float, "probability")
        if not out:
            raise self.error(node, f"no <{tag}> entries")
        check_sums_to_one(list(out.values()), f"{self.where(node)} ({what}): its <{tag}>")
        return out


def as_grammar(grammar):
    """A checked Grammar from a Grammar or a path (or XML text) to read."""
    if isinstance(grammar, (str, os.PathLike)):
        return load_grammar(grammar)
    if not hasattr(grammar, "conditions") or not hasattr(grammar, "check"):
        raise TypeError(f"expected a Grammar or a path to seqgra XML; got {type(grammar).__name__}")
    return grammar.check()


def load_grammar(source):
    """Read a seqgra data definition (XML) into a :class:`~skseq.datasets.Grammar`.

    Parameters
    ----------
    source : str or path-like
        A path to the XML file, the XML text itself (a string starting with ``<``), or
        the name of a seqgra grammar bundled with skseq, with or without ``.xml``
        (``"mc2-dna1000-homer-100k-s1"``; the list is in the message when a name is not
        found). A file of that name in the working folder is read first.

    Returns
    -------
    Grammar
        Checked with :meth:`Grammar.check`: unknown or unused elements, positions or
        distances that cannot fit, overlapping fixed elements and exclusive probabilities
        over 1 raise a ``ValueError`` naming the file and rule.

    Raises
    ------
    ValueError
        Naming the file (or ``XML text``), the line and the element: XML that is not
        well-formed (also the column) or has a DOCTYPE (no DTDs, no entities); XML that
        breaks seqgra's schema ``data-config.xsd`` (shipped with skseq), e.g. an unknown or
        misspelled element or attribute; a background distribution, matrix row or k-mer list
        whose probabilities do not sum to 1 (within 0.01); a grammar failing the checks above.
    FileNotFoundError
        If ``source`` is a path to no file and no bundled grammar's name.
    TypeError
        If ``source`` is neither a string nor path-like.

    Examples
    --------
    >>> from skseq.datasets import Grammar, load_grammar, grammar_to_xml
    >>> xml = '''<seqgradata><general id="g1"><name/><description/>
    ...   <task>multi-class classification</task><sequencespace>DNA</sequencespace>
    ...   <seed>1</seed></general>
    ...   <background><minlength>30</minlength><maxlength>30</maxlength>
    ...     <alphabetdistributions><alphabetdistribution>
    ...       <letter probability="0.25">A</letter><letter probability="0.25">C</letter>
    ...       <letter probability="0.25">G</letter><letter probability="0.25">T</letter>
    ...     </alphabetdistribution></alphabetdistributions></background>
    ...   <datageneration><sets>
    ...     <set name="training"><example samples="8"><conditionref cid="c1"/></example></set>
    ...     <set name="validation"><example samples="2"><conditionref cid="c1"/></example></set>
    ...     <set name="test"><example samples="2"><conditionref cid="c1"/></example></set>
    ...   </sets></datageneration>
    ...   <conditions><condition id="c1"><label>one</label><description/><grammar><rule>
    ...     <position>random</position><probability>1.0</probability>
    ...     <sequenceelementrefs><sequenceelementref sid="se1"/></sequenceelementrefs>
    ...   </rule></grammar></condition></conditions>
    ...   <sequenceelements><sequenceelement id="se1"><kmerbased>
    ...     <kmer probability="1.0">TTGACA</kmer></kmerbased></sequenceelement></sequenceelements>
    ... </seqgradata>'''
    >>> g = load_grammar(xml)
    >>> g.id, g.condition_ids, g.elements["se1"]
    ('g1', ['c1'], KmerElement(kmers={'TTGACA': 1.0}))
    >>> load_grammar(grammar_to_xml(g)) == g
    True
    >>> load_grammar("mc2-dna1000-homer-100k-s1").condition_ids  # bundled with skseq
    ['c1', 'c2']
    """
    name, root = read_xml(source)
    r = _Reader(name)
    if root.tag != "seqgradata":
        raise r.error(root, "the root element must be <seqgradata>")
    invalid = schema_error(root, name)
    if invalid is not None:
        raise invalid
    general = r.child(root, "general")
    background = _read_background(r, r.child(root, "background"))
    sets, post = _read_datageneration(r, r.child(root, "datageneration"))
    conditions = [_read_condition(r, c) for c in r.child(root, "conditions").findall("condition")]
    elements = {}
    for node in r.child(root, "sequenceelements").findall("sequenceelement"):
        sid = r.attr(node, "id")
        if sid in elements:
            raise r.error(node, f"sequence element id {sid!r} appears twice")
        elements[sid] = _read_element(r, node, sid)
    grammar = Grammar(
        background=background,
        conditions=conditions,
        elements=elements,
        sets=sets,
        task=r.text(general, "task"),
        sequence_space=r.text(general, "sequencespace"),
        postprocessing=post,
        id=r.attr(general, "id"),
        name=r.text(general, "name", ""),
        description=r.text(general, "description", ""),
        seed=r.number(general, r.text(general, "seed"), int, "seed"),
    )
    try:
        return grammar.check()
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None


def _read_background(r, node):
    dists = []
    for d in r.child(node, "alphabetdistributions").findall("alphabetdistribution"):
        cid, set_name = d.get("cid"), d.get("setname")
        what = ", ".join(
            f"{k} {v!r}" for k, v in (("condition", cid), ("set", set_name)) if v is not None
        )
        letters = r.letters(d, "letter", f"background of {what or 'every condition and set'}")
        dists.append(AlphabetDistribution(letters, cid, set_name))
    return Background(
        r.number(node, r.text(node, "minlength"), int, "minlength"),
        r.number(node, r.text(node, "maxlength"), int, "maxlength"),
        dists,
    )


def _read_datageneration(r, node):
    sets = {}
    for s in r.child(node, "sets").findall("set"):
        name = r.attr(s, "name")
        if name not in SETS or name in sets:
            raise r.error(s, f"set name must be one of {SETS}, each once; got {name!r}")
        sets[name] = [
            Example(
                [r.attr(c, "cid") for c in ex.findall("conditionref")],
                r.number(ex, r.attr(ex, "samples"), int, "samples"),
            )
            for ex in s.findall("example")
        ]
    post = []
    pp = node.find("postprocessing")
    if pp is not None:
        for op in pp.findall("operation"):
            params = {k: v for k, v in op.attrib.items() if k != "labels"}
            post.append(Operation((op.text or "").strip(), r.attr(op, "labels"), params))
    return sets, post


def _read_condition(r, node):
    rules = []
    for rule in r.child(node, "grammar").findall("rule"):
        pos = r.text(rule, "position")
        if pos not in ("random", "start", "center", "end"):
            pos = r.number(rule, pos, int, "position")
        spacing = []
        sc = rule.find("spacingconstraints")
        if sc is not None:
            for s in sc.findall("spacingconstraint"):
                spacing.append(
                    SpacingConstraint(
                        r.attr(s, "sid1"),
                        r.attr(s, "sid2"),
                        r.number(s, r.attr(s, "mindistance"), int, "mindistance"),
                        r.number(s, r.attr(s, "maxdistance"), int, "maxdistance"),
                        r.attr(s, "order"),
                    )
                )
        refs = r.child(rule, "sequenceelementrefs").findall("sequenceelementref")
        rules.append(
            Rule(
                [r.attr(e, "sid") for e in refs],
                pos,
                r.number(rule, r.text(rule, "probability"), float, "probability"),
                spacing,
            )
        )
    return Condition(
        r.attr(node, "id"),
        rules,
        r.text(node, "label", ""),
        r.text(node, "description", ""),
        r.text(node, "mode", "sequential") or "sequential",
    )


def _read_element(r, node, sid):
    kmers = node.find("kmerbased")
    if kmers is not None:
        return KmerElement(r.letters(kmers, "kmer", f"sequence element {sid!r}"))
    matrix = r.child(node, "matrixbased")
    rows = [
        r.letters(p, "letter", f"sequence element {sid!r}, position {i + 1}")
        for i, p in enumerate(matrix.findall("position"))
    ]
    if not rows:
        raise r.error(matrix, "no <position> entries")
    letters = "".join(rows[0])
    if any("".join(row) != letters for row in rows):
        raise r.error(matrix, "every <position> must list the same letters in the same order")
    return MatrixElement(letters, np.array([list(row.values()) for row in rows]))


def _num(value):
    return repr(float(value)) if not float(value).is_integer() else f"{float(value):.1f}"


def _probabilities(values):
    """Weights as probabilities; values already summing to 1 (as rounded) are kept as given."""
    values = np.asarray(list(values), dtype=float)
    total = values.sum()
    return values if abs(total - 1) <= SUM_TOLERANCE else values / total


def _sub(parent, tag, text=None, **attrs):
    node = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        node.text = str(text)
    return node


def grammar_to_xml(grammar):
    """The seqgra XML of ``grammar``, as a string (valid against ``data-config.xsd``).

    See :func:`load_grammar` for an example.
    """
    g = grammar
    root = ET.Element(
        "seqgradata", {"xmlns:xsi": _XSI, "xsi:noNamespaceSchemaLocation": _SCHEMA_URL}
    )
    general = _sub(root, "general", id=g.id)
    _sub(general, "name", g.name)
    _sub(general, "description", g.description)
    _sub(general, "task", g.task)
    _sub(general, "sequencespace", g.sequence_space)
    _sub(general, "seed", int(g.seed))
    bg = _sub(root, "background")
    _sub(bg, "minlength", int(g.background.min_length))
    _sub(bg, "maxlength", int(g.background.max_length))
    dists = _sub(bg, "alphabetdistributions")
    for d in g.background.distributions:
        attrs = {k: v for k, v in (("setname", d.set_name), ("cid", d.condition)) if v is not None}
        node = _sub(dists, "alphabetdistribution", **attrs)
        for letter, p in zip(d.letters, _probabilities(d.letters.values())):
            _sub(node, "letter", letter, probability=_num(p))
    dg = _sub(root, "datageneration")
    sets = _sub(dg, "sets")
    for name in SETS:
        s = _sub(sets, "set", name=name)
        for ex in g.sets[name]:
            e = _sub(s, "example", samples=int(ex.samples))
            for cid in ex.conditions:
                _sub(e, "conditionref", cid=cid)
    if g.postprocessing:
        pp = _sub(dg, "postprocessing")
        for op in g.postprocessing:
            _sub(pp, "operation", op.name, labels=op.labels, **op.parameters)
    conds = _sub(root, "conditions")
    for c in g.conditions:
        node = _sub(conds, "condition", id=c.id)
        _sub(node, "label", c.label)
        _sub(node, "description", c.description)
        if c.mode != "sequential":
            _sub(node, "mode", c.mode)
        gram = _sub(node, "grammar")
        for rule in c.rules:
            rn = _sub(gram, "rule")
            _sub(rn, "position", rule.position)
            _sub(rn, "probability", _num(rule.probability))
            refs = _sub(rn, "sequenceelementrefs")
            for sid in rule.elements:
                _sub(refs, "sequenceelementref", sid=sid)
            if rule.spacing:
                scs = _sub(rn, "spacingconstraints")
                for s in rule.spacing:
                    _sub(
                        scs,
                        "spacingconstraint",
                        sid1=s.element1,
                        sid2=s.element2,
                        mindistance=int(s.min_distance),
                        maxdistance=int(s.max_distance),
                        order=s.order,
                    )
    elems = _sub(root, "sequenceelements")
    for sid, element in g.elements.items():
        node = _sub(elems, "sequenceelement", id=sid)
        if element.kind == "kmer":
            kb = _sub(node, "kmerbased")
            for kmer, p in zip(element.kmers, _probabilities(element.kmers.values())):
                _sub(kb, "kmer", kmer, probability=_num(p))
        else:
            mb = _sub(node, "matrixbased")
            for row in element.probabilities:
                pos = _sub(mb, "position")
                for letter, p in zip(element.letters, _probabilities(row)):
                    _sub(pos, "letter", letter, probability=_num(p))
    ET.indent(root)
    return "<?xml version='1.0' encoding='UTF-8'?>\n" + ET.tostring(root, encoding="unicode") + "\n"


def write_grammar(grammar, path):
    """Write ``grammar`` as seqgra XML to ``path``, whole or not at all.

    Parameters
    ----------
    grammar : Grammar
    path : str or path-like

    Returns
    -------
    pathlib.Path
    """
    text = grammar_to_xml(grammar.check())
    path = Path(path)
    write_atomic(path, lambda handle: handle.write(text.encode("utf-8")))
    return path
