"""skseq.io.load of a damaged or foreign file: an error that names the file and says why.

Before, a truncated file, flipped bytes or a pickle gave ``BadZipFile: File is not a zip
file`` (no file name), a damaged network archive inside gave ``File not found:
/tmp/skseq-.../model.keras``, and an edited hyperparameter gave a Keras weight-shape error.
"""

import io
import json
import pickle
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest

import skseq
from skseq.io._persistence import load, save
from skseq.models import SequenceCNNClassifier

SHIPPED_LM = Path(skseq.__file__).parent / "datasets" / "data" / "ecoli_lm_k5_s2.skops"


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """The bytes of a small fitted CNN saved by skseq.io.save."""
    X = np.eye(4, dtype=np.uint8)[np.random.default_rng(0).integers(0, 4, size=(16, 10))]
    clf = SequenceCNNClassifier(n_filters=2, dense_units=4, epochs=1, random_state=0, verbose=0)
    path = tmp_path_factory.mktemp("saved") / "model.skops"
    save(clf.fit(X, np.arange(16) % 2), path)
    return path.read_bytes()


def _members(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _raises(path, reason):
    """``load(path)`` raises a ValueError naming the file, then ``reason``."""
    pattern = re.escape(f"'{path}'") + ".*" + reason
    return pytest.raises(ValueError, match=pattern)


@pytest.mark.parametrize("cut", [0.5, 0.99])
def test_truncated_file(saved, tmp_path, cut):
    path = tmp_path / "model.skops"
    path.write_bytes(saved[: int(len(saved) * cut)])
    with _raises(path, "is truncated or corrupted"):  # was: BadZipFile, no file name
        load(path)


def test_flipped_bytes(saved, tmp_path):
    with zipfile.ZipFile(io.BytesIO(saved)) as archive:
        biggest = max(archive.infolist(), key=lambda info: info.file_size)
    # inside the data of the biggest member, well past its local header
    start = biggest.header_offset + 100 + biggest.compress_size // 2
    damaged = bytearray(saved)
    damaged[start : start + 8] = bytes(b ^ 0xFF for b in damaged[start : start + 8])
    path = tmp_path / "model.skops"
    path.write_bytes(bytes(damaged))
    with _raises(path, f"is truncated or corrupted.*{biggest.filename}"):
        load(path)


@pytest.mark.parametrize(
    "content, reason",
    [
        (pickle.dumps({"model": 1}), "is not a skseq file.*pickle"),
        (b">seq\nACGT\n", "is not a skseq file"),
        (b"", "is empty"),
        (_zip({"other.txt": b"x"}), "is not a skseq file.*schema.json"),
    ],
    ids=["pickle", "text", "empty", "other-zip"],
)
def test_not_a_skseq_file(tmp_path, content, reason):
    path = tmp_path / "model.skops"
    path.write_bytes(content)
    with _raises(path, reason):
        load(path)


def test_schema_that_is_not_json(saved, tmp_path):
    members = _members(saved)
    members["schema.json"] = b"{not json"
    path = tmp_path / "model.skops"
    path.write_bytes(_zip(members))
    with _raises(path, "is truncated or corrupted.*schema.json"):  # was: JSONDecodeError
        load(path)


def test_network_archive_replaced_by_random_bytes(saved, tmp_path):
    members = _members(saved)
    inner = next(name for name, data in members.items() if data[:2] == b"PK")
    members[inner] = np.random.default_rng(0).bytes(len(members[inner]))
    path = tmp_path / "model.skops"
    path.write_bytes(_zip(members))
    # was: "File not found: filepath=/tmp/skseq-.../model.keras"
    with _raises(path, "SequenceCNNClassifier.*network.*damaged") as caught:
        load(path)
    assert "/tmp/skseq-" not in str(caught.value)


def test_language_model_with_an_edited_hyperparameter(tmp_path):
    members = _members(SHIPPED_LM.read_bytes())
    schema = json.loads(members["schema.json"])
    node = schema["content"]["content"]["embedding_dim"]
    node["content"] = json.dumps(json.loads(node["content"]) + 8)
    members["schema.json"] = json.dumps(schema).encode()
    path = tmp_path / "lm.skops"
    path.write_bytes(_zip(members))
    # was: "Layer sequence_language_model weight shape (1026, 72) is not compatible ..."
    with _raises(path, "network inside does not match its saved hyperparameters"):
        load(path)
    # the shipped file itself is untouched and loads
    assert load(SHIPPED_LM).embedding_dim == json.loads(node["content"]) - 8
