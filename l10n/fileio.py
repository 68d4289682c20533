"""Atomic file writes: a temporary file in the destination folder, then a rename.

Every file the toolkit writes (translated articles, PO files, glossaries, TMX) goes through here,
so an interrupted run never leaves a half-written file behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from l10n.errors import InputError, L10nError


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write UTF-8 ``text`` atomically (newlines as given)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def decode_utf8(data: bytes, *, name: str, error: type[L10nError] = InputError) -> str:
    """Decode UTF-8 (a BOM is dropped); on failure raise ``error`` naming ``name:line``."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"not valid UTF-8 (byte {exc.start}); convert the file to UTF-8",
                    where=f"{name}:{line}") from None


def read_bytes(path: str | os.PathLike, *, error: type[L10nError] = InputError) -> bytes:
    """Read a binary file (a DOCX); every failure is one ``error`` naming the file."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error("no such file", where=str(path)) from None
    except IsADirectoryError:
        raise error("is a directory, expected a file", where=str(path)) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", where=str(path)) from None


def read_utf8(path: str | os.PathLike, *, error: type[L10nError] = InputError) -> str:
    """Read a UTF-8 text file; every failure is one ``error`` naming the file (and line)."""
    data = read_bytes(path, error=error)
    return decode_utf8(data, name=str(path), error=error)
