"""HTML articles and pages, read with our linear tokenizer (``l10n.formats.htmltokens``).

Every token keeps its exact source position, so literal parts are the original bytes.

Blocks are *inline runs*: the text and inline elements directly inside a block container
(``p``, ``h1``–``h6``, ``li``, ``dt``, ``dd``, ``blockquote``, ``td``, ``th``, ``caption``,
``figcaption``, ``title``, ``summary``, ``label``, ``button``, ``option``, ``legend``) or directly
inside a sectioning element (``div``, ``section``, ``article``, ``body``, ``main``, ``header``,
``footer``, ``aside``, ``nav``, ``figure``, ``form``, ``details``; also top-level text of a
fragment).  A nested block element ends a run, so ``<li>One <ul>…</ul></li>`` gives one block
for "One" and blocks for the nested items.

Inside a block: ``a em strong b i u s span sup sub small mark q cite abbr time del ins`` (and
unknown elements) are paired placeholders; ``br img wbr input`` and comments are standalone;
``code kbd samp var script style svg math`` and any element with ``translate="no"`` or class
``notranslate`` are one standalone placeholder holding the whole element verbatim.  ``pre``,
``script``, ``style`` and ``head`` (except ``title``) text is never touched.

Attributes: the values of ``alt``, ``title``, ``aria-label`` and ``placeholder`` (on any element)
and the ``content`` of ``<meta name|property=…>`` for a description or title (``META_TEXT``) are
blocks of their own (kind ``attr-alt``, ``meta-og-title`` …, ``Block.note`` naming the element and
attribute).  Every other attribute (``href``, ``src``, ``data-*`` …), the attributes of elements
inside a verbatim or ``translate="no"`` element, those of the ``translate="no"`` element itself
and of ``code pre script style kbd samp var`` are never touched (``<iframe title>``, ``<video
aria-label>`` are translated).  An attribute block of a tag that sits inside another block (``<a title>`` in a
paragraph) follows that block in ``Document.parts`` and is rendered into its markup.  A translated
value is escaped for its quotes (``&quot;`` in ``"…"``, ``&#39;`` in ``'…'``; an unquoted value is
written in double quotes).

Language: ``render(lang=…)`` writes the target language into the root ``<html>``'s ``lang`` and
``xml:lang`` and into every other ``lang``/``xml:lang`` equal (case-insensitively) to the root's; other
values (a ``lang="fr"`` quote) and ``dir`` stay, and a page without a root ``lang`` changes none.

Block text is unescaped (``&amp;`` -> ``&``, ``&nbsp;`` -> U+00A0) with whitespace runs collapsed
to one space; a translation is re-escaped (``& < >``, U+00A0 -> ``&nbsp;``) when rendered, and an
untranslated block is written back from its source bytes.
"""

from __future__ import annotations

import html
import re
from typing import Callable, Mapping, NamedTuple

from l10n.document import Block, Document
from l10n.formats.base import RENDER_KEY, PartsBuilder, RenderBlock, hosted_patches, int_keys, render_hosted
from l10n.formats.htmltokens import tokenize
from l10n.inline import escape_literal, fill_tags, strip_tags

_HEADINGS = {f"h{i}": "heading" for i in range(1, 7)}
BLOCK_CONTAINERS: dict[str, str] = {
    "p": "paragraph", **_HEADINGS, "li": "list_item", "dt": "term", "dd": "definition",
    "blockquote": "quote", "td": "table_cell", "th": "table_cell", "caption": "caption",
    "figcaption": "caption", "title": "title", "summary": "label", "label": "label",
    "button": "label", "option": "label", "legend": "label",
}
RUN_CONTAINERS = {"div", "section", "article", "body", "main", "header", "footer", "aside", "nav",
                  "figure", "form", "fieldset", "details", "center", "html", "dialog", "address"}
STRUCTURAL = {"head", "ul", "ol", "dl", "menu", "table", "thead", "tbody", "tfoot", "tr", "colgroup",
              "col", "hr", "optgroup", "select", "datalist", "hgroup", "frameset", "frame", "noframes",
              "meta", "link", "base"}
BLOCK_LEVEL = set(BLOCK_CONTAINERS) | RUN_CONTAINERS | STRUCTURAL | {"pre"}
#: Never looked into: kept verbatim (a standalone placeholder inside a block, literal outside).
VERBATIM = {"code", "kbd", "samp", "var", "script", "style", "svg", "math", "textarea", "template",
            "noscript", "iframe", "object", "video", "audio", "canvas", "pre"}
#: Verbatim elements whose own attributes stay untouched too (a ``title`` on code names code).
CODE_LIKE = {"code", "kbd", "samp", "var", "pre", "script", "style"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
#: Implicitly closed by a new element of the same group, up to (not past) the given ancestors.
_IMPLIED = {
    "li": ({"li"}, {"ul", "ol", "menu"}), "dt": ({"dt", "dd"}, {"dl"}), "dd": ({"dt", "dd"}, {"dl"}),
    "td": ({"td", "th"}, {"tr", "table"}), "th": ({"td", "th"}, {"tr", "table"}),
    "tr": ({"tr"}, {"table", "thead", "tbody", "tfoot"}), "option": ({"option"}, {"select", "datalist"}),
}
_WS = re.compile(r"[ \t\n\r\f]+")
#: Attributes whose value is text for readers (or screen readers), translated on any element.
TEXT_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder"})
#: ``<meta name=KEY content>`` / ``<meta property=KEY content>`` whose content is translated.
META_TEXT = frozenset({"description", "og:title", "og:description", "og:image:alt",
                       "twitter:title", "twitter:description", "twitter:image:alt"})
#: Attributes naming an element's language: set to the target language on the root ``<html>`` and
#: wherever they repeat the root's language (``render(lang=…)``).
LANG_ATTRIBUTES = frozenset({"lang", "xml:lang"})
#: A language tag we write into markup (BCP 47 shape: ``uk``, ``pt-BR``, ``zh-Hant``).
_LANG_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


class _Attr(NamedTuple):
    """A translatable attribute value: its source span (whitespace inside the quotes trimmed)."""

    tag_start: int
    start: int
    end: int
    quote: str  # '"', "'" or "" (unquoted)
    kind: str
    note: str


def _trimmed(text: str, span: tuple[int, int, str]) -> tuple[int, int]:
    """A value's span without the whitespace inside its quotes (that stays literal)."""
    start, end, _ = span
    chunk = text[start:end]
    return start + len(chunk) - len(chunk.lstrip(" \t\n\r\f")), end - (len(chunk) - len(chunk.rstrip(" \t\n\r\f")))


def _lang_attributes(attrs: list, tag_start: int, text: str, root_lang: str | None) -> list[_Attr]:
    """The ``lang``/``xml:lang`` values of a start tag that name the document's language.

    ``root_lang`` None: this is the root ``<html>``, whose values always do; else only values equal
    (case-insensitively) to the root's language (``""``: the root had none, so none do)."""
    found = []
    for key, value, span in attrs:
        if span is None or key not in LANG_ATTRIBUTES:
            continue
        if root_lang is not None and (not root_lang or (value or "").strip().lower() != root_lang):
            continue
        start, end = _trimmed(text, span)
        if start < end:
            found.append(_Attr(tag_start, start, end, span[2], "lang", ""))
    return found


def _text_attributes(tag: str, attrs: list, tag_start: int, text: str) -> list[_Attr]:
    """The translatable attribute values of one start tag, in source order."""
    meta_key = ""
    if tag == "meta":
        meta_key = next((f'{key}="{(value or "").strip().lower()}"' for key, value, _ in attrs
                         if key in ("name", "property") and (value or "").strip().lower() in META_TEXT), "")
    found = []
    for key, _, span in attrs:
        if span is None or not (key in TEXT_ATTRIBUTES or (meta_key and key == "content")):
            continue
        quote = span[2]
        start, end = _trimmed(text, span)
        if start >= end:
            continue
        if key == "content":
            name = meta_key.split('"')[1]
            found.append(_Attr(tag_start, start, end, quote, "meta-" + name.replace(":", "-"),
                               f"Attribute: <meta {meta_key} content>"))
        else:
            found.append(_Attr(tag_start, start, end, quote, f"attr-{key}", f"Attribute: <{tag} {key}>"))
    return found


def attribute_text(raw: str, quote: str) -> tuple[str, dict[str, tuple[str, str]]]:
    """Tagged text and tags of an attribute value's source ``raw`` (between two ``quote`` characters).

    Entities are decoded and whitespace runs collapsed, as a browser shows the value; URLs and
    placeholder look-alikes become standalone placeholders restored escaped for the quote."""
    tags: dict[str, tuple[str, str]] = {}
    tagged, _ = escape_literal(_WS.sub(" ", html.unescape(raw)), tags, 1,
                               lambda s: _escape_attr(s, quote), urls=True)
    return tagged, tags


def tag_text_attributes(markup: str) -> list[tuple[int, int, str, str, str]]:
    """``(start, end, quote, kind, note)`` of each translatable value in one start tag's ``markup``.

    Why: inline HTML inside other formats (Markdown) follows the rules of HTML files — the same
    attributes, none on code-like or ``translate="no"`` elements — without a second list of them."""
    events = tokenize(markup)
    if not events or events[0][0] not in ("start", "startend"):
        return []
    _, _, name, attrs = events[0]
    if name in CODE_LIKE or _no_translate(attrs):
        return []
    return [(a.start, a.end, a.quote, a.kind, a.note) for a in _text_attributes(name, attrs, 0, markup)]


def _no_translate(attrs: list) -> bool:
    for key, value, _ in attrs:
        if key == "translate" and (value or "").strip().lower() == "no":
            return True
        if key == "class" and "notranslate" in (value or "").split():
            return True
    return False


def parse(text: str, builder: PartsBuilder | None = None) -> PartsBuilder:
    """Split an HTML document or fragment into literal markup and blocks (attribute values too).

    ``builder.info`` gets what ``render`` needs beyond the parts: the quote of each attribute block
    (``attrs``), where a hosted one goes in its host (``hosted``), and where the language attributes
    stand (``lang_literal``, ``lang_hosted``)."""
    b = builder or PartsBuilder()
    events = tokenize(text)
    offsets = [e[1] for e in events] + [len(text)]
    if any(offsets[k] > offsets[k + 1] for k in range(len(offsets) - 1)) or (events and offsets[0] != 0):
        # Positions we cannot trust: keep the page intact rather than guess.
        b.literal(text)
        return b
    _Walker(b, text, events, offsets).run()
    return b


class _OpenElements:
    """The stack of open elements, with O(1) "last ``name``" and "nearest block-level" queries.

    Deeply nested or never-closed elements (``<div>`` × 100k, ``<li><ul>`` × 100k) are normal in
    hostile pages; a list searched from the top on every tag made parsing quadratic.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.at: dict[str, list[int]] = {}  # name -> its stack positions, ascending
        self.block: list[int] = []  # per position: nearest block-level position at or below (-1)

    def push(self, name: str) -> None:
        pos = len(self.names)
        self.names.append(name)
        self.at.setdefault(name, []).append(pos)
        self.block.append(pos if name in BLOCK_LEVEL else (self.block[-1] if self.block else -1))

    def last(self, name: str) -> int:
        """Position of the innermost open ``name`` (-1: none)."""
        found = self.at.get(name)
        return found[-1] if found else -1

    def nearest_block(self) -> int:
        return self.block[-1] if self.block else -1

    def truncate(self, pos: int) -> None:
        """Close the element at ``pos`` and everything inside it (cost: what is closed)."""
        while len(self.names) > pos:
            self.at[self.names.pop()].pop()
            self.block.pop()


class _Walker:
    def __init__(self, b: PartsBuilder, text: str, events: list, offsets: list[int]) -> None:
        self.b, self.text, self.events, self.offsets = b, text, events, offsets
        self.stack = _OpenElements()
        self.run_items: list[tuple[str, int, int, str]] = []  # (kind, start, end, tag name)
        self.run_kind = "paragraph"
        self.ends = _element_ends(events)
        # Translatable attribute values of the tags seen so far, in source order; the ones before
        # ``attr_next`` are placed (a block of their own, or left in a literal).
        self.attr_spans: list[_Attr] = []
        self.attr_next = 0
        self.attr_quotes: dict[int, str] = {}  # attribute block index -> quote
        #: attribute block index -> (host block, tag id, value span in the tag's markup, in the host's raw)
        self.hosted: dict[int, tuple[int, str, int, int, int, int]] = {}
        self.root_lang: str | None = None  # the root <html>'s language, lower case ("" none; None: not seen)
        #: language values: [part position, start, end, quote] in a literal; [host, tag id, a, b, c, d, quote]
        self.lang_literal: list[list] = []
        self.lang_hosted: list[list] = []

    def note_attributes(self, name: str, attrs: list, start: int) -> None:
        """Queue the translatable and language attribute values of a start tag at ``start``."""
        if not attrs:
            return
        found = _text_attributes(name, attrs, start, self.text)
        if name == "html" and self.root_lang is None:
            found += _lang_attributes(attrs, start, self.text, None)
            self.root_lang = next(((v or "").strip().lower() for k, v, _ in attrs if k in LANG_ATTRIBUTES), "")
        elif self.root_lang:
            found += _lang_attributes(attrs, start, self.text, self.root_lang)
        self.attr_spans += sorted(found, key=lambda a: a.start)

    def emit(self, start: int, end: int) -> None:
        """``text[start:end]`` as literal markup, each queued attribute value in it a block of its own."""
        spans = self.attr_spans
        while self.attr_next < len(spans) and spans[self.attr_next].start < end:
            a = spans[self.attr_next]
            self.attr_next += 1
            if a.start < start or a.end > end:  # already written out verbatim
                continue
            self.b.literal(self.text[start:a.start])
            if a.kind == "lang":
                pos, at = self.b.mark()
                self.lang_literal.append([pos, at, at + a.end - a.start, a.quote])
                self.b.info["lang_literal"] = self.lang_literal
            if a.kind == "lang" or self.attribute_block(a) is None:
                self.b.literal(self.text[a.start:a.end])
            start = a.end
        self.b.literal(self.text[start:end])

    def attribute_block(self, a: _Attr) -> Block | None:
        """A block for one attribute value (None if it has no text to translate)."""
        raw = self.text[a.start:a.end]
        tagged, tags = attribute_text(raw, a.quote)
        if not strip_tags(tagged).strip():
            return None
        blk = self.b.block(a.kind, tagged, tags, raw, note=a.note)  # (never None: the text is not empty)
        self.attr_quotes[blk.index] = a.quote
        self.b.info["attrs"] = self.attr_quotes
        return blk

    def host_attributes(self, host: Block, ids: dict[int, str], lo: int, hi: int) -> None:
        """Blocks for the attribute values of the inline tags inside the block ``host`` (source ``[lo, hi)``)."""
        spans = self.attr_spans
        while self.attr_next < len(spans) and spans[self.attr_next].start < hi:
            a = spans[self.attr_next]
            self.attr_next += 1
            if a.start < lo or a.tag_start not in ids:
                continue
            if a.kind == "lang":
                self.lang_hosted.append([host.index, ids[a.tag_start], a.start - a.tag_start, a.end - a.tag_start,
                                         a.start - lo, a.end - lo, a.quote])
                self.b.info["lang_hosted"] = self.lang_hosted
                continue
            blk = self.attribute_block(a)
            if blk is not None:
                self.hosted[blk.index] = (host.index, ids[a.tag_start], a.start - a.tag_start,
                                          a.end - a.tag_start, a.start - lo, a.end - lo)
                self.b.info["hosted"] = self.hosted

    def raw(self, k: int) -> tuple[int, int]:
        return self.offsets[k], self.offsets[k + 1]

    def context(self) -> str | None:
        """Block kind if text here belongs to a block, else None."""
        pos = self.stack.nearest_block()
        if pos < 0:
            return "paragraph"
        name = self.stack.names[pos]
        if name in BLOCK_CONTAINERS:
            return BLOCK_CONTAINERS[name]
        return "paragraph" if name in RUN_CONTAINERS else None

    def add(self, kind: str, start: int, end: int, name: str = "") -> bool:
        """Add an inline item to the current run (starting one); False if not in a block context."""
        if not self.run_items:
            ctx = self.context()
            if ctx is None:
                return False
            self.run_kind = ctx
        self.run_items.append((kind, start, end, name))
        return True

    def element_end(self, k: int, name: str) -> int:
        """Index of the event closing the element started at event ``k`` (``k`` if none)."""
        return self.ends.get(k, k)

    def run(self) -> None:
        k = 0
        events = self.events
        while k < len(events):
            kind, _, name, attrs = events[k]
            start, end = self.raw(k)
            if kind in ("data", "other"):
                if not self.add("text" if kind == "data" else "other", start, end):
                    self.b.literal(self.text[start:end])
                k += 1
                continue
            if kind in ("start", "startend") and (name in VERBATIM or _no_translate(attrs)):
                last = k if (kind == "startend" or name in VOID) else self.element_end(k, name)
                start, end = self.offsets[k], self.offsets[last + 1]
                if name not in CODE_LIKE and not _no_translate(attrs):  # own attributes: <iframe title>
                    self.note_attributes(name, attrs, start)
                if name in BLOCK_LEVEL or not self.add("alone", start, end):
                    self.flush()
                    self.emit(start, end)
                k = last + 1
                continue
            if kind != "end":
                self.note_attributes(name, attrs, start)
            if name not in BLOCK_LEVEL:  # inline element
                if kind == "end":
                    self.close(name)
                    if not self.add("close", start, end, name):
                        self.b.literal(self.text[start:end])
                else:
                    void = kind == "startend" or name in VOID
                    if not self.add("alone" if void else "open", start, end, name):
                        self.emit(start, end)
                    if not void:
                        self.stack.push(name)
                k += 1
                continue
            # block-level element: ends the current run
            self.flush()
            if kind == "end":
                self.close(name)
            elif kind == "start" and name not in VOID:
                self.implied_close(name)
                self.stack.push(name)
            self.emit(start, end)
            k += 1
        self.flush()

    def close(self, name: str) -> None:
        """An end tag closes the innermost open ``name`` (and what is open inside it)."""
        pos = self.stack.last(name)
        if pos >= 0:
            self.stack.truncate(pos)

    def implied_close(self, name: str) -> None:
        top = self.stack.last("p")
        if top >= 0 and self.stack.nearest_block() == top:  # a block element closes an open paragraph
            self.stack.truncate(top)
        group = _IMPLIED.get(name)
        if group:
            same, stop = group
            innermost_same = max(self.stack.last(n) for n in same)
            if innermost_same > max(self.stack.last(n) for n in stop):
                self.stack.truncate(innermost_same)

    def flush(self) -> None:
        items, self.run_items = self.run_items, []
        if not items:
            return
        text = self.text
        run_start, run_end = items[0][1], items[-1][2]
        # Trim leading/trailing whitespace into literals.
        first, last = 0, len(items)

        def trimmable(item: tuple[str, int, int, str]) -> bool:  # whitespace, comments, doctype
            return item[0] == "other" or (item[0] == "text" and not text[item[1]:item[2]].strip())

        while first < last and trimmable(items[first]):
            first += 1
        while last > first and trimmable(items[last - 1]):
            last -= 1
        core = items[first:last]
        if not any(it[0] == "text" and html.unescape(text[it[1]:it[2]]).strip() for it in core):
            # nothing but whitespace, &nbsp;, markup: e.g. the CMS favourite <p>&nbsp;</p>
            self.emit(run_start, run_end)
            return
        lo = core[0][1]
        if core[0][0] == "text":
            chunk = text[core[0][1]:core[0][2]]
            lo += len(chunk) - len(chunk.lstrip())
        hi = core[-1][2]
        if core[-1][0] == "text":
            chunk = text[core[-1][1]:core[-1][2]]
            hi -= len(chunk) - len(chunk.rstrip())
        self.emit(run_start, lo)
        tagged, tags, ids = _tag_run(text, core, lo, hi)
        host = self.b.block(self.run_kind, tagged, tags, text[lo:hi]) if strip_tags(tagged).strip() else None
        if host is None:  # nothing but URLs: literal (with any attribute blocks of its tags)
            self.emit(lo, hi)
        else:
            self.host_attributes(host, ids, lo, hi)
        self.emit(hi, run_end)


def _tag_run(text: str, items: list[tuple[str, int, int, str]], lo: int, hi: int
             ) -> tuple[str, dict[str, tuple[str, str]], dict[int, str]]:
    """Tagged text for the run ``items`` clipped to ``[lo, hi)``, its tags, and the tag id of each
    markup item by its source offset."""
    # Pair open/close items by tag name; the rest become standalone.
    partner = _pair_items(items)
    tags: dict[str, tuple[str, str]] = {}
    out: list[str] = []
    pending: list[str] = []
    ids: dict[int, int] = {}
    at: dict[int, str] = {}
    next_id = 1

    def flush_text() -> None:
        nonlocal next_id
        if pending:
            plain = _WS.sub(" ", html.unescape("".join(pending)))
            tagged, next_id = escape_literal(plain, tags, next_id, lambda s: html.escape(s, quote=False), urls=True)
            out.append(tagged)
            pending.clear()

    for idx, (kind, start, end, _) in enumerate(items):
        start, end = max(start, lo), min(end, hi)
        if kind == "text":
            pending.append(text[start:end])
            continue
        flush_text()
        markup = text[start:end]
        if kind == "open" and idx in partner:
            ids[idx] = next_id
            tags[str(next_id)] = (markup, text[items[partner[idx]][1]:items[partner[idx]][2]])
            out.append(f"<{next_id}>")
        elif kind == "close" and idx in partner:
            out.append(f"</{ids[partner[idx]]}>")
            continue
        else:
            tags[str(next_id)] = (markup, "")
            out.append(f"<{next_id}/>")
        at[start] = str(next_id)
        next_id += 1
    flush_text()
    return "".join(out), tags, at


def _pair_items(items: list[tuple[str, int, int, str]]) -> dict[int, int]:
    """Partner index of each paired open/close item: a close pairs with the innermost open of its name."""
    partner: dict[int, int] = {}
    open_stack: list[tuple[str, int]] = []
    open_count: dict[str, int] = {}
    for idx, (kind, _, _, name) in enumerate(items):
        if kind == "open":
            open_stack.append((name, idx))
            open_count[name] = open_count.get(name, 0) + 1
        elif kind == "close" and open_count.get(name):
            while True:  # pops only the opens the pair encloses: amortised O(1)
                other, at = open_stack.pop()
                open_count[other] -= 1
                if other == name:
                    break
            partner[at], partner[idx] = idx, at
    return partner


def _element_ends(events: list) -> dict[int, int]:
    """For each start event, the index of the end event of the same name that closes it."""
    ends: dict[int, int] = {}
    open_at: dict[str, list[int]] = {}
    for j, (kind, _, tag, _) in enumerate(events):
        if kind == "start":
            open_at.setdefault(tag, []).append(j)
        elif kind == "end" and open_at.get(tag):
            ends[open_at[tag].pop()] = j
    return ends


def _escape(text: str) -> str:
    return html.escape(text, quote=False).replace("\u00a0", "&nbsp;")


def _escape_attr(text: str, quote: str) -> str:
    """Text for an attribute value between ``quote`` characters (``""``: unquoted, written in ``"…"``)."""
    escaped = _escape(text)
    return escaped.replace("'", "&#39;") if quote == "'" else escaped.replace('"', "&quot;")


def _render_value(block: Block, translation: str, quote: str) -> str:
    """An attribute block's translation as the source text of the value (quotes added if it had none)."""
    value = fill_tags(translation, block.tags, lambda s: _escape_attr(s, quote))
    return value if quote else f'"{value}"'


def render_block(block: Block, translation: str, info: dict) -> str:
    """Markup back in place; the translation's text HTML-escaped (for its quotes, in an attribute)."""
    quote = info.get("attrs", {}).get(block.index)
    if quote is not None:
        return _render_value(block, translation, quote)
    return fill_tags(translation, block.tags, _escape)


def render(doc: Document, translations: Mapping[int, str], *, lang: str | None = None,
           render_block: RenderBlock = render_block, escape_raw: Callable[[str], str] | None = None) -> str:
    """The page with ``translations`` applied, attribute values inside other blocks' markup included.

    An attribute block hosted by a block (``<a title>`` in a paragraph) is not rendered where it
    stands in ``parts``: its value is put into the host's tag markup (or, for an untranslated host,
    into its source text) at the recorded offsets, in one pass per string.  ``lang`` (the target
    language) replaces the root's ``lang``/``xml:lang`` and the inner ones equal to it; None keeps
    them.  A container format reuses this with its own ``render_block`` and ``escape_raw`` (how an
    HTML value is written into a block's recorded source: JSON string escaping for CMS JSON)."""
    info = doc.meta.get(RENDER_KEY, {})
    info = {**info, "raw": int_keys(info.get("raw", {})), "attrs": int_keys(info.get("attrs", {})),
            "hosted": int_keys(info.get("hosted", {}))}
    patches = hosted_patches(doc, translations, info["hosted"], render_value, info)
    literal_edits = _lang_edits(info, lang, patches)
    return render_hosted(doc, translations, info, render_block, patches, literal_edits, escape_raw)


def render_value(block: Block, translation: str, info: dict) -> str:
    """A hosted attribute block's translation as value source text, escaped for its recorded quote."""
    return _render_value(block, translation, info.get("attrs", {}).get(block.index, '"'))


def _lang_edits(info: dict, lang: str | None, patches: dict[int, list]) -> dict[int, list]:
    """Add the language values in hosts' markup to ``patches``; return the edits to literal parts
    ``{part position: [(start, end, value)]}`` (none without a well-formed ``lang``)."""
    literal_edits: dict[int, list] = {}
    if lang is None or not _LANG_TAG.fullmatch(lang):  # (a tag of that shape needs no escaping)
        return literal_edits
    for host, tag_id, a, b, c, d, _ in info.get("lang_hosted", []):
        patches.setdefault(int(host), []).append((c, d, a, b, tag_id, 0, lang))
    for pos, start, end, _ in info.get("lang_literal", []):
        literal_edits.setdefault(pos, []).append((start, end, lang))
    return literal_edits
