"""The Python API: one object that the CLI, the HTTP service and CMS plug-ins share.

Example (needs installed models, so not run as a doctest)::

    from l10n import Translator
    t = Translator()                                   # models from $L10N_HOME
    result = t.translate_article(open("a.md").read(), ["uk", "tr"], src="en", fmt="markdown")
    print(result["uk"].output)

Models are loaded lazily, once per ``Translator``; a ``Translator`` is safe to share between threads.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Mapping, Sequence

from l10n.languages import normalize_lang
from l10n.settings import Settings

_DEFAULT = object()


class Translator:
    def __init__(self, settings: Settings | None = None, *, engine: Any = None,
                 glossary: Any = _DEFAULT, memory: Any = None) -> None:
        """``glossary``: a ``Glossary``, paths to glossary files, ``None`` for none, or the shipped default.
        ``memory``: a translation memory object, or ``None``."""
        self.settings = settings or Settings.from_env()
        self._engine = engine
        self._glossary_arg = glossary
        self._glossary: Any = None
        self._glossary_loaded = False
        self.memory = memory
        self._lock = threading.Lock()

    # -- lazily built collaborators
    @property
    def engine(self) -> Any:
        with self._lock:
            if self._engine is None:
                from l10n.engines.argos import ArgosEngine
                self._engine = ArgosEngine(self.settings)
            return self._engine

    @property
    def glossary(self) -> Any:
        with self._lock:
            if not self._glossary_loaded:
                self._glossary = _load_glossary_arg(self._glossary_arg)
                self._glossary_loaded = True
            return self._glossary

    # -- operations
    def read(self, text: str, *, fmt: str = "auto", doc_id: str | None = None, path: str | None = None):
        from l10n.formats import read_document
        from l10n.limits import check_unicode
        check_unicode(doc_id, path or "<input>", field="id")  # an id becomes file names and headers
        return read_document(text, fmt=fmt, doc_id=doc_id, path=path)

    def translate_document(self, doc: Any, targets: Sequence[str], *, src: str = "auto",
                           progress: Any = None, qa: bool = True, localize_values: bool = True,
                           strict: bool = False):
        from l10n.pipeline import translate_document
        targets = [normalize_lang(t) for t in targets]
        src = normalize_lang(src, allow_auto=True)
        return translate_document(doc, targets, src=src, engine=self.engine, glossary=self.glossary,
                                  memory=self.memory, progress=progress, qa=qa, localize_values=localize_values,
                                  strict=strict)

    def translate_article(self, text: str, targets: Sequence[str], *, src: str = "auto", fmt: str = "auto",
                          doc_id: str | None = None, path: str | None = None, progress: Any = None):
        """Translate an article given as text (``fmt``: auto|text|markdown|html|json)."""
        doc = self.read(text, fmt=fmt, doc_id=doc_id, path=path)
        return self.translate_document(doc, targets, src=src, progress=progress)

    def translate_texts(self, texts: Sequence[str], target: str, *, src: str = "auto",
                        fmt: str = "text") -> list[str]:
        """Translate short independent texts (e.g. CMS fields); each may hold several sentences."""
        out = []
        for text in texts:
            if not text.strip():
                out.append(text)
                continue
            doc = self.read(text, fmt="html" if fmt == "html" else "text", doc_id="text")
            out.append(self.translate_document(doc, [target], src=src)[normalize_lang(target)].output)
        return out

    def export_po(self, text: str, targets: Sequence[str], *, src: str = "auto", fmt: str = "auto",
                  doc_id: str | None = None, path: str | None = None, mt: bool = True,
                  existing: Mapping[str, Any] | None = None):
        """PO files for translators: ``(template, {lang: POFile})`` (polib objects; ``str()`` is the file).

        ``existing``: previous PO files by language — parsed, as text (``str``) or as paths
        (``os.PathLike``), see ``l10n.po.read_catalog`` — merged like ``msgmerge``; ``mt=False`` leaves
        msgstrs empty (no model needed)."""
        from l10n.po import export_article, read_catalog
        doc = self.read(text, fmt=fmt, doc_id=doc_id, path=path)
        previous = {normalize_lang(k): read_catalog(v)
                    for k, v in (existing or {}).items()}
        return export_article(doc, [normalize_lang(t) for t in targets], src=normalize_lang(src, allow_auto=True),
                              engine=self.engine if mt else None, memory=self.memory, glossary=self.glossary,
                              existing=previous, path=path)

    def import_po(self, po: Any, text: str, *, fmt: str = "auto", path: str | None = None,
                  fallback: str = "mt", doc_id: str | None = None):
        """Rebuild the article ``text`` from a reviewed PO or XLIFF file — parsed, its text (``str``) or
        its path (``os.PathLike``), see ``l10n.po.read_catalog``; returns ``l10n.po.ImportResult``.
        ``doc_id``: the article's id when the caller knows it (a CMS does), so a file exported for
        another article is refused; without it (and ``path``) the file's own article id is assumed.
        Approved entries feed this translator's memory."""
        from l10n.po import import_po, read_catalog
        po = read_catalog(po)
        meta = po.metadata
        if fmt == "auto":
            fmt = meta.get("X-L10n-Format") or "auto"
        doc = self.read(text, fmt=fmt, path=path, doc_id=doc_id or (None if path else meta.get("X-L10n-Article")))
        return import_po(po, doc, fallback=fallback, memory=self.memory)

    def detect(self, text: str, candidates: Sequence[str] | None = None):
        from l10n.detect import detect_language
        from l10n.limits import check_unicode
        check_unicode(text, "<input>", field="text")
        return detect_language(text, candidates)

    def postedit(self, source: str, target: str, *, src: str, tgt: str, glossary: Any = None,
                 steps: tuple[str, ...] = ("glossary", "values")):
        """Glossary then value localization on an existing translation (``l10n.postedit.post_edit``)."""
        from l10n.limits import check_unicode
        from l10n.postedit import post_edit
        check_unicode({"source": source, "target": target}, "<input>")
        return post_edit(source, target, src=src, tgt=tgt, steps=steps,
                         glossary=glossary if glossary is not None else self.glossary)


def _load_glossary_arg(arg: Any) -> Any:
    if arg is None:
        return None
    from l10n import glossary as glossary_mod
    if arg is _DEFAULT:
        return glossary_mod.load_glossary(glossary_mod.default_glossary_path())
    if isinstance(arg, (str, Path)):
        return glossary_mod.load_glossary(arg)
    if isinstance(arg, (list, tuple)):
        return glossary_mod.load_glossary(*arg)
    return arg
