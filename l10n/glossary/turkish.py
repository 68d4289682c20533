"""Turkish proper-noun suffixes: re-attach the case/possessive suffixes MT put after a wrong stem
to the glossary stem, by vowel harmony and consonant assimilation.

Turkish writes suffixes on proper nouns after an apostrophe (``Harkiv'de``). When the stem changes
(``Harkov`` -> ``Harkiv``) the suffix must follow the new stem's last vowel (``'da`` -> ``'de``),
its final sound (``'de`` after voiced, ``'te`` after f s t k ç ş h p), and whether it ends in a
vowel (buffer consonants: ``Odesa'ya`` / ``Harkiv'e``, ``Odesa'nın`` / ``Harkiv'in``). Proper nouns
keep their stem after the apostrophe, so k -> ğ softening never applies.
"""

from __future__ import annotations

import re
from functools import lru_cache

from l10n.data import read_lines, read_table
from l10n.text import APOSTROPHES, tr_lower  # noqa: F401 - re-exported for callers

VOWELS = "aeıioöuüâîû"
BACK = set("aıouâû")
ROUNDED = set("oöuüû")
VOICELESS = set("fstkçşhp")


def fold(text: str) -> str:
    """Loose key for recognising spellings: case- and dot-insensitive (Igor = İgor = igor)."""
    return tr_lower(text).replace("ı", "i").replace("̇", "")


@lru_cache(maxsize=1)
def _letters() -> dict[str, str]:
    return {k: v for k, v in read_table("l10n.glossary", "tr_letters.tsv")}


@lru_cache(maxsize=1)
def suffix_chains() -> frozenset[str]:
    """Every concrete spelling of the inflectional chains in ``data/tr_suffixes.txt``."""
    import itertools
    choices = {"A": "ae", "I": "ıiuü", "D": "dt", "C": "cç"}
    out: set[str] = set()
    for line in read_lines("l10n.glossary", "tr_suffixes.txt"):
        line = line.strip()
        parts = re.findall(r"\([yns]\)|[A-Za-zçğışöü]", line)
        options = []
        for p in parts:
            if p.startswith("("):
                options.append(("", p[1]))
            else:
                options.append(tuple(choices.get(p, p)))
        for combo in itertools.product(*options):
            out.add("".join(combo))
    return frozenset(out)


def reading(stem: str, pronounce: str | None = None) -> str:
    """The pronounced form of a stem's end: an explicit reading, letter names for an acronym
    that cannot be read as a word (ABD -> abede), else the spelling."""
    if pronounce:
        return tr_lower(pronounce)
    word = stem.split()[-1] if stem.split() else stem
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        tail = tr_lower("".join(letters[-2:]))
        if not any(v in VOWELS for v in tr_lower("".join(letters))) or not any(v in VOWELS for v in tail):
            return "".join(_letters().get(c, tr_lower(c)) for c in letters)
    return tr_lower(word)


def _last_vowel(text: str) -> str:
    for c in reversed(text):
        if c in VOWELS:
            return {"â": "a", "î": "i", "û": "u"}.get(c, c)
    return "e"


def harmonize(suffix: str, stem: str, pronounce: str | None = None) -> str:
    """Rewrite ``suffix`` (the part after the apostrophe) for ``stem``.

    >>> harmonize("da", "Harkiv"), harmonize("den", "Kyiv"), harmonize("ya", "Odesa")
    ('de', 'den', 'ya')
    >>> harmonize("e", "Odesa"), harmonize("nın", "Harkiv"), harmonize("daki", "Harkiv")
    ('ya', 'in', 'deki')
    >>> harmonize("de", "Bahmut"), harmonize("un", "Terehov"), harmonize("in", "Terehov")
    ('ta', 'un', 'un')
    """
    read = reading(stem, pronounce)
    if not suffix:
        return suffix
    lower = tr_lower(suffix)
    ends_vowel = read[-1] in VOWELS
    body = lower
    buffer = ""
    if len(body) >= 2 and body[0] in "yns" and body[1] in VOWELS:
        buffer, body = body[0], body[1:]
    elif re.match(r"yl[ae](?!r)", body):
        buffer, body = "y", body[1:]
    if ends_vowel:
        if body[0] in VOWELS:
            if not buffer:
                buffer = "n" if re.match(r"[ıiuü]n", body) else "y"
        elif re.match(r"l[ae](?!r)", body) and not buffer:
            buffer = "y"  # instrumental -(y)lA
    else:
        if buffer == "y" and re.match(r"l[ae](?!r)", body):
            buffer = ""
        elif buffer and body[0] in VOWELS:
            buffer = ""
    out = []
    prev_vowel = _last_vowel(read)
    prev_char = read[-1]
    text = buffer + body
    i = 0
    while i < len(text):
        c = text[i]
        if c in "ae":
            c = "a" if prev_vowel in BACK else "e"
        elif c in "ıiuü":
            if i >= 1 and text[i - 1] == "k" and i >= 2 and text[i - 2] in "ae" + "n":
                c = "i"  # the invariant -ki (Harkiv'deki, Moskova'daki)
            else:
                back, rounded = prev_vowel in BACK, prev_vowel in ROUNDED
                c = ("u" if rounded else "ı") if back else ("ü" if rounded else "i")
        elif c in "dt" and (i == 0 or text[i - 1] not in VOWELS):
            c = "t" if prev_char in VOICELESS else "d"
        elif c in "cç" and (i == 0 or text[i - 1] not in VOWELS):
            c = "ç" if prev_char in VOICELESS else "c"
        if c in VOWELS:
            prev_vowel = c
        out.append(c)
        prev_char = c
        i += 1
    result = "".join(out)
    if suffix.isupper():
        return result.upper().replace("i", "İ")
    return result
