"""The helpers every command module shares (``l10n/cli/common.py``) and the rules they all follow:
each option shared by several commands is read back by one function, every command group without
its action prints the group's usage and exits 2, and handlers are named alike."""

from __future__ import annotations

import pytest

from l10n.cli import build_parser
from l10n.cli.common import ARTICLE_FORMATS, glossary_files, open_memory


def parse(*argv: str):
    return build_parser().parse_args(list(argv))


def test_article_formats_are_the_readers_formats():
    from l10n.formats import FORMATS
    assert ARTICLE_FORMATS == ["auto", *FORMATS]


def test_open_memory_follows_the_options(tmp_path, monkeypatch):
    from l10n.tm import TranslationMemory
    monkeypatch.setenv("L10N_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("L10N_DATABASE_URL", raising=False)
    assert open_memory(parse("translate", "a.md", "--to", "uk", "--no-memory")) is None
    named = open_memory(parse("tm", "stats", "--memory", str(tmp_path / "x.sqlite3")))
    named.add("en", "uk", "Kyiv.", "Київ.")
    assert isinstance(named, TranslationMemory) and (tmp_path / "x.sqlite3").exists()
    again = open_memory(parse("po", "import", "a.po", "--memory", str(tmp_path / "x.sqlite3")))
    assert again.lookup("en", "uk", ["Kyiv."]) == {"Kyiv.": "Київ."}
    default = open_memory(parse("translate", "a.md", "--to", "uk"))
    assert default.stats()["path"] == str(tmp_path / "home" / "memory.sqlite3")


def test_glossary_files_follow_the_options():
    from l10n.glossary import default_glossary_path
    assert glossary_files(parse("translate", "a.md", "--to", "uk", "--no-glossary")) is None
    assert glossary_files(parse("po", "export", "a.md", "--to", "uk")) == [default_glossary_path()]
    assert glossary_files(parse("postedit", "--to", "uk", "--glossary", "a.yaml", "--glossary", "b.csv")) == \
        ["a.yaml", "b.csv"]
