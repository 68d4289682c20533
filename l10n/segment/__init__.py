"""Rule-based sentence segmentation for news text in English, Ukrainian, Russian and Turkish.

``split_sentences(text, lang) -> list[Sentence]``: each ``Sentence`` has ``start``/``end`` offsets
into ``text`` and ``text == original[start:end]`` with surrounding whitespace excluded. Whitespace
between sentences belongs to no sentence, so the original can be rebuilt exactly.

How it works (and why it is fast): one compiled regular expression finds *candidate* boundaries
(terminal punctuation, optional closing quotes/brackets, then whitespace); each candidate is then
accepted or rejected by cheap checks on the word before it (abbreviation classes, initials, numbers)
and the word after it (its case, whether it is a sentence starter). Blank lines, list items and
lines ending in terminal punctuation add boundaries of their own. No step looks further back than a
few words, so the work is linear in the length of the text. Language data (abbreviations, starter
words) lives in ``l10n/segment/data/<lang>.txt``; see ``docs/segmentation.md``.

>>> [s.text for s in split_sentences("Dr. Smith left at 5 p.m. on Friday. He did not return.")]
['Dr. Smith left at 5 p.m. on Friday.', 'He did not return.']
>>> [s.text for s in split_sentences("Ми живемо в м. Київ. Тут гарно.", "uk")]
['Ми живемо в м. Київ.', 'Тут гарно.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from l10n.errors import UnknownLanguage
from l10n.languages import normalize_lang
from l10n.segment.rules import MAY, NEVER, NUMBER, STARTER, LangRules, load_rules
from l10n.text import is_cyrillic

__all__ = ["Sentence", "split_sentences"]


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


_OPENERS = "\"'“‘«„‚([{¿¡"
_DASHES = "-–—"
_BULLETS = "•▪◦‣⁃●■"

# A candidate: terminal punctuation (a spaced ". . ." ellipsis, or a run of . ! ? …), then closing
# quotes/brackets possibly followed by more terminals ("?»."), then whitespace or the end.
_CANDIDATE = re.compile(
    r"(?P<term>\.(?:[ \u00a0]\.){2,}"                        # . . .
    r"|[!?‼⁇⁈⁉](?:[ ]?[!?‼⁇⁈⁉])*(?:[ ]?(?:\.(?:[ ]?\.){2,}|…))?"  # ?! ? ? ?  Happy! . . .
    r"|[.!?…‼⁇⁈⁉]+)"
    r"(?P<close>(?:[\"'”’»“‘)\]}›]+[.!?…]*|[ ]?\[\d{1,3}\])*)"   # closers, citations "[1]"
    r"(?P<smiley>(?:[ \t]+[:;=][-']?[()DPpO3/|\\*\]\[])*)"   # "Great visit! :)" keeps its smiley
    r"(?=\s|$)"
)
# What follows a candidate: whitespace, opening quotes/brackets, then the next word.
_AFTER = re.compile(r"(?P<ws>\s*)(?P<open>[\"'“‘«„‚(\[{¿¡]*)(?P<word>[^\W_]*)")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
# Enumerators: "1." "1)" "1.)" "a." "b)" at the text start, a line start or after whitespace.
_ENUM = re.compile(r"(?:^|(?<=\s))(?P<n>\d{1,3}|[a-zA-Z])(?P<style>\.\)|\)|\.)(?=[ \t\u00a0])")
_LINE_ITEM = re.compile(
    r"\n[^\S\n]*(?=(?:[" + _BULLETS + r"*]|[-–—](?=\s)|(?:\d{1,3}|[a-zA-Z])(?:\.\)|\)|\.)\s))")
_BULLET = re.compile(r"(?<=\s)[" + _BULLETS + r"]")
_BULLET_NUMBER = re.compile(r"[" + _BULLETS + r"]\s*\d{1,3}\.")
_NUMERIC = re.compile(r"[$€£₴₽]?\d[\d.,:/%°\u00a0-]*")
_ROMAN = re.compile(r"[IVXLC]{2,}")
_LETTER_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")  # "L", "L.N", "U.S"


def split_sentences(text: str, lang: str = "en") -> list[Sentence]:
    """Split a paragraph (or several, separated by blank lines) into sentences with offsets.

    ``lang`` selects the abbreviation data; an unknown code falls back to the generic rules.
    """
    if not text or text.isspace():
        return []
    rules = _rules_for(lang)
    forced, protected = _structural_boundaries(text)
    caseless = text.lower() == text       # "i will call you. see you": case is no evidence here
    cuts: list[int] = []
    start = 0            # start of the sentence being built
    fi = 0               # next forced boundary to merge in
    for m in _CANDIDATE.finditer(text):
        t0 = m.start()
        while fi < len(forced) and forced[fi] <= t0:
            cuts.append(forced[fi])
            start = forced[fi]
            fi += 1
        if t0 in protected:
            continue
        cut = _decide(text, m, start, rules, caseless)
        if cut is not None and cut > start:
            cuts.append(cut)
            start = cut
    cuts.extend(forced[fi:])
    return _build(text, cuts)


@lru_cache(maxsize=64)
def _rules_for(lang: str) -> LangRules:
    """Rules for a language code in any accepted spelling ("UK", "uk-UA"); generic if unknown."""
    try:
        return load_rules(normalize_lang(lang))
    except (UnknownLanguage, AttributeError):
        return load_rules("generic")


def _structural_boundaries(text: str) -> tuple[list[int], set[int]]:
    """Boundaries that come from layout (blank lines, list items) and periods of list markers."""
    forced: list[int] = []
    protected: set[int] = set()
    if "\n" in text:
        forced.extend(m.start() for m in _BLANK_LINE.finditer(text))
        forced.extend(m.start() for m in _LINE_ITEM.finditer(text))
    for m in _BULLET.finditer(text):
        forced.append(m.start())
    for m in _BULLET_NUMBER.finditer(text):
        protected.add(m.end() - 1)
    _enumerations(text, forced, protected)
    return sorted(set(forced)), protected


def _enumerations(text: str, forced: list[int], protected: set[int]) -> None:
    """Inline lists "1. a 2. b" / "a) x b) y": a marker at a text or line start and its successors.

    Only a sequence that starts at the beginning of the text or of a line and counts up by one in
    the same style is taken as a list, so "aged 2. The" or "1)рыбу 2)соль" are left alone.
    """
    first = _ENUM.match(text.lstrip())
    if first is None and "\n" not in text:
        return
    expected: tuple[str, str] | None = None
    for m in _ENUM.finditer(text):
        n, style = m.group("n"), m.group("style")
        pos = m.start()
        j = pos - 1
        while j >= 0 and text[j] in " \t\u00a0":
            j -= 1
        line_start = j < 0 or text[j] == "\n"
        if expected is not None and (n, style) == expected:
            forced.append(pos)
        elif not line_start:
            continue
        if style.startswith("."):
            protected.add(m.start("style"))
        expected = (_successor(n), style)


def _successor(n: str) -> str:
    if n.isdigit():
        return str(int(n) + 1)
    return chr(ord(n) + 1)


def _decide(text: str, m: re.Match[str], start: int, rules: LangRules, caseless: bool) -> int | None:
    """Return the end offset of a sentence at candidate ``m``, or ``None`` if it is no boundary."""
    end = m.end()
    after = _AFTER.match(text, end)
    if after.end("ws") == len(text):
        return end
    term, close = m.group("term"), m.group("close")
    t0 = m.start()
    before = text[t0 - 1] if t0 else ""
    if before in "([":                       # "(!)", "[...]": an aside or omission mark
        return None
    ws = after.group("ws")
    word = after.group("word")
    nxt = text[after.end("ws")]
    first = text[after.end("open")] if after.end("open") < len(text) else ""
    kind = _kind(first)
    if caseless and kind == "lower" and not _abbreviation_class(text, t0, rules):
        kind = "upper"
    if "\n" in ws:                           # line ends in terminal punctuation: a boundary
        if term == "." and not close and _abbreviation_class(text, t0, rules) == NEVER:
            return None
        return end
    if nxt in _DASHES or kind == "dash":
        # «Готова? – спросила мама. – Завтра…»: inside a quotation a dash resumes the same speech;
        # outside one it opens a new line of dialogue ("Umutluydum. - Kızı al").
        return None if _inside_quote(text, start, t0) else end

    if not close and _inside_parentheses(text, start, t0, end):
        return None                          # "(09:19 p.m. GMT Friday)": an aside does not split
    if not close and _attributed_quote(text, start, end):
        return None                          # “We won. We will rebuild,” the minister said.
    dots = term.count(".")
    if "…" in term or dots >= 3:
        if term[0] == "." and " " in term and before and not before.isspace():
            # "compounds. . . . The": the word's own period ends it, the ellipsis opens the next
            return t0 + 1 if kind == "upper" else None
        if kind != "upper":
            return None
        if dots < 4 and word in rules.nocase:   # "the thing is . . . I didn't": no evidence
            return None
        return end

    if "?" in term and not close:            # a question ends even before a lower-case word
        return end
    if "?" in term or "!" in term or "‼" in term:
        return None if kind == "lower" else end

    # A single period, possibly followed by closing quotes or brackets.
    if close:
        return end if kind in ("upper", "digit", "other") else None
    if kind == "lower":
        return end if _plain_word_before(text, t0, rules) else None
    return end if _period_ends(text, t0, start, word, kind, rules) else None


def _plain_word_before(text: str, t0: int, rules: LangRules) -> bool:
    """A long ordinary word before the period (no abbreviation): web text's "finished. i need"."""
    n = rules.lowercase_start_after
    if not n or t0 < n:
        return False
    token = text[max(0, t0 - 40):t0].rsplit(None, 1)[-1] if not text[t0 - 1].isspace() else ""
    token = token.lstrip(_OPENERS)
    return len(token) >= n and token.isalpha() and _abbreviation_class(text, t0, rules) is None


def _kind(ch: str) -> str:
    if not ch:
        return "end"
    if ch.isupper() or ch.istitle():
        return "upper"
    if ch.islower():
        return "lower"
    if ch.isdigit():
        return "digit"
    if ch in _DASHES:
        return "dash"
    return "other"


def _tokens_before(text: str, pos: int, count: int) -> list[str]:
    """The last ``count`` whitespace-separated tokens before ``pos`` (bounded window, no scan)."""
    lo = max(0, pos - 80)
    window = text[lo:pos]
    parts = window.split()
    if lo > 0 and parts and not text[lo - 1].isspace():
        parts = parts[1:]                    # cut word at the window edge
    if window and window[-1].isspace():
        parts.append("")                     # the period is detached from any word
    return parts[-count:]


def _abbreviation_class(text: str, t0: int, rules: LangRules) -> str | None:
    """Class of the abbreviation ending at the period ``text[t0]``, longest match first."""
    tokens = _tokens_before(text, t0, 3)
    if not tokens or not tokens[-1]:
        return None
    tokens[-1] = tokens[-1].lstrip(_OPENERS)
    for k in range(len(tokens), 0, -1):
        key = ("".join(tokens[-k:]) + ".").lower()
        if k > 1 and "." not in "".join(tokens[-k:-1]) and len(tokens[-k]) > 3:
            continue                         # only short words or dotted parts form multi-part keys
        cls = rules.abbreviations.get(key)
        if cls is not None:
            return cls
    return None


def _period_ends(text: str, t0: int, start: int, word: str, kind: str, rules: LangRules) -> bool:
    """Does the period at ``t0`` end a sentence, given that the next word is not lower case?"""
    tokens = _tokens_before(text, t0, 2)
    token = tokens[-1].lstrip(_OPENERS) if tokens else ""
    if not token:
        return True
    cls = _abbreviation_class(text, t0, rules)
    if cls == NEVER:
        return False
    if cls == NUMBER:
        if kind == "digit":
            return False
        cls = None
    if cls == MAY:
        if kind != "upper" or word in rules.nonstarters:
            return False                     # "7 p.m. ET", "37 млрд. долл. США"
        if word in rules.starters:
            return True                      # "at 6 p.m. He went home"
        # "At 5 a.m. Mr. Smith left": a fragment of under 3 words, or one opening with a
        # preposition, is an adverbial in front of the sentence, not a sentence of its own.
        opening = text[start:t0].split(None, 1)
        if opening and opening[0].lstrip(_OPENERS) in rules.prepositions:
            return False
        return _words_between(text, start, t0) >= 4
    if cls == STARTER:
        return word in rules.starters
    lo = t0 - len(token)
    first_token = lo - start <= 200 and not text[start:lo].strip()
    if kind == "digit" and token.isalpha() and token.islower() and len(token) <= 4:
        return False                         # unknown short abbreviation before a number: "pop. 256,000"
    if _NUMERIC.fullmatch(token):
        if first_token and len(token) <= 3:
            return False                     # "1. The first item"
        if rules.ordinal_period and token.isdigit() and len(token) <= 3:
            return False                     # Turkish ordinal: "19. yüzyıl", "1. Dünya Savaşı"
        return True
    if rules.ordinal_period and _ROMAN.fullmatch(token):
        return False                         # Turkish ordinal: "Kraliçe II. Elizabeth"
    if _LETTER_INITIALS.fullmatch(token):
        if "." in token:                     # "U.S.A", "т.е", "L.N": dotted letters
            if kind == "upper" and _single_caps(token) and token.isupper():
                return False                 # initials "Л.Н. Толстой"
            return word in rules.starters
        if len(token) == 1:
            if token.isupper():
                prev = tokens[-2].lstrip(_OPENERS) if len(tokens) > 1 else ""
                if token in rules.letterwords and prev[:1].islower():
                    return True              # "you and I. Did ..."
                if word and is_cyrillic(token[:1]) != is_cyrillic(word[0][:1]):
                    return True              # "короля Твртко I. Сын ...": a numeral, not an initial
                return kind != "upper"       # initial: "J. Smith", "І. Терехов"
            return not first_token           # "a. The first item"
    return True


def _inside_quote(text: str, start: int, pos: int) -> bool:
    """Is ``pos`` inside a «…» or “…” quotation opened in the current sentence (bounded look-back)?"""
    lo = max(start, pos - 1000)
    return (text.count("«", lo, pos) > text.count("»", lo, pos)
            or text.count("“", lo, pos) > text.count("”", lo, pos))


def _inside_parentheses(text: str, start: int, pos: int, end: int) -> bool:
    """Is ``pos`` inside parentheses opened in this sentence that close within 150 characters?"""
    lo = max(start, pos - 300)
    opened = text.rfind("(", lo, pos)
    if opened < 0 or text.rfind(")", opened, pos) >= 0:
        return False
    closed = text.find(")", end, end + 150)
    if closed < 0:
        return False
    inner = text[end:closed]
    return "(" not in inner and not any(c in inner for c in ".!?…")  # "(A? B.)" are sentences


_QUOTE_PAIRS = {"“": "”", "«": "»", "„": "“”", '"': '"'}


def _attributed_quote(text: str, start: int, pos: int) -> bool:
    """Is ``pos`` inside a quotation that closes with a comma and attribution (“…,” he said)?

    Such a quotation is part of the reporting sentence, so the sentences inside it do not split.
    Looks at most 1000 characters back (to the sentence start) and 600 ahead, so it stays linear.
    """
    lo = max(start, pos - 1000)
    opener = None
    for op in ("“", "«", "„"):
        i = text.rfind(op, lo, pos)
        if i >= 0 and (opener is None or i > opener[1]):
            opener = (op, i)
    if opener is None:
        if text.count('"', lo, pos) % 2 == 0:
            return False
        opener = ('"', text.rfind('"', lo, pos))
    op, i = opener
    closers = _QUOTE_PAIRS[op]
    if op != '"' and any(text.find(c, i + 1, pos) >= 0 for c in closers):
        return False                         # that quotation is already closed
    hi = min(len(text), pos + 600)
    q = min((j for j in (text.find(c, pos, hi) for c in closers) if j >= 0), default=-1)
    if q <= 0:
        return False
    j = q + 1
    if text.startswith(",", j):              # «…», — сказав він
        j += 1
    elif text[q - 1] != ",":                 # “…,” he said
        return False
    rest = text[j:j + 8].lstrip(_DASHES + " \t\n\u00a0")
    return bool(rest) and rest[0].islower()


def _single_caps(token: str) -> bool:
    return all(len(p) == 1 for p in token.split("."))


def _words_between(text: str, start: int, pos: int) -> int:
    """Words from the sentence start to ``pos``, counting at most 4 (bounded window)."""
    lo = max(start, pos - 120)
    return min(4, len(text[lo:pos].split()))


def _build(text: str, cuts: list[int]) -> list[Sentence]:
    out: list[Sentence] = []
    prev = 0
    for cut in [*cuts, len(text)]:
        if cut <= prev:
            continue
        _append(out, text, prev, cut)
        prev = cut
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    s = start + (len(piece) - len(piece.lstrip()))
    out.append(Sentence(s, s + len(stripped), stripped))
