"""Core APIs take text or objects as well as paths, so front ends (the HTTP service) never write
temporary files or rewrite error messages: PO files (``read_po``/``import_po``) and glossaries
(``load_glossary_text``)."""

from __future__ import annotations

import tempfile

import pytest

from l10n.errors import GlossaryError, PoFormatError
from l10n.formats import read_document
from l10n.glossary import load_glossary, load_glossary_text
from l10n.po import PoFile, export_po, import_po, read_po, save_po
from l10n.pipeline import segment_document

ARTICLE = "The council met on Monday. It approved the <b>budget</b>.\n"


def _reviewed_po_text() -> tuple[object, str]:
    doc = read_document(ARTICLE, fmt="html", doc_id="budget")
    po = export_po(doc, segment_document(doc, "en"), lang="uk")
    for entry in po:
        entry.msgstr = {"The council met on Monday.": "Рада зібралася в понеділок."}.get(
            entry.msgid, entry.msgid.replace("It approved the", "Вона схвалила"))
    return doc, str(po)


def test_text_path_and_object_import_the_same(tmp_path):
    doc, text = _reviewed_po_text()
    path = tmp_path / "uk.po"
    save_po(read_po(text), path)
    from_text = import_po(text, doc)
    from_path = import_po(path, doc)
    from_object = import_po(read_po(path), doc)
    assert from_text.output == from_path.output == from_object.output
    assert "Рада зібралася в понеділок." in from_text.output and "<b>budget</b>" in from_text.output
    assert from_text.report["file"] == "<po>" and from_path.report["file"] == str(path)


def test_errors_name_the_given_name_and_line():
    with pytest.raises(PoFormatError) as err:
        read_po('msgid ""\nmsgstr ""\n\nmsgid "unterminated\n', name="upload")
    assert str(err.value).startswith("upload:4: ")
    doc, text = _reviewed_po_text()
    broken = text.replace('msgstr "Вона схвалила <1>', 'msgstr "Вона схвалила ')  # lost its opening tag
    with pytest.raises(PoFormatError) as err:
        import_po(read_po(broken, name="review"), doc)
    assert str(err.value).startswith("review:") and "placeholders broken" in str(err.value)
    assert err.value.problems and err.value.problems[0] in str(err.value)


def test_a_str_is_always_text_never_a_path(tmp_path):
    existing = tmp_path / "uk.po"
    _, text = _reviewed_po_text()
    existing.write_text(text, encoding="utf-8")
    with pytest.raises(PoFormatError):  # the file's name as text is not PO syntax
        read_po(str(existing))
    assert isinstance(read_po(existing), PoFile)


def test_service_po_import_writes_no_temporary_files(tmp_path, monkeypatch, request):
    import shutil

    from fastapi.testclient import TestClient

    from l10n.service.app import create_app
    from l10n.settings import Settings
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    home = tmp_path / "home"
    shutil.copytree(request.getfixturevalue("installed_home"), home)
    _, text = _reviewed_po_text()
    article = {"id": "budget", "body": ARTICLE, "format": "html", "source": "en"}
    with TestClient(create_app(Settings(home=home)), raise_server_exceptions=False) as client:
        r = client.post("/v1/po/import", json={"article": article, "po": text})
        assert r.status_code == 200, r.text
        assert r.json()["report"]["file"] == "po"
        r = client.post("/v1/po/export", json={"article": article, "targets": ["uk"], "mt": False,
                                               "previous": {"uk": text}})
        assert r.status_code == 200, r.text
        r = client.post("/v1/po/export", json={"article": article, "targets": ["uk"], "mt": False,
                                               "previous": {"uk": 'msgid "x'}})
        assert r.status_code == 400 and r.json()["error"].startswith("previous.uk:1: ")
    assert list(scratch.iterdir()) == []


def test_glossary_from_text_matches_the_file_loader(tmp_path):
    yaml_text = "terms:\n- id: kyiv\n  type: place\n  en: {term: Kyiv}\n  uk: {term: Київ}\n  ru: {term: Киев}\n  tr: {term: Kyiv}\n"
    path = tmp_path / "g.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    assert [t.id for t in load_glossary_text(yaml_text, "yaml", "g")] == [t.id for t in load_glossary(path)]
    with pytest.raises(GlossaryError) as err:
        load_glossary_text("terms:\n- id: x\n  en: [\n", "yaml", name="glossary city")
    assert str(err.value).startswith("glossary city")
    with pytest.raises(GlossaryError):
        load_glossary_text(yaml_text, "docx", "g")


def test_several_glossary_texts_merge_as_several_files_do(tmp_path):
    """``load_glossary_texts`` is what a database-backed store loads with (no scratch files)."""
    from l10n.glossary import load_glossary_texts
    kyiv = "terms:\n- id: kyiv\n  type: place\n  en: {term: Kyiv}\n  uk: {term: Київ}\n  ru: {term: Киев}\n  tr: {term: Kyiv}\n"
    csv_text = "id,type,en,uk,ru,tr\nlviv,place,Lviv,Львів,Львов,Lviv\n"
    (tmp_path / "a.yaml").write_text(kyiv, encoding="utf-8")
    (tmp_path / "b.csv").write_text(csv_text, encoding="utf-8")
    merged = load_glossary_texts((kyiv, "yaml", "glossary a"), (csv_text, "csv", "glossary b"))
    from_files = load_glossary(tmp_path / "a.yaml", tmp_path / "b.csv")
    assert sorted(t.id for t in merged) == sorted(t.id for t in from_files) == ["kyiv", "lviv"]
    assert merged.sources == ["glossary a", "glossary b"]
    with pytest.raises(GlossaryError, match="kyiv"):  # the same id in two stored glossaries
        load_glossary_texts((kyiv, "yaml", "glossary a"), (kyiv, "yaml", "glossary c"))
