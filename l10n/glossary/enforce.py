"""Glossary enforcement after MT: find how MT rendered each source term and replace that span with
the glossary term in the same grammatical form. Nothing outside the found spans is touched; when
no rendering is found the target is left as it is and a ``glossary-missing`` flag is raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from l10n.document import Flag
from l10n.edits import Edit, EditResult, apply_edits
from l10n.glossary import slavic, turkish
from l10n.data import read_lines
from l10n.glossary.model import Glossary, Term
from l10n.glossary.translit import to_target
from l10n.text import APOSTROPHES, fold, is_cyrillic, norm_apostrophe, script_of
from l10n.languages import normalize_lang

_WORD = re.compile(rf"[^\W_]+(?:[-{APOSTROPHES}][^\W_]+)*")
_WORD_TR = re.compile(rf"[^\W_]+(?:-[^\W_]+)*(?:[{APOSTROPHES}][^\W_]+)?")
_SEP = re.compile(r"[\s«»\"“”„‘’]+")  # what may stand between the words of one name


@dataclass(frozen=True)
class _Cand:
    words: tuple[str, ...]        # surface words of a possible MT rendering
    origin: str                   # language whose morphology inflects it
    exact: bool                   # it is the glossary term itself
    partial: bool = False         # surname only


@dataclass
class _Hit:
    start: int
    end: int
    feats: list[tuple[str, str]]
    cand: _Cand
    suffix: str = ""              # tr: suffix after the apostrophe
    apostrophe: str = "'"
    no_apostrophe: bool = False   # tr: MT glued the suffix to the name (Harkovda)


# -- candidates ------------------------------------------------------------------------------

def _candidates(term: Term, tgt: str, src_surface: str, src: str) -> list[_Cand]:
    """Spellings MT may have used: the term, its variants, other languages' renderings, their
    transliterations into the target script, and the source words transliterated."""
    lt = term.lang(tgt)
    seen: set[tuple[str, str]] = set()
    out: list[_Cand] = []

    def add(surface: str, origin: str, exact: bool) -> None:
        if tgt in ("uk", "ru") and not exact:
            origin = _origin_of(surface, origin)
        words = _tokens(surface, tgt)
        if not words:
            return
        key = (" ".join(words).lower(), origin)
        if key in seen:
            return
        seen.add(key)
        out.append(_Cand(words, origin, exact))
        if term.type == "person" and len(words) > 1 and not term.dnt:
            out.append(_Cand(words[-1:], origin, exact, partial=True))

    add(lt.term, tgt, True)
    for a in lt.accept:
        add(a, tgt, True)
    # a variant that is another language's spelling (uk: Игорь Терехов) is inflected as that language
    other_lang = {s.lower(): lang for lang, olt in term.langs.items() if lang in ("uk", "ru") and lang != tgt
                  for s in olt.surfaces()}
    for v in lt.variants:
        add(v, other_lang.get(v.lower(), tgt), False)
    others = [(lang, s) for lang, olt in term.langs.items() if lang != tgt for s in olt.surfaces()]
    others.append((src, src_surface))
    for lang, s in others:
        if script_of(s) == script_of(lt.term):
            add(s, lang if lang in ("uk", "ru") and tgt in ("uk", "ru") else tgt, False)
            if tgt in ("uk", "ru") and lang in ("uk", "ru"):
                add(s, tgt, False)
        t = to_target(s, lang, tgt)
        if t:
            add(t, tgt, False)
        if tgt in ("uk", "ru") and script_of(s) == "lat":
            add(s, tgt, False)  # left untranslated in Latin script
    return out


def _tokens(surface: str, lang: str) -> tuple[str, ...]:
    return tuple(m.group() for m in (_WORD_TR if lang == "tr" else _WORD).finditer(surface))


def _origin_of(surface: str, default: str) -> str:
    """Morphology to read a Cyrillic spelling with: letters only one language has decide
    (і ї є ґ: Ukrainian; ы э ъ ё, or a word starting with и: Russian)."""
    low = surface.lower()
    if any(c in low for c in "іїєґ"):
        return "uk"
    if any(c in low for c in "ыэъё") or any(w.startswith("и") for w in low.split()):
        return "ru"
    return default


@lru_cache(maxsize=200_000)
def _word_index(word: str, lang: str, kind: str, gender: str | None, inflect: bool) -> dict[str, list]:
    if not inflect:
        return {norm_apostrophe(word.lower()): [(c, "sing") for c in slavic.CASES]}
    return slavic.paradigm(word, lang, kind, gender).index


class _Plan:
    """Per (term, target language) matching data, built once and cached on the glossary."""

    def __init__(self, term: Term, tgt: str, cands: list[_Cand]):
        self.term = term
        self.tgt = tgt
        self.cands = cands
        gender = term.gender_in(tgt)
        self.first: dict[str, list[tuple[_Cand, list[dict]]]] = {}
        self.prefixes: list[tuple[str, _Cand]] = []  # dnt: inflected Cyrillic spellings (Хаймарсів)
        for c in cands:
            if tgt == "tr" or term.dnt and tgt not in ("uk", "ru"):
                idx = [{turkish.fold(w): None} for w in c.words]
            else:
                lang = c.origin if c.origin in ("uk", "ru") else tgt
                infl = slavic.inflecting_words(list(c.words), lang, term.type) if not term.dnt else \
                    [is_cyrillic(w) for w in c.words]
                if c.partial:
                    infl = [True]
                idx = [_word_index(w, lang, term.type, gender, f) for w, f in zip(c.words, infl)]
            if term.dnt and tgt in ("uk", "ru") and len(c.words) == 1 and is_cyrillic(c.words[0]):
                stem = c.words[0].lower().rstrip("аеиоуяюієїьй")
                if len(stem) >= 3:
                    self.prefixes.append((stem, c))
            keys = idx[0].keys()
            for k in keys:
                self.first.setdefault(k, []).append((c, idx))


# -- the step -------------------------------------------------------------------------------

def postedit(source: str, target: str, *, src: str, tgt: str, glossary: Glossary) -> EditResult:
    """Make every glossary term found in ``source`` appear in ``target`` as the glossary requires.

    >>> from l10n.glossary import load_glossary, default_glossary_path
    >>> g = load_glossary(default_glossary_path())
    >>> postedit("Shelling in Kharkiv.", "Обстріл у Харькові.", src="en", tgt="uk", glossary=g).target
    'Обстріл у Харкові.'
    >>> postedit("He left Kyiv.", "Kiev'den ayrıldı.", src="en", tgt="tr", glossary=g).target
    "Kyiv'den ayrıldı."
    """
    src, tgt = normalize_lang(src), normalize_lang(tgt)
    result = EditResult(target)
    if src == tgt:
        return result
    matches = [m for m in glossary.find(source, src) if not (src == "en" and part_of_longer_name(source, m))]
    if not matches:
        return result
    words = list((_WORD_TR if tgt == "tr" else _WORD).finditer(target))
    folded = [(turkish.fold(m.group()) if tgt == "tr" else norm_apostrophe(m.group().lower()))
              for m in words]
    claimed: list[tuple[int, int]] = []
    edits: list[Edit] = []
    counts: dict[str, int] = {}
    for m in matches:
        counts[m.term_id] = counts.get(m.term_id, 0) + 1
    order = sorted(counts, key=lambda tid: -max(len(x.text) for x in matches if x.term_id == tid))
    for tid in order:
        term = glossary.get(tid)
        lt = term.lang(tgt)
        if lt is None:
            continue
        surface = next(x.text for x in matches if x.term_id == tid)
        plan = _plan(glossary, term, tgt, surface, src)
        hits = _scan(plan, target, words, folded, tgt)
        hits = [h for h in hits if not any(h.start < e and s < h.end for s, e in claimed)]
        hits = [h for h in hits if h.cand.exact or not _inside_foreign_name(h, target, tgt, source, matches, tid)]
        hits = _non_overlapping(hits)
        if len(hits) > counts[tid]:  # keep full renderings first; leave the rest to other entries
            hits = sorted(sorted(hits, key=lambda h: (h.cand.partial, h.start))[:counts[tid]],
                          key=lambda h: h.start)
        if not hits and _derived_adjective(plan, folded, tgt):
            continue
        if not hits:
            result.flags.append(Flag("glossary-missing", "error",
                                     f"glossary term {lt.term!r} ({term.id}) not found in the translation",
                                     term=term.id))
            continue
        if len(hits) < counts[tid]:
            result.flags.append(Flag("glossary-count", "warning",
                                     f"{term.id}: {counts[tid]} in source, {len(hits)} found in translation",
                                     term=term.id))
        for h in hits:
            claimed.append((h.start, h.end))
            new, flag = _render(h, plan, target, tgt)
            if new is not None:
                new = _rebuild(target[h.start:h.end], new, tgt)
            if flag:
                result.flags.append(flag)
            if new is not None and new != target[h.start:h.end]:
                edits.append(Edit(h.start, h.end, new, term.id))
    result.target, result.changes = apply_edits(target, edits, step="glossary")
    return result


@lru_cache(maxsize=1)
def _name_context() -> frozenset[str]:
    return frozenset(w for line in read_lines("l10n.glossary", "en_name_context.txt") for w in line.split())


def part_of_longer_name(source: str, m) -> bool:
    """True when an English match is only part of another name: a capitalised neighbour that is
    not a title, function word, month or day (``George Washington``, ``Washington Examiner``)."""
    ctx = _name_context()
    nxt = re.match(r" ([A-Z][\w'’-]*)", source[m.end:]) if not m.possessive else None
    prv = re.search(r"(?:^|[\s(\[\"“«])([A-Z][\w'’-]*) $", source[:m.start])
    for w in (nxt, prv):
        if w is None:
            continue
        word = w.group(1)
        if word.lower().rstrip(".") in ctx or word.endswith(("'s", "’s")) or word.isupper():
            continue
        if w is prv and re.search(r"(?:^|[.!?]\s+|[\"“«(]\s*)$", source[:w.start(1)]):
            continue  # sentence-initial capital
        return True
    return False


def _plan(glossary: Glossary, term: Term, tgt: str, surface: str, src: str) -> _Plan:
    key = ("plan", term.id, tgt, fold(surface), src)
    return glossary.derived(key, lambda: _Plan(term, tgt, _candidates(term, tgt, surface, src)))


def _split_tr(key: str) -> tuple[str, str, str]:
    for a in APOSTROPHES:
        if a in key:
            stem, _, suffix = key.partition(a)
            return stem, suffix, a
    return key, "", "'"


def _scan(plan: _Plan, target: str, words, folded, tgt: str) -> list[_Hit]:
    hits = []
    split = None
    if tgt == "tr":  # stems compared folded; suffixes kept as written (ı and i differ)
        split = []
        for w, k in zip(words, folded):
            stem, suffix, apos = _split_tr(k)
            split.append((stem, _split_tr(w.group())[1], apos))
    for i in range(len(words)):
        key = split[i][0] if tgt == "tr" else folded[i]
        entries = plan.first.get(key, [])
        if tgt == "tr" and not split[i][1]:  # Harkovda: a known stem + suffix chain, no apostrophe
            chains = turkish.suffix_chains()
            for cut in range(2, len(key)):
                if key[:cut] in plan.first and turkish.tr_lower(words[i].group()[cut:]) in chains:
                    entries = entries + plan.first[key[:cut]]
        for c, idx in entries:
            n = len(c.words)
            if i + n > len(words):
                continue
            feats = None
            ok = True
            for j in range(n):
                if tgt == "tr":
                    k, suffix = split[i + j][0], split[i + j][1]
                    if suffix and j < n - 1:
                        ok = False
                        break
                    if j == n - 1 and not suffix and k not in idx[j]:
                        k = _tr_unapostrophed(k, words[i + j].group(), idx[j])
                        if k is None:
                            ok = False
                            break
                else:
                    k = folded[i + j]
                if j and not _SEP.fullmatch(target[words[i + j - 1].end():words[i + j].start()]):
                    ok = False
                    break
                if k not in idx[j]:
                    ok = False
                    break
                got = idx[j][k]
                if got is not None:
                    if feats is None:
                        feats = list(got)
                    else:
                        feats = [f for f in feats if f in got] or list(got)
            if not ok:
                continue
            suffix, apos = (split[i + n - 1][1], split[i + n - 1][2]) if tgt == "tr" else ("", "'")
            glued = tgt == "tr" and not suffix and k != split[i + n - 1][0]
            if glued:
                suffix = words[i + n - 1].group()[len(k):]  # written without the apostrophe
            hits.append(_Hit(words[i].start(), words[i + n - 1].end(), feats or [("nomn", "sing")], c,
                             suffix, apos, glued))
        for stem, c in plan.prefixes:
            k = folded[i]
            if k.startswith(stem) and len(k) - len(stem) <= 3 and k[len(stem):].isalpha():
                hits.append(_Hit(words[i].start(), words[i].end(), [("nomn", "sing")], c))
    return hits


def _tr_unapostrophed(key: str, text: str, index: dict) -> str | None:
    """``harkovda`` -> ``harkov`` when the rest is an inflectional suffix chain, else None."""
    chains = turkish.suffix_chains()
    for stem in index:
        if key.startswith(stem) and len(key) > len(stem) and turkish.tr_lower(text[len(stem):]) in chains:
            return stem
    return None


def _derived_adjective(plan: _Plan, folded: list[str], tgt: str) -> bool:
    """A uk/ru adjective made from the glossary term (Київ -> київський, Одесса -> одесский):
    the name is rendered, just not as a noun; nothing to replace and nothing to flag."""
    if plan.term.type != "place":
        return False
    if tgt == "tr":  # Harkivli, Kyivliler: -lI "from" makes a new word, written without apostrophe
        stems = [turkish.fold(s) for s in (plan.term.lang(tgt).term, *plan.term.lang(tgt).accept)]
        return any(k.startswith(stem) and re.match(r"l[ıiuü]", k[len(stem):]) for k in folded for stem in stems)
    if tgt not in ("uk", "ru"):
        return False
    stems = []
    for s in (plan.term.lang(tgt).term, *plan.term.lang(tgt).accept):
        if " " not in s:
            stem = norm_apostrophe(s.lower()).rstrip("аяоеиіьй")
            if len(stem) >= 4:
                stems.append(stem)
    return any(k.startswith(stem) and re.fullmatch(r"[сзц]?ь?к[а-яіїє]{1,4}", k[len(stem):])
               for k in folded for stem in stems)


def _non_overlapping(hits: list[_Hit]) -> list[_Hit]:
    merged: dict[tuple[int, int, bool, bool], _Hit] = {}
    for h in hits:  # one span read through several candidates: pool their readings
        key = (h.start, h.end, h.cand.exact, h.cand.partial)
        if key in merged:
            merged[key].feats = merged[key].feats + [f for f in h.feats if f not in merged[key].feats]
        else:
            merged[key] = _Hit(h.start, h.end, list(h.feats), h.cand, h.suffix, h.apostrophe, h.no_apostrophe)
    hits = list(merged.values())
    hits.sort(key=lambda h: (-(h.end - h.start), not h.cand.exact, h.cand.partial, h.start))
    out: list[_Hit] = []
    for h in hits:
        if not any(h.start < o.end and o.start < h.end for o in out):
            out.append(h)
    return sorted(out, key=lambda h: h.start)


def _render(h: _Hit, plan: _Plan, target: str, tgt: str) -> tuple[str | None, Flag | None]:
    term, lt = plan.term, plan.term.lang(tgt)
    before = target[h.start:h.end]
    if tgt == "tr" and h.cand.exact:  # matching ignores dots (Igor = İgor); the result must not
        stem_text = before[:len(before) - len(h.suffix) - (0 if h.no_apostrophe else 1)] if h.suffix else before
        spelled = {turkish.tr_lower(" ".join(_tokens(x, tgt))) for x in (lt.term, *lt.accept)}
        if turkish.tr_lower(" ".join(_tokens(stem_text, tgt))) not in spelled:
            h = _Hit(h.start, h.end, h.feats, _Cand(h.cand.words, h.cand.origin, False, h.cand.partial),
                     h.suffix, h.apostrophe, h.no_apostrophe)
    if h.cand.exact and h.no_apostrophe:  # Harkivde -> Harkiv'de: proper nouns take an apostrophe
        return f"{before[:len(before) - len(h.suffix)]}'{h.suffix}", None
    if h.cand.exact:
        return None, None  # MT already used the glossary term (or an accepted spelling): keep its form
    words = list(_tokens(lt.term, tgt))
    if h.cand.partial:
        words = words[-1:]
    if tgt == "tr":
        stem = " ".join(words)
        if not h.suffix:
            return stem, None
        suf = turkish.harmonize(h.suffix if not before.isupper() else h.suffix.upper(), stem, lt.pronounce)
        original_suffix = before.split(h.apostrophe, 1)[1] if h.apostrophe in before and not h.no_apostrophe \
            else h.suffix
        if turkish.tr_lower(suf) == turkish.tr_lower(original_suffix):
            suf = original_suffix  # keep MT's own capitalisation
        return f"{stem}{h.apostrophe}{suf}", None
    if term.dnt or tgt not in ("uk", "ru"):
        return " ".join(words), None
    forms = slavic.phrase_forms(" ".join(words), tgt, term.type, term.gender_in(tgt))
    feats = h.feats
    flag = None
    outs = {forms.get(f) or _any_number(forms, f) for f in feats}
    outs.discard(None)
    if len(outs) > 1:
        feats = _by_preposition(target, h.start, tgt, feats) or feats
        outs = {forms.get(f) or _any_number(forms, f) for f in feats} - {None}
    if not outs:
        return None, Flag("glossary-form", "warning", f"{term.id}: no form of {lt.term!r} for {feats[0]}",
                          term=term.id)
    if len(outs) > 1:
        origin = h.cand.origin if h.cand.origin in ("uk", "ru") else tgt
        ranked = slavic.rank_features(before, origin, feats, h.cand.words[-1])
        new = forms.get(ranked[0]) or _any_number(forms, ranked[0])
        flag = Flag("glossary-case", "info", f"{term.id}: case of {before!r} is ambiguous; chose {ranked[0][0]}",
                    term=term.id)
    else:
        new = outs.pop()
        ranked = [f for f in feats if (forms.get(f) or _any_number(forms, f)) == new]
    if ranked and h.cand.origin == tgt:  # mirror MT's choice between equally correct endings
        new = slavic.phrase_form_like(" ".join(words), tgt, term.type, term.gender_in(tgt), ranked[0],
                                      before) or new
    if before.isupper() and len(before) > 1 and not " ".join(h.cand.words).isupper():
        new = new.upper()
    return new, flag


def _inside_foreign_name(h: _Hit, target: str, tgt: str, source: str, matches, tid: str) -> bool:
    """A Latin spelling that is part of a longer name kept in the original (``Washington
    Examiner``, ``London Gazette'de``) is not a rendering of the glossary term."""
    if script_of(" ".join(h.cand.words)) != "lat":
        return False
    if tgt in ("uk", "ru"):
        after = re.match(r"[\s,.'’-]{0,3}([A-Za-z])", target[h.end:])
        before = re.search(r"([A-Za-z])[\s,.'’-]{0,3}$", target[:h.start])
        return bool(after or before)
    for m in matches:  # tr: the source's neighbouring capitalised word is repeated next to it
        if m.term_id != tid:
            continue
        nxt = re.match(r"\s+([A-Z]\w*)", source[m.end:])
        nxt_t = re.match(r"\s+(\w+)", target[h.end:])
        if nxt and nxt_t and turkish.fold(nxt_t.group(1)).startswith(turkish.fold(nxt.group(1))):
            return True
        prv = re.search(r"([A-Z]\w*)\s+$", source[:m.start])
        prv_t = re.search(r"(\w+)\s+$", target[:h.start])
        if prv and prv_t and turkish.fold(prv_t.group(1)) == turkish.fold(prv.group(1)):
            return True
    return False


def _rebuild(before: str, new: str, lang: str) -> str:
    """Put the new words in place of MT's words, keeping MT's own characters between them
    (no-break spaces, quotes: Операция «Паутина» -> Операція «Павутина»), and a capital first
    letter where MT had one (sentence start)."""
    old = list((_WORD_TR if lang == "tr" else _WORD).finditer(before))
    words = new.split(" ")
    if len(old) == len(words):
        out, pos = [], 0
        for m, w in zip(old, words):
            out.append(before[pos:m.start()])
            out.append(w)
            pos = m.end()
        out.append(before[pos:])
        new = "".join(out)
    if before[:1].isupper() and new[:1].islower():
        new = new[:1].upper() + new[1:]
    return new


def _any_number(forms: dict, feat) -> str | None:
    for (case, number), form in forms.items():
        if case == feat[0]:
            return form
    return None


def _by_preposition(target: str, start: int, tgt: str, feats: list) -> list:
    m = re.search(r"([^\W\d_]+)\s+$", target[:start])
    if not m:
        return []
    cases = slavic.prepositions().get((tgt, m.group(1).lower()))
    if not cases:
        return []
    if "accs" in cases and "loct" in cases and slavic.after_motion_verb(target[:m.start(1)] + " x", tgt):
        cases = ("accs",) + tuple(c for c in cases if c != "accs")
    for case in cases:
        chosen = [f for f in feats if f[0] == case]
        if chosen:
            return chosen
    return []
