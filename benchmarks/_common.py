"""Helpers shared by benchmark scripts: locating the public eval data and the test packages."""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = (ROOT.parent / "shared" / "eval").resolve()


def data_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"public eval data folder (default {DEFAULT_DATA})")


def require(path: Path) -> Path:
    if not path.exists():
        raise SystemExit(f"benchmark data not found: {path} (pass --data DIR)")
    return path
