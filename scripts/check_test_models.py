"""Verify the test packages in tests/fixtures/models/ the way the runtime uses them (no torch needed).

For each `translate-<from>_<to>-0_1.argosmodel`: unzip to a temporary folder, load it with
`argostranslate.package.Package` (metadata must parse), load the CTranslate2 model (CPU, int8) and the
SentencePiece model, translate every source sentence of tests/fixtures/corpus/<from>-<to>.tsv with
`translate_batch` and report the exact-match rate against the reference, for all fixture pairs and for
the sentences of the example article (examples/kyiv-talks.txt, split as the corpus was written).

Run from the repository root with the project virtualenv:
    python scripts/check_test_models.py [--beam 2] [--min-article 0.95]
Then, per compute type (int8, int8_float32, float32): the smallest reference margin (logit of the
reference token minus the best other, over every step of every pair), the largest deviation of the
logits from float32, misses and early-finishing side hypotheses per decoding setting (model_margins.py).
Exit status 1 when an article figure is below --min-article, or a margin is below MIN_MARGIN logits or
8x the compute type's deviation from float32.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path

from model_margins import MIN_MARGIN, measure  # noqa: E402  (scripts/ is on sys.path when run)

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "tests" / "fixtures" / "models"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
ARTICLE = ROOT / "examples" / "kyiv-talks.txt"


def article_sentences() -> list[str]:
    """Lines of the plain-text article split at . ! ? + space + capital (how the corpus was written)."""
    out = []
    for line in ARTICLE.read_text(encoding="utf-8").splitlines():
        if line.strip():
            out += re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", line.strip())
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--beam", type=int, default=2)
    ap.add_argument("--length-penalty", type=float, default=1.0)
    ap.add_argument("--min-article", type=float, default=0.95)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmpd:
        os.environ["ARGOS_PACKAGES_DIR"] = str(Path(tmpd) / "argos-packages")
        import argostranslate.package
        import ctranslate2
        import sentencepiece as spm

        failed = False
        en_article = article_sentences()
        for pkg_file in sorted(MODELS.glob("*.argosmodel")):
            with zipfile.ZipFile(pkg_file) as zf:
                tops = {n.split("/")[0] for n in zf.namelist()}
                if len(tops) != 1:
                    print(f"{pkg_file.name}: expected one top-level folder, found {sorted(tops)}")
                    return 1
                zf.extractall(tmpd)
            pkg_dir = Path(tmpd) / tops.pop()
            pkg = argostranslate.package.Package(pkg_dir)
            pair = f"{pkg.from_code}-{pkg.to_code}"
            pairs = [
                tuple(line.split("\t"))
                for line in (CORPUS / f"{pair}.tsv").read_text(encoding="utf-8").splitlines()
                if line.strip()
            ]
            sp = spm.SentencePieceProcessor(model_file=str(pkg_dir / "sentencepiece.model"))
            translator = ctranslate2.Translator(str(pkg_dir / "model"), device="cpu", compute_type="int8")
            results = translator.translate_batch(
                [sp.encode(s, out_type=str) for s, _ in pairs],
                beam_size=args.beam,
                length_penalty=args.length_penalty,
                max_decoding_length=256,
            )
            hyps = [sp.decode_pieces(r.hypotheses[0]) for r in results]
            hits = [h == t for h, (_, t) in zip(hyps, pairs)]
            # Article sentences: for en-* the English sentences; for uk-en the references of en-uk.
            if pkg.from_code == "en":
                article = set(en_article)
            else:
                ref = dict(line.split("\t") for line in (CORPUS / "en-uk.tsv").read_text(
                    encoding="utf-8").splitlines() if line.strip())
                article = {ref[s] for s in en_article}
            art = [ok for ok, (s, _) in zip(hits, pairs) if s in article]
            if len(art) != len(article):
                print(f"{pkg_file.name}: corpus lacks {len(article) - len(art)} article sentences")
                failed = True
            rate_all, rate_art = sum(hits) / len(hits), sum(art) / max(1, len(art))
            print(f"{pkg_file.name} ({pkg.from_name} -> {pkg.to_name}, "
                  f"{pkg_file.stat().st_size / 1e6:.2f} MB): "
                  f"exact match all {sum(hits)}/{len(hits)} = {rate_all:.1%}, "
                  f"article {sum(art)}/{len(art)} = {rate_art:.1%}")
            for h, (s, t) in zip(hyps, pairs):
                if h != t:
                    print(f"    MISS {s!r}\n      got  {h!r}\n      want {t!r}")
            failed |= rate_art < args.min_article
            # Portability: reference margins vs. quantisation error, per compute type (model_margins.py).
            for report in measure(pkg_dir / "model", sp, pairs):
                print("    " + report.summary())
                failed |= report.min_margin < max(MIN_MARGIN, 8 * report.max_deviation)
        failed |= check_argos_api(en_article)
    return 1 if failed else 0


class WholeText:
    """Stands in for argostranslate's default splitter, which downloads a model at run time."""

    def __init__(self, pkg) -> None:
        pass

    def split_sentences(self, text: str) -> list[str]:
        return [text]


def check_argos_api(en_article: list[str]) -> bool:
    """Install every package with argostranslate's own installer and translate the article sentences
    through its public API (its defaults: beam 4, length_penalty 0.2), including uk->ru / uk->tr, which
    argostranslate chains through English. Returns True on failure."""
    import argostranslate.package
    import argostranslate.translate

    argostranslate.translate.MiniSBDSentencizer = WholeText
    for pkg_file in sorted(MODELS.glob("*.argosmodel")):
        argostranslate.package.install_from_path(pkg_file)
    refs = {}
    for tsv in CORPUS.glob("*.tsv"):
        pair = tsv.stem
        refs[pair] = dict(tuple(line.split("\t")) for line in tsv.read_text(encoding="utf-8").splitlines()
                          if line.strip())
    uk_article = [refs["en-uk"][s] for s in en_article]
    cases = [("en", t, en_article, [refs[f"en-{t}"][s] for s in en_article]) for t in ("uk", "ru", "tr")]
    cases.append(("uk", "en", uk_article, en_article))
    cases += [("uk", t, uk_article, [refs[f"en-{t}"][s] for s in en_article]) for t in ("ru", "tr")]
    failed = False
    for src, tgt, sources, wanted in cases:
        translation = argostranslate.translate.get_translation_from_codes(src, tgt)
        got = [translation.translate(s) for s in sources]
        hits = sum(g == w for g, w in zip(got, wanted))
        via = " (via en)" if "en" not in (src, tgt) else ""
        print(f"argostranslate API {src}->{tgt}{via}: article exact match {hits}/{len(wanted)}")
        failed |= hits != len(wanted)
    return failed


if __name__ == "__main__":
    sys.exit(main())
