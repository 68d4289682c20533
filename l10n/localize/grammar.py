"""The sentence around a re-rendered value: punctuation kept, Turkish suffixes re-harmonised.

A rewrite replaces a span of the MT text; the grammar the sentence built around the old span
must survive it:

* **sentence punctuation** — «о 7:30 p.m.» ends the sentence with the abbreviation's period;
  «о 19:30» must still end with one;
* **Turkish case suffixes** follow the value *as read aloud*, not as written: «19:30'da» («on
  dokuz otuz» ends in *otuz*), «2023'te» (*üç*), «%40'a» (*kırk*), «17.000 dolara» (a common
  noun takes the suffix without an apostrophe). The last spoken word of a number comes from the
  number-name table in ``data/tr.yaml`` (``spoken``); harmony and consonant assimilation are
  ``l10n.glossary.turkish.harmonize``, the rules the glossary uses for names.

>>> spoken_last_word("19:30"), spoken_last_word("%12,4"), spoken_last_word("2023"), spoken_last_word("17.000")
('otuz', 'dört', 'üç', 'bin')
>>> reattach("7:30 p.m.'de", "19:30"), reattach("%40'ı", "%40"), reattach("$17,000'a", "17.000 dolar")
("19:30'da", "%40'ı", '17.000 dolara')
"""

from __future__ import annotations

import re

from l10n.glossary.turkish import APOSTROPHES, harmonize
from l10n.localize.vocab import raw_data

_SUFFIX = re.compile(r"[" + APOSTROPHES + r"]([a-zçğıöşü]+)$")
_SUFFIX_AFTER = re.compile(r"[" + APOSTROPHES + r"]([a-zçğıöşü]+)(?![^\W\d_])")
_TRAILING_NUMBER = re.compile(r"(\d[\d.,:\u00a0]*)\D*$")
_LAST_WORD = re.compile(r"([^\W\d_]+)$")


def spoken_last_word(text: str) -> str:
    """The last word of ``text`` (a rendered Turkish value) read aloud: a word, or a number's name."""
    word = _LAST_WORD.search(text)
    if word:
        return word.group(1)
    num = _TRAILING_NUMBER.search(text)
    if not num:
        return text
    token = num.group(1).rstrip(".,:\u00a0")
    if ":" in token:  # 19:30 -> «on dokuz otuz»; 19:00 -> «on dokuz»
        hours, minutes = token.rsplit(":", 1)
        return number_last_word(int(minutes) if int(minutes) else int(hours.replace(".", "") or 0))
    if "," in token:  # decimals are read as a number after «virgül»: 12,4 -> «… virgül dört»
        frac = token.rsplit(",", 1)[1]
        return number_last_word(int(frac)) if frac.strip("0") else _spoken()["zero"]
    return number_last_word(int(re.sub(r"\D", "", token)))


def number_last_word(n: int) -> str:
    """The last word of the Turkish name of ``n`` (17000 -> «on yedi bin» -> «bin»)."""
    names = _spoken()
    if n == 0:
        return names["zero"]
    if n % 10:
        return names["ones"][n % 10 - 1]
    if n % 100:
        return names["tens"][n % 100 // 10 - 1]
    if n % 1000:
        return names["hundred"]
    scale = 0
    while n % 1000 == 0:
        n //= 1000
        scale += 1
    return names["scales"][min(scale, len(names["scales"])) - 1]


def _spoken() -> dict:
    return raw_data("tr")["spoken"]


def suffix_of(target: str, start: int, end: int) -> tuple[str, int]:
    """The Turkish case suffix of the value at ``target[start:end]`` and where the value then ends.

    The suffix may be inside the span («%40'a») or right after it («7:30 p.m.'de»)."""
    inside = _SUFFIX.search(target, start, end)
    if inside:
        return inside.group(1), end
    after = _SUFFIX_AFTER.match(target, end)
    if after:
        return after.group(1), after.end()
    return "", end


def reattach(old: str, new: str) -> str:
    """``new`` (a bare rendering) with the suffix ``old`` carried, re-harmonised to ``new`` read aloud.

    After digits, «%» or a capitalised (proper) word the suffix takes an apostrophe; a common noun
    («dolar», «milyon») takes it directly."""
    suffix = (_SUFFIX.search(old) or _SUFFIX_AFTER.search(old))
    if not suffix:
        return new
    core = _SUFFIX.sub("", new)
    last = spoken_last_word(core)
    fitted = harmonize(suffix.group(1), core, pronounce=last)
    glued = core[-1:].isalpha() and core[-1:].islower() and _LAST_WORD.search(core) is not None \
        and not core[_LAST_WORD.search(core).start():][:1].isupper()
    return core + fitted if glued else core + "'" + fitted


def keep_sentence_end(target: str, end: int, old: str, new: str) -> str:
    """Keep the sentence's full stop that the old span carried («… 7:30 p.m.» -> «… 19:30.»)."""
    if not old.endswith(".") or new.endswith("."):
        return new
    rest = target[end:]
    if not rest.strip() or re.match(r"\s*[\"'»”)\]]*\s*(?:$|[A-ZА-ЯЁІЇЄҐÇĞİÖŞÜ])", rest):
        return new + "."
    return new
