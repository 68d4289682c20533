"""What GNU ``msgfmt --check`` rejects in a PO file, checked before polib (which accepts it).

polib silently keeps the later of two entries with the same ``msgctxt``+``msgid``, reads ``\\q``
as ``q``, takes ``msgstr[9]`` on an entry without ``msgid_plural`` and never looks at
``Plural-Forms``.  A translator's file with such an error must be refused with ``file:line``,
as ``msgfmt`` would, instead of importing something else than what they wrote.

Obsolete entries (``#~``) count as messages for duplicates: ``msgfmt --check`` (gettext 0.21)
rejects two obsolete entries with the same ``msgctxt``+``msgid``, and an obsolete entry that
repeats a live one (in either order), though it compiles neither into the ``.mo`` file.
"""

from __future__ import annotations

import re

from l10n.errors import PoFormatError

_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)?\s*"((?:[^"\\]|\\.)*)"\s*')
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]|.?)", re.S)
_VALID_ESCAPES = frozenset('abfnrtv"\\01234567')
_PLURAL_FORMS = re.compile(r"Plural-Forms:[^\\]*?nplurals\s*=\s*([^;\\]*);?", re.I)


class _Entry:
    __slots__ = ("line", "ctxt", "msgid", "plural", "plain", "indices", "obsolete", "last")

    def __init__(self, line: int, obsolete: bool) -> None:
        self.line, self.obsolete = line, obsolete
        self.ctxt: str | None = None
        self.msgid: str | None = None
        self.plural = False
        self.plain = False  # has a plain msgstr
        self.indices: list[int] = []
        self.last = ""  # keyword the next continuation string belongs to


def check_po_text(text: str, name: str) -> None:
    """Raise ``PoFormatError`` (``name:line``) for the first problem ``msgfmt --check`` reports."""
    seen: dict[tuple[str | None, str], int] = {}
    entry: _Entry | None = None
    for n, line in enumerate(text.splitlines(), 1):
        body, obsolete = line.strip(), False
        if body.startswith("#~") and not body.startswith("#~|"):
            body, obsolete = body[2:].strip(), True
        elif body.startswith("#") or not body:
            continue
        m = _KEYWORD.fullmatch(body)
        if m is None:
            raise PoFormatError(f"malformed PO file: cannot parse {body[:60]!r} "
                                "(expected msgctxt/msgid/msgstr followed by a quoted string)", where=f"{name}:{n}")
        keyword, index, value = m.group(1), m.group(2), m.group(3)
        for esc in _ESCAPE.finditer(value):
            if esc.group(1)[:1] not in _VALID_ESCAPES and not esc.group(1).startswith("x"):
                raise PoFormatError(f"invalid escape sequence \\{esc.group(1)} (use \\\\ for a backslash)",
                                    where=f"{name}:{n}")
        if keyword in ("msgctxt", "msgid") and (entry is None or entry.last.startswith("msgstr")
                                                or (keyword == "msgid" and entry.last == "msgid")):
            _finish(entry, seen, name)
            entry = _Entry(n, obsolete)
        if entry is None:
            raise PoFormatError("a string before any msgid", where=f"{name}:{n}")
        _add(entry, keyword, index, value, name, n)
    _finish(entry, seen, name)
    _check_plural_forms(text, name)


def _add(entry: _Entry, keyword: str | None, index: str | None, value: str, name: str, n: int) -> None:
    if keyword is None:  # continuation line
        keyword = entry.last
    else:
        entry.last = keyword
    if keyword == "msgctxt":
        entry.ctxt = (entry.ctxt or "") + value
    elif keyword == "msgid":
        entry.msgid = (entry.msgid or "") + value
    elif keyword == "msgid_plural":
        entry.plural = True
    elif index is not None:
        if not entry.plural:
            raise PoFormatError(f"{keyword} on a message without msgid_plural", where=f"{name}:{n}")
        entry.indices.append(int(index))
    elif keyword == "msgstr":
        if entry.plural:
            raise PoFormatError("a message with msgid_plural needs msgstr[0], msgstr[1]…, not msgstr",
                                where=f"{name}:{n}")
        entry.plain = True


def _finish(entry: _Entry | None, seen: dict[tuple[str | None, str], int], name: str) -> None:
    if entry is None:
        return
    if entry.msgid is None:
        raise PoFormatError("msgctxt without msgid", where=f"{name}:{entry.line}")
    if not entry.plain and not entry.indices:
        raise PoFormatError("msgid without msgstr", where=f"{name}:{entry.line}")
    if entry.indices and entry.indices != list(range(len(entry.indices))):
        raise PoFormatError("msgstr[N] indices must be 0, 1, 2… in order", where=f"{name}:{entry.line}")
    key = (entry.ctxt, entry.msgid)  # obsolete (#~) entries share one key space with live ones, as in msgfmt
    if key in seen:
        ctxt = "" if entry.ctxt is None else f" (msgctxt {entry.ctxt[:40]!r})"
        raise PoFormatError(f"duplicate message definition{ctxt}; the first is at line {seen[key]}",
                            where=f"{name}:{entry.line}")
    seen[key] = entry.line


def _check_plural_forms(text: str, name: str) -> None:
    m = _PLURAL_FORMS.search(text)
    if m is None:
        return
    value = m.group(1).strip()
    if not value.isdigit() or not 1 <= int(value) <= 100:
        line = text.count("\n", 0, m.start()) + 1
        raise PoFormatError(f"Plural-Forms: nplurals must be a positive whole number, got {value[:20]!r}",
                            where=f"{name}:{line}")
