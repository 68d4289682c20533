"""Value-matcher benchmark: do the values extracted from English sources reappear in professional
uk/ru/tr reference translations (FLORES-200 devtest, NTREX-128 newstest2019)?

recall    = English values matched by a value found in the reference / all English values
precision = reference values matched to an English value / all reference values

Then the value invariant on generated drafts (``tests/value_drafts.py``: templates x values x
uk/ru/tr, MT-copy, already-localized and value-changed drafts, read back by an independent reader
of the target convention): silent value errors, copy-style drafts fixed, changed values flagged.

Usage: python benchmarks/bench_values.py [--data DIR] [--show N]
The last line printed is the headline.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SETS = {
    "flores": ("mt/flores200_devtest/eng_Latn.devtest",
               {"uk": "mt/flores200_devtest/ukr_Cyrl.devtest", "ru": "mt/flores200_devtest/rus_Cyrl.devtest",
                "tr": "mt/flores200_devtest/tur_Latn.devtest"}),
    "ntrex": ("mt/ntrex128/newstest2019-src.eng.txt",
              {"uk": "mt/ntrex128/newstest2019-ref.ukr.txt", "ru": "mt/ntrex128/newstest2019-ref.rus.txt",
               "tr": "mt/ntrex128/newstest2019-ref.tur.txt"}),
}


def default_data() -> str:
    """``../shared/eval`` beside the repository (or beside the folder of a git worktree)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "eval").is_dir():
            return str(base / "shared" / "eval")
    return str(ROOT.parent / "shared" / "eval")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=default_data(), help="eval data folder (default ../shared/eval)")
    ap.add_argument("--show", type=int, default=0, help="print up to N misses per language")
    args = ap.parse_args()
    data = Path(args.data).resolve()

    from l10n.localize import extract_values, match_values

    src: list[str] = []
    refs: dict[str, list[str]] = {"uk": [], "ru": [], "tr": []}
    for name, (en_path, ref_paths) in SETS.items():
        en_lines = (data / en_path).read_text(encoding="utf-8").splitlines()
        src += en_lines
        for lang, rp in ref_paths.items():
            lines = (data / rp).read_text(encoding="utf-8").splitlines()
            assert len(lines) == len(en_lines), f"{rp}: not aligned"
            refs[lang] += lines

    t0 = time.perf_counter()
    en_vals = [extract_values(s, "en") for s in src]
    dt = time.perf_counter() - t0
    n_en = sum(len(v) for v in en_vals)
    kinds: dict[str, int] = {}
    for vs in en_vals:
        for v in vs:
            kinds[v.kind] = kinds.get(v.kind, 0) + 1
    print(f"segments: {len(src)}  english values: {n_en}  ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")
    print(f"extraction throughput (en): {len(src) / dt:,.0f} segments/s")
    heads = []
    for lang, lines in refs.items():
        t0 = time.perf_counter()
        tv = [extract_values(s, lang) for s in lines]
        dt = time.perf_counter() - t0
        matched = total_t = 0
        misses = []
        for i, (sv, tvs) in enumerate(zip(en_vals, tv)):
            pairs, ls, lt = match_values(sv, tvs)
            matched += len(pairs)
            total_t += len([t for t in tvs if t.value is not None])
            if (ls or lt) and len(misses) < args.show:
                misses.append((i, [x.text for x in ls], [x.text for x in lt], src[i], lines[i]))
        n_src = sum(len([v for v in s if v.value is not None]) for s in en_vals)
        rec = matched / n_src if n_src else 1.0
        prec = matched / total_t if total_t else 1.0
        print(f"{lang}: recall {rec:.2%} ({matched}/{n_src})  precision {prec:.2%} ({matched}/{total_t})  "
              f"{len(lines) / dt:,.0f} segments/s")
        for i, ls, lt, s, r in misses:
            print(f"   #{i} src-only {ls} ref-only {lt}\n      EN {s}\n      {lang.upper()} {r}")
        heads.append(f"{lang} R {rec:.1%} P {prec:.1%}")
    tally = invariant()
    print("value matcher: " + " | ".join(heads) + f" || drafts: silent {tally.silent}, "
          f"fixed {tally.copy_fixed / tally.copy:.1%}, flagged {tally.changed_flagged / tally.changed:.1%}")


def invariant():
    """``l10n.postedit.post_edit`` (values step) on the generated drafts, as the suite asserts it."""
    sys.path.insert(0, str(ROOT / "tests"))
    from value_drafts import Tally, drafts

    from l10n.postedit import post_edit

    tally = Tally()
    ds = drafts()
    t0 = time.perf_counter()
    for d in ds:
        r = post_edit(d.source, d.draft, src="en", tgt=d.lang, steps=("values",))
        tally.add(d, r.target, [f.severity for f in r.flags])
    dt = time.perf_counter() - t0
    print(f"{tally.line()}  ({len(ds) / dt:,.0f} drafts/s)")
    return tally


if __name__ == "__main__":
    main()
