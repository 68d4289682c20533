"""``l10n format``: CLDR formatting of numbers, money, dates and plural categories for CMS templates."""

from __future__ import annotations

import argparse

KINDS = ("number", "decimal", "percent", "currency", "date", "time", "datetime", "plural")

EPILOG = """examples:
  l10n format number 1234567.891 --locale uk_UA
  l10n format currency 7000000000 USD --locale tr_TR --compact
  l10n format date 2022-02-24 --locale ru_RU --style long
  l10n format plural 21 --locale uk_UA
  echo '{"kind": "date", "value": "2024-03-05T14:07:09", "locale": "uk_UA", "style": "full"}' | l10n format --jsonl

batch lines: {"kind", "value", "locale", optional "style", "currency", "compact", "currency_spacing"};
each output line is {"result": ...} or {"error": "line N: ..."}; exit 1 if any line failed."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "format", help="format numbers, money, dates, plural categories per locale (CLDR)",
        description="Format a value the way a locale writes it (Babel/CLDR; agrees with ICU on the reference set).",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", nargs="?", choices=KINDS, help="what to format")
    p.add_argument("value", nargs="?", help="the value: number, ISO date/datetime/time")
    p.add_argument("currency", nargs="?", help="ISO 4217 code for kind currency (e.g. USD)")
    p.add_argument("--locale", "-l", help="locale, e.g. uk_UA, ru_RU, tr_TR, en_US")
    p.add_argument("--style", choices=["full", "long", "medium", "short"], help="date/time style (default medium)")
    p.add_argument("--compact", action="store_true", help="compact currency (7 млрд $)")
    p.add_argument("--currency-spacing", choices=["cldr", "babel"], default="cldr",
                   help="cldr: CLDR currency spacing as ICU does (default); babel: Babel's raw output")
    p.add_argument("--jsonl", nargs="?", const="-", metavar="FILE",
                   help="batch mode: read JSON lines from FILE (default stdin), write one result per line")
    p.set_defaults(func=run)


def _format_obj(obj: dict) -> str:
    from l10n.errors import LocaleError
    from l10n.localize.formatting import format_value

    for key in ("kind", "value", "locale"):
        if key not in obj:
            raise LocaleError(f"missing field {key!r}")
    unknown = set(obj) - {"kind", "value", "locale", "style", "currency", "compact", "currency_spacing"}
    if unknown:
        raise LocaleError(f"unknown field {sorted(unknown)[0]!r}")
    return format_value(obj["kind"], obj["value"], obj["locale"], style=obj.get("style"),
                        currency=obj.get("currency"), compact=bool(obj.get("compact", False)),
                        currency_spacing=obj.get("currency_spacing", "cldr"))


def run(args) -> int:
    from l10n.cli import ExitCode
    from l10n.errors import UsageError

    if args.jsonl is not None:
        return _run_jsonl(args.jsonl)
    if not args.kind or args.value is None:
        raise UsageError("give KIND VALUE (e.g. 'l10n format number 1234.5 --locale uk_UA') or --jsonl")
    if not args.locale:
        raise UsageError("--locale is required (e.g. --locale uk_UA)")
    if args.kind == "currency" and not args.currency:
        raise UsageError("currency needs a code: l10n format currency 7000000000 USD --locale tr_TR")
    obj = {"kind": args.kind, "value": args.value, "locale": args.locale, "compact": args.compact,
           "currency_spacing": args.currency_spacing}
    if args.style:
        obj["style"] = args.style
    if args.currency:
        obj["currency"] = args.currency
    print(_format_obj(obj))
    return ExitCode.OK


def _run_jsonl(path: str) -> int:
    """Batch mode: one ``{"result"}`` or ``{"error": "line N: ..."}`` line per input line."""
    from l10n.cli import ExitCode
    from l10n.cli.common import iter_jsonl, print_jsonl
    from l10n.errors import L10nError

    failed = False
    for n, obj, error in iter_jsonl(path):
        if error is None:
            try:
                result = _format_obj(obj)
            except L10nError as err:
                error = str(err)
        if error is None:
            print_jsonl({"result": result})
        else:
            failed = True
            print_jsonl({"error": f"line {n}: {error}"})
    return ExitCode.USER_ERROR if failed else ExitCode.OK
