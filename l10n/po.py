"""PO files for human translators: export (with MT drafts and hints), merge on re-export, import.

One PO entry per source sentence:

* ``msgctxt`` — a stable segment id ``<article>/<block key>/<sentence>``; the block key is
  ``<kind>-<8 hex of SHA-1 of the block's tagged source>`` plus ``-<n>`` for the n-th identical
  block. It depends only on the block's own text, so editing, adding or removing OTHER paragraphs
  never changes it; editing a paragraph changes the keys of its sentences, and the merge then
  finds their previous translations by msgid (exact, then similarity) like ``msgmerge``;
* ``msgid`` — the source sentence with inline placeholders (``<1>…</1>``, ``<2/>``);
* ``msgstr`` — the MT draft flagged ``fuzzy`` (approval = removing ``fuzzy``), a translation
  memory match (approved, not fuzzy), or empty;
* ``#.`` hints (glossary terms with their required form, numbers/dates to keep, QA flags,
  translation-memory fuzzy matches) and ``#:`` references (article path, block number).

``import_po`` maps entries back to segments by ``msgctxt``, checks placeholders and the
``Language`` header, and rebuilds the article in its original format through the pipeline's
own renderer. See ``docs/po.md``.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Mapping, Sequence

import polib

from l10n.document import Document
from l10n.errors import PoFormatError, UnknownLanguage, UsageError
from l10n.fileio import read_utf8
from l10n.inline import check_placeholders
from l10n.languages import LOCALES, NAMES, normalize_lang
from l10n.limits import check_unicode
from l10n.pocheck import check_po_text
from l10n.pipeline import ArticleTranslation, SegmentedDocument, render_segments, segment_document
from l10n.tm.units import Unit
from l10n.xliff import is_xliff, read_xliff

#: Previous translations are offered (fuzzy) for changed sentences at or above this similarity,
#: the same cut-off ``msgmerge`` uses.
MERGE_SIMILARITY = 0.6

#: Translation-memory fuzzy matches offered in ``#.`` comments.
TM_THRESHOLD = 0.75
TM_LIMIT = 2

FALLBACKS = ("mt", "source")

_LINE_RE = re.compile(r"\(line (\d+)\)")


# ------------------------------------------------------------------ ids and hashes

def block_keys(doc: Document) -> dict[int, str]:
    """``{block index: key}``; the key depends only on the block's kind and its own text."""
    seen: Counter = Counter()
    out = {}
    for block in doc.blocks:
        digest = hashlib.sha1(f"{block.kind}\x1f{block.text}".encode("utf-8")).hexdigest()[:8]
        key = f"{block.kind}-{digest}"
        seen[key] += 1
        out[block.index] = key if seen[key] == 1 else f"{key}-{seen[key]}"
    return out


def segment_contexts(seg: SegmentedDocument) -> dict[str, str]:
    """``{segment id: msgctxt}`` for every segment of the article."""
    keys = block_keys(seg.document)
    return {s.id: f"{seg.document.id}/{keys[s.block]}/{s.index}" for s in seg.segments}


def article_hash(doc: Document) -> str:
    """Fingerprint of the article's translatable content (format, block kinds and texts)."""
    h = hashlib.sha256(doc.format.encode("utf-8"))
    for block in doc.blocks:
        h.update(f"\x1e{block.kind}\x1f{block.text}".encode("utf-8"))
    return "sha256:" + h.hexdigest()[:32]


def _stamp(when: _dt.datetime | None = None) -> str:
    """The header date: ``when``, else ``SOURCE_DATE_EPOCH`` (reproducible exports), else now.

    With ``SOURCE_DATE_EPOCH`` set (https://reproducible-builds.org/specs/source-date-epoch/), two
    exports of the same article are byte-identical, whichever minute they run in.

    >>> import os; os.environ["SOURCE_DATE_EPOCH"] = "1700000000"; _stamp()
    '2023-11-14 22:13+0000'
    >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    if when is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch:
            if not epoch.isdigit() or len(epoch) > 12:
                raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got {epoch[:40]!r}")
            when = _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
    when = when or _dt.datetime.now(_dt.timezone.utc)
    return when.strftime("%Y-%m-%d %H:%M%z")


# ------------------------------------------------------------------ export

def _headers(doc: Document, seg: SegmentedDocument, lang: str | None, stamp: str,
             previous: Mapping[str, str] | None, path: str | None) -> dict[str, str]:
    """Complete gettext headers plus ``X-L10n-*`` fields that let import find and verify the article."""
    from l10n import __version__
    previous = previous or {}
    meta = {
        "Project-Id-Version": f"{doc.id}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": previous.get("PO-Revision-Date", stamp),
        "Last-Translator": previous.get("Last-Translator", "Translator <translator@example.invalid>"),
        "Language-Team": previous.get("Language-Team", f"{NAMES[lang]} <{lang}@example.invalid>" if lang else ""),
        "Language": lang or "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if lang:
        from babel.messages.plurals import get_plural
        meta["Plural-Forms"] = str(get_plural(LOCALES[lang]))
    meta.update({
        "X-Generator": f"l10n {__version__}",
        "X-L10n-Article": doc.id,
        "X-L10n-Format": doc.format,
        "X-L10n-Source-Language": seg.source_lang,
        "X-L10n-Source-Hash": article_hash(doc),
    })
    if path:
        meta["X-L10n-Source-Path"] = str(path)
    return meta


def _hints(text: str, src: str, lang: str | None, glossary: Any, result: Any, memory: Any) -> list[str]:
    """``#.`` lines for translators: glossary terms, values to keep, QA flags, TM fuzzy matches."""
    from l10n.inline import strip_tags
    plain = strip_tags(text)
    lines: list[str] = []
    if glossary is not None and lang:
        for m in glossary.find(plain, src):
            term = glossary.get(m.term_id)
            lt = term.lang(lang)
            if lt is not None:
                how = "keep as is" if term.dnt else ("inflect as needed" if lang in ("uk", "ru")
                                                    else "add suffixes as needed" if lang == "tr" else "")
                lines.append(f"Glossary: {m.text} -> {lt.term}" + (f" ({how})" if how else ""))
    from l10n.localize import extract_values
    for value in extract_values(plain, src):
        lines.append(f"Keep value: {value.text} ({value.kind})")
    if result is not None:
        for flag in getattr(result, "flags", []):
            lines.append(f"QA {flag.severity}: {flag.code}: {flag.message}")
        if getattr(result, "origin", None) == "mt":
            from l10n.inline import check_placeholders
            for problem in check_placeholders(text, result.target):
                lines.append(f"Markup in the draft needs fixing: {problem}")
    if memory is not None and lang:
        for match in memory.fuzzy(src, lang, text, threshold=TM_THRESHOLD, limit=TM_LIMIT):
            lines.append(f"TM {round(match.score * 100)}%: {match.target}")
            lines.append(f"  (source: {match.source})")
    return [ln.replace("\n", " ") for ln in lines]


def _notes(doc: Document) -> dict[int, list[str]]:
    """``#.`` lines saying where a block's text sits when its text does not show it (``Block.note``:
    an HTML attribute such as ``Attribute: <img alt>``), by block index."""
    return {b.index: [b.note.replace("\n", " ")] for b in doc.blocks if b.note}


def _references(doc: Document, block: int, path: str | None) -> list[tuple[str, str]]:
    """``#: <article path or id>:<block number, 1-based>``."""
    return [(str(path or doc.id).replace(" ", "_"), str(block + 1))]


def _new_catalog(meta: dict[str, str]) -> polib.POFile:
    po = polib.POFile(wrapwidth=78, encoding="utf-8", check_for_duplicates=False)
    po.metadata = meta
    po.header = "Translations exported by l10n; see docs/po.md.\n" \
                "Placeholders <1>…</1> and <2/> stand for markup: move them, keep every one."
    return po


def export_pot(doc: Document, segmented: SegmentedDocument | None = None, *, src: str = "auto",
               glossary: Any = None, path: str | None = None, source_path: str | None = None,
               when: _dt.datetime | None = None) -> polib.POFile:
    """The ``.pot`` template: every sentence, empty msgstrs, glossary/value hints."""
    seg = segmented or segment_document(doc, src, per_block_detection=False)
    po = _new_catalog(_headers(doc, seg, None, _stamp(when), None, source_path or path))
    contexts = segment_contexts(seg)
    notes = _notes(doc)
    for s in seg.segments:
        if s.translatable:
            hints = notes.get(s.block, []) + _hints(s.tagged, s.lang, None, glossary, None, None)
            po.append(polib.POEntry(msgctxt=contexts[s.id], msgid=s.tagged, msgstr="",
                                    comment="\n".join(hints), occurrences=_references(doc, s.block, path)))
    return po


def export_po(doc: Document, segmented: SegmentedDocument | None = None, *, lang: str,
              translations: ArticleTranslation | None = None, memory: Any = None,
              existing: polib.POFile | str | os.PathLike | None = None, glossary: Any = None,
              src: str = "auto", path: str | None = None, source_path: str | None = None,
              when: _dt.datetime | None = None) -> polib.POFile:
    """The PO file of ``doc`` for ``lang``, merged with ``existing`` (a previous export) if given.

    ``path``: the article's path for ``#:`` references; ``source_path`` (default ``path``): the
    article's path relative to the PO file, stored as ``X-L10n-Source-Path`` for import.
    ``translations`` (from ``translate_document``) supplies MT drafts (flagged fuzzy) and QA flags;
    without it msgstrs are empty unless the translation memory has an approved exact match.
    Merge rules (as ``msgmerge``): an entry with the same msgctxt and msgid, or the same msgid
    elsewhere, keeps its translation and state; a changed sentence gets the most similar previous
    translation (same msgctxt, else msgid similarity >= ``MERGE_SIMILARITY``) flagged fuzzy with
    ``#| msgid``; previous entries nobody took become obsolete (``#~``).
    """
    lang = normalize_lang(lang)
    seg = segmented or segment_document(doc, src, per_block_detection=False)
    if isinstance(existing, (str, os.PathLike)):
        existing = read_po(existing)
    po = _new_catalog(_headers(doc, seg, lang, _stamp(when),
                               existing.metadata if existing is not None else None, source_path or path))
    contexts = segment_contexts(seg)
    results = {r.id: r for r in translations.segments} if translations is not None else {}
    wanted = [s for s in seg.segments if s.translatable and s.lang != lang]
    approved: dict[str, str] = {}
    if memory is not None:
        for source_lang in {s.lang for s in wanted}:
            approved.update(memory.lookup(source_lang, lang, [s.tagged for s in wanted if s.lang == source_lang]))

    merger = _Merger(existing) if existing is not None else None
    notes = _notes(doc)
    for s in wanted:
        ctxt = contexts[s.id]
        result = results.get(s.id)
        entry = polib.POEntry(msgctxt=ctxt, msgid=s.tagged, msgstr="", occurrences=_references(doc, s.block, path))
        hints = notes.get(s.block, []) + _hints(s.tagged, s.lang, lang, glossary, result,
                                                memory if s.tagged not in approved else None)
        previous = merger.take(ctxt, s.tagged) if merger else None
        if previous is not None and (previous.msgstr or previous.previous_msgid is None):
            entry.msgstr = previous.msgstr
            entry.tcomment = previous.tcomment
            entry.flags = [f for f in previous.flags if f != "fuzzy"]
            if previous.msgid != s.tagged:  # changed sentence: the old translation is only a draft
                entry.previous_msgid = previous.msgid
                entry.flags.append("fuzzy")
            elif "fuzzy" in previous.flags:
                entry.flags.append("fuzzy")
        if not entry.msgstr:
            if s.tagged in approved:
                entry.msgstr = approved[s.tagged]
                hints.insert(0, "From the translation memory (approved).")
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
            elif result is not None and result.origin == "tm":  # reused, but not known as approved here
                entry.msgstr = result.target
                hints.insert(0, "Earlier translation of the same sentence: review, then remove the fuzzy flag.")
                if "fuzzy" not in entry.flags:
                    entry.flags.append("fuzzy")
            elif result is not None and result.origin == "mt" and result.target:
                entry.msgstr = result.target
                hints.insert(0, "Machine translation draft: review, then remove the fuzzy flag.")
                if "fuzzy" not in entry.flags:
                    entry.flags.append("fuzzy")
            elif previous is not None and previous.previous_msgid is not None:
                entry.flags = [f for f in entry.flags if f != "fuzzy"]  # nothing to be fuzzy about
        entry.comment = "\n".join(hints)
        po.append(entry)
    if merger:
        taken = {(e.msgctxt, e.msgid) for e in po}
        for old in merger.leftovers():
            if old.msgstr and (old.msgctxt, old.msgid) not in taken:
                old.obsolete = True
                old.occurrences = []
                po.append(old)
    return po


class _Merger:
    """Finds, for each new sentence, the previous entry that should give it its translation."""

    def __init__(self, existing: polib.POFile) -> None:
        self.entries = [e for e in existing if e.msgid]  # obsolete ones too: they can come back
        self.by_key = {(e.msgctxt, e.msgid): e for e in self.entries}
        self.by_ctxt = {e.msgctxt: e for e in self.entries if not e.obsolete}
        self.by_msgid: dict[str, list[polib.POEntry]] = {}
        for e in self.entries:
            self.by_msgid.setdefault(e.msgid, []).append(e)
        self.used: set[int] = set()

    def _use(self, entry: polib.POEntry | None, msgid: str) -> polib.POEntry | None:
        if entry is None or id(entry) in self.used:
            return None
        self.used.add(id(entry))
        taken = _copy(entry)
        taken.obsolete = False
        taken.previous_msgid = entry.msgid if entry.msgid != msgid else None
        return taken

    def take(self, ctxt: str, msgid: str) -> polib.POEntry | None:
        exact = self.by_key.get((ctxt, msgid))
        if exact is not None and id(exact) not in self.used:
            return self._use(exact, msgid)
        for e in self.by_msgid.get(msgid, []):  # same sentence, moved or in an edited paragraph
            if id(e) not in self.used and (e.msgstr or not e.obsolete):
                return self._use(e, msgid)
        same_ctxt = self.by_ctxt.get(ctxt)
        if same_ctxt is not None and id(same_ctxt) not in self.used and same_ctxt.msgstr:
            return self._use(same_ctxt, msgid)
        best, best_score = None, MERGE_SIMILARITY
        for e in self.entries:
            if id(e) in self.used or not e.msgstr:
                continue
            sm = difflib.SequenceMatcher(None, msgid, e.msgid, autojunk=False)
            if sm.real_quick_ratio() < best_score or sm.quick_ratio() < best_score:
                continue
            score = sm.ratio()
            if score >= best_score:
                best, best_score = e, score
        return self._use(best, msgid)

    def leftovers(self) -> list[polib.POEntry]:
        return [_copy(e) for e in self.entries if id(e) not in self.used]


def _copy(entry: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr=entry.msgstr,
                         flags=list(entry.flags), tcomment=entry.tcomment, comment=entry.comment,
                         occurrences=list(entry.occurrences), previous_msgid=entry.previous_msgid,
                         obsolete=entry.obsolete, linenum=entry.linenum)


# ------------------------------------------------------------------ reading / writing

class PoFile(polib.POFile):
    """A parsed PO file that remembers where it came from, for error messages: ``name`` (its path,
    or the name the caller gave its text) and the line of its ``Language:`` header."""

    name: str = "<po>"
    header_line: int = 1


def read_po(source: str | os.PathLike | IO[str], *, name: str | None = None) -> PoFile:
    r"""Parse a PO file given as its text (``str``), a path (``os.PathLike``) or an open text file.

    The type decides, never the content: a ``str`` is always PO text, so text from a client can
    never become a file read. Errors (``PoFormatError``) name ``name:line`` — ``name`` defaults to
    the path, else ``<po>``.

    >>> text = "\n".join(['msgid ""', 'msgstr ""', r'"Language: uk\n"', '', 'msgid "Hello."', 'msgstr "Привіт."'])
    >>> po = read_po(text)
    >>> po.metadata["Language"], po[0].msgstr, po.header_line
    ('uk', 'Привіт.', 3)
    """
    if isinstance(source, os.PathLike):
        name = name or str(source)
        text = read_utf8(Path(source), error=PoFormatError)
    elif isinstance(source, str):
        text = source.removeprefix("\ufeff")
    else:
        text = source.read().removeprefix("\ufeff")
    name = name or "<po>"
    check_unicode(text, name, error=PoFormatError)
    check_po_text(text, name)  # what msgfmt --check rejects and polib would accept
    try:
        po = polib.pofile(text, encoding="utf-8", wrapwidth=78, klass=PoFile)
    except (OSError, ValueError, IndexError) as exc:
        msg = str(exc)
        m = _LINE_RE.search(msg)
        line = m.group(1) if m else None
        detail = msg.split(": ", 1)[1] if ": " in msg and m else msg
        raise PoFormatError(f"malformed PO file: {detail}", where=f"{name}:{line}" if line else name) from None
    po.name, po.header_line = name, _header_line(text)
    return po


def read_catalog(source: polib.POFile | str | os.PathLike, *, name: str | None = None) -> PoFile:
    """A PO file, or an XLIFF 2.x/1.2 file (``l10n.xliff``) read into the same unit model; given as
    a path, as text (``str``; XLIFF when it starts with ``<``) or already parsed (``POFile``)."""
    if isinstance(source, PoFile):
        return source
    if isinstance(source, polib.POFile):
        return _located(source, name or source.fpath or "<po>")
    if isinstance(source, os.PathLike) and is_xliff(source):
        return _located(read_xliff(source), name or str(source))
    if isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith("<"):
        return _located(read_xliff(name or "<xliff>", data=source.encode("utf-8")), name or "<xliff>")
    return read_po(source, name=name)


def _located(po: polib.POFile, name: str) -> PoFile:
    """``po`` as a ``PoFile`` named ``name`` (XLIFF has no header line: errors point at line 1)."""
    out = PoFile(wrapwidth=po.wrapwidth, encoding=po.encoding, check_for_duplicates=False)
    out.metadata = po.metadata
    out.extend(po)
    out.name = name
    return out


def save_po(po: polib.POFile, path: str | os.PathLike) -> None:
    """Write ``po`` atomically (temporary file + rename)."""
    from l10n.fileio import write_atomic
    write_atomic(path, po.__unicode__() + ("" if str(po).endswith("\n") else "\n"))


# ------------------------------------------------------------------ import

@dataclass
class ImportResult:
    """The rebuilt article (``output``), its language, and what happened per entry (``report``)."""

    output: str | bytes  # bytes for DOCX
    lang: str
    report: dict = field(default_factory=dict)
    #: approved translations (``l10n.tm.Unit``, origin human) for the translation memory
    units: list = field(default_factory=list)


def import_po(po: PoFile | str | os.PathLike, doc: Document, *, fallback: str = "mt", memory: Any = None,
              lang: str | None = None) -> ImportResult:
    """Rebuild ``doc`` translated with a reviewed PO or XLIFF file (parsed, its text, or its path; see
    ``read_catalog``).

    Approved entries (not fuzzy, non-empty) are used as they are; fuzzy or empty ones fall back to
    the fuzzy draft (``fallback="mt"``; source when there is none) or to the source
    (``"source"``), and are listed in the report. Sentences of the article that the file lacks
    get the source. Errors (``PoFormatError``, naming file and line): malformed file, missing or
    wrong ``Language``, a file made for another article, msgctxt or msgid not matching the
    article, broken placeholders in an approved translation. Nothing is written here; approved
    entries feed ``memory`` (origin human, file = the PO file's name) once the import succeeded.
    """
    if fallback not in FALLBACKS:
        raise PoFormatError(f"fallback must be one of {', '.join(FALLBACKS)}, got {fallback!r}")
    po = read_catalog(po)
    po_lang, src = _check_header(po, doc, lang)
    seg = segment_document(doc, src, per_block_detection=False)
    contexts = segment_contexts(seg)
    report: dict = {"file": po.name, "article": doc.id, "lang": po_lang, "fallback": fallback,
                    "approved": 0, "fuzzy": [], "untranslated": [], "missing": [], "warnings": [],
                    "memory_added": 0}
    if po.metadata.get("X-L10n-Source-Hash") and po.metadata["X-L10n-Source-Hash"] != article_hash(doc):
        report["warnings"].append("the article changed since this file was exported")
    entries = [e for e in po if not e.obsolete]
    targets, human = _match_entries(po.name, entries, {contexts[s.id]: s for s in seg.segments}, doc.id,
                                    fallback, report)
    present = {e.msgctxt for e in entries}
    for s in seg.segments:
        if s.translatable and contexts[s.id] not in present:
            report["missing"].append({"msgctxt": contexts[s.id], "source": s.tagged})
    output = render_segments(seg, targets, lang=po_lang)
    report["segments"] = sum(1 for s in seg.segments if s.translatable)
    units = [Unit(s.lang, po_lang, s.tagged, e.msgstr, "human", po.name, doc.id, e.msgctxt) for s, e in human]
    if memory is not None and units:
        report["memory_added"] = memory.add_many(units)
    return ImportResult(output, po_lang, report, units)


def _check_header(po: PoFile, doc: Document, lang: str | None) -> tuple[str, str]:
    """``(target language, source language)`` from the header, checked against ``doc`` and ``lang``."""
    where = f"{po.name}:{po.header_line}"
    meta = po.metadata
    raw_lang = meta.get("Language", "").strip()
    if not raw_lang:
        raise PoFormatError("header has no Language (e.g. \"Language: uk\\n\")", where=where)
    try:
        po_lang = normalize_lang(raw_lang)
    except UnknownLanguage as exc:
        raise PoFormatError(f"Language header: {exc}", where=where) from None
    if lang is not None and normalize_lang(lang) != po_lang:
        raise PoFormatError(f"Language header says {raw_lang!r} but {normalize_lang(lang)!r} was expected",
                            where=where)
    article = meta.get("X-L10n-Article")
    if article and article != doc.id:
        raise PoFormatError(f"this PO file is for article {article!r}, not {doc.id!r}", where=where)
    try:
        src = normalize_lang(meta.get("X-L10n-Source-Language") or "auto", allow_auto=True)
    except UnknownLanguage as exc:
        raise PoFormatError(f"X-L10n-Source-Language header: {exc}", where=where) from None
    if src == po_lang:
        raise PoFormatError(f"Language header {raw_lang!r} is the article's source language", where=where)
    return po_lang, src


def _match_entries(name: str, entries: list[polib.POEntry], by_ctxt: dict[str, Any], doc_id: str,
                   fallback: str, report: dict) -> tuple[dict[str, str], list[tuple[Any, polib.POEntry]]]:
    """Map entries to segments: ``(targets by segment id, approved (segment, entry) pairs)``; fuzzy and
    empty entries go to ``report``. Every mismatch is collected, then raised as one ``PoFormatError``."""
    problems: list[str] = []
    targets: dict[str, str] = {}
    human = []
    for entry in entries:
        where = f"{name}:{entry.linenum}"
        s = by_ctxt.get(entry.msgctxt)
        if s is None:
            problems.append(f"{where}: msgctxt {entry.msgctxt!r} does not match any sentence of article "
                            f"{doc_id!r} (re-export to merge: l10n po export)")
            continue
        if entry.msgid != s.tagged:
            problems.append(f"{where}: msgid differs from the article's sentence {s.tagged!r}")
            continue
        if entry.msgstr and "fuzzy" not in entry.flags:
            broken = check_placeholders(entry.msgid, entry.msgstr)
            if broken:
                problems.append(f"{where}: msgstr: placeholders broken: {'; '.join(broken)}")
                continue
            targets[s.id] = entry.msgstr
            report["approved"] += 1
            human.append((s, entry))
            continue
        item = {"msgctxt": entry.msgctxt, "line": entry.linenum}
        draft_ok = bool(entry.msgstr) and not check_placeholders(entry.msgid, entry.msgstr)
        if entry.msgstr and fallback == "mt" and draft_ok:
            targets[s.id] = entry.msgstr
            item["used"] = "draft"
        else:
            item["used"] = "source"
            if entry.msgstr and not draft_ok:
                item["note"] = "draft has broken placeholders"
        report["fuzzy" if entry.msgstr else "untranslated"].append(item)
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise PoFormatError(problems[0] + more, problems=problems)
    return targets, human


def _header_line(text: str) -> int:
    """Line of the ``Language:`` header (or 1), for error messages."""
    for n, line in enumerate(text.splitlines(), 1):
        if line.startswith('"Language:'):
            return n
    return 1


# ------------------------------------------------------------------ MT only where needed

class KnownTranslations:
    """A translation-memory stand-in for ``translate_document``: sentences already translated in
    previous PO files (approved or being reviewed) and approved TM entries are not sent to MT.

    This is what makes re-exporting an article with one edited paragraph translate only that
    paragraph."""

    def __init__(self, previous: Mapping[str, polib.POFile], memory: Any = None) -> None:
        self.previous = {lang: {e.msgid: e.msgstr for e in po if e.msgstr} for lang, po in previous.items()}
        self.memory = memory

    def lookup(self, src: str, tgt: str, texts: Sequence[str]) -> dict[str, str]:
        known = self.previous.get(tgt, {})
        out = {t: known[t] for t in texts if t in known}
        if self.memory is not None:
            rest = [t for t in texts if t not in out]
            if rest:
                out.update(self.memory.lookup(src, tgt, rest))
        return out


def export_article(doc: Document, langs: Sequence[str], *, src: str = "auto", engine: Any = None,
                   memory: Any = None, glossary: Any = None, existing: Mapping[str, polib.POFile] | None = None,
                   path: str | None = None, source_path: str | None = None,
                   when: _dt.datetime | None = None) -> tuple[polib.POFile, dict[str, polib.POFile]]:
    """The template and one merged PO file per language for ``doc``.

    With an ``engine``, sentences get MT drafts — but only those that neither a previous PO file
    (``existing``, by language) nor the translation memory already translate. Without one
    (``--no-mt``) msgstrs stay empty except for approved memory matches."""
    from l10n.pipeline import translate_document
    existing = dict(existing or {})
    langs = [normalize_lang(x) for x in langs]
    seg = segment_document(doc, src, per_block_detection=False)
    translations: dict[str, ArticleTranslation] = {}
    if engine is not None:
        known = KnownTranslations(existing, memory)
        translations = translate_document(doc, langs, src=seg.source_lang, engine=engine, glossary=glossary,
                                          memory=known, segmented=seg)
    pot = export_pot(doc, seg, glossary=glossary, path=path, source_path=source_path, when=when)
    pos = {lang: export_po(doc, seg, lang=lang, translations=translations.get(lang), memory=memory,
                           existing=existing.get(lang), glossary=glossary, path=path, source_path=source_path,
                           when=when) for lang in langs}
    return pot, pos
