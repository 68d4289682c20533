"""HTML articles and pages, read with the standard library's ``html.parser``.

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
``script``, ``style``, ``head`` (except ``title``) and attributes are never touched.

Block text is unescaped (``&amp;`` -> ``&``, ``&nbsp;`` -> U+00A0) with whitespace runs collapsed
to one space; a translation is re-escaped (``& < >``, U+00A0 -> ``&nbsp;``) when rendered, and an
untranslated block is written back from its source bytes.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from l10n.document import Block
from l10n.formats.base import PartsBuilder
from l10n.inline import escape_literal, fill_tags

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
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
#: Implicitly closed by a new element of the same group, up to (not past) the given ancestors.
_IMPLIED = {
    "li": ({"li"}, {"ul", "ol", "menu"}), "dt": ({"dt", "dd"}, {"dl"}), "dd": ({"dt", "dd"}, {"dl"}),
    "td": ({"td", "th"}, {"tr", "table"}), "th": ({"td", "th"}, {"tr", "table"}),
    "tr": ({"tr"}, {"table", "thead", "tbody", "tfoot"}), "option": ({"option"}, {"select", "datalist"}),
}
_WS = re.compile(r"[ \t\n\r\f]+")


class _Tokens(HTMLParser):
    """Record every token as ``(type, start offset, tag name, attrs)``."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.events: list[tuple[str, int, str, list]] = []

    def _add(self, kind: str, tag: str = "", attrs: list | None = None) -> None:
        line, col = self.getpos()
        self.events.append((kind, self.line_starts[line - 1] + col, tag, attrs or []))

    def handle_starttag(self, tag, attrs):
        self._add("start", tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._add("startend", tag, attrs)

    def handle_endtag(self, tag):
        self._add("end", tag)

    def handle_data(self, data):
        self._add("data")

    def handle_entityref(self, name):
        self._add("data")

    def handle_charref(self, name):
        self._add("data")

    def handle_comment(self, data):
        self._add("other")

    def handle_decl(self, decl):
        self._add("other")

    def handle_pi(self, data):
        self._add("other")

    def unknown_decl(self, data):
        self._add("other")


def _no_translate(attrs: list) -> bool:
    for key, value in attrs:
        if key == "translate" and (value or "").strip().lower() == "no":
            return True
        if key == "class" and "notranslate" in (value or "").split():
            return True
    return False


def parse(text: str, builder: PartsBuilder | None = None) -> PartsBuilder:
    """Split an HTML document or fragment into literal markup and blocks."""
    b = builder or PartsBuilder()
    tok = _Tokens(text)
    try:
        tok.feed(text)
        tok.close()
    except AssertionError:  # html.parser gives up on some broken declarations ("<![x")
        # Everything from the token it choked on to the end stays verbatim.
        line, col = tok.getpos()
        tok.events.append(("other", tok.line_starts[line - 1] + col, "", []))
    events = tok.events
    offsets = [e[1] for e in events] + [len(text)]
    if any(offsets[k] > offsets[k + 1] for k in range(len(offsets) - 1)) or (events and offsets[0] != 0):
        # Positions we cannot trust: keep the page intact rather than guess.
        b.literal(text)
        return b
    _Walker(b, text, events, offsets).run()
    return b


class _Walker:
    def __init__(self, b: PartsBuilder, text: str, events: list, offsets: list[int]) -> None:
        self.b, self.text, self.events, self.offsets = b, text, events, offsets
        self.stack: list[str] = []
        self.run_items: list[tuple[str, int, int, str]] = []  # (kind, start, end, tag name)
        self.run_kind = "paragraph"

    def raw(self, k: int) -> tuple[int, int]:
        return self.offsets[k], self.offsets[k + 1]

    def context(self) -> str | None:
        """Block kind if text here belongs to a block, else None."""
        for name in reversed(self.stack):
            if name in BLOCK_CONTAINERS:
                return BLOCK_CONTAINERS[name]
            if name in RUN_CONTAINERS:
                return "paragraph"
            if name in BLOCK_LEVEL:
                return None
        return "paragraph"

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
        depth = 0
        for j in range(k, len(self.events)):
            kind, _, tag, _ = self.events[j]
            if tag != name:
                continue
            if kind == "start":
                depth += 1
            elif kind == "end":
                depth -= 1
                if depth == 0:
                    return j
        return k

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
                if name in BLOCK_LEVEL or not self.add("alone", start, end):
                    self.flush()
                    self.b.literal(self.text[start:end])
                k = last + 1
                continue
            if name not in BLOCK_LEVEL:  # inline element
                if kind == "end":
                    if name in self.stack:
                        del self.stack[len(self.stack) - 1 - self.stack[::-1].index(name):]
                    if not self.add("close", start, end, name):
                        self.b.literal(self.text[start:end])
                else:
                    void = kind == "startend" or name in VOID
                    if not self.add("alone" if void else "open", start, end, name):
                        self.b.literal(self.text[start:end])
                    if not void:
                        self.stack.append(name)
                k += 1
                continue
            # block-level element: ends the current run
            self.flush()
            if kind == "end":
                if name in self.stack:
                    del self.stack[len(self.stack) - 1 - self.stack[::-1].index(name):]
            elif kind == "start" and name not in VOID:
                self.implied_close(name)
                self.stack.append(name)
            self.b.literal(self.text[start:end])
            k += 1
        self.flush()

    def implied_close(self, name: str) -> None:
        if "p" in self.stack:  # a block element closes an open paragraph
            top = len(self.stack) - 1 - self.stack[::-1].index("p")
            if all(n not in BLOCK_LEVEL for n in self.stack[top + 1:]):
                del self.stack[top:]
        group = _IMPLIED.get(name)
        if group:
            same, stop = group
            for j in range(len(self.stack) - 1, -1, -1):
                if self.stack[j] in stop:
                    break
                if self.stack[j] in same:
                    del self.stack[j:]
                    break

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
            self.b.literal(text[run_start:run_end])
            return
        lo = core[0][1]
        if core[0][0] == "text":
            chunk = text[core[0][1]:core[0][2]]
            lo += len(chunk) - len(chunk.lstrip())
        hi = core[-1][2]
        if core[-1][0] == "text":
            chunk = text[core[-1][1]:core[-1][2]]
            hi -= len(chunk) - len(chunk.rstrip())
        self.b.literal(text[run_start:lo])
        tagged, tags = _tag_run(text, core, lo, hi)
        self.b.block(self.run_kind, tagged, tags, text[lo:hi])
        self.b.literal(text[hi:run_end])


def _tag_run(text: str, items: list[tuple[str, int, int, str]], lo: int, hi: int
             ) -> tuple[str, dict[str, tuple[str, str]]]:
    """Tagged text for the run ``items`` clipped to ``[lo, hi)``."""
    # Pair open/close items by tag name; the rest become standalone.
    partner: dict[int, int] = {}
    open_stack: list[int] = []
    for idx, (kind, _, _, name) in enumerate(items):
        if kind == "open":
            open_stack.append(idx)
        elif kind == "close":
            for s in range(len(open_stack) - 1, -1, -1):
                if items[open_stack[s]][3] == name:
                    partner[open_stack[s]] = idx
                    partner[idx] = open_stack[s]
                    del open_stack[s:]
                    break
    tags: dict[str, tuple[str, str]] = {}
    out: list[str] = []
    pending: list[str] = []
    ids: dict[int, int] = {}
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
            next_id += 1
        elif kind == "close" and idx in partner:
            out.append(f"</{ids[partner[idx]]}>")
        else:
            tags[str(next_id)] = (markup, "")
            out.append(f"<{next_id}/>")
            next_id += 1
    flush_text()
    return "".join(out), tags


def _escape(text: str) -> str:
    return html.escape(text, quote=False).replace("\u00a0", "&nbsp;")


def render_block(block: Block, translation: str, info: dict) -> str:
    """Markup back in place; the translation's text HTML-escaped."""
    return fill_tags(translation, block.tags, _escape)
