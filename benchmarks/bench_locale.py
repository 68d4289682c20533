"""Agreement of ``l10n format`` (``format_value``) with ICU 78 on the 340-case CLDR reference.

Reads ``locale/icu78_reference.tsv`` (columns: locale, category, style, input, expected_icu; made by
gen_icu_ref.py: dates/times in four styles from ISO datetimes, decimals, percents of fractions,
currency per code (style column = ISO code), plural categories) and calls ``format_value`` the way a
CMS template would. Prints every difference; with ``--spacing babel`` it shows Babel's raw output.

Usage: python benchmarks/bench_locale.py [--data DIR] [--spacing cldr|babel]
The last line printed is the headline.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def default_data() -> str:
    """``../shared/eval`` beside the repository (or beside the folder of a git worktree)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "eval").is_dir():
            return str(base / "shared" / "eval")
    return str(ROOT.parent / "shared" / "eval")


def call(row: dict, spacing: str) -> str:
    from l10n.localize.formatting import format_value

    cat, style, value, loc = row["category"], row["style"], row["input"], row["locale"]
    if cat in ("date", "time"):
        return format_value(cat, value, loc, style=style)
    if cat == "decimal":
        return format_value("number", value, loc)
    if cat == "percent":
        return format_value("percent", value, loc)
    if cat == "currency":
        return format_value("currency", value, loc, currency=style, currency_spacing=spacing)
    if cat == "plural_cardinal":
        return format_value("plural", value, loc)
    raise ValueError(f"unknown category {cat}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=default_data(), help="eval data folder (default ../shared/eval)")
    ap.add_argument("--spacing", default="cldr", choices=["cldr", "babel"],
                    help="currency spacing: cldr (default, as ICU) or babel (Babel's raw output)")
    args = ap.parse_args()
    path = Path(args.data).resolve() / "locale" / "icu78_reference.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    t0 = time.perf_counter()
    agree = 0
    for row in rows:
        got = call(row, args.spacing)
        if got == row["expected_icu"]:
            agree += 1
        else:
            print(f"DIFF {row['locale']} {row['category']} {row['style']} {row['input']}: "
                  f"icu={row['expected_icu']!r} l10n={got!r}")
    dt = time.perf_counter() - t0
    by = {}
    for row in rows:
        by.setdefault(row["locale"], [0, 0])
        by[row["locale"]][1] += 1
        by[row["locale"]][0] += call(row, args.spacing) == row["expected_icu"]
    print("per locale: " + ", ".join(f"{k} {a}/{n}" for k, (a, n) in by.items()))
    print(f"throughput: {len(rows) / dt:,.0f} formats/s")
    print(f"format_value agrees with ICU 78: {agree}/{len(rows)} (currency spacing: {args.spacing})")


if __name__ == "__main__":
    main()
