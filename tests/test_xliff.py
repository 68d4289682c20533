"""XLIFF 2.1 / 1.2 export and import: the PO unit model in another file, validated twice.

1. Against the official OASIS schemas, ``xliff_core_2.0.xsd`` (XLIFF 2.1's core schema is the 2.0
   one, same namespace) and ``xliff-core-1.2-strict.xsd``. No PyPI package ships them; Debian's
   ``php-symfony-translation`` does (Symfony validates XLIFF with them), so ``.ci/run`` installs it
   and the tests read the files from there (or from ``$L10N_XLIFF_SCHEMAS``); nothing is copied
   into this repository.
2. Against the structural rules of the two specifications that the XSDs do not express (unique ids,
   inline codes pairing with the source, state enumerations), with lxml; the 1.2 files are also
   read by translate-toolkit's own XLIFF reader.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings, strategies as st
from lxml import etree

from conftest import EXAMPLES
from l10n.errors import PoFormatError
from l10n.formats import read_document
from l10n.po import export_article, import_po, save_po
from l10n.tm import TranslationMemory
from l10n.xliff import MDA, XLIFF2, XLIFF12, po_to_xliff, read_xliff

ARTICLE = EXAMPLES / "kyiv-talks.md"
_NMTOKEN = re.compile(r"[\w.:-]+")
STATES_2 = {"initial", "translated", "reviewed", "final"}
STATES_12 = {"final", "needs-adaptation", "needs-l10n", "needs-review-adaptation", "needs-review-l10n",
             "needs-review-translation", "needs-translation", "new", "signed-off", "translated"}


SCHEMA_DIRS = [os.environ.get("L10N_XLIFF_SCHEMAS", ""),
               "/usr/share/php/Symfony/Component/Translation/Resources/schemas"]
SCHEMA_FILES = {"2.1": "xliff-core-2.0.xsd", "1.2": "xliff-core-1.2-strict.xsd"}


@functools.lru_cache(maxsize=None)
def oasis_schema(version: str) -> etree.XMLSchema:
    """The OASIS XSD for ``version``, its ``xml:`` import pointed at the ``xml.xsd`` beside it."""
    folder = next((Path(d) for d in SCHEMA_DIRS if d and (Path(d) / SCHEMA_FILES[version]).is_file()), None)
    if folder is None:
        pytest.skip("OASIS XLIFF schemas not found: install Debian's php-symfony-translation "
                    "or set L10N_XLIFF_SCHEMAS to a folder holding them")
    text = (folder / SCHEMA_FILES[version]).read_text(encoding="utf-8")
    text = re.sub(r'(<xs[d]?:import namespace="http://www.w3.org/XML/1998/namespace"\s+schemaLocation=)"[^"]*"',
                  lambda m: f'{m.group(1)}"{(folder / "xml.xsd").as_uri()}"', text)
    return etree.XMLSchema(etree.fromstring(text.encode("utf-8"), base_url=(folder / "x.xsd").as_uri()))


def assert_schema_valid(data: bytes, version: str) -> None:
    schema = oasis_schema(version)
    if not schema.validate(etree.fromstring(data)):
        raise AssertionError(f"XLIFF {version} export is not schema-valid: {schema.error_log.last_error}")


def _local(el) -> str:
    return etree.QName(el).localname


def _inline_ids(el, pair: set[str], single: set[str], ns: str) -> list[str]:
    ids = []
    for child in el.iter():
        if child is el:
            continue
        assert etree.QName(child).namespace == ns, child.tag
        name = _local(child)
        assert name in pair | single | {"sc", "ec", "bx", "ex", "it", "cp", "mrk"}, name
        if name not in ("ec", "cp"):
            assert child.get("id"), f"<{name}> without id"
            ids.append(child.get("id"))
    return ids


def validate_xliff2(data: bytes) -> None:
    """XLIFF 2.1 core + metadata module structure (the constraints its XSD and spec state)."""
    root = etree.fromstring(data)
    assert root.tag == f"{{{XLIFF2}}}xliff" and root.get("version") == "2.1" and root.get("srcLang")
    files = list(root)
    assert files and all(f.tag == f"{{{XLIFF2}}}file" for f in files)
    assert len({f.get("id") for f in files}) == len(files) and all(_NMTOKEN.fullmatch(f.get("id")) for f in files)
    for f in files:
        order = [etree.QName(c).namespace == MDA and "module" or _local(c) for c in f]
        assert order == sorted(order, key=["module", "notes", "unit"].index), order
        assert order.count("unit") >= 1 and order.count("notes") <= 1
        for meta in f.iter(f"{{{MDA}}}meta"):
            assert meta.get("type") and meta.getparent().tag == f"{{{MDA}}}metaGroup"
        ids = [u.get("id") for u in f.iter(f"{{{XLIFF2}}}unit")]
        assert len(set(ids)) == len(ids) and all(_NMTOKEN.fullmatch(i) for i in ids)
        for unit in f.iter(f"{{{XLIFF2}}}unit"):
            kids = [_local(c) for c in unit]
            assert kids == ["notes"] * (kids[0] == "notes") + ["segment"] * (len(kids) - (kids[0] == "notes"))
            for note in unit.iter(f"{{{XLIFF2}}}note"):
                assert note.getparent().tag == f"{{{XLIFF2}}}notes"
            for seg in unit.iter(f"{{{XLIFF2}}}segment"):
                assert seg.get("state", "initial") in STATES_2
                assert seg.get("subState") is None or re.fullmatch(r"[^\s:]+:[^\s]+", seg.get("subState"))
                parts = [_local(c) for c in seg]
                assert parts in (["source"], ["source", "target"]), parts
                src_ids = _inline_ids(seg[0], {"pc"}, {"ph"}, XLIFF2)
                assert len(set(src_ids)) == len(src_ids)
                if len(seg) == 2:
                    assert set(_inline_ids(seg[1], {"pc"}, {"ph"}, XLIFF2)) <= set(src_ids)


def validate_xliff12(data: bytes) -> None:
    """XLIFF 1.2 (strict) structure: required attributes, element order, enumerations."""
    root = etree.fromstring(data)
    assert root.tag == f"{{{XLIFF12}}}xliff" and root.get("version") == "1.2"
    for f in root:
        assert _local(f) == "file"
        assert f.get("original") and f.get("source-language") and f.get("datatype")
        assert [_local(c) for c in f] in (["header", "body"], ["body"])
        ids = [tu.get("id") for tu in f.iter(f"{{{XLIFF12}}}trans-unit")]
        assert ids and all(ids) and len(set(ids)) == len(ids)
        for tu in f.iter(f"{{{XLIFF12}}}trans-unit"):
            kids = [_local(c) for c in tu]
            assert kids[0] == "source" and "source" not in kids[1:]
            assert "target" not in kids[2:] and all(k in ("note", "context-group", "target") for k in kids[1:])
            assert tu.get("approved") in (None, "yes", "no")
            target = tu.find(f"{{{XLIFF12}}}target")
            if target is not None:
                assert target.get("state") in STATES_12 | {None}
            for el in (tu.find(f"{{{XLIFF12}}}source"), target):
                if el is not None:
                    _inline_ids(el, {"g"}, {"x"}, XLIFF12)
            for ctx in tu.iter(f"{{{XLIFF12}}}context"):
                assert ctx.get("context-type")


@pytest.fixture
def exported(tmp_path):
    doc = read_document(ARTICLE.read_text(encoding="utf-8"), path=str(ARTICLE))
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    memory.add("en", "uk", "The delegations agreed on three points:", "Делегації домовилися про три пункти:")
    _, pos = export_article(doc, ["uk"], src="en", memory=memory, path="kyiv-talks.md",
                            source_path="../kyiv-talks.md")
    po = pos["uk"]
    fuzzy = next(e for e in po if "Istanbul" in e.msgid and "<1>" in e.msgid)
    fuzzy.msgstr, fuzzy.flags = "Делегації зустрілися в <1>Стамбулі</1>.", ["fuzzy"]
    broken = next(e for e in po if e.msgid.startswith("The full statement"))
    broken.msgstr, broken.flags = "Повний текст </1>на сайті<1>.", ["fuzzy"]
    return doc, po


def _fields(po: polib.POFile) -> list[tuple]:
    return [(e.msgctxt, e.msgid, e.msgstr, "fuzzy" in e.flags,
             e.comment.replace("remove the fuzzy flag", "confirm the segment"), e.tcomment)
            for e in po if not e.obsolete]


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_export_validates_and_reads_back_as_the_same_units(exported, version):
    doc, po = exported
    data = po_to_xliff(po, version)
    (validate_xliff2 if version == "2.1" else validate_xliff12)(data)
    back = read_xliff(f"kyiv-talks.{version}.xlf", data)
    assert _fields(back) == _fields(po)  # ids, sources, targets, states, hints
    assert back.metadata == po.metadata
    if version == "2.1":
        assert [e.occurrences for e in back] == [e.occurrences for e in po]
    approved = next(e for e in back if e.msgid == "The delegations agreed on three points:")
    assert approved.msgstr == "Делегації домовилися про три пункти:" and "fuzzy" not in approved.flags


def test_placeholders_are_inline_codes(exported):
    _, po = exported
    root = etree.fromstring(po_to_xliff(po, "2.1"))
    seg = next(s for s in root.iter(f"{{{XLIFF2}}}segment") if "Istanbul" in "".join(s[0].itertext())
               and s[0].find(f"{{{XLIFF2}}}pc") is not None)
    assert seg[0].find(f"{{{XLIFF2}}}pc").text == "Istanbul" and seg.get("subState") == "l10n:fuzzy"
    broken = next(s for s in root.iter(f"{{{XLIFF2}}}segment") if "сайті" in "".join(s[-1].itertext()))
    assert [_local(c) for c in broken[1]] == ["ec", "sc"]  # a broken draft stays readable, not invalid
    root12 = etree.fromstring(po_to_xliff(po, "1.2"))
    assert root12.find(f".//{{{XLIFF12}}}g").text == "Istanbul"


def test_translate_toolkit_reads_our_xliff12(exported):
    from translate.storage.xliff import xlifffile
    _, po = exported
    store = xlifffile.parsestring(po_to_xliff(po, "1.2"))
    units = [u for u in store.units if not u.isheader()]
    assert [u.getid().split("\x04")[-1] for u in units] == [e.msgctxt for e in po if not e.obsolete]
    assert sum(1 for u in units if u.isapproved()) == sum(1 for e in po if e.msgstr and "fuzzy" not in e.flags)


def _approve(data: bytes, version: str, source_start: str, target: str) -> bytes:
    """What a TMS does when a translator confirms a segment."""
    root = etree.fromstring(data)
    ns = XLIFF2 if version == "2.1" else XLIFF12
    for el in root.iter(f"{{{ns}}}source"):
        if "".join(el.itertext()).startswith(source_start):
            holder = el.getparent()
            t = holder.find(f"{{{ns}}}target")
            if t is None:
                t = etree.Element(f"{{{ns}}}target")
                el.addnext(t)
            t.text = target
            if version == "2.1":
                holder.set("state", "translated")
                holder.attrib.pop("subState", None)
            else:
                holder.set("approved", "yes")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_import_matches_the_po_path(exported, tmp_path, version):
    doc, po = exported
    data = _approve(po_to_xliff(po, version), version, "Russia launched", "Росія запустила 117 дронів.")
    xlf = tmp_path / "uk.xlf"
    xlf.write_bytes(data)
    entry = next(e for e in po if e.msgid.startswith("Russia launched"))
    entry.msgstr, entry.flags = "Росія запустила 117 дронів.", []
    save_po(po, tmp_path / "uk.po")
    memory = TranslationMemory(tmp_path / "tm2.sqlite3")
    via_xliff = import_po(xlf, doc, memory=memory)
    via_po = import_po(tmp_path / "uk.po", doc)
    assert via_xliff.output == via_po.output and "Росія запустила 117 дронів." in via_xliff.output
    assert via_xliff.report["approved"] == via_po.report["approved"] == 2
    assert len(via_xliff.report["fuzzy"]) == len(via_po.report["fuzzy"])
    assert memory.lookup("en", "uk", [entry.msgid]) == {entry.msgid: "Росія запустила 117 дронів."}


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_unknown_ids_and_changed_sources_are_errors(exported, tmp_path, version):
    doc, po = exported
    data = po_to_xliff(po, version).decode()
    first = po[0].msgctxt
    attr = "name" if version == "2.1" else "resname"
    bad_id = data.replace(f'{attr}="{first}"', f'{attr}="kyiv-talks/heading-00000000/0"', 1)
    (tmp_path / "a.xlf").write_text(bad_id, encoding="utf-8")
    with pytest.raises(PoFormatError, match=r"a\.xlf:\d+: msgctxt 'kyiv-talks/heading-00000000/0' does not match"):
        import_po(tmp_path / "a.xlf", doc)
    changed = data.replace("Kharkiv rebuilds as", "Kharkiv rebuilt as", 1)
    (tmp_path / "b.xlf").write_text(changed, encoding="utf-8")
    with pytest.raises(PoFormatError, match=r"b\.xlf:\d+: msgid differs from the article's sentence"):
        import_po(tmp_path / "b.xlf", doc)


def test_malformed_and_foreign_xml(tmp_path, exported):
    doc, _ = exported
    (tmp_path / "m.xlf").write_text('<?xml version="1.0"?>\n<xliff version="2.1">\n<file>\n</xliff>\n')
    with pytest.raises(PoFormatError, match=r"m\.xlf:4: malformed XLIFF"):
        import_po(tmp_path / "m.xlf", doc)
    (tmp_path / "f.xlf").write_text('<?xml version="1.0"?>\n<html/>\n')
    with pytest.raises(PoFormatError, match=r"f\.xlf:2: not an XLIFF file"):
        import_po(tmp_path / "f.xlf", doc)
    (tmp_path / "e.xlf").write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                                    f'<xliff xmlns="{XLIFF2}" version="2.1" srcLang="en"><file id="f">'
                                    '<unit id="u"><segment><source>&e;</source></segment></unit></file></xliff>')
    po = read_xliff(tmp_path / "e.xlf")
    assert "root:" not in po[0].msgid  # external entities are never resolved


@pytest.mark.parametrize("fmt", ["xliff", "xliff12"])
def test_cli_export_import(installed_home, tmp_path, cli, fmt):
    loc = tmp_path / "loc"
    code, _, err = cli("po", "export", str(ARTICLE), "--to", "uk", "--out", str(loc), "--file-format", fmt,
                       "--home", str(installed_home), "--no-memory")
    assert code == 0, err
    xlf = loc / "uk" / "kyiv-talks.xlf"
    assert xlf.exists() and not (loc / "uk" / "kyiv-talks.po").exists()
    (validate_xliff2 if fmt == "xliff" else validate_xliff12)(xlf.read_bytes())
    version = "2.1" if fmt == "xliff" else "1.2"
    xlf.write_bytes(_approve(xlf.read_bytes(), version, "The delegations agreed", "Делегації домовились."))
    # re-export merges with the returned file: the approved unit stays approved
    code, _, err = cli("po", "export", str(ARTICLE), "--to", "uk", "--out", str(loc), "--file-format", fmt,
                       "--home", str(installed_home), "--no-memory", "--no-mt")
    assert code == 0, err
    again = read_xliff(xlf)
    kept = next(e for e in again if e.msgid.startswith("The delegations agreed"))
    assert kept.msgstr == "Делегації домовились." and "fuzzy" not in kept.flags
    code, _, err = cli("po", "import", str(xlf), "--out", str(tmp_path / "out"), "--no-memory")
    assert code == 0, err
    assert "Делегації домовились." in (tmp_path / "out" / "kyiv-talks.uk.md").read_text(encoding="utf-8")


# ------------------------------------------------------------------ the OASIS schemas

@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_exports_are_valid_against_the_oasis_schema(exported, version):
    _, po = exported
    assert_schema_valid(po_to_xliff(po, version), version)
    template = polib.POFile()
    template.metadata = dict(po.metadata, Language="")
    for e in po:
        template.append(polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, occurrences=e.occurrences))
    assert_schema_valid(po_to_xliff(template, version), version)  # a template: no targets


@pytest.mark.parametrize("version, xpath, attribute, value", [
    ("2.1", "//x:segment", "state", "approved-maybe"),       # not in the state enumeration
    ("2.1", "//x:unit", "id", None),                          # a unit needs its id
    ("1.2", "//x:trans-unit", "approved", "maybe"),           # yes|no only
    ("1.2", "//x:file", "datatype", None),                    # required in 1.2
])
def test_the_schema_check_is_live(exported, version, xpath, attribute, value):
    """A broken export fails the check: the schemas are really applied, not vacuously loaded."""
    _, po = exported
    root = etree.fromstring(po_to_xliff(po, version))
    el = root.xpath(xpath, namespaces={"x": XLIFF2 if version == "2.1" else XLIFF12})[0]
    if value is None:
        del el.attrib[attribute]
    else:
        el.set(attribute, value)
    with pytest.raises(AssertionError, match="not schema-valid"):
        assert_schema_valid(etree.tostring(root), version)


_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=12)
_TAGGED = st.lists(st.one_of(_TEXT, st.sampled_from(["<1>", "</1>", "<2/>", "<3>", "</3>", "&", "<", "]]>"])),
                   max_size=8).map("".join)


@settings(max_examples=150, deadline=None)
@given(units=st.lists(st.tuples(_TAGGED.filter(bool), _TAGGED, st.booleans(), _TEXT), min_size=1, max_size=5))
def test_any_catalog_exports_schema_valid_and_reads_back(units):
    """Any texts (XML-special or XML-invalid characters, broken or nested placeholder pairs) export
    as schema-valid XLIFF 2.1 that reads back to the same entries; 1.2, which has no ``<cp>``, either
    does the same or refuses with one line."""
    po = polib.POFile()
    po.metadata = {"Language": "uk", "X-L10n-Source-Language": "en"}
    for n, (msgid, msgstr, fuzzy, comment) in enumerate(units):
        po.append(polib.POEntry(msgctxt=f"article:{n}", msgid=msgid, msgstr=msgstr, tcomment=comment,
                                flags=["fuzzy"] if fuzzy and msgstr else []))
    for version in ("2.1", "1.2"):
        try:
            data = po_to_xliff(po, version)
        except PoFormatError as exc:
            assert version == "1.2" and "XLIFF 1.2 cannot carry" in str(exc)
            continue
        assert_schema_valid(data, version)
        back = read_xliff("x.xlf", data)
        assert [(e.msgctxt, e.msgid, e.msgstr, "fuzzy" in e.flags) for e in back] == \
               [(e.msgctxt, e.msgid, e.msgstr, "fuzzy" in e.flags) for e in po]


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_a_segment_that_is_all_markup_reads_back_without_indentation(version):
    """``<source><pc id="1">…</pc></source>`` holds no text node, and a pretty-printer indents it;
    that whitespace came back as part of the sentence and import then refused the file."""
    po = polib.POFile()
    po.metadata = {"Language": "uk"}
    po.append(polib.POEntry(msgctxt="a:1", msgid="<1>Full statement</1>", msgstr="<1>Повна заява</1>"))
    po.append(polib.POEntry(msgctxt="a:2", msgid="<2/>", msgstr="<2/>"))
    back = read_xliff("x.xlf", po_to_xliff(po, version))
    assert [(e.msgid, e.msgstr) for e in back] == [(e.msgid, e.msgstr) for e in po]
