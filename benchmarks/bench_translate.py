"""Pipeline throughput vs plain ``argostranslate.translate.translate()`` with the same package.

Translates the 1012 English sentences of FLORES-200 devtest (grouped into paragraphs of 5) into
Ukrainian with the same ``.argosmodel`` both ways, each in its own subprocess (clean peak memory):

* ``pipeline``: ``l10n``'s Translator: our segmenter, one batched ``translate_batch`` call per chunk
  of 256 sentences, glossary + localization + QA off (``--full`` turns them on and is reported too);
* ``argos``: ``argostranslate.translate.translate(paragraph, "en", "uk")`` per paragraph, as users
  call it. Offline, its default sentence splitter (MiniSBD) downloads a model, so — in this
  benchmark only, as a user would — its sentencizer is replaced by a plain splitter.

Both sides use beam size 2, max decoding length 256, int8, default thread count.
Usage: ``python benchmarks/bench_translate.py [--data DIR] [--package FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import ROOT, data_arg, require  # noqa: E402

BEAM = 2
MAX_LEN = 256


def paragraphs(data: Path) -> list[str]:
    lines = require(data / "mt" / "flores200_devtest" / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    return [" ".join(lines[i:i + 5]) for i in range(0, len(lines), 5)]


def run_pipeline(paras: list[str], home: Path, full: bool) -> dict:
    from l10n.api import Translator
    from l10n.settings import Settings
    settings = Settings(home=home, beam_size=BEAM, max_decoding_length=MAX_LEN)
    t = Translator(settings) if full else Translator(settings, glossary=None)
    article = "\n\n".join(paras)
    # one-time loading (model, dictionaries, glossary automaton) is not part of throughput on either
    # side: the argos side warms up with one sentence too
    t.translate_document(t.read("Warm-up in Kharkiv on 24 February 2022 cost $7 billion.", fmt="text"),
                         ["uk"], src="en", qa=full, localize_values=full)
    t.engine.stats.batch_seconds, t.engine.stats.calls = 0.0, 0
    started = time.perf_counter()
    doc = t.read(article, fmt="text")
    result = t.translate_document(doc, ["uk"], src="en", qa=full, localize_values=full)
    elapsed = time.perf_counter() - started
    n = len(result["uk"].segments)
    return {"seconds": elapsed, "sentences": n, "batch_seconds": t.engine.stats.batch_seconds,
            "calls": t.engine.stats.calls}


def run_argos(paras: list[str], home: Path) -> dict:
    os.environ["ARGOS_PACKAGES_DIR"] = str(home / "models")
    os.environ["ARGOS_BEAM_SIZE"] = str(BEAM)
    os.environ["ARGOS_COMPUTE_TYPE"] = "int8"
    import argostranslate.translate as at

    class PlainSplitter:  # replaces MiniSBD, which would download a model
        def __init__(self, pkg):
            self.pkg = pkg

        def split_sentences(self, text):
            from l10n.segment import split_sentences
            return [s.text for s in split_sentences(text, "en")]

    at.MiniSBDSentencizer = PlainSplitter
    translation = at.get_translation_from_codes("en", "uk")
    translation.translate("Warm-up.")
    from l10n.segment import split_sentences
    n = sum(len(split_sentences(p, "en")) for p in paras)
    started = time.perf_counter()
    for p in paras:
        translation.translate(p)
    return {"seconds": time.perf_counter() - started, "sentences": n}


def child(args: argparse.Namespace) -> None:
    paras = paragraphs(args.data)
    if args.side == "argos":
        out = run_argos(paras, args.home)
    else:
        out = run_pipeline(paras, args.home, full=args.side == "full")
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    data_arg(parser)
    parser.add_argument("--package", type=Path, default=ROOT / "tests" / "fixtures" / "models" / "translate-en_uk-0_1.argosmodel")
    parser.add_argument("--side", choices=["pipeline", "full", "argos"], help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        return child(args)

    from l10n.engines.install import install_file
    from l10n.settings import Settings
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        install_file(Settings(home=home), args.package)
        results = {}
        for side in ("argos", "pipeline", "full"):
            proc = subprocess.run([sys.executable, __file__, "--side", side, "--home", str(home),
                                   "--data", str(args.data)], capture_output=True, text=True,
                                  env={**os.environ, "XDG_DATA_HOME": tmp, "XDG_CONFIG_HOME": tmp,
                                       "XDG_CACHE_HOME": tmp})
            if proc.returncode != 0:
                raise SystemExit(f"{side} failed:\n{proc.stderr}")
            results[side] = json.loads(proc.stdout.strip().splitlines()[-1])

    startup = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "cli.py"), "--help"], capture_output=True, check=True)
        startup.append(time.perf_counter() - started)

    a, p, f = results["argos"], results["pipeline"], results["full"]
    sps = {k: v["sentences"] / v["seconds"] for k, v in results.items()}
    overhead = 1 - p["batch_seconds"] / p["seconds"]
    overhead_full = 1 - f["batch_seconds"] / f["seconds"]
    print(f"package: {args.package.name}; sentences: {p['sentences']} (argos side: {a['sentences']})")
    print(f"plain argostranslate: {sps['argos']:.1f} sent/s, peak RSS {a['peak_rss_mb']:.0f} MB")
    print(f"l10n pipeline (MT only): {sps['pipeline']:.1f} sent/s, {p['calls']} translate_batch calls, "
          f"overhead {overhead:.1%}, peak RSS {p['peak_rss_mb']:.0f} MB")
    print(f"l10n pipeline (glossary+localize+QA): {sps['full']:.1f} sent/s, overhead {overhead_full:.1%}, "
          f"peak RSS {f['peak_rss_mb']:.0f} MB")
    print(f"l10n --help start-up: median {statistics.median(startup) * 1000:.0f} ms")
    print(f"headline: {sps['pipeline'] / sps['argos']:.2f}x plain argostranslate "
          f"({sps['pipeline']:.0f} vs {sps['argos']:.0f} sent/s), pipeline overhead {overhead:.1%}")


if __name__ == "__main__":
    main()
