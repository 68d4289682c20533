"""Scale-out on a real PostgreSQL: two ``l10n serve --database-url`` replicas (separate data
directories, so nothing is shared through files) and two ``l10n worker`` processes.

Shown here: a PO imported through one replica is reused by a translation through the other; a
glossary PUT on one is used by the other; jobs accepted by a replica are run by the workers, each
webhook delivered once; and after ``kill -9`` of a worker in the middle of a job, every job is
still done (retried by the surviving worker).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

import psycopg
import pytest

from service_helpers import ROOT, WebhookReceiver, l10n_server, post_json

KHARKIV = "Kharkiv rebuilds as talks resume in Istanbul"
DRONES = "Russia launched 117 drones and four missiles at Ukraine overnight, the Ukrainian air force said on Monday."


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())


def put_json(url: str, payload: dict) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=json.dumps(payload).encode(), method="PUT",
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, json.loads(r.read())


@contextlib.contextmanager
def l10n_worker(home, url, name: str, *args: str):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    log = open(home.parent / f"worker-{name}.log", "wb")
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "worker", "--database-url", url, "--home",
                             str(home), "--name", name, "--log-level", "info", *args],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


@pytest.fixture(scope="module")
def cluster_db(pg_cluster):
    return pg_cluster.new_database()


@pytest.fixture(scope="module")
def receiver():
    with WebhookReceiver() as rx:
        yield rx


@pytest.fixture(scope="module")
def homes(installed_home, tmp_path_factory):
    out = []
    for name in ("replica-a", "replica-b", "worker-1", "worker-2"):
        dest = tmp_path_factory.mktemp(name) / "home"
        shutil.copytree(installed_home, dest)
        out.append(dest)
    return out


@pytest.fixture(scope="module")
def deployment(cluster_db, homes, receiver):
    prefix = receiver.url.rsplit("/", 1)[0] + "/"
    with contextlib.ExitStack() as stack:
        a = stack.enter_context(l10n_server(homes[0], "--database-url", cluster_db, "--webhook-allow", prefix))
        b = stack.enter_context(l10n_server(homes[1], "--database-url", cluster_db, "--webhook-allow", prefix))
        workers = [stack.enter_context(l10n_worker(h, cluster_db, f"w{i}", "--concurrency", "1",
                                                   "--webhook-allow", prefix))
                   for i, h in enumerate(homes[2:], 1)]
        yield {"a": a, "b": b, "workers": workers, "url": cluster_db}


def wait_jobs(base: str, ids: list[str], timeout: float = 120) -> list[dict]:
    deadline = time.monotonic() + timeout
    while True:
        jobs = [get_json(f"{base}/v1/jobs/{i}") for i in ids]
        if all(j["state"] in ("done", "failed") for j in jobs) or time.monotonic() > deadline:
            return jobs
        time.sleep(0.3)


def test_po_imported_through_one_replica_is_reused_through_the_other(deployment):
    import polib
    a, b = deployment["a"], deployment["b"]
    article = {"id": "kyiv", "body": f"{DRONES}\n", "format": "text", "source": "en"}
    status, body = post_json(a + "/v1/po/export", {"article": article, "targets": ["uk"]})
    assert status == 200, body
    po = polib.pofile(body["files"]["uk"])
    entry = next(e for e in po if e.msgid == DRONES)
    entry.msgstr = "Затверджений переклад редактора."
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    status, body = post_json(a + "/v1/po/import", {"article": article, "po": str(po)})
    assert status == 200, body
    status, body = post_json(b + "/v1/translate", {"body": DRONES, "source": "en", "targets": ["uk"]})
    assert status == 200, body
    segments = body["translations"]["uk"]["segments"]
    assert [(s["origin"], s["target"]) for s in segments] == [("tm", "Затверджений переклад редактора.")]


GLOSSARY = """terms:
  - id: istanbul
    type: place
    en: {term: Istanbul}
    uk: {term: Царгород, variants: [Стамбул]}
    ru: {term: Царьград}
    tr: {term: İstanbul}
"""


def test_glossary_put_on_one_replica_is_used_by_the_other(deployment):
    a, b = deployment["a"], deployment["b"]
    status, _ = put_json(a + "/v1/glossaries/newsroom", {"format": "yaml", "content": GLOSSARY})
    assert status == 200
    assert get_json(b + "/v1/glossaries/newsroom")["content"] == GLOSSARY
    status, body = post_json(b + "/v1/translate", {"body": KHARKIV, "source": "en", "targets": ["uk"],
                                                   "glossaries": ["newsroom"]})
    assert status == 200, body
    assert "Царгород" in body["translations"]["uk"]["body"], body
    status, body = post_json(b + "/v1/translate", {"body": KHARKIV, "source": "en", "targets": ["uk"],
                                                   "glossaries": ["absent"]})
    assert status == 404


def test_jobs_from_both_replicas_run_on_workers_webhooks_once(deployment, receiver):
    a, b = deployment["a"], deployment["b"]
    ids = []
    for i in range(6):
        status, body = post_json((a, b)[i % 2] + "/v1/translate", {
            "id": f"j{i}", "body": f"{KHARKIV} {i}.", "source": "en", "targets": ["uk"],
            "options": {"mode": "async"}, "webhook_url": receiver.url})
        assert status == 202, body
        ids.append(body["job_id"])
    jobs = wait_jobs(b, ids)
    assert [j["state"] for j in jobs] == ["done"] * 6, jobs
    assert all(j["result"]["translations"]["uk"]["body"].strip() for j in jobs), jobs
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len({h.get("webhook-id") for h, _ in receiver.deliveries}) < 6:
        time.sleep(0.2)
    hook_ids = [h["webhook-id"] for h, _ in receiver.deliveries]
    assert sorted(hook_ids) == sorted(f"msg_{i}" for i in ids)  # each job's webhook exactly once
    health = get_json(a + "/healthz")
    assert health["database"]["ok"] and health["queue"]["workers"] == 2, health


def test_invalid_payload_fails_with_its_reason_and_is_not_retried(deployment):
    from l10n.queue import JobQueue
    from l10n.service.pgjobs import PgJobStore
    from l10n.storage.postgres import Database
    db = Database(deployment["url"])
    store, queue = PgJobStore(db), JobQueue(deployment["url"])
    job = store.create({"body": "Hello.", "source": "en", "targets": ["xx"]})  # bypasses the API's validation
    queue.enqueue(job.id, "bulk")
    queue.enqueue("no-such-job", "bulk")  # a task whose job row is gone is dropped, not retried
    [done] = wait_jobs(deployment["a"], [job.id])
    assert done["state"] == "failed" and done["attempts"] == 1, done
    assert done["error"]["code"] == "unknown_language" and "xx" in done["error"]["message"]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and queue.depth().get("bulk", {}).get("succeeded", 0) < 2:
        time.sleep(0.2)
    assert queue.depth()["bulk"] == {"succeeded": 2}
    queue.close()
    db.close()


def test_jobs_survive_kill_9_of_a_worker(deployment):
    a = deployment["a"]
    body = " ".join([DRONES] * 150)  # long enough that a worker is mid-job when it is killed
    ids = []
    for i in range(8):
        status, out = post_json(a + "/v1/translate", {"body": f"{body} {i}", "source": "en", "targets": ["uk"],
                                                      "options": {"mode": "async"}})
        assert status == 202, out
        ids.append(out["job_id"])
    by_pid = {str(w.pid): w for w in deployment["workers"]}
    deadline = time.monotonic() + 60
    held, victim = [], None
    with psycopg.connect(deployment["url"], autocommit=True) as conn:
        while time.monotonic() < deadline:  # the victim: whichever worker is in the middle of one of these jobs
            rows = conn.execute("SELECT id, worker FROM l10n_jobs WHERE state = 'running' AND id = ANY(%s)",
                                (ids,)).fetchall()
            held = [(jid,) for jid, worker in rows if (worker or "").rsplit(":", 1)[-1] in by_pid]
            if held:
                victim = by_pid[next(w for jid, w in rows if (jid,) == held[0]).rsplit(":", 1)[-1]]
                break
            time.sleep(0.02)
    assert held, "the victim never took a job"
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    with psycopg.connect(deployment["url"], autocommit=True) as conn:  # did the kill land mid-job? (a job can
        interrupted = conn.execute("SELECT state FROM l10n_jobs WHERE id = %s", (held[0][0],)).fetchone()[0]
    jobs = wait_jobs(a, ids, timeout=150)                               # finish in the instant before it)
    assert [j["state"] for j in jobs] == ["done"] * 8, jobs
    expected = 2 if interrupted == "running" else 1  # the killed worker's job ran again, once
    assert get_json(f"{a}/v1/jobs/{held[0][0]}")["attempts"] == expected, jobs
