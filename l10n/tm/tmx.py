"""TMX 1.4b reading and writing for the translation memory (stdlib XML only).

``export_tmx(memory, path)`` and ``import_tmx(memory, path)`` work with any store; the stores
themselves know nothing of file formats.

Written files carry one ``<tu>`` per stored unit with two ``<tuv>`` (source, target), dates in
TMX's ``YYYYMMDDThhmmssZ`` form and the provenance as ``<prop>`` elements (``x-origin``,
``x-file``, ``x-article``, ``x-segment``). Inline placeholders (``<1>…</1>``) are written as
text, so they survive a round trip through any TMX tool unchanged.

Reading accepts TMX from other tools: a ``<tu>`` with several ``<tuv>`` gives one unit from the
source language (``srclang`` of the ``<tu>`` or the header; ``*all*`` = the first ``<tuv>``) to
each other supported language. Text inside ``<bpt>``, ``<ept>``, ``<ph>``, ``<it>`` and ``<ut>``
is native markup and is dropped; ``<hi>`` and ``<sub>`` text is kept.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Iterable
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from l10n import __version__
from l10n.errors import MemoryStoreError, UnknownLanguage
from l10n.fileio import write_bytes_atomic
from l10n.languages import normalize_lang
from l10n.tm.units import ORIGINS, Unit

_MARKUP = {"bpt", "ept", "ph", "it", "ut"}
_XML_LANG = "http://www.w3.org/XML/1998/namespace lang"


def _tmx_date(iso: str | None) -> str | None:
    """``2024-05-01T10:00:00Z`` -> ``20240501T100000Z``."""
    if not iso:
        return None
    return re.sub(r"[-:]", "", iso)


def _iso_date(tmx: str | None) -> str | None:
    """``20240501T100000Z`` -> ``2024-05-01T10:00:00Z`` (None when not in TMX form)."""
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z", tmx or "")
    if not m:
        return None
    y, mo, d, h, mi, s = m.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}Z"


def write_tmx(path: str | os.PathLike, units: Iterable[Unit]) -> None:
    """Write ``units`` to ``path`` as TMX 1.4b, atomically."""
    units = list(units)
    srcs = {u.src_lang for u in units}
    srclang = srcs.pop() if len(srcs) == 1 else "*all*"
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
           '<tmx version="1.4">',
           f'  <header creationtool="l10n" creationtoolversion="{__version__}" segtype="sentence" '
           f'o-tmf="l10n-sqlite" adminlang="en" srclang="{srclang}" datatype="plaintext"/>',
           "  <body>"]
    for u in units:
        attrs = f' srclang="{u.src_lang}"'
        if u.created:
            attrs += f' creationdate="{_tmx_date(u.created)}"'
        if u.updated:
            attrs += f' changedate="{_tmx_date(u.updated)}"'
        out.append(f"    <tu{attrs}>")
        for name, value in (("x-origin", u.origin), ("x-file", u.file), ("x-article", u.article),
                            ("x-segment", u.segment)):
            if value:
                out.append(f'      <prop type="{name}">{escape(value)}</prop>')
        for lang, text in ((u.src_lang, u.source), (u.tgt_lang, u.target)):
            out.append(f'      <tuv xml:lang={quoteattr(lang)}><seg>{escape(text)}</seg></tuv>')
        out.append("    </tu>")
    out += ["  </body>", "</tmx>", ""]
    write_bytes_atomic(path, "\n".join(out).encode("utf-8"))


def read_tmx(path: str | os.PathLike, *, default_origin: str = "human") -> list[Unit]:
    """Units of a TMX file; ``MemoryStoreError`` naming ``file:line`` when it is malformed."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MemoryStoreError("no such file", where=str(path)) from None
    except OSError as exc:
        raise MemoryStoreError(f"cannot read: {exc.strerror}", where=str(path)) from None
    return parse_tmx(data, str(path), default_origin=default_origin)


def parse_tmx(data: bytes | str, name: str = "<tmx>", *, default_origin: str = "human") -> list[Unit]:
    """Units of TMX text or bytes; ``name`` is the provenance ``file`` and the place in errors.

    >>> tmx = ('<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Hi.</seg>'
    ...        '</tuv><tuv xml:lang="uk"><seg>Привіт.</seg></tuv></tu></body></tmx>')
    >>> [(u.src_lang, u.tgt_lang, u.target) for u in parse_tmx(tmx)]
    [('en', 'uk', 'Привіт.')]
    """
    parser = _TmxParser(name)
    parser.parse(data.encode("utf-8") if isinstance(data, str) else data)
    units: list[Unit] = []
    for tu in parser.tus:
        units += _tu_units(tu, parser.header_src, name, default_origin)
    return units


class _TmxParser:
    """Collects each ``<tu>`` as a dict (line, srclang, dates, props, tuvs) with expat callbacks."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.header_src: str | None = None
        self.seen_tmx = False
        self.tus: list[dict] = []
        self.tu: dict | None = None
        self.tuv: dict | None = None
        self.seg: list[str] | None = None
        self.prop: list | None = None
        self.markup = 0
        self.expat = expat.ParserCreate(namespace_separator=" ")
        self.expat.StartElementHandler = self.start
        self.expat.EndElementHandler = self.end
        self.expat.CharacterDataHandler = self.chars

    def parse(self, data: bytes) -> None:
        try:
            self.expat.Parse(data, True)
        except expat.ExpatError as exc:
            raise MemoryStoreError(f"malformed TMX: {expat.ErrorString(exc.code)} (column {exc.offset + 1})",
                                   where=f"{self.name}:{exc.lineno}") from None
        if not self.seen_tmx:
            raise MemoryStoreError("not a TMX file (no <tmx> root element)", where=f"{self.name}:1")

    def start(self, name: str, attrs: dict) -> None:
        line = self.expat.CurrentLineNumber
        if name == "tmx":
            self.seen_tmx = True
        elif name == "header":
            self.header_src = attrs.get("srclang")
        elif name == "tu":
            self.tu = {"line": line, "srclang": attrs.get("srclang"), "tuvs": [], "props": {},
                       "created": _iso_date(attrs.get("creationdate")),
                       "updated": _iso_date(attrs.get("changedate"))}
        elif name == "prop" and self.tu is not None:
            self.prop = [attrs.get("type", ""), []]
        elif name == "tuv" and self.tu is not None:
            lang = attrs.get(_XML_LANG) or attrs.get("lang")
            if not lang:
                raise MemoryStoreError("<tuv> without xml:lang", where=f"{self.name}:{line}")
            self.tuv = {"lang": lang, "line": line, "text": None}
        elif name == "seg" and self.tuv is not None:
            self.seg = []
        elif name in _MARKUP and self.seg is not None:
            self.markup += 1

    def end(self, name: str) -> None:
        if name == "seg" and self.seg is not None:
            self.tuv["text"] = "".join(self.seg)
            self.seg = None
        elif name in _MARKUP and self.seg is not None:
            self.markup -= 1
        elif name == "prop" and self.prop is not None:
            self.tu["props"][self.prop[0]] = "".join(self.prop[1])
            self.prop = None
        elif name == "tuv" and self.tuv is not None:
            if self.tuv["text"] is None:
                raise MemoryStoreError("<tuv> without <seg>", where=f"{self.name}:{self.tuv['line']}")
            self.tu["tuvs"].append(self.tuv)
            self.tuv = None
        elif name == "tu" and self.tu is not None:
            self.tus.append(self.tu)
            self.tu = None

    def chars(self, text: str) -> None:
        if self.seg is not None and not self.markup:
            self.seg.append(text)
        elif self.prop is not None:
            self.prop[1].append(text)


def _tu_units(tu: dict, header_src: str | None, name: str, default_origin: str) -> list[Unit]:
    """One unit from the ``<tu>``'s source-language ``<tuv>`` to each other supported language."""
    if len(tu["tuvs"]) < 2:
        return []
    where = f"{name}:{tu['line']}"
    origin = tu["props"].get("x-origin", default_origin)
    if origin not in ORIGINS:
        raise MemoryStoreError(f"x-origin must be human or mt, got {origin!r}", where=where)
    srclang = tu["srclang"] or header_src or "*all*"
    try:
        langs = [normalize_lang(t["lang"]) if _known(t["lang"]) else None for t in tu["tuvs"]]
        src = langs[0] if srclang.lower() == "*all*" else normalize_lang(srclang)
    except UnknownLanguage as exc:
        raise MemoryStoreError(str(exc), where=where) from None
    src_tuv = next((t for t, lang in zip(tu["tuvs"], langs) if lang == src), None)
    if src is None or src_tuv is None:
        return []
    props = tu["props"]
    return [Unit(src, lang, src_tuv["text"], tuv["text"], origin, props.get("x-file") or name,
                 props.get("x-article"), props.get("x-segment"), tu["created"], tu["updated"] or tu["created"])
            for tuv, lang in zip(tu["tuvs"], langs) if lang is not None and lang != src]


def export_tmx(memory: Any, path: str | os.PathLike, *, src: str | None = None, tgt: str | None = None,
               origin: str | None = "human") -> int:
    """Write ``memory``'s units as TMX 1.4b (atomically); ``origin=None`` exports MT drafts too.
    Returns the count. ``memory`` is any store with ``units(src, tgt)``."""
    units = [u for u in memory.units(src, tgt) if origin is None or u.origin == origin]
    write_tmx(path, units)
    return len(units)


def import_tmx(memory: Any, path: str | os.PathLike, *, origin: str = "human") -> int:
    """Add every translation unit of a TMX file to ``memory`` (provenance ``file`` = the TMX path).
    Returns how many were inserted or replaced. A malformed file raises ``MemoryStoreError`` with
    its line, before anything is stored."""
    return memory.add_many(read_tmx(path, default_origin=origin))


def _known(code: str) -> bool:
    try:
        normalize_lang(code)
        return True
    except UnknownLanguage:
        return False
