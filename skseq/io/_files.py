"""Reading a text file whole (plain or gzip) and writing a file whole or not at all."""

import gzip
import os
import re
import secrets
import stat
import zlib
from pathlib import Path

__all__ = ["read_text", "write_atomic"]

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


def write_atomic(path, write):
    """Write a file whole or not at all: into a temporary file beside it, then rename.

    A file that existed keeps its content if anything fails (and keeps its permissions
    when it is replaced); a symbolic link is followed, so the file it points to is replaced.

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
    temporary = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
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
