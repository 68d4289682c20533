#!/usr/bin/env python3
"""Glossary enforcement measured on professional translations (FLORES-200 devtest, NTREX-128).

For every English sentence with a glossary place or person, the uk/ru/tr reference is the gold.
1. natural: the term occurs in the reference; its form there is replaced by an MT-style error
   (a variant or transliteration of the name inflected in the same case: uk Харкові -> Харькові,
   ru Киеве -> Києві, tr Kyiv'de -> Kiev'de); enforcement must give back the reference exactly.
2. substituted: a Ukrainian place or person from the glossary is put into the same grammatical
   slot (English source and reference both), then corrupted the same way.
3. false edits: enforcement on every untouched reference (3,009 per language) must change nothing.
4. draft-style set (tests/name_drafts.py, our own text on names the shipped glossary lacks): per
   class — surname-only mentions, variants in the other Slavic grammar, case from the sentence,
   quoted multi-word names, vocative, Turkish suffixes — restored %, and false edits on controls
   (forms already right; look-alike common words «суми», «рада», «харківський», "fidan").
Throughput is segments/s over pass 3. The last line is the headline.

    python benchmarks/bench_glossary.py [--data ../shared/eval] [--big 10000]
"""

from __future__ import annotations

import argparse
import re
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from l10n.glossary import default_glossary_path, load_glossary, postedit  # noqa: E402
from l10n.glossary import enforce, paradigms, slavic, turkish  # noqa: E402
from l10n.glossary.strategies import morphology  # noqa: E402
from l10n.text import script_of  # noqa: E402
import name_drafts  # noqa: E402
from l10n.glossary.model import Glossary, LangTerm, Term  # noqa: E402

FILES = {
    "flores": ("flores200_devtest", "eng_Latn.devtest", {"uk": "ukr_Cyrl.devtest", "ru": "rus_Cyrl.devtest",
                                                          "tr": "tur_Latn.devtest"}),
    "ntrex": ("ntrex128", "newstest2019-src.eng.txt", {"uk": "newstest2019-ref.ukr.txt",
                                                        "ru": "newstest2019-ref.rus.txt",
                                                        "tr": "newstest2019-ref.tur.txt"}),
}
LANGS = ("uk", "ru", "tr")


def load_pairs(data: Path) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {lang: [] for lang in LANGS}
    for folder, en_name, refs in FILES.values():
        en = (data / "mt" / folder / en_name).read_text(encoding="utf-8").splitlines()
        for lang in LANGS:
            ref = (data / "mt" / folder / refs[lang]).read_text(encoding="utf-8").splitlines()
            out[lang] += list(zip(en, ref))
    return out


def rendering_spans(g, en: str, ref: str, lang: str):
    """(term, hit) for each place/person of ``en`` found in ``ref`` as the exact glossary term."""
    found = []
    for m in g.find(en, "en"):
        term = g.get(m.term_id)
        if term.type not in ("place", "person") or term.dnt:
            continue
        if enforce.part_of_longer_name(en, m) or m.surname_only:
            continue  # part of a longer name (Washington Examiner, George Washington): not the term
        hits = [h for h in _scan(g, m, ref, lang) if h.cand.exact and not h.cand.partial]
        hits = enforce.non_overlapping(hits)
        # only slots where the reference writes the glossary term itself (not an accepted alternative)
        hits = [h for h in hits if turkish.fold(" ".join(h.cand.words)) == turkish.fold(term.lang(lang).term)]
        hits = enforce.non_overlapping(hits)
        if len(hits) == 1:
            found.append((m, term, hits[0]))
    return found


def _scan(g, m, text: str, lang: str):
    morph = morphology(lang)
    toks = morph.tokens(text)
    return enforce.scan(enforce.plan_for(g, m, lang, "en"), text, toks, [morph.readings(t.group()) for t in toks])


def error_forms(g, term: Term, hit, ref: str, lang: str, rng: random.Random) -> list[str]:
    """MT-style misspellings of the name in the same grammatical form as the reference."""
    lt = term.lang(lang)
    before = ref[hit.start:hit.end]
    cands = [c for c in enforce.candidates(term, lang, term.langs["en"].term, "en")
             if not c.exact and not c.partial]
    out = []
    for c in cands:
        surface = " ".join(c.words)
        if lang == "tr":
            if hit.suffix:
                form = f"{surface}{hit.apostrophe}{hit.suffix}"
            else:
                form = surface
        elif script_of(surface) == "lat":
            if hit.feats[0][0] != "nomn":
                continue  # a Latin spelling cannot carry the case
            form = surface
        else:
            forms = paradigms.phrase_forms(surface, c.origin, term.type, term.gender_in(lang))
            form = forms.get(hit.feats[0]) or slavic.any_number(forms, hit.feats[0])
            if not form:
                continue
            if hit.feats[0][0] != "nomn" and form == forms.get(("nomn", "sing")):
                continue  # an indeclinable spelling cannot carry the case either
        if turkish.fold(form) != turkish.fold(before) and surface.lower() != lt.term.lower():
            out.append(form)
    return out


def substitutes(g: Glossary) -> dict[str, list[Term]]:
    ua = [t for t in g if t.type == "place" and len(t.langs["en"].term.split()) == 1
          and t.id not in ("ukraine", "russia", "crimea", "donbas", "moscow", "london", "washington", "paris",
                           "berlin", "beijing", "brussels", "istanbul", "ankara", "kursk", "belgorod", "sumy")]
    persons = [t for t in g if t.id.endswith("-surname")]
    return {"place": ua, "person": persons}


def form_of(term: Term, lang: str, hit, ref: str) -> str | None:
    lt = term.lang(lang)
    if lang == "tr":
        return f"{lt.term}{hit.apostrophe}{turkish.harmonize(hit.suffix, lt.term, lt.pronounce)}" if hit.suffix \
            else lt.term
    forms = paradigms.phrase_forms(lt.term, lang, term.type, term.gender_in(lang))
    return forms.get(hit.feats[0]) or slavic.any_number(forms, hit.feats[0])


def gender_of(term: Term, lang: str) -> str:
    if term.type == "person":
        return term.gender or "m"
    if lang == "tr":
        return "-"
    w = term.lang(lang).term.split()[-1].lower()
    return "f" if w.endswith(("а", "я")) else "n" if w.endswith(("о", "е")) else "pl" if w.endswith(("и", "ы", "і")) \
        else "m"


def run(data: Path, big: int) -> None:
    g = load_glossary(default_glossary_path())
    pairs = load_pairs(data)
    rng = random.Random(20250601)
    subs = substitutes(g)
    print(f"glossary: {len(g)} entries; sentences per language: {len(pairs['uk'])}")

    # 3. false edits + throughput
    false_edits = {}
    seg = 0
    t0 = time.perf_counter()
    for lang in LANGS:
        n = 0
        for en, ref in pairs[lang]:
            r = postedit(en, ref, src="en", tgt=lang, glossary=g)
            n += bool(r.changes)
            if r.changes and "-v" in sys.argv:
                print("  FALSE EDIT", lang, [(c.before, c.after) for c in r.changes], ref[:100])
            seg += 1
        false_edits[lang] = n
    dt = time.perf_counter() - t0
    rate = seg / dt
    print(f"false edits on untouched references: " + ", ".join(f"{k} {v}" for k, v in false_edits.items())
          + f" ({seg} segments, {rate:,.0f} seg/s)")

    results = {}
    for lang in LANGS:
        stats = {"natural": [0, 0], "substituted": [0, 0]}
        fails = []
        for en, ref in pairs[lang]:
            for m, term, hit in rendering_spans(g, en, ref, lang):
                # natural
                errs = error_forms(g, term, hit, ref, lang, rng)
                if errs:
                    bad = errs[rng.randrange(len(errs))]
                    mt = ref[:hit.start] + bad + ref[hit.end:]
                    out = postedit(en, mt, src="en", tgt=lang, glossary=g).target
                    stats["natural"][0] += out == ref
                    stats["natural"][1] += 1
                    if out != ref:
                        fails.append(("natural", mt, out, ref))
                # substituted: a Ukrainian place/person in the same slot
                pool = [t for t in subs.get(term.type, []) if t.id != term.id
                        and gender_of(t, lang) == gender_of(term, lang)]
                if not pool or (lang != "tr" and hit.feats[0][1] != "sing"):
                    continue
                new = pool[rng.randrange(len(pool))]
                gold_form = form_of(new, lang, hit, ref)
                if not gold_form:
                    continue
                en_sub = en[:m.start] + new.langs["en"].term + en[m.end:]
                gold = ref[:hit.start] + gold_form + ref[hit.end:]
                sub_m = next(x for x in g.find(new.langs["en"].term, "en") if x.term_id == new.id)
                ghits = [h for h in _scan(g, sub_m, gold, lang) if h.start == hit.start and h.cand.exact]
                if not ghits:
                    continue
                gh = max(ghits, key=lambda h: h.end - h.start)
                errs = error_forms(g, new, gh, gold, lang, rng)
                if not errs:
                    continue
                bad = errs[rng.randrange(len(errs))]
                mt = gold[:gh.start] + bad + gold[gh.end:]
                out = postedit(en_sub, mt, src="en", tgt=lang, glossary=g).target
                stats["substituted"][0] += out == gold
                stats["substituted"][1] += 1
                if out != gold:
                    fails.append(("substituted", mt, out, gold))
        results[lang] = stats
        ok = stats["natural"][0] + stats["substituted"][0]
        total = stats["natural"][1] + stats["substituted"][1]
        print(f"{lang}: natural {stats['natural'][0]}/{stats['natural'][1]}, substituted "
              f"{stats['substituted'][0]}/{stats['substituted'][1]}, restoration {100 * ok / max(total, 1):.1f}%")
        for kind, mt, out, gold in fails[:5 if "-v" not in sys.argv else 50]:
            i = next((k for k, (a, b) in enumerate(zip(mt, gold)) if a != b), 0)
            lo = max(0, i - 40)
            print(f"  miss ({kind}): {mt[lo:i + 50]!r}\n            -> {out[lo:i + 50]!r}\n"
                  f"       gold {gold[lo:i + 50]!r}")

    # big glossary: matching + enforcement speed with 10,000 extra entries
    if big:
        def name(i: int, letters: str) -> str:  # letters-only synthetic names: Zorvab, Зорвбв ...
            out = ""
            while True:
                i, r = divmod(i, len(letters))
                out += letters[r]
                if not i:
                    return out
        lat, cyr = "abdeiklmnoprstuvz", "абдеіклмнопрстувз"
        extra = [Term(f"x{i}", "place", {"en": LangTerm(f"Zorv{name(i, lat)}"), "uk": LangTerm(f"Зорв{name(i, cyr)}ськ"),
                                         "ru": LangTerm(f"Зорв{name(i, cyr)}ск"), "tr": LangTerm(f"Zorv{name(i, lat)}")})
                 for i in range(big)]
        gb = Glossary(list(g) + extra)
        t0 = time.perf_counter()
        gb.find("warm up", "en")
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        n = 0
        for en, ref in pairs["uk"]:
            postedit(en, ref, src="en", tgt="uk", glossary=gb)
            n += 1
        print(f"{len(gb):,}-entry glossary: en automaton built in {build:.2f} s, "
              f"{n / (time.perf_counter() - t0):,.0f} seg/s (en->uk)")
        t0 = time.perf_counter()
        gb.find("warm up", "uk")  # every inflected form of every entry (pymorphy3 + endings tables)
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        for en, ref in pairs["uk"]:
            gb.find(ref, "uk")
        print(f"{len(gb):,}-entry glossary: uk automaton (all inflected forms) built in {build:.2f} s, "
              f"uk source matching {len(pairs['uk']) / (time.perf_counter() - t0):,.0f} seg/s")

    drafts = run_drafts(g)
    pct = {}
    for lang, st in results.items():
        ok = st["natural"][0] + st["substituted"][0]
        total = st["natural"][1] + st["substituted"][1]
        pct[lang] = 100 * ok / max(total, 1)
    print(f"headline: restoration uk {pct['uk']:.1f}% ru {pct['ru']:.1f}% tr {pct['tr']:.1f}%, "
          f"false edits {sum(false_edits.values())}, {rate:,.0f} seg/s; drafts {drafts}")


def run_drafts(shipped: Glossary) -> str:
    """Pass 4: the draft-style set, per language and class; returns the headline fragment."""
    glossaries = {"own": load_glossary(name_drafts.GLOSSARY), "shipped": shipped}
    stats: dict[tuple[str, str], list[int]] = {}
    misses = []
    for c in name_drafts.cases():
        out = postedit(c.source, c.draft, src="en", tgt=c.lang, glossary=glossaries[c.glossary],
                       context=c.context or None).target
        st = stats.setdefault((c.lang, c.cls), [0, 0])
        st[0] += out in c.gold
        st[1] += 1
        if out not in c.gold:
            misses.append((c, out))
    print("draft-style set (restored / cases; controls: false edits / cases):")
    worst, edits, n_controls = 100.0, 0, 0
    for lang in LANGS:
        parts = []
        for cls in name_drafts.CLASSES + name_drafts.CONTROLS:
            if (lang, cls) not in stats:
                continue
            ok, n = stats[(lang, cls)]
            if cls in name_drafts.CONTROLS:
                parts.append(f"{cls} {n - ok} false/{n}")
                edits += n - ok
                n_controls += n
            else:
                parts.append(f"{cls} {100 * ok / n:.1f}% ({ok}/{n})")
                worst = min(worst, 100 * ok / n)
        total = sum(n for (lg, _), (_, n) in stats.items() if lg == lang)
        print(f"  {lang} ({total} cases): " + ", ".join(parts))
    for c, out in misses[:8 if "-v" not in sys.argv else 200]:
        print(f"  miss ({c.lang} {c.cls}): {c.draft!r}\n            -> {out!r}\n       gold {c.gold[0]!r}")
    return f"worst class {worst:.1f}%, {edits} false edits on {n_controls} controls"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "eval"),
                    help="folder with mt/ (default ../shared/eval beside the repo)")
    ap.add_argument("--big", type=int, default=10000, help="extra synthetic entries for the size test (0: skip)")
    ap.add_argument("-v", action="store_true", help="print every miss and false edit")
    ap.add_argument("--drafts-only", action="store_true", help="run only the draft-style set (no eval data needed)")
    args = ap.parse_args()
    data = Path(args.data).resolve()
    if args.drafts_only:
        print(f"headline: drafts {run_drafts(load_glossary(default_glossary_path()))}")
        return
    if not (data / "mt").is_dir():
        sys.exit(f"bench_glossary: no mt/ folder under {data} (use --data)")
    run(data, args.big)


if __name__ == "__main__":
    main()
