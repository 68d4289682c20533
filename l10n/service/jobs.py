"""Asynchronous translation jobs, persisted in SQLite so they survive a restart.

A job is a request (JSON) plus a state: ``queued -> running -> done | failed``. The store is a
single SQLite file under the data directory (``<home>/service/jobs.sqlite3``) in WAL mode; each
call opens its own short connection (and closes it: an open connection pins the WAL file), so
worker threads never share one.

On start-up the service calls ``recover()``: jobs left ``queued`` or ``running`` by a previous
process are queued again (their request is complete in the store, so they can be redone from
scratch) up to ``max_attempts`` tries; beyond that they are marked ``failed`` with a reason.
No job is ever dropped silently.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from l10n.errors import UsageError

STATES = ("queued", "running", "done", "failed")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    request TEXT NOT NULL,
    result TEXT,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    webhook_state TEXT
);
"""
#: Added for ``l10n batch``: one job per article content (hash of text, format and targets).
_ADD_CONTENT_KEY = ("ALTER TABLE jobs ADD COLUMN content_key TEXT",
                    "CREATE UNIQUE INDEX IF NOT EXISTS jobs_content ON jobs (content_key)")
_COLUMNS = "id, state, request, result, error, attempts, created, updated, webhook_state"


@dataclass
class Job:
    id: str
    state: str
    request: dict
    result: Any
    error: dict | None
    attempts: int
    created: float
    updated: float
    webhook_state: str | None

    def to_dict(self) -> dict:
        """What ``GET /v1/jobs/{id}`` returns (the request itself is not echoed back)."""
        out: dict = {"id": self.id, "state": self.state, "created": self.created, "updated": self.updated,
                     "attempts": self.attempts}
        if self.result is not None:
            out["result"] = self.result
        if self.error is not None:
            out["error"] = self.error
        if self.webhook_state is not None:
            out["webhook"] = self.webhook_state
        return out


class JobStore:
    def __init__(self, path: Path, *, max_attempts: int = 2) -> None:
        self.path = Path(path)
        self.max_attempts = max_attempts
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(_SCHEMA)
                if "content_key" not in {row[1] for row in db.execute("PRAGMA table_info(jobs)")}:
                    for stmt in _ADD_CONTENT_KEY:
                        db.execute(stmt)
        except sqlite3.DatabaseError as exc:  # a corrupt or foreign file: say so at start-up, never a traceback
            raise UsageError(f"not a usable job store ({exc}); move it aside to start afresh",
                             where=str(self.path)) from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection for one operation, in one transaction, closed afterwards."""
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout=30000")
            with db:
                yield db
        finally:
            db.close()

    def create(self, request: dict, *, queue: str = "cms", content_key: str | None = None,
               job_id: str | None = None) -> Job:
        """A new queued job; with ``content_key``, the existing job for that content if there is one
        (its id then differs from ``job_id``). ``queue`` matters only with the shared database."""
        job_id = job_id or uuid.uuid4().hex
        now = time.time()
        with self._connect() as db:
            db.execute("INSERT INTO jobs (id, state, request, created, updated, content_key) "
                       "VALUES (?, 'queued', ?, ?, ?, ?) ON CONFLICT (content_key) DO NOTHING",
                       (job_id, json.dumps(request, ensure_ascii=False), now, now, content_key))
            if content_key is not None:
                job_id = db.execute("SELECT id FROM jobs WHERE content_key = ?", (content_key,)).fetchone()[0]
        job = self.get(job_id)
        assert job is not None
        return job

    def get(self, job_id: str) -> Job | None:
        with self._connect() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return None if row is None else _job(row)

    def claim(self, job_id: str) -> bool:
        """Mark a queued job running; False when another worker already took it."""
        with self._connect() as db:
            cur = db.execute("UPDATE jobs SET state='running', attempts=attempts+1, updated=? "
                             "WHERE id=? AND state='queued'", (time.time(), job_id))
            return cur.rowcount == 1

    def finish(self, job_id: str, result: Any) -> None:
        with self._connect() as db:
            db.execute("UPDATE jobs SET state='done', result=?, error=NULL, updated=? WHERE id=?",
                       (json.dumps(result, ensure_ascii=False), time.time(), job_id))

    def fail(self, job_id: str, code: str, message: str) -> None:
        with self._connect() as db:
            db.execute("UPDATE jobs SET state='failed', error=?, updated=? WHERE id=?",
                       (json.dumps({"code": code, "message": message}), time.time(), job_id))

    def set_webhook_state(self, job_id: str, state: str) -> None:
        with self._connect() as db:
            db.execute("UPDATE jobs SET webhook_state=?, updated=? WHERE id=?", (state, time.time(), job_id))

    def recover(self) -> tuple[list[str], list[str]]:
        """After a restart: requeue unfinished jobs (``queued``/``running``), or fail those tried too often.

        Returns ``(requeued_ids, failed_ids)``.
        """
        requeued, failed = [], []
        with self._connect() as db:
            rows = db.execute("SELECT id, state, attempts FROM jobs WHERE state IN ('queued', 'running') "
                              "ORDER BY created").fetchall()
            for job_id, state, attempts in rows:
                if attempts >= self.max_attempts:
                    db.execute("UPDATE jobs SET state='failed', error=?, updated=? WHERE id=?",
                               (json.dumps({"code": "interrupted",
                                            "message": f"the service stopped during this job {attempts} times; "
                                                       "giving up"}), time.time(), job_id))
                    failed.append(job_id)
                else:
                    db.execute("UPDATE jobs SET state='queued', updated=? WHERE id=?", (time.time(), job_id))
                    requeued.append(job_id)
        return requeued, failed

    def purge(self, older_than_s: float) -> int:
        """Delete finished jobs last updated more than ``older_than_s`` ago; returns how many."""
        with self._connect() as db:
            cur = db.execute("DELETE FROM jobs WHERE state IN ('done', 'failed') AND updated < ? "
                             "AND COALESCE(webhook_state, '') != 'pending'", (time.time() - older_than_s,))
            return cur.rowcount

    def webhooks_pending(self) -> list[str]:
        """Finished jobs whose webhook was not delivered yet (to resume deliveries after a restart)."""
        with self._connect() as db:
            rows = db.execute("SELECT id FROM jobs WHERE state IN ('done', 'failed') AND webhook_state='pending'"
                              ).fetchall()
        return [r[0] for r in rows]

    def batch_jobs(self) -> list[Job]:
        """Jobs submitted by ``l10n batch submit`` (those with a content key), oldest first."""
        with self._connect() as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM jobs WHERE content_key IS NOT NULL ORDER BY created").fetchall()
        return [_job(row) for row in rows]


def _job(row: tuple) -> Job:
    return Job(row[0], row[1], json.loads(row[2]), json.loads(row[3]) if row[3] else None,
               json.loads(row[4]) if row[4] else None, row[5], row[6], row[7], row[8])
