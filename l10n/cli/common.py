"""Helpers shared by command modules: reading inputs, writing outputs atomically, JSON output."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from l10n.errors import InputError
from l10n.fileio import write_atomic  # noqa: F401  (re-exported for command modules)


def read_text(path: str) -> str:
    """Read a UTF-8 text file (``-`` for stdin) or raise a one-line ``InputError``."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", where=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", where=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where=path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte {exc.start}); convert the file to UTF-8",
                         where=f"{'<stdin>' if path == '-' else path}:{line}") from None
    return text


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def add_engine_args(parser) -> None:
    """Options shared by commands that load models."""
    g = parser.add_argument_group("engine")
    g.add_argument("--home", metavar="DIR", help="data directory (default $L10N_HOME or $XDG_DATA_HOME/l10n)")
    g.add_argument("--device", choices=["cpu", "cuda", "auto"], help="where to run models (default cpu)")
    g.add_argument("--threads", type=int, metavar="N", help="CTranslate2 threads per model (0 = default)")
    g.add_argument("--beam-size", type=int, metavar="N", help="beam size (default 2)")


def settings_from_args(args):
    from l10n.settings import Settings
    return Settings.from_env(home=getattr(args, "home", None), device=getattr(args, "device", None),
                             threads=getattr(args, "threads", None), beam_size=getattr(args, "beam_size", None))
