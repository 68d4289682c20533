"""Translation memory store: approved translations per language pair, in one SQLite file.

``sqlite3`` is used only here. One table ``units`` holds one translation per
(source language, target language, source text), with provenance: ``origin`` (``human`` for
translations approved by a translator, ``mt`` for machine drafts), the PO/TMX ``file`` it came
from, the ``article`` and ``segment`` ids, and created/updated timestamps (UTC, ISO 8601).
``source_hash`` (64-bit integer from SHA-1) is indexed for exact lookups; a second table
``unit_words`` indexes the words of each source, and ``word_counts`` their document frequency,
so fuzzy matching starts from the query's rarest words.

Rules when the same source is added again: a human translation beats a machine one; between two
of the same origin the newer one wins. ``lookup`` returns human translations only, so MT output
stored here is never passed off as approved.

Concurrency: every connection runs in WAL mode with a busy timeout; writes are short
``BEGIN IMMEDIATE`` transactions, retried while another process holds the write lock, so two CLI
runs and the HTTP service can write at once without corrupting the file. A ``TranslationMemory``
keeps one connection per thread and is safe to share between threads.

>>> import tempfile, os
>>> tm = TranslationMemory(os.path.join(tempfile.mkdtemp(), "tm.sqlite3"))
>>> tm.add("en", "uk", "Good morning.", "Доброго ранку.", origin="human")
True
>>> tm.lookup("en", "uk", ["Good morning.", "Hello."])
{'Good morning.': 'Доброго ранку.'}
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from l10n.errors import MemoryStoreError
from l10n.tm.units import Match, MemoryBase, Unit, length_window, score_matches, source_hash

#: Bump when the schema changes; ``_migrate`` upgrades older files.
SCHEMA_VERSION = 1

#: How long one statement waits for another process's write lock, and how often a whole
#: transaction is retried after that (``database is locked`` under heavy contention).
BUSY_TIMEOUT_MS = 10_000
WRITE_RETRIES = 8

#: Fuzzy matching: candidates share at least one of the query's most distinctive words and have
#: a similar length; per word at most FUZZY_PER_WORD of the newest units are considered (so a very
#: common word cannot make a lookup scan the whole memory), and at most FUZZY_CANDIDATES of those,
#: ranked by the shared words' inverse document frequency, are scored with difflib.
FUZZY_WORDS = 6
FUZZY_PER_WORD = 2000
FUZZY_CANDIDATES = 100

_SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    id          INTEGER PRIMARY KEY,
    src_lang    TEXT NOT NULL,
    tgt_lang    TEXT NOT NULL,
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    source_hash INTEGER NOT NULL,
    length      INTEGER NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('human', 'mt')),
    file        TEXT,
    article     TEXT,
    segment     TEXT,
    created     TEXT NOT NULL,
    updated     TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS units_key ON units (src_lang, tgt_lang, source_hash, source);
CREATE TABLE IF NOT EXISTS unit_words (
    word    TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS unit_words_word ON unit_words (word, unit_id);
CREATE INDEX IF NOT EXISTS unit_words_unit ON unit_words (unit_id);
CREATE TABLE IF NOT EXISTS word_counts (
    word TEXT PRIMARY KEY,
    df   INTEGER NOT NULL
) WITHOUT ROWID;
"""

_WORD = re.compile(r"[^\W\d_]{3,}")
_TAG = re.compile(r"</?\d+/?>")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(_TAG.sub(" ", text))}


class TranslationMemory(MemoryBase):
    """An SQLite translation memory at ``path`` (created on first use, with its parent folder)."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._init_lock = threading.Lock()
        self._initialised = False

    # ------------------------------------------------------------------ connection
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=True)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = self._retry(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            if str(mode).lower() != "wal":
                raise MemoryStoreError(f"cannot switch to WAL mode (got {mode})", where=str(self.path))
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise MemoryStoreError(f"not a usable translation memory: {exc}", where=str(self.path)) from None
        except OSError as exc:
            raise MemoryStoreError(f"cannot open translation memory: {exc.strerror}", where=str(self.path)) from None
        self._local.conn = conn
        with self._init_lock:
            if not self._initialised:
                self._write(self._migrate, conn=conn)
                self._initialised = True
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise MemoryStoreError(f"translation memory schema version {version} is newer than this "
                                   f"l10n supports ({SCHEMA_VERSION}); upgrade l10n", where=str(self.path))
        if version < SCHEMA_VERSION:
            for stmt in filter(None, (s.strip() for s in _SCHEMA.split(";"))):
                conn.execute(stmt)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @staticmethod
    def _retry(fn):
        for attempt in range(WRITE_RETRIES):
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc) or attempt == WRITE_RETRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))

    def _write(self, fn, *, conn: sqlite3.Connection | None = None):
        """Run ``fn(conn)`` in one short ``BEGIN IMMEDIATE`` transaction, retrying on lock contention."""
        conn = conn or self._conn()

        def attempt():
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

        try:
            return self._retry(attempt)
        except sqlite3.DatabaseError as exc:
            raise MemoryStoreError(f"write failed: {exc}", where=str(self.path)) from None

    def close(self) -> None:
        """Close this thread's connection (others close when their thread's object is collected)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # ------------------------------------------------------------------ writing (add() in MemoryBase)

    def add_many(self, units: Iterable[Unit]) -> int:
        """Upsert translations in one transaction; returns how many were inserted or replaced.

        A human translation replaces a machine one; a machine one never replaces a human one;
        otherwise the newer (``updated``) wins. Empty sources/targets are ignored."""
        rows = self.storable(units)
        if not rows:
            return 0

        def do(conn: sqlite3.Connection) -> int:
            changed = 0
            for u in rows:
                h = source_hash(u.source)
                old = conn.execute(
                    "SELECT id, target, origin, updated FROM units WHERE src_lang=? AND tgt_lang=? "
                    "AND source_hash=? AND source=?", (u.src_lang, u.tgt_lang, h, u.source)).fetchone()
                if old is None:
                    cur = conn.execute(
                        "INSERT INTO units (src_lang, tgt_lang, source, target, source_hash, length, origin,"
                        " file, article, segment, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (u.src_lang, u.tgt_lang, u.source, u.target, h, len(u.source), u.origin,
                         u.file, u.article, u.segment, u.created, u.updated))
                    words = _words(u.source)
                    conn.executemany("INSERT INTO unit_words (word, unit_id) VALUES (?, ?)",
                                     [(w, cur.lastrowid) for w in words])
                    conn.executemany("INSERT INTO word_counts (word, df) VALUES (?, 1) "
                                     "ON CONFLICT (word) DO UPDATE SET df = df + 1", [(w,) for w in words])
                    changed += 1
                    continue
                uid, old_target, old_origin, old_updated = old
                if old_origin == "human" and u.origin == "mt":
                    continue
                if old_origin == u.origin and u.updated < old_updated:
                    continue
                if old_origin == u.origin and old_target == u.target:
                    continue
                conn.execute("UPDATE units SET target=?, origin=?, file=?, article=?, segment=?, updated=? "
                             "WHERE id=?", (u.target, u.origin, u.file, u.article, u.segment, u.updated, uid))
                changed += 1
            return changed

        return self._write(do)

    # ------------------------------------------------------------------ reading
    def lookup(self, src: str, tgt: str, texts: Sequence[str]) -> dict[str, str]:
        """Exact matches among approved (human) translations: ``{source: target}`` for those found."""
        wanted = {t: source_hash(t) for t in dict.fromkeys(texts) if t}
        if not wanted:
            return {}
        conn = self._conn()
        out: dict[str, str] = {}
        hashes = list(set(wanted.values()))
        try:
            for i in range(0, len(hashes), 500):
                chunk = hashes[i:i + 500]
                marks = ",".join("?" * len(chunk))
                for source, target in conn.execute(
                        f"SELECT source, target FROM units WHERE src_lang=? AND tgt_lang=? AND origin='human' "
                        f"AND source_hash IN ({marks})", (src, tgt, *chunk)):
                    if source in wanted:
                        out[source] = target
        except sqlite3.DatabaseError as exc:
            raise MemoryStoreError(f"lookup failed: {exc}", where=str(self.path)) from None
        return out

    def fuzzy(self, src: str, tgt: str, text: str, threshold: float = 0.75, limit: int = 3,
              *, include_mt: bool = False) -> list[Match]:
        """Stored sources similar to ``text`` (difflib ratio >= ``threshold``), best first.

        Candidates are prefiltered in SQL: same pair, length within ``length_window`` and at
        least one of the query's most distinctive words in common; only those are scored."""
        conn = self._conn()
        query_words = list(_words(text))
        if not query_words:
            return []
        df = dict(conn.execute(f"SELECT word, df FROM word_counts WHERE word IN ({','.join('?' * len(query_words))})",
                               query_words).fetchall())
        words = sorted(df, key=lambda w: (df[w], w))[:FUZZY_WORDS]  # rarest words in the memory first
        if not words:
            return []
        lo, hi = length_window(text)
        origin_clause = "" if include_mt else "AND origin = 'human'"
        shared: Counter = Counter()  # unit id -> sum of the shared words' inverse document frequency
        for word in words:
            for (uid,) in conn.execute("SELECT unit_id FROM unit_words WHERE word = ? ORDER BY unit_id DESC LIMIT ?",
                                       (word, FUZZY_PER_WORD)):
                shared[uid] += 1.0 / df[word]
        ranked = [uid for uid, _ in shared.most_common(FUZZY_CANDIDATES * 3)]
        rows = []
        for i in range(0, len(ranked), 500):
            chunk = ranked[i:i + 500]
            rows += conn.execute(
                f"SELECT id, source, target, origin FROM units WHERE id IN ({','.join('?' * len(chunk))}) "
                f"AND src_lang=? AND tgt_lang=? AND length BETWEEN ? AND ? {origin_clause}",
                (*chunk, src, tgt, lo, hi)).fetchall()
        rows.sort(key=lambda r: -shared[r[0]])
        return score_matches(text, [r[1:] for r in rows[:FUZZY_CANDIDATES]], threshold, limit)

    def units(self, src: str | None = None, tgt: str | None = None) -> Iterator[Unit]:
        """Every stored unit (optionally for one pair), oldest first."""
        conn = self._conn()
        sql = ("SELECT src_lang, tgt_lang, source, target, origin, file, article, segment, created, updated "
               "FROM units")
        cond, params = [], []
        if src:
            cond.append("src_lang = ?")
            params.append(src)
        if tgt:
            cond.append("tgt_lang = ?")
            params.append(tgt)
        if cond:
            sql += " WHERE " + " AND ".join(cond)
        for row in conn.execute(sql + " ORDER BY id", params):
            yield Unit(*row)

    def stats(self) -> dict:
        """Counts per language pair and origin, and the file location/size."""
        conn = self._conn()
        pairs: dict[str, dict[str, int]] = {}
        total = 0
        for s, t, origin, count in conn.execute(
                "SELECT src_lang, tgt_lang, origin, COUNT(*) FROM units GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"):
            pairs.setdefault(f"{s}-{t}", {"human": 0, "mt": 0})[origin] = count
            total += count
        last = conn.execute("SELECT MAX(updated) FROM units").fetchone()[0]
        return {"path": str(self.path), "schema_version": SCHEMA_VERSION, "units": total,
                "pairs": pairs, "last_updated": last,
                "size_bytes": self.path.stat().st_size if self.path.exists() else 0}

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` result (``"ok"`` when the file is sound)."""
        return self._conn().execute("PRAGMA integrity_check").fetchone()[0]
