"""Translated files for ``POST /translate_file`` and ``GET /download_file/<name>`` (LibreTranslate).

A translated file is kept under the service's data directory (``<home>/service/files``) with an
unguessable name (``secrets.token_urlsafe``: 192 random bits, then the sanitised original name so
the download keeps it) for ``ttl_s`` seconds; expired files are deleted on every save and refused
on download. Names are checked against one pattern before any path is built, so a download can
never leave the folder.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path, PurePath

from l10n.fileio import write_bytes_atomic

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_NAME = re.compile(r"[A-Za-z0-9_-]{32}\.[A-Za-z0-9._-]{1,120}")


def safe_name(filename: str) -> str:
    """The base name of an uploaded file reduced to ``[A-Za-z0-9._-]`` (never empty, never dot-led)."""
    base = _SAFE.sub("_", PurePath(filename.replace("\\", "/")).name).strip("._") or "file"
    stem, dot, ext = base.rpartition(".")
    return (stem[:100] + dot + ext[:16]) if dot and stem else base[:120]


class FileStore:
    def __init__(self, folder: Path, ttl_s: float) -> None:
        self.folder, self.ttl_s = Path(folder), ttl_s

    def save(self, data: bytes, filename: str) -> str:
        """Store ``data``; returns the download name ``<token>.<original name>``."""
        self.purge()
        name = f"{secrets.token_urlsafe(24)}.{safe_name(filename)}"
        write_bytes_atomic(self.folder / name, data)
        return name

    def path(self, name: str) -> Path | None:
        """The stored file called ``name``, or None (bad name, unknown, or expired)."""
        if not _NAME.fullmatch(name):
            return None
        path = self.folder / name
        try:
            age = time.time() - path.stat().st_mtime
        except OSError:
            return None
        if age > self.ttl_s:
            path.unlink(missing_ok=True)
            return None
        return path

    @staticmethod
    def download_name(name: str) -> str:
        """The name the client saves the file as: the original name without the token."""
        return name.split(".", 1)[1]

    def purge(self) -> int:
        """Delete expired files; returns how many."""
        if not self.folder.is_dir():
            return 0
        cutoff, n = time.time() - self.ttl_s, 0
        for entry in os.scandir(self.folder):
            try:
                if entry.is_file() and entry.stat().st_mtime < cutoff:
                    os.unlink(entry.path)
                    n += 1
            except OSError:
                pass
        return n
