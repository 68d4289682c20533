"""Translation memory store on the shared PostgreSQL: the same interface as the SQLite store
(``add``, ``add_many``, ``lookup``, ``fuzzy``, ``units``, ``stats``), for many processes on many
machines at once.

Each unit is one ``INSERT ... ON CONFLICT DO UPDATE ... WHERE`` whose condition *is* the rule
"a human translation beats a machine one; between two of the same origin the newer one wins",
so the database applies it atomically: concurrent writers never lose a unit or store one twice
(the unique key is pair + source hash + md5 of the source). Rows of one batch are written in key
order, so two batches touching the same sources cannot deadlock each other.

Fuzzy matches: ``pg_trgm``'s GIN trigram index finds the candidates (``source % query``, ordered by
trigram similarity), then the same difflib scoring as on SQLite (``units.score_matches``) ranks
them, so a score means the same on both backends.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from l10n.storage.postgres import SCHEMA_VERSION, Database
from l10n.tm.units import ORIGINS, Match, MemoryBase, Unit, length_window, score_matches, source_hash

#: Candidates taken from the trigram index per fuzzy query, and the trigram similarity below which
#: a stored source is not considered (well under difflib's usual 0.75 threshold: a prefilter only).
FUZZY_CANDIDATES = 100
TRGM_THRESHOLD = 0.3

_UPSERT = """
INSERT INTO l10n_tm_units AS u (src_lang, tgt_lang, source, target, source_hash, length, origin,
                                file, article, segment, created, updated)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
ON CONFLICT (src_lang, tgt_lang, source_hash, md5(source)) DO UPDATE
SET target = EXCLUDED.target, origin = EXCLUDED.origin, file = EXCLUDED.file, article = EXCLUDED.article,
    segment = EXCLUDED.segment, updated = EXCLUDED.updated
WHERE NOT (u.origin = 'human' AND EXCLUDED.origin = 'mt')
  AND NOT (u.origin = EXCLUDED.origin AND EXCLUDED.updated < u.updated)
  AND NOT (u.origin = EXCLUDED.origin AND u.target = EXCLUDED.target)
RETURNING 1
"""


class PgTranslationMemory(MemoryBase):
    """The translation memory in ``db`` (a migrated ``l10n.storage.postgres.Database``)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.path = db.where  # what messages and ``stats`` name as the memory's location

    def close(self) -> None:
        """Nothing per object: the process's pool belongs to the ``Database``."""

    # ------------------------------------------------------------------ writing (add() in MemoryBase)

    def add_many(self, units: Iterable[Unit]) -> int:
        """Upsert translations in one transaction (rules as on SQLite); returns how many changed."""
        rows = [(u.src_lang, u.tgt_lang, u.source, u.target, source_hash(u.source), len(u.source),
                 u.origin, u.file, u.article, u.segment, u.created, u.updated) for u in self.storable(units)]
        rows.sort(key=lambda r: (r[0], r[1], r[4], r[2]))  # one lock order for every writer

        def write(conn) -> int:
            changed = 0
            with conn.cursor() as cur:
                for row in rows:  # one statement per row: a batch may repeat a source
                    cur.execute(_UPSERT, row)
                    changed += cur.rowcount
            return changed

        return self.db.run(write) if rows else 0

    # ------------------------------------------------------------------ reading
    def lookup(self, src: str, tgt: str, texts: Sequence[str]) -> dict[str, str]:
        """Exact matches among approved (human) translations: ``{source: target}`` for those found."""
        wanted = {t: source_hash(t) for t in dict.fromkeys(texts) if t}
        if not wanted:
            return {}
        rows = self.db.query("SELECT source, target FROM l10n_tm_units WHERE src_lang = %s AND tgt_lang = %s "
                             "AND origin = 'human' AND source_hash = ANY(%s)",
                             (src, tgt, list(set(wanted.values()))))
        return {source: target for source, target in rows if source in wanted}

    def fuzzy(self, src: str, tgt: str, text: str, threshold: float = 0.75, limit: int = 3,
              *, include_mt: bool = False) -> list[Match]:
        """Stored sources similar to ``text`` (difflib ratio >= ``threshold``), best first."""
        if not text.strip():
            return []
        lo, hi = length_window(text)
        origins = list(ORIGINS) if include_mt else ["human"]

        def find(conn) -> list[tuple]:
            conn.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", (str(TRGM_THRESHOLD),))
            return conn.execute(
                "SELECT source, target, origin FROM l10n_tm_units WHERE source %% %s AND src_lang = %s "
                "AND tgt_lang = %s AND origin = ANY(%s) AND length BETWEEN %s AND %s "
                "ORDER BY similarity(source, %s) DESC LIMIT %s",
                (text, src, tgt, origins, lo, hi, text, FUZZY_CANDIDATES)).fetchall()

        return score_matches(text, self.db.run(find), threshold, limit)

    def units(self, src: str | None = None, tgt: str | None = None) -> Iterator[Unit]:
        """Every stored unit (optionally for one pair), oldest first."""
        rows = self.db.query(
            "SELECT src_lang, tgt_lang, source, target, origin, file, article, segment, created, updated "
            "FROM l10n_tm_units WHERE (%s::text IS NULL OR src_lang = %s) AND (%s::text IS NULL OR tgt_lang = %s) "
            "ORDER BY id", (src, src, tgt, tgt))
        for row in rows:
            yield Unit(*row)

    def stats(self) -> dict:
        """Counts per language pair and origin, and where the memory lives."""
        pairs: dict[str, dict[str, int]] = {}
        total = 0
        for s, t, origin, count in self.db.query(
                "SELECT src_lang, tgt_lang, origin, COUNT(*) FROM l10n_tm_units GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"):
            pairs.setdefault(f"{s}-{t}", {"human": 0, "mt": 0})[origin] = count
            total += count
        last, size = self.db.query("SELECT MAX(updated), pg_total_relation_size('l10n_tm_units') "
                                   "FROM l10n_tm_units")[0]
        return {"path": f"postgresql://{self.path}", "schema_version": SCHEMA_VERSION, "units": total,
                "pairs": pairs, "last_updated": last, "size_bytes": int(size)}

    def integrity_check(self) -> str:
        """``"ok"`` when no source is stored twice for one pair (the unique index guarantees it)."""
        dup = self.db.query("SELECT COUNT(*) FROM (SELECT 1 FROM l10n_tm_units GROUP BY src_lang, tgt_lang, "
                            "source HAVING COUNT(*) > 1) d")[0][0]
        return "ok" if dup == 0 else f"{dup} duplicated sources"
