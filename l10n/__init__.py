"""l10n — offline translation and localization toolkit for newsrooms.

The public Python API (the same objects the CLI and the HTTP service use)::

    from l10n import Translator
    t = Translator()
    result = t.translate_article(text, ["uk", "ru"], src="en", fmt="markdown")

Names are imported lazily (module ``__getattr__``) so ``import l10n`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS = {
    "Translator": "l10n.api",
    "Settings": "l10n.settings",
    "Document": "l10n.document",
    "Block": "l10n.document",
    "Change": "l10n.document",
    "Flag": "l10n.document",
    "L10nError": "l10n.errors",
    "create_app": "l10n.service.app",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'l10n' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
