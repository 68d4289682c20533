"""``l10n postedit`` — the post-MT steps of ``translate`` (glossary, then values) on existing translations.

JSON lines in, JSON lines out; each line gets the corrected ``target``, ``changes`` and ``flags``
(with ``severity``), computed by ``l10n.postedit.post_edit`` — the function ``translate`` uses."""

from __future__ import annotations

import argparse

from l10n.cli.common import add_glossary_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "postedit", help="post-edit existing translations: glossary terms, then numbers/dates (JSONL batch)",
        description="Read JSON lines {\"source\": ..., \"target\": ...} on stdin and write each object "
                    "back with the target corrected as `translate` corrects MT output: glossary terms "
                    "(names inflected as the sentence needs), then values (numbers, money, dates, times "
                    "re-rendered in the target locale; a value that differs from the source is never "
                    "changed, it is flagged), plus \"changes\" and \"flags\" (each with a severity). "
                    "A line that is not a JSON object gives {\"error\": \"line N: ...\"} and the batch "
                    "continues. The batch is read as one article: a person named in full on an earlier "
                    "line is recognised by the surname alone later (or give a line a \"context\" field).",
        epilog="example: echo '{\"source\": \"The fine was $17,000.\", \"target\": \"Штраф склав $17,000.\"}' | "
               "l10n postedit --from en --to uk")
    p.add_argument("--only", choices=["glossary", "values"], metavar="STEP",
                   help="run only this step: glossary or values (default: both, glossary first)")
    add_glossary_args(p, can_skip=False)
    p.add_argument("--from", dest="src", default="en", metavar="LANG", help="source language (default en)")
    p.add_argument("--to", dest="tgt", required=True, metavar="LANG", help="target language: uk, ru or tr")
    p.add_argument("input", nargs="?", default="-", metavar="FILE", help="JSONL input (default stdin)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from l10n.cli.common import glossary_files, iter_jsonl, print_jsonl
    from l10n.glossary import load_glossary
    from l10n.languages import normalize_lang
    from l10n.postedit import STEPS, post_edit

    src, tgt = normalize_lang(args.src), normalize_lang(args.tgt)
    steps = (args.only,) if args.only else STEPS
    glossary = load_glossary(*glossary_files(args)) if "glossary" in steps else None
    bad = 0
    earlier: list[str] = []
    for n, obj, error in iter_jsonl(args.input, strings=("source", "target")):
        if error:
            print_jsonl({"error": f"line {n}: {error}"})
            bad += 1
            continue
        source = obj["source"]
        context = obj.get("context") if isinstance(obj.get("context"), str) else "\n".join(earlier[-200:])
        result = post_edit(source, obj["target"], src=src, tgt=tgt, glossary=glossary, steps=steps,
                           context=context)
        earlier.append(source)  # the batch is the article: earlier lines name people in full
        obj.update(result.to_dict())
        print_jsonl(obj)
    sys.stdout.flush()
    return 1 if bad else 0
