"""CMS JSON articles with an HTML body translate attributes like HTML files (both escaping layers), and
``<html lang>`` declares the target language; end to end with the fixture models, PO round trips and
properties that compare a JSON article with the same body read as an HTML file."""

from __future__ import annotations

import json

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.formats import read_document, render_document
from l10n.pipeline import segment_document
from l10n.po import export_po, import_po, save_po

from format_helpers import start_tags, through_json

BODY = ('<p>The full statement is available on the <a href="https://example.org/mfa" '
        "title='Turkish Foreign Ministry website'>Turkish Foreign Ministry website</a>.</p>\n"
        '<figure><img src="/img/kyiv.jpg" alt="Kyiv is the capital of Ukraine."></figure>\n'
        '<p><code title="Kyiv">Kyiv</code> <span translate="no" title="Kyiv">Kyiv</span></p>')
#: As a PHP CMS writes it: ASCII only, ``\/`` for ``/``, two-space indent, keys in its own order.
ARTICLE = json.dumps({"id": 7, "format": "html", "body": BODY, "title": "The talks will continue on Tuesday.",
                      "tags": ["Kyiv"]}, indent=2).replace("/", "\\/")


def _attrs(html_text: str) -> list[tuple[str, str, str | None]]:
    """Every (tag, attribute, value) the standard library's parser reads."""
    return [(tag, k, v) for tag, attrs in start_tags(html_text) for k, v in attrs]


def test_json_html_body_attributes_are_blocks_and_round_trip():
    doc = read_document(ARTICLE, fmt="json")
    assert [(b.kind, b.text, b.note) for b in sorted(doc.blocks, key=lambda b: b.index)] == [
        ("title", "The talks will continue on Tuesday.", ""),
        ("paragraph", "The full statement is available on the <1>Turkish Foreign Ministry website</1>.", ""),
        ("attr-title", "Turkish Foreign Ministry website", "Attribute: <a title>"),
        ("attr-alt", "Kyiv is the capital of Ukraine.", "Attribute: <img alt>"),
    ]
    assert render_document(doc, {}) == ARTICLE
    assert render_document(doc, {}, lang="uk") == ARTICLE  # a fragment declares no language


def test_both_escaping_layers_and_the_rest_of_the_json_kept():
    doc = read_document(ARTICLE, fmt="json")
    title_attr, alt = 2, 3
    out = render_document(doc, {title_attr: "Bakanlığı'nın \"sitesi\" \\ <b>&", alt: 'Київ — "столиця"\n\u2028😀'})
    body = json.loads(out)["body"]
    assert ("title='Bakanlığı&#39;nın \"sitesi\" \\ &lt;b&gt;&amp;'" in body
            and 'alt="Київ — &quot;столиця&quot;\n\u2028😀"' in body)
    assert ('title=\'Bakanlığı&#39;nın \\"sitesi\\" \\\\ &lt;b&gt;&amp;\'' in out  # the JSON layer on top
            and 'alt=\\"Київ — &quot;столиця&quot;\\n\u2028😀\\"' in out)
    assert ("a", "title", "Bakanlığı'nın \"sitesi\" \\ <b>&") in _attrs(body)
    assert ("img", "alt", 'Київ — "столиця"\n\u2028😀') in _attrs(body)
    assert ("code", "title", "Kyiv") in _attrs(body) and ("span", "title", "Kyiv") in _attrs(body)
    # everything outside the two values is the input's own bytes (escapes, \/, indent, key order)
    assert out == ARTICLE.replace(
        "title='Turkish Foreign Ministry website'", "title='Bakanlığı&#39;nın \\\"sitesi\\\" \\\\ &lt;b&gt;&amp;'").replace(
        'alt=\\"Kyiv is the capital of Ukraine.\\"', 'alt=\\"Київ — &quot;столиця&quot;\\n\u2028😀\\"')


def test_hosted_attribute_with_translated_and_untranslated_host():
    src = json.dumps({"body": '<p>Read <a href="/r?a=1&amp;b=2" title="The &quot;full&quot; report">the '
                              'r\u00e9port</a> <img src=x alt=Cat>.</p>', "format": "html"}, ensure_ascii=True)
    doc = read_document(src, fmt="json")
    para, title, alt = doc.blocks
    body = lambda t: json.loads(render_document(doc, t))["body"]  # noqa: E731
    assert body({title.index: 'Звіт "повний"', alt.index: "Кіт"}) == (
        '<p>Read <a href="/r?a=1&amp;b=2" title="Звіт &quot;повний&quot;">the r\u00e9port</a> '
        '<img src=x alt="Кіт">.</p>')
    assert body({para.index: "<2/> Читайте <1>звіт</1>.", title.index: "Звіт", alt.index: "Кіт"}) == (
        '<p><img src=x alt="Кіт"> Читайте <a href="/r?a=1&amp;b=2" title="Звіт">звіт</a>.</p>')
    out = render_document(doc, {title.index: "Звіт"})
    assert out == src.replace("The &quot;full&quot; report", "Звіт")  # the host's \u00e9 escape kept


def test_json_body_that_is_a_whole_page_gets_lang_and_meta():
    page = ('<!DOCTYPE html><html lang="en" xml:lang="en" dir="ltr"><head>'
            '<meta name="description" content="The talks will continue on Tuesday."></head>'
            '<body><p>Kyiv <span lang="en">Kyiv</span> <q lang="fr">Kiev</q></p></body></html>')
    src = json.dumps({"body": page, "format": "html"}, ensure_ascii=True)
    doc = read_document(src, fmt="json")
    assert [b.kind for b in doc.blocks] == ["meta-description", "paragraph"]
    out = json.loads(render_document(doc, {0: "Переговори продовжаться у вівторок."}, lang="uk"))["body"]
    assert out == page.replace('lang="en"', 'lang="uk"').replace(
        "The talks will continue on Tuesday.", "Переговори продовжаться у вівторок.")
    assert 'dir="ltr"' in out and '<q lang="fr">' in out


# --------------------------------------------------------------------------- <html lang> in HTML files

def test_lang_on_root_and_inner_elements():
    src = ('<!DOCTYPE html>\n<html lang="EN" xml:lang=en dir="ltr">\n<body>\n<article lang="en">'
           '<p>Kyiv said <q lang="fr">bonjour</q> and <span lang=" en ">Kyiv</span>.</p>'
           '<p lang="en-GB">Kyiv</p><code lang="en">x</code></article>\n</body>\n</html>\n')
    doc = read_document(src, fmt="html")
    assert render_document(doc, {}) == src and render_document(doc, {}, lang=None) == src
    out = render_document(doc, {}, lang="tr")
    assert out == ('<!DOCTYPE html>\n<html lang="tr" xml:lang=tr dir="ltr">\n<body>\n<article lang="tr">'
                   '<p>Kyiv said <q lang="fr">bonjour</q> and <span lang=" tr ">Kyiv</span>.</p>'
                   '<p lang="en-GB">Kyiv</p><code lang="en">x</code></article>\n</body>\n</html>\n')
    para = doc.blocks[0]
    translated = render_document(doc, {para.index: "Київ сказав <1>bonjour</1> і <2>Київ</2>."}, lang="uk")
    assert '<p>Київ сказав <q lang="fr">bonjour</q> і <span lang=" uk ">Київ</span>.</p>' in translated
    assert translated.startswith('<!DOCTYPE html>\n<html lang="uk" xml:lang=uk dir="ltr">')


def test_lang_without_a_root_declaration_is_left_alone():
    src = '<article lang="en"><p>Kyiv</p></article>'
    assert render_document(read_document(src, fmt="html"), {0: "Київ"}, lang="uk") == (
        '<article lang="en"><p>Київ</p></article>')
    regional = '<html lang="en-GB"><p lang="en">Kyiv</p><p lang="EN-gb">Kyiv</p></html>'
    assert render_document(read_document(regional, fmt="html"), {}, lang="ru") == (
        '<html lang="ru"><p lang="en">Kyiv</p><p lang="ru">Kyiv</p></html>')


def test_lang_survives_the_document_going_through_json():
    src = '<html lang="en"><p>Kyiv <b lang="en">Kyiv</b></p></html>'
    rebuilt = through_json(read_document(src, fmt="html"))
    assert render_document(rebuilt, {}, lang="uk") == '<html lang="uk"><p>Kyiv <b lang="uk">Kyiv</b></p></html>'


# --------------------------------------------------------------------------- PO and CLI end to end

def test_po_export_import_of_a_json_article(tmp_path):
    doc = read_document(ARTICLE, fmt="json", doc_id="story")
    po = export_po(doc, segment_document(doc, "en"), lang="uk")
    notes = {e.msgid: e.comment for e in po}
    assert "Attribute: <img alt>" in notes["Kyiv is the capital of Ukraine."].splitlines()
    for entry in po:
        entry.msgstr = {"Kyiv is the capital of Ukraine.": 'Київ — "столиця" \\ України.',
                        "Turkish Foreign Ministry website": "сайт МЗС Туреччини's"}.get(entry.msgid, "")
    save_po(po, tmp_path / "story.po")
    out = import_po(polib.pofile(str(tmp_path / "story.po")), doc, fallback="source").output
    body = json.loads(out)["body"]
    assert ("img", "alt", 'Київ — "столиця" \\ України.') in _attrs(body)
    assert ("a", "title", "сайт МЗС Туреччини's") in _attrs(body)
    assert 'alt=\\"Київ — &quot;столиця&quot; \\\\ України.\\"' in out and "Туреччини&#39;s'" in out
    assert json.loads(out)["tags"] == ["Kyiv"] and '"id": 7' in out and "<\\/figure>" in out


def test_translate_json_article_with_fixture_models(installed_home, tmp_path, cli):
    (tmp_path / "story.json").write_text(ARTICLE, encoding="utf-8")
    code, _, err = cli("translate", str(tmp_path / "story.json"), "--from", "en", "--to", "uk,tr",
                       "--out", str(tmp_path / "out"), "--home", str(installed_home), "--no-memory", "-q")
    assert code == 0, err
    uk = (tmp_path / "out" / "story.uk.json").read_text(encoding="utf-8")
    obj = json.loads(uk)
    assert obj["title"] == "Переговори продовжаться у вівторок." and obj["tags"] == ["Kyiv"]
    assert ("a", "title", "сайт Міністерства закордонних справ Туреччини") in _attrs(obj["body"])
    assert ("img", "alt", "Київ — столиця України.") in _attrs(obj["body"])
    assert '<code title="Kyiv">Kyiv</code> <span translate="no" title="Kyiv">Kyiv</span>' in obj["body"]
    assert list(obj) == ["id", "format", "body", "title", "tags"] and "<\\/figure>" in uk
    tr = json.loads((tmp_path / "out" / "story.tr.json").read_text(encoding="utf-8"))
    # Turkish apostrophe inside a single-quoted attribute
    assert "title='Türkiye Dışişleri Bakanlığı&#39;nın internet sitesi'" in tr["body"]
    assert ("img", "alt", "Kyiv, Ukrayna'nın başkentidir.") in _attrs(tr["body"])


def test_translate_html_page_declares_the_target_language(installed_home, tmp_path, cli):
    page = ('<!DOCTYPE html>\n<html lang="en" dir="ltr">\n<body>\n<p>Kyiv is the capital of Ukraine. '
            '<q lang="fr">Kyiv</q></p>\n</body>\n</html>\n')
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    code, _, err = cli("translate", str(tmp_path / "page.html"), "--from", "en", "--to", "uk,ru",
                       "--out", str(tmp_path / "out"), "--home", str(installed_home), "--no-memory", "-q")
    assert code == 0, err
    for lang, capital in (("uk", "Київ — столиця України."), ("ru", "Киев — столица Украины.")):
        out = (tmp_path / "out" / f"page.{lang}.html").read_text(encoding="utf-8")
        assert out.startswith(f'<!DOCTYPE html>\n<html lang="{lang}" dir="ltr">\n'), out
        assert capital in out and '<q lang="fr">' in out


# --------------------------------------------------------------------------- properties

_PIECES = st.sampled_from(["<p>", "</p>", "Kyiv ", "слово", "😀", "\u2028", "\n", "\t", "\\", '"', "'", "/", "&amp;",
                           "&quot;", "<a href='/x' title='A &#39;b&#39;'>", "</a>", '<img src=x alt="Cat &amp; dog">',
                           "<img alt=one>", '<figure><img alt="Fig">', "</figure>", "<b title=\"T\">", "</b>",
                           '<meta name="description" content="Desc">', "<code title=c>x</code>",
                           '<html lang="en">', '<span lang="en">', "</span>", "<q lang=fr>", " "])
_TRANSLATION = st.lists(st.sampled_from(list("ab Z.'\"&<>\\/\n\t\u2028éЖ😀") + ["&amp;", "\x7f"]),
                        min_size=1, max_size=20).map("".join)


def _json_article(body: str, ascii_only: bool, slashes: bool, indent: int | None) -> str:
    text = json.dumps({"id": 1, "body": body, "format": "html", "x": "a/b"}, ensure_ascii=ascii_only, indent=indent)
    return text.replace("/", "\\/") if slashes else text


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=25).map("".join), st.booleans(), st.booleans(),
       st.sampled_from([None, 2]), st.lists(_TRANSLATION, min_size=12, max_size=12), st.booleans())
def test_json_body_renders_as_the_same_body_read_as_html(body, ascii_only, slashes, indent, words, lang):
    """Whatever the JSON escapes, a JSON article's body renders exactly as the HTML file would."""
    src = _json_article(body, ascii_only, slashes, indent)
    if not body.strip():
        return
    doc, page = read_document(src, fmt="json"), read_document(body, fmt="html")
    assert [(b.kind, b.text, b.note) for b in doc.blocks] == [(b.kind, b.text, b.note) for b in page.blocks]
    assert render_document(doc, {}) == src
    target = "uk" if lang else None
    if "<html" not in body:  # nothing declares a language: the input itself
        assert render_document(doc, {}, lang=target) == src
    translations = {b.index: words[n % len(words)] for n, b in enumerate(doc.blocks) if n % 3 != 2}
    out = render_document(doc, translations, lang=target)
    obj = json.loads(out)
    assert obj["body"] == render_document(page, translations, lang=target)
    assert {k: v for k, v in obj.items() if k != "body"} == {"id": 1, "format": "html", "x": "a/b"}
    assert out.startswith(src[:src.index('"body"')])  # what precedes the body is the input's bytes
