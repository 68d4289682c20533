"""l10n — offline translation and localization toolkit for newsrooms.

The public Python API is this package's ``__all__`` (the same objects the CLI and the HTTP
service use): the ``Translator`` facade, the step functions, the shared types and the errors::

    from l10n import Translator
    t = Translator()
    result = t.translate_article(text, ["uk", "ru"], src="en", fmt="markdown")

Names are imported lazily (module ``__getattr__``) so ``import l10n`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it. This is the public API (docs/architecture.md lists it,
#: and a test keeps the two in step); the HTTP service's ``create_app`` lives in ``l10n.service.app``.
_EXPORTS = {
    # the facade the CLI, the service and CMS plug-ins share
    "Translator": "l10n.api",
    "Settings": "l10n.settings",
    # shared types
    "Document": "l10n.document",
    "Block": "l10n.document",
    "Change": "l10n.document",
    "Flag": "l10n.document",
    # the steps, each a plain function
    "read_document": "l10n.formats",
    "render_document": "l10n.formats",
    "detect_language": "l10n.detect",
    "split_sentences": "l10n.segment",
    "translate_document": "l10n.pipeline",
    "place_tags": "l10n.align",
    "load_glossary": "l10n.glossary",
    "load_glossary_text": "l10n.glossary",
    "post_edit": "l10n.postedit",
    "localize": "l10n.localize",
    "check_segment": "l10n.qa",
    "read_po": "l10n.po",
    "import_po": "l10n.po",
    "export_article": "l10n.po",
    # the error tree
    "L10nError": "l10n.errors",
    "UsageError": "l10n.errors",
    "UnknownLanguage": "l10n.errors",
    "InputError": "l10n.errors",
    "ModelError": "l10n.errors",
    "ModelNotInstalled": "l10n.errors",
    "GlossaryError": "l10n.errors",
    "LocaleError": "l10n.errors",
    "PoFormatError": "l10n.errors",
    "MemoryStoreError": "l10n.errors",
    "LimitExceeded": "l10n.errors",
    "NotFound": "l10n.errors",
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
