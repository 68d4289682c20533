"""Helpers shared by command modules: reading inputs (articles, JSON-lines batches), writing outputs
atomically, JSON output, and the options several commands share (engine, database, translation
memory, glossary) with the one function that reads each back (``settings_from_args``,
``open_memory``, ``glossary_files``)."""

from __future__ import annotations

import functools
import json
import sys
from typing import Any, Iterator

from l10n.cli import show_usage

from l10n.fileio import decode_utf8, read_utf8, write_atomic  # noqa: F401  (write_atomic re-exported)

#: ``--format`` choices of the article commands: ``l10n.formats.FORMATS`` and auto (a test keeps the
#: two equal; spelled out so that ``l10n --help`` does not import the readers)
ARTICLE_FORMATS = ["auto", "text", "markdown", "html", "json", "docx", "srt", "vtt"]


def read_text(path: str) -> str:
    """Read a UTF-8 text file (``-`` for stdin) or raise a one-line ``InputError``."""
    if path == "-":
        raw = getattr(sys.stdin, "buffer", None)  # a text-only stdin (tests, embedding) has no buffer
        return decode_utf8(raw.read(), name="<stdin>") if raw is not None else sys.stdin.read()
    return read_utf8(path)


def read_article(path: str, fmt: str = "auto") -> str | bytes:
    """An article file (``-`` for stdin) as its reader wants it: ``bytes`` for DOCX, else text."""
    from l10n.formats import BINARY_FORMATS, read_input
    if path == "-":
        data = sys.stdin.buffer.read()
        return data if fmt in BINARY_FORMATS else decode_utf8(data, name="<stdin>")
    return read_input(path, fmt)


def write_output(path: Any, output: str | bytes) -> None:
    """Write a rendered article (text, or ``bytes`` for DOCX) atomically."""
    from l10n.fileio import write_bytes_atomic
    if isinstance(output, bytes):
        write_bytes_atomic(path, output)
    else:
        write_atomic(path, output)


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def print_jsonl(obj: Any) -> None:
    """One output line of a JSON-lines batch (the answer to one ``iter_jsonl`` line)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def iter_jsonl(path: str, *, strings: tuple[str, ...] = ()) -> Iterator[tuple[int, dict | None, str | None]]:
    """The one reader of JSON-lines batch input (``segment --jsonl``, ``check``, ``format --jsonl``,
    ``postedit``), so that a bad line reads the same everywhere.

    Yields ``(line number, object, None)`` for each non-blank line of ``path`` (``-``: stdin), or
    ``(line number, None, error)`` when the line is not a JSON object with a string under each key
    of ``strings``: the caller reports that one line and the batch goes on. Lines go through
    ``load_json`` (nesting depth, over-long integers, lone surrogates); only ``\n`` ends a line (a
    raw U+2028 is valid inside a JSON string). A file that is not UTF-8 is one ``InputError``
    naming ``file:line``.
    """
    from l10n.errors import InputError
    from l10n.limits import load_json

    for n, line in enumerate(read_text(path).split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            obj = load_json(line, "line", line=n)
        except InputError as exc:
            yield n, None, f"not JSON: {exc.message}"
            continue
        if not isinstance(obj, dict):
            yield n, None, "expected a JSON object"
            continue
        missing = [key for key in strings if not isinstance(obj.get(key), str)]
        if missing:
            yield n, None, f'field "{missing[0]}" missing or not a string'
            continue
        yield n, obj, None


def int_in(low: int, high: int | None = None):
    """An argparse ``type`` for an integer in ``[low, high]`` (``--port 70000`` must not wrap)."""
    import argparse

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text[:40]!r}") from None
        if value < low or (high is not None and value > high):
            span = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"must be {span}, got {value}")
        return value

    parse.__name__ = "int"
    return parse


def float_in(low: float):
    """An argparse ``type`` for a finite number >= ``low``."""
    import argparse
    import math

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text[:40]!r}") from None
        if not math.isfinite(value) or value < low:
            raise argparse.ArgumentTypeError(f"must be a number >= {low:g}, got {text[:40]}")
        return value

    parse.__name__ = "float"
    return parse


def add_actions(group, dest: str):
    """The subparsers of a command group (``l10n tm stats|export|...``), the action's name stored in
    ``dest``; ``l10n GROUP`` with no action prints the group's help and exits 2 (``show_usage``)."""
    actions = group.add_subparsers(dest=dest, metavar="ACTION")
    group.set_defaults(func=functools.partial(show_usage, group))
    return actions


def add_engine_args(parser) -> None:
    """Options shared by commands that load models."""
    g = parser.add_argument_group("engine")
    g.add_argument("--home", metavar="DIR", help="data directory (default $L10N_HOME or $XDG_DATA_HOME/l10n)")
    g.add_argument("--device", choices=["cpu", "cuda", "auto"], help="where to run models (default cpu)")
    g.add_argument("--threads", type=int_in(0, 1024), metavar="N", help="CTranslate2 threads per model (0 = default)")
    g.add_argument("--beam-size", type=int_in(1, 64), metavar="N", help="beam size (default 2)")


def add_translation_args(parser, *, article_format: bool = True) -> None:
    """``--to LANGS`` (required), ``--from LANG`` (default auto) and, for commands that read
    articles, ``--format`` (``ARTICLE_FORMATS``): what ``translate``, ``po export`` and
    ``batch submit`` ask alike."""
    parser.add_argument("--to", required=True, metavar="LANGS", help="target languages, comma-separated (uk,ru,tr)")
    parser.add_argument("--from", dest="src", default="auto", metavar="LANG", help="source language or auto (default)")
    if article_format:
        parser.add_argument("--format", dest="fmt", default="auto", choices=ARTICLE_FORMATS,
                            help="input format (default: from the extension, else the content)")


def add_database_arg(parser, *, required: bool = False) -> None:
    """``--database-url``: the shared PostgreSQL (scale-out), read back by ``settings_from_args``."""
    parser.add_argument("--database-url", metavar="URL",
                        help="shared PostgreSQL (postgresql://user:pass@host:5432/db); default $L10N_DATABASE_URL, "
                             "else embedded SQLite in the data directory" + (" (required here)" if required else ""))


def add_memory_args(parser, *, can_skip: bool = True) -> None:
    """The translation-memory options ``open_memory`` reads: ``--memory PATH`` (an SQLite file),
    ``--database-url`` and, where a command can run without one, ``--no-memory``."""
    parser.add_argument("--memory", metavar="PATH",
                        help="translation memory file (default: memory.sqlite3 in the data directory, or the "
                             "shared database with --database-url)")
    add_database_arg(parser)
    if can_skip:
        parser.add_argument("--no-memory", action="store_true", help="do not use the translation memory")


def open_memory(args, settings=None):
    """The translation memory the options name, or None with ``--no-memory``: the SQLite file
    ``--memory PATH`` if given, else the shared PostgreSQL (``--database-url`` /
    ``$L10N_DATABASE_URL``), else ``memory.sqlite3`` in the data directory."""
    if getattr(args, "no_memory", False):
        return None
    from l10n.tm import memory_for
    settings = settings if settings is not None else settings_from_args(args)
    path = getattr(args, "memory", None)
    return memory_for(path or settings.memory_path, None if path else settings.database_url)


def add_glossary_args(parser, *, can_skip: bool = True) -> None:
    """``--glossary FILE`` (repeatable) and, unless ``can_skip`` is False, ``--no-glossary``: the
    options ``glossary_files`` reads."""
    parser.add_argument("--glossary", action="append", metavar="FILE",
                        help="glossary file, YAML/TBX/CSV (repeatable; default: the shipped ukraine-news.yaml)")
    if can_skip:
        parser.add_argument("--no-glossary", action="store_true", help="no glossary (no enforcement, no hints)")


def glossary_files(args) -> list | None:
    """The glossary files to load: ``--glossary``'s, else the shipped default; None with ``--no-glossary``."""
    if getattr(args, "no_glossary", False):
        return None
    from l10n.glossary import default_glossary_path
    return list(args.glossary or [default_glossary_path()])


def settings_from_args(args):
    from l10n.settings import Settings
    return Settings.from_env(home=getattr(args, "home", None), device=getattr(args, "device", None),
                             threads=getattr(args, "threads", None), beam_size=getattr(args, "beam_size", None),
                             database_url=getattr(args, "database_url", None))
