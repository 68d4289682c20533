"""Bounded decoding of untrusted structured text (JSON, and any decoded strings).

``json.loads`` raises ``RecursionError`` on 100k nested arrays, ``ValueError`` on a 5,000-digit
integer, and happily returns lone surrogates (``"\\ud800"``) that crash the first UTF-8 write
far from the input.  Every reader of user JSON goes through ``load_json`` so each of these is
one ``InputError`` naming the input (and line, or field).

>>> load_json('{"a": [1, 2]}', "x.json")
{'a': [1, 2]}
>>> load_json('[' * 300 + ']' * 300, "x.json")
Traceback (most recent call last):
l10n.errors.InputError: x.json: nested deeper than 200 levels
"""

from __future__ import annotations

import json
import re
from typing import Any

from l10n.errors import InputError, L10nError, where

#: Deepest nesting accepted in a JSON document (articles and requests are a few levels deep).
MAX_JSON_DEPTH = 200
#: Longest echo of an input value in an error message.
MAX_ECHO = 80

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*+"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def json_depth(text: str) -> int:
    """Deepest bracket nesting of a JSON text (strings skipped), in linear time."""
    depth = deepest = 0
    for m in _BRACKETS.finditer(_STRINGS.sub("", text)):
        depth += 1 if m.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def load_json(text: str, name: str, *, error: type[L10nError] = InputError, line: int | None = None) -> Any:
    """``json.loads`` with depth, number and Unicode limits; failures are one ``error``."""
    if json_depth(text) > MAX_JSON_DEPTH:
        raise error(f"nested deeper than {MAX_JSON_DEPTH} levels", where=where(name, line))
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"malformed JSON: {exc.msg} (column {exc.colno})",
                    where=where(name, (line or 1) + exc.lineno - 1)) from None
    except (ValueError, RecursionError) as exc:  # over-long integer literal
        raise error(f"unreadable JSON: {echo(str(exc))}", where=where(name, line)) from None
    check_unicode(value, name, error=error, line=line)
    return value


def check_unicode(value: Any, name: str, *, error: type[L10nError] = InputError, line: int | None = None,
                  field: str | None = None) -> None:
    """Reject lone surrogates anywhere in ``value`` (strings, dict keys, lists), naming the field."""
    stack: list[tuple[Any, str | None]] = [(value, field)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            m = _SURROGATE.search(item)
            if m:
                raise error(f"lone surrogate U+{ord(m.group()):04X} at character {m.start()} "
                            "(not valid Unicode text)", where=where(name, line, field=path))
        elif isinstance(item, dict):
            for key, sub in item.items():
                stack.append((key, path))
                stack.append((sub, f"{path}.{key}" if path else str(key)))
        elif isinstance(item, (list, tuple)):
            stack.extend((sub, f"{path}[{k}]" if path else f"[{k}]") for k, sub in enumerate(item))


def scrub_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD, so it can be written as UTF-8.

    For text that must go out whatever it holds (an error message quoting the input): rejecting
    it there would turn the caller's bad input into our crash.

    >>> scrub_surrogates("a\\ud800b")
    'a\ufffdb'
    """
    return _SURROGATE.sub("\ufffd", text)


def echo(text: str, limit: int = MAX_ECHO) -> str:
    """``text`` shortened for an error line (a 5,000-character input must not flood the terminal).

    >>> echo("x" * 100, 10)
    'xxxxxxxxxx… (100 characters)'
    """
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"
