"""``l10n translate`` end to end with real test packages, and its user errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import EXAMPLES, ROOT

ARTICLE = EXAMPLES / "kyiv-talks.md"


def _structure(md: str) -> list[str]:
    """The Markdown skeleton: heading/list markers and link targets, in order."""
    marks = []
    for line in md.splitlines():
        m = re.match(r"^(#{1,6} |\s*[-*] |\s*\d+\. |> )", line)
        if m:
            marks.append(m.group(1))
    marks += re.findall(r"\]\(([^)]+)\)", md)
    return marks


def test_translate_example_article_to_three_languages(installed_home, tmp_path, cli):
    out = tmp_path / "out"
    code, _, err = cli("translate", str(ARTICLE), "--from", "en", "--to", "uk,ru,tr",
                       "--out", str(out), "--home", str(installed_home), "--no-memory")
    assert code == 0, err
    source = ARTICLE.read_text(encoding="utf-8")
    for lang in ("uk", "ru", "tr"):
        result = (out / f"kyiv-talks.{lang}.md").read_text(encoding="utf-8")
        assert _structure(result) == _structure(source), lang
        assert result != source
    uk = (out / "kyiv-talks.uk.md").read_text(encoding="utf-8")
    assert re.search(r"[іїєґ]", uk) and "Харків" in uk
    ru = (out / "kyiv-talks.ru.md").read_text(encoding="utf-8")
    assert re.search(r"[ыэъ]", ru)


def test_json_report_and_stdin(installed_home, cli, monkeypatch):
    import io
    text = ARTICLE.read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode()), encoding="utf-8"))
    code, out, err = cli("translate", "-", "--from", "en", "--to", "uk", "--format", "markdown", "--json",
                         "--home", str(installed_home), "--no-memory", "-q")
    assert code == 0, err
    report = json.loads(out)["translations"][0]
    assert report["lang"] == "uk" and report["source_lang"] == "en"
    assert report["segments"] and all({"id", "source", "target", "flags"} <= set(s) for s in report["segments"])


def test_auto_detects_english(installed_home, tmp_path, cli):
    code, _, err = cli("translate", str(ARTICLE), "--to", "tr", "--out", str(tmp_path),
                       "--home", str(installed_home), "--no-memory", "-q")
    assert code == 0, err
    assert (tmp_path / "kyiv-talks.tr.md").exists()


@pytest.mark.parametrize("args, message", [
    (["--to", "xx"], "unknown language code 'xx'"),
    (["--to", "uk", "--from", "klingon"], "unknown language code 'klingon'"),
    (["--to", "uk", "--from", "tr"], "l10n models install tr-uk"),
])
def test_user_errors_are_one_line(installed_home, tmp_path, cli, args, message):
    code, out, err = cli("translate", str(ARTICLE), "--out", str(tmp_path / "o"), "--home",
                         str(installed_home), "--no-memory", *args)
    assert code == 1
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_input_errors(installed_home, tmp_path, cli):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Hello\nCaf\xe9 au lait.\n".encode("latin-1"))
    for path, message in [(tmp_path / "missing.md", "no such file"), (empty, "empty"),
                          (latin, "latin.txt:2: not valid UTF-8"), (tmp_path, "is a directory")]:
        code, _, err = cli("translate", str(path), "--to", "uk", "--home", str(installed_home), "--no-memory")
        assert code == 1, path
        assert message in err and err.count("\n") == 1, err


def test_no_partial_output_when_one_input_is_bad(installed_home, tmp_path, cli):
    out = tmp_path / "out"
    code, _, err = cli("translate", str(ARTICLE), str(tmp_path / "missing.md"), "--to", "uk",
                       "--out", str(out), "--home", str(installed_home), "--no-memory")
    assert code == 1
    assert not out.exists()


def test_console_entry_from_checkout(installed_home, tmp_path):
    """``python cli.py`` works from a checkout, as the README says."""
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "translate", str(ARTICLE), "--to", "uk",
                           "--from", "en", "--out", str(tmp_path), "--home", str(installed_home),
                           "--no-memory", "-q"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "kyiv-talks.uk.md").exists()


def test_help_is_fast_and_lists_commands():
    import time
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--help"], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    assert proc.returncode == 0 and "translate" in proc.stdout and "models" in proc.stdout
    print(f"l10n --help took {elapsed:.3f}s")  # reported by the benchmark, not asserted
