"""Translation memory: real SQLite files, real concurrent processes, TMX round trips."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from l10n.errors import MemoryStoreError
from l10n.tm import SCHEMA_VERSION, TranslationMemory, Unit, export_tmx, import_tmx

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def tm(tmp_path):
    memory = TranslationMemory(tmp_path / "data" / "tm.sqlite3")
    yield memory
    memory.close()


def test_exact_lookup_returns_only_human_translations_of_the_pair(tm):
    tm.add("en", "uk", "The talks resumed.", "Переговори відновилися.", origin="human", file="a.po")
    tm.add("en", "uk", "Prices rose.", "Ціни зросли.", origin="mt")
    tm.add("en", "ru", "The talks resumed.", "Переговоры возобновились.", origin="human")
    found = tm.lookup("en", "uk", ["The talks resumed.", "Prices rose.", "Unknown.", "The talks resumed."])
    assert found == {"The talks resumed.": "Переговори відновилися."}
    assert tm.lookup("en", "ru", ["The talks resumed."]) == {"The talks resumed.": "Переговоры возобновились."}
    assert tm.lookup("en", "tr", ["The talks resumed."]) == {}
    assert tm.lookup("en", "uk", []) == {}


def test_schema_is_versioned_and_wal(tm):
    tm.stats()
    conn = sqlite3.connect(tm.path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    columns = {row[1] for row in conn.execute("PRAGMA table_info(units)")}
    assert {"src_lang", "tgt_lang", "source", "target", "source_hash", "origin", "file", "article",
            "segment", "created", "updated"} <= columns
    conn.close()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "tm.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(MemoryStoreError, match="newer"):
        TranslationMemory(path).stats()


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "tm.sqlite3"
    path.write_text("this is not sqlite, just text " * 100)
    with pytest.raises(MemoryStoreError, match=str(path)):
        TranslationMemory(path).stats()


def test_upsert_rules_human_beats_mt_newer_beats_older(tm):
    s = "The mayor spoke."
    assert tm.add("en", "uk", s, "MT чернетка", origin="mt", when="2024-01-01T00:00:00Z")
    assert tm.add("en", "uk", s, "Мер виступив.", origin="human", when="2024-01-02T00:00:00Z")
    assert not tm.add("en", "uk", s, "Інша MT", origin="mt", when="2025-01-01T00:00:00Z")  # mt never beats human
    assert not tm.add("en", "uk", s, "Старий переклад", origin="human", when="2023-01-01T00:00:00Z")  # older
    assert tm.add("en", "uk", s, "Мер виступив із заявою.", origin="human", file="b.po",
                  when="2024-02-01T00:00:00Z")
    assert tm.lookup("en", "uk", [s]) == {s: "Мер виступив із заявою."}
    [unit] = list(tm.units("en", "uk"))
    assert (unit.origin, unit.file, unit.created) == ("human", "b.po", "2024-01-01T00:00:00Z")
    stats = tm.stats()
    assert stats["units"] == 1 and stats["pairs"] == {"en-uk": {"human": 1, "mt": 0}}


def test_fuzzy_matches_similar_sources_above_threshold(tm):
    tm.add_many([
        Unit("en", "uk", "The president met the prime minister in Kyiv on Monday.",
             "Президент зустрівся з прем'єр-міністром у Києві в понеділок."),
        Unit("en", "uk", "The president met the prime minister in Lviv on Friday.",
             "Президент зустрівся з прем'єр-міністром у Львові в п'ятницю."),
        Unit("en", "uk", "Markets fell sharply after the announcement.", "Ринки різко впали після оголошення."),
    ])
    matches = tm.fuzzy("en", "uk", "The president met the prime minister in Kyiv on Tuesday.")
    assert [m.target for m in matches][0] == "Президент зустрівся з прем'єр-міністром у Києві в понеділок."
    assert len(matches) == 2 and all(0.75 <= m.score < 1 for m in matches)
    assert matches[0].score > matches[1].score
    assert tm.fuzzy("en", "uk", "Completely different words about weather here.") == []
    assert tm.fuzzy("en", "ru", "The president met the prime minister in Kyiv on Tuesday.") == []
    assert len(tm.fuzzy("en", "uk", "The president met the prime minister in Kyiv on Tuesday.", limit=1)) == 1


def test_tmx_round_trip_keeps_text_placeholders_and_provenance(tm, tmp_path):
    tm.add("en", "uk", "Read <1>the report</1> & <2/> \"now\".", "Читайте <1>звіт</1> & <2/> «зараз».",
           origin="human", file="locales/uk/a.po", article="a", segment="a/p-1/0", when="2024-03-04T05:06:07Z")
    tm.add("en", "tr", "Hello.", "Merhaba.", origin="human")
    tm.add("en", "tr", "Draft.", "Taslak.", origin="mt")
    out = tmp_path / "out.tmx"
    assert export_tmx(tm, out) == 2  # approved only by default
    root = ET.parse(out).getroot()  # well-formed XML, TMX 1.4 structure
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "en"
    assert len(root.findall("body/tu")) == 2

    other = TranslationMemory(tmp_path / "other.sqlite3")
    assert import_tmx(other, out) == 2
    units = {(u.tgt_lang, u.source): u for u in other.units()}
    u = units[("uk", "Read <1>the report</1> & <2/> \"now\".")]
    assert u.target == "Читайте <1>звіт</1> & <2/> «зараз»."
    assert (u.origin, u.file, u.article, u.segment, u.created) == (
        "human", "locales/uk/a.po", "a", "a/p-1/0", "2024-03-04T05:06:07Z")
    assert other.lookup("en", "tr", ["Hello.", "Draft."]) == {"Hello.": "Merhaba."}
    other.close()


def test_tmx_from_other_tools_multi_language_and_inline_codes(tm, tmp_path):
    path = tmp_path / "ext.tmx"
    path.write_text(textwrap.dedent("""\
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4"><header srclang="en-US" segtype="sentence" adminlang="en" datatype="html"
          o-tmf="x" creationtool="x" creationtoolversion="1"/>
        <body>
          <tu><tuv xml:lang="en-US"><seg>Click <bpt i="1">&lt;b&gt;</bpt>here<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
              <tuv xml:lang="uk-UA"><seg>Натисніть <bpt i="1">&lt;b&gt;</bpt>тут<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
              <tuv xml:lang="de-DE"><seg>Hier klicken.</seg></tuv>
              <tuv xml:lang="tr-TR"><seg>Buraya tıklayın.</seg></tuv></tu>
        </body></tmx>
        """), encoding="utf-8")
    assert import_tmx(tm, path) == 2  # de is not a supported language: skipped
    assert tm.lookup("en", "uk", ["Click here."]) == {"Click here.": "Натисніть тут."}
    assert tm.lookup("en", "tr", ["Click here."]) == {"Click here.": "Buraya tıklayın."}


def test_malformed_tmx_names_file_and_line(tm, tmp_path):
    path = tmp_path / "bad.tmx"
    path.write_text('<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n<tu><tuv xml:lang="en"><seg>a</tuv>\n'
                    "</tu></body></tmx>\n", encoding="utf-8")
    with pytest.raises(MemoryStoreError, match=rf"{path}:4: malformed TMX: mismatched tag"):
        import_tmx(tm, path)
    missing = tmp_path / "nolang.tmx"
    missing.write_text('<tmx version="1.4"><body>\n<tu>\n<tuv><seg>a</seg></tuv></tu></body></tmx>', encoding="utf-8")
    with pytest.raises(MemoryStoreError, match=rf"{missing}:3: <tuv> without xml:lang"):
        import_tmx(tm, missing)
    assert tm.stats()["units"] == 0


def test_threads_share_one_memory(tm):
    errors = []

    def work(n):
        try:
            for i in range(50):
                tm.add("en", "uk", f"Thread {n} sentence {i}.", f"Потік {n} речення {i}.")
                tm.lookup("en", "uk", [f"Thread {n} sentence {i}."])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert tm.stats()["units"] == 200
    assert tm.integrity_check() == "ok"


WRITER = """
import pathlib, sys, time
from l10n.tm import TranslationMemory, Unit
tm = TranslationMemory(sys.argv[1])
name = sys.argv[2]
tm.stats()  # open (and create) before the barrier
gate = pathlib.Path(sys.argv[1]).parent
(gate / f"{name}.ready").touch()
while len(list(gate.glob("*.ready"))) < 2:  # start writing at the same moment as the other process
    time.sleep(0.001)
for batch in range(40):
    tm.add_many([Unit("en", "uk", f"{name} sentence {batch}-{i} shared words here.", f"{name} {batch}-{i}")
                 for i in range(25)])
    tm.add("en", "uk", f"Contended sentence {batch}.", f"{name} wrote {batch}", origin="human")
print("done")
"""


def test_two_processes_writing_at_once_do_not_corrupt(tmp_path):
    path = tmp_path / "shared.sqlite3"
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    procs = [subprocess.Popen([sys.executable, str(script), str(path), name], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("alpha", "beta")]
    results = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0, err
        assert out.strip() == "done"
    tm = TranslationMemory(path)
    assert tm.integrity_check() == "ok"
    stats = tm.stats()
    assert stats["units"] == 2 * 40 * 25 + 40
    contended = tm.lookup("en", "uk", [f"Contended sentence {b}." for b in range(40)])
    assert len(contended) == 40
    tm.close()
