"""Optional dependencies: imported, or refused with the pip line that fixes it."""

import sys

import pytest

from skseq.utils import import_extra


def test_the_tpot_extra_imports_or_says_how_to_install_it():
    try:
        tpot = import_extra("tpot", extra="tpot")
    except ImportError as error:
        message = str(error)
        assert "skseq[tpot]" in message or "setuptools<81" in message, message
    else:
        assert hasattr(tpot, "TPOTEstimator")


def test_a_dependency_needing_pkg_resources_names_the_setuptools_pin(tmp_path, monkeypatch):
    # what stopit does under setuptools >= 81
    (tmp_path / "needs_pkg_resources_xyz.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'pkg_resources'\", name='pkg_resources')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ImportError, match=r"pkg_resources.*'setuptools<81'.*'tpot' extra"):
        import_extra("needs_pkg_resources_xyz", extra="tpot")
    sys.modules.pop("needs_pkg_resources_xyz", None)


def test_a_missing_module_names_the_extra():
    with pytest.raises(ImportError, match=r"pip install 'skseq\[jaspar\]'"):
        import_extra("no_such_module_xyz", extra="jaspar")
