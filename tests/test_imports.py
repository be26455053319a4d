"""Importing skseq's light parts must not start a deep-learning backend or ViennaRNA."""

import subprocess
import sys

import pytest

HEAVY = ("keras", "tensorflow", "jax", "torch", "RNA", "scikeras")

LIGHT_IMPORTS = [
    "import skseq",
    "from skseq import SequenceOneHotTransformer",
    "from skseq import StructureTransformer, ChannelUnion, TrackTransformer",
    "import skseq.io; from skseq.io import read_fasta, write_fasta, read_meme, write_meme",
    "import skseq.datasets; skseq.datasets.load_rbp('PUM2', split='test')",
    "import skseq.utils",
    "from skseq.tuning import cnn_search_space",
    "from skseq import variant_effect, read_vcf, encode_to_memmap",
]


@pytest.mark.parametrize("statement", LIGHT_IMPORTS)
def test_light_imports_load_no_backend(statement):
    code = f"{statement}\nimport sys\nprint(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"{statement!r} loaded {out}"


def test_estimator_import_loads_keras():
    # the check above can fail: the estimators do need Keras
    code = "from skseq import SequenceCNNClassifier; import sys; print('keras' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
