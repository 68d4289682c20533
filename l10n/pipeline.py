"""The orchestrator: one article in, one translated article per target language out.

Steps (each a plain function over segments, see docs/architecture.md)::

    Document -> detect source language (article, then per block for mixed articles)
             -> segment each block into sentences (plain text, offsets kept)
             -> translation memory (exact matches reused, no MT)
             -> MT: one batched engine call per language pair, pivoting through English
             -> glossary enforcement -> number/date localization -> inline markup re-inserted
                (``l10n.align``)
             -> QA checks -> blocks rebuilt with the original whitespace -> rendered document

The CLI, the Python API (``l10n.api.Translator``) and the HTTP service all call ``translate_document``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from l10n import cancel
from l10n.align import mt_inputs, place_tags
from l10n.document import Block, Change, Document, Flag
from l10n.engines import base as engine_base
from l10n.engines import guard
from l10n.errors import InputError
from l10n.postedit import STEPS, post_edit

#: progress(stage, done, total)
ProgressFn = Callable[[str, int, int], None]

#: Sentences per engine call: large enough for CTranslate2 to batch well, small enough for progress.
MT_CHUNK = 256

#: A block is re-detected on its own when it has at least this many letters and the detector is sure.
BLOCK_DETECT_MIN_LETTERS = 40
BLOCK_DETECT_MIN_CONFIDENCE = 0.95

_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class SourceSegment:
    """A sentence of the source article, ready for translation."""

    id: str          # "<block>.<sentence>", stable for an unchanged article
    block: int
    index: int
    lang: str
    tagged: str      # with inline placeholders, as translators see it
    plain: str       # what MT sees

    @property
    def translatable(self) -> bool:
        return bool(_LETTER.search(self.plain))


@dataclass
class SegmentResult:
    id: str
    block: int
    index: int
    source: str
    target: str
    source_lang: str
    origin: str                     # mt | tm | copy | same-language | source (MT failed, source kept)
    mt: str | None = None           # raw engine output (plain)
    changes: list[Change] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.id, "block": self.block, "source": self.source, "target": self.target,
                "source_lang": self.source_lang, "origin": self.origin, "mt": self.mt,
                "changes": [c.to_dict() for c in self.changes], "flags": [f.to_dict() for f in self.flags]}


@dataclass
class ArticleTranslation:
    lang: str
    source_lang: str
    output: str | bytes  # bytes for binary formats (DOCX)
    segments: list[SegmentResult]

    def to_dict(self) -> dict:
        """JSON-ready; a binary output is given as ``output_base64`` (``output`` is then None)."""
        out: dict = {"lang": self.lang, "source_lang": self.source_lang, "output": self.output}
        if isinstance(self.output, bytes):
            import base64
            out.update(output=None, output_base64=base64.b64encode(self.output).decode("ascii"))
        return {**out, "segments": [s.to_dict() for s in self.segments]}


@dataclass
class SegmentedDocument:
    document: Document
    source_lang: str
    segments: list[SourceSegment]
    #: per block: the tagged text between its sentences (``len(sentences) + 1`` gaps), to rebuild it
    layout: dict[int, list[str]]


# ------------------------------------------------------------------ source side

def detect_source(doc: Document, src: str) -> tuple[str, list[str]]:
    """The article's language and each block's language.

    With ``src="auto"`` each block is detected on its own and the article's language is the one with
    the most letters; a block keeps its own language only when it is long enough and the detector is
    sure (an English article quoting a Ukrainian paragraph), otherwise it follows the article.
    """
    from l10n.errors import InputError
    from l10n.inline import strip_tags
    blocks = [strip_tags(b.text) for b in doc.blocks]
    if src != "auto":
        return src, [src] * len(blocks)
    from l10n.detect import detect_article
    found = detect_article(blocks)
    if found.lang == "unknown":
        raise InputError("cannot detect the source language (too little text); pass --from", where=doc.id)
    langs = []
    for plain, det in zip(blocks, found.per_paragraph):
        own = (det.lang not in ("unknown", found.lang) and det.confidence >= BLOCK_DETECT_MIN_CONFIDENCE
               and len(_LETTER.findall(plain)) >= BLOCK_DETECT_MIN_LETTERS)
        langs.append(det.lang if own else found.lang)
    return found.lang, langs


def segment_document(doc: Document, src: str, *, per_block_detection: bool = True) -> SegmentedDocument:
    """Split every block into sentences; ``src`` may be ``auto``.

    ``per_block_detection=False`` makes every block follow the article's language."""
    from l10n.inline import split_tagged_with_gaps, strip_tags
    from l10n.segment import split_sentences
    lang, block_langs = detect_source(doc, src)
    if not per_block_detection:
        block_langs = [lang] * len(block_langs)
    segments: list[SourceSegment] = []
    layout = {}
    for block, block_lang in zip(doc.blocks, block_langs):
        plain = strip_tags(block.text)
        spans = [(s.start, s.end) for s in split_sentences(plain, block_lang)]
        tagged, layout[block.index] = split_tagged_with_gaps(block.text, spans)
        for n, ((start, end), tagged_sentence) in enumerate(zip(spans, tagged)):
            segments.append(SourceSegment(f"{block.index}.{n}", block.index, n, block_lang,
                                          tagged_sentence, plain[start:end]))
    return SegmentedDocument(doc, lang, segments, layout)


# ------------------------------------------------------------------ target side

def _run_mt(engine: Any, jobs: dict[tuple[str, str], list[str]],
            progress: ProgressFn | None) -> tuple[dict, dict]:
    """Translate unique strings per (src, tgt) in batched calls.

    Returns ``{(src, tgt, text): translation}`` and ``{(src, tgt, text): error}`` for the texts the
    engine failed on: a failing sentence is isolated (``guard.translate_isolated``), never the chunk."""
    total = sum(len(v) for v in jobs.values())
    done = 0
    out: dict[tuple[str, str, str], str] = {}
    failed: dict[tuple[str, str, str], str] = {}
    for (src, tgt), texts in jobs.items():
        for i in range(0, len(texts), MT_CHUNK):
            cancel.check()  # a caller that timed out stops the work here
            chunk = texts[i:i + MT_CHUNK]
            results, errors = guard.translate_isolated(
                lambda batch: engine_base.translate(engine, batch, src, tgt), chunk)
            for n, (text, translation) in enumerate(zip(chunk, results)):
                if translation is None:
                    failed[(src, tgt, text)] = errors.get(n, "no output")
                else:
                    out[(src, tgt, text)] = translation
            done += len(chunk)
            if progress:
                progress("translate", done, total)
    return out, failed


def rebuild_block(block: Block, gaps: list[str], targets: list[str]) -> str:
    """The block's tagged text with its sentences replaced by ``targets`` (source spacing kept)."""
    from l10n.inline import join_tagged
    if len(targets) != len(gaps) - 1:
        return block.text
    return join_tagged(targets, gaps)


def translate_document(doc: Document, targets: Sequence[str], *, src: str = "auto", engine: Any,
                       glossary: Any = None, memory: Any = None, localize_values: bool = True,
                       qa: bool = True, progress: ProgressFn | None = None,
                       segmented: SegmentedDocument | None = None,
                       strict: bool = False) -> dict[str, ArticleTranslation]:
    """Translate ``doc`` into each target language. Returns ``{lang: ArticleTranslation}``.

    A segment the engine fails on (or answers with no usable text) keeps its source text and an
    ``mt-*`` error flag; with ``strict`` it fails the article instead."""
    seg = segmented or segment_document(doc, src)
    results: dict[str, list[SegmentResult]] = {}

    # 1. memory and MT jobs for every target language, then MT in batched calls
    reused: dict[tuple[str, str], dict[str, str]] = {}
    jobs: dict[tuple[str, str], list[str]] = {}
    for tgt in targets:
        if memory is not None:
            for lang in {s.lang for s in seg.segments}:
                if lang != tgt:
                    texts = [s.tagged for s in seg.segments if s.lang == lang and s.translatable]
                    reused[(lang, tgt)] = memory.lookup(lang, tgt, texts) if texts else {}
        for s in seg.segments:
            if s.lang == tgt or not s.translatable or s.tagged in reused.get((s.lang, tgt), {}):
                continue
            bucket = jobs.setdefault((s.lang, tgt), [])
            bucket.extend(mt_inputs(s.tagged, s.plain))
    for key, texts in jobs.items():
        jobs[key] = list(dict.fromkeys(texts))
    for key in jobs:  # fail early, before any work, when a model is missing
        if engine_base.route(engine.pairs(), *key) is None:
            raise engine_base.missing_model_error(*key)
    translations, failed = _run_mt(engine, jobs, progress)

    # 2. post-processing per segment
    out: dict[str, ArticleTranslation] = {}
    article = "\n".join(s.plain for s in seg.segments)  # glossary context: surname-only mentions
    for tgt in targets:
        seg_results = []
        for s in seg.segments:
            cancel.check()
            seg_results.append(_finish_segment(s, tgt, translations, reused, glossary, localize_values, qa,
                                               article, failed))
        if strict:
            _raise_on_kept_source(seg_results, doc.id)
        results[tgt] = seg_results
        output = render_segments(seg, {r.id: r.target for r in seg_results}, lang=tgt)
        out[tgt] = ArticleTranslation(tgt, seg.source_lang, output, seg_results)
    return out


def render_segments(seg: SegmentedDocument, targets: dict[str, str], *, lang: str | None) -> str | bytes:
    """Render the article with each segment replaced by ``targets[segment id]`` (tagged text).

    Segments missing from ``targets`` keep their source text. ``lang`` is the target language, which
    the output declares where its format has a place for it (``<html lang>``); it is a required
    keyword so that no caller forgets it. Shared by ``translate_document`` and PO import
    (``l10n.po``), so both rebuild blocks and markup the same way."""
    from l10n.formats import render_document
    by_block: dict[int, list[str]] = {}
    for s in seg.segments:
        by_block.setdefault(s.block, []).append(targets.get(s.id, s.tagged))
    doc = seg.document
    rendered = {b.index: rebuild_block(b, seg.layout[b.index], by_block.get(b.index, []))
                for b in doc.blocks}
    return render_document(doc, rendered, lang=lang)


def _raise_on_kept_source(results: list[SegmentResult], doc_id: str | None) -> None:
    for r in results:
        if r.origin == "source":
            flag = next((f for f in r.flags if f.severity == "error"), None)
            raise InputError(f"segment {r.id}: {flag.message if flag else 'not translated'}", where=doc_id)


def _finish_segment(s: SourceSegment, tgt: str, translations: dict, reused: dict, glossary: Any,
                    localize_values: bool, qa: bool, article: str = "",
                    failed: dict | None = None) -> SegmentResult:
    if s.lang == tgt:
        return SegmentResult(s.id, s.block, s.index, s.tagged, s.tagged, s.lang, "same-language")
    if not s.translatable:
        return SegmentResult(s.id, s.block, s.index, s.tagged, s.tagged, s.lang, "copy")
    memory_hit = reused.get((s.lang, tgt), {}).get(s.tagged)
    if memory_hit is not None:
        return SegmentResult(s.id, s.block, s.index, s.tagged, memory_hit, s.lang, "tm")
    key = (s.lang, tgt, s.plain)
    if key not in translations:  # origin "source": MT failed, the source is kept and flagged
        message = (failed or {}).get(key, "no output")
        return SegmentResult(s.id, s.block, s.index, s.tagged, s.tagged, s.lang, "source",
                             flags=[guard.failed_flag(message)])
    mt, guard_flags = guard.check_output(s.plain, translations[key])
    if mt is None:
        return SegmentResult(s.id, s.block, s.index, s.tagged, s.tagged, s.lang, "source",
                             translations[key] if isinstance(translations[key], str) else None,
                             flags=guard_flags)
    target = mt
    edited = post_edit(s.plain, target, src=s.lang, tgt=tgt, glossary=glossary,
                       steps=STEPS if localize_values else ("glossary",), context=article)
    target, changes, flags = edited.target, list(edited.changes), guard_flags + list(edited.flags)
    inner = {text: translations.get((s.lang, tgt, text), "") for text in mt_inputs(s.tagged, s.plain)[1:]}
    tagged_target, tag_flags = place_tags(s.tagged, s.plain, target, inner)
    flags += tag_flags
    if qa:
        from l10n.qa import check_segment
        seen = {(f.code, f.term) for f in flags}
        # glossary terms were already verified (inflection-aware) by postedit above; QA checks the rest
        flags += [f for f in check_segment(s.tagged, tagged_target, src=s.lang, tgt=tgt, glossary=None)
                  if (f.code, f.term) not in seen]
    return SegmentResult(s.id, s.block, s.index, s.tagged, tagged_target, s.lang, "mt", mt, changes, flags)
