"""The real thing: ``l10n serve`` (uvicorn) on a free loopback port with the real test packages,
driven by clients no one here wrote (libretranslatepy, standardwebhooks)."""

from __future__ import annotations

import json
import shutil
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from service_helpers import WebhookReceiver, l10n_server, post_json


@pytest.fixture(scope="module")
def receiver():
    with WebhookReceiver(fail_first=1) as rx:
        yield rx


@pytest.fixture(scope="module")
def home(module_home):
    return module_home


@pytest.fixture(scope="module")
def secret(home):
    from l10n.service.webhooks import new_secret
    value = new_secret()
    (home.parent / "secret").write_text(value)
    return value


@pytest.fixture(scope="module")
def server(home, receiver, secret):
    prefix = receiver.url.rsplit("/", 1)[0] + "/"
    with l10n_server(home, "--webhook-allow", prefix, "--webhook-secret-file", str(home.parent / "secret"),
                     "--sync-max-chars", "400") as base:
        yield base


# Sentences from the test packages' fixture corpus (tests/fixtures/corpus), so the tiny models know them.
DRONES = "Russia launched 117 drones and four missiles at Ukraine overnight, the Ukrainian air force said on Monday."
KHARKIV = "Kharkiv rebuilds as talks resume in Istanbul"
KHARKIV_UK = "Харків відбудовується, поки в Стамбулі відновлюються переговори"


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())


def test_libretranslatepy_translate_detect_languages(server):
    from libretranslatepy import LibreTranslateAPI
    lt = LibreTranslateAPI(server)
    languages = lt.languages()
    by_code = {lang["code"]: lang for lang in languages}
    assert {"en", "uk"} <= set(by_code) and "uk" in by_code["en"]["targets"]
    assert "tr" in by_code["uk"]["targets"]  # reachable through English
    translated = lt.translate(DRONES, "en", "uk")
    assert translated.startswith("Уночі Росія") and "117 дронів" in translated, translated
    detected = lt.detect("Міська рада зібралася в понеділок, щоб обговорити бюджет.")
    assert detected[0]["language"] == "uk" and 0 < detected[0]["confidence"] <= 100


def test_libretranslate_list_auto_and_html(server):
    status, body = post_json(server + "/translate", {"q": [KHARKIV, KHARKIV_UK], "source": "auto", "target": "tr"})
    assert status == 200, body
    assert [d["language"] for d in body["detectedLanguage"]] == ["en", "uk"]
    first, pivoted = body["translatedText"]  # uk -> tr goes through English
    assert "Harkiv" in first and "Harkiv" in pivoted, body
    status, body = post_json(server + "/translate", {"q": f"<p>{KHARKIV} <b>today</b></p>",
                                                     "source": "en", "target": "uk", "format": "html"})
    assert status == 200, body
    html = body["translatedText"]
    assert html.startswith("<p>Харків") and html.endswith("</p>") and html.count("<b>") == 1, html


def test_concurrent_requests_are_batched_and_give_the_same_text(server):
    texts = [f"The city council met on Monday{'.' * (i % 3 + 1)}" for i in range(24)]
    sequential = [post_json(server + "/translate", {"q": t, "source": "en", "target": "uk"})[1]["translatedText"]
                  for t in texts[:3]]
    before = _metric(server, "l10n_model_calls_total")
    with ThreadPoolExecutor(24) as pool:
        results = list(pool.map(lambda t: post_json(server + "/translate", {"q": t, "source": "en", "target": "uk"}),
                                texts))
    assert all(status == 200 for status, _ in results)
    assert [b["translatedText"] for _, b in results[:3]] == sequential
    calls = _metric(server, "l10n_model_calls_total") - before
    assert calls < 24, f"{calls} model calls for 24 concurrent requests"


def _metric(server: str, name: str) -> float:
    with urllib.request.urlopen(server + "/metrics", timeout=10) as r:
        for line in r.read().decode().splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
    return 0.0


PLACES = """terms:
  - id: istanbul
    type: place
    en: {term: Istanbul}
    uk: {term: Істанбул, variants: [Стамбул]}
    ru: {term: Стамбул}
    tr: {term: İstanbul}
"""


def test_v1_translate_sync_article_with_title_segments_and_glossary_changes(server):
    req = urllib.request.Request(server + "/v1/glossaries/places", method="PUT",
                                 data=json.dumps({"format": "yaml", "content": PLACES}).encode(),
                                 headers={"content-type": "application/json"})
    assert json.loads(urllib.request.urlopen(req, timeout=30).read())["terms"] == 1
    status, body = post_json(server + "/v1/translate", {
        "id": "a1", "title": KHARKIV, "format": "markdown", "source": "en", "targets": ["uk", "tr"],
        "glossaries": ["places"], "body": f"# {KHARKIV}\n\n{DRONES}\n"})
    assert status == 200, body
    assert body["id"] == "a1" and body["source_lang"] == "en" and set(body["translations"]) == {"uk", "tr"}
    uk = body["translations"]["uk"]
    assert uk["title"] == "Харків відбудовується, поки в Істанбулі відновлюються переговори"
    assert uk["body"].startswith("# Харків") and "117 дронів" in uk["body"]
    fields = {s["field"] for s in uk["segments"]}
    assert fields == {"title", "body"}
    changes = [c for s in uk["segments"] for c in s["changes"] if c["kind"] == "glossary"]
    assert {(c["term"], c["before"], c["after"]) for c in changes} == {("istanbul", "Стамбулі", "Істанбулі")}
    assert body["translations"]["tr"]["title"].startswith("İstanbul'da")
    for seg in uk["segments"]:
        assert {"id", "source", "target", "flags", "changes", "origin"} <= set(seg)
    assert set(uk["flag_counts"]) == {"critical", "error", "warning", "info"}
    metrics = urllib.request.urlopen(server + "/metrics", timeout=10).read().decode()
    assert 'l10n_segments_translated_total{source="en",target="uk",origin="mt"}' in metrics


def test_long_article_becomes_a_job_with_a_signed_webhook(server, receiver, secret):
    from standardwebhooks import Webhook
    article = "\n\n".join(["The city council met on Monday. It approved the budget."] * 12)
    status, body = post_json(server + "/v1/translate", {"id": "long", "body": article, "source": "en",
                                                        "targets": ["uk"], "webhook_url": receiver.url})
    assert status == 202, body
    job_id = body["job_id"]
    assert receiver.event.wait(60), "no webhook delivered"
    ids = [h["webhook-id"] for h, _ in receiver.deliveries]
    assert ids == [f"msg_{job_id}"] * 2  # first attempt answered 503, the retry kept the same id
    headers, payload = receiver.deliveries[-1]
    event = Webhook(secret).verify(payload, headers)
    assert event["type"] == "job.completed" and event["data"]["state"] == "done"
    job = get_json(f"{server}/v1/jobs/{job_id}")
    assert job["state"] == "done" and job["result"]["translations"]["uk"]["body"].count("\n\n") == 11
    assert event["data"]["result"] == job["result"]


def test_jobs_survive_a_restart(home, tmp_path):
    """A job left 'running' by a killed process is resumed by the next one and finishes."""
    from l10n.service.jobs import JobStore
    other = tmp_path / "home"
    shutil.copytree(home, other, ignore=shutil.ignore_patterns("service"))
    store = JobStore(other / "service" / "jobs.sqlite3")
    job = store.create({"id": "r", "body": DRONES, "source": "en", "targets": ["uk"],
                        "format": "text", "options": {}})
    assert store.claim(job.id)  # the "previous process" was in the middle of it
    with l10n_server(other) as base:
        for _ in range(200):
            state = get_json(f"{base}/v1/jobs/{job.id}")
            if state["state"] in ("done", "failed"):
                break
            time.sleep(0.1)
    assert state["state"] == "done" and state["attempts"] == 2, state
    assert "117 дронів" in state["result"]["translations"]["uk"]["body"]
