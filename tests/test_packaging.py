"""The project's paperwork: licence, typing marker, extras documented, a whole sdist."""

import re
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    from pip._vendor import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_the_licence_is_bsd3_and_shipped():
    project = PYPROJECT["project"]
    assert project["license"] == "BSD-3-Clause"
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text()
    assert "BSD 3-Clause License" in text
    assert "Copyright (c) 2026, the skseq developers" in text


def test_py_typed_is_package_data():
    assert (ROOT / "skseq" / "py.typed").exists()
    assert "py.typed" in PYPROJECT["tool"]["setuptools"]["package-data"]["skseq"]


def test_python_classifiers_match_requires_python():
    minimum = re.fullmatch(r">=3\.(\d+)", PYPROJECT["project"]["requires-python"]).group(1)
    versions = [
        int(c.rsplit(".", 1)[1])
        for c in PYPROJECT["project"]["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert min(versions) == int(minimum)


def test_every_extra_is_documented_in_getting_started():
    page = (ROOT / "docs" / "getting_started.md").read_text()
    for extra in PYPROJECT["project"]["optional-dependencies"]:
        assert f"| `{extra}` |" in page, f"extra {extra!r} missing from the install table"


def test_the_sdist_takes_the_whole_test_suite():
    # setuptools alone would add tests/test*.py but not the subfolders and data they need
    manifest = (ROOT / "MANIFEST.in").read_text().splitlines()
    assert "graft tests" in manifest


def test_paperwork_files_exist():
    for name in ("CITATION.cff", "CHANGELOG.md", "CONTRIBUTING.md"):
        assert (ROOT / name).stat().st_size > 200, name
    assert "make test" in (ROOT / "CONTRIBUTING.md").read_text()
