"""``l10n translate``: translate articles into one or more languages."""

from __future__ import annotations

import argparse
import sys

from l10n.cli.common import add_engine_args, add_glossary_args, add_memory_args, add_translation_args
EXTENSIONS = {"text": ".txt", "markdown": ".md", "html": ".html", "json": ".json", "docx": ".docx",
              "srt": ".srt", "vtt": ".vtt"}


def register(sub: argparse._SubParsersAction) -> None:
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
    add_translation_args(p)
    p.add_argument("--out", metavar="DIR", help="write ARTICLE.<lang>.<ext> files into DIR "
                   "(default: next to each input; stdin goes to stdout)")
    add_glossary_args(p)
    add_memory_args(p)
    p.add_argument("--strict", action="store_true",
                   help="fail when a segment cannot be machine-translated (default: keep its source, flag mt-failed)")
    p.add_argument("--json", action="store_true", help="print a JSON report (outputs, segments, changes, flags) to stdout")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary on stderr")
    p.add_argument("--jobs", type=int, default=8, metavar="N",
                   help="articles translated at once; their sentences share model calls (default 8)")
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
    from l10n.cli.common import glossary_files, open_memory, print_json, read_article, settings_from_args, write_output
    from l10n.cli.progress import ProgressBar
    from l10n.errors import UsageError
    from l10n.languages import normalize_lang, parse_lang_list
    from l10n.paths import check_distinct

    targets = parse_lang_list(args.to)
    src = normalize_lang(args.src, allow_auto=True)
    if "-" in args.inputs and len(targets) > 1 and not (args.out or args.json):
        raise UsageError("stdin input with several target languages needs --out DIR or --json")
    if args.inputs.count("-") > 1:
        raise UsageError("stdin (-) can be given only once")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    settings = settings_from_args(args)
    translator = Translator(settings, glossary=glossary_files(args), memory=open_memory(args, settings),
                            engine=_engine(settings, args.jobs, len(args.inputs)))

    # read and parse every input first: bad input fails before any output is written
    docs = []
    for path in args.inputs:
        text = read_article(path, args.fmt)
        docs.append((path, translator.read(text, fmt=args.fmt, path=None if path == "-" else path)))

    # two inputs with one output name (a/news.md, b/news.md --out out) fail before any write
    check_distinct((path, _output_path(path if path != "-" else "stdin", args.out, lang, doc.format))
                   for path, doc in docs for lang in targets if path != "-" or args.out)
    bar = ProgressBar(enabled=not args.quiet)
    report = []
    try:
        for path, doc, results in _translate_all(translator, docs, targets, src, bar, args.jobs,
                                                 args.strict):
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


def _engine(settings, jobs: int, inputs: int):
    """With several articles at once, one engine that merges their concurrent calls into shared batches."""
    from l10n.engines.argos import ArgosEngine
    if jobs == 1 or inputs == 1:
        return None  # the Translator's own engine
    from l10n.engines.batching import BatchingEngine
    return BatchingEngine(ArgosEngine(settings))


def _translate_all(translator, docs, targets, src, bar, jobs: int, strict: bool = False):
    """Yield ``(path, doc, results)`` in input order; with ``jobs`` > 1, up to ``jobs`` articles run in
    worker threads at once, so CTranslate2 gets batches of several articles' sentences, not one's."""
    if jobs == 1 or len(docs) == 1:
        for path, doc in docs:
            results = translator.translate_document(doc, targets, src=src, progress=bar, strict=strict)
            bar.close()
            yield path, doc, results
        return
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="l10n-translate") as pool:
        work = pool.map(lambda item: translator.translate_document(item[1], targets, src=src,
                                                                   strict=strict), docs)
        for n, ((path, doc), results) in enumerate(zip(docs, work), 1):
            bar.close()  # the caller's summary line goes on a line of its own
            yield path, doc, results
            bar("articles", n, len(docs))
    bar.close()
