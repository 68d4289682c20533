"""Bulk throughput: ``l10n translate`` over an archive of articles, and how it scales with ``--threads``.

    python benchmarks/bench_bulk.py [--model fixture|argos-base] [--articles 200] [--data DIR]

Writes an archive of ``--articles`` plain-text articles (``--sentences`` consecutive NTREX-128 English news
sentences each, two paragraphs) into a temporary folder, then runs the real CLI once per thread count
(1, 2, ... up to the usable cores):
``l10n translate ARCHIVE/*.txt --from en --to uk --out OUT --no-memory -q --threads T`` (glossary,
localization and QA on, as a newsroom runs it; ``--jobs 8``, the default: eight articles at once share
model calls), one process for the whole archive; then once more with all threads and ``--jobs 1`` (one
article per model call, as before ``--jobs``). Prints wall time, articles/s and sentences/s per run and
the speed-up over one thread; last line the headline.
With ``--model argos-base`` (the benchmark model of Argos's en->uk shape, see argos_base.py) use fewer
articles or sentences on small machines: it decodes about 5 sentences/s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import ROOT, data_arg, require  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "models" / "translate-en_uk-0_1.argosmodel"


def write_archive(data: Path, folder: Path, articles: int, per_article: int) -> int:
    lines = require(data / "mt" / "ntrex128" / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    lines = [line.strip() for line in lines if line.strip()]
    folder.mkdir()
    at = 0
    for n in range(articles):
        chunk = [lines[(at + i) % len(lines)] for i in range(per_article)]
        at += per_article
        half = max(1, per_article // 2)
        text = " ".join(chunk[:half]) + "\n\n" + " ".join(chunk[half:]) + "\n"
        (folder / f"article-{n:04d}.txt").write_text(text, encoding="utf-8")
    return articles * per_article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    data_arg(parser)
    parser.add_argument("--model", default="fixture", choices=["fixture", "argos-base"])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--sentences", type=int, default=6, help="sentences per article (default 6)")
    parser.add_argument("--threads", help="thread counts to try, comma-separated (default 1..usable cores)")
    args = parser.parse_args()
    from l10n.engines.argos import usable_cores
    from l10n.engines.install import install_file
    from l10n.settings import Settings
    if args.model == "argos-base":
        import argos_base
        package = argos_base.build_package(args.data / "mt", argos_base.default_cache_dir(),
                                           log=lambda m: print(m, file=sys.stderr, flush=True))
    else:
        package = FIXTURE
    counts = [int(t) for t in args.threads.split(",")] if args.threads else list(range(1, usable_cores() + 1))
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        home = tmp_path / "home"
        install_file(Settings(home=home), package)
        sentences = write_archive(args.data, tmp_path / "archive", args.articles, args.sentences)
        inputs = sorted(str(p) for p in (tmp_path / "archive").iterdir())
        print(f"{package.name}: {args.articles} articles, {sentences} sentences; {usable_cores()} usable cores", flush=True)
        rates = {}
        for threads, jobs in [(t, 8) for t in counts] + [(counts[-1], 1)]:
            out = tmp_path / f"out-{threads}-{jobs}"
            cmd = [sys.executable, str(ROOT / "cli.py"), "translate", *inputs, "--from", "en", "--to", "uk",
                   "--out", str(out), "--no-memory", "-q", "--home", str(home), "--threads", str(threads),
                   "--jobs", str(jobs)]
            started = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True,
                                  env={**os.environ, "XDG_DATA_HOME": tmp, "XDG_CACHE_HOME": tmp, "XDG_CONFIG_HOME": tmp})
            wall = time.perf_counter() - started
            if proc.returncode != 0:
                raise SystemExit(f"l10n translate failed (--threads {threads}):\n{proc.stderr[-2000:]}")
            written = len(list(out.iterdir()))
            if written != args.articles:
                raise SystemExit(f"--threads {threads}: {written} outputs for {args.articles} articles")
            rate = rates[(threads, jobs)] = args.articles / wall
            print(f"  --threads {threads} --jobs {jobs}: {wall:6.1f} s (incl. start-up and model load), "
                  f"{rate:6.2f} articles/s, {sentences / wall:6.1f} sentences/s, "
                  f"x{rate / rates[(counts[0], 8)]:.2f} vs --threads {counts[0]}", flush=True)
    top = rates[(counts[-1], 8)]
    print(f"headline: l10n translate {args.articles}-article archive ({args.model}): {top:.2f} articles/s at "
          f"--threads {counts[-1]} (x{top / rates[(counts[0], 8)]:.2f} over --threads {counts[0]}; "
          f"--jobs 8 x{top / rates[(counts[-1], 1)]:.2f} over --jobs 1)")


if __name__ == "__main__":
    main()
