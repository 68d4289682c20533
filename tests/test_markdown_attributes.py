"""Markdown image alt text, image and link titles (inline and in reference definitions) and inline
HTML attributes: which values are blocks (with notes), rendering into their host's markup with the
right escaping, PO/XLIFF, CMS JSON Markdown bodies, and ``l10n translate x.md`` with the fixture
models; properties checked against markdown-it-py, a CommonMark parser no one here wrote."""

from __future__ import annotations

import json
import re
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.formats import read_document, render_document
from l10n.formats.markdown import _ESCAPE, _ESCAPE_CELL, _escape
from l10n.formats.mdinline import escape_title
from l10n.inline import PLACEHOLDER_RE
from l10n.pipeline import segment_document
from l10n.po import export_po, export_pot

from format_helpers import po_round_trip, start_tags, through_json

ARTICLE = """# Kharkiv rebuilds as talks resume in Istanbul

![Kyiv is the capital of Ukraine.](https://example.org/kyiv.jpg "Turkish Foreign Ministry website")

The mayor of Kharkiv visited the damaged school. ![Kharkiv](https://example.org/school.jpg 'Kyiv')

> The full statement is available on the [Turkish Foreign Ministry website](https://example.org/mfa (Kharkiv)).

| Kyiv | ![Kharkiv](map.png) Odesa |
|---|---|

Schools in Kharkiv will reopen on 1 September. <abbr title="Kyiv">KY</abbr> <img src="x.png" alt="Kharkiv">
See [the report][mfa] and <code title="Kyiv">Kyiv</code>.

[mfa]: https://example.org/mfa "Turkish Foreign Ministry website"
[raw]: https://example.org/raw
"""


def _values(doc) -> list[tuple[str, str, str]]:
    return [(b.kind, b.text, b.note) for b in doc.blocks if b.note]


def test_alt_texts_titles_and_inline_html_attributes_are_blocks_with_notes():
    doc = read_document(ARTICLE, fmt="markdown")
    assert _values(doc) == [
        ("image_alt", "Kyiv is the capital of Ukraine.", "Image alt text"),
        ("image_title", "Turkish Foreign Ministry website", "Image title"),
        ("image_alt", "Kharkiv", "Image alt text"),
        ("image_title", "Kyiv", "Image title"),
        ("link_title", "Kharkiv", "Link title"),
        ("image_alt", "Kharkiv", "Image alt text"),
        ("attr-title", "Kyiv", "Attribute: <abbr title>"),
        ("attr-alt", "Kharkiv", "Attribute: <img alt>"),
        ("link_title", "Turkish Foreign Ministry website", "Link title (reference definition)"),
    ]
    paragraph = next(b for b in doc.blocks if b.text.startswith("The mayor"))
    assert paragraph.text == "The mayor of Kharkiv visited the damaged school. <1/>"  # the alt is not in it
    assert render_document(doc, {}) == ARTICLE


def test_urls_code_and_markup_are_never_translated():
    doc = read_document(ARTICLE, fmt="markdown")
    out = render_document(doc, {b.index: "ZZZ " + b.text for b in doc.blocks})
    for kept in ("(https://example.org/kyiv.jpg ", "(https://example.org/school.jpg ", "(https://example.org/mfa ",
                 "(map.png)", 'src="x.png"', '<code title="Kyiv">Kyiv</code>', "[mfa]: https://example.org/mfa \"",
                 "[raw]: https://example.org/raw\n", "][mfa]"):
        assert kept in out, kept
    assert out.count("ZZZ") == len(doc.blocks)


def test_hosted_values_render_into_translated_and_untranslated_hosts():
    src = 'See ![map of the front](m.png "Front line") and the [president](https://x.org/p "Official site").\n'
    doc = read_document(src, fmt="markdown")
    para, alt, img_title, link_title = doc.blocks
    assert para.text == "See <1/> and the <2>president</2>."
    # only the values translated: the paragraph keeps its source around them
    assert render_document(doc, {alt.index: "карта фронту", link_title.index: "Офіційний сайт"}) == (
        'See ![карта фронту](m.png "Front line") and the [president](https://x.org/p "Офіційний сайт").\n')
    # paragraph and values translated, the image moved by the translation
    out = render_document(doc, {para.index: "<2>Президент</2>: <1/>", alt.index: "карта", img_title.index: "Лінія",
                                link_title.index: "Сайт"})
    assert out == '[Президент](https://x.org/p "Сайт"): ![карта](m.png "Лінія")\n'
    assert render_document(doc, {para.index: "Дивіться <1/>."}) == (
        'Дивіться ![map of the front](m.png "Front line").\n')


def test_alt_text_escaping_keeps_the_image_whole():
    doc = read_document("Text ![a \\[b\\] *c*](i.png) end.\n", fmt="markdown")
    para, alt = doc.blocks
    assert alt.text == "a [b] <1>c</1>"  # backslash escapes resolved, emphasis a placeholder
    out = render_document(doc, {alt.index: "x ] [y](z) \\ <1>c</1> *\nnew line"})
    assert out == "Text ![x \\] \\[y\\](z) \\\\ *c* \\* new line](i.png) end.\n"
    assert render_document(read_document(out, fmt="markdown"), {}) == out
    assert read_document(out, fmt="markdown").blocks[1].text == "x ] [y](z) \\ <1>c</1> * new line"


def test_title_quote_styles_are_kept_and_their_quote_escaped():
    src = ('[a](u "one \\"q\\" &amp; two") [b](u \'it\\\'s\') [c](u (paren \\(x\\)))\n\n'
           '[d]: <https://x.org/a b> "def"\n[e]: u \'def\'\n[f]: u (def)\n')
    doc = read_document(src, fmt="markdown")
    titles = [b for b in doc.blocks if b.kind == "link_title"]
    assert [t.text for t in titles] == ['one "q" & two', "it's", "paren (x)", "def", "def", "def"]
    translation = 'Він сказав "так" & \'ні\' (можливо) \\ &amp; кінець'
    out = render_document(doc, {t.index: translation for t in titles})
    assert '[a](u "Він сказав \\"так\\" & \'ні\' (можливо) \\\\ \\&amp; кінець")' in out
    assert "[b](u 'Він сказав \"так\" & \\'ні\\' (можливо) \\\\ \\&amp; кінець')" in out
    assert "[c](u (Він сказав \"так\" & 'ні' \\(можливо\\) \\\\ \\&amp; кінець))" in out
    assert '[d]: <https://x.org/a b> "Він сказав \\"так\\"' in out and "[f]: u (Він сказав" in out
    assert [t.text for t in read_document(out, fmt="markdown").blocks if t.kind == "link_title"] == [translation] * 6


def test_values_in_blockquotes_tables_and_links():
    src = "> A ![two\n> lines](x.png) here.\n\n| ![a](b.png \"t\") c |\n|---|\n\n[![Logo](l.png)](https://x.org)\n"
    doc = read_document(src, fmt="markdown")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "A <1/> here."), ("image_alt", "two\nlines"), ("table_cell", "<1/> c"), ("image_alt", "a"),
        ("image_title", "t"), ("image_alt", "Logo")]
    out = render_document(doc, {1: "два\nрядки", 3: "a | b", 4: "t | u", 5: "Лого"})
    assert out == ("> A ![два рядки](x.png) here.\n\n| ![a \\| b](b.png \"t \\| u\") c |\n|---|\n\n"
                   "[![Лого](l.png)](https://x.org)\n")


def test_inline_html_attributes_follow_the_html_rules():
    src = ('Read <abbr title="Kharkiv &amp; &quot;Co&quot;">KH</abbr>, <img alt=Cat src=c.png>, '
           '<span translate="no" title="Kyiv">Kyiv</span> and <kbd title="Kyiv">K</kbd>.\n')
    doc = read_document(src, fmt="markdown")
    assert _values(doc) == [("attr-title", 'Kharkiv & "Co"', "Attribute: <abbr title>"),
                            ("attr-alt", "Cat", "Attribute: <img alt>")]
    out = render_document(doc, {1: 'Харків & "Ко"', 2: "Кіт"})
    assert out == src.replace('"Kharkiv &amp; &quot;Co&quot;"', '"Харків &amp; &quot;Ко&quot;"').replace(
        "alt=Cat", 'alt="Кіт"')


def test_a_document_that_went_through_json_renders_the_same():
    doc = read_document(ARTICLE, fmt="markdown")
    rebuilt = through_json(doc)
    for translations in ({b.index: f"X {b.index}" for b in doc.blocks},
                         {b.index: f"X {b.index}" for b in doc.blocks if b.note}):
        assert render_document(rebuilt, translations) == render_document(doc, translations)
    assert render_document(rebuilt, {}) == ARTICLE


def test_po_export_names_the_value_and_import_puts_it_back(tmp_path):
    doc = read_document(ARTICLE, fmt="markdown", doc_id="story")
    pot = export_pot(doc, segment_document(doc, "en"))
    alt = next(e for e in pot if e.msgid == "Kyiv is the capital of Ukraine.")
    assert "Image alt text" in alt.comment.splitlines() and "/image_alt-" in alt.msgctxt
    out = po_round_trip(doc, {"Kyiv is the capital of Ukraine.": "Київ — [столиця] України.",
                              "Turkish Foreign Ministry website": 'Сайт "МЗС" Туреччини'}, tmp_path / "story.po")
    assert '![Київ — \\[столиця\\] України.](https://example.org/kyiv.jpg "Сайт \\"МЗС\\" Туреччини")' in out
    assert '[mfa]: https://example.org/mfa "Сайт \\"МЗС\\" Туреччини"\n' in out
    assert "[Turkish Foreign Ministry website](https://example.org/mfa (Kharkiv))" in out  # link text: no msgstr
    assert out.replace("Київ — \\[столиця\\] України.", "Kyiv is the capital of Ukraine.").replace(
        'Сайт \\"МЗС\\" Туреччини', "Turkish Foreign Ministry website") == ARTICLE


def test_xliff_export_carries_the_note(tmp_path):
    from l10n.xliff import read_xliff, save_xliff
    doc = read_document(ARTICLE, fmt="markdown", doc_id="story")
    po = export_po(doc, segment_document(doc, "en"), lang="uk")
    path = tmp_path / "story.xlf"
    save_xliff(po, path)
    assert "Link title (reference definition)" in path.read_text(encoding="utf-8")
    back = read_xliff(path)
    title = next(e for e in back if "/image_title-" in e.msgctxt)
    assert title.msgid == "Turkish Foreign Ministry website" and "Image title" in title.comment


@pytest.mark.parametrize("ascii_only", [False, True])
def test_cms_json_markdown_body_translates_values_like_a_markdown_file(ascii_only):
    text = json.dumps({"id": 7, "title": "Kharkiv", "body": ARTICLE, "format": "markdown"}, ensure_ascii=ascii_only)
    doc = read_document(text, fmt="json")
    md = read_document(ARTICLE, fmt="markdown")
    assert [(b.kind, b.text, b.note) for b in doc.blocks[1:]] == [(b.kind, b.text, b.note) for b in md.blocks]
    assert render_document(doc, {}) == text
    for pick in (lambda b: True, lambda b: bool(b.note), lambda b: not b.note):
        translations = {b.index: 'Ж "\\" é/' + b.text for b in md.blocks if pick(b)}
        out = json.loads(render_document(doc, {k + 1: v for k, v in translations.items()}))
        assert out["body"] == render_document(md, translations)


def test_translate_markdown_article_with_fixture_models(installed_home, tmp_path, cli):
    article = tmp_path / "story.md"
    article.write_text(ARTICLE, encoding="utf-8")
    code, _, err = cli("translate", str(article), "--from", "en", "--to", "uk", "--out", str(tmp_path / "out"),
                       "--home", str(installed_home), "--no-memory", "-q")
    assert code == 0, err
    out = (tmp_path / "out" / "story.uk.md").read_text(encoding="utf-8")
    assert ('![Київ — столиця України.](https://example.org/kyiv.jpg "сайт Міністерства закордонних справ '
            'Туреччини")') in out
    assert "![Харків](https://example.org/school.jpg 'Київ')" in out
    assert "(https://example.org/mfa (Харків))" in out
    assert "| Київ | ![Харків](map.png) Одеса |" in out
    assert '<abbr title="Київ">' in out and '<img src="x.png" alt="Харків">' in out  # (where MT put them)
    assert '<code title="Kyiv">Kyiv</code>' in out
    assert '[mfa]: https://example.org/mfa "сайт Міністерства закордонних справ Туреччини"\n' in out
    assert "[raw]: https://example.org/raw\n" in out
    assert out.startswith("# Харків відбудовується, поки в Стамбулі відновлюються переговори\n")


# --------------------------------------------------------------------------- properties

markdown_it = pytest.importorskip("markdown_it")
_MD = markdown_it.MarkdownIt("commonmark").enable("table")

#: Text with every character that means something in an alt or a title (no ``;``: CommonMark
#: decodes entities in alt text, which l10n keeps as text as it does in block text).
_ALT = st.lists(st.sampled_from(list("ab Z.,:!?-'\"()[]\\*_`~<>&#|/\nЖé") + ["~~", "![", "](", "<b>", "  \n"]),
                min_size=1, max_size=25).map("".join)
_TITLE = st.lists(st.sampled_from(list("ab Z.,;:!?-'\"()[]\\*_`<>&#|\nЖé") + ["&amp;", "&#39;", "\\\\"]),
                  min_size=1, max_size=25).map("".join)
_WS = re.compile(r"\s+")


class _Images(NamedTuple):
    found: list[tuple[str | None, str | None]]  # (alt, title) of each <img>
    links: list[str | None]  # title of each <a>


def _commonmark(text: str) -> _Images:
    tags = [(tag, dict(attrs)) for tag, attrs in start_tags(_MD.render(text))]
    return _Images([(a.get("alt"), a.get("title")) for tag, a in tags if tag == "img"],
                   [a.get("title") for tag, a in tags if tag == "a"])


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _found(text: str) -> list[tuple[str, str]]:
    return [(_norm(a), _norm(t or "")) for a, t in _commonmark(text).found]


@settings(max_examples=200, deadline=None)
@given(_ALT, _TITLE, st.sampled_from(['"', "'", "("]), st.sampled_from(["alone", "inline", "cell", "quote"]))
def test_any_alt_and_title_survive_reading_and_rendering(alt, title, quote, where):
    """Source written with our escapes reads back as the values CommonMark sees, and renders back
    byte for byte untranslated and re-escaped."""
    close = ")" if quote == "(" else quote
    cell = where == "cell"
    image = f"![{_escape(alt, _ESCAPE_CELL if cell else _ESCAPE)}](a.png {quote}{escape_title(title, quote, cell)}{close})"
    image = image.replace("\n", " ")
    src = {"alone": f"{image}\n", "inline": f"Text {image} more\n", "cell": f"| x | {image} y |\n|---|---|\n",
           "quote": f"> Text {image}\n"}[where]
    doc = read_document(src, fmt="markdown")
    assert render_document(doc, {}) == src
    ((cm_alt, cm_title),) = _commonmark(src).found
    alt_block = next(b for b in doc.blocks if b.kind == "image_alt") if alt.strip(" \n") else None
    title_block = next((b for b in doc.blocks if b.kind == "image_title"), None)
    if alt_block is not None and not PLACEHOLDER_RE.search(alt_block.text):
        assert _norm(alt_block.text) == _norm(cm_alt)
    assert _norm(title_block.text if title_block else "") == _norm(cm_title or "")
    again = render_document(doc, {b.index: b.text for b in doc.blocks})
    assert _found(again) == _found(src)  # (whitespace runs in a title collapse, as browsers show them)


@settings(max_examples=200, deadline=None)
@given(_ALT, _TITLE, st.sampled_from(['"', "'", "("]), st.sampled_from(["alone", "inline", "cell", "quote", "ref"]))
def test_a_replaced_alt_or_title_reparses_to_exactly_the_translation(alt, title, quote, where):
    close = ")" if quote == "(" else quote
    image = f"![Photo of a bridge](a.png {quote}Photo by Reuters{close})"
    src = {"alone": f"{image}\n", "inline": f"Text {image} more\n", "cell": f"| x | {image} y |\n|---|---|\n",
           "quote": f"> Text\n> {image}\n",
           "ref": f"See [the site][s] now.\n\n[s]: https://x.org {quote}Official site{close}\n"}[where]
    doc = read_document(src, fmt="markdown")
    values = {b.kind: b for b in doc.blocks if b.note}
    translations = {}
    if where == "ref":
        translations[values["link_title"].index] = title
    else:
        translations[values["image_alt"].index] = alt
        translations[values["image_title"].index] = title
    out = render_document(doc, translations)
    parsed = _commonmark(out)
    if where == "ref":
        assert [_norm(t or "") for t in parsed.links] == [_norm(title)]
    else:
        assert [(_norm(a), _norm(t or "")) for a, t in parsed.found] == [(_norm(alt), _norm(title))]
    assert "a.png" in out or where == "ref"
