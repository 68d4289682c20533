"""``l10n po`` / ``l10n tm`` commands and the Translator API, in-process and end to end."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polib
import pytest

from l10n.tm import TranslationMemory

ARTICLE = """# Talks resume in Kyiv

The **president** met the [prime minister](https://example.org/pm) on Monday. They discussed grain exports.

Prices rose by 5% in May.
"""


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "news" / "kyiv-talks.md"
    path.parent.mkdir()
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_export_no_mt_then_import_round_trip(cli, article, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    memory = tmp_path / "tm.sqlite3"
    code, out, err = cli("po", "export", str(article), "--to", "uk,tr", "--no-mt", "--from", "en",
                         "--out", "locales", "--memory", str(memory), "--json")
    assert code == 0, err
    files = json.loads(out)["files"]
    assert [f["path"] for f in files] == ["locales/templates/kyiv-talks.pot", "locales/uk/kyiv-talks.po",
                                          "locales/tr/kyiv-talks.po"]
    for f in files:
        proc = subprocess.run(["msgfmt", "--check", "--check-format", "-o", "/dev/null", f["path"]],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    po = polib.pofile("locales/uk/kyiv-talks.po")
    assert all(e.msgstr == "" for e in po) and len(po) == 4
    assert po.metadata["X-L10n-Source-Path"] == "../../news/kyiv-talks.md"
    for e in po:
        e.msgstr = {"Talks resume in Kyiv": "Переговори відновилися в Києві",
                    "Prices rose by 5% in May.": "Ціни зросли на 5% у травні."}.get(e.msgid, "")
    po.save("locales/uk/kyiv-talks.po")

    # article found from the header, relative to the PO file
    code, out, err = cli("po", "import", "locales/uk/kyiv-talks.po", "--out", "out", "--fallback", "source",
                         "--memory", str(memory), "--json")
    assert code == 0, err
    [report] = json.loads(out)["imports"]
    assert report["approved"] == 2 and len(report["untranslated"]) == 2 and report["memory_added"] == 2
    assert Path("out/kyiv-talks.uk.md").read_text(encoding="utf-8") == ARTICLE.replace(
        "# Talks resume in Kyiv", "# Переговори відновилися в Києві").replace(
        "Prices rose by 5% in May.", "Ціни зросли на 5% у травні.")
    assert TranslationMemory(memory).lookup("en", "uk", ["Prices rose by 5% in May."]) == {
        "Prices rose by 5% in May.": "Ціни зросли на 5% у травні."}

    # re-export: the memory's approved translations fill the new PO (not fuzzy)
    code, _, err = cli("po", "export", str(article), "--to", "uk", "--no-mt", "--from", "en",
                       "--out", "locales2", "--memory", str(memory))
    assert code == 0, err
    again = polib.pofile("locales2/uk/kyiv-talks.po")
    assert again.find("Prices rose by 5% in May.").msgstr == "Ціни зросли на 5% у травні."
    assert not again.find("Prices rose by 5% in May.").fuzzy

    # tm stats / export / import
    code, out, _ = cli("tm", "stats", "--memory", str(memory), "--json")
    assert json.loads(out)["pairs"] == {"en-uk": {"human": 2, "mt": 0}}
    code, _, err = cli("tm", "export", "mem.tmx", "--memory", str(memory))
    assert code == 0 and "2 translation units" in err
    code, _, err = cli("tm", "import", "mem.tmx", "--memory", str(tmp_path / "other.sqlite3"))
    assert code == 0 and "2 units added" in err


def test_import_errors_are_one_line_and_write_nothing(cli, article, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("po", "export", str(article), "--to", "uk,ru", "--no-mt", "--from", "en", "--no-memory")[0] == 0
    po = polib.pofile("locales/uk/kyiv-talks.po")
    for e in po:
        e.msgstr = e.msgid.replace("<1>", "").replace("</1>", "")  # placeholder <1> dropped
    po.save("locales/uk/kyiv-talks.po")
    code, out, err = cli("po", "import", "locales/ru/kyiv-talks.po", "locales/uk/kyiv-talks.po",
                         "--out", "out", "--no-memory")
    assert code == 1
    assert err.startswith("l10n: error: locales/uk/kyiv-talks.po:") and "missing tag <1>" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not Path("out").exists()  # the ru file was fine, but nothing is written
    # a PO file for ru placed in the uk folder
    Path("locales/uk/kyiv-talks.po").write_bytes(Path("locales/ru/kyiv-talks.po").read_bytes())
    code, _, err = cli("po", "import", "locales/uk/kyiv-talks.po", "--no-memory")
    assert code == 1 and "Language header says 'ru' but 'uk' was expected" in err
    code, _, err = cli("po", "import", "locales/ru/kyiv-talks.po", "--article", "nope.md", "--no-memory")
    assert code == 1 and "nope.md: no such file" in err


def test_export_without_models_suggests_no_mt(cli, article, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("po", "export", str(article), "--to", "uk", "--from", "en", "--home", str(tmp_path / "home"),
                       "--no-memory")
    assert code == 1
    assert "no translation model for en->uk" in err and "--no-mt" in err
    assert not Path("locales").exists()


class PreparedEngine:
    name = "prepared"

    def __init__(self):
        self.calls = []

    def pairs(self):
        return {("en", "uk")}

    def translate_direct(self, sentences, src, tgt):
        self.calls.append(list(sentences))
        return [f"MT {s}" for s in sentences]


def test_translator_reuses_memory_and_round_trips_po(tmp_path):
    from l10n.api import Translator
    from l10n.po import save_po
    tm = TranslationMemory(tmp_path / "tm.sqlite3")
    tm.add("en", "uk", "Prices rose by 5% in May.", "Ціни зросли на 5% у травні.", origin="human")
    tm.add("en", "uk", "Talks resume in Kyiv", "MT-чернетка", origin="mt")  # drafts are never reused
    engine = PreparedEngine()
    t = Translator(engine=engine, glossary=None, memory=tm)
    pot, pos = t.export_po(ARTICLE, ["uk"], src="en", fmt="markdown", doc_id="kyiv-talks")
    sent = [s for call in engine.calls for s in call]
    assert "Prices rose by 5% in May." not in sent and "Talks resume in Kyiv" in sent
    po = pos["uk"]
    assert po.find("Prices rose by 5% in May.").msgstr == "Ціни зросли на 5% у травні."
    assert po.find("Talks resume in Kyiv").fuzzy
    for e in po:
        if e.fuzzy:
            e.flags.remove("fuzzy")
    save_po(po, tmp_path / "uk.po")
    result = t.import_po(tmp_path / "uk.po", ARTICLE)
    assert "# MT Talks resume in Kyiv" in result.output and "Ціни зросли на 5% у травні." in result.output
    assert result.report["approved"] == 4

    # the translate path: exact approved matches come back with origin "tm" and no MT call
    engine.calls.clear()
    out = t.translate_article("Prices rose by 5% in May.", ["uk"], src="en", fmt="text")["uk"]
    assert engine.calls == [] and out.output == "Ціни зросли на 5% у травні."
    assert [s.origin for s in out.segments] == ["tm"]


def test_source_date_epoch_makes_exports_reproducible(cli, article, tmp_path, monkeypatch):
    """Two exports of one article, hours apart, are byte-identical under SOURCE_DATE_EPOCH."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outputs = []
    for run in ("a", "b"):
        code, _, err = cli("po", "export", str(article), "--to", "uk", "--no-mt", "--from", "en",
                           "--out", str(tmp_path / run), "--no-memory")
        assert code == 0, err
        outputs.append((tmp_path / run / "uk" / "kyiv-talks.po").read_bytes())
    assert outputs[0] == outputs[1]
    assert polib.pofile(outputs[0].decode()).metadata["POT-Creation-Date"] == "2023-11-14 22:13+0000"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    code, _, err = cli("po", "export", str(article), "--to", "uk", "--no-mt", "--from", "en",
                       "--out", str(tmp_path / "c"), "--no-memory")
    assert code == 1 and "SOURCE_DATE_EPOCH" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "c").exists()
