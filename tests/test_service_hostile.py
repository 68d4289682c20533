"""Hostile input against the real service: ``l10n serve`` (uvicorn) on loopback, one keep-alive
connection (``http.client.HTTPConnection``) for the whole module.

Every case answers either a 200/202 translation or a 4xx JSON error with the service's body shape
(``{"error": message, "code": stable_code}``, ``l10n.service.http``) — never a 5xx, never a reset —
and after each answer the *same socket* still serves a valid request. The cases are tables
(``CASES`` and the generated surrogate / content-type tables); each row is one request.
"""

from __future__ import annotations

import http.client
import json
import socket
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import pytest

from service_helpers import l10n_server

SENTENCE = "The city council met on Monday."
PLACES = ("terms:\n  - id: istanbul\n    type: place\n    en: {term: Istanbul}\n    uk: {term: Істанбул}\n"
          "    ru: {term: Стамбул}\n    tr: {term: İstanbul}\n")
#: a webhook prefix the allow-list accepts, so a bad port reaches the URL parser, not the prefix test
HOOKS = "http://127.0.0.1:9/hooks/"
#: the largest error body any hostile request may get back
MAX_ERROR_BODY = 64 * 1024
OK_STATUSES = {200, 202}


@pytest.fixture(scope="module")
def server(module_home):
    log = module_home.parent / "hostile-serve.log"
    with l10n_server(module_home, "--webhook-allow", HOOKS, log=log) as base:
        yield base, log, module_home


class KeepAlive:
    """One ``HTTPConnection`` reused for every request; remembers the socket to prove it was kept."""

    def __init__(self, base: str) -> None:
        host, port = base.rsplit("/", 1)[-1].split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=90)

    def send(self, method: str, path: str, body: bytes | Iterator[bytes] | None = None,
             headers: dict[str, str] | None = None, chunked: bool = False) -> tuple[int, dict, bytes]:
        try:
            self.conn.request(method, path, body=body, headers=headers or {}, encode_chunked=chunked)
            resp = self.conn.getresponse()
            data = resp.read()
        except BaseException:
            self.conn.close()  # the next case starts on a fresh connection, not in a broken state
            raise
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data

    def post_json(self, path: str, payload: Any, method: str = "POST") -> tuple[int, dict, bytes]:
        return self.send(method, path, json.dumps(payload).encode(), {"content-type": "application/json"})

    def probe(self) -> None:
        """A valid request must still work on this connection."""
        status, _, data = self.post_json("/v1/detect", {"text": "Міська рада зібралася в понеділок."})
        assert status == 200 and json.loads(data)["language"] == "uk", data[:300]


@pytest.fixture(scope="module")
def client(server) -> Iterator[KeepAlive]:
    c = KeepAlive(server[0])
    yield c
    c.conn.close()


@pytest.fixture(scope="module")
def exported_po(client) -> str:
    """A PO file for the article ``a1`` (English, one sentence), exported by the service itself; and
    the glossary ``places`` stored, so the surrogate templates are valid requests without the surrogate."""
    status, _, data = client.post_json("/v1/glossaries/places", {"format": "yaml", "content": PLACES}, method="PUT")
    assert status == 200, data[:300]
    status, _, data = client.post_json("/v1/po/export", {"article": {"id": "a1", "body": SENTENCE},
                                                         "targets": ["uk"]})
    assert status == 200, data[:300]
    return json.loads(data)["files"]["uk"]


def check_answer(client: KeepAlive, send: Callable[[], tuple[int, dict, bytes]],
                 allowed: set[int] | None = None) -> tuple[int, Any]:
    """Send one hostile request on ``client`` and judge it: 2xx or a small 4xx in our error shape, then
    the same socket serves a valid request."""
    client.probe()  # (re)opens the connection, so the socket below is the one under test
    sock = client.conn.sock
    status, headers, data = send()
    assert status < 500, (status, data[:500])
    assert headers.get("connection", "").lower() != "close", (status, data[:300])
    body = json.loads(data)
    if status >= 400:
        assert len(data) < MAX_ERROR_BODY, (status, len(data))
        assert isinstance(body.get("error"), str) and body["error"], body
        assert isinstance(body.get("code"), str) and body["code"], body
        assert len(body["error"]) < 2000, body["error"][:300]
    else:
        assert status in OK_STATUSES, (status, data[:300])
    if allowed is not None:
        assert status in allowed, (status, data[:500])
    client.probe()
    assert client.conn.sock is sock and sock is not None, "the error closed the keep-alive connection"
    return status, body


# ------------------------------------------------------------------ text that is long, deep or odd

LONG_SENTENCE = " ".join(["council"] * 199) + " met."         # 200 words, no full stop inside
LONG_WORD = "x" * 19000


@dataclass
class Case:
    """One request: ``path``, a JSON payload or raw ``body`` bytes, and the statuses it may get."""
    name: str
    path: str
    payload: Any = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=lambda: {"content-type": "application/json"})
    method: str = "POST"
    allowed: set[int] | None = None

    def data(self) -> bytes:
        return self.body if self.body is not None else json.dumps(self.payload).encode()


def v1(body: str, fmt: str = "text", **extra: Any) -> dict:
    return {"body": body, "format": fmt, "source": "en", "targets": ["uk"], "options": {"mode": "sync"}, **extra}


def lt(q: Any, fmt: str = "text", **extra: Any) -> dict:
    return {"q": q, "source": "en", "target": "uk", "format": fmt, **extra}


NESTED_LINKS = "[" * 1000 + "Kyiv" + "](https://example.com)" * 1000
NESTED_TAGS = "<b>" * 1000 + "Kyiv" + "</b>" * 1000
NESTED_EM = "*" * 1000 + "Kyiv" + "*" * 1000
DEEP = "[" * 100_000 + "]" * 100_000
HUGE_INT = "9" * 5000
UNKNOWN_FIELDS = ", ".join(f'"f{i}": 1' for i in range(150_000))

TEXT_CASES = [
    Case("200-word sentence v1", "/v1/translate", v1(LONG_SENTENCE)),
    Case("200-word sentence LT", "/translate", lt(LONG_SENTENCE)),
    Case("19000-char word v1", "/v1/translate", v1(LONG_WORD)),
    Case("19000-char word LT", "/translate", lt(LONG_WORD)),
    Case("19000-char word detect", "/v1/detect", {"text": LONG_WORD}),
    Case("19000-char word LT detect", "/detect", {"q": LONG_WORD}),
    Case("1000 nested links", "/v1/translate", v1(NESTED_LINKS, "markdown")),
    Case("1000 nested emphasis", "/v1/translate", v1(NESTED_EM, "markdown")),
    Case("1000 nested tags v1", "/v1/translate", v1(NESTED_TAGS, "html")),
    Case("1000 nested tags LT", "/translate", lt(NESTED_TAGS, "html")),
    Case("1000 nested links PO export", "/v1/po/export",
         {"article": {"body": NESTED_LINKS, "format": "markdown"}, "targets": ["uk"], "mt": False}),
    Case("19000 open brackets", "/v1/translate", v1("[" * 19000, "markdown")),
    Case("19000 backticks", "/v1/translate", v1("`" * 19000, "markdown")),
    Case("19000 less-than html", "/v1/translate", v1("<" * 19000, "html")),
    Case("19000 open brackets LT html", "/translate", lt("<a " * 6000, "html")),
    Case("NUL and controls", "/v1/translate", v1("Kyiv\x00\x01\x1b[31m\u202e met.")),
    Case("only whitespace", "/v1/translate", v1(" \n\t\u3000")),
    Case("empty q list", "/translate", lt([])),
    Case("q list of non-strings", "/translate", lt([1, None, {"a": 1}])),
    Case("q object", "/translate", lt({"a": "b"})),
    Case("targets not a list", "/v1/translate", {**v1(SENTENCE), "targets": "uk"}),
    Case("9 targets", "/v1/translate", {**v1(SENTENCE), "targets": ["uk"] * 9}),
    Case("unknown target v1", "/v1/translate", {**v1(SENTENCE), "targets": ["xx"]}),
    Case("glossary id with newline in request", "/v1/translate", v1(SENTENCE, glossaries=["abc\n"])),
    Case("glossary id path traversal in request", "/v1/translate", v1(SENTENCE, glossaries=["../../etc/passwd"])),
    Case("missing glossary in request", "/v1/translate", v1(SENTENCE, glossaries=["nosuch"])),
    # numbers JSON can carry but Python will not parse (int longer than 4300 digits) or cannot hold
    Case("huge int id v1", "/v1/translate", body=f'{{"id": {HUGE_INT}, "body": "Hi.", "targets": ["uk"]}}'.encode()),
    Case("huge int body v1", "/v1/translate", body=f'{{"body": {HUGE_INT}, "targets": ["uk"]}}'.encode()),
    Case("huge int alternatives LT", "/translate",
         body=f'{{"q": "Hi.", "source": "en", "target": "uk", "alternatives": {HUGE_INT}}}'.encode()),
    Case("1e999 alternatives LT", "/translate",
         body=b'{"q": "Hi.", "source": "en", "target": "uk", "alternatives": 1e999}'),
    Case("huge int alternatives as string LT", "/translate", lt("Hi.", alternatives=HUGE_INT)),
    Case("huge int detect", "/v1/detect", body=f'{{"text": {HUGE_INT}}}'.encode()),
    Case("huge int glossary", "/v1/glossaries/g1", method="PUT",
         body=f'{{"format": "yaml", "content": {HUGE_INT}}}'.encode()),
    Case("NaN field", "/v1/translate", body=b'{"id": NaN, "body": "Hi.", "targets": ["uk"]}'),
    # 100k-deep JSON, as the whole body and inside a field
    Case("100k-deep body v1", "/v1/translate", body=DEEP.encode()),
    Case("100k-deep field v1", "/v1/translate", body=f'{{"body": "Hi.", "targets": ["uk"], "id": {DEEP}}}'.encode()),
    Case("100k-deep body LT", "/translate", body=DEEP.encode()),
    Case("100k-deep field LT", "/translate", body=f'{{"q": {DEEP}, "source": "en", "target": "uk"}}'.encode()),
    Case("100k-deep detect", "/v1/detect", body=f'{{"text": {DEEP}}}'.encode()),
    Case("100k-deep LT detect", "/detect", body=f'{{"q": {DEEP}}}'.encode()),
    Case("100k-deep glossary", "/v1/glossaries/g1", method="PUT", body=f'{{"content": {DEEP}}}'.encode()),
    Case("100k-deep PO import", "/v1/po/import", body=f'{{"article": {DEEP}, "po": ""}}'.encode()),
    Case("100k-deep objects", "/v1/translate", body=('{"a":' * 100_000 + "1" + "}" * 100_000).encode()),
    # 150,000 unknown fields in a 1.7 MB body: the error must not list them all
    Case("150k unknown fields v1", "/v1/translate",
         body=f'{{"body": "Hi.", "targets": ["uk"], {UNKNOWN_FIELDS}}}'.encode()),
    Case("150k unknown fields detect", "/v1/detect", body=f'{{"text": "Hi.", {UNKNOWN_FIELDS}}}'.encode()),
    Case("150k unknown fields PO export", "/v1/po/export",
         body=f'{{"article": {{"body": "Hi.", {UNKNOWN_FIELDS}}}, "targets": ["uk"]}}'.encode()),
    Case("150k unknown fields LT", "/translate",
         body=f'{{"q": "Hi.", "source": "en", "target": "uk", {UNKNOWN_FIELDS}}}'.encode()),
    Case("150k wrong-typed targets", "/v1/translate",
         body=('{"body": "Hi.", "targets": [' + ", ".join(["1"] * 150_000) + "]}").encode()),
    # webhook URLs the URL parser cannot read
    Case("webhook port 99999", "/v1/translate", v1(SENTENCE, webhook_url=HOOKS.replace(":9/", ":99999/") + "x"), allowed={400}),
    Case("webhook port non-numeric", "/v1/translate", v1(SENTENCE, webhook_url="http://127.0.0.1:abc/hooks/x"), allowed={400}),
    Case("webhook port negative", "/v1/translate", v1(SENTENCE, webhook_url="http://127.0.0.1:-1/hooks/x"), allowed={400}),
    Case("webhook broken IPv6", "/v1/translate", v1(SENTENCE, webhook_url="http://[::1/hooks/x"), allowed={400}),
    Case("webhook newline", "/v1/translate", v1(SENTENCE, webhook_url=HOOKS + "x\nHost: evil"), allowed={400}),
    Case("webhook not a URL", "/v1/translate", v1(SENTENCE, webhook_url="\x00"), allowed={400}),
    # glossaries: legitimate odd files are read, hostile ones refused
    Case("CSV glossary with CR-only line ends", "/v1/glossaries/cr", method="PUT", allowed={200},
         payload={"format": "csv", "content": "id,en,uk\rkyiv,Kyiv,Київ\rlviv,Lviv,Львів\r"}),
    Case("5000-deep YAML glossary", "/v1/glossaries/deep", method="PUT",
         payload={"format": "yaml", "content": "terms:\n  - " + "[" * 5000 + "]" * 5000}),
    Case("5000-deep YAML mapping glossary", "/v1/glossaries/deep", method="PUT",
         payload={"format": "yaml", "content": "terms: " + "{a: " * 5000 + "1" + "}" * 5000}),
    Case("YAML billion laughs", "/v1/glossaries/laughs", method="PUT",
         payload={"format": "yaml", "content": "a: &a [x, x, x, x, x, x, x, x, x]\n"
                  + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}" + f", *{chr(97 + i)}" * 8 + "]\n"
                            for i in range(8)) + "terms: *i\n"}),
    Case("TBX with external entity", "/v1/glossaries/xxe", method="PUT",
         payload={"format": "tbx", "content": '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM '
                  '"file:///etc/passwd">]><martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&x;'
                  "</term></tig></langSet></termEntry></body></text></martif>"}),
    Case("unknown glossary format", "/v1/glossaries/g1", method="PUT", payload={"format": "xlsx", "content": "x"}),
]


@pytest.mark.parametrize("case", TEXT_CASES, ids=lambda c: c.name)
def test_hostile_request_is_answered_and_keeps_the_connection(client, case):
    check_answer(client, lambda: client.send(case.method, case.path, case.data(), case.headers), case.allowed)


def test_large_unknown_fields_body_is_what_the_issue_describes():
    size = len(f'{{"body": "Hi.", "targets": ["uk"], {UNKNOWN_FIELDS}}}'.encode())
    assert 1_600_000 < size < 2 * 1024 * 1024  # 1.7 MB: under the body limit, so the parser sees it


def test_cr_only_csv_glossary_is_stored_with_its_terms(client):
    status, body = check_answer(client, lambda: client.post_json(
        "/v1/glossaries/cr2", {"format": "csv", "content": "id,en,uk\rkyiv,Kyiv,Київ\rlviv,Lviv,Львів\r"},
        method="PUT"), {200})
    assert body["terms"] == 2


# ------------------------------------------------------------------ glossary ids in the path

@pytest.mark.parametrize("gid", ["abc%0A", "abc%0D", "abc%00", "%2E%2E", "..%2Fx", "a%2Fb", "%ED%A0%80",
                                 "%FF", "-abc", "a" * 65, "abc%20", "abc%0Adef"])
def test_bad_glossary_id_is_refused_and_nothing_is_stored(client, server, gid):
    _, _, home = server
    before = sorted(p.name for p in (home / "glossaries").glob("*")) if (home / "glossaries").exists() else []
    status, _ = check_answer(client, lambda: client.post_json(f"/v1/glossaries/{gid}",
                                                              {"format": "yaml", "content": PLACES}, method="PUT"))
    assert 400 <= status < 500
    after = sorted(p.name for p in (home / "glossaries").glob("*")) if (home / "glossaries").exists() else []
    assert after == before
    status, _ = check_answer(client, lambda: client.send("GET", f"/v1/glossaries/{gid}"))
    assert 400 <= status < 500
    status, _ = check_answer(client, lambda: client.send("GET", "/v1/glossaries/abc"))
    assert status == 404


# ------------------------------------------------------------------ lone surrogates in every string field

PO_PLACEHOLDER = "<exported PO>"
TEMPLATES: dict[str, tuple[str, str, dict]] = {
    "translate": ("POST", "/v1/translate", {
        "id": "a1", "title": "Kharkiv", "body": SENTENCE, "format": "text", "source": "en", "targets": ["uk"],
        "glossaries": ["places"], "options": {"mode": "sync"}, "webhook_url": HOOKS + "x"}),
    "detect": ("POST", "/v1/detect", {"text": SENTENCE, "candidates": ["en", "uk"]}),
    "po_export": ("POST", "/v1/po/export", {"article": {"id": "a1", "body": SENTENCE, "format": "text",
                                                        "source": "en"},
                                            "targets": ["uk"], "mt": False, "previous": {"uk": PO_PLACEHOLDER}}),
    "po_import": ("POST", "/v1/po/import", {"article": {"id": "a1", "body": SENTENCE, "format": "text",
                                                        "source": "en"},
                                            "po": PO_PLACEHOLDER, "fallback": "mt"}),
    "glossary_put": ("PUT", "/v1/glossaries/places", {"format": "yaml", "content": PLACES}),
    "lt_translate": ("POST", "/translate", {"q": SENTENCE, "source": "en", "target": "uk", "format": "text",
                                            "api_key": "k", "alternatives": "0"}),
    "lt_translate_list": ("POST", "/translate", {"q": [SENTENCE, "Kyiv."], "source": "auto", "target": "uk"}),
    "lt_detect": ("POST", "/detect", {"q": SENTENCE, "api_key": "k"}),
    "lt_suggest": ("POST", "/suggest", {"q": SENTENCE, "s": "Рада.", "source": "en", "target": "uk"}),
}


def string_paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    """Paths of every string (``("v", ...)``) and every object key (``("k", ...)``) in ``value``."""
    if isinstance(value, str):
        yield ("v", *path)
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield ("k", *path, key)
            yield from string_paths(sub, (*path, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from string_paths(sub, (*path, i))


def with_surrogate(value: Any, where: tuple, lone: str) -> Any:
    """A deep copy of ``value`` with ``lone`` put into the string (or key) at ``where``."""
    value = json.loads(json.dumps(value))
    kind, *path = where
    parent = value
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if kind == "k":
        parent[lone + last] = parent.pop(last)
    else:
        parent[last] = parent[last][:1] + lone + parent[last][1:]
    return value


SURROGATE_CASES = [(name, where, lone) for name, (_, _, template) in TEMPLATES.items()
                   for where in string_paths(template) for lone in ("\ud800", "\udfff")]


@pytest.mark.parametrize("name,where,lone", SURROGATE_CASES,
                         ids=[f"{n}-{'.'.join(map(str, w))}-{ord(s):X}" for n, w, s in SURROGATE_CASES])
def test_lone_surrogate_in_any_string_field(client, exported_po, name, where, lone):
    method, path, template = TEMPLATES[name]
    payload = json.loads(json.dumps(template).replace(json.dumps(PO_PLACEHOLDER)[1:-1],
                                                      json.dumps(exported_po)[1:-1]))
    raw = json.dumps(with_surrogate(payload, where, lone))  # ensure_ascii: the JSON escape "\ud800"
    assert "\\ud" in raw.lower()
    status, body = check_answer(client, lambda: client.send(method, path, raw.encode(),
                                                            {"content-type": "application/json"}))
    if status < 400:  # only a field the route never reads may pass, and then nothing echoes the surrogate
        assert "\ud800" not in json.dumps(body, ensure_ascii=False) and "\udfff" not in json.dumps(
            body, ensure_ascii=False)


def test_every_template_is_valid_without_the_surrogate(client, exported_po):
    """The surrogate tables prove something only if the same requests succeed without it."""
    check_answer(client, lambda: client.post_json("/v1/glossaries/places",
                                                  {"format": "yaml", "content": PLACES}, method="PUT"), {200})
    for name, (method, path, template) in TEMPLATES.items():
        if name in ("glossary_put", "lt_suggest"):
            continue
        payload = json.loads(json.dumps(template).replace(json.dumps(PO_PLACEHOLDER)[1:-1],
                                                          json.dumps(exported_po)[1:-1]))
        if name == "translate":
            payload.pop("webhook_url")  # a webhook makes it a job; the allow-listed port 9 never answers
        status, _ = check_answer(client, lambda: client.post_json(path, payload, method=method))
        assert status == 200, name


# ------------------------------------------------------------------ bytes that are not UTF-8 / not JSON

INVALID_UTF8 = [b'{"body": "caf\xe9", "targets": ["uk"]}', b"\xff\xfe{\x00}\x00", b'{"text": "\xed\xa0\x80"}',
                b'{"q": "\xc3", "source": "en", "target": "uk"}']
ROUTES = [("POST", "/v1/translate"), ("POST", "/v1/detect"), ("POST", "/v1/po/export"), ("POST", "/v1/po/import"),
          ("PUT", "/v1/glossaries/g1"), ("POST", "/translate"), ("POST", "/detect"), ("POST", "/suggest")]


@pytest.mark.parametrize("method,path", ROUTES)
@pytest.mark.parametrize("raw", INVALID_UTF8, ids=["latin1", "utf16", "encoded-surrogate", "truncated"])
def test_invalid_utf8_body(client, method, path, raw):
    status, _ = check_answer(client, lambda: client.send(method, path, raw, {"content-type": "application/json"}))
    assert 400 <= status < 500


FORM_BODIES = [b"q=%FF%FE&source=en&target=uk", b"q=%ED%A0%80&source=en&target=uk", b"q=\xff&source=en&target=uk",
               b"q=" + b"%" * 1000 + b"&source=en&target=uk", b"&&&===&&&"]


@pytest.mark.parametrize("path", ["/translate", "/detect"])
@pytest.mark.parametrize("raw", FORM_BODIES, ids=["pct-ff", "pct-surrogate", "raw-ff", "bare-percent", "empty-pairs"])
def test_hostile_form_body_lt(client, path, raw):
    check_answer(client, lambda: client.send("POST", path, raw,
                                             {"content-type": "application/x-www-form-urlencoded"}))


CONTENT_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                 "multipart/form-data; boundary=x", "application/xml", "application/json; charset=utf-16",
                 "application/json; charset=latin-1", "", "application/jsonx", "*/*"]


@pytest.mark.parametrize("method,path", ROUTES)
@pytest.mark.parametrize("ctype", CONTENT_TYPES)
def test_wrong_content_type(client, method, path, ctype):
    body = json.dumps({"body": SENTENCE, "targets": ["uk"], "text": SENTENCE, "q": SENTENCE,
                       "source": "en", "target": "uk"}).encode()
    headers = {"content-type": ctype} if ctype else {}
    check_answer(client, lambda: client.send(method, path, body, headers))


# ------------------------------------------------------------------ oversize bodies (default limit 2 MiB)

def _big(n: int) -> bytes:
    return b'{"body": "' + b"a" * n + b'", "targets": ["uk"]}'


OVERSIZE = [("declared", False), ("chunked", True)]


@pytest.mark.parametrize("path", ["/v1/translate", "/translate", "/v1/detect"])
@pytest.mark.parametrize("how,chunked", OVERSIZE, ids=[o[0] for o in OVERSIZE])
def test_oversize_body_is_413_and_keeps_the_connection(client, path, how, chunked):
    data = _big(3 * 1024 * 1024)
    body: Any = (data[i:i + 65536] for i in range(0, len(data), 65536)) if chunked else data
    status, answer = check_answer(client, lambda: client.send("POST", path, body,
                                                              {"content-type": "application/json"}, chunked))
    assert status == 413 and answer["code"] == "body_too_large"


def test_far_oversize_declared_body_is_413_and_closes_without_reading_it(server):
    """A declared body beyond what is worth draining (4 x the limit) is refused unread, and the
    connection closed (``Connection: close``) rather than left waiting for 100 MB."""
    host, port = server[0].rsplit("/", 1)[-1].split(":")
    with socket.create_connection((host, int(port)), timeout=60) as sock:
        sock.sendall(b"POST /v1/translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100000000\r\n\r\n" + b"{" * 1000)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413") and b"connection: close" in head.lower(), head
    assert json.loads(body)["code"] == "body_too_large"


def test_body_just_under_the_limit_is_parsed_and_refused_by_the_sync_limit(client):
    body = b'{"options": {"mode": "sync"}, ' + _big(2 * 1024 * 1024 - 200)[1:]
    status, answer = check_answer(client, lambda: client.send("POST", "/v1/translate", body,
                                                              {"content-type": "application/json"}))
    assert status == 413 and answer["code"] == "too_large_for_sync", answer


# ------------------------------------------------------------------ PO files that do not belong to the article

def _po_with(po: str, old: str, new: str) -> str:
    assert old in po, old
    return po.replace(old, new, 1)


PO_MISMATCHES: list[tuple[str, Callable[[str], str], dict]] = [
    ("Language is the source", lambda po: _po_with(po, '"Language: uk\\n"', '"Language: en\\n"'), {}),
    ("Language unknown", lambda po: _po_with(po, '"Language: uk\\n"', '"Language: xx\\n"'), {}),
    ("no Language", lambda po: _po_with(po, '"Language: uk\\n"', ""), {}),
    ("another article id", lambda po: po, {"id": "a2"}),
    ("a Ukrainian article", lambda po: po, {"id": "a1", "body": "Міська рада зібралася в понеділок.",
                                            "source": "uk"}),
    ("another article text", lambda po: _po_with(po, '"X-L10n-Article: a1\\n"', ""),
     {"id": "a1", "body": "Kharkiv rebuilds as talks resume in Istanbul."}),
    ("not a PO file", lambda po: "<xliff>" * 1000, {}),
    ("PO with a NUL", lambda po: po.replace("msgstr", "msg\x00str"), {}),
]


@pytest.mark.parametrize("po_edit,article", [(m[1], m[2]) for m in PO_MISMATCHES], ids=[m[0] for m in PO_MISMATCHES])
def test_po_of_another_language_or_article_is_refused(client, exported_po, po_edit, article):
    payload = {"article": {"id": "a1", "body": SENTENCE, **article}, "po": po_edit(exported_po)}
    status, answer = check_answer(client, lambda: client.post_json("/v1/po/import", payload))
    assert 400 <= status < 500, answer


def test_the_exported_po_itself_imports(client, exported_po):
    status, answer = check_answer(client, lambda: client.post_json(
        "/v1/po/import", {"article": {"id": "a1", "body": SENTENCE}, "po": exported_po}), {200})
    assert answer["lang"] == "uk"


def test_connection_idle_longer_than_a_client_pool_expiry_is_still_open(server):
    """httpx expires pooled connections after 5 s idle, uvicorn's default keep-alive is also 5 s:
    a request written at 4.9 s races the server's close. ``l10n serve`` keeps idle connections
    75 s (``--keep-alive``), so a connection idle 6 s is still served on the same socket."""
    import time
    client = KeepAlive(server[0])
    try:
        client.probe()
        sock = client.conn.sock
        time.sleep(6)
        client.probe()
        assert client.conn.sock is sock
    finally:
        client.conn.close()


def test_no_traceback_in_the_server_log(client, server):
    client.probe()
    assert "Traceback" not in server[1].read_text(errors="replace")
