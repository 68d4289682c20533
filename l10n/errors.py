"""One exception tree for the whole toolkit.

::

    L10nError                      any user-facing error; ``str(err)`` is one line
     +-- UsageError                bad option or argument value
     +-- UnknownLanguage           a language code the toolkit does not know
     +-- InputError                unreadable / wrongly encoded / empty input (carries file, line)
     +-- ModelError                model management failed (download, checksum, bad package)
     |    +-- ModelNotInstalled    no package (and no pivot) for a language pair
     +-- GlossaryError             glossary file invalid (carries file, entry)
     +-- LocaleError               unknown locale, bad currency code, unparsable value
     +-- PoFormatError             PO file malformed or not matching the article (carries file, line)
     +-- MemoryStoreError          translation memory unusable
     +-- DatabaseError             the shared PostgreSQL is unreachable, refused us, or too new
     +-- LimitExceeded             a request over a configured size limit (HTTP 413)
     +-- NotFound                  a named resource (glossary, job) does not exist (HTTP 404)

Front ends (CLI, HTTP) catch ``L10nError`` and show ``str(err)``; anything else is a bug
and keeps its traceback. Each class declares its stable ``code`` and the ``http_status`` the
service answers with, side by side, so the HTTP layer needs no mapping of its own.
"""

from __future__ import annotations

from typing import Sequence


class L10nError(Exception):
    """Base class: a problem the user can fix. ``str()`` is a single line."""

    code = "error"
    http_status = 400

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class UsageError(L10nError):
    code = "bad_usage"
    http_status = 400


class UnknownLanguage(L10nError):
    code = "unknown_language"
    http_status = 400


class InputError(L10nError):
    code = "bad_input"
    http_status = 400


class ModelError(L10nError):
    code = "model_error"
    http_status = 400


class ModelNotInstalled(ModelError):
    code = "model_not_installed"
    http_status = 400


class GlossaryError(L10nError):
    code = "glossary_error"
    http_status = 400


class LocaleError(L10nError):
    code = "locale_error"
    http_status = 400


class PoFormatError(L10nError):
    """``problems``: every problem found when there were several (``str()`` names the first)."""

    code = "po_error"
    http_status = 400

    def __init__(self, message: str, *, where: str | None = None, problems: Sequence[str] = ()) -> None:
        super().__init__(message, where=where)
        self.problems = list(problems) or [str(self)]


class MemoryStoreError(L10nError):
    code = "memory_error"
    http_status = 400


class DatabaseError(L10nError):
    """``--database-url`` names a server we cannot use (unreachable, bad credentials, newer schema)."""

    code = "database_error"
    http_status = 503


class LimitExceeded(L10nError):
    """A request is larger than a configured limit (sentences per request, characters)."""

    code = "limit_exceeded"
    http_status = 413


class NotFound(L10nError):
    """A resource named in the request (a stored glossary, a job) does not exist."""

    code = "not_found"
    http_status = 404


def where(path: object | None = None, line: int | None = None, field: str | None = None) -> str | None:
    """Build the ``file:line: field`` prefix used in every error message."""
    parts = []
    if path is not None:
        parts.append(str(path))
    if line is not None:
        parts.append(str(line))
    loc = ":".join(parts)
    if field:
        loc = f"{loc}: {field}" if loc else field
    return loc or None
