"""Inline markup alignment: put the source sentence's placeholders (``<1>…</1>``, ``<2/>``) back
into its machine translation, which MT returns as plain text.

Why here and not in MT: the models translate plain sentences (markup confuses them and is often
dropped), so the pipeline translates each sentence's plain text *and* the inner text of each
paired element in the same batch (``mt_inputs``), then ``place_tags`` finds those translations —
or the untranslated inner text, or an inflected form of it — in the translated sentence and wraps
them. What cannot be found is placed proportionally and flagged ``markup-approximate``. The result
is always well nested and ``strip_tags(result) == target``.
"""

from __future__ import annotations

import re
from typing import Mapping

from l10n.document import Flag
from l10n.inline import PLACEHOLDER_RE, strip_tags, tag_spans


def mt_inputs(tagged: str, plain: str) -> list[str]:
    """What MT must translate for one sentence: its plain text, then the inner text of each paired
    inline element (``place_tags`` looks for those translations in the translated sentence).

    >>> mt_inputs("See the <1>full report</1> now.", "See the full report now.")
    ['See the full report now.', 'full report']
    """
    inputs = [plain]
    for span in tag_spans(tagged):
        inner = span.inner_plain.strip()
        if inner and inner != plain.strip():
            inputs.append(inner)
    return inputs


def _crosses(a: int, b: int, c: int, d: int) -> bool:
    """True when ranges [a, b) and [c, d) overlap without one containing the other."""
    return (a < c < b < d) or (c < a < d < b)


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _free(rng: tuple[int, int], used: list[tuple[int, int]]) -> bool:
    return rng not in used and not any(_crosses(*rng, a, b) for a, b in used)


def _find_free(target: str, needle: str, used: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where ``needle`` occurs in ``target`` (case-insensitive), widened to whole words so an
    inflected form keeps its ending inside the markup («*Стамбул*і» -> «*Стамбулі*»)."""
    needle = needle.strip().rstrip(".!?,;:")
    if not needle:
        return None
    # case-insensitive search on the original string: str.casefold() can change lengths ("İ" -> "i̇")
    for m in re.finditer(re.escape(needle), target, re.IGNORECASE):
        start, end = m.start(), m.end()
        while start > 0 and target[start - 1].isalnum():
            start -= 1
        w = _WORD.match(target, end - 1) if target[end - 1].isalnum() else None
        if w:
            end = w.end()
        if _free((start, end), used):
            return (start, end)
    return None


def _stem(word: str) -> str:
    return word.casefold()[:max(3, min(5, len(word) - 2))]


def _find_inflected(target: str, needle: str, used: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The run of target words that best matches ``needle``'s words by stem (inflected forms), if most match."""
    want = [_stem(w) for w in _WORD.findall(needle)]
    words = list(_WORD.finditer(target))
    if not want or not words:
        return None
    best, best_score = None, 0
    for size in {len(want), len(want) + 1, max(1, len(want) - 1)}:
        for i in range(0, len(words) - size + 1):
            window = words[i:i + size]
            stems = [_stem(w.group()) for w in window]
            score = sum(1 for st in want if any(x.startswith(st) or st.startswith(x) for x in stems))
            rng = (window[0].start(), window[-1].end())
            if score > best_score and _free(rng, used):
                best, best_score = rng, score
    return best if best_score * 2 > len(want) else None


def place_tags(tagged: str, plain: str, target_plain: str,
               inner_translations: Mapping[str, str]) -> tuple[str, list[Flag]]:
    """Re-insert the inline placeholders of the source sentence ``tagged`` (``plain`` without them)
    into its translation ``target_plain``; returns the tagged translation and any flags.

    A paired element goes around the translation of its inner text (``inner_translations``, from
    the same MT batch, see ``mt_inputs``) or around the untranslated inner text (names, figures);
    failing both it is placed proportionally and flagged. Ranges never cross, so the result is
    always well nested.

    >>> place_tags("See the <1>full report</1>.", "See the full report.", "Дивіться повний звіт.",
    ...            {"full report": "повний звіт"})
    ('Дивіться <1>повний звіт</1>.', [])
    """
    if not PLACEHOLDER_RE.search(tagged):
        return target_plain, []
    flags: list[Flag] = []
    src_len = max(len(plain), 1)
    used: list[tuple[int, int]] = []
    inserts: list[tuple[int, int, int, int, str]] = []  # (position, kind order, tiebreak, index, marker)

    def proportional(pos: int) -> int:
        return _proportional(pos, src_len, target_plain)

    spans = tag_spans(tagged)
    paired_ids = {s.id for s in spans}
    for i, span in enumerate(spans):
        inner = span.inner_plain.strip()
        rng = None
        if not inner:
            pos = proportional(span.start)
            rng = (pos, pos)
        elif inner == plain.strip():
            rng = (0, len(target_plain))
        else:
            translated = inner_translations.get(inner, "")
            rng = (_find_free(target_plain, translated, used) or _find_free(target_plain, inner, used)
                   or _find_inflected(target_plain, translated, used))
            if rng is None:
                rng = _approximate(proportional(span.start), len(inner), src_len, target_plain, used)
                flags.append(Flag("markup-approximate", "warning",
                                  f"could not align inline markup <{span.id}>…</{span.id}>; placed approximately"))
        used.append(rng)
        if rng[0] == rng[1]:  # empty element: open then close, between the other markers
            inserts.append((rng[0], 1, 0, 2 * i, f"<{span.id}>"))
            inserts.append((rng[1], 1, 0, 2 * i + 1, f"</{span.id}>"))
        else:
            inserts.append((rng[0], 2, -rng[1], i, f"<{span.id}>"))
            inserts.append((rng[1], 0, -rng[0], -i, f"</{span.id}>"))
    # standalone placeholders (<N/>) keep their relative position
    plain_pos = 0
    for m in re.finditer(r"<(/?)(\d+)(/?)>|[^<]+|<", tagged):
        if m.group(2) and m.group(3) and m.group(2) not in paired_ids:
            inserts.append((proportional(plain_pos), 1, 0, 0, m.group(0)))
        elif not m.group(2):
            plain_pos += len(m.group(0))
    result = _insert(target_plain, inserts)
    assert strip_tags(result) == target_plain
    return result, flags


def _proportional(pos: int, src_len: int, target: str) -> int:
    """The position in ``target`` proportional to ``pos`` in the source, snapped to a word start."""
    p = round(pos / src_len * len(target))
    if p <= 0 or p >= len(target):
        return max(0, min(p, len(target)))
    while p < len(target) and not target[p - 1].isspace():
        p += 1
    return p


def _approximate(start: int, inner_len: int, src_len: int, target: str,
                 used: list[tuple[int, int]]) -> tuple[int, int]:
    """A range of about the inner text's relative length from ``start``, ending on a word, grown to
    contain any placed range it would cross (so nesting stays valid)."""
    end = min(len(target), start + max(1, round(inner_len / src_len * len(target))))
    while end < len(target) and not target[end].isspace():
        end += 1
    while end > start and not target[end - 1].isalnum():
        end -= 1
    while any(_crosses(start, end, a, b) for a, b in used):
        for a, b in used:
            if _crosses(start, end, a, b):
                start, end = min(start, a), max(end, b)
    return (start, end)


def _insert(target: str, inserts: list[tuple[int, int, int, int, str]]) -> str:
    """``target`` with each marker inserted at its position, in (position, kind, tiebreak, index) order."""
    pieces, last = [], 0
    for pos, _, _, _, marker in sorted(inserts, key=lambda x: x[:4]):
        pieces.append(target[last:pos])
        pieces.append(marker)
        last = pos
    pieces.append(target[last:])
    return "".join(pieces)
