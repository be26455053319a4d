"""The tables of the default search space (docstring and user guide) say what the code does.

Each row's range is read back and compared with ``cnn_search_space()``, and its estimator
default with ``SequenceCNNClassifier().get_params()`` (and the regressor's, which must agree).
"""

import ast
import re
from pathlib import Path

import pytest
from optuna.distributions import CategoricalDistribution

from skseq import SequenceCNNClassifier, SequenceCNNRegressor
from skseq.tuning import cnn_search_space
from skseq.tuning._space import DEFAULT_ARCHITECTURES, DEFAULT_SEARCHED

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "tuning.md"


def _docstring_rows():
    lines = cnn_search_space.__doc__.splitlines()
    rules = [i for i, line in enumerate(lines) if re.fullmatch(r"\s*=+(\s+=+)+\s*", line)]
    assert len(rules) == 3, "the docstring has one table with a header"
    rows = {}
    for line in lines[rules[1] + 1 : rules[2]]:
        name, rest = line.split(None, 1)
        range_, default = re.split(r"\s{2,}", rest.strip())
        rows[name] = (range_, default)
    return rows


def _guide_rows():
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    start = lines.index("| parameter | range | estimator default |")
    rows = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        names, range_, default = (c.strip() for c in line.strip("|").split("|"))
        names = [n.strip().strip("`") for n in names.split("/")]
        ranges = [r.strip() for r in range_.split("/")]
        defaults = [d.strip() for d in default.split("/")]
        for i, name in enumerate(names):
            rows[name] = (_pick(ranges, i, len(names)), _pick(defaults, i, len(names)))
    return rows


def _pick(parts, i, n):
    """Part ``i`` of a cell that gives one value per name, or its one value for all."""
    return parts[i] if len(parts) == n else parts[0]


def _parse_range(text):
    """(low, high, log) of "8 to 64, log scale" / "8-64, log" / "0-0.3", or the choices."""
    text = text.replace("`", "")
    log = "log" in text
    text = re.sub(r",?\s*log( scale)?", "", text).strip()
    if re.search(r"\d, \d| or ", text):
        return tuple(ast.literal_eval(v) for v in re.split(r",\s*|\s+or\s+", text))
    low, high = re.split(r"\s+to\s+|(?<=\d)-(?=\d)", text)
    return ast.literal_eval(low), ast.literal_eval(high), log


@pytest.mark.parametrize("source", ["docstring", "docs/tuning.md"])
def test_the_table_matches_the_space_and_the_estimator_defaults(source):
    rows = _docstring_rows() if source == "docstring" else _guide_rows()
    space = cnn_search_space()
    assert set(rows) == set(DEFAULT_SEARCHED)
    defaults = SequenceCNNClassifier().get_params()
    assert {k: SequenceCNNRegressor().get_params()[k] for k in rows} == {
        k: defaults[k] for k in rows
    }
    for name, (range_, default) in rows.items():
        assert ast.literal_eval(default.strip("`")) == defaults[name], (source, name)
        dist = space[name]
        if name == "architecture":
            assert "conv_attention" in range_ and dist.choices == DEFAULT_ARCHITECTURES
            continue
        parsed = _parse_range(range_)
        if isinstance(dist, CategoricalDistribution):
            assert parsed == dist.choices, (source, name)
        else:
            assert parsed == (dist.low, dist.high, dist.log), (source, name)
