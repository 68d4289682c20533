"""A native machine translator for wagtail-localize: translation in-process, no HTTP service needed.

In the Wagtail project's settings::

    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "l10n.integrations.wagtail.L10nTranslator",
        "OPTIONS": {
            "HOME": "/var/lib/l10n",            # data directory with the models (default: $L10N_HOME)
            "GLOSSARIES": ["glossaries/newsroom.yaml"],   # optional; default: the shipped glossary
            "QA": True,                          # run QA checks; problems are logged (default True)
        },
    }

wagtail-localize hands over ``StringValue`` objects whose ``.data`` is HTML with inline tags
(``<b>``, ``<a id="a1">``). Each is translated with ``format="html"``, so the toolkit's HTML reader
turns inline tags into placeholders, the pipeline (segmentation, glossary, localization, QA) runs
on text, and the tags are put back: markup comes back intact. The strings of one call run
concurrently over one ``BatchingEngine``, so a page's strings share model calls.

Models load once per process: translators are cached per (home, glossaries).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterable

from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue

log = logging.getLogger("l10n.integrations.wagtail")

_CACHE: dict[tuple, Any] = {}
_CACHE_LOCK = threading.Lock()


def _shared_translator(options: dict) -> Any:
    from l10n.api import Translator
    from l10n.engines.argos import ArgosEngine
    from l10n.engines.batching import BatchingEngine
    from l10n.settings import Settings
    home = options.get("HOME")
    glossaries = tuple(options.get("GLOSSARIES") or ())
    key = (home, glossaries)
    with _CACHE_LOCK:
        translator = _CACHE.get(key)
        if translator is None:
            settings = Settings.from_env(home=home)
            kwargs: dict = {"glossary": list(glossaries)} if glossaries else {}
            translator = Translator(settings, engine=BatchingEngine(ArgosEngine(settings)), **kwargs)
            _CACHE[key] = translator
        return translator


def _lang(locale: Any) -> str | None:
    from l10n.errors import UnknownLanguage
    from l10n.languages import normalize_lang
    try:
        return normalize_lang(locale.language_code.split("-")[0])
    except UnknownLanguage:
        return None


class L10nTranslator(BaseMachineTranslator):
    display_name = "l10n"

    def __init__(self, options: dict | None = None) -> None:
        super().__init__(options or {})
        self.qa = bool(self.options.get("QA", True))
        #: QA flags of the last ``translate`` call, per source string (for logging or admin display)
        self.last_flags: dict[str, list[dict]] = {}

    @property
    def translator(self) -> Any:
        return _shared_translator(self.options)

    def can_translate(self, source_locale: Any, target_locale: Any) -> bool:
        from l10n.engines.base import route
        src, tgt = _lang(source_locale), _lang(target_locale)
        if src is None or tgt is None or src == tgt:
            return False
        return route(self.translator.engine.pairs(), src, tgt) is not None

    def translate(self, source_locale: Any, target_locale: Any, strings: Iterable[StringValue]) -> dict:
        src, tgt = _lang(source_locale), _lang(target_locale)
        if src is None or tgt is None:
            from l10n.errors import UnknownLanguage
            raise UnknownLanguage(f"cannot translate {source_locale.language_code} -> {target_locale.language_code}")
        strings = list(strings)
        translator = self.translator

        def one(value: StringValue) -> tuple[str, list[dict]]:
            if not value.data.strip():
                return value.data, []
            doc = translator.read(value.data, fmt="html", doc_id="wagtail")
            result = translator.translate_document(doc, [tgt], src=src, qa=self.qa)[tgt]
            return result.output, [f.to_dict() for s in result.segments for f in s.flags]

        with ThreadPoolExecutor(max_workers=min(16, max(1, len(strings)))) as pool:
            results = list(pool.map(one, strings))
        self.last_flags = {}
        out = {}
        for value, (html, flags) in zip(strings, results):
            out[value] = StringValue(html)
            if flags:
                self.last_flags[value.data] = flags
                serious = [f for f in flags if f["severity"] in ("critical", "error")]
                if serious:
                    log.warning("QA flags for %s->%s string: %s", src, tgt,
                                "; ".join(f"{f['code']}: {f['message']}" for f in serious))
        return out
