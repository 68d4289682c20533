"""``l10n tm stats|export|import``: the translation memory (approved human translations)."""

from __future__ import annotations

import argparse
import sys

from l10n.cli.db import add_database_arg


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tm", help="translation memory: statistics, TMX export/import",
                       description="The translation memory (SQLite, memory.sqlite3 in the data directory) "
                                   "holds approved translations; PO imports feed it, 'l10n translate' reuses "
                                   "exact matches without MT.")
    tsub = p.add_subparsers(dest="tm_command", metavar="ACTION")
    s = tsub.add_parser("stats", help="units per language pair and origin")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=run_stats)
    e = tsub.add_parser("export", help="write a TMX 1.4b file",
                        epilog="example:\n  l10n tm export memory.tmx --to uk",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("file", metavar="FILE.tmx")
    e.add_argument("--from", dest="src", metavar="LANG", help="only this source language")
    e.add_argument("--to", dest="tgt", metavar="LANG", help="only this target language")
    e.add_argument("--include-mt", action="store_true", help="also export machine drafts (default: approved only)")
    e.set_defaults(func=run_export)
    i = tsub.add_parser("import", help="add the translation units of a TMX file (as approved translations)")
    i.add_argument("file", metavar="FILE.tmx")
    i.add_argument("--origin", choices=["human", "mt"], default="human",
                   help="origin for units without an x-origin property (default human)")
    i.set_defaults(func=run_import)
    for q in (s, e, i):
        q.add_argument("--memory", metavar="PATH", help="translation memory file (default: in the data directory)")
        add_database_arg(q)
        q.add_argument("--home", metavar="DIR", help="data directory (default $L10N_HOME)")
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _memory(args):
    from l10n.cli.common import settings_from_args
    from l10n.storage import memory_for
    settings = settings_from_args(args)
    return memory_for(args.memory or settings.memory_path, None if args.memory else settings.database_url)


def run_stats(args: argparse.Namespace) -> int:
    from l10n.cli.common import print_json
    stats = _memory(args).stats()
    if args.json:
        print_json(stats)
        return 0
    print(f"{stats['path']}: {stats['units']} units (schema {stats['schema_version']}, "
          f"last update {stats['last_updated'] or '-'})")
    for pair, counts in stats["pairs"].items():
        print(f"  {pair}: {counts['human']} human, {counts['mt']} mt")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from l10n.languages import normalize_lang
    from l10n.tm import export_tmx
    n = export_tmx(_memory(args), args.file, src=args.src and normalize_lang(args.src),
                   tgt=args.tgt and normalize_lang(args.tgt), origin=None if args.include_mt else "human")
    print(f"{args.file}: {n} translation units", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from l10n.tm import import_tmx
    n = import_tmx(_memory(args), args.file, origin=args.origin)
    print(f"{args.file}: {n} units added or updated", file=sys.stderr)
    return 0
