"""Surname-only mentions: news names a person in full once, then by surname ("Fidan noted").

A person entry implies a surname entry: in each language the ``surname:`` field of that
language when given (compound or transliterated surnames: ``фон дер Ляєн``, ``Kim``), else the
last word of the term; the variants' and accepted spellings' words at the same positions become
the surname's variants and accepted spellings. The surname inflects as the person's gender
requires (a woman's «Захарова» declines as feminine: «Захаровой»).

A surname two person entries share is ambiguous: ``collisions`` reports it (``l10n glossary
check`` warns, naming both) and it is never matched on its own. A surname that is also written
as another entry (a place, or an explicit surname entry) belongs to that entry.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Iterable

from l10n.text import fold

if TYPE_CHECKING:  # the entry classes are only built by copying (dataclasses.replace)
    from l10n.glossary.model import LangTerm, Term

__all__ = ["collisions", "surname_entry", "surname_entries"]


def _positions(term: str, surname: str) -> tuple[int, int] | None:
    """Where the surname's words stand among the term's words (start, count), if they do."""
    words, sur = term.split(), surname.split()
    for i in range(len(words) - len(sur) + 1):
        if [fold(w) for w in words[i:i + len(sur)]] == [fold(w) for w in sur]:
            return i, len(sur)
    return None


def _same_place(spellings: Iterable[str], term: str, pos: tuple[int, int] | None) -> tuple[str, ...]:
    out = []
    n = len(term.split())
    for s in spellings:
        words = s.split()
        if pos is not None and len(words) == n:
            out.append(" ".join(words[pos[0]:pos[0] + pos[1]]))
        elif pos is not None and pos[0] + pos[1] == n and len(words) >= pos[1]:
            out.append(" ".join(words[-pos[1]:]))  # the surname ends the name: take as many last words
    return tuple(dict.fromkeys(o for o in out if o))


def surname_entry(term: Term) -> Term | None:
    """The surname-only entry a person entry implies (same id), or None (not a person, do not
    translate, or some language writes the name as one word already)."""
    if term.type != "person" or term.dnt:
        return None
    langs: dict[str, LangTerm] = {}
    for code, lt in term.langs.items():
        words = lt.term.split()
        surname = lt.surname or (words[-1] if len(words) >= 2 else None)
        if surname is None or fold(surname) == fold(lt.term):
            return None
        pos = _positions(lt.term, surname)
        variants = tuple(v for v in _same_place(lt.variants, lt.term, pos) if fold(v) != fold(surname))
        accept = tuple(a for a in _same_place(lt.accept, lt.term, pos) if fold(a) != fold(surname))
        variants = tuple(v for v in variants if fold(v) not in {fold(a) for a in accept})
        langs[code] = replace(lt, term=surname, variants=variants, accept=accept, surname=None)
    return replace(term, langs=langs)


def surname_entries(terms: Iterable[Term]) -> list[Term]:
    return [s for s in (surname_entry(t) for t in terms) if s is not None]


def collisions(terms: list[Term]) -> list[tuple[str, str, list[str]]]:
    """(language, surname as written, [entry ids]) for every surname two or more person entries
    imply."""
    out = []
    implied = surname_entries(terms)
    for lang in sorted({code for t in terms for code in t.langs}):
        owners: dict[str, tuple[str, list[str]]] = {}
        for s in implied:
            lt = s.langs.get(lang)
            if lt is not None:
                owners.setdefault(fold(lt.term), (lt.term, []))[1].append(s.id)
        out += [(lang, written, ids) for written, ids in owners.values() if len(ids) > 1]
    return out
