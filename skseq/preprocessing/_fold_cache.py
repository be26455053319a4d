"""Never fold a sequence twice: a per-process memory cache and an optional on-disk cache.

Both are keyed by (folding parameters, sequence). The memory cache lives at module level, so it
survives ``clone`` and serves every cross-validation fold and search candidate in the process;
it is bounded (least recently used entries go first). The disk cache is one SQLite file, safe
for several processes (parallel search workers) and kept between runs. A file can be damaged or
edited, so every row read from it is checked like user input (type, length, letters, balanced
brackets, finite probabilities in [0, 1] summing to one per position); a bad row is reported,
and the caller folds that sequence again and replaces the row. A file SQLite cannot read is
moved aside (kept) and a new cache started, with a warning; another program's database at that
path is refused and never written to.
"""

import os
import sqlite3
import sys
import threading
import time
import warnings
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


_COLUMNS = ["params", "sequence", "value"]


def _is_damage(exc):
    """Whether SQLite refused the file itself: not a database (SQLITE_NOTADB) or corrupt
    (SQLITE_CORRUPT). Both are the base DatabaseError; "locked", a full disk and the like are
    subclasses (OperationalError), not damage."""
    return type(exc) is sqlite3.DatabaseError


_OWN_FILES = ("_fold_cache.py", "_fold_jobs.py")


def _caller_level():
    """The ``stacklevel`` of the first frame outside the folding modules, for a warning
    issued by this function's caller (reached by several paths, at different depths)."""
    frame, level = sys._getframe(1), 1
    while frame.f_back and Path(frame.f_code.co_filename).name in _OWN_FILES:
        frame, level = frame.f_back, level + 1
    return level


class DiskCache:
    """Fold results in ``<cache_dir>/skseq-folds.sqlite``, shared by processes and runs.

    Parameters
    ----------
    cache_dir : path
        Folder of the cache file (created if missing).
    n_columns : int
        Columns of a probability result.
    caller : str, default="StructureTransformer"
        Name put in front of warnings and errors.
    """

    def __init__(self, cache_dir, n_columns, caller="StructureTransformer"):
        path = Path(cache_dir).expanduser()
        path.mkdir(parents=True, exist_ok=True)
        self.path = path / _DISK_FILE
        self.n_columns = n_columns
        self.caller = caller

    def _identity(self):
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return stat.st_dev, stat.st_ino

    def _open(self):
        con = sqlite3.connect(self.path, timeout=120)
        self._opened = self._identity()  # the file this connection reads
        try:
            # read before anything is written: another program's database stays untouched
            self._check_schema(con)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute(
                "CREATE TABLE IF NOT EXISTS folds (params TEXT, sequence TEXT, value BLOB, "
                "PRIMARY KEY (params, sequence))"
            )
        except BaseException:
            con.close()
            raise
        return con

    def _check_schema(self, con):
        tables = sorted(
            name
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("sqlite_")
        )
        if not tables:
            return
        columns = [row[1] for row in con.execute("PRAGMA table_info(folds)")]
        if tables != ["folds"] or columns != _COLUMNS:
            raise ValueError(
                f"{self.caller}: {self.path} is an SQLite database with tables {tables}"
                + (f" (folds has columns {columns})" if "folds" in tables else "")
                + ", not skseq's fold cache (one table 'folds' with columns "
                f"{', '.join(_COLUMNS)}); it is left untouched. Pass another cache_dir, or "
                "move the file away."
            )

    def _connect(self):
        try:
            return self._open()
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc):
                raise self._named(exc) from exc
            self._set_aside(exc)
        return self._open()

    def _named(self, exc):
        """The same kind of SQLite error, naming the file ("database is locked" does not)."""
        return type(exc)(f"{self.caller}: fold cache {self.path}: {exc}")

    def _set_aside(self, exc):
        """Move the damaged file last opened (and its WAL files) to
        ``<name>.corrupt-<time>-<pid>``, unless another process has replaced it already."""
        if self._identity() != self._opened:
            return
        stem = f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
        aside, n = self.path.with_name(stem), 0
        while aside.exists():  # never over an earlier one
            n += 1
            aside = self.path.with_name(f"{stem}-{n}")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(f"{self.path}{suffix}"):
                os.replace(f"{self.path}{suffix}", f"{aside}{suffix}")
        warnings.warn(
            f"{self.caller}: the fold cache {self.path} is damaged ({exc}); it was moved to "
            f"{aside}, kept as it was, and a new cache started in its place, so the "
            "sequences it held are folded again.",
            UserWarning,
            stacklevel=_caller_level(),
        )

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
        except sqlite3.DatabaseError as exc:  # damaged pages show only when read
            if not _is_damage(exc):
                raise self._named(exc) from exc
            con.close()
            self._set_aside(exc)
            bad = {}  # the rows not read are folded again, as missing
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
        rows = [(params_key, seq, _encode(value)) for seq, value in items]
        for attempt in range(2):
            con = self._connect()
            try:
                with con:
                    con.executemany("INSERT OR REPLACE INTO folds VALUES (?, ?, ?)", rows)
                return
            except sqlite3.DatabaseError as exc:
                if not _is_damage(exc) or attempt:
                    raise self._named(exc) from exc
                con.close()
                self._set_aside(exc)  # and write to the new cache
            finally:
                con.close()
