"""``l10n check``: QA checks over translated segments (JSON lines of {"source", "target"})."""

from __future__ import annotations

import argparse

EPILOG = """examples:
  l10n check --from en --to uk segments.jsonl
  l10n check --from en --to ru --json - < segments.jsonl

input: one JSON object per line with "source" and "target" (extra fields are ignored).
exit status: 0 clean or only warnings/info, 3 when error or critical issues were found, 1 bad usage."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check", help="QA checks: values, placeholders, glossary, untranslated, punctuation",
        description="Compare each source/target pair: numbers/dates/money preserved by value, placeholders "
                    "intact, glossary terms present, untranslated/empty targets, length, locale punctuation.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", help="JSON lines file, or - for stdin")
    p.add_argument("--from", dest="src", required=True, help="source language (en, uk, ru, tr)")
    p.add_argument("--to", dest="tgt", required=True, help="target language (en, uk, ru, tr)")
    p.add_argument("--json", action="store_true", help="print a JSON report instead of a summary")
    p.add_argument("--checks", help="comma-separated subset of checks to run (default: all)")
    p.add_argument("--glossary", action="append", metavar="FILE", help="glossary file(s) for the term check")
    p.set_defaults(func=run)


def run(args) -> int:
    import sys

    from l10n.cli import ExitCode
    from l10n.cli.common import iter_jsonl, print_json
    from l10n.document import Flag
    from l10n.languages import normalize_lang
    from l10n.qa import CheckReport, check_segment

    src, tgt = normalize_lang(args.src), normalize_lang(args.tgt)
    checks = [c.strip() for c in args.checks.split(",") if c.strip()] if args.checks else None
    glossary = None
    if args.glossary:
        from l10n.glossary import load_glossary
        glossary = load_glossary(*args.glossary)
    report = CheckReport()
    for n, obj, error in iter_jsonl(args.file, strings=("source", "target")):
        if error:
            report.add(n, [Flag("bad-line", "error", error)])
            continue
        report.add(n, check_segment(obj["source"], obj["target"], src=src, tgt=tgt, glossary=glossary,
                                    checks=checks))
    if args.json:
        print_json(report.to_dict())
    else:
        sys.stdout.write(report.summary() + "\n")
    return ExitCode.CHECK_FAILED if report.failed else ExitCode.OK
