"""Service plumbing in-process: auth, limits, errors, metrics, jobs, webhooks, the public API.

Translation quality is not tested here (see test_service_server.py, real models, real server);
a deterministic engine stands in for the model where only routing and limits matter.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from fastapi.testclient import TestClient

from l10n.api import Translator
from l10n.engines.batching import BatchingEngine
from l10n.service.app import create_app
from l10n.service.config import ServiceConfig
from l10n.service.jobs import JobStore
from l10n.service.security import hash_key, load_key_file, add_key
from l10n.service import webhooks
from l10n.settings import Settings
from l10n.errors import UsageError

from service_helpers import ROOT, WebhookReceiver


class TaggingEngine:
    name = "tagging"

    def pairs(self):
        return {("en", "uk"), ("uk", "en"), ("en", "ru")}

    def translate_direct(self, sentences, src, tgt):
        return [f"[{tgt}] {s}" for s in sentences]


class BrokenEngine(TaggingEngine):
    def pairs(self):
        raise RuntimeError("secret internal detail /etc/passwd")


def make_client(tmp_path, engine=None, **config) -> TestClient:
    settings = Settings(home=tmp_path / "home")
    translator = Translator(settings, engine=BatchingEngine(engine or TaggingEngine()), glossary=None)
    app = create_app(settings, translator, config=ServiceConfig(**config))
    return TestClient(app, raise_server_exceptions=False)


# ---------------------------------------------------------------- public Python API

def test_public_api_all_matches_and_import_is_cheap():
    import l10n
    for name in l10n.__all__:
        assert getattr(l10n, name) is not None
    assert {"Translator", "Settings", "L10nError", "translate_document"} <= set(l10n.__all__)  # see test_architecture
    from l10n import Translator as T
    assert T is Translator and hasattr(T, "translate_article") and hasattr(T, "postedit")
    out = subprocess.run([sys.executable, "-c", "import sys, l10n; print(sorted(m for m in sys.modules "
                          "if m.split('.')[0] in ('fastapi', 'ctranslate2', 'argostranslate', 'l10n')))"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "['l10n']"
    with pytest.raises(AttributeError):
        l10n.NoSuchThing  # noqa: B018


# ---------------------------------------------------------------- auth, rate limits, size limits, errors

def test_api_keys_v1_and_libretranslate_codes(tmp_path):
    with make_client(tmp_path, api_keys={hash_key("good-key"): "cms"}) as c:
        r = c.get("/v1/languages")
        assert r.status_code == 401 and r.json()["code"] == "api_key_required"
        r = c.get("/v1/languages", headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 403 and r.json() == {"error": "Invalid API key", "code": "invalid_api_key"}
        assert c.get("/v1/languages", headers={"Authorization": "Bearer good-key"}).status_code == 200
        assert c.get("/v1/languages", headers={"X-API-Key": "good-key"}).status_code == 200
        # LibreTranslate semantics: missing key 400, invalid key 403, /languages open
        r = c.post("/translate", json={"q": "Hello", "source": "en", "target": "uk"})
        assert r.status_code == 400 and r.json()["error"] == "Please contact the server operator to get an API key"
        r = c.post("/translate", data={"q": "Hello", "source": "en", "target": "uk", "api_key": "nope"})
        assert r.status_code == 403 and r.json()["error"] == "Invalid API key"
        assert c.get("/languages").status_code == 200


def test_key_file_round_trip_and_bad_line(tmp_path):
    path = tmp_path / "keys.txt"
    key = add_key(path, "newsroom")
    keys = load_key_file(path)
    assert keys == {hash_key(key): "newsroom"} and key not in path.read_text()
    path.write_text("sha256:abc newsroom\n")
    with pytest.raises(UsageError, match=r"keys.txt:1"):
        load_key_file(path)


def test_rate_limit_per_key_answers_429_with_retry_after(tmp_path):
    with make_client(tmp_path, rate_limit_per_s=0.01, rate_limit_burst=2,
                     api_keys={hash_key("a"): "a", hash_key("b"): "b"}) as c:
        ok = [c.get("/v1/languages", headers={"X-API-Key": "a"}).status_code for _ in range(2)]
        r = c.get("/v1/languages", headers={"X-API-Key": "a"})
        assert ok == [200, 200] and r.status_code == 429
        assert r.json()["code"] == "rate_limited" and r.json()["error"].startswith("Slowdown")
        assert int(r.headers["retry-after"]) >= 1
        assert c.get("/v1/languages", headers={"X-API-Key": "b"}).status_code == 200  # per key
        r = c.post("/translate", json={"q": "x", "source": "en", "target": "uk", "api_key": "a"})
        assert r.status_code == 429


def test_body_size_limit(tmp_path):
    with make_client(tmp_path, max_body_bytes=200) as c:
        r = c.post("/v1/detect", json={"text": "x" * 500})
        assert r.status_code == 413 and r.json()["code"] == "body_too_large"
        assert c.post("/v1/detect", json={"text": "Hello there, how are you?"}).status_code == 200


def test_internal_errors_are_json_without_details(tmp_path):
    with make_client(tmp_path, engine=BrokenEngine()) as c:
        r = c.get("/healthz")
        assert r.status_code == 500
        assert r.json() == {"error": "internal server error", "code": "internal"}
        assert "passwd" not in r.text and "Traceback" not in r.text


def test_libretranslate_validation_messages(tmp_path):
    with make_client(tmp_path) as c:
        cases = [({"source": "en", "target": "uk"}, "Invalid request: missing q parameter"),
                 ({"q": "Hi", "target": "uk"}, "Invalid request: missing source parameter"),
                 ({"q": "Hi", "source": "en"}, "Invalid request: missing target parameter"),
                 ({"q": "Hi", "source": "en", "target": "xx"}, "xx is not supported"),
                 ({"q": "Hi", "source": "en", "target": "uk", "format": "pdf"}, "pdf format is not supported"),
                 ({"q": "Hi", "source": "ru", "target": "tr"}, "tr is not supported"),
                 ({"q": "Hi", "source": "ru", "target": "uk"},
                  "Ukrainian (uk) is not available as a target language from Russian (ru)")]
        for body, message in cases:
            for r in (c.post("/translate", json=body), c.post("/translate", data=body)):
                assert r.status_code == 400 and r.json()["error"] == message, (body, r.text)
        r = c.post("/translate", content=b"[1, 2]", headers={"content-type": "application/json"})
        assert r.status_code == 400 and r.json()["error"] == "Invalid JSON format"
        assert c.post("/detect", data={}).json()["error"] == "Invalid request: missing q parameter"
        langs = c.get("/languages").json()
        assert {"code": "en", "name": "English", "targets": ["ru", "uk"]} in langs


def test_v1_validation_and_unknown_language_codes(tmp_path):
    with make_client(tmp_path) as c:
        r = c.post("/v1/translate", json={"body": "Hello.", "targets": []})
        assert r.status_code == 422 and r.json()["code"] == "invalid_request" and "targets" in r.json()["error"]
        r = c.post("/v1/translate", json={"body": "Hello.", "targets": ["xx"], "source": "en"})
        assert r.status_code == 400 and r.json()["code"] == "unknown_language"
        r = c.post("/v1/translate", json={"body": "Hi", "targets": ["uk"], "webhook_url": "http://169.254.169.254/"})
        assert r.status_code == 400 and r.json()["code"] == "webhook_not_allowed"
        for url in ("http://127.0.0.1:99999/hooks/", "http://127.0.0.1:port/hooks/"):  # urlsplit().port raises
            r = c.post("/v1/translate", json={"body": "Hi", "targets": ["uk"], "webhook_url": url})
            assert r.status_code == 400 and r.json()["code"] == "webhook_not_allowed", url
        r = c.get("/v1/glossaries/..%2Fetc")
        assert r.status_code in (400, 404) and "code" in r.json()


def test_metrics_exposition(tmp_path):
    with make_client(tmp_path) as c:
        c.get("/v1/languages")
        c.get("/v1/jobs/nope")
        text = c.get("/metrics").text
    assert 'l10n_http_requests_total{method="GET",route="/v1/languages",status="200"} 1' in text
    assert 'l10n_http_requests_total{method="GET",route="/v1/jobs/{job_id}",status="404"} 1' in text
    assert 'l10n_http_request_duration_seconds_bucket{route="/v1/languages",le="+Inf"} 1' in text
    assert "# TYPE l10n_tm_hits_total counter" in text
    for line in text.splitlines():  # every sample line: name{labels} value
        if not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            float(value)
            assert name.split("{")[0].startswith("l10n_")


# ---------------------------------------------------------------- jobs and webhooks

def test_job_store_recovery_after_restart(tmp_path):
    store = JobStore(tmp_path / "jobs.sqlite3", max_attempts=2)
    queued = store.create({"body": "a", "targets": ["uk"]})
    running = store.create({"body": "b", "targets": ["uk"]})
    assert store.claim(running.id) and not store.claim(running.id)
    twice = store.create({"body": "c", "targets": ["uk"]})
    store.claim(twice.id)
    with store._connect() as db:
        db.execute("UPDATE jobs SET attempts=2 WHERE id=?", (twice.id,))
    # a new process opens the same file
    again = JobStore(tmp_path / "jobs.sqlite3", max_attempts=2)
    requeued, failed = again.recover()
    assert set(requeued) == {queued.id, running.id} and failed == [twice.id]
    assert again.get(running.id).state == "queued"
    assert again.get(twice.id).error["code"] == "interrupted"


def test_signature_verifies_with_standardwebhooks_and_allow_list():
    from standardwebhooks import Webhook
    secret = webhooks.new_secret()
    body = json.dumps({"type": "job.completed", "data": {"id": "1"}}).encode()
    ts = int(time.time())
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(ts),
               "webhook-signature": webhooks.sign(secret, "msg_1", ts, body)}
    assert Webhook(secret).verify(body, headers) == {"type": "job.completed", "data": {"id": "1"}}
    allow = ["http://127.0.0.1:9000/hooks/"]
    assert webhooks.url_allowed("http://127.0.0.1:9000/hooks/cms", allow)
    for bad in ("http://127.0.0.1:9001/hooks/x", "http://127.0.0.1:9000/other", "https://127.0.0.1:9000/hooks/",
                "http://user:pw@127.0.0.1:9000/hooks/", "file:///etc/passwd", "http://evil.example/hooks/",
                "http://127.0.0.1:99999/hooks/x", "http://127.0.0.1:abc/hooks/x", "http://[::1/hooks/"):
        assert not webhooks.url_allowed(bad, allow), bad
    assert not webhooks.url_allowed("http://127.0.0.1:9000/hooks/", [])


def test_delivery_retries_with_the_same_id():
    from standardwebhooks import Webhook
    secret = webhooks.new_secret()
    waits = []
    with WebhookReceiver(fail_first=2) as rx:
        ok = webhooks.deliver(rx.url, secret, "msg_abc", {"type": "job.completed"}, attempts=4, backoff=0.01,
                              sleep=lambda s: (waits.append(s), time.sleep(s)))
    assert ok and len(rx.deliveries) == 3
    assert {h["webhook-id"] for h, _ in rx.deliveries} == {"msg_abc"}
    assert waits == [0.01, 0.02]
    headers, body = rx.deliveries[-1]
    assert Webhook(secret).verify(body, headers) == {"type": "job.completed"}
    with WebhookReceiver(fail_first=99) as rx:
        assert not webhooks.deliver(rx.url, secret, "msg_x", {}, attempts=2, backoff=0.0)


def test_failed_job_is_reported_by_a_signed_webhook(tmp_path):
    """A job that fails (bad target language) still ends in a state and a delivered callback."""
    from standardwebhooks import Webhook
    secret = webhooks.new_secret()
    with WebhookReceiver() as rx:
        with make_client(tmp_path, webhook_allow=[rx.url.rsplit("/", 1)[0] + "/"], webhook_secret=secret) as c:
            r = c.post("/v1/translate", json={"body": "Hello.", "source": "en", "targets": ["uk", "ru"],
                                              "webhook_url": rx.url, "glossaries": ["missing"]})
            assert r.status_code == 202, r.text
            job_id = r.json()["job_id"]
            assert r.headers["location"] == f"/v1/jobs/{job_id}"
            assert rx.event.wait(10)
            for _ in range(50):
                job = c.get(f"/v1/jobs/{job_id}").json()
                if job.get("webhook") == "delivered":
                    break
                time.sleep(0.05)
    assert job["state"] == "failed" and job["error"]["code"] == "not_found" and job["webhook"] == "delivered"
    headers, body = rx.deliveries[0]
    event = Webhook(secret).verify(body, headers)
    assert headers["webhook-id"] == f"msg_{job_id}"
    assert event["type"] == "job.failed" and event["data"]["id"] == job_id


# ---------------------------------------------------------------- glossaries

GLOSSARY = """terms:
  - id: kharkiv
    type: place
    en: {term: Kharkiv, variants: [Kharkov]}
    uk: {term: Харків, variants: [Харьков]}
    ru: {term: Харьков}
    tr: {term: Harkiv}
"""


def test_glossary_put_validates_get_returns_and_bad_one_is_rejected(tmp_path):
    with make_client(tmp_path) as c:
        r = c.put("/v1/glossaries/city", json={"format": "yaml", "content": GLOSSARY})
        assert r.status_code == 200 and r.json() == {"id": "city", "format": "yaml", "terms": 1}
        assert c.get("/v1/glossaries/city").json()["content"] == GLOSSARY
        r = c.put("/v1/glossaries/city", json={"format": "yaml", "content": "terms:\n  - id: x\n    en: {}\n"})
        assert r.status_code == 400 and r.json()["code"] == "glossary_error"
        assert "glossary city" in r.json()["error"] and ".yaml" not in r.json()["error"].split(":")[0]
        assert c.get("/v1/glossaries/city").json()["content"] == GLOSSARY  # the good one is kept
        assert not [p for p in (tmp_path / "home" / "glossaries").iterdir() if p.name.startswith(".")]
        assert c.get("/v1/glossaries/none").status_code == 404
        assert c.put("/v1/glossaries/bad%20id", json={"content": GLOSSARY}).status_code == 400


class SlowEngine(TaggingEngine):
    def pairs(self):
        time.sleep(0.5)
        return super().pairs()


def test_slow_request_answers_504_timeout(tmp_path):
    with make_client(tmp_path, engine=SlowEngine(), request_timeout_s=0.05) as c:
        r = c.get("/v1/languages")
    assert r.status_code == 504 and r.json()["code"] == "timeout"


def test_serve_new_api_key_cli(tmp_path, capsys):
    from l10n.cli import main
    keys = tmp_path / "keys.txt"
    assert main(["serve", "--api-key-file", str(keys), "--new-api-key", "cms"]) == 0
    key = capsys.readouterr().out.strip()
    assert key.startswith("l10n_") and load_key_file(keys) == {hash_key(key): "cms"}
    assert main(["serve", "--new-api-key", "cms"]) == 1
    assert "--api-key-file" in capsys.readouterr().err


def test_purge_keeps_recent_and_unfinished_jobs(tmp_path):
    store = JobStore(tmp_path / "jobs.sqlite3")
    old, recent, queued = (store.create({"n": i}) for i in range(3))
    store.finish(old.id, {})
    store.finish(recent.id, {})
    with store._connect() as db:
        db.execute("UPDATE jobs SET updated=0 WHERE id IN (?, ?)", (old.id, queued.id))
    assert store.purge(3600) == 1
    assert store.get(old.id) is None and store.get(recent.id) and store.get(queued.id)


def test_cors_only_when_configured(tmp_path):
    preflight = {"Origin": "https://cms.example", "Access-Control-Request-Method": "POST"}
    with make_client(tmp_path / "a", cors_origins=["https://cms.example"]) as c:
        r = c.options("/translate", headers=preflight)
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://cms.example"
        r = c.options("/translate", headers={**preflight, "Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers
    with make_client(tmp_path / "b") as c:
        assert "access-control-allow-origin" not in c.get("/languages", headers=preflight).headers
