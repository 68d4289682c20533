"""The Morphology strategy for Ukrainian and Russian: names inflect for case, so a rendering is
found in any of its forms and the glossary term is written in the same form.

Every Cyrillic spelling MT may have used is read with BOTH Slavic grammars (a Russian-spelled
variant inside a Ukrainian draft is analysed with the Russian dictionary: «у Львове» is the
locative of Львов, and vice versa: «во Львіві»), plus letter-by-letter respellings between the two
orthographies (Запорижжя) and Latin-script leftovers (Kyiv). The case comes from MT's own form
when it shows one; only where it does not (Latin, indeclinable, a nominative the sentence does
not allow) does ``government`` infer it from the words before. Paradigms live in ``paradigms.py``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from l10n.data import read_table
from l10n.document import Flag
from l10n.glossary import government
from l10n.glossary.morphology import Cand, Feature, Hit, Morphology
from l10n.glossary.paradigms import (CASES, all_forms, analyzer, inflecting_words, paradigm, phrase_form_like,
                                     phrase_forms, rank_features, table_paradigm)
from l10n.glossary.translit import transliterate
from l10n.text import is_cyrillic, norm_apostrophe, script_of

SLAVIC = ("uk", "ru")
__all__ = ["SlavicMorphology", "all_forms", "paradigm", "phrase_forms"]


@lru_cache(maxsize=200_000)
def _word_index(word: str, lang: str, kind: str, gender: str | None, inflect: bool, loose: bool) -> dict[str, list]:
    """Form -> readings of one word. Places and things are not addressed: no vocative readings
    (uk «у Львове» is a Russian locative, not the vocative of Львів). ``loose`` (a misspelling MT
    produced) adds the forms the endings table gives the spelling as it stands, which is how MT
    inflects a half-adapted name (Львіві)."""
    if not inflect:
        return {norm_apostrophe(word.lower()): [(c, "sing") for c in CASES]}
    pars = [paradigm(word, lang, kind, gender)] + ([table_paradigm(word, lang, kind, gender)] if loose else [])
    out: dict[str, list] = {}
    for par in pars:
        for form, feats in par.index.items():
            feats = [f for f in feats if f[0] != "voct" or kind == "person"]
            if feats:
                out.setdefault(form, [])
                out[form] += [f for f in feats if f not in out[form]]
    return out


@lru_cache(maxsize=1)
def _address_markers() -> dict[str, frozenset[str]]:
    return {lang: frozenset(words.split()) for lang, words in read_table("l10n.glossary", "address.tsv")}


def _letters_only(surface: str) -> str:
    """uk: і ї є ґ; ru: ы э ъ ё — a spelling with letters of one language only is read first
    with that language's grammar."""
    low = surface.lower()
    if any(c in low for c in "іїєґ") or "ськ" in low or "цьк" in low:  # -ський/-цький: Ukrainian
        return "uk"
    if any(c in low for c in "ыэъё") or any(w.startswith("и") for w in low.split()):
        return "ru"
    return ""


def any_number(forms: dict, feat: Feature) -> str | None:
    """The form for ``feat``'s case in whatever number the name has (Суми is plural)."""
    for (case, _number), form in forms.items():
        if case == feat[0]:
            return form
    return None


class SlavicMorphology(Morphology):
    """Ukrainian or Russian target (``lang``)."""

    # -- spellings -----------------------------------------------------------------------------
    def source_forms(self, term, lt) -> set[str]:
        forms = set(lt.surfaces())
        if not term.dnt:
            for s in lt.surfaces():
                forms |= all_forms(s, self.lang, kind=term.type, gender=term.gender_in(self.lang))
        return forms

    def common_word(self, word: str) -> bool:
        morph = analyzer(self.lang)
        low = norm_apostrophe(word.lower())
        return super().common_word(word) or morph.word_is_known(low) and not any(p.tag.grammemes & {"Name", "Surn", "Patr", "Geox"}
                                                    for p in morph.parse(low))

    def origins(self, surface: str, lang: str) -> tuple[str, ...]:
        if script_of(surface) == "lat":
            return (self.lang,)
        first = _letters_only(surface) or (lang if lang in SLAVIC else self.lang)
        return (first,) + tuple(x for x in SLAVIC if x != first)

    def respellings(self, surface: str, lang: str) -> list[str]:
        if script_of(surface) == "lat":  # MT transliterated the English (or Turkish) spelling
            return [transliterate(surface, f"lat-{x}") for x in dict.fromkeys((self.lang, *SLAVIC))]
        # Запоріжжя -> Запорижжя, Кличко -> Клічко: a spelling written with the other orthography's letters
        return [transliterate(surface, f"{a}-{b}") for a, b in (("uk", "ru"), ("ru", "uk"))]

    def index(self, cand: Cand, term) -> list[dict]:
        lang = cand.origin if cand.origin in SLAVIC else self.lang
        if term.dnt:
            infl = [is_cyrillic(w) for w in cand.words]
        elif cand.partial:
            infl = [True]
        else:
            infl = inflecting_words(list(cand.words), lang, term.type)
        gender = term.gender_in(self.lang)
        loose = not cand.exact and not term.dnt
        return [_word_index(w, lang, term.type, gender, f, loose) for w, f in zip(cand.words, infl)]

    def stems(self, cand: Cand, term) -> list[str]:
        if term.dnt and len(cand.words) == 1 and is_cyrillic(cand.words[0]):
            stem = cand.words[0].lower().rstrip("аеиоуяюієїьй")
            if len(stem) >= 3:
                return [stem]
        return []

    # -- writing -----------------------------------------------------------------------------
    def render(self, hit: Hit, term, target: str, source: str) -> tuple[str | None, Flag | None]:
        words = self.term_words(term, hit)
        before = target[hit.start:hit.end]
        address = term.type == "person" and self._address(hit, target, source)
        if hit.cand.exact and not (address and ("voct", "sing") not in hit.feats) \
                and not self._misplaced(hit, target, term):
            return None, None  # MT used the glossary term: keep its form
        if term.dnt:
            return " ".join(words), None
        forms = phrase_forms(" ".join(words), self.lang, term.type, term.gender_in(self.lang))
        feats = [("voct", "sing")] if address and ("voct", "sing") in forms else self._possible(hit, target)
        outs = {forms.get(f) or any_number(forms, f) for f in feats} - {None}
        if len(outs) > 1 or {f[0] for f in feats} <= {"nomn", "accs"}:  # MT's form does not show the case
            governed = self._governed(target[:hit.start], target[hit.end:], term.type, feats, forms)
            feats = governed or feats
            outs = {forms.get(f) or any_number(forms, f) for f in feats} - {None}
        if not outs:
            return None, Flag("glossary-form", "warning", f"{term.id}: no form of {' '.join(words)!r} "
                              f"for {feats[0]}", term=term.id)
        flag = None
        if len(outs) > 1:
            origin = hit.cand.origin if hit.cand.origin in SLAVIC else self.lang
            ranked = rank_features(before, origin, feats, hit.cand.words[-1])
            new = forms.get(ranked[0]) or any_number(forms, ranked[0])
            flag = Flag("glossary-case", "info", f"{term.id}: case of {before!r} is ambiguous; chose "
                        f"{ranked[0][0]}", term=term.id)
        else:
            new = outs.pop()
            ranked = [f for f in feats if (forms.get(f) or any_number(forms, f)) == new]
        if ranked and hit.cand.origin == self.lang:  # mirror MT's choice between equally correct endings
            new = phrase_form_like(" ".join(words), self.lang, term.type, term.gender_in(self.lang),
                                   ranked[0], before) or new
        if before.isupper() and len(before) > 1 and not " ".join(hit.cand.words).isupper():
            new = new.upper()
        return new, flag

    def _misplaced(self, hit: Hit, target: str, term) -> bool:
        """The glossary term in its base form where the sentence excludes it (поблизу Павлоград)."""
        if {f[0] for f in hit.feats} - {"nomn", "accs"} or not government.excludes_nominative(target[:hit.start], self.lang, term.type):
            return False
        cases = government.governed(target[:hit.start], self.lang, term.type, target[hit.end:])
        return bool(cases) and not {f[0] for f in hit.feats} & set(cases)

    def _possible(self, hit: Hit, target: str) -> list[Feature]:
        """MT's readings, less the locative where no preposition stands before the name (the
        locative is only ever governed by one: «запитання Скібіцькому» is a dative)."""
        m = re.search(r"([^\W\d_]+)[\s\u00a0]+$", target[:hit.start])
        if m and government.is_preposition(m.group(1), self.lang):
            return hit.feats
        return [f for f in hit.feats if f[0] != "loct"] or hit.feats

    def _governed(self, before: str, after: str, kind: str, feats: list[Feature], forms: dict) -> list[Feature]:
        """The readings the sentence asks for: among MT's readings when they differ in spelling;
        for a nominative-looking form (Latin, indeclinable, «поблизу Кременчуг») the case the
        governing word requires, if the name has that form."""
        uninflected = {f[0] for f in feats} <= {"nomn", "accs"}
        for case in government.governed(before, self.lang, kind, after):
            chosen = [f for f in feats if f[0] == case]
            if chosen and not (uninflected and case == "accs" and "loct" in government.governed(before, self.lang, kind, after)[:1]):
                return chosen
            if uninflected and (case, "sing") in forms and case != "nomn":
                return [(case, "sing")]
        return []

    def _address(self, hit: Hit, target: str, source: str) -> bool:
        """Direct address: the target says so (``пане …,``; a name opening the sentence followed
        by a comma) and the source speaks to someone (a second-person word, ``Dear``)."""
        if not government.direct_address(target[:hit.start], target[hit.end:], self.lang):
            return False
        markers = frozenset().union(*_address_markers().values())
        return any(w in markers for w in re.findall(r"[^\W\d_]+", source.lower()))

    def derived(self, term, keys: list[str]) -> bool:
        """A uk/ru adjective made from the glossary term (Київ -> київський, Одесса -> одесский):
        the name is rendered, just not as a noun; nothing to replace and nothing to flag."""
        if term.type != "place":
            return False
        stems = []
        for s in (term.lang(self.lang).term, *term.lang(self.lang).accept):
            if " " not in s:
                stem = norm_apostrophe(s.lower()).rstrip("аяоеиіьй")
                if len(stem) >= 4:
                    stems.append(stem)
        return any(k.startswith(stem) and re.fullmatch(r"[сзц]?ь?к[а-яіїє]{1,4}", k[len(stem):])
                   for k in keys for stem in stems)

    def foreign_name(self, hit: Hit, target: str, source: str, spans: list[tuple[int, int]]) -> bool:
        """A Latin spelling that is part of a longer Latin name kept in the original
        (``Washington Examiner``) is not a rendering of the glossary term."""
        if script_of(" ".join(hit.cand.words)) != "lat":
            return False
        after = re.match(r"[\s,.'’-]{0,3}([A-Za-z])", target[hit.end:])
        before = re.search(r"([A-Za-z])[\s,.'’-]{0,3}$", target[:hit.start])
        return bool(after or before)

