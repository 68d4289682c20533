"""Command-line front end: ``l10n COMMAND ...``.

Each command group lives in its own module ``l10n/cli/<name>.py`` exposing
``register(sub) -> None``; the parser it adds sets ``func=handler`` where ``handler(args) -> int``
returns an exit code. Handlers are named ``run`` (a command) or ``run_<action>`` (an action of a
group such as ``l10n tm export``: ``run_export``); a group's actions come from
``common.add_actions``, so the group alone prints its help and exits 2, as ``l10n`` alone does. Modules import only ``argparse`` at top level
so that ``l10n --help`` stays fast; heavy imports happen inside handlers.

User errors (``L10nError``) are printed as one line ``l10n: error: ...`` with exit code
``ExitCode.USER_ERROR``; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from enum import IntEnum

#: Command modules, in the order ``--help`` lists them.
COMMANDS = ["translate", "models", "segment", "detect", "glossary", "postedit",
            "format", "check", "po", "tm", "serve", "worker", "batch", "db"]


class ExitCode(IntEnum):
    OK = 0
    USER_ERROR = 1      # bad input, unknown language, missing model ...
    USAGE = 2           # argparse's own code for bad options
    CHECK_FAILED = 3    # QA / validation found problems (``l10n check``, ``glossary check``)
    INTERRUPTED = 130


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that takes options only as spelled in full.

    argparse's default prefix matching made ``l10n segment --json`` mean ``--jsonl`` (batch mode:
    every line of an article read as JSON) and would make a script's ``--to`` mean something else
    the day a ``--top`` option is added. Subparsers are created with the parent's class, so every
    command inherits this.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="l10n",
        description="Offline translation and localization toolkit for newsrooms "
                    "(English -> Ukrainian, Russian, Turkish).",
        epilog="Run 'l10n COMMAND --help' for a command's options. "
               "Data directory: $L10N_HOME (default $XDG_DATA_HOME/l10n).",
    )
    from l10n import __version__
    parser.add_argument("--version", action="version", version=f"l10n {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"l10n.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from l10n.errors import L10nError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        return show_usage(parser)
    try:
        return int(args.func(args) or 0)
    except L10nError as err:
        print(f"l10n: error: {_one_line(str(err))}", file=sys.stderr)
        return ExitCode.USER_ERROR
    except OSError as err:  # backstop: any file-system refusal is the user's to fix, in one line
        where = f"{err.filename}: " if err.filename else ""
        print(f"l10n: error: {_one_line(where + (err.strerror or str(err)))}", file=sys.stderr)
        return ExitCode.USER_ERROR
    except UnicodeError as err:
        print(f"l10n: error: not valid Unicode text ({_one_line(str(err))})", file=sys.stderr)
        return ExitCode.USER_ERROR
    except KeyboardInterrupt:
        print("l10n: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK


def show_usage(parser: argparse.ArgumentParser, args: argparse.Namespace | None = None) -> int:
    """What ``l10n`` or a command group (``l10n tm``) does without its command or action: print its
    help (the usage line first) and exit 2, the code argparse gives any other usage mistake."""
    parser.print_help()
    return ExitCode.USAGE


def _one_line(message: str, limit: int = 300) -> str:
    """Each line of an error message bounded (it may echo a 5,000-character input)."""
    return "\n".join(line if len(line) <= limit else f"{line[:limit]}… ({len(line)} characters)"
                     for line in message.splitlines() or [""])


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
