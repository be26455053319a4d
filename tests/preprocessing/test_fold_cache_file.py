"""The fold cache file itself damaged or not ours (issue 30).

A cache file replaced by random bytes raised ``sqlite3.DatabaseError: file is not a database``
without naming the file; another program's SQLite database at that path got a ``folds``
table added (and its journal mode changed). A damaged cache is moved aside (kept, never
deleted) and rebuilt with a warning naming both files; a foreign database is refused, named
and left byte for byte as it was.
"""

import os
import sqlite3
import warnings
from pathlib import Path

import numpy as np
import pytest

from skseq.preprocessing import StructureTransformer
from skseq.preprocessing._fold_cache import clear_memory_cache

HAIRPIN = "GGGGAAAACCCC"
SEQS = [HAIRPIN, "GGGAUCCC", "GCGCAAAAGCGC"]
CACHE_FILE = "skseq-folds.sqlite"


@pytest.fixture(autouse=True)
def empty_cache():
    clear_memory_cache()
    yield
    clear_memory_cache()


def _rows(path):
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT COUNT(*) FROM folds").fetchone()[0]
    finally:
        con.close()


def _aside(cache_dir):
    return sorted(p for p in Path(cache_dir).iterdir() if ".corrupt-" in p.name)


def _refolds_with_a_warning_and_keeps_the_damaged_file(tmp_path, damaged, clean):
    enc = StructureTransformer(cache_dir=tmp_path)
    path = tmp_path / CACHE_FILE
    with pytest.warns(UserWarning, match=r"fold cache .*skseq-folds\.sqlite.* damaged") as caught:
        again = enc.fit_transform(SEQS)
    np.testing.assert_array_equal(again, clean)
    message = str(caught[0].message)
    (aside,) = [p for p in _aside(tmp_path) if not p.name.endswith(("-wal", "-shm"))]
    assert str(path) in message and str(aside) in message
    assert aside.read_bytes() == damaged  # nothing the user had is lost
    assert _rows(path) == len(SEQS)  # a fresh cache holding the refolded results
    clear_memory_cache()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(enc.transform(SEQS), clean)


def test_cache_of_random_bytes_is_moved_aside_and_rebuilt(tmp_path):
    clean = StructureTransformer().fit_transform(SEQS)
    clear_memory_cache()
    damaged = np.random.default_rng(0).bytes(8192)
    (tmp_path / CACHE_FILE).write_bytes(damaged)
    _refolds_with_a_warning_and_keeps_the_damaged_file(tmp_path, damaged, clean)


def test_cache_with_damaged_pages_is_moved_aside_and_rebuilt(tmp_path):
    # a valid header and schema, but the table's pages overwritten: the damage shows only
    # when the rows are read
    filler = ["".join(np.random.default_rng(i).choice(list("ACGU"), 60)) for i in range(60)]
    clean = StructureTransformer().fit_transform(SEQS)
    StructureTransformer(cache_dir=tmp_path).fit_transform(SEQS + filler)
    path = tmp_path / CACHE_FILE
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    assert len(data) > 3 * page
    data[page:] = np.random.default_rng(1).bytes(len(data) - page)
    path.write_bytes(bytes(data))
    clear_memory_cache()
    _refolds_with_a_warning_and_keeps_the_damaged_file(tmp_path, bytes(data), clean)


def _foreign(path, sql):
    con = sqlite3.connect(path)
    with con:
        for statement in sql:
            con.execute(statement)
    con.close()
    return path.read_bytes()


@pytest.mark.parametrize(
    "sql",
    [
        ["CREATE TABLE samples (id INTEGER, name TEXT)", "INSERT INTO samples VALUES (1, 'x')"],
        ["CREATE TABLE folds (a, b)", "INSERT INTO folds VALUES (1, 2)"],
    ],
    ids=["unrelated table", "table folds of other columns"],
)
def test_another_programs_database_is_refused_and_left_untouched(tmp_path, sql):
    path = tmp_path / CACHE_FILE
    before = _foreign(path, sql)
    enc = StructureTransformer(cache_dir=tmp_path)
    with pytest.raises(ValueError, match=r"skseq-folds\.sqlite.* not skseq's fold cache") as info:
        enc.fit_transform(SEQS)
    assert str(path) in str(info.value)
    assert path.read_bytes() == before
    assert not _aside(tmp_path)
    assert sorted(os.listdir(tmp_path)) == [CACHE_FILE]


def test_an_empty_file_is_an_empty_cache(tmp_path):
    (tmp_path / CACHE_FILE).write_bytes(b"")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        StructureTransformer(cache_dir=tmp_path).fit_transform(SEQS)
    assert _rows(tmp_path / CACHE_FILE) == len(SEQS)
