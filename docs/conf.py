"""Sphinx configuration of skseq's documentation site (``make docs`` builds it)."""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("SKSEQ_DOCS", "1")  # gallery scripts run at their reduced docs scale

# the gallery resolves the names its scripts use; this one needs scikit-learn's opt-in first
import sklearn.experimental.enable_halving_search_cv  # noqa: E402, F401

import skseq  # noqa: E402

project = "skseq"
author = "The skseq developers"
copyright = "2026, the skseq developers"
version = release = skseq.__version__

extensions = [
    "myst_parser",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx_gallery.gen_gallery",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "generated/*.examples", "**/*.ipynb", "**.md5", "**.py"]
myst_heading_anchors = 3

autosummary_generate = True
autodoc_default_options = {"inherited-members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "examples"),
    "gallery_dirs": "auto_examples",
    # the gallery: examples/plot_*.py, executed; the other scripts (long or needing extras
    # such as TPOT) are run by hand, as their docstrings say
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"(?:^|/)(?!plot_)[^/]+\.py$",
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": False,
    "remove_config_comments": True,
    "abort_on_example_error": True,
    "matplotlib_animations": False,
    "image_scrapers": ("matplotlib",),
    "capture_repr": (),
    # no API cross-references: resolving names imports them (and scikit-learn's experimental
    # searches refuse a plain attribute lookup)
    "doc_module": (),
    "backreferences_dir": None,
    "show_api_usage": False,
    "inspect_global_variables": False,
}

html_theme = "pydata_sphinx_theme"
html_title = "skseq"
html_static_path = ["_static"]
html_css_files = ["skseq.css"]
templates_path = ["_templates"]
# pages of the root toctree with no pages below them get the site's contents in the left
# sidebar, where the theme's section navigation would be empty
_SITE_NAV = ["sidebar-nav-site"]
html_sidebars = {
    "getting_started": _SITE_NAV,
    "tuning": _SITE_NAV,
    "benchmarks": _SITE_NAV,
    "user_guide/*": _SITE_NAV,
    "coming_from/*": _SITE_NAV,
}
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "icon_links": [],
}
html_show_sourcelink = False

# scikit-learn's score methods (ClassifierMixin.score, RegressorMixin.score, which the
# estimators reuse) link labels of scikit-learn's own documentation; plain text here
_SKLEARN_REFS = re.compile(r":ref:`([^`<]+?)\s*<(?:accuracy_score|r2_score)>`")


def _unlink_sklearn_refs(app, what, name, obj, options, lines):
    lines[:] = [_SKLEARN_REFS.sub(r"\1", line) for line in lines]


# `make docs` must finish in 15 minutes on 2 CPU cores; the gallery may take 10 of them. What
# is checked is the CPU time the examples used in this build: on a machine of its own it bounds
# the wall time from above, and unlike sg_execution_times.rst (wall time, also logged) it does
# not grow when other jobs share the cores. Over budget is a warning, so -W fails the build.
GALLERY_BUDGET_S = float(os.environ.get("SKSEQ_DOCS_GALLERY_BUDGET", 600))
_GALLERY_TOTAL = re.compile(r"\*\*(\d+):(\d+(?:\.\d+)?)\*\* total execution time")
_CPU_AT_START = []


def _gallery_start(app):
    _CPU_AT_START.append(_cpu_seconds())


def _gallery_end(app):
    from sphinx.util import logging

    if "joblib" in sys.modules:  # end loky's reusable workers, so their CPU time is counted
        from joblib.externals.loky import get_reusable_executor

        get_reusable_executor().shutdown(wait=True)
    cpu = _cpu_seconds() - _CPU_AT_START[-1]
    table = Path(app.srcdir) / "sg_execution_times.rst"
    match = _GALLERY_TOTAL.search(table.read_text(encoding="utf-8")) if table.is_file() else None
    wall = 60 * int(match.group(1)) + float(match.group(2)) if match else float("nan")
    message = (
        f"the gallery's examples used {cpu:.0f} CPU seconds in this build (budget "
        f"{GALLERY_BUDGET_S:.0f}, SKSEQ_DOCS_GALLERY_BUDGET); sg_execution_times.rst: {wall:.0f} s "
        "of wall time in all"
    )
    logger = logging.getLogger("skseq.docs")
    if cpu > GALLERY_BUDGET_S:
        logger.warning(message + ": shorten the slowest example's docs mode")
    else:
        logger.info(message)


def _cpu_seconds():
    import resource

    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def setup(app):
    app.connect("autodoc-process-docstring", _unlink_sklearn_refs)
    # sphinx-gallery runs the examples on builder-inited at the default priority, 500
    app.connect("builder-inited", _gallery_start, priority=100)
    app.connect("builder-inited", _gallery_end, priority=900)
