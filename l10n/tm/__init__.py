"""The translation memory: ``units`` (what is stored), ``store`` (where), ``tmx`` (exchange files).

The package's layers import downwards only: ``units`` <- ``store``, ``units`` <- ``tmx``; the
store never imports a file format, and formats work on any store through ``units()`` and
``add_many()``.
"""

from __future__ import annotations

from l10n.tm.store import SCHEMA_VERSION, TranslationMemory
from l10n.tm.tmx import export_tmx, import_tmx, parse_tmx, read_tmx, write_tmx
from l10n.tm.units import ORIGINS, Match, Unit, source_hash

__all__ = ["ORIGINS", "SCHEMA_VERSION", "Match", "TranslationMemory", "Unit", "export_tmx", "import_tmx",
           "parse_tmx", "read_tmx", "source_hash", "write_tmx"]
