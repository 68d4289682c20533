"""DOCX articles: what becomes a block, byte-exact untouched output, rewritten runs, bad files."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import EXAMPLES
from l10n.errors import InputError
from l10n.formats import read_document, render_document

EXAMPLE = EXAMPLES / "kyiv-talks.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

FOOTNOTES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             f'<w:footnotes xmlns:w="{W}">'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
             '<w:r><w:t xml:space="preserve"> The ministry confirmed the figures on Monday.</w:t></w:r>'
             '</w:p></w:footnote></w:footnotes>')


def _with_footnote(data: bytes) -> bytes:
    """Add a footnotes part and a reference to it in the first paragraph (python-docx cannot)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                body = body.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            elif item.filename == "word/_rels/document.xml.rels":
                body = body.replace(b"</Relationships>", b'<Relationship Id="rIdFn1" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                    b'Target="footnotes.xml"/></Relationships>')
            elif item.filename == "word/document.xml":
                body = body.replace(b"</w:t></w:r></w:p>", b'</w:t></w:r><w:r><w:footnoteReference w:id="1"/>'
                                    b'</w:r></w:p>', 1)
            dst.writestr(item, body)
        dst.writestr("word/footnotes.xml", FOOTNOTES)
    return out.getvalue()


def _example() -> bytes:
    return EXAMPLE.read_bytes()


def test_blocks_of_every_story_and_kind():
    doc = read_document(_example(), path=str(EXAMPLE))
    assert doc.format == "docx" and doc.id == "kyiv-talks"
    kinds = {b.kind for b in doc.blocks}
    assert {"heading", "paragraph", "list_item", "table_cell", "header", "footer"} <= kinds
    texts = [b.text for b in doc.blocks]
    assert "Hours later, delegations from Kyiv and Moscow met in <1>Istanbul</1> for their first direct " \
           "talks since the spring of 2022." in texts
    assert "The World Bank estimates that Ukraine needs <1>$7 billion</1> this year alone to repair its " \
           "energy grid." in texts
    assert "The full statement is available on the <1>Turkish Foreign Ministry website</1>." in texts
    link = next(b for b in doc.blocks if "website" in b.text)
    assert link.tags["1"][0].startswith("<w:hyperlink") and "https" not in link.text


def test_untranslated_document_is_its_input():
    data = _example()
    doc = read_document(data)
    assert render_document(doc, {}) == data
    assert render_document(doc, {b.index: b.text for b in doc.blocks}) == data


def _paragraph_props(data: bytes) -> list[str]:
    from lxml import etree
    d = docx.Document(io.BytesIO(data))
    return [etree.tostring(p._p.pPr).decode() if p._p.pPr is not None else "" for p in d.paragraphs]


def test_translation_rewrites_runs_keeps_styles_links_and_formatting():
    data = _example()
    doc = read_document(data)
    block = next(b for b in doc.blocks if "$7 billion" in b.text)
    link = next(b for b in doc.blocks if "website" in b.text)
    head = next(b for b in doc.blocks if b.kind == "header")
    out = render_document(doc, {block.index: "Україні потрібно <1>7 млрд доларів</1> цього року.",
                                link.index: "Повний текст на <1>сайті міністерства</1>.",
                                head.index: "Ціна війни"})
    assert isinstance(out, bytes) and out != data
    again = read_document(out)
    assert [b.kind for b in again.blocks] == [b.kind for b in doc.blocks]
    texts = {b.index: b.text for b in again.blocks}
    assert texts[block.index] == "Україні потрібно <1>7 млрд доларів</1> цього року."
    assert texts[link.index] == "Повний текст на <1>сайті міністерства</1>."
    assert texts[head.index] == "Ціна війни"
    for b in doc.blocks:  # every other block untouched
        if b.index not in (block.index, link.index, head.index):
            assert texts[b.index] == b.text
    assert _paragraph_props(out) == _paragraph_props(data)  # styles, numbering, alignment
    d = docx.Document(io.BytesIO(out))
    bold = [r.text for p in d.paragraphs for r in p.runs if r.bold]
    assert bold == ["7 млрд доларів"]
    para = next(p for p in d.paragraphs if "міністерства" in p.text)
    rels = para.part.rels
    links = para._p.findall(f"{{{W}}}hyperlink")
    assert len(links) == 1
    rid = links[0].get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    assert rels[rid].target_ref == "https://example.org/mfa/istanbul-talks-statement"


def test_footnotes_are_blocks_and_their_number_stays():
    data = _with_footnote(_example())
    doc = read_document(data)
    note = next(b for b in doc.blocks if b.kind == "footnote")
    assert note.text == "The ministry confirmed the figures on Monday."  # the footnote mark is not text
    first = doc.blocks[0]
    assert first.text.endswith("<1/>") or "<1/>" not in first.text  # the reference is kept, not translated
    out = render_document(doc, {note.index: "Міністерство підтвердило цифри в понеділок."})
    again = read_document(out)
    assert next(b for b in again.blocks if b.kind == "footnote").text == "Міністерство підтвердило цифри в понеділок."
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        notes = zf.read("word/footnotes.xml").decode()
    assert "<w:footnoteRef/>" in notes and 'w:type="separator"' in notes


def test_tabs_breaks_and_pictures_are_standalone_placeholders():
    d = docx.Document()
    p = d.add_paragraph("Left side")
    run = p.add_run()
    run.add_tab()
    run.add_text("right side")
    run.add_break()
    p.add_run("next line")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_document(buf.getvalue())
    assert doc.blocks[0].text == "Left side<1/>right side<2/>next line"
    out = render_document(doc, {0: "Ліворуч<1/>праворуч<2/>наступний рядок"})
    xml = zipfile.ZipFile(io.BytesIO(out)).read("word/document.xml").decode()
    assert xml.index("<w:tab/>") < xml.index("праворуч") < xml.index("<w:br/>") < xml.index("наступний")


def _docx_from_runs(paragraphs: list[list[tuple[str, bool, bool]]]) -> bytes:
    d = docx.Document()
    for runs in paragraphs:
        p = d.add_paragraph()
        for text, bold, italic in runs:
            r = p.add_run(text)
            r.bold, r.italic = bold or None, italic or None
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


_TEXT = st.text(alphabet=st.sampled_from(list("abc XYZ.,<>/12&\"'\tії")), min_size=1, max_size=12)
_RUNS = st.lists(st.tuples(_TEXT, st.booleans(), st.booleans()), min_size=1, max_size=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_RUNS, min_size=1, max_size=4))
def test_property_round_trip_and_rewrite(paragraphs):
    data = _docx_from_runs(paragraphs)
    doc = read_document(data)
    assert render_document(doc, {}) == data
    assert render_document(doc, {b.index: b.text for b in doc.blocks}) == data
    if not doc.blocks:
        return
    # rewriting every block with its own text through the writer keeps the text and placeholders
    marked = {b.index: b.text + " ok" for b in doc.blocks}
    again = read_document(render_document(doc, marked))
    assert [b.text for b in again.blocks] == [marked[b.index] for b in doc.blocks]


@pytest.mark.parametrize("make, message", [
    (lambda: b"this is not a word file", "not a DOCX file (not a ZIP archive)"),
    (lambda: _zip({"a.txt": "x"}), "no word/document.xml"),
    (lambda: _zip({"word/document.xml": "<w:document"}), "corrupt DOCX"),
])
def test_corrupt_docx_is_one_line(make, message):
    with pytest.raises(InputError) as err:
        read_document(make(), path="story.docx", fmt="docx")
    assert message in str(err.value) and str(err.value).startswith("story.docx: ") and "\n" not in str(err.value)


def _zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, body in files.items():
            zf.writestr(name, body)
    return out.getvalue()


def test_cli_translate_docx_and_bad_docx(installed_home, tmp_path, cli):
    src = tmp_path / "article.docx"
    src.write_bytes(_example())
    code, _, err = cli("translate", str(src), "--from", "en", "--to", "uk", "--home", str(installed_home),
                       "--no-memory", "-q")
    assert code == 0, err
    out = read_document((tmp_path / "article.uk.docx").read_bytes())
    texts = [b.text for b in out.blocks]
    assert "Делегації домовилися про три пункти:" in texts
    assert any("<1>Стамбул" in t for t in texts)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK not really")
    code, _, err = cli("translate", str(bad), "--to", "uk", "--home", str(installed_home), "--no-memory", "-q")
    assert code == 1 and err.strip().count("\n") == 0 and "not a DOCX file" in err
    assert not (tmp_path / "bad.uk.docx").exists()


def test_cli_po_export_import_from_docx(installed_home, tmp_path, cli):
    src = tmp_path / "article.docx"
    src.write_bytes(_example())
    loc = tmp_path / "locales"
    code, _, err = cli("po", "export", str(src), "--to", "uk", "--out", str(loc), "--no-mt", "--no-memory",
                       "--home", str(installed_home))
    assert code == 0, err
    import polib
    po = polib.pofile(str(loc / "uk" / "article.po"))
    assert po.metadata["X-L10n-Format"] == "docx"
    entry = next(e for e in po if e.msgid == "The delegations agreed on three points:")
    entry.msgstr = "Делегації домовилися про три пункти:"
    po.save()
    code, _, err = cli("po", "import", str(loc / "uk" / "article.po"), "--out", str(tmp_path / "out"),
                       "--no-memory")
    assert code == 0, err
    out = read_document((tmp_path / "out" / "article.uk.docx").read_bytes())
    assert "Делегації домовилися про три пункти:" in [b.text for b in out.blocks]


def test_a_placeholder_look_alike_split_across_runs_stays_text():
    """``<`` and ``1>`` in two runs of one format read as one text ``<1>``: it must become a literal
    placeholder, not a fake tag (found by the property above)."""
    data = _docx_from_runs([[("1", False, False), ("<", True, True), ("1>", True, True)]])
    doc = read_document(data)
    block = doc.blocks[0]
    marked = block.text + " ok"
    again = read_document(render_document(doc, {block.index: marked}))
    assert [b.text for b in again.blocks] == [marked]
    written = docx.Document(io.BytesIO(render_document(doc, {block.index: marked})))
    assert written.paragraphs[0].text == "1<1> ok"
