"""Glossary data model: entries with one rendering per language, and source-side matching.

A ``Glossary`` is immutable once built; what it derives lazily (automata, enforcement plans) is
built once under a lock, so one glossary can serve many threads (the service shares one). Matching uses one Aho-Corasick automaton per language
(``pyahocorasick``) over the lower-cased surface forms, so finding terms costs time proportional to
the text length, not to the number of entries (10,000 entries are as fast as 60).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, TypeVar

from l10n.data import read_lines
from l10n.glossary import surnames
from l10n.glossary.strategies import morphology
from l10n.text import APOSTROPHES, fold, script_of

T = TypeVar("T")
TYPES = ("person", "place", "org", "other")
GENDERS = ("m", "f", "n")


@dataclass(frozen=True)
class LangTerm:
    """How one language writes an entry: the required ``term`` and the ``variants`` to replace."""

    term: str
    variants: tuple[str, ...] = ()
    gender: str | None = None
    pronounce: str | None = None  # tr: how the stem is read, for suffix harmony (e.g. "Trump" -> "Tramp")
    note: str | None = None
    accept: tuple[str, ...] = ()  # other correct spellings: recognised, never replaced
    surname: str | None = None    # persons: the surname when it is not the last word (фон дер Ляєн)

    def surfaces(self) -> tuple[str, ...]:
        return (self.term, *self.accept, *self.variants)


@dataclass(frozen=True)
class Term:
    """One glossary entry (a concept): a person, place, organisation or other named thing."""

    id: str
    type: str
    langs: dict[str, LangTerm]
    dnt: bool = False
    note: str | None = None
    gender: str | None = None
    where: str | None = None  # "file:line" the entry came from, for error messages

    def lang(self, code: str) -> LangTerm | None:
        """The rendering in ``code``; do-not-translate entries fall back to the English term."""
        lt = self.langs.get(code)
        if lt is None and self.dnt and "en" in self.langs:
            return LangTerm(self.langs["en"].term)
        return lt

    def gender_in(self, code: str) -> str | None:
        lt = self.langs.get(code)
        return (lt.gender if lt and lt.gender else None) or self.gender


@dataclass(frozen=True)
class TermMatch:
    """A glossary term found in a text: ``text == source[start:end]`` (possessive 's excluded)."""

    term_id: str
    start: int
    end: int
    text: str
    possessive: bool = False
    surname_only: bool = False  # a person named by the surname alone (implied by a person entry)


@dataclass
class Glossary:
    """A set of entries, indexed for matching. Build with ``load_glossary`` or ``Glossary(terms)``."""

    terms: list[Term]
    sources: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_id: dict[str, Term] = {t.id: t for t in self.terms}
        self._automata: dict[str, object] = {}
        self._derived: dict[object, object] = {}
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self):
        return iter(self.terms)

    def get(self, term_id: str) -> Term:
        return self.by_id[term_id]

    # -- matching -------------------------------------------------------------------------
    def _surface_forms(self, lang: str, terms: Iterable[Term] | None = None) -> Iterable[tuple[str, str]]:
        """(surface form, term id) pairs to look for in text of ``lang``."""
        for t in self.terms if terms is None else terms:
            lt = t.lang(lang)
            if lt is None:
                continue
            for f in morphology(lang).source_forms(t, lt):
                yield f, t.id

    def derived(self, key: object, build: Callable[[], T]) -> T:
        """The value derived from this glossary for ``key``, built by ``build()`` on first use,
        exactly once even when several threads ask at the same time."""
        value = self._derived.get(key)
        if value is None:
            with self._lock:
                value = self._derived.get(key)
                if value is None:
                    value = self._derived[key] = build()
        return value  # type: ignore[return-value]

    def surname_entry(self, term_id: str) -> Term | None:
        """The surname-only entry the person ``term_id`` implies (see ``surnames``), or None."""
        return self.derived(("surname", term_id), lambda: surnames.surname_entry(self.by_id[term_id]) or False) or None

    def _automaton(self, lang: str):
        auto = self._automata.get(lang)
        if auto is None:
            with self._lock:
                auto = self._automata.get(lang)
                if auto is None:
                    auto = self._automata[lang] = self._build_automaton(lang)
        return auto

    def _build_automaton(self, lang: str):
        """Every spelling of every entry, then the surnames persons imply: only those one person
        implies and no entry writes in full (a shared surname is ambiguous: never matched)."""
        import ahocorasick
        auto = ahocorasick.Automaton()
        for form, tid in self._surface_forms(lang):
            key = fold(form.strip())
            if key and key not in auto:
                auto.add_word(key, (len(key), tid, False))
        owners: dict[str, set[str]] = {}
        implied = [s for s in (self.surname_entry(t.id) for t in self.terms) if s is not None]
        for form, tid in self._surface_forms(lang, implied):
            owners.setdefault(fold(form.strip()), set()).add(tid)
        for key, tids in owners.items():
            if key and len(tids) == 1 and key not in auto:
                auto.add_word(key, (len(key), tids.pop(), True))
        if len(auto):
            auto.make_automaton()
        return auto

    def find(self, text: str, lang: str, context: str | None = None) -> list[TermMatch]:
        """Find glossary terms in ``text``: case-insensitive, whole words, possessive-aware
        (``Kharkiv's``, ``Terekhov’s``; Turkish ``Harkiv'de``), longest match first, no overlaps.

        A person is also found by the surname alone (``surname_only``) when one person entry
        implies that surname and it is capitalised; a surname that is also an ordinary word and
        opens a sentence ("Fidan dikildi") counts only if ``text`` or ``context`` (the article,
        the batch) names the person in full.

        >>> from l10n.glossary import load_glossary, default_glossary_path
        >>> g = load_glossary(default_glossary_path())
        >>> [(m.term_id, m.text) for m in g.find("Kharkiv's mayor Ihor Terekhov", "en")]
        [('kharkiv', 'Kharkiv'), ('terekhov', 'Ihor Terekhov')]
        >>> [(m.term_id, m.text, m.surname_only) for m in g.find("He met Syrskyi.", "en")]
        [('syrskyi', 'Syrskyi', True)]
        """
        out = _scan(self._automaton(lang), text, lang)
        if not any(m.surname_only for m in out):
            return out
        named: set[str] | None = None
        keep = []
        for m in out:
            if m.surname_only and not text[m.start].isupper():
                continue  # fidan (a sapling), not Fidan
            if m.surname_only and _SENTENCE_START.search(text[:m.start]) and morphology(lang).common_word(m.text):
                if named is None:
                    named = {x.term_id for x in _scan(self._automaton(lang), f"{text}\n{context or ''}", lang)
                             if not x.surname_only}
                if m.term_id not in named:
                    continue
            keep.append(m)
        return keep


_SENTENCE_START = re.compile(r"(?:^|[.!?…:]\s+|[\"“„«(\[—–-]\s*|\n\s*)$")


def _scan(auto, text: str, lang: str) -> list[TermMatch]:
    """Whole-word, longest-first, non-overlapping matches of ``auto``'s keys in ``text``."""
    if not len(auto) or not text:
        return []
    folded = fold(text)
    n = len(text)
    cands: list[tuple[int, int, str, bool]] = []
    for end, (length, tid, surname) in auto.iter(folded):
        start = end - length + 1
        stop = end + 1
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue
        if stop < n and (text[stop].isalnum() or text[stop] == "_"):
            continue
        cands.append((start, stop, tid, surname))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    out: list[TermMatch] = []
    for start, stop, tid, surname in cands:
        if any(start < e and s < stop for s, e in taken):
            continue
        taken.append((start, stop))
        poss = stop < n and text[stop] in APOSTROPHES and lang == "en"
        out.append(TermMatch(tid, start, stop, text[start:stop], poss, surname))
    out.sort(key=lambda m: m.start)
    return out


@lru_cache(maxsize=None)
def _name_context(lang: str) -> frozenset[str]:
    try:
        lines = read_lines("l10n.glossary", f"{lang}_name_context.txt")
    except FileNotFoundError:
        return frozenset()
    return frozenset(w for line in lines for w in line.split())


def part_of_longer_name(source: str, m: TermMatch, lang: str = "en") -> bool:
    """True when a match is only part of another name: a capitalised neighbour that is not a
    title, function word, month or day (``George Washington``, ``Washington Examiner``). Only
    for source languages with a ``<lang>_name_context.txt`` list of such words."""
    ctx = _name_context(lang)
    if not ctx or script_of(m.text) != "lat":
        return False
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
