"""The job store on the shared PostgreSQL: the same interface as ``jobs.JobStore`` (SQLite), for
replicas that only enqueue and ``l10n worker`` processes that run the jobs.

A job row holds the request, state, result and webhook delivery state; the queue itself (which
worker runs what, retries, heartbeats) is procrastinate's, in the same database. ``claim`` may
take a job back from a worker that died (procrastinate requeues it as stalled): each claim counts
an attempt, and past ``max_attempts`` the job is failed with the reason instead of run again.
State changes are single guarded ``UPDATE``s, so a job finishes once and its webhook is taken for
delivery by one worker only (``take_webhook``).
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from typing import Any

from psycopg.types.json import Jsonb

from l10n.service.jobs import Job
from l10n.storage.postgres import Database

_COLUMNS = "id, state, request, result, error, attempts, created, updated, webhook_state"


class PgJobStore:
    def __init__(self, db: Database, *, max_attempts: int = 3) -> None:
        self.db = db
        self.max_attempts = max_attempts
        self.worker = f"{socket.gethostname()}:{os.getpid()}"  # recorded on each claim, for operators

    def create(self, request: dict, *, queue: str = "cms", content_key: str | None = None,
               job_id: str | None = None) -> Job:
        """A new queued job. With ``content_key`` an existing job for the same content is returned
        instead (its id then differs from ``job_id``)."""
        now = time.time()

        def insert(c) -> Job:
            row = c.execute(
                f"INSERT INTO l10n_jobs (id, state, queue, request, created, updated, content_key) "
                f"VALUES (%s, 'queued', %s, %s, %s, %s, %s) ON CONFLICT (content_key) WHERE content_key IS NOT NULL "
                f"DO UPDATE SET content_key = EXCLUDED.content_key RETURNING {_COLUMNS}",
                (job_id or uuid.uuid4().hex, queue, Jsonb(request), now, now, content_key)).fetchone()
            return Job(*row)

        return self.db.run(insert)

    def get(self, job_id: str) -> Job | None:
        rows = self.db.query(f"SELECT {_COLUMNS} FROM l10n_jobs WHERE id = %s", (job_id,))
        return Job(*rows[0]) if rows else None

    def claim(self, job_id: str) -> bool:
        """Mark the job running (again, after a dead worker); False when it is finished or it has
        used up its attempts (then it is failed here, with the reason)."""
        def take(conn) -> bool:
            row = conn.execute("UPDATE l10n_jobs SET state = 'running', attempts = attempts + 1, updated = %s, "
                               "started = %s, worker = %s WHERE id = %s AND state IN ('queued', 'running') "
                               "RETURNING attempts", (time.time(), time.time(), self.worker, job_id)).fetchone()
            if row is None:
                return False
            if row[0] > self.max_attempts:
                conn.execute("UPDATE l10n_jobs SET state = 'failed', error = %s WHERE id = %s",
                             (Jsonb({"code": "interrupted", "message": f"the worker stopped during this job "
                                     f"{row[0] - 1} times; giving up"}), job_id))
                return False
            return True
        return self.db.run(take)

    def finish(self, job_id: str, result: Any) -> None:
        self._set("state = 'done', result = %s, error = NULL", (Jsonb(result),), job_id)

    def fail(self, job_id: str, code: str, message: str) -> None:
        self._set("state = 'failed', error = %s", (Jsonb({"code": code, "message": message}),), job_id)

    def _set(self, assignments: str, params: tuple, job_id: str) -> None:
        self.db.run(lambda conn: conn.execute(
            f"UPDATE l10n_jobs SET {assignments}, updated = %s WHERE id = %s AND state = 'running'",
            (*params, time.time(), job_id)))

    def set_webhook_state(self, job_id: str, state: str) -> None:
        self.db.run(lambda conn: conn.execute("UPDATE l10n_jobs SET webhook_state = %s, updated = %s WHERE id = %s",
                                              (state, time.time(), job_id)))

    def take_webhook(self, job_id: str) -> bool:
        """Mark a pending (or interrupted) delivery as being sent by this worker; False if it is done."""
        rows = self.db.run(lambda conn: conn.execute(
            "UPDATE l10n_jobs SET webhook_state = 'sending' WHERE id = %s AND webhook_state IN ('pending', 'sending') "
            "RETURNING 1", (job_id,)).fetchall())
        return bool(rows)

    def recover(self) -> tuple[list[str], list[str]]:
        """Nothing to do in a replica: procrastinate's workers requeue stalled jobs themselves."""
        return [], []

    def purge(self, older_than_s: float) -> int:
        """Delete finished jobs last updated more than ``older_than_s`` ago; returns how many."""
        rows = self.db.run(lambda conn: conn.execute(
            "DELETE FROM l10n_jobs WHERE state IN ('done', 'failed') AND updated < %s "
            "AND COALESCE(webhook_state, '') NOT IN ('pending', 'sending') RETURNING 1",
            (time.time() - older_than_s,)).fetchall())
        return len(rows)

    def webhooks_pending(self) -> list[str]:
        """Replicas do not deliver webhooks with a shared database: the worker that ran the job does."""
        return []

    def counts(self) -> dict[str, int]:
        """Jobs per state (``/healthz``, ``l10n batch status``)."""
        return dict(self.db.query("SELECT state, COUNT(*) FROM l10n_jobs GROUP BY 1"))

    def latency(self, last: int = 100) -> float:
        """Mean seconds from submission to the end of the last ``last`` finished jobs (0 when none)."""
        row = self.db.query("SELECT AVG(updated - created) FROM (SELECT updated, created FROM l10n_jobs "
                            "WHERE state IN ('done', 'failed') ORDER BY updated DESC LIMIT %s) j", (last,))
        return float(row[0][0] or 0.0)

    def batch_jobs(self) -> list[Job]:
        """Jobs submitted by ``l10n batch submit`` (those with a content key), oldest first."""
        return [Job(*row) for row in self.db.query(
            f"SELECT {_COLUMNS} FROM l10n_jobs WHERE content_key IS NOT NULL ORDER BY created")]
