"""Glossary enforcement after MT: find how MT rendered each source term and replace that span with
the glossary term in the same grammatical form. Nothing outside the found spans is touched; when
no rendering is found the target is left as it is and a ``glossary-missing`` flag is raised.

This module is the language-independent driver — candidate spellings, matching them against the
target's words, overlaps, edits. Everything grammatical is asked of the target language's
``Morphology`` strategy (``strategies.morphology``): Slavic case paradigms, Turkish suffixes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from l10n.document import Flag
from l10n.edits import Edit, EditResult, apply_edits
from l10n.glossary.model import Glossary, Term, TermMatch, part_of_longer_name
from l10n.glossary.morphology import NOMINATIVE, SEP, Cand, Hit, Morphology, Reading
from l10n.glossary.phrases import QUOTED_TAIL, balance, quoted_end, rebuild, whole_phrase
from l10n.glossary.strategies import morphology
from l10n.languages import SUPPORTED, normalize_lang
from l10n.text import fold



# -- candidates ------------------------------------------------------------------------------

def candidates(term: Term, tgt: str, src_surface: str, src: str) -> list[Cand]:
    """Spellings MT may have used: the term, its variants, other languages' renderings, their
    respellings in the target's script, and the source words — each with the grammars that may
    inflect it (a person's surname alone too)."""
    morph = morphology(tgt)
    lt = term.lang(tgt)
    seen: set[tuple[str, str]] = set()
    out: list[Cand] = []

    def add(surface: str, lang: str, exact: bool) -> None:
        words = tuple(m.group() for m in morph.tokens(surface))
        for origin in (tgt,) if exact else morph.origins(surface, lang):
            key = (" ".join(words).lower(), origin)
            if not words or key in seen:
                continue
            seen.add(key)
            out.append(Cand(words, origin, exact))
            if term.type == "person" and len(words) > 1 and not term.dnt:
                out.append(Cand(words[-1:], origin, exact, partial=True))

    for a in (lt.term, *lt.accept):
        add(a, tgt, True)
    for v in lt.variants:
        add(v, tgt, False)
    for s in (lt.term, *lt.variants):  # операція «Небесний щит»: MT may render the quoted name freely
        head = QUOTED_TAIL.sub("", s)
        words = tuple(m.group() for m in morph.tokens(head))
        if head != s and words:
            out += [Cand(words, origin, False, quoted=True) for origin in morph.origins(head, tgt)]
    others = [(lang, s) for lang, olt in term.langs.items() if lang != tgt for s in olt.surfaces()]
    for lang, s in others + [(src, src_surface)]:
        add(s, lang, False)  # as written: another language's spelling, or a Latin leftover
        for r in morph.respellings(s, lang):
            add(r, tgt, False)
    return out


class _Plan:
    """Per (term, target language) matching data, built once and cached on the glossary."""

    def __init__(self, term: Term, tgt: str, cands: list[Cand]):
        morph = morphology(tgt)
        self.term = term
        self.cands = cands
        self.first: dict[str, list[tuple[Cand, list[dict]]]] = {}
        self.stems: list[tuple[str, Cand]] = []  # do-not-translate spellings MT inflected (Хаймарсів)
        for c in cands:
            idx = morph.index(c, term)
            self.stems += [(stem, c) for stem in morph.stems(c, term)]
            for k in idx[0]:
                self.first.setdefault(k, []).append((c, idx))


def plan_for(glossary: Glossary, m: TermMatch, tgt: str, src: str) -> _Plan | None:
    """The matching plan for the term of source match ``m`` (its surname entry when ``m`` is a
    surname-only mention), or None when the term has no rendering in ``tgt``."""
    term = glossary.surname_entry(m.term_id) if m.surname_only else glossary.get(m.term_id)
    if term is None or term.lang(tgt) is None:
        return None
    key = ("plan", term.id, m.surname_only, tgt, fold(m.text), src)
    return glossary.derived(key, lambda: _Plan(term, tgt, candidates(term, tgt, m.text, src)))


# -- matching --------------------------------------------------------------------------------

def scan(plan: _Plan, target: str, toks: list[re.Match], readings: list[tuple[Reading, ...]]) -> list[Hit]:
    """Every span of ``target`` that reads as one of the plan's candidate spellings."""
    hits = []
    for i in range(len(toks)):
        for r0 in readings[i]:
            for c, idx in plan.first.get(r0.key, ()):
                h = _match(c, idx, i, r0, toks, readings, target)
                if h is not None:
                    hits.append(h)
        k = readings[i][0].key
        for stem, c in plan.stems:
            if k.startswith(stem) and len(k) - len(stem) <= 3 and k[len(stem):].isalpha():
                hits.append(Hit(toks[i].start(), toks[i].end(), list(NOMINATIVE), c))
    return hits


def _match(c: Cand, idx: list[dict], i: int, r0: Reading, toks, readings, target: str) -> Hit | None:
    n = len(c.words)
    if i + n > len(toks) or (n > 1 and r0.suffix):
        return None
    if c.words[0][:1].isupper() and target[toks[i].start()].islower():
        return None  # a name is capitalised: «суми» (sums) and "fidan" (a sapling) are not names
    feats, cur = None, r0
    for j in range(n):
        if j:
            if not SEP.fullmatch(target[toks[i + j - 1].end():toks[i + j].start()]):
                return None
            cur = next((r for r in readings[i + j] if r.key in idx[j] and (j == n - 1 or not r.suffix)), None)
            if cur is None:
                return None
        got = idx[j][cur.key]
        if got is not None:
            feats = list(got) if feats is None else ([f for f in feats if f in got] or list(got))
    end = toks[i + n - 1].end()
    if c.quoted:  # the head words must be followed by a quoted phrase: that phrase is the name
        end = quoted_end(target, end)
        if end is None:
            return None
    return Hit(toks[i].start(), end, feats or list(NOMINATIVE), c, cur.suffix, cur.apostrophe, cur.glued)


def non_overlapping(hits: list[Hit]) -> list[Hit]:
    """Longest spans first, exact spellings before variants. One span read through several
    candidates pools their readings in the grammar that reads it first (candidates come in order
    of preference: «Марку» in a Russian draft is the Russian dative, not also a Ukrainian
    locative)."""
    merged: dict[tuple[int, int, bool, bool], Hit] = {}
    for h in hits:
        key = (h.start, h.end, h.cand.exact, h.cand.partial)
        if key in merged:
            if merged[key].cand.origin == h.cand.origin:
                merged[key].feats += [f for f in h.feats if f not in merged[key].feats]
        else:
            merged[key] = Hit(h.start, h.end, list(h.feats), h.cand, h.suffix, h.apostrophe, h.glued)
    ordered = sorted(merged.values(), key=lambda h: (-(h.end - h.start), not h.cand.exact, h.cand.partial, h.start))
    out: list[Hit] = []
    for h in ordered:
        if not any(h.start < o.end and o.start < h.end for o in out):
            out.append(h)
    return sorted(out, key=lambda h: h.start)


# -- the step -------------------------------------------------------------------------------

def postedit(source: str, target: str, *, src: str, tgt: str, glossary: Glossary,
             context: str | None = None) -> EditResult:
    """Make every glossary term found in ``source`` appear in ``target`` as the glossary requires.
    ``context`` is the article (or batch) the segment comes from: a surname-only mention counts
    where it names the person in full.

    >>> from l10n.glossary import load_glossary, default_glossary_path
    >>> g = load_glossary(default_glossary_path())
    >>> postedit("Shelling in Kharkiv.", "Обстріл у Харькові.", src="en", tgt="uk", glossary=g).target
    'Обстріл у Харкові.'
    >>> postedit("He left Kyiv.", "Kiev'den ayrıldı.", src="en", tgt="tr", glossary=g).target
    "Kyiv'den ayrıldı."
    """
    src = src if src in SUPPORTED else normalize_lang(src)
    tgt = tgt if tgt in SUPPORTED else normalize_lang(tgt)
    result = EditResult(target)
    if src == tgt:
        return result
    matches = [m for m in glossary.find(source, src, context) if not part_of_longer_name(source, m, src)]
    if not matches:
        return result
    morph = morphology(tgt)
    toks = morph.tokens(target)
    readings = [_readings(tgt, t.group()) for t in toks]
    groups: dict[tuple[str, bool], list[TermMatch]] = {}
    for m in matches:
        groups.setdefault((m.term_id, m.surname_only), []).append(m)
    claimed: list[tuple[int, int]] = []
    edits: list[Edit] = []
    for key in sorted(groups, key=lambda k: (k[1], -max(len(x.text) for x in groups[k]))):
        ms = groups[key]
        plan = plan_for(glossary, ms[0], tgt, src)
        if plan is not None:
            edits += _enforce(plan, ms, morph, source, target, toks, readings, claimed, result)
    if not edits:
        return result
    result.target, result.changes = apply_edits(target, edits, step="glossary")
    if balance(result.target) != balance(target):  # never leave quotes or brackets unbalanced
        result.flags.append(Flag("glossary-punct", "warning", "replacement would unbalance quotes or brackets; "
                                 "left as MT wrote it"))
        result.target, result.changes = target, []
    return result


def _enforce(plan: _Plan, ms: list[TermMatch], morph: Morphology, source: str, target: str, toks, readings,
             claimed: list[tuple[int, int]], result: EditResult) -> list[Edit]:
    term = plan.term
    want = len(ms)
    spans = [(m.start, m.end) for m in ms]
    hits = [h for h in scan(plan, target, toks, readings) if not any(h.start < e and s < h.end for s, e in claimed)]
    hits = non_overlapping([h for h in hits if h.cand.exact or not morph.foreign_name(h, target, source, spans)])
    if len(hits) > want:  # keep full renderings first; leave the rest to other entries
        hits = sorted(sorted(hits, key=lambda h: (h.cand.partial, h.start))[:want], key=lambda h: h.start)
    if not hits:
        if not morph.derived(term, [r[0].key for r in readings]):
            result.flags.append(Flag("glossary-missing", "error", f"glossary term {term.lang(morph.lang).term!r} "
                                     f"({term.id}) not found in the translation", term=term.id))
        return []
    if len(hits) < want:
        result.flags.append(Flag("glossary-count", "warning", f"{term.id}: {want} in source, {len(hits)} found "
                                 f"in translation", term=term.id))
    edits = []
    for h in hits:
        h = whole_phrase(h, target)
        claimed.append((h.start, h.end))
        new, flag = morph.render(h, term, target, source)
        if flag:
            result.flags.append(flag)
        if new is not None:
            edits.append(Edit(h.start, h.end, rebuild(target[h.start:h.end], new, morph), term.id))
    return edits


@lru_cache(maxsize=100_000)
def _readings(lang: str, token: str) -> tuple[Reading, ...]:
    return morphology(lang).readings(token)
