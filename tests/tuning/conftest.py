"""A PostgreSQL server for the distributed-search tests.

``SKSEQ_TEST_POSTGRES_URL`` (set by ``.ci/run``) names a server to use. Without it, one is
started in a temporary folder for the session (``initdb`` + ``pg_ctl`` from the PATH or
``/usr/lib/postgresql/<version>/bin``, on the loopback address, trust authentication), so
the tests also run under a plain ``make test``. They are skipped, saying why, only where no
server can be started (no PostgreSQL installed, or it fails to start).
"""

import glob
import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile

import pytest


def _pg_bin(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0,
    )
    return candidates[-1] if candidates else None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _driver_scheme():
    # psycopg (v3) when installed, else psycopg2 (SQLAlchemy's default PostgreSQL driver).
    return "postgresql+psycopg" if importlib.util.find_spec("psycopg") else "postgresql"


def _as_user(command):
    """Run ``command`` as the ``postgres`` OS user when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser is None:
        raise RuntimeError("running as root and no runuser to start PostgreSQL as 'postgres'")
    return [runuser, "-u", "postgres", "--", *command]


def _start_server():
    """Start a throw-away server; return (url, stop) or raise RuntimeError saying why."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if initdb is None or pg_ctl is None:
        raise RuntimeError("PostgreSQL's initdb/pg_ctl are not installed")
    # Not under pytest's tmp_path: as root that is mode 0700, closed to the postgres user.
    folder = tempfile.mkdtemp(prefix="skseq-pg-")
    if os.geteuid() == 0:
        shutil.chown(folder, user="postgres")
    data, log, port = os.path.join(folder, "data"), os.path.join(folder, "log"), _free_port()
    options = (
        f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c max_connections=60"
    )
    try:
        subprocess.run(
            _as_user([initdb, "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]),
            check=True,
            capture_output=True,
            timeout=120,
        )
        subprocess.run(
            _as_user([pg_ctl, "-D", data, "-l", log, "-w", "-t", "60", "-o", options, "start"]),
            check=True,
            capture_output=True,
            timeout=90,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(
            f"PostgreSQL did not start: {exc} {detail.decode(errors='replace')[-500:]}"
        ) from None

    def stop():
        subprocess.run(
            _as_user([pg_ctl, "-D", data, "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)

    return f"{_driver_scheme()}://postgres@127.0.0.1:{port}/postgres", stop


@pytest.fixture(scope="session")
def postgres_url():
    """URL of a PostgreSQL database for the session (see the module docstring)."""
    url = os.environ.get("SKSEQ_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    if _pg_bin("initdb") is None or _pg_bin("pg_ctl") is None:  # the one honest skip
        pytest.skip("PostgreSQL (initdb, pg_ctl) is not installed; set SKSEQ_TEST_POSTGRES_URL")
    try:
        url, stop = _start_server()
    except RuntimeError as exc:  # installed but not startable: a real failure, not a skip
        pytest.fail(f"PostgreSQL is installed but could not be started: {exc}")
    try:
        yield url
    finally:
        stop()
