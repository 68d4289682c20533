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


def _actions(parser) -> dict:
    """``{name: subparser}`` of a parser's subcommands ({} for a leaf command)."""
    import argparse
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


GROUPS = sorted(name for name, p in _actions(build_parser()).items() if _actions(p))


def test_the_groups_are_found():
    assert GROUPS == ["batch", "db", "glossary", "models", "po", "tm"]


@pytest.mark.parametrize("group", ["", *GROUPS])
def test_a_group_without_its_action_prints_its_usage_and_exits_2(cli, group):
    code, out, err = cli(*([group] if group else []))
    assert code == 2 and err == ""
    assert out.startswith(f"usage: l10n {group}".rstrip() + " [-h]")
    assert ("ACTION" if group else "COMMAND") in out.splitlines()[0]


def test_every_command_module_registers_and_names_its_handlers_alike():
    """``register(sub)`` in each module; handlers ``run`` (a command) or ``run_<action>`` (a group's
    action), defined in the command's own module; a group's own handler is ``show_usage``."""
    import functools
    import importlib

    from l10n.cli import COMMANDS, show_usage
    top = _actions(build_parser())
    assert sorted(top) == sorted(COMMANDS)
    for name in COMMANDS:
        assert callable(importlib.import_module(f"l10n.cli.{name}").register)
        func = top[name].get_default("func")
        actions = _actions(top[name])
        if not actions:
            assert (func.__name__, func.__module__) == ("run", f"l10n.cli.{name}")
            continue
        assert isinstance(func, functools.partial) and func.func is show_usage
        for action, parser in actions.items():
            handler = parser.get_default("func")
            assert (handler.__name__, handler.__module__) == (f"run_{action}", f"l10n.cli.{name}"), (name, action)


def _subparsers(parser):
    import argparse
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield child
                yield from _subparsers(child)


def test_no_parser_accepts_an_abbreviated_option(cli, tmp_path):
    """``--json`` must not silently mean ``--jsonl`` (an article read as JSON lines)."""
    parsers = [build_parser(), *_subparsers(build_parser())]
    assert len(parsers) > 20 and all(not p.allow_abbrev for p in parsers)
    article = tmp_path / "a.md"
    article.write_text("Kyiv is the capital.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        parse("segment", str(article), "--json")
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        parse("translate", str(article), "--to", "uk", "--fro", "en")
