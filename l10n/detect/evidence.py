"""Rule evidence for language identification: script, letters, function words, endings, dictionaries.

A statistical detector (character n-grams) is good on sentences and weak on one or two words,
where it mostly sees ambiguous n-grams. Orthography is not ambiguous: Ukrainian writes і ї є ґ and
an apostrophe inside words, Russian writes ы э ъ ё; Turkish writes ç ğ ı ş ö ü, English writes
q w x, which Turkish lacks. Those facts, plus frequent function words, typical endings and — for
Ukrainian vs Russian — membership in the pymorphy3 dictionaries, give log-odds that are added to the
statistical detector's log-probabilities. All tables live in ``data/``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from l10n.data import morph_analyzer, read_table
from l10n.text import APOSTROPHE_CLASS, is_cyrillic, is_latin_letter, split_apostrophe

#: Writing system of each supported language; detection first picks the script, then the language.
SCRIPT: dict[str, str] = {"en": "latin", "tr": "latin", "uk": "cyrillic", "ru": "cyrillic"}

#: A word: letters, possibly joined by apostrophes (пам'ять, Ankara'da, don't).
WORD_RE = re.compile(rf"[^\W\d_]+(?:{APOSTROPHE_CLASS}[^\W\d_]+)*")

#: Log-odds for a word found in one language's function-word list and not in the other's.
FUNCTION_WORD_WEIGHT = 2.0
#: Log-odds for a word the pymorphy3 dictionary of one language knows and the other's does not.
DICTIONARY_WEIGHT = 5.0


def _data_lines(name: str) -> list[list[str]]:
    return read_table("l10n.detect", name)


@dataclass(frozen=True)
class Tables:
    letters: dict[str, tuple[tuple[frozenset[str], float], ...]]
    words: dict[str, frozenset[str]]
    suffixes: dict[str, dict[str, float]]
    max_suffix: int
    apostrophe: dict[str, dict[str, float]]


@cache
def tables() -> Tables:
    """Load the data files once (immutable afterwards, so safe to share between threads)."""
    letters: dict[str, list[tuple[frozenset[str], float]]] = {}
    for lang, chars, weight in _data_lines("letters.tsv"):
        letters.setdefault(lang, []).append((frozenset(chars), float(weight)))
    words = {}
    for lang in SCRIPT:
        words[lang] = frozenset(row[0].strip().lower() for row in _data_lines(f"words/{lang}.txt"))
    suffixes: dict[str, dict[str, float]] = {}
    for lang, ending, weight in _data_lines("suffixes.tsv"):
        suffixes.setdefault(lang, {})[ending] = float(weight)
    max_suffix = max((len(e) for table in suffixes.values() for e in table), default=0)
    apostrophe: dict[str, dict[str, float]] = {}
    for lang, tail, weight in _data_lines("apostrophe.tsv"):
        apostrophe.setdefault(lang, {})[tail] = float(weight)
    return Tables({k: tuple(v) for k, v in letters.items()}, words, suffixes, max_suffix, apostrophe)


def script_counts(text: str) -> tuple[int, int, int]:
    """Count (Latin, Cyrillic, all) letters in ``text``."""
    latin = cyrillic = total = 0
    for ch in text:
        if ch.isalpha():
            total += 1
            if is_latin_letter(ch):
                latin += 1
            elif is_cyrillic(ch):
                cyrillic += 1
    return latin, cyrillic, total


# --- dictionaries (pymorphy3, already a dependency of the glossary) --------------------------
def _analyzer(lang: str):
    """The shared pymorphy3 analyzer for ``lang`` (``l10n.data``); ``None`` if not installed."""
    try:
        return morph_analyzer(lang)
    except Exception:  # package or its dictionary missing: no dictionary evidence
        return None


@lru_cache(maxsize=200_000)
def _known(lang: str, word: str) -> bool:
    analyzer = _analyzer(lang)
    return bool(analyzer is not None and analyzer.word_is_known(word))


_DICTIONARY_LANGS = ("uk", "ru")


def word_evidence(word: str, pool: Sequence[str]) -> dict[str, float]:
    """Log-odds for each language in ``pool`` (languages of one script) from one word."""
    t = tables()
    lower = word.lower()
    scores = dict.fromkeys(pool, 0.0)
    for lang in pool:
        for chars, weight in t.letters.get(lang, ()):
            if not chars.isdisjoint(word):
                scores[lang] += weight
    # Function words: only when the word is in some but not all of the pool's lists.
    owners = [lang for lang in pool if lower in t.words.get(lang, ())]
    if owners and len(owners) < len(pool):
        for lang in owners:
            scores[lang] += FUNCTION_WORD_WEIGHT
    # Apostrophe inside a word: a Turkish suffix after a name, or an English contraction/possessive.
    stem, tail, _ = split_apostrophe(lower)
    if stem != lower:
        for lang in pool:
            scores[lang] += t.apostrophe.get(lang, {}).get(tail, 0.0)
    # Typical endings: the longest ending listed for any pool language decides, once.
    for n in range(min(t.max_suffix, len(lower) - 2), 0, -1):
        ending = lower[-n:]
        hits = [(lang, t.suffixes[lang][ending]) for lang in pool if ending in t.suffixes.get(lang, {})]
        if hits:
            for lang, weight in hits:
                scores[lang] += weight
            break
    # Dictionaries: Ukrainian vs Russian.
    if all(lang in pool for lang in _DICTIONARY_LANGS) and len(lower) >= 2:
        key = lower.replace("’", "'").replace("ʼ", "'")
        known = [lang for lang in _DICTIONARY_LANGS if _known(lang, key)]
        if len(known) == 1:
            scores[known[0]] += DICTIONARY_WEIGHT
    return scores


def text_evidence(words: Sequence[str], pool: Sequence[str]) -> dict[str, float]:
    """Sum of :func:`word_evidence` over the words of one text."""
    total = dict.fromkeys(pool, 0.0)
    for word in words:
        for lang, value in word_evidence(word, pool).items():
            total[lang] += value
    return total
