"""Helpers shared by command modules: reading inputs, writing outputs atomically, JSON output."""

from __future__ import annotations

import json
import sys
from typing import Any

from l10n.fileio import decode_utf8, read_utf8, write_atomic  # noqa: F401  (write_atomic re-exported)


def read_text(path: str) -> str:
    """Read a UTF-8 text file (``-`` for stdin) or raise a one-line ``InputError``."""
    if path == "-":
        return decode_utf8(sys.stdin.buffer.read(), name="<stdin>")
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
                             threads=getattr(args, "threads", None), beam_size=getattr(args, "beam_size", None),
                             database_url=getattr(args, "database_url", None))
