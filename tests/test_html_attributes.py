"""HTML attributes: which values are blocks, which never are, rendering with the right escaping,
PO/XLIFF notes, and ``l10n translate page.html`` end to end with the fixture models."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.formats import read_document, render_document
from l10n.inline import PLACEHOLDER_RE
from l10n.pipeline import segment_document
from l10n.po import export_po, export_pot

from format_helpers import po_round_trip, start_tags, through_json

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta name="description" content="The talks will continue on Tuesday.">
<meta property="og:title" content="Kharkiv rebuilds as talks resume in Istanbul">
<meta name="twitter:description" content='Two people were killed in Odesa on Sunday.'>
<meta name="keywords" content="Kyiv">
<title>Kharkiv rebuilds as talks resume in Istanbul</title>
</head>
<body>
<p>The full statement is available on the <a href="https://example.org/mfa" title="Turkish Foreign Ministry website" data-title="Kyiv">Turkish Foreign Ministry website</a>.</p>
<figure><img src="/img/kyiv.jpg" alt="Kyiv is the capital of Ukraine." data-caption="Kyiv"></figure>
<form><input name="q" placeholder="Kyiv"><button aria-label="Kharkiv">Odesa</button></form>
<pre title="Kyiv">Kyiv</pre><code title="Kyiv">Kyiv</code>
<div translate="no" title="Kyiv"><img alt="Kyiv"></div>
</body>
</html>
"""


def _attrs(doc) -> list[tuple[str, str, str]]:
    return [(b.kind, b.text, b.note) for b in doc.blocks if b.note]


def test_translatable_attributes_are_blocks_with_notes():
    doc = read_document(PAGE, fmt="html")
    assert _attrs(doc) == [
        ("meta-description", "The talks will continue on Tuesday.", 'Attribute: <meta name="description" content>'),
        ("meta-og-title", "Kharkiv rebuilds as talks resume in Istanbul",
         'Attribute: <meta property="og:title" content>'),
        ("meta-twitter-description", "Two people were killed in Odesa on Sunday.",
         'Attribute: <meta name="twitter:description" content>'),
        ("attr-title", "Turkish Foreign Ministry website", "Attribute: <a title>"),
        ("attr-alt", "Kyiv is the capital of Ukraine.", "Attribute: <img alt>"),
        ("attr-placeholder", "Kyiv", "Attribute: <input placeholder>"),
        ("attr-aria-label", "Kharkiv", "Attribute: <button aria-label>"),
    ]
    assert render_document(doc, {}) == PAGE


def test_other_attributes_code_and_no_translate_are_never_blocks():
    doc = read_document(PAGE, fmt="html")
    everything = {b.index: "ZZZ" + b.text for b in doc.blocks}
    out = render_document(doc, everything)
    for kept in ('content="Kyiv"', 'href="https://example.org/mfa"', 'data-title="Kyiv"', 'src="/img/kyiv.jpg"',
                 'data-caption="Kyiv"', 'name="q"', '<pre title="Kyiv">Kyiv</pre>', '<code title="Kyiv">Kyiv</code>',
                 '<div translate="no" title="Kyiv"><img alt="Kyiv"></div>', '<html lang="en">'):
        assert kept in out, kept
    assert out.count("ZZZ") == len(doc.blocks) == 10  # 7 attribute values + title, p, button text


def test_attribute_inside_a_block_renders_into_its_markup():
    src = '<p>Read <a href="/r?a=1&amp;b=2" title="The &quot;full&quot; report">the report</a> <img src=x alt=Cat>.</p>'
    doc = read_document(src, fmt="html")
    para, title, alt = doc.blocks
    assert para.text == "Read <1>the report</1> <2/>."
    assert (title.text, alt.text) == ('The "full" report', "Cat")
    # only the attributes translated: the paragraph keeps its source bytes around them
    assert render_document(doc, {title.index: 'Звіт "повний" & <б>', alt.index: "Кіт"}) == (
        '<p>Read <a href="/r?a=1&amp;b=2" title="Звіт &quot;повний&quot; &amp; &lt;б&gt;">the report</a> '
        '<img src=x alt="Кіт">.</p>')
    # paragraph and attributes translated, tags moved by the translation
    assert render_document(doc, {para.index: "<2/> Читайте <1>звіт</1>.", title.index: "Звіт",
                                 alt.index: "Кіт"}) == (
        '<p><img src=x alt="Кіт"> Читайте <a href="/r?a=1&amp;b=2" title="Звіт">звіт</a>.</p>')
    assert render_document(doc, {para.index: "Читайте <1>звіт</1>."}) == (
        '<p>Читайте <a href="/r?a=1&amp;b=2" title="The &quot;full&quot; report">звіт</a>.</p>')


def test_quote_styles_and_whitespace():
    src = "<img alt='It&#39;s \"fine\"'><img title=\"  two\n  lines \" alt=one>"
    doc = read_document(src, fmt="html")
    assert [b.text for b in doc.blocks] == ['It\'s "fine"', "two lines", "one"]
    out = render_document(doc, {0: "Це 'так' \"добре\"", 1: "два рядки", 2: "один два"})
    assert out == "<img alt='Це &#39;так&#39; \"добре\"'><img title=\"  два рядки \" alt=\"один два\">"


def test_a_document_that_went_through_json_renders_the_same():
    doc = read_document(PAGE, fmt="html")
    rebuilt = through_json(doc)
    translations = {b.index: f"X {b.index}" for b in doc.blocks}
    assert render_document(rebuilt, translations) == render_document(doc, translations)
    assert render_document(rebuilt, {}) == PAGE


def test_po_export_names_the_attribute_and_import_puts_it_back(tmp_path):
    doc = read_document(PAGE, fmt="html", doc_id="page")
    pot = export_pot(doc, segment_document(doc, "en"))
    alt = next(e for e in pot if e.msgid == "Kyiv is the capital of Ukraine.")
    assert "Attribute: <img alt>" in alt.comment.splitlines() and "/attr-alt-" in alt.msgctxt
    out = po_round_trip(doc, {"Kyiv is the capital of Ukraine.": "Київ — «столиця» & серце України.",
                              "Turkish Foreign Ministry website": 'Сайт "МЗС" Туреччини'}, tmp_path / "page.po")
    assert 'alt="Київ — «столиця» &amp; серце України."' in out
    assert 'title="Сайт &quot;МЗС&quot; Туреччини" data-title="Kyiv">Turkish Foreign Ministry website</a>' in out
    assert '<html lang="uk">' in out  # the import declares the file's language
    assert out.replace('Київ — «столиця» &amp; серце України.', "Kyiv is the capital of Ukraine.").replace(
        'Сайт &quot;МЗС&quot; Туреччини', "Turkish Foreign Ministry website").replace(
        '<html lang="uk">', '<html lang="en">') == PAGE


def test_xliff_export_carries_the_attribute_note(tmp_path):
    from l10n.xliff import read_xliff, save_xliff
    doc = read_document(PAGE, fmt="html", doc_id="page")
    po = export_po(doc, segment_document(doc, "en"), lang="uk")
    path = tmp_path / "page.xlf"
    save_xliff(po, path)
    assert "Attribute: &lt;meta property=\"og:title\" content&gt;" in path.read_text(encoding="utf-8")
    back = read_xliff(path)
    placeholder = next(e for e in back if "/attr-placeholder-" in e.msgctxt)
    assert placeholder.msgid == "Kyiv" and "Attribute: <input placeholder>" in placeholder.comment


def test_translate_html_page_with_fixture_models(installed_home, tmp_path, cli):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    code, _, err = cli("translate", str(page), "--from", "en", "--to", "uk", "--out", str(tmp_path / "out"),
                       "--home", str(installed_home), "--no-memory", "-q")
    assert code == 0, err
    out = (tmp_path / "out" / "page.uk.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Переговори продовжаться у вівторок.">' in out
    assert '<meta property="og:title" content="Харків відбудовується, поки в Стамбулі відновлюються переговори">' in out
    assert "<meta name=\"twitter:description\" content='У неділю в Одесі загинули двоє людей.'>" in out
    assert ('<a href="https://example.org/mfa" title="сайт Міністерства закордонних справ Туреччини" '
            'data-title="Kyiv">') in out
    assert '<img src="/img/kyiv.jpg" alt="Київ — столиця України." data-caption="Kyiv">' in out
    assert '<input name="q" placeholder="Київ"><button aria-label="Харків">Одеса</button>' in out
    assert '<meta name="keywords" content="Kyiv">' in out and '<code title="Kyiv">Kyiv</code>' in out
    assert '<div translate="no" title="Kyiv"><img alt="Kyiv"></div>' in out


# --------------------------------------------------------------------------- properties

_TEXT = st.lists(st.sampled_from(list("ab Z.,;:!?-'\"&<>=/#\u00a0éЖ\n") + [
    "&amp;", "&quot;", "&#39;", "&lt;", "&nbsp;", "https://x.y/a?b=1"]), max_size=30).map("".join)
_QUOTE = st.sampled_from(['"', "'", ""])
_WS = re.compile(r"[ \t\n\r\f]+")


def _source_value(raw: str, quote: str) -> str:
    """``raw`` made legal inside ``quote``s (the only characters a value cannot hold as they are)."""
    if quote == '"':
        return raw.replace('"', "&quot;")
    if quote == "'":
        return raw.replace("'", "&#39;")
    # (U+00A0 too: HTML ends an unquoted value at ASCII whitespace only, the stdlib parser at any \s)
    return "".join(c for c in raw if c not in " \t\n\r\f\"'=<>`\u00a0") or "x"


def _alts(text: str) -> list[str | None]:
    return [dict(attrs).get("alt") for tag, attrs in start_tags(text) if tag == "img"]


@settings(max_examples=150, deadline=None)
@given(_TEXT, _QUOTE, st.booleans())
def test_any_attribute_value_round_trips(raw, quote, inline):
    value = _source_value(raw, quote)
    img = f"<img src=a.jpg alt={quote}{value}{quote} data-x=1>"
    src = f"<p>Text {img} more</p>" if inline else f"<figure>{img}</figure>"
    doc = read_document(src, fmt="html")
    assert render_document(doc, {}) == src
    again = render_document(doc, {b.index: b.text for b in doc.blocks})  # re-escaped, same meaning
    assert [b.text for b in read_document(again, fmt="html").blocks] == [b.text for b in doc.blocks]
    assert [_WS.sub(" ", a) for a in _alts(again)] == [_WS.sub(" ", a) for a in _alts(src)]


@settings(max_examples=150, deadline=None)
@given(_TEXT, _QUOTE, st.booleans(), st.lists(st.sampled_from(list("ab Z.;'\"&<>=\u00a0éЖ/\n") + ["&amp;"]),
                                             min_size=1, max_size=30).map("".join))
def test_a_replaced_value_is_escaped_for_its_quotes(raw, quote, inline, translation):
    value = "w" + _source_value(raw, quote) + "word"  # no whitespace at the ends: the block is all of it
    img = f"<img src=a.jpg alt={quote}{value}{quote}>"
    src = f"<p>Text {img} more</p>" if inline else f"<figure>{img}</figure>"
    doc = read_document(src, fmt="html")
    (alt,) = [b for b in doc.blocks if b.kind == "attr-alt"]
    assert not PLACEHOLDER_RE.search(translation)
    out = render_document(doc, {alt.index: translation})
    assert _alts(out) == [translation]  # the standard library's parser reads back exactly the translation
    assert out.count("src=a.jpg") == 1
    reread = [b.text for b in read_document(out, fmt="html").blocks if b.kind == "attr-alt"]
    expected = _WS.sub(" ", translation.strip(" \t\n\r\f"))
    assert reread == ([expected] if expected.strip() else [])
