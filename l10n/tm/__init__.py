"""The translation memory: ``units`` (what is stored), ``store`` (where), ``tmx`` (exchange files).

The package's layers import downwards only: ``units`` <- ``store``, ``units`` <- ``tmx``; the
store never imports a file format, and formats work on any store through ``units()`` and
``add_many()``. ``pgstore`` is the PostgreSQL store; it imports ``l10n.storage.postgres`` (the
connection pool and schema), which never imports this package.
"""

from __future__ import annotations

import os

from l10n.tm.store import SCHEMA_VERSION, TranslationMemory
from l10n.tm.tmx import export_tmx, import_tmx, parse_tmx, read_tmx, write_tmx
from l10n.tm.units import ORIGINS, Match, MemoryBase, Unit, source_hash

__all__ = ["ORIGINS", "SCHEMA_VERSION", "Match", "TranslationMemory", "Unit", "export_tmx", "import_tmx",
           "memory_for", "parse_tmx", "read_tmx", "source_hash", "write_tmx"]


def memory_for(path: "os.PathLike | str", url: str | None = None) -> MemoryBase:
    """The translation memory: on PostgreSQL when ``url`` is given, else the SQLite file ``path``.

    psycopg is an optional dependency (``l10n[postgres]``), so it is imported only when asked for.
    """
    if url:
        from l10n.storage.postgres import open_database
        from l10n.tm.pgstore import PgTranslationMemory
        return PgTranslationMemory(open_database(url))
    return TranslationMemory(path)
