"""docs/api.rst lists every public name of every subpackage (a name missing there has no page)."""

import importlib
import re
from pathlib import Path

import pytest

API = Path(__file__).resolve().parents[1] / "docs" / "api.rst"


def _sections():
    """``{module: set of names listed}`` from the ``.. module::`` blocks of api.rst."""
    listed, module = {}, None
    for line in API.read_text().splitlines():
        found = re.match(r"\.\. module:: (\S+)", line)
        if found:
            module = found.group(1)
            listed[module] = set()
        elif module and re.match(r"   [A-Za-z_]\w*$", line):
            listed[module].add(line.strip())
    return listed


@pytest.mark.parametrize("module", sorted(_sections()))
def test_every_public_name_is_in_the_api_reference(module):
    public = set(importlib.import_module(module).__all__)
    missing = public - _sections()[module]
    assert not missing, f"{module}: add {sorted(missing)} to docs/api.rst"
