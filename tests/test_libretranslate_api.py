"""LibreTranslate's own API test expectations (libretranslate/tests/test_api/*.py, re-stated), plus
its file, alternatives and suggestion endpoints, against a live ``l10n serve`` (uvicorn, 127.0.0.1).

libretranslatepy (tested in test_service_server.py) has no ``translate_file``, so files go
through httpx's multipart encoder, as LibreTranslate's web UI sends them.
"""

from __future__ import annotations

import io
import re
import zipfile

import httpx
import pytest

from conftest import EXAMPLES
from service_helpers import l10n_server

DRONES = "Russia launched 117 drones and four missiles at Ukraine overnight, the Ukrainian air force said on Monday."


@pytest.fixture(scope="module")
def base(module_home):
    with l10n_server(module_home, "--suggestions", "--max-file-size", "200000", "--files-ttl", "600") as url:
        yield url


@pytest.fixture(scope="module")
def client(base):
    with httpx.Client(base_url=base, timeout=60) as c:
        yield c


# ---- test_api_frontend_settings.py, test_api_health.py, test_api_spec.py

def test_frontend_settings(client):
    r = client.get("/frontend/settings")
    assert r.status_code == 200
    body = r.json()
    assert {"charLimit", "frontendTimeout", "apiKeys", "keyRequired", "suggestions", "filesTranslation",
            "supportedFilesFormat", "language"} <= set(body)
    assert body["suggestions"] is True and body["filesTranslation"] is True and body["keyRequired"] is False
    assert {".docx", ".srt", ".vtt", ".html", ".md", ".txt"} <= set(body["supportedFilesFormat"])
    assert body["language"]["source"]["code"] == "auto" and body["language"]["target"]["code"]


def test_health_and_spec(client):
    r = client.get("/health")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    assert client.post("/health").status_code == 405
    r = client.get("/spec")
    assert r.status_code == 200 and "/translate_file" in r.json()["paths"]
    assert client.post("/spec").status_code == 405


# ---- test_api_translate.py, test_api_get_languages.py, test_api_detect_language.py

def test_translate_form_and_batch(client):
    r = client.post("/translate", data={"q": "Hello", "source": "en", "target": "uk", "format": "text"})
    assert r.status_code == 200 and "translatedText" in r.json()
    r = client.post("/translate", json={"q": ["Hello", "World"], "source": "en", "target": "uk", "format": "text"})
    assert r.status_code == 200
    assert isinstance(r.json()["translatedText"], list) and len(r.json()["translatedText"]) == 2


def test_translate_errors(client):
    r = client.post("/translate", data={"q": "Hello", "source": "en", "target": "zz", "format": "text"})
    assert r.status_code == 400 and r.json()["error"] == "zz is not supported"
    r = client.post("/translate", data={"source": "en", "target": "uk", "format": "text"})
    assert r.status_code == 400 and r.json()["error"] == "Invalid request: missing q parameter"


def test_languages_and_detect(client):
    r = client.get("/languages")
    assert r.status_code == 200 and "code" in r.json()[0] and "name" in r.json()[0]
    assert client.post("/languages").status_code == 405
    r = client.post("/detect", data={"q": "Hello"})
    assert r.status_code == 200 and "confidence" in r.json()[0] and "language" in r.json()[0]
    r = client.post("/detect")
    assert r.status_code == 400 and "error" in r.json()
    assert client.get("/detect").status_code == 405


# ---- beyond LibreTranslate's own tests

def test_alternatives(client):
    r = client.post("/translate", json={"q": DRONES, "source": "en", "target": "uk", "alternatives": 2})
    body = r.json()
    assert r.status_code == 200 and body["translatedText"].startswith("Уночі Росія")
    assert 1 <= len(body["alternatives"]) <= 2 and body["translatedText"] not in body["alternatives"]
    r = client.post("/translate", json={"q": [DRONES, "Hello"], "source": "en", "target": "uk", "alternatives": 1})
    assert [len(a) <= 1 for a in r.json()["alternatives"]] == [True, True]
    r = client.post("/translate", json={"q": DRONES, "source": "en", "target": "uk", "alternatives": "many"})
    assert r.status_code == 400 and "alternatives" in r.json()["error"]


def _translate_file(client, name: str, data: bytes, source: str = "en") -> httpx.Response:
    return client.post("/translate_file", data={"source": source, "target": "uk"},
                       files={"file": (name, data, "application/octet-stream")})


@pytest.mark.parametrize("name", ["kyiv-talks.md", "kyiv-talks.html", "kyiv-talks.txt", "kyiv-talks.srt",
                                  "kyiv-talks.vtt", "kyiv-talks.docx"])
def test_translate_file_every_format(client, name):
    source = (EXAMPLES / name).read_bytes()
    r = _translate_file(client, name, source, source="auto" if name.endswith(".md") else "en")
    assert r.status_code == 200, r.text
    url = r.json()["translatedFileUrl"]
    token, original = url.rsplit("/", 1)[1].split(".", 1)
    assert original == name and len(token) == 32
    got = client.get(url)
    assert got.status_code == 200 and f'filename="{name}"' in got.headers["content-disposition"]
    if name.endswith(".docx"):
        text = zipfile.ZipFile(io.BytesIO(got.content)).read("word/document.xml").decode()
    else:
        text = got.content.decode("utf-8")
    assert "Харків" in text or "Делегації" in text or "Росія" in text, text[:300]


def test_translate_file_errors(client):
    r = _translate_file(client, "notes.pdf", b"%PDF-1.4")
    assert r.status_code == 400 and r.json()["error"] == "Invalid request: file format not supported"
    r = _translate_file(client, "big.txt", b"Hello world. " * 20000)
    assert r.status_code == 413 and "larger than" in r.json()["error"]
    r = _translate_file(client, "broken.docx", b"not a zip")
    assert r.status_code == 400 and "not a DOCX file" in r.json()["error"]
    r = client.post("/translate_file", data={"source": "en", "target": "uk"})
    assert r.status_code == 400 and r.json()["error"] == "Invalid request: missing file parameter"
    for bad in ("nope.txt", "A" * 32 + ".txt", "..%2F..%2Fmemory.sqlite3"):
        assert client.get(f"/download_file/{bad}").status_code == 404


def test_suggest_is_unreviewed_until_accepted(client, module_home, cli):
    from l10n.tm import TranslationMemory
    source = "The mayor of Kharkiv visited the damaged school."
    r = client.post("/suggest", data={"q": source, "s": "Мер Харкова відвідав школу.", "source": "en",
                                      "target": "uk"})
    assert r.status_code == 200 and r.json() == {"success": True}
    assert client.post("/suggest", data={"q": source, "source": "en", "target": "uk"}).status_code == 400
    memory = TranslationMemory(module_home / "memory.sqlite3")
    assert memory.lookup("en", "uk", [source]) == {}  # never served as approved
    r = client.post("/translate", json={"q": source, "source": "en", "target": "uk"})
    assert r.json()["translatedText"] != "Мер Харкова відвідав школу."
    code, out, err = cli("tm", "review", "--home", str(module_home))
    assert code == 0 and "[pending]" in out and "Мер Харкова" in out
    n = next(re.match(r"(\d+)\.", line).group(1) for line in out.splitlines() if source in line)
    code, out, err = cli("tm", "review", "--accept", n, "--home", str(module_home))
    assert code == 0, err
    assert memory.lookup("en", "uk", [source]) == {source: "Мер Харкова відвідав школу."}
