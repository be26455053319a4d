"""skseq.io.load imports only the skseq modules whose classes skseq.io.save writes.

A file names each object's type as "module.Class"; a crafted file naming a class in
``skseq.__main__`` once made ``load`` import that module, which ran the command line with the
process's ``sys.argv`` (it wrote ``training.fa`` and raised ``SystemExit(0)``).
"""

import importlib
import inspect
import json
import pkgutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
import skops.io
from sklearn.base import BaseEstimator
from sklearn.pipeline import make_pipeline

import skseq
from skseq import SequenceOneHotTransformer
from skseq.io._persistence import LOADABLE_MODULES, UntrustedTypesError, load, save

GRAMMARS = Path(__file__).parents[1] / "data" / "grammars"

# Loads the crafted file in a fresh interpreter whose command line would make skseq's CLI
# print its help and exit, and reports what the load imported, printed and raised.
PROBE = """
import json, sys
sys.argv = ["x", "--help"]
import skops.io
from skseq.io._persistence import load
before = set(sys.modules)
try:
    load(sys.argv_path)
    outcome = "loaded"
except BaseException as error:
    outcome = f"{type(error).__name__}: {error}"
new = sorted(m for m in set(sys.modules) - before if m.startswith("skseq"))
sys.stdout.write("\\nRESULT " + json.dumps({"outcome": outcome, "imported": new}))
"""


def _crafted(path, module, name):
    """A small skseq file whose root object's type is rewritten to ``module.name``."""
    save(SequenceOneHotTransformer(alphabet="RNA").fit(["ACGU"]), path)
    with zipfile.ZipFile(path) as src:
        files = {n: src.read(n) for n in src.namelist()}
    schema = json.loads(files["schema.json"])
    schema["__module__"], schema["__class__"] = module, name
    files["schema.json"] = json.dumps(schema).encode()
    with zipfile.ZipFile(path, "w") as dst:
        for member, data in files.items():
            dst.writestr(member, data)
    return path


@pytest.mark.parametrize(
    "module, name",
    [("skseq.__main__", "main"), ("skseq.cli", "main"), ("skseq.foo", "Bar")],
)
def test_a_file_naming_a_module_skseq_does_not_save_imports_nothing(tmp_path, module, name):
    path = _crafted(tmp_path / "crafted.skops", module, name)
    work = tmp_path / "cwd"
    work.mkdir()
    code = PROBE.replace("sys.argv_path", repr(str(path)))
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=work, capture_output=True, text=True, timeout=300
    )
    assert "RESULT " in run.stdout, run.stderr
    printed, _, result = run.stdout.rpartition("RESULT ")
    report = json.loads(result)
    # was: the CLI's usage text, training.fa written, SystemExit: 0
    assert report["outcome"].startswith("UntrustedTypesError: ")
    assert str(path) in report["outcome"] and f"{module}.{name}" in report["outcome"]
    assert report["imported"] == []
    assert printed.strip() == ""
    assert list(work.iterdir()) == []


def test_untrusted_skseq_type_raises_in_process(tmp_path):
    path = _crafted(tmp_path / "crafted.skops", "skseq.__main__", "main")
    with pytest.raises(UntrustedTypesError, match=r"crafted\.skops.*skseq\.__main__\.main"):
        load(path)
    assert "skseq.__main__" not in sys.modules


def _concrete_estimators():
    """Every public, concrete scikit-learn estimator class defined in skseq."""
    found = {}
    for info in pkgutil.walk_packages(skseq.__path__, "skseq."):
        if info.name.rpartition(".")[2] == "__main__":
            continue
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if (
                isinstance(cls, type)
                and issubclass(cls, BaseEstimator)
                and cls.__module__ == info.name
                and not cls.__name__.startswith("_")
                and not cls.__name__.endswith(("Base", "Mixin"))
                and not inspect.isabstract(cls)
            ):
                found[f"{cls.__module__}.{cls.__name__}"] = cls
    return found


def test_every_skseq_estimator_module_is_loadable():
    estimators = _concrete_estimators()
    assert "skseq.models._classifier.SequenceCNNClassifier" in estimators
    missing = sorted(n for n, cls in estimators.items() if cls.__module__ not in LOADABLE_MODULES)
    assert missing == []
    # the list names modules that exist and can be imported (no typo hiding a type)
    for module in LOADABLE_MODULES:
        importlib.import_module(module)


def _kind(kind):
    """One of each kind of skseq object the tests save, built without training a network."""
    from sklearn.linear_model import LogisticRegression

    from skseq import (
        BayesOptimalClassifier,
        KmerTokenizer,
        MotifInspector,
        SequenceCNNClassifier,
        SequenceSearchCV,
        TrackTransformer,
    )
    from skseq.datasets import load_grammar

    rng = np.random.default_rng(0)
    seqs = np.array(["".join(rng.choice(list("ACGT"), 24)) for _ in range(12)])
    grammar = GRAMMARS / "mc2-dna1000-homer-interaction-spacing-200k-s1.xml"
    builders = {
        "onehot": lambda: SequenceOneHotTransformer().fit(seqs),
        "kmers": lambda: KmerTokenizer(k=3).fit(seqs),
        "tracks": lambda: TrackTransformer().fit([np.ones(24)] * 3),
        "bayes": lambda: BayesOptimalClassifier(load_grammar(grammar)),
        "inspector": lambda: MotifInspector(
            make_pipeline(SequenceOneHotTransformer(), SequenceCNNClassifier())
        ),
        "search": lambda: SequenceSearchCV(LogisticRegression(), {}),
    }
    return builders[kind]()


@pytest.mark.parametrize("kind", ["onehot", "kmers", "tracks", "bayes", "inspector", "search"])
def test_each_kind_saved_names_only_loadable_modules(kind, tmp_path):
    estimator = _kind(kind)
    path = tmp_path / f"{kind}.skops"
    save(estimator, path)
    named = skops.io.get_untrusted_types(file=path)
    skseq_modules = {n.rpartition(".")[0] for n in named if n.startswith("skseq")}
    assert skseq_modules and skseq_modules <= LOADABLE_MODULES
    assert type(load(path)) is type(estimator)
