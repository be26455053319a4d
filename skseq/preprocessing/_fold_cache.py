"""Never fold a sequence twice: a per-process memory cache and an optional on-disk cache.

Both are keyed by (folding parameters, sequence). The memory cache lives at module level, so it
survives ``clone`` and serves every cross-validation fold and search candidate in the process;
it is bounded (least recently used entries go first). The disk cache is one SQLite file, safe
for several processes (parallel search workers) and kept between runs. A file can be damaged or
edited, so every row read from it is checked like user input (type, length, letters, balanced
brackets, finite probabilities in [0, 1] summing to one per position); a bad row is reported,
and the caller folds that sequence again and replaces the row.
"""

import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from ._structure_input import dot_bracket_problems, probability_problem

#: Upper bound of the memory cache, in bytes of stored results (about 2 KB per 200-nt MFE
#: structure with its key, 4 KB per 200-nt probability array).
MEMORY_CACHE_BYTES = 512 * 2**20

_DISK_FILE = "skseq-folds.sqlite"


class _MemoryCache:
    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self._items = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def _size(key, value):
        size = value.nbytes if isinstance(value, np.ndarray) else len(value)
        return size + len(key[1]) + 200  # + rough per-entry overhead of dict, tuple, strings

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value):
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self._bytes += self._size(key, value)
            while self._bytes > self.max_bytes and self._items:
                old_key, old_value = self._items.popitem(last=False)
                self._bytes -= self._size(old_key, old_value)

    def clear(self):
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def __len__(self):
        return len(self._items)


MEMORY_CACHE = _MemoryCache(MEMORY_CACHE_BYTES)


def clear_memory_cache():
    """Empty this process's cache of fold results (the disk cache is left alone)."""
    MEMORY_CACHE.clear()


def _encode(value):
    if isinstance(value, np.ndarray):
        return sqlite3.Binary(np.ascontiguousarray(value, dtype=np.float32).tobytes())
    return value.encode("ascii")


def _decode(blob, params_key, sequence, n_columns):
    """``(value, None)`` for a good row, ``(None, reason)`` for a bad one (dot-brackets are
    checked for balance afterwards, all rows at once)."""
    if params_key.startswith("mfe"):
        if isinstance(blob, str):
            text = blob
        elif isinstance(blob, bytes):
            try:
                text = blob.decode("ascii")
            except UnicodeDecodeError:
                return None, "is not ASCII text"
        else:
            return None, f"is a {type(blob).__name__}, not a dot-bracket string"
        if len(text) != len(sequence):
            return None, f"has length {len(text)}, not {len(sequence)}"
        return text, None
    if not isinstance(blob, bytes):
        return None, f"is a {type(blob).__name__}, not float32 bytes"
    expected = len(sequence) * n_columns * 4
    if len(blob) != expected:
        return None, f"holds {len(blob)} bytes, not {expected} ({len(sequence)} x {n_columns})"
    probs = np.frombuffer(blob, dtype=np.float32).reshape(len(sequence), n_columns).copy()
    problem = probability_problem(probs)
    return (None, problem) if problem else (probs, None)


class DiskCache:
    """Fold results in ``<cache_dir>/skseq-folds.sqlite``, shared by processes and runs."""

    def __init__(self, cache_dir, n_columns):
        path = Path(cache_dir).expanduser()
        path.mkdir(parents=True, exist_ok=True)
        self.path = path / _DISK_FILE
        self.n_columns = n_columns

    def _connect(self):
        con = sqlite3.connect(self.path, timeout=120)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute(
            "CREATE TABLE IF NOT EXISTS folds (params TEXT, sequence TEXT, value BLOB, "
            "PRIMARY KEY (params, sequence))"
        )
        return con

    def get_many(self, params_key, sequences, batch=500):
        """Dicts sequence -> result for the good rows found, and sequence -> why for bad ones."""
        found, bad = {}, {}
        con = self._connect()
        try:
            for start in range(0, len(sequences), batch):
                part = sequences[start : start + batch]
                marks = ",".join("?" * len(part))
                rows = con.execute(
                    f"SELECT sequence, value FROM folds WHERE params = ? AND sequence IN ({marks})",
                    [params_key, *part],
                )
                for seq, blob in rows:
                    value, problem = _decode(blob, params_key, seq, self.n_columns)
                    if problem is None:
                        found[seq] = value
                    else:
                        bad[seq] = problem
        finally:
            con.close()
        if params_key.startswith("mfe") and found:
            order = list(found)
            for i, problem in dot_bracket_problems([found[s] for s in order]):
                bad[order[i]] = problem
                del found[order[i]]
        return found, bad

    def put_many(self, params_key, items):
        """Store ``(sequence, result)`` pairs, replacing rows already there (a bad row is
        replaced by its refolded result; a good one by the same value)."""
        con = self._connect()
        try:
            with con:
                con.executemany(
                    "INSERT OR REPLACE INTO folds VALUES (?, ?, ?)",
                    [(params_key, seq, _encode(value)) for seq, value in items],
                )
        finally:
            con.close()
