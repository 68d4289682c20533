"""Phrases and punctuation around a replaced name: a quoted name is one unit (операція «…»), the
quotes and brackets MT wrote stay balanced, and MT's own characters between the words of a name
are kept.
"""

from __future__ import annotations

import re

from l10n.glossary.morphology import Cand, Hit, Morphology

PAIRS = {"«": "»", "“": "”", "„": "“", "(": ")", "[": "]"}
#: A glossary spelling ending in a quoted name: операція «Небесний щит».
QUOTED_TAIL = re.compile(r"\s*[«“„\"][^«»“”„\"]+[»”“\"]\s*$")
_QUOTE_AFTER = re.compile(r"[ \u00a0]*([«“„\"])")


def quoted_end(target: str, end: int) -> int | None:
    """Where the quoted phrase that follows ``end`` closes (its closing mark included), if one
    follows within the sentence."""
    q = _QUOTE_AFTER.match(target, end)
    close = target.find(PAIRS.get(q.group(1), q.group(1)), q.end(), q.end() + 80) if q else -1
    if close < 0 or re.search(r"[.!?]\s", target[end:close]):
        return None
    return close + 1


def balance(text: str) -> tuple[int, ...]:
    """Opening minus closing count of each quote/bracket pair, and the parity of ASCII quotes:
    equal before and after an edit means the edit kept them balanced.

    >>> balance("операцією «Павутина павука».") == balance("операцією «Павутина».")
    True
    >>> balance("операцією Павутина».") == balance("операцією «Павутина».")
    False
    """
    counts = [text.count(o) - text.count(c) for o, c in PAIRS.items() if o != "„"]
    return (*counts, text.count("„"), text.count('"') % 2)


def whole_phrase(h: Hit, target: str) -> Hit:
    """Widen a hit that opens a quote or bracket without closing it (or closes one it did not
    open) to the whole quoted phrase, which MT's rendering of the name is: «операцією «Павутина
    павука»» is one rendering of операція «Павутина»."""
    span = target[h.start:h.end]
    start, end = h.start, h.end
    for opener, closer in PAIRS.items():
        if opener == "„":
            continue
        if span.count(opener) > span.count(closer):
            j = target.find(closer, end, end + 80)
            if j >= 0 and not re.search(r"[.!?]\s", target[end:j]):
                end = j + 1
        elif span.count(closer) > span.count(opener):
            j = target.rfind(opener, max(0, start - 80), start)
            if j >= 0:
                start = j
    if (start, end) == (h.start, h.end):
        return h
    cand = Cand(h.cand.words, h.cand.origin, False, h.cand.partial)  # MT's own phrase: replace it
    return Hit(start, end, h.feats, cand, h.suffix, h.apostrophe, h.glued)


def rebuild(before: str, new: str, morph: Morphology) -> str:
    """Put the new words in place of MT's words, keeping MT's own characters between them
    (no-break spaces, quotes: Операция «Паутина» -> Операція «Павутина»), and a capital first
    letter where MT had one (sentence start)."""
    old = morph.tokens(before)
    fresh = morph.tokens(new)
    if len(old) == len(fresh):
        out, pos = [], 0
        for m, w in zip(old, fresh):
            out += [before[pos:m.start()], w.group()]
            pos = m.end()
        out.append(before[pos:])
        new = "".join(out)
    if before[:1].isupper() and new[:1].islower():
        new = new[:1].upper() + new[1:]
    return new
