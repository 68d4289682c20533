#!/usr/bin/env python3
"""Sentence segmentation benchmark on public gold sets (pySBD Golden Rules, sentencex, UD).

Usage: ``python benchmarks/bench_segment.py [--data DIR] [--no-pysbd]``

DIR is the shared evaluation folder (default: the first ``shared/eval`` found beside the repo or
above it). For every set it prints exact-match cases (n/N) and boundary precision/recall/F1, where a
boundary is the position of a sentence end counted in non-whitespace characters (so gold sets whose
spacing differs from the input still compare). sentencex cases are compared after collapsing
whitespace, as sentencex's own tests do. Throughput is measured on UD English, single process.
If ``pysbd`` is importable its figures are printed alongside (it has no uk or tr rules: uk uses
its Russian rules, tr its English ones).
The last line is the headline.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from l10n.segment import split_sentences  # noqa: E402

Splitter = Callable[[str, str], list[str]]
#: A gold sentence that does not end in terminal punctuation (plus closers) cannot be found by
#: punctuation rules; the share of the others is the recall ceiling printed per set.
_PUNCT_END = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")

SETS = [  # (name, relative path, language, collapse whitespace before comparing)
    ("golden_en", "segmentation/pysbd/GOLDEN_EN_RULES_TEST_CASES.jsonl", "en", False),
    ("golden_ru", "segmentation/pysbd/GOLDEN_RU_RULES_TEST_CASES.jsonl", "ru", False),
    ("pysbd_ru_more", "segmentation/pysbd/RU_MORE_TEST_CASES.jsonl", "ru", False),
    ("sentencex_en", "segmentation/sentencex/sentencex_en.jsonl", "en", True),
    ("sentencex_ru", "segmentation/sentencex/sentencex_ru.jsonl", "ru", True),
    ("sentencex_uk", "segmentation/sentencex/sentencex_uk.jsonl", "uk", True),
    ("ud_en", "segmentation/ud/ud_en_paragraphs.jsonl", "en", False),
    ("ud_ru", "segmentation/ud/ud_ru_paragraphs.jsonl", "ru", False),
    ("ud_tr", "segmentation/ud/ud_tr_paragraphs.jsonl", "tr", False),
]


def default_data() -> Path:
    for base in [ROOT, *ROOT.parents]:
        candidate = base.parent / "shared" / "eval"
        if candidate.is_dir():
            return candidate
    return (ROOT.parent / "shared" / "eval").resolve()


def ours(text: str, lang: str) -> list[str]:
    return [s.text for s in split_sentences(text, lang)]


def pysbd_splitter() -> Splitter | None:
    try:
        import pysbd  # optional, for comparison only
    except ImportError:
        return None
    cache: dict[str, object] = {}

    def split(text: str, lang: str) -> list[str]:
        code = lang if lang in pysbd.languages.LANGUAGE_CODES else ("ru" if lang == "uk" else "en")
        seg = cache.get(code) or cache.setdefault(code, pysbd.Segmenter(language=code, clean=False))
        return [s.strip() for s in seg.segment(text) if s.strip()]

    return split


def ends(sentences: list[str]) -> set[int]:
    """Sentence ends as counts of non-whitespace characters (the last end excluded)."""
    out, n = set(), 0
    for s in sentences:
        n += sum(1 for c in s if not c.isspace())
        out.add(n)
    out.discard(n)
    return out


def score(cases: list[dict], lang: str, collapse: bool, split: Splitter) -> dict:
    exact = tp = fp = fn = 0
    for case in cases:
        pred = split(case["text"], lang)
        gold = case["sentences"]
        norm = (lambda xs: [" ".join(x.split()) for x in xs]) if collapse else (lambda xs: [x.strip() for x in xs])
        exact += norm(pred) == norm(gold)
        p, g = ends(pred), ends(gold)
        tp += len(p & g)
        fp += len(p - g)
        fn += len(g - p)
    unpunct = sum(1 for case in cases for s in case["sentences"][:-1]
                  if not _PUNCT_END.search(s))
    gold_total = sum(len(case["sentences"]) - 1 for case in cases)
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    ceiling = 1 - unpunct / gold_total if gold_total else 1.0
    return {"exact": exact, "n": len(cases), "p": prec, "r": rec, "f1": f1, "ceiling": ceiling}


def throughput(cases: list[dict], lang: str, split: Splitter, min_seconds: float = 1.0) -> float:
    texts = [c["text"] for c in cases]
    gold = sum(len(c["sentences"]) for c in cases)
    for t in texts[:50]:
        split(t, lang)                      # warm caches
    rounds, t0 = 0, time.perf_counter()
    while True:
        for t in texts:
            split(t, lang)
        rounds += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            return rounds * gold / elapsed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="shared eval folder (default: ../shared/eval)")
    ap.add_argument("--no-pysbd", action="store_true", help="skip the pySBD comparison")
    args = ap.parse_args(argv)
    data = (args.data or default_data()).resolve()
    if not (data / "segmentation").is_dir():
        print(f"bench_segment: error: no segmentation/ folder in {data} (use --data DIR)", file=sys.stderr)
        return 1
    other = None if args.no_pysbd else pysbd_splitter()
    results: dict[str, dict] = {}
    print(f"data: {data}")
    print(f"{'set':<15} {'l10n exact':>12} {'P':>6} {'R':>6} {'F1':>6}" + ("   | pySBD exact     P      R     F1" if other else ""))
    loaded: dict[str, tuple[list[dict], str]] = {}
    for name, rel, lang, collapse in SETS:
        path = data / rel
        if not path.is_file():
            print(f"{name:<15} missing {path}")
            continue
        cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        loaded[name] = (cases, lang)
        r = results[name] = score(cases, lang, collapse, ours)
        line = f"{name:<15} {r['exact']:>5}/{r['n']:<6} {r['p']:6.3f} {r['r']:6.3f} {r['f1']:6.3f}"
        if other:
            o = score(cases, lang, collapse, other)
            line += f"   | {o['exact']:>5}/{o['n']:<6} {o['p']:6.3f} {o['r']:6.3f} {o['f1']:6.3f}"
        print(line, flush=True)
    print("recall ceiling for punctuation rules (gold boundaries after . ! ? …): "
          + ", ".join(f"{n} {results[n]['ceiling']:.3f}" for n in ("ud_en", "ud_ru", "ud_tr") if n in results))
    speed = throughput(*loaded["ud_en"], ours) if "ud_en" in loaded else 0.0
    print(f"throughput (UD en, one process): l10n {speed:,.0f} sentences/s", end="")
    if other and "ud_en" in loaded:
        print(f"; pySBD {throughput(*loaded['ud_en'], other, 0.5):,.0f} sentences/s")
    else:
        print()

    def ex(name: str) -> str:
        r = results.get(name)
        return f"{r['exact']}/{r['n']}" if r else "n/a"

    def f1(name: str) -> str:
        r = results.get(name)
        return f"{r['f1']:.3f}" if r else "n/a"

    print(f"headline: golden_en {ex('golden_en')}, sentencex uk {ex('sentencex_uk')} ru {ex('sentencex_ru')}, "
          f"UD F1 en {f1('ud_en')} ru {f1('ud_ru')} tr {f1('ud_tr')}, {speed:,.0f} sent/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
