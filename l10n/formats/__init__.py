"""Article readers and writers: text, Markdown, HTML, CMS JSON, DOCX, SRT and WebVTT <-> ``Document``.

``read_document`` splits an article into literal markup and translatable ``Block``\\ s (inline
markup as placeholders, see ``l10n.inline``); ``render_document`` writes it back with some blocks
replaced by their translations.  Guarantee, for every format::

    render_document(read_document(text), {}) == text      # byte for byte

so markup, URLs and code can only change if a reader wrongly put them inside a block — which
the tests check.  DOCX is binary: it is read from and rendered to ``bytes`` (``BINARY_FORMATS``).
See ``docs/formats.md``.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Mapping

from l10n.document import Document
from l10n.errors import InputError, UsageError
from l10n.limits import check_unicode
from l10n.formats.base import RENDER_KEY, PartsBuilder, render_parts

FORMATS = ("text", "markdown", "html", "json", "docx", "srt", "vtt")
#: Formats whose articles are ``bytes`` (read with ``read_input``, rendered to ``bytes``).
BINARY_FORMATS = ("docx",)
_EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".html": "html",
               ".htm": "html", ".xhtml": "html", ".json": "json", ".txt": "text", ".text": "text",
               ".docx": "docx", ".srt": "srt", ".vtt": "vtt"}
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|p|div|h[1-6]|ul|ol|article|section|"
                         r"table|main|header|nav|figure|blockquote|!--)[\s>]", re.I)
_HTML_CLOSE = re.compile(r"</(?:p|div|h[1-6]|li|article|section|td|body|html)>", re.I)
_MARKDOWN = re.compile(r"^(?:#{1,6}[ \t]|[-*+][ \t]+\S|\d{1,9}[.)][ \t]+\S|>[ \t]?\S|```|~~~|\|.*\|[ \t]*$)"
                       r"|\]\(|\*\*\S|__\S|`[^`\n]+`", re.M)

def file_extensions() -> list[str]:
    """Every file extension a reader is chosen by (``.docx``, ``.md`` ...), sorted."""
    return sorted(_EXTENSIONS)


_SRT_START = re.compile(r"\d+\r?\n\d\d:\d\d:\d\d,\d{3} --> ")

__all__ = ["BINARY_FORMATS", "FORMATS", "detect_format", "file_extensions", "read_document", "read_input", "render_document"]


def detect_format(text: str | bytes, path: str | None = None) -> str:
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
    if isinstance(text, (bytes, bytearray)):
        return "docx"
    head = text.lstrip("\ufeff \t\r\n")[:20000]
    if head.startswith("WEBVTT"):
        return "vtt"
    if _SRT_START.match(head):
        return "srt"
    if head.startswith("{"):
        return "json"
    if _HTML_START.match(head):
        return "html"
    if _MARKDOWN.search(head):
        return "markdown"
    if _HTML_CLOSE.search(head):
        return "html"
    return "text"


def read_input(path: str, fmt: str = "auto") -> str | bytes:
    """The article at ``path`` as the reader of its format wants it: ``bytes`` for DOCX, else text.

    Raises a one-line ``InputError`` for a missing, unreadable or (text formats) non-UTF-8 file."""
    from l10n.fileio import read_bytes, read_utf8
    if fmt in BINARY_FORMATS or (fmt == "auto" and detect_format("", path) in BINARY_FORMATS):
        return read_bytes(path)
    return read_utf8(path)


def read_document(text: str | bytes, *, fmt: str = "auto", doc_id: str | None = None,
                  path: str | None = None) -> Document:
    """Parse an article into a ``Document`` (``fmt``: auto or one of ``FORMATS``).

    ``text`` is ``bytes`` for DOCX (``read_input`` reads a file the right way). Raises
    ``UsageError`` for an unknown format, ``InputError`` for empty or malformed input.
    """
    if isinstance(text, str):
        check_unicode(text, path or "<input>")  # lone surrogates (JSON escapes, API callers)
    if fmt not in FORMATS and fmt != "auto":
        raise UsageError(f"unknown format {fmt!r}; choose one of auto, {', '.join(FORMATS)}")
    if fmt == "auto":
        fmt = detect_format(text, path)
    if (fmt in BINARY_FORMATS) != isinstance(text, (bytes, bytearray)):
        raise UsageError(f"{fmt} articles are read from {'bytes' if fmt in BINARY_FORMATS else 'text'}")
    if not text.strip():
        raise InputError("input is empty", where=path)
    meta: dict = {}
    extra: dict = {}
    if fmt == "docx":
        from l10n.formats import docx
        blocks, info = docx.read(bytes(text), path)
        doc_id = doc_id or (PurePath(path).stem if path and path != "-" else "article")
        return Document(id=doc_id, format=fmt, parts=list(blocks), meta={RENDER_KEY: info})
    if fmt == "json":
        from l10n.formats import jsonarticle
        builder, meta, extra = jsonarticle.parse(text, path)
        if doc_id is None and meta.get("id") is not None:
            doc_id = str(meta["id"])
    elif fmt in ("srt", "vtt"):
        builder = _module(fmt).parse(text, PartsBuilder(), path)
    else:
        builder = _module(fmt).parse(text, PartsBuilder())
    if doc_id is None:
        doc_id = PurePath(path).stem if path and path != "-" else "article"
    meta[RENDER_KEY] = {**builder.render_info(), **extra}
    return Document(id=doc_id, format=fmt, parts=builder.parts, meta=meta)


def render_document(doc: Document, translations: Mapping[int, str], *, lang: str | None = None) -> str | bytes:
    """The article in its own format, with ``translations`` (block index -> tagged text) applied.

    Blocks missing from ``translations`` keep their source text exactly. ``lang``: the language the
    output is in, for formats that declare one (HTML ``<html lang>``, also in a CMS JSON HTML body);
    None keeps the declaration as it is. DOCX gives ``bytes``.
    """
    if doc.format == "docx":
        from l10n.formats import docx
        return docx.render(doc, translations, doc.meta[RENDER_KEY])
    if doc.format == "html":
        from l10n.formats import html
        return html.render(doc, translations, lang=lang)
    if doc.format == "json":
        from l10n.formats import jsonarticle
        return jsonarticle.render(doc, translations, lang=lang)
    if doc.format == "markdown":
        from l10n.formats import markdown
        return markdown.render(doc, translations)
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
    elif fmt in ("srt", "vtt"):
        from l10n.formats import subtitles
        return subtitles.VTT if fmt == "vtt" else subtitles.SRT
    else:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return mod


