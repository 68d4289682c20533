"""Small text kernel shared by detection, segmentation, QA and the glossary: which script a word
is written in, the apostrophes names and words use, and length-preserving case folding.

Kept in one place because each copy used to disagree at the edges (one module counted the
Cyrillic Supplement block, another did not; one treated U+02BC as an apostrophe, another not).

>>> is_cyrillic("Харків"), is_cyrillic("Kharkiv"), script_of("Kyiv"), script_of("Київ")
(True, False, 'lat', 'cyr')
>>> norm_apostrophe("Слов’янськ"), fold("İstanbul") == "istanbul"
("Слов'янськ", True)
"""

from __future__ import annotations

import re

#: Every character used as an apostrophe inside words and after names: ASCII, right single
#: quotation mark (typographic), modifier letter apostrophe (Ukrainian orthography).
APOSTROPHES = "'’ʼ"
#: A regex character class of the apostrophes, for building word patterns.
APOSTROPHE_CLASS = "['’ʼ]"
_APOSTROPHE_RE = re.compile(APOSTROPHE_CLASS)


def is_cyrillic(text: str) -> bool:
    """True when ``text`` contains a Cyrillic letter (basic block and Supplement, U+0400-U+052F)."""
    return any("\u0400" <= c <= "\u052f" for c in text)


def script_of(text: str) -> str:
    """``"cyr"`` when ``text`` has a Cyrillic letter, else ``"lat"`` (the two scripts we translate)."""
    return "cyr" if is_cyrillic(text) else "lat"


def is_latin_letter(ch: str) -> bool:
    """A Latin letter (Basic Latin to Latin Extended-B, or Latin Extended Additional)."""
    return ch.isalpha() and (ch < "\u0250" or "\u1e00" <= ch <= "\u1eff")


def norm_apostrophe(text: str) -> str:
    """Every apostrophe as ASCII ``'`` (pymorphy3's Ukrainian dictionary spells Слов'янськ so)."""
    return _APOSTROPHE_RE.sub("'", text) if any(a in text for a in APOSTROPHES[1:]) else text


def split_apostrophe(text: str) -> tuple[str, str, str]:
    """``("Harkiv", "de", "'")`` for ``Harkiv'de``: the text before its last apostrophe, after it,
    and the apostrophe (a suffix follows the last one: ``Spider's Web'de``); ``(text, "", "'")``
    when there is none."""
    i = max(text.rfind(a) for a in APOSTROPHES)
    if i < 0:
        return text, "", "'"
    return text[:i], text[i + 1:], text[i]


def fold(text: str) -> str:
    """Lower-case char by char without changing the length (``'İ'.lower()`` has two chars), with
    dotted ``İ`` and dotless ``ı`` folded to ``i``, so offsets in the folded text are offsets in
    the original."""
    out = text.lower()
    if len(out) != len(text):
        out = "".join((c.lower() if len(c.lower()) == 1 else "i" if c == "İ" else c) for c in text)
    return out.replace("ı", "i")


def tr_lower(text: str) -> str:
    """Turkish lower case: ``I`` -> ``ı``, ``İ`` -> ``i``."""
    return text.replace("I", "ı").replace("İ", "i").lower()
