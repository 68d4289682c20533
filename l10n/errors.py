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

Front ends (CLI, HTTP) catch ``L10nError`` and show ``str(err)``; anything else is a bug
and keeps its traceback.
"""

from __future__ import annotations


class L10nError(Exception):
    """Base class: a problem the user can fix. ``str()`` is a single line."""

    code = "error"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class UsageError(L10nError):
    code = "bad_usage"


class UnknownLanguage(L10nError):
    code = "unknown_language"


class InputError(L10nError):
    code = "bad_input"


class ModelError(L10nError):
    code = "model_error"


class ModelNotInstalled(ModelError):
    code = "model_not_installed"


class GlossaryError(L10nError):
    code = "glossary_error"


class LocaleError(L10nError):
    code = "locale_error"


class PoFormatError(L10nError):
    code = "po_error"


class MemoryStoreError(L10nError):
    code = "memory_error"


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
