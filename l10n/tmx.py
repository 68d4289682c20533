"""TMX 1.4b reading and writing for the translation memory (stdlib XML only).

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
from typing import Iterable
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from l10n.errors import MemoryStoreError, UnknownLanguage

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


def write_tmx(path: str | os.PathLike, units: Iterable) -> None:
    """Write ``units`` (``l10n.memory.Unit``) to ``path`` as TMX 1.4b, atomically."""
    from l10n import __version__
    from l10n.fileio import write_bytes_atomic
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


def read_tmx(path: str | os.PathLike, *, default_origin: str = "human") -> list:
    """Units of a TMX file; ``MemoryStoreError`` naming ``file:line`` when it is malformed."""
    from l10n.languages import normalize_lang
    from l10n.memory import ORIGINS, Unit
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MemoryStoreError("no such file", where=str(path)) from None
    except OSError as exc:
        raise MemoryStoreError(f"cannot read: {exc.strerror}", where=str(path)) from None

    parser = expat.ParserCreate(namespace_separator=" ")
    state: dict = {"header_src": None, "seen_tmx": False, "tu": None, "tuv": None, "seg": None,
                   "markup": 0, "prop": None}
    tus: list[dict] = []

    def start(name: str, attrs: dict) -> None:
        line = parser.CurrentLineNumber
        if name == "tmx":
            state["seen_tmx"] = True
        elif name == "header":
            state["header_src"] = attrs.get("srclang")
        elif name == "tu":
            state["tu"] = {"line": line, "srclang": attrs.get("srclang"), "tuvs": [], "props": {},
                           "created": _iso_date(attrs.get("creationdate")),
                           "updated": _iso_date(attrs.get("changedate"))}
        elif name == "prop" and state["tu"] is not None:
            state["prop"] = [attrs.get("type", ""), []]
        elif name == "tuv" and state["tu"] is not None:
            lang = attrs.get(_XML_LANG) or attrs.get("lang")
            if not lang:
                raise MemoryStoreError("<tuv> without xml:lang", where=f"{path}:{line}")
            state["tuv"] = {"lang": lang, "line": line, "text": None}
        elif name == "seg" and state["tuv"] is not None:
            state["seg"] = []
        elif name in _MARKUP and state["seg"] is not None:
            state["markup"] += 1

    def end(name: str) -> None:
        if name == "seg" and state["seg"] is not None:
            state["tuv"]["text"] = "".join(state["seg"])
            state["seg"] = None
        elif name in _MARKUP and state["seg"] is not None:
            state["markup"] -= 1
        elif name == "prop" and state["prop"] is not None:
            state["tu"]["props"][state["prop"][0]] = "".join(state["prop"][1])
            state["prop"] = None
        elif name == "tuv" and state["tuv"] is not None:
            if state["tuv"]["text"] is None:
                raise MemoryStoreError("<tuv> without <seg>", where=f"{path}:{state['tuv']['line']}")
            state["tu"]["tuvs"].append(state["tuv"])
            state["tuv"] = None
        elif name == "tu" and state["tu"] is not None:
            tus.append(state["tu"])
            state["tu"] = None

    def chars(text: str) -> None:
        if state["seg"] is not None and not state["markup"]:
            state["seg"].append(text)
        elif state["prop"] is not None:
            state["prop"][1].append(text)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise MemoryStoreError(f"malformed TMX: {expat.ErrorString(exc.code)} (column {exc.offset + 1})",
                               where=f"{path}:{exc.lineno}") from None
    if not state["seen_tmx"]:
        raise MemoryStoreError("not a TMX file (no <tmx> root element)", where=f"{path}:1")

    units = []
    for tu in tus:
        if len(tu["tuvs"]) < 2:
            continue
        origin = tu["props"].get("x-origin", default_origin)
        if origin not in ORIGINS:
            raise MemoryStoreError(f"x-origin must be human or mt, got {origin!r}", where=f"{path}:{tu['line']}")
        srclang = tu["srclang"] or state["header_src"] or "*all*"
        try:
            langs = [normalize_lang(t["lang"]) if _known(t["lang"]) else None for t in tu["tuvs"]]
            src = langs[0] if srclang.lower() == "*all*" else normalize_lang(srclang)
        except UnknownLanguage as exc:
            raise MemoryStoreError(str(exc), where=f"{path}:{tu['line']}") from None
        src_tuv = next((t for t, lang in zip(tu["tuvs"], langs) if lang == src), None)
        if src is None or src_tuv is None:
            continue
        for tuv, lang in zip(tu["tuvs"], langs):
            if lang is None or lang == src:
                continue
            units.append(Unit(src, lang, src_tuv["text"], tuv["text"], origin,
                              tu["props"].get("x-file") or str(path), tu["props"].get("x-article"),
                              tu["props"].get("x-segment"), tu["created"], tu["updated"] or tu["created"]))
    return units


def _known(code: str) -> bool:
    from l10n.languages import normalize_lang
    try:
        normalize_lang(code)
        return True
    except UnknownLanguage:
        return False
