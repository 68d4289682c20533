"""Sentence segmentation (placeholder splitter; the full rule-based segmenter replaces it).

Contract used by the pipeline, PO export and benchmarks:

``split_sentences(text, lang) -> list[Sentence]`` where each ``Sentence`` has ``start``/``end``
offsets into ``text`` and ``text == original[start:end]`` with surrounding whitespace excluded.
Whitespace between sentences is not part of any sentence, so the original can be rebuilt exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


_BOUNDARY = re.compile(r"(?<=[.!?…])[\"”»’)]*\s+(?=[\"“«„(]*[A-ZА-ЯІЇЄҐÇĞİÖŞÜ0-9])")


def split_sentences(text: str, lang: str = "en") -> list[Sentence]:
    """Split ``text`` into sentences with offsets (simple punctuation rule)."""
    out: list[Sentence] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        _append(out, text, pos, m.start())
        pos = m.end()
    _append(out, text, pos, len(text))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))
