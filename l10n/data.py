"""Packaged data tables and the shared morphological analyzers.

Data lives in data files next to the code that uses it (``l10n/<package>/data/``), read through
``importlib.resources`` so it works from a wheel or a zip as well as from a checkout. The
pymorphy3 analyzers are large (tens of MB each); ``morph_analyzer`` loads one per language for
the whole process, behind a lock, whichever module (detection, glossary) asks first.

>>> rows = read_table("l10n.glossary", "prepositions.tsv")
>>> ["uk", "у", "loct accs"] in rows
True
"""

from __future__ import annotations

import threading
from importlib import resources
from typing import Any

_lock = threading.Lock()
_analyzers: dict[str, Any] = {}


def read_text(package: str, name: str) -> str:
    """The text of ``data/<name>`` inside ``package`` (UTF-8)."""
    return resources.files(package).joinpath("data", name).read_text(encoding="utf-8")


def read_lines(package: str, name: str) -> list[str]:
    """The lines of a packaged data file, skipping blank lines and ``#`` comment lines."""
    return [line.rstrip("\r") for line in read_text(package, name).splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def read_table(package: str, name: str, sep: str | None = "\t") -> list[list[str]]:
    """Rows of a packaged table: its lines (see ``read_lines``) split on ``sep`` (tab by default;
    ``None`` splits on any whitespace)."""
    return [line.split(sep) if sep else line.split() for line in read_lines(package, name)]


def morph_analyzer(lang: str) -> Any:
    """The one pymorphy3 ``MorphAnalyzer`` for ``lang`` ("uk" or "ru") in this process.

    Raises ``ImportError``/``ValueError`` when pymorphy3 or its dictionary for ``lang`` is not
    installed; callers that can do without (language detection) catch it.
    """
    morph = _analyzers.get(lang)
    if morph is None:
        with _lock:
            morph = _analyzers.get(lang)
            if morph is None:
                import pymorphy3

                morph = _analyzers[lang] = pymorphy3.MorphAnalyzer(lang=lang)
    return morph
