"""Article readers and writers: text, Markdown, HTML and CMS JSON <-> ``Document``.

``read_document`` splits an article into literal markup and translatable ``Block``\\ s (inline
markup as placeholders, see ``l10n.inline``); ``render_document`` writes it back with some blocks
replaced by their translations.  Guarantee, for every format::

    render_document(read_document(text), {}) == text      # byte for byte

so markup, URLs and code can only change if a reader wrongly put them inside a block — which
the tests check.  See ``docs/formats.md``.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Mapping

from l10n.document import Document
from l10n.errors import InputError, UsageError
from l10n.formats.base import RENDER_KEY, PartsBuilder, render_parts

FORMATS = ("text", "markdown", "html", "json")
_EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".html": "html",
               ".htm": "html", ".xhtml": "html", ".json": "json", ".txt": "text", ".text": "text"}
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|p|div|h[1-6]|ul|ol|article|section|"
                         r"table|main|header|nav|figure|blockquote|!--)[\s>]", re.I)
_HTML_CLOSE = re.compile(r"</(?:p|div|h[1-6]|li|article|section|td|body|html)>", re.I)
_MARKDOWN = re.compile(r"^(?:#{1,6}[ \t]|[-*+][ \t]+\S|\d{1,9}[.)][ \t]+\S|>[ \t]?\S|```|~~~|\|.*\|[ \t]*$)"
                       r"|\]\(|\*\*\S|__\S|`[^`\n]+`", re.M)

__all__ = ["FORMATS", "detect_format", "read_document", "render_document"]


def detect_format(text: str, path: str | None = None) -> str:
    """Format of an article: by file extension when there is one, else by content.

    >>> detect_format("# Title\\n\\nBody", None)
    'markdown'
    >>> detect_format("x", "story.htm")
    'html'
    """
    if path and path != "-":
        fmt = _EXTENSIONS.get(PurePath(path).suffix.lower())
        if fmt:
            return fmt
    head = text.lstrip()[:20000]
    if head.startswith("{"):
        return "json"
    if _HTML_START.match(head):
        return "html"
    if _MARKDOWN.search(head):
        return "markdown"
    if _HTML_CLOSE.search(head):
        return "html"
    return "text"


def read_document(text: str, *, fmt: str = "auto", doc_id: str | None = None,
                  path: str | None = None) -> Document:
    """Parse an article into a ``Document`` (``fmt``: auto, text, markdown, html or json).

    Raises ``UsageError`` for an unknown format, ``InputError`` for empty input or malformed JSON.
    """
    if fmt not in FORMATS and fmt != "auto":
        raise UsageError(f"unknown format {fmt!r}; choose one of auto, {', '.join(FORMATS)}")
    if not text.strip():
        raise InputError("input is empty", where=path)
    if fmt == "auto":
        fmt = detect_format(text, path)
    meta: dict = {}
    extra: dict = {}
    if fmt == "json":
        from l10n.formats import jsonarticle
        builder, meta, extra = jsonarticle.parse(text, path)
        if doc_id is None and meta.get("id") is not None:
            doc_id = str(meta["id"])
    else:
        builder = _module(fmt).parse(text, PartsBuilder())
    if doc_id is None:
        doc_id = PurePath(path).stem if path and path != "-" else "article"
    meta[RENDER_KEY] = {**builder.render_info(), **extra}
    return Document(id=doc_id, format=fmt, parts=builder.parts, meta=meta)


def render_document(doc: Document, translations: Mapping[int, str]) -> str:
    """The article in its own format, with ``translations`` (block index -> tagged text) applied.

    Blocks missing from ``translations`` keep their source text exactly.
    """
    return render_parts(doc, translations, _module(doc.format).render_block)


def _module(fmt: str):
    if fmt == "text":
        from l10n.formats import text as mod
    elif fmt == "markdown":
        from l10n.formats import markdown as mod
    elif fmt == "html":
        from l10n.formats import html as mod
    elif fmt == "json":
        from l10n.formats import jsonarticle as mod
    else:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return mod


