"""Every default the docs state for an estimator's parameter is the code's default.

Three forms are read from the README and every page under ``docs/``:

- a Markdown table whose first column is ``parameter`` and one column's header contains
  ``default``: each row names one or more parameters in backticks (``a`` / ``b``) and the
  default column gives their values the same way (``0.1 / 0.3``; text after `` (`` is a
  comment). The table belongs to the one public estimator that has all its parameters;
- ``name=value`` in backticks followed by ``(the default)`` or ``(default)`` in prose;
- ``name=value,  # the default`` in a code block.

Values are Python literals. A table value or prose default that matches no estimator's
``get_params()`` fails the test, as does a table no single estimator fits.
"""

import ast
import inspect
import math
import re
from pathlib import Path

import pytest
from sklearn.base import BaseEstimator

import skseq

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
PAGES = [p for p in PAGES if "_build" not in p.parts and "auto_examples" not in p.parts]


def _public_estimators():
    """Every public estimator class: name -> its parameters' defaults (``get_params``)."""
    found = {}
    for name in skseq.__all__:
        obj = getattr(skseq, name)
        if inspect.isclass(obj) and issubclass(obj, BaseEstimator):
            found[name] = {
                p.name: p.default
                for p in inspect.signature(obj.__init__).parameters.values()
                if p.name != "self" and p.default is not p.empty
            }
    return found


def _literal(text):
    text = text.strip().strip("`").strip()
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        raise AssertionError(f"not a Python literal: {text!r}") from None


def _same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return (
            isinstance(a, int | float)
            and isinstance(b, int | float)
            and not isinstance(a, bool)
            and math.isclose(a, b)
        )
    return type(a) is type(b) and a == b


def _cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _tables(path):
    """(line number, rows) of each parameter table with a default column."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tables = []
    for i, line in enumerate(lines[:-1]):
        if not line.startswith("|") or not re.match(r"^\|[\s:|-]+\|$", lines[i + 1].strip()):
            continue
        header = [h.lower() for h in _cells(line)]
        if header[0] != "parameter" or not any("default" in h for h in header):
            continue
        col = next(j for j, h in enumerate(header) if "default" in h)
        rows = []
        for j in range(i + 2, len(lines)):
            if not lines[j].startswith("|"):
                break
            cells = _cells(lines[j])
            names = re.findall(r"`(\w+)`", cells[0])
            value = re.split(r"\s+\(", cells[col])[0]
            values = [v.strip() for v in value.split(" / ")]
            if len(values) != len(names):
                raise AssertionError(f"{path.name}:{j + 1}: {len(names)} names, values {value!r}")
            rows += [(j + 1, n, _literal(v)) for n, v in zip(names, values)]
        tables.append((i + 1, rows))
    return tables


PROSE = re.compile(r"`(\w+)=([^`]+)`\s*\((?:the )?default\)")
CODE = re.compile(r"^\s*(\w+)=(.+?),\s*# the default\b")


def _mentions(path):
    """(line number, name, value) of each default stated in prose or a code comment."""
    found = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for m in [*PROSE.finditer(line), *filter(None, [CODE.match(line)])]:
            found.append((i, m.group(1), _literal(m.group(2))))
    return found


ESTIMATORS = _public_estimators()
TABLES = [(p, line, rows) for p in PAGES for line, rows in _tables(p)]
MENTIONS = [(p, *m) for p in PAGES for m in _mentions(p)]


def test_the_docs_state_defaults():
    """The forms are still read: the tables of docs/tuning.md and a few prose defaults."""
    assert {p.name for p, _, _ in TABLES} >= {"tuning.md"}
    assert len(TABLES) >= 2
    assert len(MENTIONS) >= 3


@pytest.mark.parametrize(
    "path, line, rows", TABLES, ids=[f"{p.name}:{line}" for p, line, _ in TABLES]
)
def test_table_defaults_match_the_estimator(path, line, rows):
    names = {name for _, name, _ in rows}
    owners = [e for e, params in ESTIMATORS.items() if names <= params.keys()]
    assert owners, f"{path.name}:{line}: no public estimator has all of {sorted(names)}"
    for owner in owners:
        wrong = [
            f"line {i}: `{name}` documented {value!r}, code {ESTIMATORS[owner][name]!r}"
            for i, name, value in rows
            if not _same(value, ESTIMATORS[owner][name])
        ]
        assert not wrong, f"{path.name}, table of {owner}:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "path, line, name, value",
    MENTIONS,
    ids=[f"{p.name}:{line}:{name}" for p, line, name, _ in MENTIONS],
)
def test_prose_defaults_match_an_estimator(path, line, name, value):
    owners = {e: params[name] for e, params in ESTIMATORS.items() if name in params}
    assert owners, f"{path.name}:{line}: no public estimator has a parameter `{name}`"
    assert any(_same(value, default) for default in owners.values()), (
        f"{path.name}:{line}: `{name}` documented as defaulting to {value!r}; "
        f"the code's defaults: {owners}"
    )
