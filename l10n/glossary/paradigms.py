"""Ukrainian and Russian paradigms of glossary names: from pymorphy3's dictionaries,
and for names the dictionaries lack, the paradigm of a known word with the same ending
(``data/endings.tsv``).

A *paradigm* maps grammatical features ``(case, number)`` to one canonical form, and every known
form back to the features it can express; enforcement uses the second map to read the case of
MT's rendering and the first to write the glossary term in that case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from l10n.data import morph_analyzer, read_table
from l10n.text import is_cyrillic, norm_apostrophe

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct", "voct")
#: Most frequent readings first (news text); used to break remaining ties.
PRIORITY = ("nomn", "gent", "loct", "accs", "datv", "ablt", "voct")
_CASE_ALIAS = {"gen1": "gent", "gen2": "gent", "loc1": "loct", "loc2": "loct", "acc2": "accs"}
_CONSONANTS = set("бвгґджзйклмнпрстфхцчшщ")

Feature = tuple[str, str]  # (case, number)


@dataclass
class Paradigm:
    """Forms of one word (lower-case)."""

    forms: dict[Feature, str] = field(default_factory=dict)      # canonical form per feature
    index: dict[str, list[Feature]] = field(default_factory=dict)  # form -> features, canonical first
    fixed: bool = False  # indeclinable

    def add(self, feat: Feature, form: str) -> None:
        canonical = feat not in self.forms
        if canonical:
            self.forms[feat] = form
        feats = self.index.setdefault(form, [])
        if feat not in feats:
            if canonical:
                n = sum(1 for f in feats if self.forms.get(f) == form)
                feats.insert(n, feat)
            else:
                feats.append(feat)


def analyzer(lang: str):
    """The process-wide pymorphy3 analyzer (shared with language detection)."""
    return morph_analyzer(lang)


@lru_cache(maxsize=1)
def _endings() -> dict[tuple[str, str, str], list[tuple[str, list[str]]]]:
    table: dict[tuple[str, str, str], list[tuple[str, list[str]]]] = {}
    for cols in read_table("l10n.glossary", "endings.tsv"):
        lang, kind, gender, ending = cols[:4]
        table.setdefault((lang, kind, gender), []).append((ending, cols[4:11]))
    for rows in table.values():
        rows.sort(key=lambda r: -len(r[0].replace("~C", "")))
    return table


def _norm_case(case: str | None) -> str | None:
    return _CASE_ALIAS.get(case, case) if case else None


def _guess_gender(word: str) -> str:
    w = word.lower()
    if w.endswith(("а", "я")):
        return "f"
    if w.endswith(("о", "е", "є")):
        return "n"
    return "m"


def _alpha(word: str) -> bool:
    return norm_apostrophe(word).replace("-", "").replace("'", "").isalpha()




def _from_dictionary(word: str, lang: str, kind: str, gender: str | None) -> Paradigm | None:
    lw = norm_apostrophe(word.lower())
    morph = analyzer(lang)
    if not morph.word_is_known(lw):
        return None
    want_g = {"m": "masc", "f": "femn", "n": "neut"}.get(gender or "")
    best, best_score = None, -1
    for p in morph.parse(lw):
        tag = p.tag
        if tag.POS not in ("NOUN", "ADJF") or tag.case != "nomn":
            continue
        if p.normal_form != lw and not (p.word == lw and (tag.POS == "ADJF" or tag.number == "plur")):
            continue
        person = bool(tag.grammemes & {"Name", "Surn", "Patr"})
        if kind != "person" and want_g and tag.gender and str(tag.gender) in ("masc", "femn", "neut") \
                and str(tag.gender) != want_g:
            continue  # the glossary states the gender (ru Ирпень is masculine; one dictionary disagrees)
        score = 0
        if kind == "person":
            score += 4 if person else 0
            score += 2 if (want_g and tag.grammemes & {want_g, "ms-f"}) else 0
        else:
            score += 3 if not person else 0
            score += 2 if bool(tag.grammemes & {"Geox", "inan"}) else 0
            score += 1 if (want_g and want_g in tag.grammemes) else 0
        score += 1 if tag.number != "plur" or "Pltm" in tag.grammemes else 0
        if score > best_score:
            best, best_score = p, score
    if best is None:
        return None
    if kind == "person" and not best.tag.grammemes & {"Name", "Surn", "Patr"} and best.tag.POS == "NOUN":
        return None  # a common noun that happens to look like the name: use the name tables
    by_feat: dict[Feature, list[str]] = {}
    lemma_gender = str(best.tag.gender) if best.tag.gender else None
    plural_lemma = best.tag.number == "plur"
    for f in best.lexeme:
        case = _norm_case(f.tag.case)
        if case not in CASES:
            continue
        number = f.tag.number or "sing"
        if number == "plur" and not plural_lemma:
            continue  # names are singular; plural forms only add false readings
        if number == "sing" and plural_lemma:
            continue
        if best.tag.POS == "ADJF" and number == "sing" and f.tag.gender and lemma_gender \
                and str(f.tag.gender) != lemma_gender:
            continue
        if kind == "person" and want_g and number == "sing" and f.tag.gender \
                and str(f.tag.gender) in ("masc", "femn") and str(f.tag.gender) != want_g:
            continue  # Путин's lexeme also holds the feminine Путина
        if best.tag.POS == "ADJF" and case == "accs" and "anim" in f.tag.grammemes and kind != "person":
            continue
        word = f.word.replace("ё", "е") if lang == "ru" and "ё" not in lw else f.word
        forms = by_feat.setdefault((case, number), [])
        if word not in forms:
            forms.append(word)
    par = Paradigm()
    for feat, forms in by_feat.items():
        par.add(feat, _preferred(forms, feat, kind, best.tag.POS, by_feat))
    for feat, forms in by_feat.items():
        for form in forms:
            par.add(feat, form)
    if "Fixd" in best.tag.grammemes:
        par.fixed = True
    return par if par.forms else None


def _preferred(forms: list[str], feat: Feature, kind: str, pos: str,
               by_feat: dict[Feature, list[str]]) -> str:
    """Choose the form the press uses when the dictionary lists several for one case: for places
    and organisations the short dative/locative (у Парижі, not Парижеві; Харкові, not Харкову);
    for people the -ові/-еві locative (при Денисові); for adjectives the locative that equals the
    dative (Зеленському, Європейському, not -ськім) and, for things, the accusative that equals
    the nominative (Європейський Союз)."""
    if len(forms) == 1:
        return forms[0]
    case = feat[0]
    if case == "loct":  # adjectival declension (also surnames tagged as nouns): -ому over -ім
        omu = [f for f in forms if f.endswith("ому")]
        if omu and any(f.endswith("ім") for f in forms):
            return omu[0]
    if pos == "ADJF":
        twin = {"loct": "datv", "accs": "nomn" if kind != "person" else "gent"}.get(case)
        for f in by_feat.get((twin, feat[1]), [])[:1] if twin else []:
            if f in forms:
                return f
        return forms[0]
    if kind == "person":
        if case == "loct":
            ovi = [f for f in forms if f.endswith(("ові", "еві", "єві"))]
            if ovi:
                return ovi[0]
        return forms[0]
    if case == "loct":
        ending_i = [f for f in forms if f.endswith(("і", "ї", "е"))]
        return min(ending_i or forms, key=len)
    if case == "datv":
        return min(forms, key=len)
    return forms[0]


def rank_features(token: str, lang: str, feats: list[Feature], lemma: str | None = None) -> list[Feature]:
    """Order the readings of an ambiguous MT token: most probable first by pymorphy3's estimate
    for the token as written — counting only analyses of the name itself (``lemma``), never a
    guess that the word is something else — then by how common the case is in news text."""
    score: dict[str, float] = {}
    last = token.split()[-1].lower() if token.split() else token.lower()
    if is_cyrillic(last):
        for p in analyzer(lang).parse(last):
            c = _norm_case(p.tag.case)
            if lemma is not None and p.normal_form != lemma.lower():
                continue
            if c and p.tag.POS in ("NOUN", "ADJF"):
                score[c] = max(score.get(c, 0.0), p.score)
    return sorted(feats, key=lambda f: (-score.get(f[0], 0.0), PRIORITY.index(f[0])))


def _from_table(word: str, lang: str, kind: str, gender: str | None, generic: bool = False) -> Paradigm:
    """The paradigm of the longest matching ending row; ``generic``: for a word ending in a
    consonant, the plain any-consonant row (stem kept as written: Львів -> Львіві)."""
    lw = norm_apostrophe(word.lower())
    table = _endings()
    g = gender or ("m" if kind == "person" else _guess_gender(lw))
    tkind = "person" if kind == "person" else "place"
    rows = table.get((lang, tkind, g), []) + table.get((lang, "any", "*"), [])
    par = Paradigm()
    for ending, forms in rows:
        if generic and ending != "~C" and lw[-1:] in _CONSONANTS and lw[-1:] != "й":
            continue
        if ending == "~C":
            if not lw or lw[-1] not in _CONSONANTS or lw[-1] == "й":
                continue
            stem = lw
        elif lw.endswith(ending) and len(lw) > len(ending):
            stem = lw[: len(lw) - len(ending)]
        else:
            continue
        if forms and forms[0] == "=":
            break
        for case, suffix in zip(CASES, forms):
            par.add((case, "sing"), stem + suffix)
        return par
    par.fixed = True
    for case in CASES:
        par.add((case, "sing"), lw)
    return par


@lru_cache(maxsize=65536)
def table_paradigm(word: str, lang: str, kind: str = "other", gender: str | None = None) -> Paradigm:
    """The paradigm the endings table gives ``word`` as spelled (no dictionary), e.g. for a
    misspelling MT inflected regularly (Львів -> Львіві)."""
    if not is_cyrillic(word):
        return paradigm(word, lang, kind, gender)
    return _from_table(word, lang, kind, gender, generic=True)


@lru_cache(maxsize=65536)
def paradigm(word: str, lang: str, kind: str = "other", gender: str | None = None) -> Paradigm:
    """All forms of one word of a name, by dictionary or by the endings table.

    >>> paradigm("Харків", "uk", "place").forms[("loct", "sing")]
    'харкові'
    >>> paradigm("Терехов", "uk", "person", "m").forms[("ablt", "sing")]
    'тереховим'
    """
    if not any(c.isalpha() for c in word) or not is_cyrillic(word):
        par = Paradigm(fixed=True)
        for case in CASES:
            par.add((case, "sing"), word.lower())
        return par
    if "-" in word and kind == "place" and not analyzer(lang).word_is_known(word.lower()):
        head, _, tail = word.rpartition("-")
        tail_par = paradigm(tail, lang, kind, gender)
        par = Paradigm(fixed=tail_par.fixed)
        for feat, form in tail_par.forms.items():
            par.add(feat, f"{head.lower()}-{form}")
        for form, feats in tail_par.index.items():
            for feat in feats:
                par.add(feat, f"{head.lower()}-{form}")
        return par
    par = _from_dictionary(word, lang, kind, gender)
    if par is None:
        par = _from_table(word, lang, kind, gender)
    elif kind == "person" and ("voct", "sing") not in par.forms:  # dictionaries often lack it (Кулебо)
        voct = _from_table(word, lang, kind, gender).forms.get(("voct", "sing"))
        if voct:
            par.add(("voct", "sing"), voct)
    return par


def inflecting_words(words: list[str], lang: str, kind: str) -> list[bool]:
    """Which words of a multi-word name change with case: all words of a person's name; for other
    names the words up to and including the head noun (``Харківська область``), not a genitive
    complement after it (``Верховна Рада України``) nor quoted parts (``операція «Павутина»``)."""
    if kind == "person":
        return [is_cyrillic(w) and _alpha(w) for w in words]
    out = []
    head_seen = False
    morph = analyzer(lang)
    for w in words:
        if head_seen or not _alpha(w) or not is_cyrillic(w):
            out.append(False)
            continue
        lw = norm_apostrophe(w.lower())
        adj = any(p.tag.POS == "ADJF" and p.tag.case == "nomn" and p.normal_form == lw
                  or p.tag.POS == "ADJF" and p.tag.case == "nomn" for p in morph.parse(lw)
                  if morph.word_is_known(lw)) and len(words) > 1
        out.append(True)
        if not adj:
            head_seen = True
    return out


def restore_case(form: str, model: str) -> str:
    """Copy the capitalisation of ``model`` (the glossary spelling) onto a lower-case form."""
    for apostrophe in "’ʼ":
        if apostrophe in model:
            form = form.replace("'", apostrophe)
    if model.isupper() and len(model) > 1:
        return form.upper()
    out = []
    for i, c in enumerate(form):
        out.append(c.upper() if i < len(model) and model[i].isupper() else c)
    return "".join(out)


def phrase_form_like(surface: str, lang: str, kind: str, gender: str | None, feat: Feature,
                     like: str) -> str | None:
    """The form of ``surface`` for ``feat``; where the language allows several (uk dative
    Трампові / Трампу) take the one whose ending matches MT's own word (``like``)."""
    words = surface.split()
    mt_words = like.split()
    infl = inflecting_words(words, lang, kind)
    parts = []
    for i, (w, f) in enumerate(zip(words, infl)):
        if not f:
            parts.append(w)
            continue
        par = paradigm(w, lang, kind, gender)
        options = [form for form, fs in par.index.items() if feat in fs]
        if not options:
            options = [form for form, fs in par.index.items() if any(x[0] == feat[0] for x in fs)]
        if not options:
            return None
        canonical = par.forms.get(feat)
        options.sort(key=lambda o: o != canonical)
        mt = mt_words[i].lower() if len(mt_words) == len(words) else None
        if mt and len(options) > 1:
            options.sort(key=lambda o: -_common_suffix(o, mt))
        parts.append(restore_case(options[0], w))
    return " ".join(parts)


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def phrase_forms(surface: str, lang: str, kind: str, gender: str | None) -> dict[Feature, str]:
    """Canonical form of a whole (multi-word) name per feature, capitalised like ``surface``."""
    words = surface.split()
    infl = inflecting_words(words, lang, kind)
    pars = [paradigm(w, lang, kind, gender) if f else None for w, f in zip(words, infl)]
    feats = set()
    for p in pars:
        if p is not None:
            feats |= set(p.forms)
    out = {}
    for feat in feats or {("nomn", "sing")}:
        parts = []
        for w, p in zip(words, pars):
            if p is None:
                parts.append(w)
            else:
                form = p.forms.get(feat) or p.forms.get((feat[0], "sing"))
                if form is None:
                    break
                parts.append(restore_case(form, w))
        else:
            out[feat] = " ".join(parts)
    return out


@lru_cache(maxsize=65536)
def all_forms(surface: str, lang: str, kind: str = "other", gender: str | None = None) -> frozenset[str]:
    """Every inflected spelling of a name (for finding it in uk/ru source text)."""
    words = surface.split()
    infl = inflecting_words(words, lang, kind)
    pars = [paradigm(w, lang, kind, gender) if f else None for w, f in zip(words, infl)]
    out = {surface}
    feats = set()
    for p in pars:
        if p is not None:
            feats |= {f for fs in p.index.values() for f in fs}
    from itertools import product
    for feat in feats:
        options = []
        for w, p in zip(words, pars):
            if p is None:
                options.append([w])
                continue
            forms = [restore_case(f, w) for f, fs in p.index.items() if feat in fs]
            if not forms:
                break
            options.append(forms)
        else:
            out.update(" ".join(combo) for combo in product(*options))
    return frozenset(out)
