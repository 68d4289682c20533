"""Jobs across machines on procrastinate, the PostgreSQL-backed task queue (no broker to run).

With a shared database the service only enqueues: ``JobQueue.enqueue(job_id, queue)`` defers one
``l10n.translate_job`` task whose only argument is the job id (the request lives in ``l10n_jobs``).
``l10n worker`` (``run_worker``) loads the models once and runs tasks in threads — procrastinate
runs synchronous tasks in a thread pool, so ``concurrency`` jobs feed one ``BatchingEngine`` and
nothing forks (CTranslate2 is not fork-safe).

A worker that dies (SIGKILL, machine lost) stops sending heartbeats; every live worker looks for
such stalled jobs every ``RECOVERY_EVERY_S`` seconds and retries them, so a job is picked up again
within ``STALLED_AFTER_S + RECOVERY_EVERY_S`` (about 20 s). The job store counts attempts and fails
a job with the reason past its limit, so nothing is retried forever. Queues: ``cms`` (newsroom
requests, higher priority) and ``bulk`` (archive backfills).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Callable, Sequence

import procrastinate

log = logging.getLogger("l10n.queue")

TASK = "l10n.translate_job"
QUEUES = ("cms", "bulk")
PRIORITY = {"cms": 10, "bulk": 0}
HEARTBEAT_S = 2.0
STALLED_AFTER_S = 10.0
RECOVERY_EVERY_S = 5.0


class JobQueue:
    """The enqueueing side (service replicas, ``l10n batch submit``): a synchronous procrastinate app."""

    def __init__(self, url: str) -> None:
        self.app = procrastinate.App(connector=procrastinate.SyncPsycopgConnector(conninfo=url))
        self.app.open()

    def enqueue(self, job_id: str, queue: str = "cms") -> None:
        self.app.configure_task(TASK, queue=queue, priority=PRIORITY.get(queue, 0)).defer(job_id=job_id)

    def depth(self) -> dict[str, dict[str, int]]:
        """Tasks per queue and procrastinate status (``todo``, ``doing``, ...)."""
        out: dict[str, dict[str, int]] = {}
        for row in self.app.connector.execute_query_all(
                "SELECT queue_name, status::text AS status, COUNT(*) AS n FROM procrastinate_jobs GROUP BY 1, 2"):
            out.setdefault(row["queue_name"], {})[row["status"]] = row["n"]
        return out

    def workers(self, alive_within_s: float = STALLED_AFTER_S) -> int:
        """Workers that sent a heartbeat recently."""
        row = self.app.connector.execute_query_one(
            "SELECT COUNT(*) AS n FROM procrastinate_workers WHERE last_heartbeat > NOW() - "
            "make_interval(secs => %(s)s)", s=alive_within_s)
        return int(row["n"])

    def close(self) -> None:
        self.app.close()


def run_worker(url: str, run_job: Callable[[str], None], *, queues: Sequence[str] | None = None,
               concurrency: int = 2, name: str | None = None) -> None:
    """Run tasks until SIGINT/SIGTERM; ``run_job(job_id)`` is called in a worker thread."""
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=url))

    @app.task(name=TASK, queue="cms")
    def translate_job(job_id: str) -> None:
        run_job(job_id)

    asyncio.run(_work(app, list(queues) if queues else None, concurrency, name))


async def _work(app: procrastinate.App, queues: list[str] | None, concurrency: int, name: str | None) -> None:
    async with app.open_async():
        worker = asyncio.create_task(app.run_worker_async(
            queues=queues, concurrency=concurrency, name=name, update_heartbeat_interval=HEARTBEAT_S,
            stalled_worker_timeout=STALLED_AFTER_S))
        recovery = asyncio.create_task(_recover_stalled(app))
        try:
            await worker
        finally:
            recovery.cancel()


async def _recover_stalled(app: procrastinate.App) -> None:
    """Retry the jobs of workers whose heartbeat stopped (procrastinate leaves that to the user)."""
    while True:
        await asyncio.sleep(RECOVERY_EVERY_S)
        try:
            for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_S):
                log.warning("retrying job %s of a stalled worker", job.id)
                await app.job_manager.retry_job(job)
        except Exception:  # the database may be restarting: try again next round
            log.exception("stalled-job recovery failed")
