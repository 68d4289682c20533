"""``l10n segment``: split text into sentences, one per line (or JSON lines in batch mode)."""

from __future__ import annotations

import argparse
import re
import sys

_BLANK = re.compile(r"\n[^\S\n]*\n")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "segment",
        help="split text into sentences",
        description="Split text into sentences (paragraphs are split on blank lines first) and print "
                    "one sentence per line, with a blank line between paragraphs.",
        epilog="Examples: 'l10n segment --lang uk article.txt'; "
               "'echo \"Mr. Smith left. He returned.\" | l10n segment -'; "
               "'l10n segment --lang ru --jsonl < in.jsonl > out.jsonl' "
               "(each input line {\"text\": ...}, each output line {\"sentences\": [...]}).",
    )
    p.add_argument("file", nargs="?", default="-", metavar="FILE|-",
                   help="UTF-8 text file, or - for standard input (default)")
    p.add_argument("--lang", default="auto",
                   help="language of the text: en, uk, ru, tr, or auto (default: auto-detect per "
                        "paragraph; English when detection is unavailable)")
    p.add_argument("--jsonl", action="store_true",
                   help="batch mode: read JSON lines {\"text\": ...} and write {\"sentences\": [...]} "
                        "per line; a bad line gives {\"error\": \"line N: ...\"} and the batch goes on")
    p.add_argument("--offsets", action="store_true",
                   help="print START<TAB>END<TAB>SENTENCE (character offsets into the input); with "
                        "--jsonl, add \"offsets\": [[start, end], ...]")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from l10n.cli.common import read_text
    from l10n.languages import normalize_lang

    lang = normalize_lang(args.lang, allow_auto=True)
    if args.jsonl:
        _run_jsonl(args.file, lang, args.offsets)
        return 0
    text = read_text(args.file)
    out: list[str] = []
    for para_start, para in _paragraphs(text):
        if out:
            out.append("")
        for s in _split(para, lang):
            line = s.text.replace("\n", " ")
            if args.offsets:
                line = f"{para_start + s.start}\t{para_start + s.end}\t{line}"
            out.append(line)
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))
    return 0


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Paragraphs (split on blank lines) with their start offsets in ``text``."""
    out: list[tuple[int, str]] = []
    pos = 0
    for m in _BLANK.finditer(text):
        out.append((pos, text[pos:m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return [(start, para) for start, para in out if para.strip()]


def _split(text: str, lang: str):
    from l10n.segment import split_sentences

    return split_sentences(text, _resolve(text, lang))


def _resolve(text: str, lang: str) -> str:
    """The language to segment ``text`` with: ``lang``, or a detected one for ``auto``."""
    if lang != "auto":
        return lang
    from l10n.detect import detect_language
    found = detect_language(text).lang
    return found if found in ("en", "uk", "ru", "tr") else "en"


def _run_jsonl(path: str, lang: str, offsets: bool) -> None:
    from l10n.cli.common import iter_jsonl, print_jsonl

    for n, obj, error in iter_jsonl(path, strings=("text",)):
        if error:
            print_jsonl({"error": f"line {n}: {error}"})
            continue
        sentences = _split(obj["text"], lang)
        result: dict = {"sentences": [s.text for s in sentences]}
        if offsets:
            result["offsets"] = [[s.start, s.end] for s in sentences]
        print_jsonl(result)
