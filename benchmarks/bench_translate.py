"""MT throughput: l10n's pipeline vs raw CTranslate2 (the limit) vs plain ``argostranslate``, one run.

    python benchmarks/bench_translate.py [--model fixture|argos-base|FILE.argosmodel] [--data DIR]

``--model argos-base`` builds (once, cached under l10n's data directory) a package of the shape of Argos
Translate's en->uk model: Transformer base 6+6 layers, d_model 512, 8 heads, FFN 2048, 32k SentencePiece
vocabulary, int8, random seeded weights whose every hypothesis has ``ceil(1.2 x source)`` pieces (see
``benchmarks/argos_base.py``). The default ``fixture`` is the 2 MB en->uk test package (a quick run).

The first FLORES-200 devtest English sentences (``--sentences``), five per paragraph, are translated into
Ukrainian by each side in its own subprocess (clean peak RSS), with the same package, beam size,
length penalty (0.2, argostranslate's fixed value), max decoding length 256, int8 and thread counts
(``l10n.engines.argos.thread_counts``: inter/intra from the core count):

* ``raw``: ``Translator.translate_batch`` over the sentences pre-tokenised (not timed) and length-sorted,
  ``batch_type="tokens"``, ``max_batch_size`` tuned on a sample among 1024/2048/4096 tokens;
* ``l10n``: the whole pipeline on the article as text: read, segment, MT, render (glossary,
  localization and QA off); ``l10n+full`` again with glossary + localization + QA;
* ``argos``: ``argostranslate`` ``translate()`` per paragraph, as users call it; offline, its MiniSBD
  splitter would download a model, so (in this benchmark only) it is replaced by l10n's splitter.

Every side's CTranslate2 calls are recorded (source pieces, decoded pieces per sentence) and compared:
with ``argos-base`` all sides must decode exactly the same number of pieces for every sentence.
Runs at beam 2 (l10n's default) and beam 4 (argostranslate's default; half the sentences); at beam 2
the raw and l10n sides run twice, interleaved, and each keeps its faster run. Then a *paired* run: one
process translates every chunk of 5 paragraphs with raw, l10n and l10n+full in turn (rotating the
order), so the ratios compare runs seconds apart rather than minutes (the machine is shared). The last line is
the headline (beam 2): l10n's throughput as a fraction of raw (paired run: median per-chunk time ratio),
as a multiple of argostranslate (separate runs), and the pipeline's time outside CTranslate2.
"""

from __future__ import annotations

import argparse
import collections
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

FIXTURE = ROOT / "tests" / "fixtures" / "models" / "translate-en_uk-0_1.argosmodel"
LENGTH_PENALTY = 0.2
MAX_LEN = 256
TUNE_TOKENS = (1024, 2048, 4096)


def paragraphs(data: Path, n: int) -> list[str]:
    lines = require(data / "mt" / "flores200_devtest" / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if line.strip()][:n]
    return [" ".join(lines[i:i + 5]) for i in range(0, len(lines), 5)]


class Recorder:
    """Wraps a ``ctranslate2.Translator``: records (source pieces, decoded pieces) of every sentence."""

    def __init__(self, inner):
        self.inner, self.lengths = inner, []

    def translate_batch(self, tokens, **options):
        results = self.inner.translate_batch(tokens, **options)
        if options.get("asynchronous"):
            return [_RecordedFuture(self, len(t), r) for t, r in zip(tokens, results)]
        self.lengths += [(len(t), len(r.hypotheses[0])) for t, r in zip(tokens, results)]
        return results

    def __getattr__(self, name):
        return getattr(self.inner, name)


class _RecordedFuture:
    def __init__(self, recorder, source_len, future):
        self.recorder, self.source_len, self.future = recorder, source_len, future

    def result(self):
        result = self.future.result()
        self.recorder.lengths.append((self.source_len, len(result.hypotheses[0])))
        return result


def settings_for(home: Path, beam: int):
    from l10n.settings import Settings
    return Settings(home=home, beam_size=beam, length_penalty=LENGTH_PENALTY, max_decoding_length=MAX_LEN,
                    threads=int(os.environ.get("L10N_THREADS", "0")))


def run_raw(paras: list[str], home: Path, beam: int) -> dict:
    import ctranslate2
    import sentencepiece as spm
    from l10n.engines.argos import decoding_options, thread_counts
    from l10n.engines.packages import installed_packages
    from l10n.segment import split_sentences
    settings = settings_for(home, beam)
    folder = installed_packages(settings)[0].path
    sp = spm.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    # what the pipeline sends to MT: every sentence with a letter, once
    sentences = list(dict.fromkeys(s.text for p in paras for s in split_sentences(p, "en")
                                   if any(ch.isalpha() for ch in s.text)))
    tokens = sorted(sp.encode(sentences, out_type=str), key=len)
    inter, intra = thread_counts(settings.threads)
    translator = Recorder(ctranslate2.Translator(str(folder / "model"), device="cpu", compute_type="int8",
                                                 inter_threads=inter, intra_threads=intra))
    options = decoding_options(settings)
    translator.translate_batch(tokens[:4], **options)  # warm-up
    sample = tokens[::3]
    tuning = {}
    for budget in TUNE_TOKENS:
        started = time.perf_counter()
        translator.translate_batch(sample, **{**options, "max_batch_size": budget})
        tuning[budget] = time.perf_counter() - started
    best = min(tuning, key=tuning.get)
    translator.lengths.clear()
    started = time.perf_counter()
    translator.translate_batch(tokens, **{**options, "max_batch_size": best})
    return {"seconds": time.perf_counter() - started, "sentences": len(tokens), "lengths": translator.lengths,
            "max_batch_tokens": best, "threads": [inter, intra],
            "tuning": {str(k): round(len(sample) / v, 2) for k, v in tuning.items()}}


def run_pipeline(paras: list[str], home: Path, beam: int, full: bool) -> dict:
    from l10n.api import Translator
    settings = settings_for(home, beam)
    t = Translator(settings) if full else Translator(settings, glossary=None)
    article = "\n\n".join(paras)
    # one-time loading (model, dictionaries, glossary automaton) is not part of throughput on any side
    t.translate_document(t.read("Warm-up in Kharkiv on 24 February 2022 cost $7 billion.", fmt="text"),
                         ["uk"], src="en", qa=full, localize_values=full)
    loaded = t.engine.load("en", "uk")
    loaded.translator = recorder = Recorder(loaded.translator)
    t.engine.stats.reset()
    started = time.perf_counter()
    doc = t.read(article, fmt="text")
    result = t.translate_document(doc, ["uk"], src="en", qa=full, localize_values=full)
    elapsed = time.perf_counter() - started
    stats = t.engine.stats
    return {"seconds": elapsed, "sentences": len(result["uk"].segments), "batch_seconds": stats.batch_seconds,
            "calls": stats.calls, "lengths": recorder.lengths}


def run_argos(paras: list[str], home: Path, beam: int) -> dict:
    from l10n.engines.argos import thread_counts
    inter, intra = thread_counts(settings_for(home, beam).threads)
    os.environ.update(ARGOS_PACKAGES_DIR=str(home / "models"), ARGOS_BEAM_SIZE=str(beam),
                      ARGOS_COMPUTE_TYPE="int8", ARGOS_DEVICE_TYPE="cpu",
                      ARGOS_INTER_THREADS=str(inter), ARGOS_INTRA_THREADS=str(intra))
    import argostranslate.translate as at
    from l10n.segment import split_sentences

    class PlainSplitter:  # replaces MiniSBD, which would download a model
        def __init__(self, pkg):
            self.pkg = pkg

        def split_sentences(self, text):
            return [s.text for s in split_sentences(text, "en")]

    at.MiniSBDSentencizer = PlainSplitter
    translation = at.get_translation_from_codes("en", "uk")
    translation.translate("Warm-up.")
    inner = getattr(translation, "underlying", translation)
    inner.translator = recorder = Recorder(inner.translator)
    n = sum(len(split_sentences(p, "en")) for p in paras)
    started = time.perf_counter()
    for p in paras:
        translation.translate(p)  # argostranslate's translate(): beam ARGOS_BEAM_SIZE, length penalty 0.2
    return {"seconds": time.perf_counter() - started, "sentences": n, "lengths": recorder.lengths}


def run_paired(paras: list[str], home: Path, beam: int, budget: int) -> dict:
    """raw, l10n and l10n+full alternating in one process, chunk by chunk (rotating which goes first).

    Two separate runs minutes apart see different load on a shared machine; here every chunk of about
    25 sentences is translated by the three sides within seconds of each other, so the per-chunk time
    ratios compare like with like. Each side keeps its own warmed-up model (no shared cache).
    """
    import ctranslate2
    from l10n.api import Translator
    from l10n.engines.argos import decoding_options, thread_counts
    from l10n.engines.packages import installed_packages
    from l10n.segment import split_sentences
    settings = settings_for(home, beam)
    mt_only, full = Translator(settings, glossary=None), Translator(settings)
    raw_model = mt_only.engine.load("en", "uk")
    inter, intra = thread_counts(settings.threads)
    raw = ctranslate2.Translator(str(installed_packages(settings)[0].path / "model"), device="cpu", compute_type="int8",
                                 inter_threads=inter, intra_threads=intra)
    options = {**decoding_options(settings), "max_batch_size": budget}

    def side_raw(chunk):
        sentences = list(dict.fromkeys(s.text for p in chunk for s in split_sentences(p, "en")
                                       if any(ch.isalpha() for ch in s.text)))
        tokens = sorted(raw_model.encode_batch(sentences), key=len)  # pre-tokenised: not timed
        started = time.perf_counter()
        raw.translate_batch(tokens, **options)
        return time.perf_counter() - started

    def side_l10n(translator, qa):
        def run(chunk):
            started = time.perf_counter()
            translator.translate_document(translator.read("\n\n".join(chunk), fmt="text"), ["uk"], src="en",
                                          qa=qa, localize_values=qa)
            return time.perf_counter() - started
        return run

    sides = {"raw": side_raw, "l10n": side_l10n(mt_only, False), "l10n+full": side_l10n(full, True)}
    for run in sides.values():
        run(paras[:1])  # warm-up
    times: dict[str, list[float]] = {name: [] for name in sides}
    chunks = [paras[i:i + 5] for i in range(0, len(paras), 5)]
    for n, chunk in enumerate(chunks):
        names = list(sides)[n % 3:] + list(sides)[:n % 3]
        for name in names:
            times[name].append(sides[name](chunk))
    return {"times": times, "chunks": len(chunks), "seconds": sum(times["raw"]), "sentences": 0, "lengths": []}


def child(args: argparse.Namespace) -> None:
    paras = paragraphs(args.data, args.sentences)
    if args.side == "argos":
        out = run_argos(paras, args.home, args.beam)
    elif args.side == "raw":
        out = run_raw(paras, args.home, args.beam)
    elif args.side == "paired":
        out = run_paired(paras, args.home, args.beam, args.budget)
    else:
        out = run_pipeline(paras, args.home, args.beam, full=args.side == "l10n+full")
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def resolve_model(args: argparse.Namespace) -> Path:
    if args.model == "fixture":
        return FIXTURE
    if args.model == "argos-base":
        import argos_base
        return argos_base.build_package(args.data / "mt", args.cache or argos_base.default_cache_dir(),
                                        log=lambda m: print(m, file=sys.stderr, flush=True))
    path = Path(args.model)
    if not path.is_file():
        raise SystemExit(f"--model: no such package: {path} (or use fixture / argos-base)")
    return path


def run_side(side: str, beam: int, sentences: int, home: Path, args: argparse.Namespace) -> dict:
    tmp = str(home)
    proc = subprocess.run([sys.executable, __file__, "--side", side, "--home", tmp, "--beam", str(beam),
                           "--sentences", str(sentences), "--data", str(args.data)],
                          capture_output=True, text=True,
                          env={**os.environ, "XDG_DATA_HOME": tmp, "XDG_CONFIG_HOME": tmp, "XDG_CACHE_HOME": tmp})
    if proc.returncode != 0:
        raise SystemExit(f"{side} (beam {beam}) failed:\n{proc.stderr}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["target_tokens"] = sum(t for _, t in out["lengths"])
    out["sps"], out["tps"] = out["sentences"] / out["seconds"], out["target_tokens"] / out["seconds"]
    print(f"  {side:10s} beam {beam}: {out['sps']:6.2f} sentences/s, {out['tps']:7.1f} tokens/s, "
          f"peak RSS {out['peak_rss_mb']:4.0f} MB" + _detail(out), flush=True)
    return out


def run_paired_side(beam: int, sentences: int, budget: int, home: Path, args: argparse.Namespace) -> dict:
    tmp = str(home)
    proc = subprocess.run([sys.executable, __file__, "--side", "paired", "--home", tmp, "--beam", str(beam),
                           "--sentences", str(sentences), "--data", str(args.data), "--budget", str(budget)],
                          capture_output=True, text=True,
                          env={**os.environ, "XDG_DATA_HOME": tmp, "XDG_CONFIG_HOME": tmp, "XDG_CACHE_HOME": tmp})
    if proc.returncode != 0:
        raise SystemExit(f"paired run (beam {beam}) failed:\n{proc.stderr}")
    times = json.loads(proc.stdout.strip().splitlines()[-1])["times"]
    ratios = {}
    for side in ("l10n", "l10n+full"):
        per_chunk = [r / t for r, t in zip(times["raw"], times[side])]
        ratios[side] = statistics.median(per_chunk)
        print(f"  paired     beam {beam}: {side} {ratios[side]:.2f} of raw (median over {len(per_chunk)} chunks of "
              f"5 paragraphs, each translated by raw, l10n and l10n+full in turn in one process; "
              f"total time {sum(times['raw']) / sum(times[side]):.2f})", flush=True)
    return ratios


def _detail(out: dict) -> str:
    if "max_batch_tokens" in out:
        return (f"  (max_batch_size {out['max_batch_tokens']} tokens; inter/intra threads {out['threads']}; "
                f"tuning sentences/s {out['tuning']})")
    if "batch_seconds" in out:
        return f"  ({out['calls']} translate_batch calls, {1 - out['batch_seconds'] / out['seconds']:.1%} outside CTranslate2)"
    return ""


def check_lengths(results: dict[str, dict], realistic: bool) -> str:
    """Every side must decode the same number of pieces per sentence (and ceil(1.2 x source) on argos-base)."""
    import argos_base
    counts = {side: collections.Counter(map(tuple, r["lengths"])) for side, r in results.items()}
    reference = counts["raw"]
    notes = []
    for side, c in counts.items():
        missing, extra = reference - c, c - reference
        if missing:
            notes.append(f"{side}: {sum(missing.values())} of raw's sentences DIFFER")
        elif extra:
            notes.append(f"{side}: identical on all of raw's sentences, plus {sum(extra.values())} more it "
                         f"translated (l10n skips sentences without letters)")
    lines = [f"  (source pieces, decoded pieces) of every sentence, raw vs "
             f"{', '.join(s for s in counts if s != 'raw')}: " + ("; ".join(notes) if notes else "identical")]
    if realistic:
        off = sum(1 for r in results.values() for s, t in r["lengths"] if t != argos_base.expected_length(s, MAX_LEN))
        total = sum(len(r["lengths"]) for r in results.values())
        src = sum(s for s, _ in results["raw"]["lengths"])
        lines.append(f"  model length rule (ceil(1.2 x source pieces)) held for {total - off}/{total} sentences; "
                     f"raw: {src} source pieces -> {results['raw']['target_tokens']} decoded pieces "
                     f"({results['raw']['target_tokens'] / max(src, 1):.2f}x)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    data_arg(parser)
    parser.add_argument("--model", default="fixture",
                        help="fixture (default, quick), argos-base (realistic shape) or a .argosmodel file")
    parser.add_argument("--sentences", type=int, help="sentences at beam 2 (default: 1000 fixture, 200 argos-base)")
    parser.add_argument("--cache", type=Path, help="where argos-base is built (default: DATA_HOME/l10n/bench-models)")
    parser.add_argument("--side", choices=["raw", "l10n", "l10n+full", "argos", "paired"], help=argparse.SUPPRESS)
    parser.add_argument("--budget", type=int, default=2048, help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--beam", type=int, default=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        return child(args)

    from l10n.engines.argos import thread_counts, usable_cores
    from l10n.engines.install import install_file
    from l10n.settings import Settings
    package = resolve_model(args)
    realistic = args.model == "argos-base"
    n = args.sentences or (200 if realistic else 1000)
    started = time.perf_counter()
    print(f"package: {package.name} ({package.stat().st_size / 1e6:.0f} MB); {usable_cores()} usable cores, "
          f"load average {os.getloadavg()[0]:.1f}; inter/intra threads {thread_counts()}", flush=True)
    results: dict[int, dict[str, dict]] = {}
    paired: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        install_file(Settings(home=home), package)
        # raw and l10n sides run twice, interleaved with the others, and each side's faster run is
        # kept: on a shared machine noise only ever adds time (argostranslate, far slower, runs once)
        plan = ((2, n, ("raw", "l10n", "l10n+full", "argos", "raw", "l10n", "l10n+full")),
                (4, max(n // 2, 10), ("raw", "l10n", "argos")))
        for beam, count, sides in plan:
            print(f"beam {beam}, length penalty {LENGTH_PENALTY}, {count} sentences:", flush=True)
            results[beam] = {}
            for side in sides:
                out = run_side(side, beam, count, home, args)
                if side not in results[beam] or out["sps"] > results[beam][side]["sps"]:
                    results[beam][side] = out
            print(check_lengths(results[beam], realistic), flush=True)
            paired[beam] = run_paired_side(beam, count, results[beam]["raw"]["max_batch_tokens"], home, args)

    startup = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "cli.py"), "--help"], capture_output=True, check=True)
        startup.append(time.perf_counter() - t0)
    print(f"l10n --help start-up: median {statistics.median(startup) * 1000:.0f} ms; "
          f"benchmark wall time {time.perf_counter() - started:.0f} s")
    for beam, r in results.items():
        print(f"beam {beam}: paired l10n {paired[beam]['l10n']:.2f} / l10n+full {paired[beam]['l10n+full']:.2f} of raw; "
              f"separate runs l10n {r['l10n']['sps'] / r['raw']['sps']:.2f}"
              + (f" / l10n+full {r['l10n+full']['sps'] / r['raw']['sps']:.2f}" if "l10n+full" in r else "")
              + f" of raw; l10n {r['l10n']['sps'] / r['argos']['sps']:.2f}x argostranslate")
    r = results[2]
    overhead = 1 - r["l10n"]["batch_seconds"] / r["l10n"]["seconds"]
    print(f"headline: l10n {paired[2]['l10n']:.2f} of raw CTranslate2, "
          f"{r['l10n']['sps'] / r['argos']['sps']:.2f}x plain argostranslate (beam 2), overhead {overhead:.1%}")


if __name__ == "__main__":
    main()
