"""Markdown inline markup -> tagged text, in one left-to-right pass (linear time, no recursion).

Hostile input is ordinary input for a newsroom tool (pasted pages, generated Markdown), so every
step here is bounded: a scan never restarts from an earlier position; failed searches are
remembered (``_Scanner.misses``); links are paired with a bracket stack as CommonMark does;
emphasis uses an openers-bottom so a closer never searches the same openers twice; and nesting
deeper than ``MAX_DEPTH`` is kept as standalone placeholders rather than nested ones.

Links, reference links, emphasis, strikethrough and paired inline HTML are paired ``<N>…</N>``;
images, inline code, autolinks, bare URLs, footnote references, hard line breaks and unpaired
HTML are standalone ``<N/>``.  Backslash escapes are resolved in the text.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from typing import NamedTuple

from l10n.formats.html import attribute_text, tag_text_attributes
from l10n.formats.htmltokens import find_remembered, search_remembered
from l10n.inline import escape_literal, trim_url

#: Paired placeholders nested deeper than this become standalone ones (MT cannot use them).
MAX_DEPTH = 32
#: Longest link or footnote label looked at (CommonMark's limit).
MAX_LABEL = 999
#: Deepest parenthesis nesting inside a link destination (cmark's limit).
MAX_PARENS = 32

_SPECIAL = re.compile(r"[\\`*_~\[\]!<]|https?://|www\.|(?<! ) {2,}+\n")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*+"
                       r"|[^\s@<>]++@(?=[^\s@<>]+\.[^\s@<>])[^\s@<>]++)>")
_HTML_OPEN = re.compile(r"<([A-Za-z][A-Za-z0-9-]*+)(?:\s[^<>]*?)?(/?)>")
_HTML_CLOSE = re.compile(r"</([A-Za-z][A-Za-z0-9-]*+)\s*+>")
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]++")
_FOOTREF = re.compile(r"\[\^[^\[\]\s]{1,%d}\]" % MAX_LABEL)
_REF_LABEL = re.compile(r"\[(?:\\.|[^\\\[\]]){0,%d}\]" % MAX_LABEL, re.S)
_VOID = {"br", "img", "wbr", "input", "hr", "area", "embed", "source", "track", "col", "meta", "link"}
_VERBATIM = {"code", "kbd", "samp", "var", "script", "style", "svg", "math"}


class _Delim:
    __slots__ = ("char", "count", "can_open", "can_close")

    def __init__(self, char: str, count: int, can_open: bool, can_close: bool) -> None:
        self.char, self.count, self.can_open, self.can_close = char, count, can_open, can_close


class _Value(NamedTuple):
    """A text value inside a node's markup: image alt text or title, link title."""

    side: int  # 0: in the opening (or standalone) markup, 1: in the closing markup
    a: int  # span in that markup
    b: int
    start: int  # span in the block source
    end: int
    kind: str
    note: str
    style: str  # how a translation is escaped: "alt", 'title"', "title'", "title(", 'attr"' ...
    nodes: list | None  # alt text: its inline nodes


class _Pair:
    __slots__ = ("open", "close", "children", "values", "html_at")

    def __init__(self, open_: str, close: str, children: list, values: tuple = (), html_at: int = -1) -> None:
        self.open, self.close, self.children = open_, close, children
        self.values, self.html_at = values, html_at  # html_at: source offset of an HTML start tag


class _Alone:
    __slots__ = ("markup", "values", "html_at")

    def __init__(self, markup: str, values: tuple = (), html_at: int = -1) -> None:
        self.markup, self.values, self.html_at = markup, values, html_at


class _HtmlTag:
    """An inline HTML start or end tag not paired yet (one left unpaired inside a pair stays so)."""

    __slots__ = ("name", "closing", "markup", "html_at")
    values = ()

    def __init__(self, name: str, closing: bool, markup: str, at: int) -> None:
        self.name, self.closing, self.markup = name, closing, markup
        self.html_at = -1 if closing else at  # source offset of a start tag


class _Bracket:
    """An opening ``[`` or ``![`` waiting for its ``]`` (text if it never gets one)."""

    __slots__ = ("markup", "start")

    def __init__(self, markup: str, start: int) -> None:
        self.markup, self.start = markup, start


class InlineUnit(NamedTuple):
    """A translatable value inside one placeholder's markup (``![alt](src "title")``, a link title,
    an inline HTML ``alt``/``title``): a block of its own, hosted by the block whose markup holds it."""

    tag_id: str
    side: int  # 0: in the tag's opening (or standalone) markup, 1: in its closing markup
    a: int  # span in that markup
    b: int
    start: int  # span in the block's Markdown source
    end: int
    kind: str  # image_alt, image_title, link_title, attr-alt, attr-title ...
    note: str
    style: str  # how the renderer escapes a translation (``render_value`` in l10n.formats.markdown)
    text: str  # tagged text
    tags: dict[str, tuple[str, str]]


def inline_tags(source: str) -> tuple[str, dict[str, tuple[str, str]]]:
    """Tagged text and tags of one block's Markdown source.

    >>> inline_tags("Read **the [report](https://ex.com/r)** and `code`.")
    ('Read <1>the <2>report</2></1> and <3/>.', {'1': ('**', '**'), '2': ('[', '](https://ex.com/r)'), '3': ('`code`', '')})
    """
    return inline_units(source)[:2]


def inline_units(source: str) -> tuple[str, dict[str, tuple[str, str]], list[InlineUnit]]:
    """``inline_tags`` plus the translatable values inside its placeholders' markup, in source order.

    >>> inline_units('See ![the map](m.png "Front") now.')[2][0][4:10]
    (6, 13, 'image_alt', 'Image alt text', 'alt', 'the map')
    """
    tags: dict[str, tuple[str, str]] = {}
    if not _SPECIAL.search(source):  # plain prose: nothing to parse
        return escape_literal(source, tags, 1)[0], tags, []
    found: list[tuple[str, _Value]] = []
    tagged = _serialize(_Scanner(source).run(), tags, found)
    units = []
    for tag_id, v in found:
        if v.nodes is not None:
            alt_tags: dict[str, tuple[str, str]] = {}
            text = _serialize(v.nodes, alt_tags)
        elif v.style.startswith("attr"):
            text, alt_tags = attribute_text(source[v.start:v.end], v.style[4:])
        else:
            text, alt_tags = title_text(source[v.start:v.end], v.style[5:])
        units.append(InlineUnit(tag_id, v.side, v.a, v.b, v.start, v.end, v.kind, v.note, v.style, text, alt_tags))
    return tagged, tags, units


_TITLE_READ = re.compile(r"\\([!-/:-@\[-`{-~])|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_TITLE_WS = re.compile(r"[ \t\r\n]+")
_ENTITY_LIKE = "(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)"
_TITLE_ESCAPE = {'"': re.compile(r'[\\"]|&' + _ENTITY_LIKE), "'": re.compile(r"[\\']|&" + _ENTITY_LIKE),
                 "(": re.compile(r"[\\()]|&" + _ENTITY_LIKE)}


def title_text(raw: str, quote: str) -> tuple[str, dict[str, tuple[str, str]]]:
    """Tagged text and tags of a link or image title's source ``raw`` (between ``quote`` ``"``, ``'`` or ``(``).

    As CommonMark reads a title: backslash escapes and entities resolved; whitespace runs collapse
    to one space (as a browser shows the attribute); URLs are standalone placeholders."""
    plain = _TITLE_READ.sub(lambda m: m.group(1) or html.unescape(m.group()), raw)
    tags: dict[str, tuple[str, str]] = {}
    tagged, _ = escape_literal(_TITLE_WS.sub(" ", plain), tags, 1, lambda t: escape_title(t, quote), urls=True)
    return tagged, tags


def escape_title(text: str, quote: str, cell: bool = False) -> str:
    """``text`` as title source between ``quote``\\ s: ``\\``, the quote (``(`` and ``)`` for ``(…)``)
    and an ``&`` that would start an entity backslash-escaped, line breaks as spaces (``|`` too in a
    table cell, which GFM splits before it reads the title)."""
    out = _TITLE_ESCAPE[quote].sub(lambda m: "\\" + m.group(), text.replace("\r", " ").replace("\n", " "))
    return out.replace("|", "\\|") if cell else out


def _is_punct(ch: str) -> bool:
    return not ch.isalnum() and not ch.isspace()


class _Scanner:
    """One pass over ``s``: a flat node list; a ``]`` that completes a link folds its tail."""

    def __init__(self, s: str) -> None:
        self.s, self.n = s, len(s)
        self.nodes: list = []
        self.text: list[str] = []
        self.brackets: list[int] = []  # indices in ``nodes`` of open _Bracket nodes
        self.misses: dict[str, int] = {}  # search key -> position from which it is known to fail
        self._ticks: dict[int, list[int]] | None = None

    def run(self) -> list:
        s, i = self.s, 0
        while i < self.n:
            m = _SPECIAL.search(s, i)
            if not m:
                self.text.append(s[i:])
                break
            if m.start() > i:
                self.text.append(s[i:m.start()])
            i = self.token(m)
        self.flush()
        return _resolve(self.nodes)

    def flush(self) -> None:
        if self.text:
            self.nodes.append("".join(self.text))
            self.text.clear()

    def alone(self, markup: str, end: int) -> int:
        self.flush()
        self.nodes.append(_Alone(markup))
        return end

    def token(self, m: re.Match) -> int:
        """Consume the special token matched by ``m``; return where scanning goes on."""
        j, tok = m.start(), m.group()
        ch = tok[0]
        if tok.endswith("\n"):  # hard line break: two or more spaces before a newline
            end = self.alone(tok[:-1], m.end())
            self.text.append("\n")
            return end
        if ch == "\\":
            return self.backslash(j)
        if ch == "`":
            return self.code_span(j)
        if ch in "*_~":
            return self.delimiter_run(j, ch)
        if ch == "[" or (ch == "!" and self.s.startswith("[", j + 1)):
            return self.open_bracket(j, ch == "!")
        if ch == "]":
            return self.close_bracket(j)
        if ch == "<":
            return self.angle(j)
        if ch == "!":
            self.text.append("!")
            return j + 1
        return self.bare_url(j, m)

    def backslash(self, j: int) -> int:
        nxt = self.s[j + 1:j + 2]
        if nxt and nxt in _ASCII_PUNCT:
            self.text.append(nxt)
            return j + 2
        if nxt == "\n":
            return self.alone("\\", j + 1)
        self.text.append("\\")
        return j + 1

    def code_span(self, j: int) -> int:
        s, run = self.s, j
        while run < self.n and s[run] == "`":
            run += 1
        count = run - j
        close = self.find_ticks(run, count)
        if close < 0:
            self.text.append(s[j:run])
            return run
        return self.alone(s[j:close + count], close + count)

    def find_ticks(self, start: int, count: int) -> int:
        """Start of the next run of exactly ``count`` backticks at or after ``start`` (-1: none)."""
        if self._ticks is None:
            self._ticks = {}
            for m in re.finditer("`+", self.s):
                self._ticks.setdefault(len(m.group()), []).append(m.start())
        runs = self._ticks.get(count, [])
        k = bisect_left(runs, start)
        return runs[k] if k < len(runs) else -1

    def delimiter_run(self, j: int, ch: str) -> int:
        s, run = self.s, j
        while run < self.n and s[run] == ch:
            run += 1
        count = run - j
        if ch == "~" and count != 2:
            self.text.append(s[j:run])
            return run
        prev = s[j - 1] if j > 0 else " "
        nxt = s[run] if run < self.n else " "
        left = not nxt.isspace() and (not _is_punct(nxt) or prev.isspace() or _is_punct(prev))
        right = not prev.isspace() and (not _is_punct(prev) or nxt.isspace() or _is_punct(nxt))
        if ch == "_":
            can_open, can_close = left and (not right or _is_punct(prev)), right and (not left or _is_punct(nxt))
        else:
            can_open, can_close = left, right
        self.flush()
        self.nodes.append(_Delim(ch, count, can_open, can_close))
        return run

    def open_bracket(self, j: int, image: bool) -> int:
        if not image:
            fm = _FOOTREF.match(self.s, j)
            if fm:
                return self.alone(fm.group(), fm.end())
        self.flush()
        markup = "![" if image else "["
        self.brackets.append(len(self.nodes))
        self.nodes.append(_Bracket(markup, j))
        return j + len(markup)

    def close_bracket(self, j: int) -> int:
        """``]``: the nearest open bracket becomes a link (or image) if a destination follows."""
        if not self.brackets:
            self.text.append("]")
            return j + 1
        at = self.brackets.pop()
        end = self.link_tail(j + 1)
        if end < 0:
            self.text.append("]")
            return j + 1
        self.flush()
        opener = self.nodes[at]
        children = _resolve(self.nodes[at + 1:])
        del self.nodes[at:]
        title = self.title_span(j + 1, end)
        if opener.markup == "![":
            start = opener.start
            values = [_Value(0, 2, j - start, start + 2, j, "image_alt", "Image alt text", "alt", children)]
            if title:
                values.append(_Value(0, title[0] - start, title[1] - start, title[0], title[1],
                                     "image_title", "Image title", "title" + title[2], None))
            self.nodes.append(_Alone(self.s[start:end], tuple(values)))
        else:
            values = (_Value(1, title[0] - j, title[1] - j, title[0], title[1], "link_title", "Link title",
                             "title" + title[2], None),) if title else ()
            self.nodes.append(_Pair("[", self.s[j:end], children, values))
        return end

    def link_tail(self, k: int) -> int:
        """End of ``(destination "title")`` or ``[label]`` at ``k`` (-1: neither)."""
        s = self.s
        if s.startswith("(", k):
            return _inline_destination(s, k)[0]
        if s.startswith("[", k):
            m = _REF_LABEL.match(s, k)
            return m.end() if m else -1
        return -1

    def title_span(self, k: int, end: int) -> tuple[int, int, str] | None:
        """Content span and opening quote of the title of the inline link tail ``s[k:end]`` (None: no title).

        Parses the tail a second time, once per completed link: linear in its length."""
        if not self.s.startswith("(", k):
            return None
        _, title_start = _inline_destination(self.s, k)
        if title_start < 0:
            return None
        close = self.s.rindex(")" if self.s[title_start] == "(" else self.s[title_start], title_start + 1, end - 1)
        return title_start + 1, close, self.s[title_start]

    def angle(self, j: int) -> int:
        s = self.s
        mm = _AUTOLINK.match(s, j)
        if mm:
            return self.alone(mm.group(), mm.end())
        if s.startswith("<!--", j):
            close = self.find("-->", j + 4)
            if close >= 0:
                return self.alone(s[j:close + 3], close + 3)
        mm = _HTML_OPEN.match(s, j)
        if mm:
            return self.html_open(j, mm)
        mm = _HTML_CLOSE.match(s, j)
        if mm:
            self.flush()
            self.nodes.append(_HtmlTag(mm.group(1).lower(), True, mm.group(), j))
            return mm.end()
        self.text.append("<")
        return j + 1

    def html_open(self, j: int, mm: re.Match) -> int:
        name = mm.group(1).lower()
        if name in _VERBATIM:  # (its own start tag's attributes as in HTML files: <svg aria-label>)
            end = self.find_close_tag(name, mm.end())
            self.flush()
            self.nodes.append(_Alone(self.s[j:end], html_at=j))
            return end
        if mm.group(2) or name in _VOID:
            self.flush()
            self.nodes.append(_Alone(mm.group(), html_at=j))
            return mm.end()
        self.flush()
        self.nodes.append(_HtmlTag(name, False, mm.group(), j))
        return mm.end()

    def find(self, needle: str, start: int) -> int:
        """``s.find(needle, start)``, remembering a miss so the same search is never repeated."""
        return find_remembered(self.s, self.misses, needle, start)

    def find_close_tag(self, name: str, start: int) -> int:
        """End of the ``</name>`` closing a verbatim element (``start`` if there is none)."""
        close = search_remembered(self.s, self.misses, f"</{name}", re.compile(rf"</{name}\s*+>", re.I), start)
        return start if close is None else close.end()

    def bare_url(self, j: int, m: re.Match) -> int:
        prev = self.s[j - 1] if j > 0 else " "
        um = None if prev.isalnum() else _BARE_URL.match(self.s, j)
        if um is None:
            self.text.append(m.group())
            return m.end()
        url = um.group()
        cut = url.find("]")
        if self.brackets and cut >= 0 and self.link_tail(j + cut + 1) >= 0:
            url = url[:cut]  # ``[http://x.y](u)``: the bracket closes a link, not part of the URL
        url = trim_url(url)
        return self.alone(url, j + len(url))


def _inline_destination(s: str, k: int) -> tuple[int, int]:
    """End of an inline link tail ``(dest "title")`` starting at ``s[k] == "("`` (-1: not one), and
    where its title's opening quote stands (-1: no title).

    As CommonMark: the destination is ``<…>`` or a run without spaces and with balanced
    parentheses (at most ``MAX_PARENS`` deep), then an optional quoted title.  Every loop stops
    at the first space, so failed attempts cannot rescan a long stretch of the block.
    """
    n = len(s)
    i = _skip_space(s, k + 1)
    if s.startswith("<", i):
        i += 1
        while i < n and s[i] not in "<>\n":
            i += 2 if s[i] == "\\" else 1
        if not s.startswith(">", i):
            return -1, -1
        i += 1
    else:
        depth = 0
        while i < n and not s[i].isspace() and s[i] >= " ":
            ch = s[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "(":
                depth += 1
                if depth > MAX_PARENS:
                    return -1, -1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            i += 1
        if depth:
            return -1, -1
    j = _skip_space(s, i)
    title = -1
    if j > i and j < n and s[j] in "\"'(":
        title = j
        j = _skip_title(s, j)
        if j < 0:
            return -1, -1
        j = _skip_space(s, j)
    return (j + 1, title) if s.startswith(")", j) else (-1, -1)


def _skip_space(s: str, i: int) -> int:
    while i < len(s) and s[i] in " \t\n":
        i += 1
    return i


def _skip_title(s: str, i: int) -> int:
    """End of the title opened at ``s[i]`` (``"``, ``'`` or ``(``), -1 if it is not closed."""
    close = ")" if s[i] == "(" else s[i]
    i += 1
    while i < len(s):
        ch = s[i]
        if ch == "\\":
            i += 2
            continue
        if ch == close:
            return i + 1
        if close == ")" and ch == "(":
            return -1
        i += 1
    return -1


# ----------------------------------------------------------------------------- resolution

def _resolve(nodes: list) -> list:
    """Pair inline HTML tags, then emphasis delimiters; unmatched openers become text."""
    return _emphasis(_pair_html(nodes))


def _pair_html(nodes: list) -> list:
    """Pair ``<b>…</b>`` (innermost first, so each pair's children are final when it is made)."""
    out: list = []
    stack: list[tuple[str, int]] = []  # (tag name, index in out)
    open_count: dict[str, int] = {}
    for node in nodes:
        if isinstance(node, _HtmlTag) and node.closing:
            if not open_count.get(node.name):
                out.append(_Alone(node.markup))
                continue
            while True:  # pops only what the pair encloses: amortised O(1)
                name, at = stack.pop()
                open_count[name] -= 1
                if name == node.name:
                    break
            opener = out[at]
            children = _emphasis(out[at + 1:])
            out[at:] = [_Pair(opener.markup, node.markup, children, html_at=opener.html_at)]
            continue
        if isinstance(node, _HtmlTag):
            stack.append((node.name, len(out)))
            open_count[node.name] = open_count.get(node.name, 0) + 1
        out.append(node)
    return [(_Alone(x.markup, html_at=x.html_at) if isinstance(x, _HtmlTag) else x) for x in out]


def _emphasis(nodes: list) -> list:
    """CommonMark's delimiter algorithm (simplified) on one level, with an openers-bottom per kind."""
    out: list = []
    stack: list[int] = []  # indices in out of opener delimiters
    bottom: dict[tuple[str, int], int] = {}  # kind -> stack height below which no opener matches
    for node in nodes:
        if not isinstance(node, _Delim):
            out.append(node)
            continue
        while node.count and node.can_close and _close_one(node, out, stack, bottom):
            pass
        if node.count:
            if node.can_open:
                stack.append(len(out))
            out.append(node)
    return [(x.char * x.count if isinstance(x, _Delim) else x) for x in out]


def _close_one(node: _Delim, out: list, stack: list[int], bottom: dict[tuple[str, int], int]) -> bool:
    """Match ``node`` with the nearest compatible opener; fold the enclosed nodes into a pair."""
    key = (node.char, node.count if node.char == "~" else 0)
    low = bottom.get(key, 0)
    for k in range(len(stack) - 1, low - 1, -1):
        op = out[stack[k]]
        if op.char == node.char and (node.char != "~" or op.count == node.count):
            break
    else:
        bottom[key] = len(stack)
        return False
    at = stack[k]
    del stack[k + 1:]
    for other, height in bottom.items():
        bottom[other] = min(height, len(stack))
    size = 2 if op.count >= 2 and node.count >= 2 else 1
    mark = node.char * size
    pair = _Pair(mark, mark, [(x.char * x.count if isinstance(x, _Delim) else x) for x in out[at + 1:]])
    del out[at + 1:]
    op.count -= size
    node.count -= size
    if op.count:
        out.append(pair)
    else:
        out[at] = pair
        stack.pop()
    return True


# ----------------------------------------------------------------------------- tagged text

def _serialize(nodes: list, tags: dict[str, tuple[str, str]], found: list | None = None) -> str:
    """Tagged text of the node tree, iteratively; pairs deeper than ``MAX_DEPTH`` stand alone.

    With ``found``, the values in the markup of each placeholder (``_node_values``) are appended to it
    as ``(tag id, _Value)``; an alt text's own nodes are serialized without (its images stay whole)."""
    out: list[str] = []
    counter = 1
    text: list[str] = []
    stack: list[tuple[list, int, str]] = [(nodes, 0, "")]  # (children, next index, closing token)
    while stack:
        children, k, closing = stack.pop()
        if k == len(children):
            counter = _flush(text, out, tags, counter)
            out.append(closing)
            continue
        stack.append((children, k + 1, closing))
        node = children[k]
        if isinstance(node, (str, _Bracket)):  # an unmatched bracket is text
            text.append(node if isinstance(node, str) else node.markup)
            continue
        counter = _flush(text, out, tags, counter)
        deep = isinstance(node, _Pair) and len(stack) > MAX_DEPTH
        if found is not None:  # (a pair too deep to nest leaves its closing markup's values to that)
            found += [(str(counter), v) for v in _node_values(node) if not (deep and v.side)]
        if isinstance(node, _Pair) and not deep:
            tags[str(counter)] = (node.open, node.close)
            out.append(f"<{counter}>")
            stack.append((node.children, 0, f"</{counter}>"))
            counter += 1
        elif isinstance(node, _Pair):  # too deep to nest: open and close markup stand alone
            tags[str(counter)] = (node.open, "")
            out.append(f"<{counter}/>")
            counter += 1
            close = _Alone(node.close, tuple(v._replace(side=0) for v in node.values if v.side == 1))
            stack.append((node.children, 0, ""))
            stack.insert(len(stack) - 1, ([close], 0, ""))
        else:
            tags[str(counter)] = (node.markup, "")
            out.append(f"<{counter}/>")
            counter += 1
    return "".join(out)


def _node_values(node) -> list[_Value]:
    """The translatable values in a node's markup: its own (images, links) or, for an inline HTML
    start tag, its attributes as HTML files translate them (``l10n.formats.html.tag_text_attributes``)."""
    if node.html_at < 0:
        return list(node.values)
    markup = node.open if isinstance(node, _Pair) else node.markup
    if "=" not in markup:
        return []
    at = node.html_at
    return [_Value(0, a, b, at + a, at + b, kind, note, "attr" + quote, None)
            for a, b, quote, kind, note in tag_text_attributes(markup)]


def _flush(text: list[str], out: list[str], tags: dict[str, tuple[str, str]], counter: int) -> int:
    if text:
        tagged, counter = escape_literal("".join(text), tags, counter)
        out.append(tagged)
        text.clear()
    return counter
