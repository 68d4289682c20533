"""Plain-text articles: a paragraph (a run of non-blank lines) is one block.

Blank lines and the whitespace around each paragraph are literal; line breaks inside a paragraph
stay in the block text.  Bare URLs (``https://…``, ``www.…``) and literal ``<1>``-like text become
standalone placeholders, so they are never translated.
"""

from __future__ import annotations

from l10n.document import Block
from l10n.formats.base import PartsBuilder
from l10n.inline import escape_literal, fill_tags


def parse(text: str, builder: PartsBuilder | None = None, kind: str = "paragraph") -> PartsBuilder:
    """Split ``text`` into literal whitespace and paragraph blocks."""
    b = builder or PartsBuilder()
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            b.literal(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].strip():
            j += 1
        add_block(b, "".join(lines[i:j]), kind)
        i = j
    return b


def add_block(b: PartsBuilder, chunk: str, kind: str) -> None:
    """Add ``chunk`` as literal outer whitespace around one block (or literal if blank)."""
    core = chunk.strip()
    if not core:
        b.literal(chunk)
        return
    start = chunk.index(core[0])
    b.literal(chunk[:start])
    tags: dict[str, tuple[str, str]] = {}
    tagged, _ = escape_literal(core, tags, 1, urls=True)
    b.block(kind, tagged, tags, core)
    b.literal(chunk[start + len(core):])


def render_block(block: Block, translation: str, info: dict) -> str:
    return fill_tags(translation, block.tags)
