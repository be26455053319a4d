"""The on-disk fold cache is read back like user input: a damaged row is refolded and replaced.

Issue 10: of 11 tampered rows, 1 segfaulted (``RNA.db_to_element_string`` on unbalanced
brackets), 5 were used although wrong and 5 raised IndexError / UnicodeDecodeError / reshape
errors. Every kind below must warn, give the clean result and leave a good row behind.
"""

import os
import sqlite3
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest

from skseq.preprocessing import StructureTransformer
from skseq.preprocessing._fold_cache import clear_memory_cache

HAIRPIN = "GGGGAAAACCCC"  # folds to ((((....)))) at 37 °C
CACHE_FILE = "skseq-folds.sqlite"


@pytest.fixture(autouse=True)
def empty_cache():
    clear_memory_cache()
    yield
    clear_memory_cache()


def tamper(cache_dir, value):
    con = sqlite3.connect(Path(cache_dir) / CACHE_FILE)
    with con:
        n = con.execute("UPDATE folds SET value = ? WHERE sequence = ?", (value, HAIRPIN)).rowcount
    con.close()
    assert n == 1


def stored(cache_dir):
    con = sqlite3.connect(Path(cache_dir) / CACHE_FILE)
    (value,) = con.execute("SELECT value FROM folds WHERE sequence = ?", (HAIRPIN,)).fetchone()
    con.close()
    return value


def float_bytes(rows):
    return np.asarray(rows, dtype=np.float32).tobytes()


PROBS_OK = np.full((len(HAIRPIN), 5), 0.2)
CRASHED = {  # rows that segfaulted ViennaRNA before: checked in a subprocess
    "unbalanced brackets": b"((((....)))(",
    "truncated dot-bracket": b"((((....))",
}
TAMPERED = {  # kind -> (mode, value written over the row)
    "too long dot-bracket": ("mfe", b"((((....))))...."),
    "altered letters": ("mfe", b"((((xxxx))))"),
    "not ASCII": ("mfe", b"\xff\xfe" * 6),
    "integer instead of text": ("mfe", 7),
    "NULL": ("mfe", None),
    "truncated probability blob": ("probability", float_bytes(PROBS_OK)[:-6]),
    "NaN probability": ("probability", float_bytes(np.where(np.eye(12, 5), np.nan, PROBS_OK))),
    "probability of 7.0": ("probability", float_bytes(np.full((12, 5), 7.0))),
    "rows not summing to one": ("probability", float_bytes(np.zeros((12, 5)))),
}


@pytest.mark.parametrize("kind", list(TAMPERED))
def test_damaged_row_is_refolded_replaced_and_warned(tmp_path, kind):
    mode, value = TAMPERED[kind]
    enc = StructureTransformer(mode=mode, cache_dir=tmp_path)
    clean = enc.fit_transform([HAIRPIN, "GGGAUCCC"])
    good = stored(tmp_path)
    tamper(tmp_path, value)
    clear_memory_cache()  # as in a new process
    with pytest.warns(UserWarning, match=r"fold cache .*damaged.*sequence 0"):
        again = enc.transform([HAIRPIN, "GGGAUCCC"])
    np.testing.assert_array_equal(again, clean)
    assert stored(tmp_path) == good  # replaced by the refolded result
    clear_memory_cache()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(enc.transform([HAIRPIN, "GGGAUCCC"]), clean)


@pytest.mark.parametrize("kind", list(CRASHED))
def test_row_that_crashed_viennarna_is_refolded_in_a_live_process(tmp_path, kind):
    # run where a regression (a segfault) cannot take pytest down with it
    script = textwrap.dedent(
        f"""
        import sqlite3, warnings
        from skseq.preprocessing import StructureTransformer
        from skseq.preprocessing._fold_cache import clear_memory_cache
        enc = StructureTransformer(cache_dir={str(tmp_path)!r})
        clean = enc.fit_transform([{HAIRPIN!r}])
        con = sqlite3.connect({str(tmp_path / CACHE_FILE)!r})
        with con:
            con.execute("UPDATE folds SET value = ?", ({CRASHED[kind]!r},))
        con.close()
        clear_memory_cache()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            again = enc.transform([{HAIRPIN!r}])
        assert (again == clean).all()
        print("WARNED:", caught[0].message)
        """
    )
    root = str(Path(__file__).resolve().parents[2])  # this checkout's skseq, not another
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": path},
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert "damaged" in done.stdout and "sequence 0" in done.stdout, done.stdout


def test_rows_of_other_parameters_are_not_read(tmp_path):
    StructureTransformer(cache_dir=tmp_path).fit_transform([HAIRPIN])
    clear_memory_cache()
    enc = StructureTransformer(mode="probability", cache_dir=tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an mfe row is no damaged probability row
        X = enc.fit_transform([HAIRPIN])
    np.testing.assert_allclose(X.sum(axis=2), 1, atol=1e-5)
