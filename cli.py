#!/usr/bin/env python3
"""Run the toolkit from a checkout: ``python cli.py translate ...`` (same as the ``l10n`` command)."""

from l10n.cli import run

if __name__ == "__main__":
    run()
