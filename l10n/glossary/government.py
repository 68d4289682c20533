"""Case from the sentence (uk, ru): which case the words before a name require of it.

Used only where MT's rendering does not show its case itself — a Latin-script leftover
(«центр Kyiv» -> «центр Києва»), an indeclinable foreign spelling («пресс-секретарь Зеленски»), a
nominative where the sentence needs another case («жителей Запорижжя») — and to choose between
readings spelled alike (Харкові: dative or locative?). It never overrides a case MT's form shows.

The knowledge is data: ``prepositions.tsv`` (cases a preposition governs), ``government.tsv``
(nouns and verbs that govern a case, titles in apposition, words of address) and
``motion_verbs.tsv``; pymorphy3's tags of the neighbouring word supply the defaults (after a
noun the genitive, after a transitive verb the accusative, after an adjective its own case).
"""

from __future__ import annotations

import re
from functools import lru_cache

from l10n.data import morph_analyzer, read_table
from l10n.text import APOSTROPHE_CLASS, norm_apostrophe

_WORD_BEFORE = re.compile(rf"([^\W\d_]+(?:(?:-|{APOSTROPHE_CLASS})[^\W\d_]+)*)[ \u00a0]+$")
_WORD_AFTER = re.compile(r"[\s,]*([^\W\d_]+)")
_ADDRESS_END = re.compile(r"\s*[,!]")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:]\s+|[«\"“„(—–-]\s*)$")
_FUNCTION_POS = {"CONJ", "PRCL", "PREP", "ADVB", "NPRO", "INTJ", "PRED"}
_ALIAS = {"gen1": "gent", "gen2": "gent", "loc1": "loct", "loc2": "loct", "acc2": "accs"}


@lru_cache(maxsize=1)
def prepositions() -> dict[tuple[str, ...], tuple[str, ...]]:
    """(lang, preposition) and (lang, preposition, kind) -> cases, most likely first."""
    return {(lang, prep, *kinds): tuple(cases.split())
            for lang, prep, cases, *kinds in read_table("l10n.glossary", "prepositions.tsv")}


def is_preposition(word: str, lang: str) -> bool:
    return (lang, norm_apostrophe(word.lower())) in prepositions()


@lru_cache(maxsize=1)
def motion_verbs() -> dict[str, frozenset[str]]:
    return {lang: frozenset(words.split()) for lang, words in read_table("l10n.glossary", "motion_verbs.tsv")}


@lru_cache(maxsize=1)
def table() -> dict[tuple[str, str], list[tuple[str, frozenset[str]]]]:
    """(lang, lemma) -> [(case or "appos", kinds)] from ``government.tsv``."""
    out: dict[tuple[str, str], list[tuple[str, frozenset[str]]]] = {}
    for lang, lemma, case, kinds in read_table("l10n.glossary", "government.tsv"):
        out.setdefault((lang, norm_apostrophe(lemma)), []).append((case, frozenset(kinds.split(","))))
    return out


def has_vocative(lang: str) -> bool:
    """Whether the language addresses people in the vocative (it has words of address listed)."""
    return any(case == "voct" for (lg, _), rows in table().items() if lg == lang for case, _ in rows)


def _case(tag) -> str | None:
    return _ALIAS.get(tag.case, tag.case) if tag.case else None


def _rule(lang: str, word: str, lemma: str, kind: str) -> str | None:
    for key in (word, lemma):
        for case, kinds in table().get((lang, key), ()):
            if "*" in kinds or kind in kinds:
                return case
    return None


def after_motion_verb(text_before: str, lang: str) -> bool:
    """True when one of the three words before the preposition is a verb of motion."""
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text_before)[-4:-1]
    verbs = motion_verbs().get(lang, frozenset())
    morph = morph_analyzer(lang)
    for w in words:
        for p in morph.parse(w.lower())[:2]:
            if p.tag.POS in ("VERB", "INFN", "GRND", "PRTF", "PRTS") and p.normal_form.replace("ё", "е") in verbs:
                return True
    return False


def _verb_follows(after: str, lang: str) -> bool:
    """The name is followed by a finite verb: most likely its subject (У середу Trump зауважив)."""
    m = _WORD_AFTER.match(after)
    return bool(m) and any(p.tag.POS == "VERB" for p in morph_analyzer(lang).parse(m.group(1).lower())[:3])


def _in_phrase(before: str, lang: str) -> bool:
    """The word before the name is itself governed by a preposition (У середу | Trump зауважив):
    the name then starts a new constituent."""
    m = _WORD_BEFORE.search(before)
    return bool(m) and is_preposition(m.group(1), lang)


def governed(before: str, lang: str, kind: str, after: str = "") -> tuple[str, ...]:
    """Cases the text right before a name asks of it, most likely first (empty: no opinion).
    ``after`` (the text after the name) vetoes the defaults when a finite verb follows.

    >>> governed("центр ", "uk", "place"), governed("пресс-секретарь ", "ru", "person")
    (('gent',), ('gent',))
    >>> governed("зустрівся з ", "uk", "person"), governed("президентом ", "ru", "person")
    (('ablt', 'gent'), ('ablt',))
    """
    m = _WORD_BEFORE.search(before)
    if not m:
        return ()
    word = norm_apostrophe(m.group(1).lower())
    cases = prepositions().get((lang, word, kind)) or prepositions().get((lang, word))
    if cases:
        if "accs" in cases and "loct" in cases and after_motion_verb(before[:m.start(1)] + " x", lang):
            cases = ("accs",) + tuple(c for c in cases if c != "accs")
        return cases
    parses = morph_analyzer(lang).parse(word)
    if not parses:
        return ()
    best = parses[0]
    rule = _rule(lang, word, norm_apostrophe(best.normal_form), kind)
    if rule == "appos":
        return tuple(dict.fromkeys(c for p in parses[:3] if p.tag.POS == "NOUN" and (c := _case(p.tag))))
    if rule:
        return (rule,)
    tags = [p.tag for p in parses]
    if {t.POS for t in tags} & _FUNCTION_POS or _verb_follows(after, lang) and _in_phrase(before[:m.start(1)], lang):
        return ()  # the word may be a function word (як: a conjunction or a noun), or the name is a subject
    tag = tags[0]
    if tag.POS == "NOUN" and not any(t.grammemes & {"Name", "Surn", "Patr", "Abbr", "Fixd"} for t in tags):
        if kind == "person" and not any(_case(t) in ("nomn", "accs") for t in tags):
            return ()  # end of a title phrase (міністр … уряду Джонсон): the person is in apposition
        return ("gent",)
    if tag.POS in ("ADJF", "PRTF") and _case(tag):
        return (_case(tag),)
    if tag.POS in ("VERB", "INFN") and "tran" in tag.grammemes:
        return ("accs",)
    return ()


def excludes_nominative(before: str, lang: str, kind: str) -> bool:
    """Certain that a name here cannot stay in the nominative: after a preposition, or after a
    noun that is itself in an oblique case (жителей Павлоград: genitive complement and apposition
    both need an oblique case)."""
    m = _WORD_BEFORE.search(before)
    if not m:
        return False
    word = norm_apostrophe(m.group(1).lower())
    if is_preposition(word, lang):
        return True
    if kind == "person":  # Президент Сполучених Штатів Трамп: a person after a title phrase is in apposition
        return False
    parses = morph_analyzer(lang).parse(word)
    return bool(parses) and all(p.tag.POS == "NOUN" and _case(p.tag) not in ("nomn", "accs") for p in parses)


def direct_address(before: str, after: str, lang: str) -> bool:
    """True when a name stands in direct address: after a word of address (``пане``), or at the
    start of a sentence and followed by a comma or an exclamation mark."""
    if not has_vocative(lang) or not _ADDRESS_END.match(after):
        return False
    m = _WORD_BEFORE.search(before)
    if m and _rule(lang, m.group(1).lower(), m.group(1).lower(), "person") == "voct":
        return True
    return bool(_SENTENCE_START.search(before))
