"""Parse seqgra XML safely, with line numbers, and validate it against seqgra's schema.

The parser is the standard library's expat, driven directly so that every element keeps the
line it starts on (ElementTree's own parser drops it). A document type declaration is refused
outright: seqgra's grammars never have one, and without it there are no entities to expand
(billion laughs), no external entities to fetch (XXE) and no external DTD to load.

The schema is seqgra's ``data-config.xsd`` (MIT, Krismer, Hammelman & Gifford 2022), shipped in
``skseq/datasets/data/``; :mod:`xmlschema` validates the parsed tree against it, so unknown or
misspelled elements and attributes, missing ones and values out of range are errors naming
their line.
"""

import functools
import os
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path
from xml.parsers import expat

__all__ = ["bundled_grammar_names", "parse_xml", "read_xml", "schema_error", "sourceline"]

SCHEMA_FILE = "data-config.xsd"
#: seqgra's grammars shipped with skseq (see the README there), loadable by name.
GRAMMAR_FOLDER = ("data", "grammars")
_XS = "{http://www.w3.org/2001/XMLSchema}"
_IDENTITY_TAGS = {_XS + "key", _XS + "keyref", _XS + "unique"}


class _LinedElement(ET.Element):
    """An element that remembers its line (``sourceline``, as lxml names it)."""


class _Refused(Exception):
    pass


def sourceline(node):
    """The 1-based line ``node`` starts on, or None."""
    return getattr(node, "sourceline", None)


def parse_xml(data, name):
    """Parse XML (str or bytes) into a tree whose elements know their line.

    Parameters
    ----------
    data : str or bytes
    name : str
        The file name (or ``"XML text"``) that errors start with.

    Returns
    -------
    xml.etree.ElementTree.Element
        The root; each element has a ``sourceline``.

    Raises
    ------
    ValueError
        If the XML is not well-formed (naming line and column) or has a DOCTYPE.

    Examples
    --------
    >>> from skseq.datasets._grammar_schema import parse_xml
    >>> root = parse_xml("<a>\\n  <b x='1'/>\\n</a>", "XML text")
    >>> [(e.tag, e.sourceline) for e in root.iter()]
    [('a', 1), ('b', 2)]
    >>> parse_xml("<a>\\n<b></a>", "XML text")
    Traceback (most recent call last):
    ...
    ValueError: XML text, line 2, column 6: not well-formed XML: mismatched tag
    """
    builder = ET.TreeBuilder(element_factory=_LinedElement)
    parser = expat.ParserCreate(namespace_separator="}")

    def qualified(tag):
        # expat gives "uri}local" for namespaced names; ElementTree writes "{uri}local"
        return "{" + tag if "}" in tag else tag

    def start(tag, attrs):
        node = builder.start(qualified(tag), {qualified(k): v for k, v in attrs.items()})
        node.sourceline = parser.CurrentLineNumber

    def refuse(*_):
        raise _Refused()

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(qualified(tag))
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    try:
        parser.Parse(data, True)
    except _Refused:
        raise ValueError(
            f"{name}, line {parser.CurrentLineNumber}: a DOCTYPE is not allowed in a seqgra "
            "grammar (DTDs and entities are refused: they can expand without bound or read "
            "other files)"
        ) from None
    except expat.ExpatError as exc:
        raise ValueError(
            f"{name}, line {exc.lineno}, column {exc.offset + 1}: not well-formed XML: "
            f"{expat.ErrorString(exc.code)}"
        ) from None
    return builder.close()


def read_xml(source):
    """Parse a path or XML text: the name errors start with, and the root element.

    Parameters
    ----------
    source : str or path-like
        A path, or XML text (a string starting with ``<``).

    Returns
    -------
    name : str
        The path, or ``"XML text"``.
    root : xml.etree.ElementTree.Element
        As :func:`parse_xml` returns it.

    Examples
    --------
    >>> from skseq.datasets._grammar_schema import read_xml
    >>> name, root = read_xml("<seqgradata/>")
    >>> name, root.tag
    ('XML text', 'seqgradata')
    >>> read_xml("seqgradata")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    FileNotFoundError: no grammar file 'seqgradata' (load_grammar takes a path ... or XML text ...)
    """
    expected = "load_grammar takes a path to a seqgra XML file or XML text (starting with '<')"
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"{expected}; got {type(source).__name__}")
    if isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith("<"):
        return "XML text", parse_xml(source, "XML text")
    path = Path(source)
    if isinstance(source, str) and ("\n" in source or len(source) > 4096):
        raise ValueError(f"{expected}; got neither: {source[:40]!r}...")
    if not path.is_file():
        bundled = _bundled(source)
        if bundled is not None:
            name = f"{bundled.name} (bundled with skseq)"
            return name, parse_xml(bundled.read_bytes(), name)
        raise FileNotFoundError(
            f"no grammar file {str(path)!r} ({expected}, or the name of a grammar bundled "
            f"with skseq: {', '.join(bundled_grammar_names())})"
        )
    return str(path), parse_xml(path.read_bytes(), str(path))


def bundled_grammar_names():
    """The names of the seqgra grammars shipped with skseq (``load_grammar`` takes them).

    Returns
    -------
    list of str

    Examples
    --------
    >>> from skseq.datasets._grammar_schema import bundled_grammar_names
    >>> "mc2-dna1000-homer-100k-s1" in bundled_grammar_names()
    True
    """
    folder = resources.files("skseq.datasets").joinpath(*GRAMMAR_FOLDER)
    return sorted(f.name[: -len(".xml")] for f in folder.iterdir() if f.name.endswith(".xml"))


def _bundled(source):
    """The bundled grammar ``source`` names (with or without ``.xml``), or None."""
    if not isinstance(source, str) or "/" in source or os.sep in source:
        return None
    stem = source.removesuffix(".xml")
    if stem not in bundled_grammar_names():
        return None
    return resources.files("skseq.datasets").joinpath(*GRAMMAR_FOLDER, f"{stem}.xml")


@functools.cache
def _schema():
    """seqgra's schema without its keys and key references.

    Those (unique ids, references to defined conditions, sets and elements) are checked by
    :meth:`Grammar.check <skseq.datasets.Grammar.check>`, whose messages name the condition
    and rule; the schema's would name only the root element.
    """
    import xmlschema

    xsd = resources.files("skseq.datasets").joinpath("data", SCHEMA_FILE).read_bytes()
    root = ET.fromstring(xsd)  # shipped with the package, not user input
    for parent in root.iter():
        for child in list(parent):
            if child.tag in _IDENTITY_TAGS:
                parent.remove(child)
    return xmlschema.XMLSchema(ET.tostring(root, encoding="unicode"))


def schema_error(root, name):
    """The first way ``root`` breaks seqgra's schema, as a ValueError naming line and path.

    Unique ids and references are left to :meth:`Grammar.check
    <skseq.datasets.Grammar.check>` (see :func:`_schema`).

    Parameters
    ----------
    root : xml.etree.ElementTree.Element
        As :func:`parse_xml` returns it.
    name : str
        The file name (or ``"XML text"``) that errors start with.

    Returns
    -------
    ValueError or None

    Examples
    --------
    >>> from skseq.datasets._grammar_schema import parse_xml, schema_error
    >>> root = parse_xml("<seqgradata>\\n<general/>\\n</seqgradata>", "g.xml")
    >>> print(schema_error(root, "g.xml"))  # doctest: +ELLIPSIS
    g.xml, line 2: <general> at /seqgradata/general breaks seqgra's schema: ...
    """
    first, path, reasons = None, "", []
    for error in _schema().iter_errors(root):
        node = error.elem
        index = getattr(error, "index", None)
        if index is not None and node is not None and index < len(node):
            node = node[index]  # the unexpected child itself, not its parent
        if first is None:
            first, path = node, error.path or ""
            if node is not error.elem and path:
                path = f"{path}/{node.tag}"
        elif node is not first:
            break  # report one element, with every way it breaks the schema
        reason = error.reason or "invalid"
        if not isinstance(error.obj, ET.Element) and str(error.obj) not in reason:
            reason += f" (got {error.obj!r})"
        reasons.append(reason)
    if first is None and not reasons:
        return None
    tag = f"<{first.tag}>" if first is not None else "the document"
    line = sourceline(first)
    where = f"{name}, line {line}" if line is not None else name
    return ValueError(f"{where}: {tag} at {path} breaks seqgra's schema: {'; '.join(reasons)}")
