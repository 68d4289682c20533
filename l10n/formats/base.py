"""Shared plumbing for the readers: building ``Document.parts`` and rendering them back.

Every reader records, per block, the exact source text the block came from (``raw``), so an
untranslated block is written back byte for byte whatever the format's escaping rules are; and,
for formats whose blocks span prefixed lines (Markdown in a blockquote or list), the text that
joins two lines (``cont``, e.g. ``"\\n> "``).  Both live in ``Document.meta["_l10n"]`` — private
to ``l10n.formats``; other steps use ``Document.blocks`` only.
"""

from __future__ import annotations

from dataclasses import replace
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


# --------------------------------------------------------------------------- hosted values

#: ``render_value(block, translation, info)``: a hosted value block's translation as the source text
#: it stands for in its host's markup (an HTML attribute value, a Markdown image alt or link title).
RenderValue = Callable[[Block, str, dict], str]


def splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``[start, end)`` of ``edits`` (ascending, disjoint) replaced, in one pass."""
    out, pos = [], 0
    for start, end, value in edits:
        out += [text[pos:start], value]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def hosted_patches(doc: Document, translations: Mapping[int, str], hosted: Mapping[int, tuple],
                   render_value: RenderValue, info: dict) -> dict[int, list[tuple]]:
    """Edits to hosts' markup, ``{host: [(c, d, a, b, tag id, side, value)]}``, one per translated hosted value.

    ``hosted[index]`` is ``(host, tag id, a, b, c, d[, side])``: the value stands at ``[a, b)`` of the
    tag's opening markup (``side`` 0, the default) or closing markup (1) and at ``[c, d)`` of the
    host's recorded source."""
    patches: dict[int, list[tuple]] = {}
    for part in doc.parts:
        if isinstance(part, Block) and part.index in hosted and part.index in translations:
            host, tag_id, a, b, c, d, *side = hosted[part.index]
            value = render_value(part, translations[part.index], info)
            patches.setdefault(int(host), []).append((c, d, a, b, tag_id, side[0] if side else 0, value))
    return patches


def render_hosted(doc: Document, translations: Mapping[int, str], info: dict, render_block: RenderBlock,
                  patches: dict[int, list[tuple]], literal_edits: Mapping[int, list] | None = None,
                  escape_raw: Callable[[str], str] | None = None) -> str:
    """Render ``doc`` with values hosted in other blocks' markup written into that markup.

    Why: an attribute or image alt inside a paragraph is its own unit for translators, but its text
    lives inside the paragraph's tags.  A hosted block (``info["hosted"]``) is therefore not rendered
    where it stands in ``parts``; ``patches`` (``hosted_patches`` plus any a format adds) put each
    value into the host's tag markup — or, for an untranslated host, into its recorded source, through
    ``escape_raw`` where that source is escaped again (JSON) — in one pass per string.
    ``literal_edits`` ``{part position: [(start, end, value)]}`` rewrite literal parts."""
    hosted = info.get("hosted", {})
    literal_edits = literal_edits or {}
    if not hosted and not patches and not literal_edits:
        return render_parts(replace(doc, meta={**doc.meta, RENDER_KEY: info}), translations, render_block)
    raw = dict(info["raw"])
    parts: list[str | Block] = []
    for pos, part in enumerate(doc.parts):
        if isinstance(part, str):
            part = splice(part, sorted(literal_edits[pos])) if pos in literal_edits else part
        elif part.index in hosted:
            continue
        elif part.index in patches:
            edits = sorted(patches[part.index])
            by_tag: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
            for _, _, a, b, tag_id, side, value in edits:
                by_tag.setdefault((tag_id, side), []).append((a, b, value))
            tags = dict(part.tags)
            for (tag_id, side), tag_edits in by_tag.items():
                pair = list(tags[tag_id])
                pair[side] = splice(pair[side], tag_edits)
                tags[tag_id] = (pair[0], pair[1])
            if part.index in raw:
                raw[part.index] = splice(raw[part.index], [(c, d, escape_raw(value) if escape_raw else value)
                                                           for c, d, _, _, _, _, value in edits])
            part = replace(part, tags=tags)
        parts.append(part)
    return render_parts(replace(doc, parts=parts, meta={**doc.meta, RENDER_KEY: {**info, "raw": raw}}),
                        translations, render_block)
