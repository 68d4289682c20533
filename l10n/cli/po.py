"""``l10n po export|import``: PO files for human translators, and the reviewed files back."""

from __future__ import annotations

import argparse
import sys

from l10n.cli.common import (ARTICLE_FORMATS, add_actions, add_engine_args, add_glossary_args, add_memory_args,
                             add_translation_args)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("po", help="export PO files for translators, import reviewed ones",
                       description="PO workflow: export one PO file per article and language (MT drafts "
                                   "flagged fuzzy, hints for translators), import reviewed files to rebuild "
                                   "the translated article. See docs/po.md.")
    psub = add_actions(p, "po_command")

    e = psub.add_parser(
        "export", help="write locales/<lang>/<article>.po and locales/templates/<article>.pot",
        description="Export articles as PO files, merging with PO files already in --out "
                    "(unchanged sentences keep their human translation; changed ones become fuzzy; "
                    "removed ones obsolete). Only sentences no previous PO file or memory translates go to MT.",
        epilog="examples:\n"
               "  l10n po export article.md --to uk,ru,tr --out locales/\n"
               "  l10n po export article.md --to uk --no-mt      # empty msgstrs, no model needed\n"
               "  l10n po export article.docx --to uk --file-format xliff   # XLIFF 2.1 for a TMS",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("articles", nargs="+", metavar="ARTICLE", help="article files (text, Markdown, HTML, CMS JSON, DOCX)")
    add_translation_args(e)
    e.add_argument("--out", default="locales", metavar="DIR", help="output folder (default: locales/)")
    e.add_argument("--file-format", choices=["po", "xliff", "xliff12"], default="po",
                   help="po (default), xliff (XLIFF 2.1: <lang>/<article>.xlf) or xliff12 (XLIFF 1.2, for "
                        "older tools); same units, ids, states and hints. (--format names the article's format)")
    e.add_argument("--no-mt", action="store_true", help="no machine-translation drafts (empty msgstrs)")
    add_glossary_args(e)
    add_memory_args(e)
    e.add_argument("--json", action="store_true", help="print the written files as JSON")
    add_engine_args(e)
    e.set_defaults(func=run_export)

    i = psub.add_parser(
        "import", help="rebuild translated articles from reviewed PO files",
        description="Rebuild each article in its original format from a reviewed PO file. Approved entries "
                    "(not fuzzy) are used and stored in the translation memory; fuzzy or empty ones fall back "
                    "to the MT draft or the source (--fallback) and are reported. Nothing is written if any "
                    "file has errors.",
        epilog="examples:\n"
               "  l10n po import locales/uk/article.po              # article found from the PO header\n"
               "  l10n po import locales/*/article.po --article article.md --out out/ --json",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    i.add_argument("files", nargs="+", metavar="FILE.po", help="reviewed PO or XLIFF (.xlf, 2.x or 1.2) files")
    i.add_argument("--article", metavar="ARTICLE", help="the source article (default: X-L10n-Source-Path "
                   "header, relative to the PO file, then to the current folder)")
    i.add_argument("--out", metavar="DIR", help="write ARTICLE.<lang>.<ext> into DIR (default: next to the article)")
    i.add_argument("--fallback", choices=["mt", "source"], default="mt",
                   help="for fuzzy/untranslated entries: the MT draft (default) or the source text")
    add_memory_args(i)
    i.add_argument("--json", action="store_true", help="print a JSON report")
    i.add_argument("--home", metavar="DIR", help="data directory (default $L10N_HOME)")
    i.set_defaults(func=run_import)


def run_export(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from l10n.api import Translator
    from l10n.cli.common import glossary_files, open_memory, print_json, read_article, settings_from_args
    from l10n.errors import ModelNotInstalled
    from l10n.languages import normalize_lang, parse_lang_list
    from l10n.paths import check_distinct, inside, safe_name
    from l10n.po import export_article, read_catalog, save_po
    from l10n.xliff import VERSIONS, save_xliff

    langs = parse_lang_list(args.to)
    src = normalize_lang(args.src, allow_auto=True)
    settings = settings_from_args(args)
    translator = Translator(settings, glossary=glossary_files(args), memory=open_memory(args, settings))
    out = Path(args.out)
    docs = [(path, translator.read(read_article(path, args.fmt), fmt=args.fmt, path=path)) for path in args.articles]
    # file names come from article ids (data): sanitised, kept inside --out, never shared
    stems = {path: safe_name(doc.id) for path, doc in docs}
    ext = ".po" if args.file_format == "po" else ".xlf"
    plan = [(path, inside(out, lang, f"{stems[path]}{ext}")) for path, _ in docs for lang in langs]
    plan += [(path, inside(out, "templates", f"{stems[path]}.pot")) for path, _ in docs]
    check_distinct(plan)
    written = []
    for path, doc in docs:
        targets = {lang: inside(out, lang, f"{stems[path]}{ext}") for lang in langs}
        existing = {lang: read_catalog(p) for lang, p in targets.items() if p.exists()}
        try:
            pot, pos = export_article(doc, langs, src=src, engine=None if args.no_mt else translator.engine,
                                      memory=translator.memory, glossary=translator.glossary,
                                      existing=existing, path=path,
                                      source_path=os.path.relpath(path, out / langs[0]))
        except ModelNotInstalled as exc:
            raise ModelNotInstalled(f"{exc.message}; or pass --no-mt to export PO files without MT drafts",
                                    where=exc.where) from None
        if args.file_format == "po":
            pot_path = inside(out, "templates", f"{stems[path]}.pot")
            save_po(pot, pot_path)
            written.append({"article": path, "lang": None, "path": str(pot_path), "entries": len(pot)})
        for lang, po in pos.items():
            if args.file_format == "po":
                save_po(po, targets[lang])
            else:
                save_xliff(po, targets[lang], VERSIONS[args.file_format])
            written.append({"article": path, "lang": lang, "path": str(targets[lang]),
                            "entries": len([e for e in po if not e.obsolete]),
                            "translated": len(po.translated_entries()), "fuzzy": len(po.fuzzy_entries()),
                            "obsolete": len(po.obsolete_entries())})
    if args.json:
        print_json({"files": written})
    else:
        for w in written:
            extra = "" if w["lang"] is None else (f" ({w['translated']} approved, {w['fuzzy']} fuzzy, "
                                                 f"{w['obsolete']} obsolete)")
            print(f"{w['article']} -> {w['path']}: {w['entries']} entries{extra}", file=sys.stderr)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from l10n.cli.common import open_memory, print_json, read_article, settings_from_args, write_output
    from l10n.cli.translate import _output_path
    from l10n.formats import read_document
    from l10n.languages import SUPPORTED
    from l10n.po import import_po, read_catalog

    settings = settings_from_args(args)
    memory = open_memory(args, settings)
    results = []
    # every file is checked and rebuilt before anything is written
    for name in args.files:
        po_path = Path(name)
        po = read_catalog(po_path)
        meta = po.metadata
        article = Path(args.article) if args.article else _find_article(po_path, meta)
        fmt = meta.get("X-L10n-Format") or "auto"
        fmt = fmt if fmt in ARTICLE_FORMATS else "auto"
        doc = read_document(read_article(str(article), fmt), fmt=fmt, path=str(article))
        expected = po_path.parent.name if po_path.parent.name in SUPPORTED else None
        result = import_po(po, doc, fallback=args.fallback, lang=expected)
        out_path = _output_path(str(article), args.out, result.lang, doc.format)
        results.append((result, out_path))
    if memory is not None:  # feed the memory only once every file imported cleanly
        for result, _ in results:
            result.report["memory_added"] = memory.add_many(result.units)
    report = []
    for result, out_path in results:
        write_output(out_path, result.output)
        report.append({**result.report, "path": str(out_path)})
        if not args.json:
            r = result.report
            print(f"{r['file']} -> {out_path}: {r['approved']}/{r['segments']} approved, "
                  f"{len(r['fuzzy'])} fuzzy, {len(r['untranslated'])} untranslated, {len(r['missing'])} missing "
                  f"(fallback: {r['fallback']})", file=sys.stderr)
            for w in r["warnings"]:
                print(f"{r['file']}: warning: {w}", file=sys.stderr)
    if args.json:
        print_json({"imports": report})
    return 0


def _find_article(po_path, meta):
    from pathlib import Path

    from l10n.errors import InputError
    rel = meta.get("X-L10n-Source-Path")
    if rel:
        for candidate in (po_path.parent / rel, Path(rel)):
            if candidate.is_file():
                return candidate
        raise InputError(f"article {rel!r} (X-L10n-Source-Path) not found next to the PO file or in the "
                         f"current folder; pass --article", where=str(po_path))
    raise InputError("the PO file names no article (no X-L10n-Source-Path header); pass --article",
                     where=str(po_path))
