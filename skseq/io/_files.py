"""Reading a text file whole (plain or gzip) and writing a file whole or not at all.

Every skseq writer goes through :func:`write_atomic`, so the temporary files and their
cleanup are in one place.
"""

import gzip
import hashlib
import os
import re
import secrets
import socket
import stat
import time
import zlib
from pathlib import Path

__all__ = ["read_text", "remove_stale_temporaries", "temporary_path", "write_atomic"]

#: Seconds after which an untouched temporary counts as abandoned even when its writer cannot
#: be checked (another machine's, or named by an older skseq without a process id).
STALE_AFTER = 3600

# Which machine wrote a temporary: a process id means something only on its own machine.
_HOST = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:4]

_GZIP_MAGIC = b"\x1f\x8b"
# Control characters other than tab and the line ends (C0, DEL and C1) mean a binary file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_END = re.compile(rb"\r\n|\r|\n")


def read_text(path, kind="FASTA"):
    """The text of a plain or gzip file, with every line end turned into ``"\\n"``.

    Gzip is detected from the first bytes, whatever the name. A UTF-8 byte-order mark is
    dropped; ``"\\r\\n"`` and old Mac ``"\\r"`` line ends become ``"\\n"``, so line numbers in
    error messages count every kind of line end.

    Parameters
    ----------
    path : str or path-like
    kind : str, default="FASTA"
        What the file should be, for error messages.

    Returns
    -------
    str

    Raises
    ------
    FileNotFoundError
        The file does not exist.
    ValueError
        The path is a directory; the file is a damaged gzip, not UTF-8 text, holds a
        control character, or holds nothing but whitespace. The message names the file and,
        where there is one, the line.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "old_mac.fa"
    >>> _ = path.write_bytes(b"\\xef\\xbb\\xbf>a\\rACGT\\r")
    >>> read_text(path)
    '>a\\nACGT\\n'
    """
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"'{path}' is a directory, not a {kind} file.")
    if not path.exists():
        raise FileNotFoundError(f"{kind} file not found: '{path}'.")
    raw = path.read_bytes()
    if raw[:2] == _GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (EOFError, OSError, zlib.error) as error:
            raise ValueError(f"'{path}' is a damaged or truncated gzip file ({error}).") from None
    try:
        text = raw.decode("utf-8-sig")  # drops a byte-order mark
    except UnicodeDecodeError as error:
        line = len(_LINE_END.findall(raw, 0, error.start)) + 1
        raise ValueError(
            f"'{path}' is not a text file: byte {raw[error.start]:#04x} at line {line} "
            "cannot be decoded as UTF-8 (binary, or compressed with another tool?)."
        ) from None
    del raw
    if not text.strip():
        raise ValueError(f"'{path}' is empty: no {kind} records.")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ValueError(
            f"'{path}' is not a text file: control character {bad.group()!r} at line {line}."
        )
    return text


def temporary_path(target):
    """A new name for a temporary file beside ``target``.

    ``.<name>.<host>-<pid>-<random>.tmp``: hidden, named after the destination, and telling
    :func:`remove_stale_temporaries` which machine and process wrote it.

    Examples
    --------
    >>> import os
    >>> from pathlib import Path
    >>> name = temporary_path(Path("out.fa")).name
    >>> name.startswith(".out.fa.") and f"-{os.getpid()}-" in name and name.endswith(".tmp")
    True
    """
    target = Path(target)
    return target.parent / f".{target.name}.{_HOST}-{os.getpid()}-{secrets.token_hex(6)}.tmp"


def remove_stale_temporaries(target):
    """Remove the temporary files that killed writes of ``target`` left beside it.

    Only names :func:`temporary_path` gives for ``target`` (and the
    ``.<name>.<12 hex digits>.tmp`` of older skseq versions) are considered. One is removed
    when the process that wrote it, on this machine, has exited, or when it has been
    untouched for :data:`STALE_AFTER` seconds; a temporary a running write is filling is
    kept. Files that cannot be removed are left alone.

    Parameters
    ----------
    target : str or path-like
        The destination file.

    Returns
    -------
    list of pathlib.Path
        The temporaries removed.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> left = folder / ".out.fa.0123456789ab.tmp"
    >>> _ = left.write_bytes(b"half")
    >>> os.utime(left, (0, 0))  # untouched since 1970
    >>> [p.name for p in remove_stale_temporaries(folder / "out.fa")]
    ['.out.fa.0123456789ab.tmp']
    """
    target = Path(target)
    pattern = re.compile(
        rf"\.{re.escape(target.name)}\.(?:([0-9a-f]{{4}})-([0-9]{{1,10}})-)?[0-9a-f]{{12}}\.tmp"
    )
    removed = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None:
            continue
        host, pid = found.groups()
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            abandoned = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
            if abandoned or (host == _HOST and not _running(int(pid))):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:  # removed meanwhile, or not ours to remove
            continue
    return removed


def _running(pid):
    """Whether process ``pid`` of this machine is running (True when it cannot be told)."""
    if os.name != "posix":
        return True  # no cheap check: the age alone decides
    try:
        os.kill(pid, 0)  # signal 0: only checks the process exists
    except (ProcessLookupError, OverflowError):  # gone; an id no process can have
        return False
    except PermissionError:  # another user's process
        return True
    return True


def write_atomic(path, write):
    """Write a file whole or not at all: into a temporary file beside it, then rename.

    A file that existed keeps its content if anything fails (and keeps its permissions
    when it is replaced); a symbolic link is followed, so the file it points to is replaced.
    Even a ``kill -9`` leaves the file whole or untouched, but it leaves the hidden temporary
    (``.<name>.<host>-<pid>-<random>.tmp``) behind: each write first removes those that
    earlier writes of the same file abandoned (see :func:`remove_stale_temporaries`).

    Parameters
    ----------
    path : str or path-like
        The file to create or replace.
    write : callable
        Called with a binary file handle open for writing.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> write_atomic(path, lambda handle: handle.write(b"whole"))
    >>> path.read_bytes()
    b'whole'
    """
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if target.is_dir():
        raise ValueError(f"'{path}' is a directory; give a file name to write.")
    if not target.parent.is_dir():
        raise FileNotFoundError(f"cannot write '{path}': folder '{target.parent}' does not exist.")
    remove_stale_temporaries(target)
    temporary = temporary_path(target)
    try:
        # "x": a new file with the default permissions (umask), never someone else's file
        with open(temporary, "xb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
