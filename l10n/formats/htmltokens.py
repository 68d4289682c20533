"""A linear-time HTML tokenizer: every token with its exact source offset.

The standard library's ``html.parser`` rescans the rest of the document for every ``<`` of a tag
that never closes (``'<a ' * n``, ``'<a b="' * n``, ``'<!--' * n``: time x16 per x4 size), so a
pasted or hostile page could hold a worker for minutes.  This tokenizer follows the HTML5
tokenizer's rule instead: a tag, comment or declaration that reaches the end of the input
swallows the rest (kept verbatim), so each character is consumed once and every failed search
is remembered.

Events are ``(kind, start offset, tag name, attrs)`` with kind ``start``, ``startend``, ``end``,
``data`` or ``other`` (comments, declarations, processing instructions).  ``attrs`` holds
``(name, unescaped value, span)`` per attribute; ``span`` is ``(start, end, quote)``: the offsets of
the value's source text *inside* its quotes and the quote character (``""`` for an unquoted
value), or ``None`` for an attribute without a value, so a reader can replace one value in place.

>>> [(k, at, name) for k, at, name, _ in tokenize('<p class="a">Hi &amp; <br/>bye</p><!-- x')]
[('start', 0, 'p'), ('data', 13, ''), ('startend', 22, 'br'), ('data', 27, ''), ('end', 30, 'p'), ('other', 34, '')]
"""

from __future__ import annotations

import html
import re

Event = tuple[str, int, str, list]

#: Elements whose content is raw text up to their end tag (as ``html.parser`` treats them).
RAW_TEXT = frozenset({"script", "style"})

_TAG_NAME = re.compile(r"[a-zA-Z][^\t\n\r\f />\x00]*+")
_SPACE = re.compile(r"[\t\n\r\f /]*+")  # HTML5 skips whitespace and stray slashes between attributes
_ATTR_NAME = re.compile(r"[^\t\n\r\f />][^\t\n\r\f />=]*+")
_EQUALS = re.compile(r"[\t\n\r\f ]*+=[\t\n\r\f ]*+")
_VALUE = re.compile(r'"[^"]*+"|\'[^\']*+\'|[^\t\n\r\f >]++')


def find_remembered(text: str, misses: dict[str, int], needle: str, start: int) -> int:
    """``text.find(needle, start)``, remembering misses: absent from p means absent from every later start.

    Scanners that look ahead for a closer (``-->``, ``</b>``) would otherwise rescan the rest of the
    text once per opener, which is quadratic on inputs such as ``'<!--' * n``.

    >>> misses = {}
    >>> find_remembered("a<!--b", misses, "-->", 0), misses
    (-1, {'-->': 0})
    >>> find_remembered("a<!--b", misses, "-->", 3)
    -1
    """
    if misses.get(needle, len(text) + 1) <= start:
        return -1
    at = text.find(needle, start)
    if at < 0:
        misses[needle] = start
    return at


def search_remembered(text: str, misses: dict[str, int], key: str, pattern: re.Pattern,
                      start: int) -> re.Match | None:
    """``pattern.search(text, start)``, remembering a miss under ``key`` as ``find_remembered`` does
    (for closers a plain needle cannot describe, such as ``</script`` followed by a delimiter)."""
    if misses.get(key, len(text) + 1) <= start:
        return None
    m = pattern.search(text, start)
    if m is None:
        misses[key] = start
    return m


class _Tokenizer:
    def __init__(self, text: str) -> None:
        self.s, self.n = text, len(text)
        self.events: list[Event] = []
        self.misses: dict[str, int] = {}  # needle -> a position from which it is known absent

    def find(self, needle: str, start: int) -> int:
        """``s.find(needle, start)`` that never repeats a failed search."""
        return find_remembered(self.s, self.misses, needle, start)

    def run(self) -> list[Event]:
        i = 0
        while i < self.n:
            lt = self.find("<", i)
            if lt < 0:
                self.events.append(("data", i, "", []))
                break
            if lt > i:
                self.events.append(("data", i, "", []))
            i = self.markup(lt)
        return self.events

    def markup(self, i: int) -> int:
        """Token at ``s[i] == "<"``; returns the offset after it."""
        s = self.s
        nxt = s[i + 1:i + 2]
        if nxt.isascii() and nxt.isalpha():
            return self.tag(i, i + 1, closing=False)
        if nxt == "/" and s[i + 2:i + 3].isascii() and s[i + 2:i + 3].isalpha():
            return self.tag(i, i + 2, closing=True)
        if s.startswith("<!--", i):
            return self.other(i, "-->", i + 4)
        if nxt in ("!", "?") or (nxt == "/" and i + 2 < self.n):
            return self.other(i, ">", i + 2)
        self.events.append(("data", i, "", []))  # a lone "<"
        return i + 1

    def other(self, i: int, close: str, start: int) -> int:
        """Comment, declaration or bogus comment up to ``close``; unclosed: to the end."""
        end = self.find(close, start)
        self.events.append(("other", i, "", []))
        return self.n if end < 0 else end + len(close)

    def tag(self, i: int, name_at: int, closing: bool) -> int:
        s = self.s
        m = _TAG_NAME.match(s, name_at)
        name = m.group().lower()
        k, attrs = m.end(), []
        while True:
            k = _SPACE.match(s, k).end()
            if k >= self.n:  # end of input inside a tag: the rest is verbatim
                self.events.append(("other", i, "", []))
                return self.n
            if s[k] == ">":
                break
            k = self.attribute(k, attrs)
            if k < 0:
                self.events.append(("other", i, "", []))
                return self.n
        kind = "end" if closing else ("startend" if s[k - 1] == "/" else "start")
        self.events.append((kind, i, name, attrs))
        if kind == "start" and name in RAW_TEXT:
            return self.raw_text(name, k + 1)
        return k + 1

    def attribute(self, k: int, attrs: list) -> int:
        """One ``name[=value]`` at ``k``; -1 if a quoted value runs to the end of the input."""
        s = self.s
        m = _ATTR_NAME.match(s, k)
        name, k = m.group().lower(), m.end()
        eq = _EQUALS.match(s, k)
        value, span = None, None
        if eq:
            k = eq.end()
            v = _VALUE.match(s, k)
            if v is None:
                if k < self.n and s[k] in "\"'":
                    return -1
                value = ""
            else:
                quote = s[k] if s[k] in "\"'" else ""
                span = (v.start() + len(quote), v.end() - len(quote), quote)
                value = html.unescape(s[span[0]:span[1]])
                k = v.end()
        attrs.append((name, value, span))
        return k

    def raw_text(self, name: str, start: int) -> int:
        """Content of ``<script>``/``<style>``: data up to ``</name``; unclosed: to the end."""
        end = self.find_end_tag(name, start)
        if (end if end >= 0 else self.n) > start:
            self.events.append(("data", start, "", []))
        return self.n if end < 0 else end

    def find_end_tag(self, name: str, start: int) -> int:
        m = search_remembered(self.s, self.misses, f"</{name}", re.compile(rf"</{name}(?=[\t\n\r\f />])", re.I),
                              start)
        return -1 if m is None else m.start()


def tokenize(text: str) -> list[Event]:
    """All tokens of ``text``, in order; offsets start at 0 and never decrease."""
    return _Tokenizer(text).run()
