"""Reliability under hostile and clumsy input: cases tried per category, and for each the crashes
(an exception that is not an ``L10nError``), tracebacks (printed by the CLI), hangs (over
``--hang-s``), wrong exits (a bad case exiting 0, a good one non-zero) and data-loss events (an
untranslated round trip that is not byte-exact, a write outside its folder, an overwritten
input); and the service's 5xx answers to hostile requests.  Goal: 0 in every column.

Sections are functions returning ``Tally`` rows, listed in ``SECTIONS``; another section (the
service under faults) is one more function appended there.

    python benchmarks/bench_reliability.py [--quick]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, data_arg  # noqa: E402

from l10n.errors import L10nError  # noqa: E402


@dataclass
class Tally:
    category: str
    cases: int = 0
    crashes: int = 0
    tracebacks: int = 0
    hangs: int = 0
    wrong_exits: int = 0
    data_loss: int = 0
    server_errors: int = 0
    slowest_s: float = 0.0
    notes: list[str] = field(default_factory=list)

    def bad(self, kind: str, note: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        if len(self.notes) < 3:
            self.notes.append(note[:120])


def _timed(tally: Tally, hang_s: float, name: str, fn) -> object:
    """Run ``fn``; count a crash (non-L10nError) or a hang; return its result (None on error)."""
    tally.cases += 1
    start = time.perf_counter()
    try:
        return fn()
    except L10nError:
        return None
    except Exception as exc:  # noqa: BLE001 - that is what we count
        tally.bad("crashes", f"{name}: {type(exc).__name__}: {exc}")
        return None
    finally:
        spent = time.perf_counter() - start
        tally.slowest_s = max(tally.slowest_s, spent)
        if spent > hang_s:
            tally.bad("hangs", f"{name}: {spent:.1f} s")


def hostile_articles(scale: int) -> dict[str, tuple[str, str]]:
    n = scale
    return {
        "md [*n": ("markdown", "[" * n), "md [*n+**n": ("markdown", "[" * n + "*" * n),
        "md nested links": ("markdown", "[" * n + "a" + "](u)" * n),
        "md link tails": ("markdown", "[" * n + "](" * n), "md ticks": ("markdown", "`a``b" * n),
        "md emphasis": ("markdown", "_a " * n + "a* " * n), "md html": ("markdown", "<i>" * n + "</b>" * n),
        "md comments": ("markdown", "<!--" * n), "md urls": ("markdown", "ahttp://" * n),
        "md footrefs": ("markdown", "[^" * n), "md spaces": ("markdown", "a" + " " * n + "b"),
        "md 19k word": ("markdown", "x" * 19000), "md NUL": ("markdown", "a\x00b *c*\x00"),
        "html div": ("html", "<div>" * n + "x"), "html li ul": ("html", "<li><ul>" * n + "x"),
        "html code": ("html", "<code>" * n + "x"), "html tags": ("html", "<a " * n),
        "html quotes": ("html", '<a b="' * n), "html comments": ("html", "<!--" * n),
        "html p b": ("html", "<p>x<b>" * n), "text NUL": ("text", "Hello\x00 world.\n\n" * 10),
        "json deep": ("json", '{"body": ' + "[" * (10 * n) + "]" * (10 * n) + "}"),
        "json bigint": ("json", '{"id": ' + "9" * 5000 + ', "body": "x"}'),
        "json surrogate": ("json", '{"body": "a \\ud800 b"}'),
    }


def section_parsers(args) -> list[Tally]:
    """Article readers on hostile input: bounded time, no crash, byte-exact untranslated round trip."""
    from l10n.formats import read_document, render_document
    tally = Tally("article readers")
    for name, (fmt, text) in hostile_articles(args.scale).items():
        doc = _timed(tally, args.hang_s, name, lambda: read_document(text, fmt=fmt))
        if doc is not None and render_document(doc, {}) != text:
            tally.bad("data_loss", f"{name}: round trip differs")
    return [tally]


def section_structured(args) -> list[Tally]:
    """Glossaries (YAML/CSV/TBX), PO and TMX files: hostile ones are one L10nError, valid ones load."""
    from l10n.glossary.load import parse_csv, parse_tbx, parse_yaml
    from l10n.po import read_po
    tally = Tally("glossary / PO / TMX")
    cases = [
        (parse_yaml, "terms:\n  - " + "[" * 5000 + "]" * 5000, False),
        (parse_yaml, "terms: " + "{a: " * 5000 + "1" + "}" * 5000, False),
        (parse_yaml, "terms:\n  - id: a\n    en: " + "9" * 5000 + "\n", False),
        (parse_yaml, 'terms:\n  - id: a\n    en: "\\ud800"\n    uk: x\n', False),
        (parse_yaml, "terms:\n  - id: \"abc\\n\"\n    en: A\n    uk: Б\n", False),
        (parse_csv, "id,en,uk\rkyiv,Kyiv,Київ\r", True),
        (parse_csv, "id,en,uk\n\"kyiv,Kyiv\n", False),
        (parse_tbx, "<martif>" + "<a>" * 50000 + "</a>" * 50000 + "</martif>", None),
        (parse_tbx, '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><martif>&c;</martif>', None),
    ]
    header = 'msgid ""\nmsgstr ""\n"Language: uk\\n"\n\n'
    cases += [(read_po, header + body, ok) for body, ok in [
        ('msgid "a"\nmsgstr "b\\q"\n', False), ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', False),
        ('msgid "a"\nmsgstr[9] "b"\n', False), ('msgid "a"\nmsgstr "b"\n', True),
        ('msgid "a\nmsgstr "b"\n', False), ("\x00" * 100, False)]]
    cases.append((read_po, header.replace('"Language: uk\\n"', '"Plural-Forms: nplurals=abc; plural=0;\\n"')
                   + 'msgid "a"\nmsgstr "b"\n', False))
    for k, (fn, text, ok) in enumerate(cases):
        result = _timed(tally, args.hang_s, f"{fn.__name__}#{k}", lambda: fn(text))
        if ok is not None and (result is not None) != ok:
            tally.bad("wrong_exits", f"{fn.__name__}#{k}: {'rejected' if ok else 'accepted'}")
    with tempfile.TemporaryDirectory() as tmp:
        from l10n.tm import TranslationMemory, import_tmx
        tm = TranslationMemory(Path(tmp) / "tm.sqlite3")
        for k, body in enumerate(["<tmx>" + "<a>" * 50000, "<tmx><body><tu><tuv xml:lang='en'><seg>\ud800",
                                  "not xml at all", "<tmx version='1.4'><body/></tmx>"]):
            path = Path(tmp) / f"{k}.tmx"
            path.write_bytes(body.encode("utf-8", "surrogatepass"))
            _timed(tally, args.hang_s, f"tmx#{k}", lambda: import_tmx(tm, path))
    return [tally]


CLI_CASES = [  # (argv, should succeed)
    (["translate", "news.md", "--to", "uk", "--out", "blocker"], False),
    (["translate", "news.md", "--to", "uk", "--out", "blocker/sub"], False),
    (["translate", "news.md", "--to", "uk", "--out", "/proc/l10n-x"], False),
    (["translate", "a/news.md", "b/news.md", "--to", "uk", "--out", "clash"], False),
    (["translate", "news.md", "--to", "uk", "--threads", "-5"], False),
    (["translate", "news.md", "--to", "uk", "--beam-size", "0"], False),
    (["translate", "news.md", "--to", "x" * 5000], False),
    (["translate", "sur.json", "--to", "uk", "--out", "o1"], False),
    (["translate", "big.json", "--to", "uk", "--out", "o2"], False),
    (["translate", "news.md", "--to", "uk", "--out", "good"], True),
    (["po", "export", "news.md", "--to", "uk", "--no-mt", "--out", "blocker"], False),
    (["po", "export", "a/news.md", "b/news.md", "--to", "uk", "--no-mt", "--out", "poclash"], False),
    (["po", "export", "evil.json", "--to", "uk", "--no-mt", "--out", "locales/x"], True),
    (["tm", "export", "tm.sqlite3", "--memory", "tm.sqlite3"], False),
    (["tm", "export", "blocker/x.tmx", "--memory", "tm.sqlite3"], False),
    (["glossary", "import", "g.csv", "-o", "blocker/g.yaml"], False),
    (["glossary", "export", "g.csv", "--format", "tbx", "-o", "."], False),
    (["segment", "--jsonl", "latin1.jsonl"], False),
    (["serve", "--port", "70000"], False),
    (["serve", "--api-key-file", "."], False),
    (["serve", "--api-key-file", "latin1.jsonl"], False),
    (["serve", "--api-key-file", "blocker/k", "--new-api-key", "desk"], False),
]


def _cli_workdir(tmp: Path) -> None:
    (tmp / "news.md").write_text("# Talks\n\nThe president met the minister on Monday.\n", encoding="utf-8")
    (tmp / "blocker").write_text("x", encoding="utf-8")
    for d in ("a", "b"):
        (tmp / d).mkdir()
        (tmp / d / "news.md").write_text("Hello there.\n", encoding="utf-8")
    (tmp / "sur.json").write_text('{"body": "Hi \\ud800."}', encoding="utf-8")
    (tmp / "big.json").write_text('{"id": ' + "9" * 5000 + ', "body": "Hi."}', encoding="utf-8")
    (tmp / "evil.json").write_text(json.dumps({"id": "../../../escaped", "body": "Hello."}), encoding="utf-8")
    (tmp / "g.csv").write_text("id,en,uk\nkyiv,Kyiv,Київ\n", encoding="utf-8")
    (tmp / "latin1.jsonl").write_bytes(b'{"text": "caf\xe9"}\n')


def section_cli(args) -> list[Tally]:
    """The CLI in-process: exit code, one error line, no traceback, nothing written outside --out."""
    import os

    from l10n.cli import main
    tally = Tally("CLI")
    with tempfile.TemporaryDirectory() as tmp_name, _home() as home:
        tmp = Path(tmp_name)
        _cli_workdir(tmp)
        old = os.getcwd()
        os.chdir(tmp)
        os.environ["L10N_HOME"] = str(home)
        try:
            for argv, ok in CLI_CASES:
                err = io.StringIO()
                with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                    code = _timed(tally, args.hang_s, " ".join(argv)[:60], lambda: _exit_code(main, argv))
                text = err.getvalue()
                if "Traceback" in text or code is None:
                    tally.bad("tracebacks", f"{argv[:3]}: {text[-100:]}")
                if code is not None and (code == 0) != ok:
                    tally.bad("wrong_exits", f"{' '.join(argv)[:60]} -> {code}")
                if not ok and len(max(text.splitlines() or [""], key=len)) > 500:
                    tally.bad("wrong_exits", f"{argv[:3]}: error line of {len(text)} characters")
            if (tmp.parent / "escaped.po").exists() or any(tmp.parent.glob("**/escaped.po*")) and \
                    not any((tmp / "locales").rglob("escaped.po")):
                tally.bad("data_loss", "po export wrote outside --out")
            if (tmp / "clash").exists() or (tmp / "poclash").exists():
                tally.bad("data_loss", "a name clash wrote a file")
        finally:
            os.chdir(old)
    return [tally]


def _exit_code(main, argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:  # argparse
        return int(exc.code or 0)


@contextlib.contextmanager
def _home():
    """A data directory with the real test packages installed (shared by the CLI and service)."""
    from l10n.engines.install import install_path
    from l10n.settings import Settings
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        with contextlib.redirect_stderr(io.StringIO()):
            install_path(Settings(home=home), ROOT / "tests" / "fixtures" / "models")
        yield home


def service_cases() -> list[tuple[str, str, object, dict | None]]:
    """(method, path, JSON body or raw bytes, headers) of hostile requests."""
    sur = "Hi \ud800 there."
    return [
        ("POST", "/v1/translate", {"body": "x" * 19000, "target": ["uk"]}, None),
        ("POST", "/v1/translate", {"body": "[" * 19000, "format": "markdown", "target": ["uk"]}, None),
        ("POST", "/v1/translate", {"body": "[" * 1000 + "a" + "](u)" * 1000, "format": "markdown",
                                   "target": ["uk"]}, None),
        ("POST", "/v1/translate", {"body": "<b>" * 1000 + "x" + "</b>" * 1000, "format": "markdown",
                                   "target": ["uk"]}, None),
        ("POST", "/v1/translate", {"body": sur, "target": ["uk"]}, None),
        ("POST", "/v1/translate", {"body": "Hello.", "target": ["uk"], "id": sur}, None),
        ("POST", "/v1/translate", {"body": "Hello.", "target": ["uk"],
                                   "webhook_url": "http://127.0.0.1:99999/x"}, None),
        ("POST", "/v1/translate", {"body": "Hello.", "target": ["uk"],
                                   "webhook_url": "http://127.0.0.1:abc/x"}, None),
        ("POST", "/v1/detect", {"text": sur}, None),
        ("POST", "/translate", {"q": sur, "source": "en", "target": "uk"}, None),
        ("POST", "/translate", {"q": "x" * 19000, "source": "en", "target": "uk"}, None),
        ("POST", "/detect", {"q": sur}, None),
        ("PUT", "/v1/glossaries/abc%0A", {"format": "yaml", "content": "terms: []\n"}, None),
        ("PUT", "/v1/glossaries/g1", {"format": "yaml", "content": "terms:\n  - " + "[" * 5000}, None),
        ("PUT", "/v1/glossaries/g2", {"format": "csv", "content": "id,en,uk\rkyiv,Kyiv,Київ\r"}, None),
        ("PUT", "/v1/glossaries/g3", {"format": "yaml", "content": f"terms:\n  - id: a\n    en: {sur}\n"}, None),
        ("POST", "/v1/po/export", {"article": {"id": sur, "body": "Hello."}, "target": ["uk"]}, None),
        ("POST", "/v1/po/import", {"article": {"body": "Hello."}, "po": f'msgid "a"\nmsgstr "{sur}"\n'}, None),
        ("POST", "/v1/translate", b'{"body": "x", ' + b'"f%d": 1, ' * 1 + b"}", {"content-type": "application/json"}),
        ("POST", "/v1/translate", b"[" * 100000 + b"]" * 100000, {"content-type": "application/json"}),
        ("POST", "/v1/translate", b"\xff\xfe not json", {"content-type": "application/json"}),
    ]


def section_service(args) -> list[Tally]:
    """The service in-process (real models): hostile requests get a 4xx JSON error or a translation."""
    try:
        from fastapi.testclient import TestClient

        from l10n.service.app import create_app
        from l10n.settings import Settings
    except ModuleNotFoundError:
        return [Tally("service (extra not installed)")]
    tally = Tally("service hostile input")
    many = json.dumps({"body": "Hello.", "target": ["uk"], **{f"f{k}": k for k in range(150000)}})
    cases = service_cases() + [("POST", "/v1/translate", many.encode(), {"content-type": "application/json"})]
    with _home() as home, TestClient(create_app(Settings(home=home)), raise_server_exceptions=False) as client:
        for method, path, body, headers in cases:
            kwargs = {"content": body, "headers": headers} if isinstance(body, bytes) else \
                {"content": json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass"),
                 "headers": {"content-type": "application/json"}}
            resp = _timed(tally, args.hang_s, f"{method} {path}",
                          lambda: client.request(method, path, **kwargs))
            if resp is None:
                continue
            if resp.status_code >= 500:
                tally.bad("server_errors", f"{method} {path} -> {resp.status_code} {resp.text[:60]}")
            elif len(resp.content) > 64 * 1024 and resp.status_code >= 400:
                tally.bad("wrong_exits", f"{method} {path}: error body {len(resp.content)} bytes")
        alive = client.get("/v1/health") if hasattr(client, "get") else None
        if alive is not None and alive.status_code >= 500:
            tally.bad("server_errors", "health after hostile input")
    return [tally]


SECTIONS = [section_parsers, section_structured, section_cli, section_service]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data_arg(parser)  # (no eval data needed; accepted for uniformity)
    parser.add_argument("--scale", type=int, default=16000, help="size n of the generated hostile inputs")
    parser.add_argument("--hang-s", type=float, default=10.0, help="seconds after which a case counts as a hang")
    parser.add_argument("--quick", action="store_true", help="small inputs (n=2000)")
    args = parser.parse_args()
    if args.quick:
        args.scale = 2000
    rows: list[Tally] = []
    for section in SECTIONS:
        rows.extend(section(args))
    cols = ("cases", "crashes", "tracebacks", "hangs", "wrong_exits", "data_loss", "server_errors")
    print(f"{'category':24s} " + " ".join(f"{c:>11s}" for c in cols) + "   slowest")
    for r in rows:
        print(f"{r.category:24s} " + " ".join(f"{getattr(r, c):>11d}" for c in cols) + f"   {r.slowest_s:6.2f} s")
        for note in r.notes:
            print(f"    ! {note}")
    totals = {c: sum(getattr(r, c) for r in rows) for c in cols}
    bad = sum(v for k, v in totals.items() if k != "cases")
    print(f"reliability: {totals['cases']} hostile cases, {totals['crashes']} crashes, {totals['tracebacks']} "
          f"tracebacks, {totals['hangs']} hangs, {totals['wrong_exits']} wrong exits, {totals['data_loss']} "
          f"data-loss events, {totals['server_errors']} 5xx (goal 0; {bad} failures)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
