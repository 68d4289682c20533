"""Language-identification benchmark on lingua-py's test data (sentences, word pairs, single words).

    python benchmarks/bench_detect.py [--data DIR] [--engines langdetect,lingua-high] [--limit N]

Reads ``DIR/langid/lingua-py/{sentences,word-pairs,single-words}/{en,uk,ru,tr}.txt`` (``DIR``
defaults to ``../shared/eval`` beside the repository) and prints, for l10n's detector and for plain
langdetect (seeded, restricted to the four languages by loading only their profiles) as reference:
accuracy per language and input length, Ukrainian<->Russian confusions, detections per second.
``--engines`` adds runs of l10n's detector with another statistical engine (for docs/detection.md).
The last line is the headline for l10n's default detector.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LANGS = ("en", "uk", "ru", "tr")
SETS = ("sentences", "word-pairs", "single-words")


def default_data() -> Path:
    """``../shared/eval`` beside the repository (looked up in parent folders too, for worktrees)."""
    for parent in ROOT.parents:
        if (parent / "shared" / "eval").is_dir():
            return parent / "shared" / "eval"
    return ROOT.parent / "shared" / "eval"


def load(data: Path, limit: int | None) -> dict[str, dict[str, list[str]]]:
    base = data / "langid" / "lingua-py"
    if not base.is_dir():
        sys.exit(f"bench_detect: no lingua-py data under {base} (give --data DIR)")
    out: dict[str, dict[str, list[str]]] = {}
    for s in SETS:
        out[s] = {}
        for lang in LANGS:
            lines = [x.strip() for x in (base / s / f"{lang}.txt").read_text(encoding="utf-8").splitlines()]
            out[s][lang] = [x for x in lines if x][:limit]
    return out


def plain_langdetect():
    """langdetect as a user would run it: seeded, only the four profiles loaded."""
    from importlib import resources

    from langdetect.detector_factory import DetectorFactory
    from langdetect.lang_detect_exception import LangDetectException

    profiles = resources.files("langdetect").joinpath("profiles")
    factory = DetectorFactory()
    factory.load_json_profile([profiles.joinpath(lang).read_text(encoding="utf-8") for lang in LANGS])
    factory.set_seed(0)

    def detect(text: str) -> str:
        d = factory.create()
        d.append(text)
        try:
            return d.detect()
        except LangDetectException:
            return "unknown"

    return detect


def run(name: str, detect, data) -> dict[str, float]:
    print(f"== {name}")
    result: dict[str, float] = {}
    total_n = 0
    total_t = 0.0
    for s in SETS:
        accs = []
        confusions = {"uk->ru": 0, "ru->uk": 0}
        unknown = 0
        n = 0
        t0 = time.perf_counter()
        per = []
        for lang in LANGS:
            ok = 0
            for text in data[s][lang]:
                got = detect(text)
                ok += got == lang
                unknown += got == "unknown"
                if lang in ("uk", "ru") and got in ("uk", "ru") and got != lang:
                    confusions[f"{lang}->{got}"] += 1
            n += len(data[s][lang])
            acc = ok / len(data[s][lang])
            accs.append(acc)
            per.append(f"{lang} {acc * 100:6.2f}%")
        dt = time.perf_counter() - t0
        total_n += n
        total_t += dt
        mean = sum(accs) / len(accs)
        result[s] = mean
        result[f"{s}-confusions"] = confusions["uk->ru"] + confusions["ru->uk"]
        print(f"  {s:13s} mean {mean * 100:6.2f}%  |  {'  '.join(per)}  |  uk->ru {confusions['uk->ru']}, "
              f"ru->uk {confusions['ru->uk']}, unknown {unknown}  |  {n / dt:,.0f} det/s")
    result["rate"] = total_n / total_t
    result["confusions"] = sum(result[f"{s}-confusions"] for s in SETS)
    print(f"  all sets: uk/ru confusions {result['confusions']:.0f}, {result['rate']:,.0f} det/s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(default_data()),
                        help="evaluation data folder (default: ../shared/eval beside the repo)")
    parser.add_argument("--engines", default="",
                        help="extra statistical engines for l10n's detector: lingua-high,lingua-low,none")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N lines per file")
    args = parser.parse_args()
    data = load(Path(args.data).resolve(), args.limit)

    from l10n.detect import detect_language

    run("plain langdetect 1.0.9 (seeded, 4 profiles) — reference", plain_langdetect(), data)
    for engine in [e for e in args.engines.split(",") if e]:
        t0 = time.perf_counter()
        detect_language("warm up", engine=engine)
        detect_language("прогрів", engine=engine)
        print(f"(engine {engine}: first-call load {time.perf_counter() - t0:.2f} s)")
        run(f"l10n.detect with engine={engine}", lambda t, e=engine: detect_language(t, engine=e).lang, data)
    t0 = time.perf_counter()
    detect_language("warm up")
    detect_language("прогрів")
    print(f"(l10n.detect first-call load {time.perf_counter() - t0:.2f} s)")
    r = run("l10n.detect (default: lingua high accuracy + rules + dictionaries)", lambda t: detect_language(t).lang, data)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"headline: sentences {r['sentences'] * 100:.2f}%, word pairs {r['word-pairs'] * 100:.2f}%, "
          f"single words {r['single-words'] * 100:.1f}%, uk/ru confusions {r['confusions']:.0f}, "
          f"{r['rate']:,.0f} det/s")


if __name__ == "__main__":
    main()
