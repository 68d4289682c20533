"""PO workflow and translation-memory benchmark.

Figures printed:
  * export of a generated 1,000-segment Markdown article (segmentation + MT drafts from an instant
    engine + hints + merge-free PO build + atomic write), and with --no-mt; target < 1 s each;
  * import of that article's reviewed PO file (parse, checks, rebuild, render); target < 1 s;
  * translation-memory exact lookup, median over 2,000 single-sentence lookups with 100,000 stored
    units; target < 1 ms;
  * re-export of a 20-paragraph article after editing 1 paragraph: sentences sent to MT (counted
    by a wrapper engine) — only that paragraph's.

Usage: python benchmarks/bench_po.py [--segments 1000] [--tm-units 100000]
The last line is the headline.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from l10n.formats import read_document  # noqa: E402
from l10n.tm import TranslationMemory, Unit  # noqa: E402
from l10n.po import export_article, import_po, read_po, save_po  # noqa: E402

WORDS = ("government minister talks grain exports corridor president city council budget report "
         "agreement energy prices winter region border officials week statement meeting").split()


class CountingEngine:
    """Instant deterministic engine that counts what it is asked to translate."""

    name = "counting"

    def __init__(self) -> None:
        self.calls = 0
        self.sentences = 0

    def pairs(self):
        return {("en", "uk"), ("en", "ru"), ("en", "tr")}

    def translate_direct(self, sentences, src, tgt):
        self.calls += 1
        self.sentences += len(sentences)
        return [f"[{tgt}] {s}" for s in sentences]


#: Names and rarer words, as news text has them (synthetic, so the vocabulary is not degenerate).
_rr = random.Random(99)
RARE = ["".join(_rr.choice("bcdfghklmnprstvz") + _rr.choice("aeiou") for _ in range(3)) for _ in range(5000)]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    words[1:1] = [rng.choice(RARE).capitalize(), rng.choice(RARE)]
    words[0] = words[0].capitalize()
    if n % 3 == 0:
        words[2] = f"**{words[2]}**"
    if n % 7 == 0:
        words[4] = f"[{words[4]}](https://example.org/{n})"
    return " ".join(words) + f" in {1990 + n % 30}."


def article(paragraphs: int, per_paragraph: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    blocks, n = [], 0
    for p in range(paragraphs):
        sents = []
        for _ in range(per_paragraph):
            sents.append(sentence(rng, n))
            n += 1
        blocks.append(" ".join(sents))
    return "# Benchmark article\n\n" + "\n\n".join(blocks) + "\n"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--segments", type=int, default=1000)
    ap.add_argument("--tm-units", type=int, default=100_000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-po-"))

    # 1. export / import of a 1,000-segment article
    text = article(args.segments // 5, 5)
    doc = read_document(text, fmt="markdown", doc_id="bench")
    t0 = time.perf_counter()
    pot, pos = export_article(doc, ["uk"], src="en", engine=CountingEngine())
    po_path = tmp / "uk" / "bench.po"
    save_po(pos["uk"], po_path)
    export_s = time.perf_counter() - t0
    segments = len(pos["uk"])
    t0 = time.perf_counter()
    _, empty = export_article(doc, ["uk"], src="en", engine=None)
    save_po(empty["uk"], tmp / "uk" / "bench-nomt.po")
    export_nomt_s = time.perf_counter() - t0
    po = read_po(po_path)
    for e in po:  # a translator approves everything (drafts with valid placeholders)
        e.msgstr = "[uk] " + e.msgid
        e.flags = [f for f in e.flags if f != "fuzzy"]
    po.save(str(po_path))
    t0 = time.perf_counter()
    result = import_po(po_path, doc)
    import_s = time.perf_counter() - t0
    assert result.report["approved"] == segments
    print(f"export {segments} segments with MT drafts: {ms(export_s)}")
    print(f"export {segments} segments --no-mt: {ms(export_nomt_s)}")
    print(f"import {segments} segments: {ms(import_s)}")

    # 2. TM exact lookup with 100,000 units
    tm = TranslationMemory(tmp / "tm.sqlite3")
    rng = random.Random(7)
    sources = [sentence(rng, i) + f" #{i}" for i in range(args.tm_units)]
    t0 = time.perf_counter()
    for i in range(0, len(sources), 10_000):
        tm.add_many(Unit("en", "uk", s, f"переклад {j}") for j, s in enumerate(sources[i:i + 10_000], i))
    fill_s = time.perf_counter() - t0
    queries = [rng.choice(sources) for _ in range(1000)] + [f"missing sentence {i}." for i in range(1000)]
    rng.shuffle(queries)
    timings = []
    for q in queries:
        t0 = time.perf_counter()
        tm.lookup("en", "uk", [q])
        timings.append(time.perf_counter() - t0)
    median_us = statistics.median(timings) * 1e6
    t0 = time.perf_counter()
    found = tm.lookup("en", "uk", queries)
    batch_ms = (time.perf_counter() - t0) * 1000
    fuzzy, fuzzy_hits = [], 0
    for q in queries[:200]:
        t0 = time.perf_counter()
        fuzzy_hits += bool(tm.fuzzy("en", "uk", q.replace(" in ", " during ", 1)))
        fuzzy.append(time.perf_counter() - t0)
    print(f"TM filled with {args.tm_units} units in {fill_s:.1f} s")
    print(f"TM exact lookup, {args.tm_units} units: median {median_us:.0f} µs per sentence "
          f"(p95 {statistics.quantiles(timings, n=20)[18] * 1e6:.0f} µs); batch of {len(queries)}: "
          f"{batch_ms:.0f} ms, {len(found)} hits")
    print(f"TM fuzzy lookup, {args.tm_units} units: median {statistics.median(fuzzy) * 1000:.1f} ms "
          f"({fuzzy_hits} of {len(fuzzy)} edited queries found a match >= 75%)")

    # 3. re-export after editing 1 paragraph of 20
    small = article(20, 4, seed=3)
    small_doc = read_document(small, fmt="markdown", doc_id="twenty")
    engine = CountingEngine()
    _, first = export_article(small_doc, ["uk"], src="en", engine=engine)
    first_sentences = engine.sentences
    paragraphs = small.split("\n\n")
    paragraphs[5] = "The council approved the budget on Tuesday. " + paragraphs[5]
    edited_doc = read_document("\n\n".join(paragraphs), fmt="markdown", doc_id="twenty")
    engine = CountingEngine()
    _, second = export_article(edited_doc, ["uk"], src="en", engine=engine, existing={"uk": first["uk"]})
    changed_paragraph = 5  # paragraphs[0] is the heading
    print(f"re-export after editing 1 of 20 paragraphs: {engine.sentences} strings sent to MT in {engine.calls} "
          f"call(s) (first export: {first_sentences}; the edited paragraph has "
          f"{len(paragraphs[changed_paragraph].split('. '))} sentences)")
    print(f"headline: export {ms(export_s)} / import {ms(import_s)} for {segments} segments, "
          f"TM exact lookup median {median_us:.0f} µs at {args.tm_units} units, "
          f"re-export MT strings {engine.sentences}/{first_sentences}")


if __name__ == "__main__":
    main()
