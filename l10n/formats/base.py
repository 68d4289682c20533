"""Shared plumbing for the readers: building ``Document.parts`` and rendering them back.

Every reader records, per block, the exact source text the block came from (``raw``), so an
untranslated block is written back byte for byte whatever the format's escaping rules are; and,
for formats whose blocks span prefixed lines (Markdown in a blockquote or list), the text that
joins two lines (``cont``, e.g. ``"\\n> "``).  Both live in ``Document.meta["_l10n"]`` — private
to ``l10n.formats``; other steps use ``Document.blocks`` only.
"""

from __future__ import annotations

from typing import Callable, Mapping

from l10n.document import Block, Document
from l10n.inline import strip_tags

RENDER_KEY = "_l10n"


class PartsBuilder:
    """Collect literal strings and blocks in source order, numbering blocks from ``first_index``."""

    def __init__(self, first_index: int = 0) -> None:
        self._parts: list[str | Block] = []
        self._pending: list[str] = []  # literal text since the last block, joined once (linear)
        self._pending_len = 0
        self.raw: dict[int, str] = {}
        self.cont: dict[int, str] = {}
        self.info: dict = {}  # further render information a format's renderer needs
        self.next_index = first_index

    @property
    def parts(self) -> list[str | Block]:
        """Literal strings (adjacent ones merged) and blocks, in source order."""
        if self._pending:
            self._parts.append("".join(self._pending))
            self._pending.clear()
            self._pending_len = 0
        return self._parts

    def literal(self, text: str) -> None:
        if text:
            self._pending.append(text)
            self._pending_len += len(text)

    def mark(self) -> tuple[int, int]:
        """Where the next literal character will stand: ``(position in parts, offset in that literal)``.

        Lets a reader point at a piece of literal markup that a renderer rewrites (``<html lang>``)
        without making it a block."""
        return len(self._parts), self._pending_len

    def block(self, kind: str, text: str, tags: dict[str, tuple[str, str]], raw: str,
              cont: str | None = None, note: str = "") -> Block | None:
        """Add a block; one with no text outside placeholders (a lone image, URL, code) is literal.

        Returns the new block (None when it was literal), so a reader can record more about it."""
        if not strip_tags(text).strip():
            self.literal(raw)
            return None
        blk = Block(self.next_index, kind, text, tags, note)
        self.parts.append(blk)  # (``parts`` first moves the pending literal text in)
        self.raw[blk.index] = raw
        if cont is not None and cont != "\n":
            self.cont[blk.index] = cont
        self.next_index += 1
        return blk

    def render_info(self) -> dict:
        return {"raw": self.raw, "cont": self.cont, **self.info}


RenderBlock = Callable[[Block, str, dict], str]


def int_keys(by_index: Mapping) -> dict:
    """A ``{block index: …}`` map with int keys again after the document went through JSON (string keys)."""
    if by_index and isinstance(next(iter(by_index)), str):
        return {int(k): v for k, v in by_index.items()}
    return dict(by_index) if not isinstance(by_index, dict) else by_index


def render_parts(doc: Document, translations: Mapping[int, str], render_block: RenderBlock) -> str:
    """Concatenate literals, source text of untranslated blocks and rendered translations."""
    info = doc.meta.get(RENDER_KEY, {})
    info = {**info, "raw": int_keys(info.get("raw", {})), "cont": int_keys(info.get("cont", {}))}
    raw = info["raw"]
    out: list[str] = []
    for part in doc.parts:
        if isinstance(part, str):
            out.append(part)
        elif part.index in translations:
            out.append(render_block(part, translations[part.index], info))
        elif part.index in raw:
            out.append(raw[part.index])
        else:  # no source recorded (a Document built by hand): render the block's own text
            out.append(render_block(part, part.text, info))
    return "".join(out)
