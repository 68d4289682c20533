"""The translation memory and the schema on a real PostgreSQL (tests/pg_cluster.py starts it)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import psycopg
import pytest

from l10n.errors import DatabaseError
from l10n.storage.postgres import SCHEMA_VERSION, Database
from l10n.tm import TranslationMemory, Unit, export_tmx, import_tmx
from l10n.tm.pgstore import PgTranslationMemory


@pytest.fixture
def db(pg_url) -> Database:
    d = Database(pg_url)
    d.migrate()
    yield d
    d.close()


@pytest.fixture
def pgtm(db) -> PgTranslationMemory:
    return PgTranslationMemory(db)


def test_human_beats_mt_and_newer_beats_older(pgtm):
    assert pgtm.add("en", "uk", "Kyiv talks.", "Переговори в Києві (MT).", origin="mt", when="2024-01-01T00:00:00Z")
    assert pgtm.lookup("en", "uk", ["Kyiv talks."]) == {}  # MT is never served as approved
    assert pgtm.add("en", "uk", "Kyiv talks.", "Переговори в Києві.", origin="human", when="2024-01-02T00:00:00Z")
    assert not pgtm.add("en", "uk", "Kyiv talks.", "Інше (MT).", origin="mt", when="2025-01-01T00:00:00Z")
    assert not pgtm.add("en", "uk", "Kyiv talks.", "Старіше.", origin="human", when="2023-01-01T00:00:00Z")
    assert pgtm.add("en", "uk", "Kyiv talks.", "Новіше.", origin="human", when="2024-06-01T00:00:00Z")
    assert pgtm.lookup("en", "uk", ["Kyiv talks.", "Other."]) == {"Kyiv talks.": "Новіше."}
    assert pgtm.stats()["units"] == 1 and pgtm.integrity_check() == "ok"


def test_fuzzy_scores_match_the_sqlite_backend(pgtm, tmp_path):
    lite = TranslationMemory(tmp_path / "tm.sqlite3")
    units = [Unit("en", "uk", s, t) for s, t in [
        ("The minister arrived in Kyiv on Monday.", "Міністр прибув до Києва в понеділок."),
        ("The minister arrived in Lviv on Tuesday.", "Міністр прибув до Львова у вівторок."),
        ("Prices rose by 5 percent in May.", "Ціни зросли на 5 відсотків у травні."),
        ("Міністр прибув.", "The minister arrived.")]]
    assert pgtm.add_many(units) == lite.add_many(units) == 4
    for query in ["The minister arrived in Kyiv on Friday.", "Prices rose by 7 percent in June.", "Nothing alike here."]:
        assert pgtm.fuzzy("en", "uk", query, threshold=0.6) == lite.fuzzy("en", "uk", query, threshold=0.6)
    best = pgtm.fuzzy("en", "uk", "The minister arrived in Kyiv on Friday.")
    assert best[0].source == "The minister arrived in Kyiv on Monday." and 0.75 <= best[0].score < 1


def test_tmx_round_trip_between_backends(pgtm, tmp_path):
    lite = TranslationMemory(tmp_path / "tm.sqlite3")
    lite.add("en", "ru", "Hello <1>world</1>.", "Привет, <1>мир</1>.", article="a1", segment="s1")
    export_tmx(lite, tmp_path / "x.tmx")
    assert import_tmx(pgtm, tmp_path / "x.tmx") == 1
    assert [u.__dict__ | {"file": None} for u in pgtm.units()] == [u.__dict__ for u in lite.units()]


WRITER = textwrap.dedent("""
    import sys
    from l10n.storage.postgres import Database
    from l10n.tm import Unit
    from l10n.tm.pgstore import PgTranslationMemory
    url, me = sys.argv[1], int(sys.argv[2])
    tm = PgTranslationMemory(Database(url))
    for batch in range(10):
        # every writer writes the shared sources (MT first, then human) and its own ones
        shared = [Unit("en", "uk", f"Shared sentence {i}.", f"MT {me}", "mt") for i in range(20)]
        shared += [Unit("en", "uk", f"Shared sentence {i}.", f"Human {i}", "human", updated="2024-01-01T00:00:00Z",
                        created="2024-01-01T00:00:00Z") for i in range(20)]
        own = [Unit("en", "uk", f"Writer {me} sentence {batch}-{i}.", f"W{me}", "human") for i in range(10)]
        tm.add_many(shared + own)
""")


def test_concurrent_writer_processes_lose_nothing(pg_url, db, pgtm, tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    procs = [subprocess.Popen([sys.executable, str(script), pg_url, str(n)]) for n in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0] * 4
    assert pgtm.stats()["units"] == 20 + 4 * 10 * 10  # no unit lost, none stored twice
    found = pgtm.lookup("en", "uk", [f"Shared sentence {i}." for i in range(20)])
    assert found == {f"Shared sentence {i}.": f"Human {i}" for i in range(20)}  # human beat every MT draft
    assert pgtm.integrity_check() == "ok"


def test_newer_schema_is_refused(db):
    with psycopg.connect(db.url, autocommit=True) as conn:
        conn.execute("UPDATE l10n_meta SET value = %s WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(DatabaseError, match="newer than this l10n supports"):
        db.migrate()


def test_migrate_is_idempotent_and_cli_reports(pg_url):
    from l10n.cli import main
    assert main(["db", "migrate", "--database-url", pg_url]) == 0
    assert main(["db", "migrate", "--database-url", pg_url]) == 0
    assert Database(pg_url).schema_version() == SCHEMA_VERSION


@pytest.mark.parametrize("url, expected", [
    ("postgresql://postgres@127.0.0.1:{closed}/x", "127.0.0.1:{closed}/x: cannot connect to PostgreSQL: "),
    ("postgresql://postgres@127.0.0.1:{port}/no_such_db", 'database "no_such_db" does not exist'),
    ("mysql://h/x", "a database URL must start with postgresql://"),
])
def test_bad_database_url_is_one_line(pg_cluster, url, expected):
    from pg_cluster import free_port
    closed = free_port()
    url = url.format(closed=closed, port=pg_cluster.port)
    r = subprocess.run([sys.executable, "-c", "from l10n.cli import run; run()", "db", "status", "--database-url", url],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert expected.format(closed=closed) in r.stderr


def test_tm_cli_on_postgres(pg_url, tmp_path, capsys, monkeypatch):
    from l10n.cli import main
    lite = TranslationMemory(tmp_path / "tm.sqlite3")
    lite.add("en", "tr", "Good morning.", "Günaydın.")
    export_tmx(lite, tmp_path / "in.tmx")
    assert main(["tm", "import", str(tmp_path / "in.tmx"), "--database-url", pg_url]) == 0
    monkeypatch.setenv("L10N_DATABASE_URL", pg_url)  # the environment variable works as well as the option
    capsys.readouterr()
    assert main(["tm", "stats", "--json"]) == 0
    import json
    stats = json.loads(capsys.readouterr().out)
    assert stats["units"] == 1 and stats["pairs"] == {"en-tr": {"human": 1, "mt": 0}}
    assert stats["path"].startswith("postgresql://127.0.0.1:")


def test_stored_glossaries_load_from_their_rows_without_scratch_files(db, tmp_path, monkeypatch):
    import tempfile

    from l10n.errors import GlossaryError
    from l10n.storage.glossaries import PgGlossaries
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    store = PgGlossaries(db)
    store.write("places", "yaml", "terms:\n- id: kyiv\n  type: place\n  en: {term: Kyiv}\n  uk: {term: Київ}\n"
                                  "  ru: {term: Киев}\n  tr: {term: Kyiv}\n")
    store.write("more", "csv", "id,type,en,uk,ru,tr\nlviv,place,Lviv,Львів,Львов,Lviv\n")
    glossary = store.load(["places", "more"])
    assert sorted(t.id for t in glossary) == ["kyiv", "lviv"]
    store.write("again", "csv", "id,type,en,uk,ru,tr\nkyiv,place,Kyiv,Київ,Киев,Kyiv\n")
    with pytest.raises(GlossaryError) as err:  # errors name the stored glossary, not a scratch file
        store.load(["places", "again"])
    assert "glossary again" in str(err.value) and "/" not in str(err.value)
    assert list(scratch.iterdir()) == []


def test_both_stores_check_and_stamp_units_alike(pgtm, tmp_path):
    """``MemoryBase.storable`` is the one place the stores check units before writing."""
    from l10n.errors import MemoryStoreError
    lite = TranslationMemory(tmp_path / "tm.sqlite3")
    for store in (lite, pgtm):
        with pytest.raises(MemoryStoreError, match="origin must be human or mt, got 'robot'"):
            store.add_many([Unit("en", "uk", "Hi.", "Привіт.", "robot")])
        assert store.add_many([Unit("en", "uk", "  ", "Порожньо."), Unit("en", "uk", "Empty.", ""),
                               Unit("en", "uk", "Kept.", "Збережено.", created="2024-01-01T00:00:00Z")]) == 1
        (unit,) = store.units()
        assert (unit.source, unit.created, unit.updated) == ("Kept.", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z")
