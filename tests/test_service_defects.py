"""Defects of the service's plumbing, each with a test that failed before its fix: concurrent
creation of the webhook secret, failures inside the job and webhook pools, sqlite connections
left open by the job store."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time

import pytest

from l10n.api import Translator
from l10n.engines.batching import BatchingEngine
from l10n.service import jobs as jobs_module
from l10n.service.config import ServiceConfig
from l10n.service.core import Service
from l10n.service.jobs import JobStore
from l10n.settings import Settings


class TaggingEngine:
    """Deterministic stand-in for the model: only the service's plumbing is under test."""

    name = "tagging"

    def pairs(self):
        return {("en", "uk")}

    def translate_direct(self, sentences, src, tgt):
        return [f"[{tgt}] {s}" for s in sentences]


def make_service(tmp_path, **config) -> Service:
    settings = Settings(home=tmp_path / "home")
    translator = Translator(settings, engine=BatchingEngine(TaggingEngine()), glossary=None)
    return Service(settings, ServiceConfig(**config), translator)


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


def test_webhook_secret_created_once_under_concurrency(tmp_path):
    """Many threads asking a fresh service for its secret all get the same, valid one."""
    for attempt in range(5):
        service = make_service(tmp_path / str(attempt))
        barrier = threading.Barrier(16)
        results, errors = [], []

        def ask():
            barrier.wait()
            try:
                results.append(service.webhook_secret())
            except Exception as exc:  # noqa: BLE001 - the test reports every failure
                errors.append(exc)

        threads = [threading.Thread(target=ask) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        service.close()
        assert errors == [] and len(set(results)) == 1 and results[0].startswith("whsec_")
        stored = (tmp_path / str(attempt) / "home" / "service" / "webhook-secret").read_text().strip()
        assert stored == results[0]


def test_webhook_secret_shared_by_processes_is_never_half_written(tmp_path):
    """Two services (as two uvicorn workers would) on one fresh directory agree on the secret."""
    first, second = make_service(tmp_path), make_service(tmp_path)
    barrier = threading.Barrier(2)
    out: dict[str, str] = {}

    def ask(name, service):
        barrier.wait()
        out[name] = service.webhook_secret()

    threads = [threading.Thread(target=ask, args=(n, s)) for n, s in (("a", first), ("b", second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out["a"] == out["b"]


def test_failing_job_worker_is_logged_and_marks_the_job_failed(tmp_path, caplog):
    service = make_service(tmp_path)

    def disk_full(job_id, result):
        raise sqlite3.OperationalError("database or disk is full")

    service.jobs.finish = disk_full  # the store fails after the translation succeeded
    with caplog.at_level(logging.ERROR, logger="l10n.service"):
        job = service.submit_job({"body": "Hello.", "targets": ["uk"], "source": "en"})
        failed = wait_for(lambda: (j := service.jobs.get(job["id"])) and j.state == "failed" and j)
    service.close()
    assert failed.error["code"] == "internal"
    assert any(job["id"] in r.getMessage() and r.exc_info for r in caplog.records)


def test_failing_webhook_delivery_is_logged_and_recorded(tmp_path, caplog):
    """A broken secret file makes the delivery raise inside the hook pool: not silent, not 'pending'."""
    service = make_service(tmp_path, webhook_allow=["http://127.0.0.1:9/hooks/"])
    secret_file = tmp_path / "home" / "service" / "webhook-secret"
    secret_file.parent.mkdir(parents=True, exist_ok=True)
    secret_file.write_text("not a secret\n")
    with caplog.at_level(logging.ERROR, logger="l10n.service"):
        job = service.submit_job({"body": "Hello.", "targets": ["uk"], "source": "en",
                                  "webhook_url": "http://127.0.0.1:9/hooks/x"})
        done = wait_for(lambda: (j := service.jobs.get(job["id"])) and j.webhook_state not in (None, "pending") and j)
    service.close()
    assert done.state == "done" and done.webhook_state == "failed"
    assert any(job["id"] in r.getMessage() and r.exc_info for r in caplog.records)


def test_job_store_closes_every_connection(tmp_path, monkeypatch):
    opened: list[sqlite3.Connection] = []
    real_connect = sqlite3.connect

    def tracking_connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        opened.append(conn)
        return conn

    monkeypatch.setattr(jobs_module.sqlite3, "connect", tracking_connect)
    store = JobStore(tmp_path / "jobs.sqlite3")
    job = store.create({"body": "x"})
    assert store.claim(job.id)
    store.finish(job.id, {"ok": True})
    store.set_webhook_state(job.id, "pending")
    store.webhooks_pending()
    store.recover()
    store.purge(0)
    assert len(opened) >= 8
    for conn in opened:
        with pytest.raises(sqlite3.ProgrammingError):
            conn.execute("SELECT 1")
