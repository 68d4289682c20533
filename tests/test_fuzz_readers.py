"""Hypothesis fuzzing of every reader and text step: the only exception any of them may raise on
arbitrary input is an ``L10nError`` (one line for the user); article readers round-trip byte for
byte.  Sized for CI (``max_examples`` small); ``-m slow`` runs many more examples."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.errors import L10nError

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text biased towards markup characters of every format we read.
MARKUP = st.lists(st.sampled_from(list("ab \n\t*_~`[]()!<>/\\\"'=&#;:|-.^@") + [
    "\r", "\x00", "é", "Ж", "\ud800", "<b>", "</b>", "<!--", "-->", "](u)", "msgid ", "msgstr ", "terms:",
    "\n  - ", "{", "}", "<1>", "</1>", "<2/>", "https://x.y",
    # HTML attributes that are blocks of their own (inside a paragraph and not)
    "<p>", "<img alt=\"", "<a title='", " alt=", "<meta name=description content=", "&quot;", "&amp;",
    "<html lang=en>", " lang=\"en\"", " xml:lang=",
    # Markdown image alt text and titles, reference definitions with titles
    "![", "](a.png \"t\")", " 't')", " (t)", "\n[r]: u \"t\"\n", "\\\""]),
    max_size=60).map("".join)


def only_l10n_errors(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except L10nError:
        return None


def _round_trip(text: str, fmt: str) -> None:
    from l10n.formats import read_document, render_document
    doc = only_l10n_errors(read_document, text, fmt=fmt)
    if doc is not None:
        assert render_document(doc, {}) == text


@FAST
@given(MARKUP, st.sampled_from(["text", "markdown", "html", "auto"]))
def test_article_readers(text, fmt):
    _round_trip(text, fmt)


@FAST
@given(st.recursive(st.none() | st.booleans() | st.integers() | MARKUP,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(MARKUP, inner, max_size=3),
                    max_leaves=10), MARKUP)
def test_json_article_reader(extra, body):
    import json
    from l10n.formats import read_document
    text = json.dumps({"id": extra if not isinstance(extra, (dict, list)) else "a", "body": body, "x": extra})
    only_l10n_errors(read_document, text, fmt="json")
    only_l10n_errors(read_document, text[: len(text) // 2], fmt="json")


@FAST
@given(MARKUP, st.sampled_from(["html", "markdown", "text"]), st.booleans(), st.sampled_from([None, "uk"]))
def test_json_article_round_trip(body, body_fmt, ascii_only, lang):
    """A JSON article (HTML body attributes included) is its input untranslated, valid JSON translated."""
    import json
    from l10n.formats import read_document, render_document
    text = json.dumps({"id": 1, "title": body[:9], "body": body, "format": body_fmt}, ensure_ascii=ascii_only)
    doc = only_l10n_errors(read_document, text, fmt="json")
    if doc is None:
        return
    assert render_document(doc, {}) == text
    out = json.loads(render_document(doc, {b.index: b.text + " \"\\'" for b in doc.blocks}, lang=lang))
    assert out["id"] == 1 and out["format"] == body_fmt


@FAST
@given(MARKUP)
def test_po_reader(text):
    from l10n.po import read_po
    only_l10n_errors(read_po, 'msgid ""\nmsgstr ""\n"Language: uk\\n"\n\n' + text)


@FAST
@given(MARKUP)
def test_glossary_readers(text):
    from l10n.glossary.load import parse_csv, parse_tbx, parse_yaml
    for fn, prefix in ((parse_yaml, "terms:\n  - id: a\n    en: "), (parse_yaml, ""), (parse_csv, "id,en,uk\n"),
                       (parse_tbx, "<martif><body><termEntry id='a'><langSet xml:lang='en'><tig><term>")):
        only_l10n_errors(fn, prefix + text)


@FAST
@given(MARKUP)
def test_tmx_reader(tmp_path_factory, text):
    from l10n.tm import TranslationMemory, import_tmx
    folder = tmp_path_factory.mktemp("tmx")
    path = folder / "in.tmx"
    path.write_bytes(("<tmx version='1.4'><body><tu><tuv xml:lang='en'><seg>" + text).encode("utf-8", "surrogatepass"))
    only_l10n_errors(import_tmx, TranslationMemory(folder / "tm.sqlite3"), path)


@FAST
@given(MARKUP, st.sampled_from(["en", "uk", "ru", "tr"]))
def test_segmenter_detect_postedit(text, lang):
    from l10n.api import Translator
    from l10n.segment import split_sentences
    clean = text.encode("utf-8", "replace").decode("utf-8")
    spans = split_sentences(clean, lang)
    assert all(0 <= s.start <= s.end <= len(clean) for s in spans)
    t = Translator(glossary=None)
    only_l10n_errors(t.detect, text)
    if lang != "en":
        only_l10n_errors(t.postedit, text, text, src="en", tgt=lang, glossary=None, steps=("values",))


@pytest.mark.slow
@SLOW
@given(MARKUP, st.sampled_from(["text", "markdown", "html"]))
def test_article_readers_long_run(text, fmt):
    _round_trip(text * 3, fmt)
