"""``l10n glossary check|export|import`` — validate and convert glossary files."""

from __future__ import annotations

import argparse

from l10n.cli.common import add_actions


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("glossary", help="validate and convert glossaries (YAML, TBX, CSV)",
                       description="Validate glossary files and convert between YAML, TBX "
                                   "(ISO 30042 TBX-Basic) and CSV.")
    gsub = add_actions(p, "glossary_command")
    c = gsub.add_parser("check", help="validate glossary files (exit 3 when invalid)",
                       description="Validate glossary files; prints one line per problem and exits "
                                   "with status 3 when any is found. Warnings (a surname two people "
                                   "share) are printed too but do not fail the check.")
    c.add_argument("files", nargs="+", metavar="FILE")
    c.add_argument("--json", action="store_true", help="print a JSON report")
    c.set_defaults(func=run_check)
    e = gsub.add_parser("export", help="write a glossary as TBX or CSV",
                       description="Convert a glossary (YAML/TBX/CSV) to TBX-Basic or CSV.")
    e.add_argument("file", metavar="FILE")
    e.add_argument("--format", required=True, choices=["tbx", "csv", "yaml"])
    e.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    e.set_defaults(func=run_export)
    i = gsub.add_parser("import", help="convert a TBX or CSV glossary to YAML",
                       description="Read a TBX or CSV glossary, validate it and write YAML atomically.")
    i.add_argument("file", metavar="FILE")
    i.add_argument("-o", "--output", required=True, metavar="OUT.yaml")
    i.set_defaults(func=run_import)


def run_check(args: argparse.Namespace) -> int:
    import json
    import sys

    from l10n.cli import ExitCode
    from l10n.glossary.load import check_files, check_warnings
    terms, problems = check_files(*args.files)
    warnings = check_warnings(terms)
    if args.json:
        print(json.dumps({"entries": len(terms), "problems": problems, "warnings": warnings},
                         ensure_ascii=False, indent=2))
    else:
        for line in problems + warnings:
            print(line)
        if not problems:
            print(f"ok: {len(terms)} entries", file=sys.stderr)
    return ExitCode.CHECK_FAILED if problems else ExitCode.OK


def run_export(args: argparse.Namespace) -> int:
    import sys

    from l10n.cli.common import write_atomic
    from l10n.glossary import load_glossary, to_csv, to_tbx, to_yaml
    g = load_glossary(args.file)
    text = {"tbx": to_tbx, "csv": to_csv, "yaml": to_yaml}[args.format](g)
    if args.output and args.output != "-":
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from l10n.cli.common import write_atomic
    from l10n.glossary import load_glossary, to_yaml
    g = load_glossary(args.file)
    write_atomic(args.output, to_yaml(g))
    return 0
