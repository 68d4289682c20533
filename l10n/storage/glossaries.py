"""Stored glossaries (``PUT /v1/glossaries/{id}``): files under ``$L10N_HOME/glossaries`` or rows in
the shared PostgreSQL, behind one small interface: ``version(id)`` (changes whenever the glossary
does: the service's cache key), ``read(id)``, ``write(id, format, content)`` and ``load(ids)``.

Ids and formats are validated by the caller (``l10n.service.core``) before they get here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from l10n.errors import NotFound
from l10n.fileio import write_bytes_atomic
from l10n.glossary import Glossary, load_glossary, load_glossary_texts

FORMATS = ("yaml", "csv", "tbx")


def _missing(gid: str) -> NotFound:
    return NotFound(f"no glossary {gid!r}; create it with PUT /v1/glossaries/{gid}")


class FileGlossaries:
    """One ``<id>.<format>`` file per glossary in ``folder`` (the embedded default)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, gid: str) -> Path:
        for fmt in FORMATS:
            path = self.folder / f"{gid}.{fmt}"
            if path.exists():
                return path
        raise _missing(gid)

    def version(self, gid: str) -> Any:
        return self.path(gid).stat().st_mtime_ns

    def read(self, gid: str) -> tuple[str, str]:
        path = self.path(gid)
        return path.suffix[1:], path.read_text(encoding="utf-8")

    def write(self, gid: str, fmt: str, content: str) -> None:
        write_bytes_atomic(self.folder / f"{gid}.{fmt}", content.encode("utf-8"))
        for other in FORMATS:
            if other != fmt:
                (self.folder / f"{gid}.{other}").unlink(missing_ok=True)

    def load(self, gids: Sequence[str]) -> Glossary:
        return load_glossary(*(self.path(g) for g in gids))


class PgGlossaries:
    """Glossaries in the shared database's ``l10n_glossaries`` table (``version`` bumps on each PUT)."""

    def __init__(self, db: Any) -> None:
        self.db = db

    def _row(self, gid: str) -> tuple:
        rows = self.db.query("SELECT format, content, version FROM l10n_glossaries WHERE id = %s", (gid,))
        if not rows:
            raise _missing(gid)
        return rows[0]

    def version(self, gid: str) -> Any:
        return self._row(gid)[2]

    def read(self, gid: str) -> tuple[str, str]:
        fmt, content, _ = self._row(gid)
        return fmt, content

    def write(self, gid: str, fmt: str, content: str) -> None:
        self.db.run(lambda conn: conn.execute(
            "INSERT INTO l10n_glossaries (id, format, content) VALUES (%s, %s, %s) ON CONFLICT (id) DO UPDATE "
            "SET format = EXCLUDED.format, content = EXCLUDED.content, version = l10n_glossaries.version + 1, "
            "updated = now()", (gid, fmt, content)))

    def load(self, gids: Sequence[str]) -> Glossary:
        """The stored glossaries merged, read from their rows' text (errors name ``glossary <id>``,
        as ``PUT`` does)."""
        rows = [(gid, *self.read(gid)) for gid in gids]
        return load_glossary_texts(*((content, fmt, f"glossary {gid}") for gid, fmt, content in rows))
