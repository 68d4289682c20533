"""Paths are data: names that come from inputs (article ids, file stems, job ids) become safe file
names, every write stays inside its output folder, and two outputs never share one file.

A JSON article whose ``id`` is ``../../x`` or ``/etc/x`` must not make ``l10n po export`` write
outside ``--out``; two inputs called ``news.md`` must not silently overwrite each other.

>>> safe_name("../../etc/passwd")
'etc-passwd'
>>> safe_name("Київ: новини 2026")
'Київ-новини-2026'
>>> safe_name("...")
'article'
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable

from l10n.errors import InputError, UsageError

#: Longest file-name stem we derive from input data (file systems allow 255 bytes).
MAX_STEM = 100
_UNSAFE = re.compile(r"[^\w.-]+|\.{2,}")
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


def safe_name(text: str, fallback: str = "article") -> str:
    """A file-name stem made of letters, digits, ``_ . -`` only: no separators, no ``..``, no
    leading dot, no control characters, at most ``MAX_STEM`` characters."""
    name = _UNSAFE.sub("-", text).strip(".-_")
    name = re.sub(r"-{2,}", "-", name)[:MAX_STEM].strip(".-_")
    if not name or name.lower() in _RESERVED:
        return fallback
    return name


def inside(folder: str | os.PathLike, *parts: str) -> Path:
    """``folder/parts…``, refusing any result that resolves outside ``folder`` (links included)."""
    base = Path(folder).resolve()
    target = base.joinpath(*parts).resolve()
    if target != base and base not in target.parents:
        raise InputError(f"refusing to write outside the output folder {folder}",
                         where=str(Path(folder).joinpath(*parts)))
    return Path(folder).joinpath(*parts)


def check_distinct(targets: Iterable[tuple[str, Path]]) -> None:
    """Raise before anything is written if two inputs map to the same output file.

    ``targets`` are ``(input name, output path)`` pairs.
    """
    seen: dict[Path, str] = {}
    for source, path in targets:
        key = Path(os.path.normcase(os.path.abspath(path)))
        if key in seen and seen[key] != source:
            raise UsageError(f"{seen[key]} and {source} would both be written to {path}; "
                             "rename one of them or translate them separately")
        seen[key] = source


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Do ``a`` and ``b`` name the same file (an export onto the store it reads from)?"""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()
