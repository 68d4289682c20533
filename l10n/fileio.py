"""Atomic file writes: a temporary file in the destination folder, then a rename.

Every file the toolkit writes (translated articles, PO files, glossaries, TMX) goes through here,
so an interrupted run never leaves a half-written file behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from l10n.errors import InputError, L10nError, UsageError


def _current_umask() -> int:
    """The process umask, read without changing it where the OS says it (Linux), else swapped."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """The mode a plain ``open(path, "w")`` would give: an existing file's, else 0666 minus umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_current_umask()


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and rename it into place."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except (FileExistsError, NotADirectoryError):
        raise UsageError("cannot create the output folder: a file of that name is in the way",
                         where=str(_first_file(path.parent))) from None
    except OSError as exc:
        raise UsageError(f"cannot write here: {exc.strerror}", where=str(path)) from None
    try:
        os.chmod(tmp, _mode_for(path))  # mkstemp's 0600 would ignore the user's umask
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):  # disk full, path is a folder, ...: one line naming the file
            raise UsageError(f"cannot write: {exc.strerror}", where=str(path)) from None
        raise


def _first_file(folder: Path) -> Path:
    """The ancestor of ``folder`` that exists but is not a folder (what blocks ``mkdir``)."""
    for candidate in [folder, *folder.parents]:
        if candidate.exists():
            return candidate
    return folder


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
