"""CMS JSON articles: ``{"id": ..., "title": "...", "body": "...", "format": "markdown"}``.

The title is one block (kind ``title``, index 0); the body is read with the reader its
``format`` names (``text``, ``markdown`` or ``html``; default ``markdown``) and its blocks follow.
Every other key is kept in ``Document.meta`` and written back untouched.

Rendering splices the translated strings into the original JSON text, so the output keeps the
input's layout, key order and every other value byte for byte (and an untranslated document is
the input itself).  Translated strings are written with ``ensure_ascii=False``.  An HTML body is
read as an HTML file is (attribute values and ``lang`` too) and rendered by ``l10n.formats.html``:
the offsets it records in the decoded body are mapped here to the raw JSON text, and a value is
escaped for its HTML quotes, then as JSON.
"""

from __future__ import annotations

import json
from json.decoder import scanstring

from typing import Mapping

from l10n.document import Block, Document
from l10n.errors import InputError, where
from l10n.formats import html as html_format
from l10n.formats import markdown as markdown_format
from l10n.formats import text as text_format
from l10n.formats.base import RENDER_KEY, PartsBuilder, render_parts
from l10n.limits import load_json

BODY_FORMATS = {"text": text_format, "markdown": markdown_format, "html": html_format}
_ALIASES = {"md": "markdown", "plain": "text", "txt": "text", "htm": "html"}
_WS = " \t\n\r"


def parse(text: str, path: str | None = None) -> tuple[PartsBuilder, dict, dict]:
    """Parse a JSON article; returns the parts builder, the other top-level keys, render info."""
    src = path or "<input>"
    obj = load_json(text, src)
    if not isinstance(obj, dict):
        raise InputError('a JSON article must be an object {"id", "title", "body", "format"}', where=src)
    if "body" not in obj:
        raise InputError('missing field "body"', where=where(src, field="body"))
    body = obj["body"]
    if not isinstance(body, str):
        raise InputError('field "body" must be a string', where=where(src, field="body"))
    if not body.strip():
        raise InputError("input is empty", where=where(src, field="body"))
    title = obj.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError('field "title" must be a string', where=where(src, field="title"))
    fmt = obj.get("format", "markdown")
    fmt = _ALIASES.get(fmt, fmt) if isinstance(fmt, str) else fmt
    if not isinstance(fmt, str) or fmt not in BODY_FORMATS:
        raise InputError(f"unknown body format {fmt!r}; expected one of text, markdown, html",
                         where=where(src, field="format"))

    spans = _top_level_spans(text)
    title_b = PartsBuilder(0)
    if title is not None:
        text_format.add_block(title_b, title, "title")
    body_b = BODY_FORMATS[fmt].parse(body, PartsBuilder(title_b.next_index))

    out = PartsBuilder()
    raw: dict[int, str] = {}
    pos = 0
    fields = [("title", title_b), ("body", body_b)] if title is not None else [("body", body_b)]
    for key, sub in sorted(fields, key=lambda f: spans[f[0]][0]):
        start, end = spans[key]
        out.literal(text[pos:start + 1])  # up to and including the opening quote
        _splice(out, raw, text[start + 1:end - 1], sub)
        pos = end - 1
    out.literal(text[pos:])
    out.raw = raw
    out.cont = body_b.cont
    meta = {k: v for k, v in obj.items() if k not in ("title", "body")}
    has_title = any(not isinstance(p, str) for p in title_b.parts)
    return out, meta, {"body_format": fmt, "title_index": 0 if has_title else None}


def _top_level_spans(text: str) -> dict[str, tuple[int, int]]:
    """Source span ``[start, end)`` of each top-level value (the last one when keys repeat)."""
    decoder = json.JSONDecoder()
    spans: dict[str, tuple[int, int]] = {}

    def skip(i: int) -> int:
        while i < len(text) and text[i] in _WS:
            i += 1
        return i

    i = skip(0) + 1  # past "{"
    i = skip(i)
    while i < len(text) and text[i] != "}":
        key, i = scanstring(text, i + 1)
        i = skip(skip(i) + 1)  # past ":"
        _, end = decoder.raw_decode(text, i)
        spans[key] = (i, end)
        i = skip(end)
        if text[i] == ",":
            i = skip(i + 1)
    return spans


def _offsets(raw: str) -> list[int]:
    """Start offset in the raw JSON string content of each decoded character, plus the end."""
    out: list[int] = []
    i, n = 0, len(raw)
    while i < n:
        out.append(i)
        if raw[i] != "\\":
            i += 1
        elif raw[i + 1] != "u":
            i += 2
        else:
            code = int(raw[i + 2:i + 6], 16)
            if 0xD800 <= code < 0xDC00 and raw[i + 6:i + 8] == "\\u" \
                    and 0xDC00 <= int(raw[i + 8:i + 12], 16) < 0xE000:
                i += 12
            else:
                i += 6
    out.append(n)
    return out


def _splice(out: PartsBuilder, raw: dict[int, str], content: str, sub: PartsBuilder) -> None:
    """Add ``sub``'s parts with literals and block sources mapped back to raw JSON text.

    What an HTML body's renderer needs besides (the offsets of hosted attribute values in their
    host's source, the positions of ``lang`` values in literals) is mapped too, into ``out.info``."""
    offs = _offsets(content)
    hosted = sub.info.get("hosted", {})
    langs: dict[int, list] = {}
    for pos, start, end, quote in sub.info.get("lang_literal", []):
        langs.setdefault(pos, []).append((start, end, quote))
    starts: dict[int, int] = {}  # block index -> decoded offset of its source in ``content``
    d = 0
    for pos, part in enumerate(sub.parts):
        if isinstance(part, str):
            if pos in langs:
                at, off = out.mark()
                out.info.setdefault("lang_literal", []).extend(
                    [at, off + offs[d + start] - offs[d], off + offs[d + end] - offs[d], quote]
                    for start, end, quote in langs[pos])
            out.literal(content[offs[d]:offs[d + len(part)]])
            d += len(part)
        else:
            out.parts.append(part)
            if part.index not in hosted:  # (a hosted value is inside its host's source)
                starts[part.index] = d
                n = len(sub.raw[part.index])
                raw[part.index] = content[offs[d]:offs[d + n]]
                d += n

    def mapped(host: int, c: int, e: int) -> tuple[int, int]:  # decoded offsets in a host -> raw ones
        base = starts[host]
        return offs[base + c] - offs[base], offs[base + e] - offs[base]

    for index, (host, tag_id, a, b, c, e, *side) in hosted.items():
        c, e = mapped(host, c, e)
        out.info.setdefault("hosted", {})[index] = (host, tag_id, a, b, c, e, *side)
        raw[index] = raw[host][c:e]
    for host, tag_id, a, b, c, e, quote in sub.info.get("lang_hosted", []):
        out.info.setdefault("lang_hosted", []).append([host, tag_id, a, b, *mapped(host, c, e), quote])
    for key in ("attrs", "md_values"):  # value block -> how it is escaped (no offsets to map)
        if sub.info.get(key):
            out.info[key] = sub.info[key]


def _json_string(text: str) -> str:
    """``text`` as JSON string content (no quotes), non-ASCII kept as it is."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def render(doc: Document, translations: Mapping[int, str], *, lang: str | None = None) -> str:
    """The JSON text with translations spliced in; an HTML body's attribute values and ``lang``
    declarations (a Markdown body's alt texts and titles) are written as ``l10n.formats.html``
    (``l10n.formats.markdown``) writes them, then JSON-escaped."""
    info = doc.meta.get(RENDER_KEY, {})
    if info.get("body_format") == "markdown":
        return markdown_format.render(doc, translations, render_block=render_block, escape_raw=_json_string)
    if info.get("body_format") != "html":
        return render_parts(doc, translations, render_block)
    return html_format.render(doc, translations, lang=lang, render_block=render_block, escape_raw=_json_string)


def render_block(block: Block, translation: str, info: dict) -> str:
    """Render with the body's (or title's) format, then escape as JSON string content."""
    if block.index == info.get("title_index"):
        rendered = text_format.render_block(block, translation, info)
    else:
        rendered = BODY_FORMATS[info["body_format"]].render_block(block, translation, info)
    return _json_string(rendered)
