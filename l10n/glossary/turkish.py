"""The Morphology strategy for Turkish: re-attach the case/possessive suffixes MT put after a
wrong stem to the glossary stem, by vowel harmony and consonant assimilation.

Turkish writes suffixes on proper nouns after an apostrophe (``Harkiv'de``). When the stem changes
(``Harkov`` -> ``Harkiv``) the suffix must follow the new stem's last vowel (``'da`` -> ``'de``),
its final sound (``'de`` after voiced, ``'te`` after f s t k ç ş h p), and whether it ends in a
vowel (buffer consonants: ``Odesa'ya`` / ``Harkiv'e``, ``Odesa'nın`` / ``Harkiv'in``). Proper nouns
keep their stem after the apostrophe, so k -> ğ softening never applies to the stem.

Words are split so that an apostrophe INSIDE a name stays part of it (``Spider's Web
Operasyonu'nun``, ``O'Neill'in``): a token is looked up whole first, then as stem + the suffix
after its last apostrophe, then as a stem with a suffix chain glued on (``Harkovda``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from l10n.data import read_lines, read_table
from l10n.document import Flag
from l10n.glossary.morphology import Hit, Morphology, Reading
from l10n.glossary.translit import to_target
from l10n.text import APOSTROPHES, norm_apostrophe, script_of, split_apostrophe, tr_lower

_WORD_TR = re.compile(rf"[^\W_]+(?:[-{APOSTROPHES}][^\W_]+)*")

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
    if len(letters) >= 2 and all(c.isupper() for c in letters) and not _pronounceable(tr_lower("".join(letters))):
        return "".join(_letters().get(c, tr_lower(c)) for c in letters)
    return tr_lower(word)


def _pronounceable(word: str) -> bool:
    """Whether an acronym is read as a word (NATO, NASA, IŞİD) rather than letter by letter (SBU
    se-be-u, AB a-be, CHP ce-ha-pe): three letters or more, a vowel, and no consonant cluster at
    either end or three in a row.

    >>> [_pronounceable(w) for w in ("nato", "ışid", "sbu", "ab", "abd", "chp")]
    [True, True, False, False, False, False]
    """
    shape = "".join("v" if c in VOWELS else "c" for c in word)
    return len(word) >= 3 and "v" in shape and not shape.startswith("cc") and not shape.endswith("cc") \
        and "ccc" not in shape


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


class TurkishMorphology(Morphology):
    """Turkish target: names do not change; the suffixes after them follow the stem's sounds."""

    def tokens(self, text: str) -> list[re.Match]:
        return list(_WORD_TR.finditer(text))

    def word_key(self, word: str) -> str:
        return fold(norm_apostrophe(word))

    def readings(self, token: str) -> tuple[Reading, ...]:
        out = [Reading(self.word_key(token))]
        stem, suffix, mark = split_apostrophe(token)
        if stem != token:  # the suffix follows the last apostrophe
            out.append(Reading(self.word_key(stem), suffix, mark))
        else:  # Harkovda: a stem + an inflectional chain written without the apostrophe
            chains = suffix_chains()
            for cut in range(2, len(token) - 1):
                if tr_lower(token[cut:]) in chains:
                    out.append(Reading(self.word_key(token[:cut]), token[cut:], "'", glued=True))
        return tuple(out)

    def respellings(self, surface: str, lang: str) -> list[str]:
        t = to_target(surface, lang, "tr")
        return [t] if t else []

    def render(self, hit: Hit, term, target: str, source: str) -> tuple[str | None, Flag | None]:
        lt = term.lang("tr")
        before = target[hit.start:hit.end]
        exact = hit.cand.exact
        if exact:  # matching ignores dots (Igor = İgor); the result must not
            stem_text = before[:len(before) - len(hit.suffix) - (0 if hit.glued else 1)] if hit.suffix else before
            spelled = {tr_lower(" ".join(self._words(x))) for x in (lt.term, *lt.accept)}
            exact = tr_lower(" ".join(self._words(stem_text))) in spelled
        if exact and hit.suffix:  # the glossary stem: the suffix must still follow its sounds (NATO'nun)
            stem_text = before[:len(before) - len(hit.suffix) - (0 if hit.glued else 1)]
            suf = harmonize(hit.suffix if not before.isupper() else hit.suffix.upper(), stem_text, lt.pronounce)
            suf = hit.suffix if tr_lower(suf) == tr_lower(hit.suffix) else suf
            if hit.glued or suf != hit.suffix:  # Harkivde -> Harkiv'de: proper nouns take an apostrophe
                return f"{stem_text}{hit.apostrophe}{suf}", None
        if exact:
            return None, None
        stem = " ".join(self.term_words(term, hit))
        if not hit.suffix:
            return stem, None
        suf = harmonize(hit.suffix if not before.isupper() else hit.suffix.upper(), stem, lt.pronounce)
        if tr_lower(suf) == tr_lower(hit.suffix):
            suf = hit.suffix  # keep MT's own capitalisation
        return f"{stem}{hit.apostrophe}{suf}", None

    def _words(self, text: str) -> list[str]:
        return [m.group() for m in _WORD_TR.finditer(text)]

    def term_words(self, term, hit: Hit) -> list[str]:
        words = self._words(term.lang("tr").term)
        return words[-1:] if hit.cand.partial else words

    def derived(self, term, keys: list[str]) -> bool:
        """Harkivli, Kyivliler: -lI "from" makes a new word, written without apostrophe."""
        if term.type != "place":
            return False
        stems = [fold(s) for s in (term.lang("tr").term, *term.lang("tr").accept)]
        return any(k.startswith(stem) and re.match(r"l[ıiuü]", k[len(stem):]) for k in keys for stem in stems)

    def foreign_name(self, hit: Hit, target: str, source: str, spans: list[tuple[int, int]]) -> bool:
        """A Latin spelling inside a longer name MT kept (``London Gazette'de``): the source's
        neighbouring capitalised word is repeated next to it."""
        if script_of(" ".join(hit.cand.words)) != "lat":
            return False
        for start, end in spans:
            nxt = re.match(r"\s+([A-Z]\w*)", source[end:])
            nxt_t = re.match(r"\s+(\w+)", target[hit.end:])
            if nxt and nxt_t and fold(nxt_t.group(1)).startswith(fold(nxt.group(1))):
                return True
            prv = re.search(r"([A-Z]\w*)\s+$", source[:start])
            prv_t = re.search(r"(\w+)\s+$", target[:hit.start])
            if prv and prv_t and fold(prv_t.group(1)) == fold(prv.group(1)):
                return True
        return False
