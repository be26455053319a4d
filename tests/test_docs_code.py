"""Every Python block of the README and the user guide runs, so the docs cannot rot.

Collected: each ```` ```python ```` block of ``README.md``, ``docs/getting_started.md``,
``docs/tuning.md`` and ``docs/user_guide/*.md``, one test per block (``<file>:<line>``).

A block runs on its own, in a fresh namespace and an empty working folder. A block that needs
your files or objects defined elsewhere says so in its first line, a comment starting with
``# Shows the call`` (the reader sees it); such a block is compiled and its import
statements are run, so the names it shows still exist, but the rest is not run.

To stay fast (about a minute in all on 2 CPU cores) the blocks run at a reduced scale,
the fixture ``fast_docs`` below: every network trains for at most 2 epochs with at most 8
kernels per convolution (``epochs``, ``lm_epochs`` and ``n_filters`` capped in each
estimator's ``fit``), and the bundled data sets that blocks load (``load_rbp``,
``load_promoters``) hold 300 sequences, both classes alike. What a block
computes is otherwise unchanged.
"""

import ast
import re
import textwrap
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    ROOT / "README.md",
    ROOT / "docs" / "getting_started.md",
    ROOT / "docs" / "tuning.md",
    *sorted((ROOT / "docs" / "user_guide").glob("*.md")),
]
SHOWS_THE_CALL = re.compile(r"^#\s*Shows the calls?\b")
FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
MAX_EPOCHS = 2
MAX_FILTERS = 8
N_SEQUENCES = 300


def _blocks(path):
    """(line of the opening fence, code) of each ```python block, dedented."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m and m.group(2) == "python":
            start, body = i + 1, []
            i += 1
            while not FENCE.match(lines[i]) or FENCE.match(lines[i]).group(2):
                body.append(lines[i])
                i += 1
            blocks.append((start, textwrap.dedent("\n".join(body)) + "\n"))
        elif m and m.group(2):  # another language's block: skip to its closing fence
            i += 1
            while not FENCE.match(lines[i]) or FENCE.match(lines[i]).group(2):
                i += 1
        i += 1
    return blocks


BLOCKS = [(p, line, code) for p in PAGES for line, code in _blocks(p)]
IDS = [f"{p.relative_to(ROOT)}:{line}" for p, line, _ in BLOCKS]


def _shows_the_call(code):
    return bool(SHOWS_THE_CALL.match(code.lstrip()))


def _capped_fit(fit):
    def wrapped(self, *args, **kwargs):
        self.epochs = min(self.epochs, MAX_EPOCHS)
        if hasattr(self, "n_filters"):
            self.n_filters = min(self.n_filters, MAX_FILTERS)
        if getattr(self, "lm_epochs", 0):
            self.lm_epochs = min(self.lm_epochs, MAX_EPOCHS)
        return fit(self, *args, **kwargs)

    return wrapped


def _fewer(load):
    def wrapped(*args, **kwargs):
        data = load(*args, **kwargs)
        rng = np.random.default_rng(0)
        keep = np.sort(
            np.concatenate(
                [
                    rng.choice(np.flatnonzero(data.target == c), N_SEQUENCES // 2, replace=False)
                    for c in (0, 1)
                ]
            )
        )
        n = len(data.target)
        for key, value in list(data.items()):
            if isinstance(value, np.ndarray) and len(value) == n:
                data[key] = value[keep]
        return data

    return wrapped


@pytest.fixture
def fast_docs(monkeypatch, tmp_path):
    """The reduced scale of the module docstring, in an empty working folder."""
    import matplotlib

    matplotlib.use("Agg")
    import skseq.datasets
    import skseq.models

    for name in (
        "SequenceCNNClassifier",
        "SequenceCNNRegressor",
        "SequenceLanguageModel",
        "SequenceLMClassifier",
        "SequenceLMRegressor",
    ):
        cls = getattr(skseq.models, name)
        monkeypatch.setattr(cls, "fit", _capped_fit(cls.fit))
    for name in ("load_rbp", "load_promoters"):
        monkeypatch.setattr(skseq.datasets, name, _fewer(getattr(skseq.datasets, name)))
    monkeypatch.chdir(tmp_path)
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def test_blocks_are_found():
    """The collection itself: the README's blocks are there, some run and some show calls."""
    readme = [code for p, _, code in BLOCKS if p.name == "README.md"]
    assert len(readme) >= 8
    assert any(_shows_the_call(c) for c in readme)
    assert sum(not _shows_the_call(c) for c in readme) >= 5


@pytest.mark.parametrize("path, line, code", BLOCKS, ids=IDS)
def test_block_runs(path, line, code, fast_docs):
    where = f"{path.relative_to(ROOT)}:{line}"
    tree = ast.parse(code, filename=where)
    if _shows_the_call(code):
        # only the imports: what the block shows a call of must still exist
        tree.body = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    exec(compile(tree, where, "exec"), {"__name__": "__docs__"})
