"""The shared PostgreSQL database: one connection pool per process, schema created and migrated
automatically, and one clear line when the server cannot be used.

Tables (all prefixed ``l10n_``): ``l10n_meta`` (schema version), ``l10n_tm_units`` (translation
memory, trigram index from ``pg_trgm`` for fuzzy matches), ``l10n_glossaries`` (stored glossaries
by id), ``l10n_api_keys`` (SHA-256 hashes), ``l10n_jobs`` (job requests, results, webhook delivery
state). procrastinate's own tables (its job queue) are installed beside them by ``migrate``.

Migrations run under a transaction-level advisory lock, so replicas and workers starting at the
same moment do not race; a database whose schema is newer than this l10n is refused.
"""

from __future__ import annotations

import re
import threading
from typing import Any, Callable, TypeVar
from urllib.parse import urlsplit

import psycopg
import psycopg_pool
from procrastinate.schema import SchemaManager

from l10n.errors import DatabaseError

#: Bump with a new entry in ``_MIGRATIONS`` whenever the tables change.
SCHEMA_VERSION = 2
_LOCK_KEY = 0x6C31306E  # "l10n": pg_advisory_xact_lock key serialising migrations

_MIGRATIONS: dict[int, str] = {1: """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE IF NOT EXISTS l10n_tm_units (
    id          BIGSERIAL PRIMARY KEY,
    src_lang    TEXT NOT NULL,
    tgt_lang    TEXT NOT NULL,
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    source_hash BIGINT NOT NULL,
    length      INTEGER NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('human', 'mt')),
    file        TEXT,
    article     TEXT,
    segment     TEXT,
    created     TEXT NOT NULL,
    updated     TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS l10n_tm_units_key ON l10n_tm_units (src_lang, tgt_lang, source_hash, md5(source));
CREATE INDEX IF NOT EXISTS l10n_tm_units_trgm ON l10n_tm_units USING gin (source gin_trgm_ops);
CREATE TABLE IF NOT EXISTS l10n_glossaries (
    id      TEXT PRIMARY KEY,
    format  TEXT NOT NULL,
    content TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    updated TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS l10n_api_keys (
    hash    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    created TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS l10n_jobs (
    id            TEXT PRIMARY KEY,
    state         TEXT NOT NULL,
    queue         TEXT NOT NULL DEFAULT 'cms',
    request       JSONB NOT NULL,
    result        JSONB,
    error         JSONB,
    attempts      INTEGER NOT NULL DEFAULT 0,
    created       DOUBLE PRECISION NOT NULL,
    updated       DOUBLE PRECISION NOT NULL,
    started       DOUBLE PRECISION,
    webhook_state TEXT,
    content_key   TEXT
);
CREATE INDEX IF NOT EXISTS l10n_jobs_state ON l10n_jobs (state);
CREATE UNIQUE INDEX IF NOT EXISTS l10n_jobs_content ON l10n_jobs (content_key) WHERE content_key IS NOT NULL;
""", 2: """
ALTER TABLE l10n_jobs ADD COLUMN IF NOT EXISTS worker TEXT;
"""}

T = TypeVar("T")


def describe(url: str) -> str:
    """``host:port/db`` of a URL, without the password, for messages.

    >>> describe("postgresql://u:secret@db.example:5433/l10n")
    'db.example:5433/l10n'
    """
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path or '/'}".rstrip("/")


def _reason(exc: Exception) -> str:
    """The first meaningful line of a psycopg error (drop libpq's 'connection to server ... failed:')."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = re.sub(r'^(connection failed: )?connection to server at "[^"]*"(?: \([^)]*\))?, port \d+ failed: ', "", text)
    return text


class Database:
    """A psycopg connection pool on one PostgreSQL URL (``url`` keeps the original string)."""

    def __init__(self, url: str, *, max_size: int = 8, connect_timeout: float = 5.0) -> None:
        if not url.startswith(("postgresql://", "postgres://")):
            raise DatabaseError("a database URL must start with postgresql://", where=url.split("@")[-1])
        self.url = url
        self.where = describe(url)
        try:  # one direct attempt first: the pool would only say "timed out" on a bad URL
            psycopg.connect(url, connect_timeout=int(connect_timeout)).close()
        except psycopg.Error as exc:
            raise DatabaseError(f"cannot connect to PostgreSQL: {_reason(exc)}", where=self.where) from None
        self.pool = psycopg_pool.ConnectionPool(url, min_size=1, max_size=max_size, open=True,
                                                kwargs={"autocommit": True}, timeout=30,
                                                check=psycopg_pool.ConnectionPool.check_connection)

    def run(self, fn: Callable[[psycopg.Connection], T], *, retries: int = 5) -> T:
        """``fn(conn)`` inside one transaction; retried on deadlock/serialisation conflicts."""
        for attempt in range(retries):
            try:
                with self.pool.connection() as conn, conn.transaction():
                    return fn(conn)
            except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure):
                if attempt == retries - 1:
                    raise
            except psycopg.OperationalError as exc:
                raise DatabaseError(f"database error: {_reason(exc)}", where=self.where) from None
        raise AssertionError("unreachable")

    def query(self, sql: str, params: Any = ()) -> list[tuple]:
        """Rows of one read-only statement."""
        return self.run(lambda conn: conn.execute(sql, params).fetchall())

    def schema_version(self) -> int:
        """The version recorded in ``l10n_meta`` (0 for an empty database)."""
        def read(conn: psycopg.Connection) -> int:
            if conn.execute("SELECT to_regclass('l10n_meta')").fetchone()[0] is None:
                return 0
            row = conn.execute("SELECT value FROM l10n_meta WHERE key = 'schema_version'").fetchone()
            return int(row[0]) if row else 0
        return self.run(read)

    def migrate(self) -> tuple[int, int]:
        """Create or upgrade l10n's tables and procrastinate's; returns ``(before, after)`` versions."""
        def step(conn: psycopg.Connection) -> int:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            conn.execute("CREATE TABLE IF NOT EXISTS l10n_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            row = conn.execute("SELECT value FROM l10n_meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise DatabaseError(f"the database schema is version {version}, newer than this l10n supports "
                                    f"({SCHEMA_VERSION}); upgrade l10n", where=self.where)
            for v in range(version + 1, SCHEMA_VERSION + 1):
                conn.execute(_MIGRATIONS[v])
            if conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()[0] is None:
                conn.execute(SchemaManager.get_schema())
            conn.execute("INSERT INTO l10n_meta VALUES ('schema_version', %s) ON CONFLICT (key) "
                         "DO UPDATE SET value = EXCLUDED.value", (str(SCHEMA_VERSION),))
            return version
        before = self.run(step, retries=1)
        return before, SCHEMA_VERSION

    def shared_value(self, key: str, create: Callable[[], str]) -> str:
        """A value every process must agree on (the webhook signing secret): the first writer's wins."""
        def get(conn: psycopg.Connection) -> str:
            conn.execute("INSERT INTO l10n_meta VALUES (%s, %s) ON CONFLICT (key) DO NOTHING", (key, create()))
            return conn.execute("SELECT value FROM l10n_meta WHERE key = %s", (key,)).fetchone()[0]
        return self.run(get)

    def api_keys(self) -> dict[str, str]:
        """``{hash: name}`` of the API keys stored here (``l10n serve --database-url --new-api-key``)."""
        return dict(self.query("SELECT hash, name FROM l10n_api_keys"))

    def add_api_key(self, key_hash: str, name: str) -> None:
        self.run(lambda conn: conn.execute("INSERT INTO l10n_api_keys (hash, name) VALUES (%s, %s)", (key_hash, name)))

    def close(self) -> None:
        self.pool.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()  # a pool left to the garbage collector is torn down from its own worker thread


_OPEN: dict[str, Database] = {}
_OPEN_LOCK = threading.Lock()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """The process's ``Database`` for ``url`` (one pool per URL), migrated on first use."""
    with _OPEN_LOCK:
        db = _OPEN.get(url)
        if db is None:
            db = Database(url)
            if migrate:
                db.migrate()
            _OPEN[url] = db
        return db
