"""Where a study lives: storage strings checked up front, database storages with heartbeats."""

import os
import re
import time
import warnings

import optuna

from skseq.utils._param_validation import Integral, Interval

#: File endings that make a path an Optuna journal file (anything else must be a URL).
JOURNAL_SUFFIXES = (".log", ".journal", ".jsonl")

# "sqlite:/x.db", "postgresql:host/db": a scheme followed by ":" but not "://". One letter
# before the colon is a Windows drive ("C:\\..."), not a scheme.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]+):")

# Heartbeats of database storages (the defaults of the search's heartbeat_interval,
# grace_period and max_retry): a worker records one every HEARTBEAT_INTERVAL seconds while
# its trial runs; a trial whose last one is older than the grace period (twice the interval
# unless given) is failed, since its worker died, and queued again with the same parameters
# up to MAX_RETRY times.
HEARTBEAT_INTERVAL = 60
MAX_RETRY = 1

#: Constraints of the heartbeat parameters of SequenceSearchCV and tune().
HEARTBEAT_CONSTRAINTS = {
    "heartbeat_interval": [Interval(Integral, 1, None, closed="left"), None],
    "grace_period": [Interval(Integral, 1, None, closed="left"), None],
    "max_retry": [Interval(Integral, 0, None, closed="left")],
}


def describe_storage(storage):
    """A short text naming ``storage`` in messages (passwords hidden)."""
    if storage is None:
        return "memory"
    if isinstance(storage, (str, os.PathLike)):
        location = os.fspath(storage)
        if "://" in location:
            try:
                from sqlalchemy.engine import make_url

                return repr(make_url(location).render_as_string(hide_password=True))
            except Exception:  # a malformed URL is reported by make_storage
                return repr(location)
        return repr(location)
    return type(storage).__name__


def make_storage(
    storage, *, heartbeat_interval=HEARTBEAT_INTERVAL, grace_period=None, max_retry=MAX_RETRY
):
    """An Optuna storage from None, a database URL, a journal file path or a storage object.

    Every mistake is reported here, before any training: a malformed URL, an unknown
    database, a missing driver, a folder that does not exist, and a path that is neither a
    URL nor a journal file (``"study.db"`` is ambiguous: SQLite is ``"sqlite:///study.db"``).

    Parameters
    ----------
    storage : None, str, path-like or optuna storage
        See :class:`~skseq.tuning.SequenceSearchCV`.
    heartbeat_interval : int or None, default=60
        Seconds between the heartbeats of a running trial in a database given by URL; None
        turns heartbeats off. Storage objects keep their own settings; journal files and
        memory have no heartbeats.
    grace_period : int or None, default=None
        Seconds after its last heartbeat at which a running trial counts as dead and is
        failed; None: twice ``heartbeat_interval``. Must exceed ``heartbeat_interval``.
    max_retry : int, default=1
        Times a failed dead trial is queued again with its parameters (0: never).

    Returns
    -------
    optuna.storages.BaseStorage or None
    """
    grace_period = _grace_period(heartbeat_interval, grace_period)
    if storage is None or isinstance(storage, optuna.storages.BaseStorage):
        return storage
    if not isinstance(storage, (str, os.PathLike)):
        raise ValueError(
            "storage must be None, a database URL, a journal file path ending in "
            f"{' or '.join(JOURNAL_SUFFIXES)} or an optuna storage; got {type(storage).__name__}."
        )
    location = os.fspath(storage)
    if not isinstance(location, str) or not location.strip():
        raise ValueError(f"storage must be a non-empty URL or path, got {storage!r}.")
    if "://" in location:
        return _rdb_storage(_check_url(location), heartbeat_interval, grace_period, max_retry)
    scheme = _SCHEME.match(location)
    if scheme:
        name = scheme.group(1)
        rest = location[len(name) + 1 :].lstrip("/")
        if name.lower().startswith("sqlite"):
            fix = f"'sqlite:///{rest}' (a relative path) or 'sqlite:////{rest}' (absolute)"
        else:
            fix = f"'{name}://user:password@host/database'"
        raise ValueError(
            f"storage {location!r} looks like a database URL but has no '://' after "
            f"{name!r}; write {fix}."
        )
    if location.lower().endswith(JOURNAL_SUFFIXES):
        return _journal_storage(location)
    raise ValueError(
        f"storage {location!r} is neither a database URL nor a journal file. For SQLite "
        f"write 'sqlite:///{location}'; for an Optuna journal file give a path ending in "
        f"{' or '.join(JOURNAL_SUFFIXES)}, or pass an optuna storage object."
    )


def _check_url(url):
    """Parse a database URL, check its dialect and driver, and for SQLite its folder."""
    import sqlalchemy.exc
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except sqlalchemy.exc.ArgumentError as exc:
        raise ValueError(f"storage {url!r} is not a valid database URL: {exc}") from None
    shown = parsed.render_as_string(hide_password=True)
    try:
        dialect = parsed.get_dialect()
    except sqlalchemy.exc.NoSuchModuleError:
        raise ValueError(
            f"storage {shown!r} names an unknown database {parsed.drivername!r}; use e.g. "
            "'sqlite:///study.db' or 'postgresql://user:password@host/database'."
        ) from None
    try:
        dialect.import_dbapi()
    except ImportError as exc:
        hint = {"postgresql": "psycopg2-binary (or psycopg[binary] with 'postgresql+psycopg')"}
        driver = hint.get(parsed.get_backend_name(), f"the {parsed.drivername} driver")
        raise ImportError(
            f"storage {shown!r} needs a database driver that is not installed ({exc}); "
            f"install {driver}."
        ) from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = os.path.dirname(os.path.abspath(parsed.database))
        if not os.path.isdir(folder):
            raise FileNotFoundError(
                f"storage {shown!r}: folder {folder!r} of the SQLite file does not exist."
            )
    return url


def _journal_storage(location):
    from optuna.storages.journal import JournalFileBackend

    folder = os.path.dirname(os.path.abspath(location))
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"Folder {folder!r} of the journal file does not exist.")
    return optuna.storages.JournalStorage(JournalFileBackend(location))


def _grace_period(heartbeat_interval, grace_period):
    """The grace period in seconds (None without heartbeats), checked against the interval."""
    if heartbeat_interval is None:
        return None
    if grace_period is None:
        return 2 * heartbeat_interval
    if grace_period <= heartbeat_interval:
        # A live worker is silent for up to heartbeat_interval seconds between heartbeats.
        raise ValueError(
            f"grace_period ({grace_period} s) must be longer than heartbeat_interval "
            f"({heartbeat_interval} s), or a running trial is failed between two heartbeats."
        )
    return grace_period


def _rdb_storage(url, heartbeat_interval, grace_period, max_retry):
    """An RDB storage; with heartbeats a trial left running by a killed worker is retried."""
    import sqlalchemy.exc

    heartbeat = {}
    if heartbeat_interval is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            retry = optuna.storages.RetryHeartbeatStaleTrialCallback(max_retry=int(max_retry))
        heartbeat = {
            "heartbeat_interval": int(heartbeat_interval),
            "grace_period": int(grace_period),
            "heartbeat_stale_trial_callback": retry,
        }
    # Workers started together on a new database race to create its tables; the losers
    # see an integrity or locking error once and then find the tables in place.
    for attempt in range(5):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
                return optuna.storages.RDBStorage(url, **heartbeat)
        except sqlalchemy.exc.SQLAlchemyError:
            if attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))
