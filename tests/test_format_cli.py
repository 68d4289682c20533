"""``l10n format`` and ``l10n check`` through the real CLI entry point."""

import json
import subprocess
import sys
from pathlib import Path

from l10n.cli import main

NBSP = "\u00a0"
ROOT = Path(__file__).resolve().parent.parent


def run(argv, capsys, stdin=None, monkeypatch=None):
    if stdin is not None:
        import io
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8"))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_format_single_values(capsys):
    assert run(["format", "number", "1234567.891", "--locale", "uk_UA"], capsys)[:2] == (0, f"1{NBSP}234{NBSP}567,891\n")
    assert run(["format", "currency", "7000000000", "USD", "--locale", "tr_TR", "--compact"], capsys)[1] == f"$7{NBSP}Mr\n"
    assert run(["format", "date", "2022-02-24", "--locale", "ru_RU", "--style", "long"], capsys)[1] == "24 февраля 2022\u202fг.\n"
    assert run(["format", "plural", "21", "--locale", "uk_UA"], capsys)[1] == "one\n"


def test_format_errors_are_one_line(capsys):
    code, out, err = run(["format", "number", "5", "--locale", "uk_XX"], capsys)
    assert code == 1 and out == "" and err.count("\n") == 1 and "close matches: uk_UA" in err
    code, _, err = run(["format", "currency", "5", "US$", "--locale", "uk_UA"], capsys)
    assert code == 1 and "malformed currency code" in err


def test_format_jsonl_with_bad_line(capsys, monkeypatch):
    lines = "\n".join([
        json.dumps({"kind": "date", "value": "2024-03-05T14:07:09", "locale": "uk_UA", "style": "full"}),
        json.dumps({"kind": "currency", "value": "1234.5", "currency": "UAH", "locale": "uk_UA"}),
        "{not json",
        json.dumps({"kind": "plural", "value": "21", "locale": "uk_UA"}),
        json.dumps(["a list"]),
    ]) + "\n"
    code, out, _ = run(["format", "--jsonl"], capsys, stdin=lines, monkeypatch=monkeypatch)
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 1
    assert rows[0] == {"result": "вівторок, 5 березня 2024\u202fр."}
    assert rows[1] == {"result": f"1{NBSP}234,50{NBSP}₴"}
    assert rows[2]["error"].startswith("line 3: not JSON")
    assert rows[3] == {"result": "one"}
    assert rows[4]["error"].startswith("line 5: expected a JSON object")


def test_check_human_and_json(tmp_path, capsys):
    f = tmp_path / "seg.jsonl"
    f.write_text("\n".join([
        json.dumps({"source": "It cost $7 billion.", "target": "Це коштувало 7 млн доларів."}, ensure_ascii=False),
        json.dumps({"source": "Up 1.5%.", "target": f"Зросли на 1,5{NBSP}%."}, ensure_ascii=False),
        "oops",
    ]) + "\n", encoding="utf-8")
    code, out, _ = run(["check", "--from", "en", "--to", "uk", str(f)], capsys)
    assert code == 3
    assert out.splitlines()[0] == "3 segments checked: 1 critical, 1 error, 0 warning, 0 info"
    assert "line 1: critical: value-mismatch" in out and "line 3: error: bad-line" in out
    code, out, _ = run(["check", "--from", "en", "--to", "uk", "--json", str(f)], capsys)
    report = json.loads(out)
    assert code == 3 and report["failed"] and [i["line"] for i in report["issues"]] == [1, 3]


def test_check_clean_file_exits_zero(tmp_path, capsys):
    f = tmp_path / "ok.jsonl"
    f.write_text(json.dumps({"source": "Up 1.5%.", "target": f"Зросли на 1,5{NBSP}%."}, ensure_ascii=False) + "\n",
                 encoding="utf-8")
    assert run(["check", "--from", "en", "--to", "uk", str(f)], capsys)[0] == 0
    code, _, err = run(["check", "--from", "en", "--to", "xx", str(f)], capsys)
    assert code == 1 and "unknown language code" in err


def test_cli_module_imports_stay_light():
    code = ("import sys, l10n.cli.format, l10n.cli.check; "
            "bad = [m for m in ('babel', 'yaml', 'l10n.localize', 'l10n.qa') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT)}).stdout
    assert out.strip() == "[]"
