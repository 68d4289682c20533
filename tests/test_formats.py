"""Article readers/writers: round trip, what is a block, what never is, translations, errors."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from l10n.errors import InputError, UsageError
from l10n.formats import detect_format, read_document, render_document
from l10n.inline import check_placeholders, strip_tags

DATA = Path(__file__).parent / "data" / "formats"
FIXTURES = ["article.md", "page.html", "article.json", "article.txt"]


def load(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def texts(doc) -> list[str]:
    return [b.text for b in doc.blocks]


# --------------------------------------------------------------------------- invariants

@pytest.mark.parametrize("name", FIXTURES)
def test_untranslated_render_is_byte_identical(name):
    src = load(name)
    doc = read_document(src, path=str(DATA / name))
    assert doc.blocks
    assert render_document(doc, {}) == src
    assert [b.index for b in doc.blocks] == sorted(b.index for b in doc.blocks)
    assert len({b.index for b in doc.blocks}) == len(doc.blocks)


@pytest.mark.parametrize("name", ["article.md", "page.html", "article.txt"])
def test_rendering_block_texts_as_translations_rebuilds_source(name):
    """The restore path (placeholders -> markup, escaping) is exact on these articles."""
    src = load(name)
    doc = read_document(src, path=name)
    assert render_document(doc, {b.index: b.text for b in doc.blocks}) == src


@pytest.mark.parametrize("name", FIXTURES)
def test_block_text_never_holds_markup_urls_or_code(name):
    doc = read_document(load(name), path=name)
    for b in doc.blocks:
        assert not check_placeholders(b.text, b.text), b
        plain = strip_tags(b.text)
        assert plain == plain.strip() and plain
        for bad in ("http", "](", "`", "**", "<", ">", "curl", "&amp;", "budget_2026", "window.dataLayer",
                    "font-weight", "raw   data", "Budget Portal", "| ") + (() if b.note else ("Kharkiv City Council",)):
            assert bad not in plain, (bad, b)  # (the Markdown <abbr title> is an attribute block of its own)


def test_auto_detection_by_extension_and_content():
    assert detect_format("x", "a.md") == "markdown"
    assert detect_format("x", "a.markdown") == "markdown"
    assert detect_format("x", "A.HTM") == "html"
    assert detect_format("x", "a.json") == "json"
    assert detect_format("# x", "a.txt") == "text"
    assert detect_format(load("page.html")) == "html"
    assert detect_format("<p>Hello</p>\n<p>World</p>") == "html"
    assert detect_format(load("article.md")[60:]) == "markdown"
    assert detect_format(load("article.json")) == "json"
    assert detect_format(load("article.txt")) == "text"
    assert detect_format("Some text.\n\nMore text.", "-") == "text"


# --------------------------------------------------------------------------- markdown

def test_markdown_blocks_and_kinds():
    doc = read_document(load("article.md"), path="article.md")
    kinds = [(b.kind, strip_tags(b.text)[:24]) for b in doc.blocks]
    assert kinds[0] == ("heading", "Kharkiv council approves")
    assert ("heading", "What the money covers") in kinds
    assert ("heading", "Reaction") in kinds  # setext
    assert ("footnote", "According to a survey by") in kinds
    items = [strip_tags(b.text) for b in doc.blocks if b.kind == "list_item"]
    assert items == ["Roof repairs at 14 schools, including School No. 7", "New windows in the Saltivka district",
                     "1,200 windows in total", "Work starts on April 1", "Shelters for 3,000 3,500 pupils",
                     "Generators for every school", "Heating, see  for details"]
    cells = [b.text for b in doc.blocks if b.kind == "table_cell"]
    assert cells[:3] == ["District", "Schools", "Amount"] and "Kholodna Hora" in cells
    quote = next(b for b in doc.blocks if b.text.startswith('"We cannot'))
    assert quote.text.endswith("Terekhov told reporters.\nHe added that Kyiv had promised further help.")
    # front matter, fenced/indented code, link definitions: never blocks
    joined = "\n".join(texts(doc))
    for literal in ("title:", "curl", "plain indented code", "[schools]", "***", "---"):
        assert literal not in joined


def test_markdown_inline_placeholders():
    doc = read_document("See **the [report](https://ex.com/r \"T\")** and `x = 1`, ![alt](i.png), "
                        "<https://ex.com>, https://ex.com/a_(b). Also ~~old~~ __new__ _it_ *em*[^2] "
                        "[ref link][r] <b>bold</b> and <3/> literally.\n", fmt="markdown")
    b, title, alt = doc.blocks
    assert [(x.kind, x.text, x.note) for x in (title, alt)] == [("link_title", "T", "Link title"),
                                                                 ("image_alt", "alt", "Image alt text")]
    assert b.text == ("See <1>the <2>report</2></1> and <3/>, <4/>, <5/>, <6/>. Also <7>old</7> <8>new</8> "
                      "<9>it</9> <10>em</10><11/> <12>ref link</12> <13>bold</13> and <14/> literally.")
    assert b.tags["2"] == ("[", '](https://ex.com/r "T")')
    assert b.tags["3"] == ("`x = 1`", "")
    assert b.tags["4"] == ("![alt](i.png)", "")
    assert b.tags["6"] == ("https://ex.com/a_(b)", "")
    assert b.tags["12"] == ("[", "][r]")
    assert b.tags["13"] == ("<b>", "</b>")
    assert b.tags["14"] == ("<3/>", "")


def test_markdown_numbering_restarts_in_each_block():
    doc = read_document("# A *b*\n\nC **d** `e`\n", fmt="markdown")
    assert texts(doc) == ["A <1>b</1>", "C <1>d</1> <2/>"]


def test_markdown_nested_lists_keep_prefixes_literal():
    src = "- top one\n  - nested *a*\n    1. deeper\n  - nested b\n- top two\n\n  continued para\n"
    doc = read_document(src, fmt="markdown")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("list_item", "top one"), ("list_item", "nested <1>a</1>"), ("list_item", "deeper"),
        ("list_item", "nested b"), ("list_item", "top two"), ("paragraph", "continued para")]
    literals = [p for p in doc.parts if isinstance(p, str)]
    assert literals[:3] == ["- ", "\n  - ", "\n    1. "]
    out = render_document(doc, {2: "глибше", 1: "вкладений <1>а</1>"})
    assert out == src.replace("nested *a*", "вкладений *а*").replace("deeper", "глибше")


def test_markdown_translation_replaces_exactly_the_block():
    src = load("article.md")
    doc = read_document(src, fmt="markdown")
    head = doc.blocks[0]
    out = render_document(doc, {head.index: "Харківська рада схвалила <1>1,5 млн доларів</1> на ремонт шкіл"})
    assert out == src.replace("Kharkiv council approves *$1.5 million* for school repairs",
                              "Харківська рада схвалила *1,5 млн доларів* на ремонт шкіл")
    para = doc.blocks[1]
    out = render_document(doc, {para.index: "<1>ХАРКІВ</1> — Рада схвалила <2>ремонт</2>, пише <3/>."})
    assert "**ХАРКІВ** — Рада схвалила [ремонт](https://example.com/kharkiv/schools?id=42 \"Schools\"), " \
           "пише https://city.kharkiv.ua/news.\n\n## What" in out


def test_markdown_multiline_translation_in_blockquote_keeps_quote_prefix():
    doc = read_document("> Line one\n> line two.\n\nAfter.\n", fmt="markdown")
    assert texts(doc) == ["Line one\nline two.", "After."]
    out = render_document(doc, {0: "Рядок один.\nРядок два."})
    assert out == "> Рядок один.\n> Рядок два.\n\nAfter.\n"


def test_markdown_line_breaks_in_translated_headings_and_cells_become_spaces():
    doc = read_document("# Title\n\n| a |\n|---|\n| b |\n", fmt="markdown")
    assert render_document(doc, {0: "Заголовок\nдовгий", 2: "клітинка\nдві"}) == \
        "# Заголовок довгий\n\n| a |\n|---|\n| клітинка дві |\n"


def test_markdown_escapes_special_characters_in_translations():
    doc = read_document("Use \\*stars\\* and [x](u).\n\n| a | b |\n|---|---|\n| c | d |\n", fmt="markdown")
    assert doc.blocks[0].text == "Use *stars* and <1>x</1>."
    out = render_document(doc, {0: "Зірки * і <1>[x]</1>.", 3: "c | d"})
    assert out.startswith("Зірки \\* і [\\[x\\]](u).\n")
    assert "| c \\| d | d |" in out


def test_markdown_code_html_blocks_rules_are_literal():
    src = ("<div class=\"embed\">\n<p>Embedded</p>\n</div>\n\n~~~\n# not a heading\n~~~\n\n"
           "<!-- note\nmore -->\n\n- - -\nText.\n")
    doc = read_document(src, fmt="markdown")
    assert texts(doc) == ["Text."]
    assert render_document(doc, {0: "Текст."}) == src.replace("Text.", "Текст.")


def test_blocks_without_text_are_literal():
    doc = read_document("![](c.png)\n\n`make all`\n\nhttps://ex.com\n\n[](u)\n\nText.\n", fmt="markdown")
    assert texts(doc) == ["Text."] and doc.blocks[0].index == 0
    # a lone image's paragraph is literal, its alt text a block of its own
    doc = read_document("![chart](c.png)\n\nText.\n", fmt="markdown")
    assert [(b.kind, b.text) for b in doc.blocks] == [("image_alt", "chart"), ("paragraph", "Text.")]


def test_markdown_crlf_round_trip_and_translation():
    src = "# Title\r\n\r\nLine one\r\nline two\r\n"
    doc = read_document(src, fmt="markdown")
    assert texts(doc) == ["Title", "Line one\nline two"]
    assert render_document(doc, {}) == src
    assert render_document(doc, {1: "Один\nдва"}) == "# Title\r\n\r\nОдин\r\nдва\r\n"


# --------------------------------------------------------------------------- HTML

def test_html_blocks_and_verbatim_elements():
    doc = read_document(load("page.html"), path="page.html")
    by_kind = [(b.kind, strip_tags(b.text)) for b in doc.blocks]
    assert by_kind[:2] == [("meta-description", "Kharkiv budget for school repairs"),
                           ("title", "Kharkiv approves school repairs & shelters")]
    assert ("attr-title", "City") in by_kind and ("attr-alt", "A school in Kharkiv") in by_kind
    assert ("heading", "Kharkiv council approves $1.5 million for schools") in by_kind
    assert ("list_item", "Roof repairs at 14 schools") in by_kind  # text before the nested list
    assert ("list_item", "Saltivka district") in by_kind
    assert ("list_item", "Shelters for 3,500 pupils & teachers") in by_kind
    assert ("caption", "Spending by district") in by_kind
    assert ("table_cell", "$700,000") in by_kind
    assert ("paragraph", "Copyright 2026 Example News") in by_kind
    code = next(b for b in doc.blocks if b.text.startswith("Run "))
    assert code.text == "Run <1/> to get the data\u00a0set.<2/>Spending is listed in <3/>."
    assert code.tags["1"] == ("<code>curl https://example.com/api</code>", "")
    assert code.tags["3"] == ('<span translate="no">Kharkiv Budget Portal</span>', "")
    lead = next(b for b in doc.blocks if b.text.startswith("The city"))
    assert lead.tags["1"] == ('<a href="https://example.com/kharkiv" title="City">', "</a>")


def test_html_translation_is_escaped_and_attributes_untouched():
    src = load("page.html")
    doc = read_document(src, fmt="html")
    lead = next(b for b in doc.blocks if b.text.startswith("The city"))
    title = next(b for b in doc.blocks if b.kind == "title")
    out = render_document(doc, {lead.index: "Міська рада <1>Харкова</1> & <3>Ігор Терехов</3> <2>у вівторок</2>.",
                                title.index: "Харків <схвалив> ремонт шкіл\u00a0& укриття"})
    assert ('<p class="lead">Міська рада <a href="https://example.com/kharkiv" title="City">Харкова</a> &amp; '
            '<strong>Ігор Терехов</strong> <time datetime="2026-03-14">у вівторок</time>.</p>') in out
    assert "<title>Харків &lt;схвалив&gt; ремонт шкіл&nbsp;&amp; укриття</title>" in out
    rest_src = src.split("<title>")[0], src.split("</title>")[1].replace(
        re.search(r'<p class="lead">.*?</p>', src).group(), "")
    assert out.startswith(rest_src[0])
    assert out.split("</title>")[1].replace(re.search(r'<p class="lead">.*?</p>', out).group(), "") == rest_src[1]


def test_html_entities_unescaped_and_whitespace_collapsed_in_block_text():
    src = "<p>Said &ldquo;no&rdquo;\n   twice &#8212; &lt;b&gt; is &amp;.</p>"
    doc = read_document(src, fmt="html")
    assert texts(doc) == ["Said \u201cno\u201d twice \u2014 <b> is &."]
    assert render_document(doc, {}) == src


def test_html_literal_placeholder_lookalikes_are_protected():
    doc = read_document("<p>Tag &lt;1&gt; and </2> and <3/> stay.</p>", fmt="html")
    (b,) = doc.blocks
    assert strip_tags(b.text) == "Tag  and  and  stay."
    assert render_document(doc, {0: b.text.replace("stay", "лишаються")}) == \
        "<p>Tag &lt;1&gt; and </2> and &lt;3/&gt; лишаються.</p>"  # "</2>" is a bogus comment: verbatim


def test_html_fragment_and_implied_closing():
    src = "Intro text\n<p>First<p>Second <b>bold<li>x</ul>\n<ul><li>A<li>B</ul>"
    doc = read_document(src, fmt="html")
    assert [strip_tags(t) for t in texts(doc)] == ["Intro text", "First", "Second bold", "x", "A", "B"]
    assert render_document(doc, {}) == src


def test_html_empty_paragraphs_are_not_blocks():
    src = "<p>&nbsp;</p>\n<p> <br> </p><p><img src=x></p><div>&#160;</div><p>Text</p>"
    doc = read_document(src, fmt="html")
    assert texts(doc) == ["Text"]
    assert render_document(doc, {}) == src


def test_html_nested_lists():
    src = "<ul><li>One<ul><li>One.A</li><li>One.B <em>x</em></li></ul> tail</li><li>Two</li></ul>"
    doc = read_document(src, fmt="html")
    assert texts(doc) == ["One", "One.A", "One.B <1>x</1>", "tail", "Two"]
    assert all(b.kind == "list_item" for b in doc.blocks)


# --------------------------------------------------------------------------- JSON and text

def test_json_article():
    src = load("article.json")
    doc = read_document(src, path="article.json")
    assert doc.id == "kharkiv-schools-2026" and doc.format == "json"
    assert doc.blocks[0].kind == "title" and doc.blocks[0].index == 0
    assert texts(doc)[1:] == ["The city council of <1>Kharkiv</1> approved the package on Tuesday.",
                              "Roof repairs at 14 schools", "Shelters for 3,500 pupils",
                              "See <1>the statement</1> \u2014 in full."]
    assert doc.meta["author"] == {"name": "Staff reporter", "email": "news@example.com"}
    assert doc.meta["published"] == "2026-03-14T09:00:00Z"
    out = render_document(doc, {0: 'Харків схвалив "1,5 млн"', 4: "Див. <1>заяву</1> — повністю."})
    obj, orig = json.loads(out), json.loads(src)
    assert obj["title"] == 'Харків схвалив "1,5 млн"'
    assert obj["body"] == orig["body"].replace("See [the statement](https://city.kharkiv.ua/news) \u2014 in full.",
                                               "Див. [заяву](https://city.kharkiv.ua/news) — повністю.")
    assert {k: v for k, v in obj.items() if k not in ("title", "body")} == \
        {k: v for k, v in orig.items() if k not in ("title", "body")}
    assert "Харків" in out  # ensure_ascii=False


def test_json_title_index_only_for_a_real_title():
    src = json.dumps({"title": " ", "body": "<title>A & B</title><p>x</p>", "format": "htm"})
    doc = read_document(src)
    assert [(b.index, b.kind) for b in doc.blocks] == [(0, "title"), (1, "paragraph")]
    assert json.loads(render_document(doc, {0: "C & D"}))["body"] == "<title>C &amp; D</title><p>x</p>"


def test_json_html_body_and_key_order():
    src = json.dumps({"body": "<p>Hello &amp; <a href='/x'>welcome</a></p>", "format": "html", "title": "Hi", "n": 1})
    doc = read_document(src, fmt="json")
    assert [(b.index, b.kind, b.text) for b in doc.blocks] == [(1, "paragraph", "Hello & <1>welcome</1>"), (0, "title", "Hi")]
    out = json.loads(render_document(doc, {1: "Привіт & <1>ласкаво просимо</1>", 0: "Привіт"}))
    assert out == {"body": "<p>Привіт &amp; <a href='/x'>ласкаво просимо</a></p>", "format": "html",
                   "title": "Привіт", "n": 1}


@pytest.mark.parametrize("src, message", [
    ('{"title": "x",\n "body": "y",,}', "<input>:2: malformed JSON"),
    ('{"title": "x"}', 'body: missing field "body"'),
    ('{"body": 3}', 'field "body" must be a string'),
    ('{"body": "x", "format": "docx"}', "format: unknown body format"),
    ('{"body": "x", "format": ["md"]}', "format: unknown body format"),
    ('{"body": "x", "title": {"en": "t"}}', 'title: field "title" must be a string'),
    ('[1, 2]', "must be an object"),
    ('{"body": "  "}', "input is empty"),
])
def test_json_errors(src, message):
    with pytest.raises(InputError) as err:
        read_document(src, fmt="json")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_json_error_names_the_file():
    with pytest.raises(InputError, match=r"^story\.json:1: malformed JSON"):
        read_document("{oops", path="story.json")


@pytest.mark.parametrize("fmt", ["auto", "text", "markdown", "html", "json"])
@pytest.mark.parametrize("src", ["", "   \n\t\n"])
def test_empty_input(fmt, src):
    with pytest.raises(InputError, match="input is empty"):
        read_document(src, fmt=fmt, path="a.md")


def test_unknown_format():
    with pytest.raises(UsageError, match="unknown format 'odt'"):
        read_document("x", fmt="odt")


def test_text_paragraphs():
    src = load("article.txt")
    doc = read_document(src, path="article.txt")
    assert texts(doc) == ["Kharkiv approves $1.5 million for schools",
                          "The city council of Kharkiv on Tuesday approved a package for school repairs,\n"
                          "Mayor Ihor Terekhov said.",
                          "He added that Kyiv had promised help.", "Residents welcomed the decision."]
    assert doc.id == "article"
    out = render_document(doc, {2: "Він додав, що Київ пообіцяв допомогу.", 3: "Мешканці <1> раді."})
    assert out == src.replace("He added that Kyiv had promised help.", "Він додав, що Київ пообіцяв допомогу.") \
        .replace("Residents welcomed the decision.", "Мешканці  раді.")


def test_text_literal_placeholders_survive():
    doc = read_document("Press <1> then </1> and <2/>.\n", fmt="text")
    assert doc.blocks[0].text == "Press <1/> then <2/> and <3/>."
    assert render_document(doc, {0: "Натисніть <1/>, потім <2/> і <3/>."}) == "Натисніть <1>, потім </1> і <2/>.\n"


# --------------------------------------------------------------------------- random inputs

_ATOMS = ["#", "## ", " ", "  ", "\n", "\n\n", "\r\n", "\t", "- ", "* ", "1. ", "> ", "```", "~~~", "|", "---",
          "===", "*", "**", "_", "__", "~~", "`", "[", "]", "(", ")", "![", "<", ">", "</", "/>", "<1>", "</2>",
          "<3/>", "\\", "&amp;", "&nbsp;", "&", "<p>", "</p>", "<a href='x'>", "</a>", "<em>", "</em>", "<br>",
          "<code>", "</code>", "<script>", "</script>", "<li>", "<ul>", "</ul>", "<!--", "-->", "https://ex.com/a",
          "word", "Kyiv", "слово", "😀", "[^1]", "[x]: http://y", '"', "'", "{", "}", "<pre>", "</pre>",
          "<div translate=no>", "</div>", "<title>", "<td>", "    ", "<b>", "</b>", "<!DOCTYPE html>", "<![x", "1>",
          '<img alt="', "<a title='", " alt=", ' title="x &quot;y&quot;"', '<meta property="og:title" content="',
          "<input placeholder=", '<figure><img src=x alt="A cat">', "<html lang=en>", ' lang="en"', "\\u00e9",
          # Markdown image alt text and titles (inline, reference definitions), inline HTML attributes
          '](a.png "t")', "![a *b*](c 't')", "](u (x \\(y\\)))", '[r]: https://x.y "t"\n', "[r]: u 't'", '\\"',
          "![", "\\]", '<abbr title="x">', "</abbr>"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_random_inputs_round_trip(fmt):
    rng = random.Random(fmt)
    for it in range(400):
        text = "".join(rng.choice(_ATOMS) for _ in range(rng.randint(1, 50)))
        if fmt == "json":
            body_fmt = rng.choice(["text", "markdown", "html"])
            text = json.dumps({"id": it, "title": text[:15], "body": text, "format": body_fmt},
                              ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 2]))
            text = text.replace("/", "\\/") if rng.random() < 0.3 else text  # PHP's json_encode
        try:
            doc = read_document(text, fmt=fmt)
        except InputError:
            continue
        assert render_document(doc, {}) == text, text
        for b in doc.blocks:
            assert not check_placeholders(b.text, b.text), (text, b)
            assert set(b.tags) == {m for m in re.findall(r"<(\d+)/?>", b.text)}
            assert strip_tags(b.text).strip(), (text, b)  # a block always has text to translate
        translated = render_document(doc, {b.index: b.text.upper() for b in doc.blocks}, lang="uk")
        if fmt == "json":
            obj = json.loads(translated)
            if obj["format"] in ("html", "markdown"):  # the body renders as the same HTML/Markdown file would
                page = read_document(obj_body := json.loads(text)["body"], fmt=obj["format"])
                shift = 0 if doc.meta["_l10n"]["title_index"] is None else 1
                assert obj["body"] == render_document(page, {b.index: b.text.upper() for b in page.blocks},
                                                      lang="uk"), obj_body
                assert len(page.blocks) + shift == len(doc.blocks)


@pytest.mark.parametrize("name", FIXTURES)
def test_blocks_split_into_sentences_and_back(name):
    """What the pipeline does per block: split the tagged text by sentence, join it again."""
    from l10n.inline import join_tagged, split_tagged_with_gaps
    from l10n.segment import split_sentences

    doc = read_document(load(name), path=name)
    for b in doc.blocks:
        plain = strip_tags(b.text)
        spans = [(s.start, s.end) for s in split_sentences(plain, "en")]
        parts, gaps = split_tagged_with_gaps(b.text, spans)
        assert [strip_tags(p) for p in parts] == [plain[a:z] for a, z in spans]
        assert join_tagged(parts, gaps) == b.text
    src = load(name)
    assert render_document(doc, {b.index: join_tagged(*split_tagged_with_gaps(
        b.text, [(s.start, s.end) for s in split_sentences(strip_tags(b.text), "en")])) for b in doc.blocks}) \
        == (src if name != "article.json" else render_document(doc, {b.index: b.text for b in doc.blocks}))


def test_doctests():
    import doctest

    import l10n.formats
    import l10n.formats.markdown
    for mod in (l10n.formats, l10n.formats.markdown):
        assert doctest.testmod(mod).failed == 0


def test_render_after_meta_went_through_json():
    """A Document stored as JSON (service jobs) keeps rendering exactly: int keys became strings."""
    from l10n.document import Document
    src = load("page.html")
    doc = read_document(src, fmt="html")
    meta = json.loads(json.dumps(doc.meta))
    copy = Document(doc.id, doc.format, doc.parts, meta)
    assert render_document(copy, {}) == src


@pytest.mark.parametrize("fmt, src, expected", [
    ("text", "See https://ex.com/a?b=1. And www.kyiv.ua, (https://ex.com/(x)).", "See <1/>. And <2/>, (<3/>)."),
    ("html", "<p>Visit https://ex.com/a&amp;b=2 today.</p>", "Visit <1/> today."),
    ("markdown", "Visit https://ex.com/a_b today, or www.ex.com.", "Visit <1/> today, or <2/>."),
])
def test_bare_urls_are_never_translated(fmt, src, expected):
    doc = read_document(src, fmt=fmt)
    assert doc.blocks[0].text == expected
    out = render_document(doc, {0: expected.replace("Visit", "Відвідайте").replace("See", "Див.")})
    assert out == src.replace("Visit", "Відвідайте").replace("See", "Див.")
