"""``l10n translate``: translate articles into one or more languages."""

from __future__ import annotations

import argparse
import sys

FORMATS = ["auto", "text", "markdown", "html", "json", "docx", "srt", "vtt"]
EXTENSIONS = {"text": ".txt", "markdown": ".md", "html": ".html", "json": ".json", "docx": ".docx",
              "srt": ".srt", "vtt": ".vtt"}


def register(sub: argparse._SubParsersAction) -> None:
    from l10n.cli.common import add_engine_args
    p = sub.add_parser(
        "translate", help="translate articles (text, Markdown, HTML, CMS JSON, DOCX, SRT/WebVTT subtitles)",
        description="Translate articles offline with installed Argos models, keeping markup, "
                    "enforcing the glossary and localizing numbers and dates.",
        epilog="examples:\n"
               "  l10n translate examples/kyiv-talks.md --from en --to uk,ru,tr --out out/\n"
               "  cat article.txt | l10n translate - --to uk > article.uk.txt\n"
               "  l10n translate article.html --to tr --json > report.json\n"
               "  l10n translate examples/kyiv-talks.docx --to uk      # -> examples/kyiv-talks.uk.docx",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="article files, or - for stdin")
    p.add_argument("--to", required=True, metavar="LANGS", help="target languages, comma-separated (uk,ru,tr)")
    p.add_argument("--from", dest="src", default="auto", metavar="LANG", help="source language or auto (default)")
    p.add_argument("--format", dest="fmt", default="auto", choices=FORMATS, help="input format (default: by extension/content)")
    p.add_argument("--out", metavar="DIR", help="write ARTICLE.<lang>.<ext> files into DIR "
                   "(default: next to each input; stdin goes to stdout)")
    p.add_argument("--glossary", action="append", metavar="FILE", help="glossary YAML/TBX/CSV (repeatable; default: the shipped glossary)")
    p.add_argument("--no-glossary", action="store_true", help="do not enforce any glossary")
    p.add_argument("--memory", metavar="PATH", help="translation memory file (default: memory.sqlite3 in the data directory)")
    p.add_argument("--no-memory", action="store_true", help="do not consult the translation memory")
    p.add_argument("--json", action="store_true", help="print a JSON report (outputs, segments, changes, flags) to stdout")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary on stderr")
    add_engine_args(p)
    p.set_defaults(func=run)


def _output_path(input_path: str, out_dir: str | None, lang: str, fmt: str):
    from pathlib import Path
    src = Path(input_path)
    ext = src.suffix if src.suffix else EXTENSIONS.get(fmt, ".txt")
    name = f"{src.stem}.{lang}{ext}"
    return (Path(out_dir) if out_dir else src.parent) / name


def run(args: argparse.Namespace) -> int:
    from l10n.api import Translator
    from l10n.cli.common import print_json, read_article, settings_from_args, write_output
    from l10n.cli.progress import ProgressBar
    from l10n.errors import UsageError
    from l10n.languages import normalize_lang, parse_lang_list

    targets = parse_lang_list(args.to)
    src = normalize_lang(args.src, allow_auto=True)
    if "-" in args.inputs and len(targets) > 1 and not (args.out or args.json):
        raise UsageError("stdin input with several target languages needs --out DIR or --json")
    if args.inputs.count("-") > 1:
        raise UsageError("stdin (-) can be given only once")
    glossary = None if args.no_glossary else (args.glossary or _default_glossary())
    memory = None if args.no_memory else _open_memory(settings_from_args(args), args.memory)
    translator = Translator(settings_from_args(args), glossary=glossary, memory=memory)

    # read and parse every input first: bad input fails before any output is written
    docs = []
    for path in args.inputs:
        text = read_article(path, args.fmt)
        docs.append((path, translator.read(text, fmt=args.fmt, path=None if path == "-" else path)))

    bar = ProgressBar(enabled=not args.quiet)
    report = []
    try:
        for path, doc in docs:
            results = translator.translate_document(doc, targets, src=src, progress=bar)
            bar.close()
            for lang, result in results.items():
                entry = {"input": path, **result.to_dict()}
                if path == "-" and not args.out:
                    if not args.json and isinstance(result.output, bytes):
                        sys.stdout.buffer.write(result.output)
                    elif not args.json:
                        sys.stdout.write(result.output)
                else:
                    out_path = _output_path(path if path != "-" else "stdin", args.out, lang, doc.format)
                    write_output(out_path, result.output)
                    entry["path"] = str(out_path)
                    if not args.quiet:
                        flagged = sum(1 for s in result.segments if s.flags)
                        print(f"{path} -> {out_path} ({len(result.segments)} segments, "
                              f"{flagged} flagged for review)", file=sys.stderr)
                report.append(entry)
    finally:
        bar.close()
    if args.json:
        print_json({"translations": report})
    return 0


def _default_glossary():
    from l10n.glossary import default_glossary_path
    return [default_glossary_path()]


def _open_memory(settings, path=None):
    from l10n.tm import TranslationMemory
    return TranslationMemory(path or settings.memory_path)
