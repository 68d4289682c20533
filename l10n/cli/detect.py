"""``l10n detect``: language identification of a text, a file, or each line of one."""

from __future__ import annotations

import argparse
import json
import os
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "detect",
        help="identify the language (en, uk, ru, tr) of a text, file or each line",
        description="Identify the language of TEXT, of the file TEXT names, or of stdin ('-'). "
                    "Prints 'lang confidence' (e.g. 'uk 0.998'); 'unknown 0.000' for empty, "
                    "numeric-only or one-letter input.",
        epilog="examples:  l10n detect 'Доброго ранку, Харкове!'   |   l10n detect --lines titles.txt   |   "
               "l10n detect --paragraphs --json article.txt",
    )
    p.add_argument("input", metavar="TEXT|FILE|-", help="text to identify, a UTF-8 file, or '-' for stdin")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--lines", action="store_true",
                      help="detect each input line separately; prints 'lang<TAB>confidence' per line")
    mode.add_argument("--paragraphs", action="store_true",
                      help="mixed article: detect each paragraph (blank-line separated) and the article")
    p.add_argument("--candidates", default=None, metavar="LANGS",
                   help="comma-separated languages to choose from (default: en,uk,ru,tr)")
    p.add_argument("--json", action="store_true", help="machine-readable JSON output")
    p.set_defaults(func=run)


def _read_input(arg: str) -> str:
    from l10n.cli.common import read_text

    if arg == "-" or os.path.isfile(arg):
        return read_text(arg)
    return arg


def run(args: argparse.Namespace) -> int:
    import re

    from l10n.detect import detect_article, detect_blocks, detect_language
    from l10n.languages import parse_lang_list

    candidates = parse_lang_list(args.candidates) if args.candidates else None
    text = _read_input(args.input)
    out = sys.stdout
    if args.lines:
        lines = text.splitlines()
        results = detect_blocks(lines, candidates)
        if args.json:
            for det in results:
                out.write(json.dumps({"lang": det.lang, "confidence": det.confidence}) + "\n")
        else:
            for det in results:
                out.write(f"{det.lang}\t{det.confidence:.3f}\n")
        return 0
    if args.paragraphs:
        paragraphs = [p for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
        art = detect_article(paragraphs, candidates)
        if args.json:
            out.write(json.dumps({
                "lang": art.lang, "confidence": art.confidence,
                "paragraphs": [{"index": i, "lang": d.lang, "confidence": d.confidence}
                               for i, d in enumerate(art.per_paragraph)],
            }, ensure_ascii=False, indent=2) + "\n")
        else:
            out.write(f"{art.lang} {art.confidence:.3f}\n")
            for i, (para, det) in enumerate(zip(paragraphs, art.per_paragraph), 1):
                snippet = " ".join(para.split())[:60]
                out.write(f"  {i}\t{det.lang}\t{det.confidence:.3f}\t{snippet}\n")
        return 0
    det = detect_language(text, candidates)
    if args.json:
        out.write(json.dumps({"lang": det.lang, "confidence": det.confidence}) + "\n")
    else:
        out.write(f"{det.lang} {det.confidence:.3f}\n")
    return 0
