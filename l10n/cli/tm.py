"""``l10n tm stats|export|import``: the translation memory (approved human translations)."""

from __future__ import annotations

import argparse
import sys

from l10n.cli.common import add_actions, add_memory_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tm", help="translation memory: statistics, TMX export/import",
                       description="The translation memory (SQLite, memory.sqlite3 in the data directory) "
                                   "holds approved translations; PO imports feed it, 'l10n translate' reuses "
                                   "exact matches without MT.")
    tsub = add_actions(p, "tm_command")
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
    r = tsub.add_parser("review", help="list translations suggested through the service's /suggest; approve them",
                        description="Suggestions (LibreTranslate's POST /suggest) are stored unreviewed and never "
                                    "reused as approved translations until a translator accepts them here (or "
                                    "imports a PO/XLIFF file translating the same sentence).",
                        epilog="examples:\n  l10n tm review                 # numbered list\n"
                               "  l10n tm review --accept 1 --accept 3\n  l10n tm review --accept-all --json",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    r.add_argument("--accept", action="append", type=int, default=[], metavar="N",
                   help="approve suggestion number N of the list (repeatable)")
    r.add_argument("--accept-all", action="store_true", help="approve every pending suggestion")
    r.add_argument("--json", action="store_true", help="print JSON")
    r.set_defaults(func=run_review)
    for q in (s, e, i, r):
        add_memory_args(q, can_skip=False)
        q.add_argument("--home", metavar="DIR", help="data directory (default $L10N_HOME)")


def run_stats(args: argparse.Namespace) -> int:
    from l10n.cli.common import open_memory, print_json
    stats = open_memory(args).stats()
    if args.json:
        print_json(stats)
        return 0
    print(f"{stats['path']}: {stats['units']} units (schema {stats['schema_version']}, "
          f"last update {stats['last_updated'] or '-'})")
    for pair, counts in stats["pairs"].items():
        print(f"  {pair}: {counts['human']} human, {counts['mt']} mt")
    return 0


def _check_not_store(target: str, store: str | None) -> None:
    """An export must never replace the memory it reads (``tm export tm.sqlite3 --memory tm.sqlite3``)."""
    from l10n.errors import UsageError
    from l10n.paths import same_file
    if store and same_file(target, store):
        raise UsageError(f"{target} is the translation memory being exported; write the TMX to another file")
    try:
        with open(target, "rb") as fh:
            is_sqlite = fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return
    if is_sqlite:
        raise UsageError(f"{target} is an SQLite database, not a TMX file; refusing to overwrite it")


def run_export(args: argparse.Namespace) -> int:
    from l10n.cli.common import open_memory, settings_from_args
    from l10n.languages import normalize_lang
    from l10n.tm import export_tmx
    settings = settings_from_args(args)
    _check_not_store(args.file, args.memory or str(settings.memory_path))
    n = export_tmx(open_memory(args, settings), args.file, src=args.src and normalize_lang(args.src),
                   tgt=args.tgt and normalize_lang(args.tgt), origin=None if args.include_mt else "human")
    print(f"{args.file}: {n} translation units", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from l10n.cli.common import open_memory
    from l10n.tm import import_tmx
    n = import_tmx(open_memory(args), args.file, origin=args.origin)
    print(f"{args.file}: {n} units added or updated", file=sys.stderr)
    return 0


def run_review(args: argparse.Namespace) -> int:
    """Number the pending suggestions (oldest first) and approve the chosen ones as human translations."""
    from dataclasses import asdict, replace

    from l10n.cli.common import open_memory, print_json
    from l10n.errors import UsageError
    from l10n.service.core import SUGGESTION_FILE
    memory = open_memory(args)
    pending = [u for u in memory.units() if u.origin == "mt" and u.file == SUGGESTION_FILE]
    chosen = set(range(1, len(pending) + 1)) if args.accept_all else set(args.accept)
    bad = sorted(n for n in chosen if not 1 <= n <= len(pending))
    if bad:
        raise UsageError(f"--accept {bad[0]}: there are {len(pending)} pending suggestions")
    accepted = [replace(pending[n - 1], origin="human", file="review", updated=None) for n in sorted(chosen)]
    if accepted:
        memory.add_many(accepted)
    if args.json:
        print_json({"pending": [{"n": n, **asdict(u)} for n, u in enumerate(pending, 1) if n not in chosen],
                    "accepted": len(accepted)})
        return 0
    for n, u in enumerate(pending, 1):
        mark = "accepted" if n in chosen else "pending"
        print(f"{n}. [{mark}] {u.src_lang}->{u.tgt_lang}: {u.source!r} -> {u.target!r}")
    print(f"{len(accepted)} accepted, {len(pending) - len(accepted)} pending", file=sys.stderr)
    return 0
