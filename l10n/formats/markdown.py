"""Markdown articles (CommonMark + GFM tables), read line by line without a dependency.

Blocks: paragraphs, ATX and setext headings, list items (nested by indentation), blockquote
paragraphs, table cells, footnote texts.  Literal: block prefixes (``#``, ``- ``, ``1. ``, ``> ``,
indentation), fenced and indented code, HTML blocks, horizontal rules, link reference
definitions, front matter, table pipes and delimiter rows.

Inline markup becomes placeholders (numbered from 1 in each block, see ``l10n.formats.mdinline``):
links, reference links, emphasis, strikethrough and paired inline HTML are paired ``<N>…</N>``;
images, inline code, autolinks, bare URLs, footnote references, hard line breaks and unpaired
HTML are standalone ``<N/>``.  Backslash escapes are resolved in block text and re-escaped when
a translation is rendered.

Image alt text, image and link titles, the title of a one-line link reference definition and the
``alt``/``title``/... of inline HTML (as ``l10n.formats.html`` picks them) are blocks of their own
(kinds ``image_alt``, ``image_title``, ``link_title``, ``attr-*``; ``Block.note`` says which).  One in
a block's markup is *hosted* by that block, as HTML attributes are: it follows the block in
``parts`` and is rendered into the block's tag markup or recorded source (``render``); a block with
no text of its own (a lone image) is literal and its values are blocks in its place.

This is a pragmatic subset of CommonMark: it is exact about what it leaves literal (the round
trip is byte for byte by construction) and conservative about what it calls a block.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Callable, Mapping

from l10n.document import Block, Document
from l10n.formats.base import RENDER_KEY, PartsBuilder, RenderBlock, hosted_patches, int_keys, render_hosted
from l10n.formats.html import render_value as html_value
from l10n.formats.mdinline import escape_title, inline_units, title_text
from l10n.inline import fill_tags, strip_tags

# ----------------------------------------------------------------------------- block level

_BQ = re.compile(r"(?: {0,3}>[ \t]?)+")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"(?:^|(?<![ \t])[ \t]++)#++[ \t]*+$")
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_HR = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_LIST = re.compile(r"([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)")
_TASK = re.compile(r"\[[ xX]\][ \t]+")
_LINKDEF = re.compile(r" {0,3}\[(?!\^)[^\]]+\]:[ \t]*\S")
#: A one-line link reference definition with a title: ``[label]: url "title"`` (``'title'``, ``(title)``).
_LINKDEF_TITLE = re.compile(r" {0,3}\[(?!\^)(?:\\.|[^\\\[\]]){1,999}\]:[ \t]*(?:<[^<>\n]*>|[^\s<]\S*)[ \t]+"
                            r"(?P<title>\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|\((?:\\.|[^()\\])*\))[ \t]*$")
_FOOTDEF = re.compile(r" {0,3}\[\^[^\]\s]+\]:[ \t]*")
_TABLE_DELIM = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_HTML_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|"
    "dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|"
    "header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|"
    "param|section|source|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul")
_HTML_RAW = re.compile(r" {0,3}<(script|pre|style|textarea)(?:[\s>]|$)", re.I)
_HTML_COMMENT = re.compile(r" {0,3}<!--")
_HTML_BLOCK = re.compile(rf" {{0,3}}(?:<[?!]|</?(?:{_HTML_BLOCK_TAGS})(?:[\s/>]|$))", re.I)
_HTML_LINE = re.compile(r" {0,3}</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>[ \t]*$")


def _indent(s: str) -> int:
    """Leading whitespace width (tab = 4 columns)."""
    n = 0
    for ch in s:
        if ch == " ":
            n += 1
        elif ch == "\t":
            n += 4 - n % 4
        else:
            break
    return n


class _Line:
    __slots__ = ("body", "eol", "bq", "rest")

    def __init__(self, raw: str) -> None:
        body = raw.rstrip("\r\n")
        self.eol = raw[len(body):]
        self.body = body
        m = _BQ.match(body)
        self.bq = m.group() if m else ""
        self.rest = body[len(self.bq):]

    @property
    def blank(self) -> bool:
        return not self.rest.strip()


def parse(text: str, builder: PartsBuilder | None = None) -> PartsBuilder:
    """Split a Markdown article into literal markup and blocks."""
    b = builder or PartsBuilder()
    lines = [_Line(raw) for raw in text.splitlines(keepends=True)]
    _Parser(b, lines).run()
    return b


class _Parser:
    def __init__(self, b: PartsBuilder, lines: list[_Line]) -> None:
        self.b = b
        self.lines = lines
        self.para: list[tuple[str, str, str]] = []  # (prefix, content, eol) per line
        self.para_kind = "paragraph"
        self.list_indent: int | None = None  # content column of the open list item
        self.in_list = False
        self.values: dict[int, str] = {}  # value block (alt text, title, HTML attribute) -> its style
        #: value block -> (host block, tag id, span in the tag's markup, span in the host's raw, side)
        self.hosted: dict[int, tuple[int, str, int, int, int, int, int]] = {}

    # -- paragraphs
    def flush(self, underline: _Line | None = None) -> None:
        if not self.para:
            return
        lines, self.para = self.para, []
        kind = "heading" if underline is not None else self.para_kind
        first_prefix = lines[0][0]
        contents = [c for _, c, _ in lines]
        last = contents[-1]
        stripped_last = last.rstrip()
        contents[-1] = stripped_last
        source = "\n".join(contents)
        raw_parts = []
        for k, (pfx, content, eol) in enumerate(lines):
            if k:
                raw_parts.append(pfx)
            if k < len(lines) - 1:
                raw_parts.append(content + eol)
            else:
                raw_parts.append(stripped_last)
        raw = "".join(raw_parts)
        cont = (lines[0][2] + lines[1][0]) if len(lines) > 1 else None
        self.b.literal(first_prefix)
        if source.strip():
            self.inline_block(kind, source, raw, cont, _raw_offsets(lines) if len(lines) > 1 else None)
        else:
            self.b.literal(raw)
        self.b.literal(last[len(stripped_last):] + lines[-1][2])
        if underline is not None:
            self.b.literal(underline.body + underline.eol)

    def inline_block(self, kind: str, source: str, raw: str, cont: str | None = None,
                     to_raw: Callable[[int], int] | None = None, cell: bool = False) -> None:
        """A block for ``source`` (written ``raw``), and one for each image alt, title and HTML
        attribute value in its markup, hosted by it (rendered into its markup); when the block has
        no text of its own it is literal and those values are blocks in its place."""
        tagged, tags, units = inline_units(source)
        units.sort(key=lambda u: u.start)
        spans = [(to_raw(u.start), to_raw(u.end)) if to_raw else (u.start, u.end) for u in units]
        if strip_tags(tagged).strip():
            host = self.b.block(kind, tagged, tags, raw, cont)
            for u, (c, d) in zip(units, spans):
                blk = self.value_block(u.kind, u.note, u.style, u.text, u.tags, raw[c:d], cell)
                if blk is not None:
                    self.hosted[blk.index] = (host.index, u.tag_id, u.a, u.b, c, d, u.side)
                    self.b.info["hosted"] = self.hosted
            return
        pos = 0
        for u, (c, d) in zip(units, spans):
            if strip_tags(u.text).strip():
                self.b.literal(raw[pos:c])
                self.value_block(u.kind, u.note, u.style, u.text, u.tags, raw[c:d], cell)
                pos = d
        self.b.literal(raw[pos:])

    def value_block(self, kind: str, note: str, style: str, text: str, tags: dict[str, tuple[str, str]],
                    raw: str, cell: bool) -> Block | None:
        """A block for an alt text, title or attribute value (None when it has no text)."""
        if not strip_tags(text).strip():
            return None
        blk = self.b.block(kind, text, tags, raw, note=note)  # (never None: the text is not empty)
        self.values[blk.index] = style + ("|" if cell else "")
        self.b.info["md_values"] = self.values
        return blk

    def link_definition(self, ln: _Line) -> None:
        """``[label]: url "title"`` is literal but for its title, a block (kind ``link_title``)."""
        m = _LINKDEF_TITLE.match(ln.rest)
        tagged, tags = title_text(m.group("title")[1:-1], m.group("title")[0]) if m else ("", {})
        if not strip_tags(tagged).strip():
            self.b.literal(ln.body + ln.eol)
            return
        start, end = m.start("title") + 1, m.end("title") - 1
        self.b.literal(ln.bq + ln.rest[:start])
        self.value_block("link_title", "Link title (reference definition)", "title" + ln.rest[start - 1],
                         tagged, tags, ln.rest[start:end], False)
        self.b.literal(ln.rest[end:] + ln.eol)

    def start_para(self, kind: str, prefix: str, content: str, eol: str) -> None:
        self.para_kind = kind
        lead = len(content) - len(content.lstrip())
        self.para = [(prefix + content[:lead], content[lead:], eol)]

    # -- main loop
    def run(self) -> None:
        lines, b = self.lines, self.b
        i = 0
        if lines and lines[0].body.rstrip() == "---":  # front matter
            for j in range(1, len(lines)):
                if lines[j].body.rstrip() in ("---", "..."):
                    b.literal("".join(ln.body + ln.eol for ln in lines[: j + 1]))
                    i = j + 1
                    break
        while i < len(lines):
            i = self.line(i)
        self.flush()

    def line(self, i: int) -> int:
        ln = self.lines[i]
        b = self.b
        rest = ln.rest
        if ln.blank:
            self.flush()
            b.literal(ln.body + ln.eol)
            return i + 1
        indent = _indent(rest)
        if self.para:
            if self.para_kind == "paragraph" and _SETEXT.match(rest) and indent < 4:
                self.flush(underline=ln)
                return i + 1
            if self.interrupts(ln, indent):
                self.flush()
            else:
                lead = len(rest) - len(rest.lstrip())
                self.para.append((ln.bq + rest[:lead], rest[lead:], ln.eol))
                return i + 1
        return self.start(i, ln, indent)

    def interrupts(self, ln: _Line, indent: int) -> bool:
        """Does ``ln`` end the open paragraph (instead of continuing it)?"""
        rest = ln.rest
        if ln.bq.count(">") > self.para[0][0].count(">"):
            return True
        if indent >= 4 and (self.list_indent is None or indent - self.list_indent >= 4):
            return False
        if _FENCE.match(rest) or _ATX.match(rest) or _HR.match(rest):
            return True
        if _HTML_RAW.match(rest) or _HTML_COMMENT.match(rest) or _HTML_BLOCK.match(rest):
            return True
        if _LINKDEF.match(rest) or _FOOTDEF.match(rest):
            return True
        m = _LIST.match(rest)
        if m and m.group(3):
            marker = m.group(2)
            if self.in_list or not marker[0].isdigit() or marker[:-1] == "1":
                return True
        return False

    def start(self, i: int, ln: _Line, indent: int) -> int:
        b, rest = self.b, ln.rest
        lines = self.lines
        base = self.list_indent if self.list_indent is not None and indent >= self.list_indent else 0
        if indent - base >= 4:  # indented code
            j = i
            while j < len(lines) and (lines[j].blank or _indent(lines[j].rest) - base >= 4):
                j += 1
            while j > i + 1 and lines[j - 1].blank:
                j -= 1
            b.literal("".join(x.body + x.eol for x in lines[i:j]))
            return j
        m = _FENCE.match(rest)
        if m:
            fence = m.group(1)
            j = i + 1
            while j < len(lines):
                r = lines[j].rest.strip()
                if r.startswith(fence[0] * len(fence)) and not r.strip(fence[0]):
                    j += 1
                    break
                j += 1
            b.literal("".join(x.body + x.eol for x in lines[i:j]))
            return j
        m = _ATX.match(rest)
        if m:
            content = rest[m.end():]
            close = _ATX_CLOSE.search(content)
            tail = ""
            if close:
                tail = content[close.start():]
                content = content[:close.start()]
            self.para_kind = "heading"
            self.para = [(ln.bq + rest[:m.end()], content, ln.eol)]
            self.flush_with_tail(tail)
            return i + 1
        if _HR.match(rest):
            b.literal(ln.body + ln.eol)
            return i + 1
        j = self.html_block(i, rest)
        if j:
            return j
        if _LINKDEF.match(rest):
            self.link_definition(ln)
            return i + 1
        m = _FOOTDEF.match(rest)
        if m:
            self.start_para("footnote", ln.bq + rest[:m.end()], rest[m.end():], ln.eol)
            return i + 1
        if "|" in rest and i + 1 < len(lines) and _TABLE_DELIM.match(lines[i + 1].rest) \
                and "|" in lines[i + 1].rest + rest:
            return self.table(i)
        m = _LIST.match(rest)
        if m:
            marker_end = m.end()
            task = _TASK.match(rest, marker_end)
            if task:
                marker_end = task.end()
            content = rest[marker_end:]
            self.in_list = True
            spaces = _indent(m.group(3)) if m.group(3) else 1
            self.list_indent = _indent(m.group(1)) + len(m.group(2)) + (spaces if spaces <= 4 else 1)
            if not content.strip():
                b.literal(ln.body + ln.eol)
                return i + 1
            self.start_para("list_item", ln.bq + rest[:marker_end], content, ln.eol)
            return i + 1
        if self.list_indent is not None and indent < self.list_indent and i > 0 and self.lines[i - 1].blank:
            self.list_indent = None
            self.in_list = False
        self.start_para("paragraph", ln.bq, rest, ln.eol)
        return i + 1

    def flush_with_tail(self, tail: str) -> None:
        prefix, content, eol = self.para[0]
        self.para = [(prefix, content, "")]
        self.flush()
        self.b.literal(tail + eol)

    def html_block(self, i: int, rest: str) -> int:
        """Emit an HTML block starting at line ``i`` as literal; return the next line (0: none)."""
        lines = self.lines
        m = _HTML_RAW.match(rest)
        end_marker = None
        if m:
            end_marker = f"</{m.group(1).lower()}>"
        elif _HTML_COMMENT.match(rest):
            end_marker = "-->"
        elif not (_HTML_BLOCK.match(rest) or _HTML_LINE.match(rest)):
            return 0
        j = i
        while j < len(lines):
            if end_marker is not None:
                if end_marker in lines[j].body.lower():
                    j += 1
                    break
            elif lines[j].blank:
                break
            j += 1
        self.b.literal("".join(x.body + x.eol for x in lines[i:j]))
        return j

    def table(self, i: int) -> int:
        lines = self.lines
        self.table_row(lines[i])
        self.b.literal(lines[i + 1].body + lines[i + 1].eol)
        j = i + 2
        while j < len(lines) and not lines[j].blank and "|" in lines[j].rest:
            self.table_row(lines[j])
            j += 1
        return j

    def table_row(self, ln: _Line) -> None:
        b, rest = self.b, ln.rest
        b.literal(ln.bq)
        for k, cell in enumerate(_split_cells(rest)):
            if k % 2:
                b.literal(cell)  # a pipe
                continue
            core = cell.strip()
            if not core:
                b.literal(cell)
                continue
            lead = cell.index(core[0])
            b.literal(cell[:lead])
            self.inline_block("table_cell", core, core, cell=True)
            b.literal(cell[lead + len(core):])
        b.literal(ln.eol)


def _raw_offsets(lines: list[tuple[str, str, str]]) -> Callable[[int], int]:
    """Offset in a multi-line block's raw text (line prefixes, CRLF) of an offset in its source
    (lines joined by ``\n``)."""
    starts, shifts = [0], [0]
    for k in range(len(lines) - 1):
        starts.append(starts[-1] + len(lines[k][1]) + 1)
        shifts.append(shifts[-1] + len(lines[k][2]) + len(lines[k + 1][0]) - 1)
    return lambda p: p + shifts[bisect_right(starts, p) - 1]


def _split_cells(row: str) -> list[str]:
    """Alternating cell text and ``|`` separators (unescaped pipes outside code spans)."""
    out, pos, i, n = [], 0, 0, len(row)
    while i < n:
        ch = row[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`":
            run = 0
            while i + run < n and row[i + run] == "`":
                run += 1
            close = row.find("`" * run, i + run)
            i = close + run if close >= 0 else i + run
            continue
        if ch == "|":
            out.append(row[pos:i])
            out.append("|")
            pos = i + 1
        i += 1
    out.append(row[pos:])
    return out


# ----------------------------------------------------------------------------- rendering

_ESCAPE = re.compile(r"[\\`*\[\]]|~~|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|<(?=[A-Za-z/!?])")
_ESCAPE_CELL = re.compile(_ESCAPE.pattern + r"|\|")


def _escape(text: str, rx: re.Pattern = _ESCAPE) -> str:
    return rx.sub(lambda m: "".join("\\" + c for c in m.group()), text)


def render_block(block: Block, translation: str, info: dict) -> str:
    """Markup back in place, Markdown-special characters of the translation escaped."""
    if block.index in info.get("md_values", {}):
        return render_value(block, translation, info)
    rx = _ESCAPE_CELL if block.kind == "table_cell" else _ESCAPE
    out = fill_tags(translation, block.tags, lambda t: _escape(t, rx))
    cont = info.get("cont", {}).get(block.index)
    if block.kind == "table_cell" or (block.kind == "heading" and not cont):
        return out.replace("\n", " ")  # a line break would end the cell / heading
    return out.replace("\n", cont) if cont else out


def render_value(block: Block, translation: str, info: dict) -> str:
    """An alt text, title or inline HTML attribute translation as its source text.

    Why each escape: an alt is inline Markdown inside ``![…]`` (``[ ] \\ * _ ` <`` escaped as in
    block text), a title ends at its quote (``\\"``, ``\\'``, ``\\(``/``\\)``) and decodes
    backslashes and entities (``\\\\``, ``\\&``), raw HTML takes HTML escapes; none may hold a line
    break (it could end a blockquote line or a table row) and in a table cell none may hold ``|``."""
    style = info.get("md_values", {}).get(block.index, "alt")
    cell = style.endswith("|")
    style = style[:-1] if cell else style
    if style == "alt":
        rx = _ESCAPE_CELL if cell else _ESCAPE
        return fill_tags(translation, block.tags, lambda t: _escape(t, rx)).replace("\r", " ").replace("\n", " ")
    if style.startswith("title"):
        return fill_tags(translation, block.tags, lambda t: escape_title(t, style[5:], cell))
    value = html_value(block, translation, {"attrs": {block.index: style[4:]}}).replace("\n", " ")
    return value.replace("|", "&#124;") if cell else value


def render(doc: Document, translations: Mapping[int, str], *, render_block: RenderBlock = render_block,
           escape_raw: Callable[[str], str] | None = None) -> str:
    """The article with ``translations`` applied; an alt text, title or attribute value hosted by a
    block is written into that block's markup (``l10n.formats.base.render_hosted``).  A container
    format (CMS JSON) passes its own ``render_block`` and ``escape_raw``."""
    info = doc.meta.get(RENDER_KEY, {})
    info = {**info, "raw": int_keys(info.get("raw", {})), "cont": int_keys(info.get("cont", {})),
            "hosted": int_keys(info.get("hosted", {})), "md_values": int_keys(info.get("md_values", {}))}
    patches = hosted_patches(doc, translations, info["hosted"], render_value, info)
    return render_hosted(doc, translations, info, render_block, patches, None, escape_raw)
