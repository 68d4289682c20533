"""Clumsy and hostile CLI use: one error line (no traceback), a non-zero exit, no file written
outside its folder, no output lost to a name clash, no export onto its own store, umask kept.

The tests run as root in CI, so "unwritable" is a path below a regular file or under /proc,
which refuses root as well.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ARTICLE = "# Talks resume\n\nThe president met the prime minister on Monday.\n"
ROOT = Path(__file__).resolve().parents[1]


def one_line_error(code: int, err: str) -> None:
    assert code not in (0, None), err
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("l10n: error: "), err
    assert len(lines[0]) < 500


@pytest.fixture
def work(tmp_path, monkeypatch, installed_home):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("L10N_HOME", str(installed_home))
    (tmp_path / "news.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "blocker").write_text("a file, not a folder\n", encoding="utf-8")
    return tmp_path


BAD_OUT = ["blocker", "blocker/sub", "/proc/l10n-cannot-write"]


@pytest.mark.parametrize("out", BAD_OUT)
def test_translate_into_a_bad_out_folder(cli, work, out):
    one_line_error(*cli("translate", "news.md", "--to", "uk", "--out", out, "--no-memory", "--quiet")[::2])


@pytest.mark.parametrize("out", BAD_OUT)
def test_po_export_into_a_bad_out_folder(cli, work, out):
    one_line_error(*cli("po", "export", "news.md", "--to", "uk", "--no-mt", "--out", out,
                        "--memory", "tm.sqlite3")[::2])


@pytest.mark.parametrize("target", ["blocker/x.tmx", "/proc/l10n-cannot-write.tmx", "."])
def test_tm_export_to_a_bad_path(cli, work, target):
    one_line_error(*cli("tm", "export", target, "--memory", "tm.sqlite3")[::2])


@pytest.mark.parametrize("target", ["blocker/g.yaml", "/proc/l10n-g.yaml", "."])
def test_glossary_import_export_to_a_bad_path(cli, work, target):
    (work / "g.csv").write_text("id,en,uk\nkyiv,Kyiv,Київ\n", encoding="utf-8")
    one_line_error(*cli("glossary", "import", "g.csv", "-o", target)[::2])
    one_line_error(*cli("glossary", "export", "g.csv", "--format", "tbx", "-o", target)[::2])


@pytest.mark.parametrize("argv", [
    ["translate", "news.md", "--to", "uk", "--threads", "-5"],
    ["translate", "news.md", "--to", "uk", "--beam-size", "0"],
    ["translate", "news.md", "--to", "uk", "--threads", "many"],
    ["serve", "--port", "70000"],
    ["serve", "--port", "0"],
    ["serve", "--workers", "0"],
    ["serve", "--timeout", "nan"],
])
def test_numbers_are_validated_by_argparse(cli, work, capsys, argv):
    with pytest.raises(SystemExit) as exc:
        cli(*argv)
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "Traceback" not in err
    assert "must be" in err or "expected" in err


def test_non_utf8_and_surrogates_in_jsonl(cli, work):
    (work / "sur.jsonl").write_text('{"text": "a \\ud800 b."}\n', encoding="utf-8")
    code, out, err = cli("segment", "--jsonl", "sur.jsonl")
    assert "lone surrogate" in json.loads(out)["error"] and "Traceback" not in err
    (work / "pe.jsonl").write_text('{"source": "Hi \\udfff", "target": "Привіт"}\n', encoding="utf-8")
    code, out, err = cli("postedit", "pe.jsonl", "--to", "uk")
    assert code != 0 and "lone surrogate" in json.loads(out)["error"]


#: every JSON-lines batch command: its argv before FILE, and a good line for it
BATCHES = {
    "segment": (["segment", "--lang", "en", "--jsonl"], {"text": "Dr. Who came.\u2028He left."}),
    "postedit": (["postedit", "--to", "uk"], {"source": "In Kyiv.\u2028Today.", "target": "У Києві.\u2028Сьогодні."}),
    "format": (["format", "--jsonl"], {"kind": "plural", "value": "21", "locale": "uk_UA"}),
    "check": (["check", "--from", "en", "--to", "uk", "--json"], {"source": "Hi.\u2028", "target": "Привіт.\u2028"}),
}
HOSTILE_LINES = ['{"text": ' + "9" * 5000 + "}", "[" * 100_000 + "]" * 100_000, '{"text": "a \\ud800 b"}',
                 "{not json", "[1, 2]"]


@pytest.mark.parametrize("command", sorted(BATCHES))
def test_every_jsonl_batch_reports_each_bad_line_and_goes_on(cli, work, command):
    """Huge integers, deep nesting, lone surrogates, bad JSON, a non-object: one error per line, never a
    traceback; a raw U+2028 inside a string does not end the line (only \\n does)."""
    argv, good = BATCHES[command]
    lines = HOSTILE_LINES + [json.dumps(good, ensure_ascii=False)]
    (work / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = cli(*argv, "in.jsonl")
    assert "Traceback" not in err and err == ""
    if command == "check":
        report = json.loads(out)
        assert report["segments"] == 6 and code == 3
        assert [(i["line"], i["code"]) for i in report["issues"] if i["code"] == "bad-line"] == \
            [(n, "bad-line") for n in range(1, 6)]
        return
    rows = [json.loads(line) for line in out.split("\n") if line]  # str.splitlines would split at U+2028
    assert len(rows) == 6 and code == (0 if command == "segment" else 1)
    assert [row.get("error", "")[:8] for row in rows[:5]] == [f"line {n}: " for n in range(1, 6)]
    assert "error" not in rows[5]
    assert rows[0]["error"].startswith("line 1: not JSON: unreadable JSON")
    assert "nested deeper" in rows[1]["error"] and "lone surrogate" in rows[2]["error"]
    assert rows[4]["error"] == "line 5: expected a JSON object"


@pytest.mark.parametrize("command", sorted(BATCHES))
def test_non_utf8_jsonl_is_one_line_naming_file_and_line(cli, work, command):
    (work / "bad.jsonl").write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    code, _, err = cli(*BATCHES[command][0], "bad.jsonl")
    one_line_error(code, err)
    assert "bad.jsonl:2: not valid UTF-8" in err


@pytest.mark.parametrize("body", ['{"id": "a", "body": "Hi \\ud800 there."}',
                                  '{"id": ' + "9" * 5000 + ', "body": "Hello."}',
                                  '{"body": ' + "[" * 100000 + "]" * 100000 + "}"])
def test_hostile_json_article_is_one_line(cli, work, body):
    (work / "a.json").write_text(body, encoding="utf-8")
    one_line_error(*cli("translate", "a.json", "--to", "uk", "--out", "out", "--no-memory", "--quiet")[::2])
    assert not (work / "out").exists()


def test_long_input_is_not_echoed_in_full(cli, work):
    one_line_error(*cli("translate", "news.md", "--to", "x" * 5000, "--out", "out")[::2])


def test_api_key_file_errors(cli, work):
    (work / "keys.bin").write_bytes(b"\xff\xfe\x00")
    for path in (".", "keys.bin", "missing.txt"):
        one_line_error(*cli("serve", "--api-key-file", path)[::2])
    one_line_error(*cli("serve", "--api-key-file", "blocker/keys.txt", "--new-api-key", "desk")[::2])
    one_line_error(*cli("serve", "--api-key-file", "keys.txt", "--new-api-key", "a b\nsha256:x")[::2])


def test_serve_with_a_corrupt_job_store_is_one_line(work, tmp_path):
    home = tmp_path / "home"
    (home / "service").mkdir(parents=True)
    (home / "service" / "jobs.sqlite3").write_bytes(b"not a database " * 100)
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "serve", "--home", str(home), "--port", "1"],
                          capture_output=True, text=True, timeout=120)  # a subprocess: a regression cannot hang
    code, err = proc.returncode, proc.stderr
    one_line_error(code, err)
    assert "jobs.sqlite3" in err and "job store" in err


def test_serve_without_the_service_extra_says_how_to_install(work):
    code = ("import sys; sys.modules['uvicorn'] = None\n"  # as on an install without l10n[service]
            "from l10n.cli import main; sys.exit(main(['serve']))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    one_line_error(proc.returncode, proc.stderr)
    assert "pip install 'l10n[service]'" in proc.stderr


# --------------------------------------------------------------------------- paths are data

@pytest.mark.parametrize("doc_id", ["../../escaped", "/tmp/l10n-absolute-escape", "..", "a/../../b", "x\ny"])
def test_po_export_keeps_hostile_article_ids_inside_out(cli, work, doc_id):
    (work / "a.json").write_text(json.dumps({"id": doc_id, "body": "Hello there."}), encoding="utf-8")
    code, out, err = cli("po", "export", "a.json", "--to", "uk", "--no-mt", "--out", "locales/deep",
                         "--memory", "tm.sqlite3", "--json")
    assert code == 0, err
    root = (work / "locales" / "deep").resolve()
    for f in json.loads(out)["files"]:
        path = (work / f["path"]).resolve()
        assert root in path.parents and path.exists()
        assert path.parent.name in ("uk", "templates")
    assert not Path("/tmp/l10n-absolute-escape.po").exists()
    assert sorted(p.name for p in work.rglob("*.po*")) != []
    assert not (work / "escaped.po").exists() and not (work.parent / "escaped.po").exists()


def test_two_inputs_with_one_output_name_fail_before_writing(cli, work):
    for d in ("a", "b"):
        (work / d).mkdir()
        (work / d / "news.md").write_text(ARTICLE, encoding="utf-8")
    code, _, err = cli("translate", "a/news.md", "b/news.md", "--to", "uk", "--out", "out", "--no-memory", "--quiet")
    one_line_error(code, err)
    assert "a/news.md" in err and "b/news.md" in err and not (work / "out").exists()
    code, _, err = cli("po", "export", "a/news.md", "b/news.md", "--to", "uk", "--no-mt", "--out", "loc",
                       "--memory", "tm.sqlite3")
    one_line_error(code, err)
    assert not (work / "loc").exists()


def test_tm_export_never_overwrites_its_store(cli, work):
    store = work / "tm.sqlite3"
    cli("tm", "stats", "--memory", str(store))
    one_line_error(*cli("tm", "export", str(store), "--memory", str(store))[::2])
    one_line_error(*cli("tm", "export", "./tm.sqlite3", "--memory", str(store))[::2])
    with sqlite3.connect(store) as db:  # still the memory, not a TMX file
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0
    other = work / "other.sqlite3"
    other.write_bytes(store.read_bytes())
    one_line_error(*cli("tm", "export", str(other), "--memory", str(store))[::2])


def test_outputs_follow_the_umask(cli, work):
    old = os.umask(0o022)
    try:
        code, _, err = cli("translate", "news.md", "--to", "uk", "--out", "out", "--no-memory", "--quiet")
        assert code == 0, err
        mode = stat.S_IMODE((work / "out" / "news.uk.md").stat().st_mode)
        assert mode == 0o644
        os.umask(0o077)
        cli("translate", "news.md", "--to", "uk", "--out", "out2", "--no-memory", "--quiet")
        assert stat.S_IMODE((work / "out2" / "news.uk.md").stat().st_mode) == 0o600
    finally:
        os.umask(old)
