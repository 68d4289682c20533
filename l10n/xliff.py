"""XLIFF 2.1 and 1.2 for translation agencies and TMS tools (Trados, memoQ, Phrase, Crowdin).

XLIFF here is another *serialisation of the PO unit model*, not a second workflow: ``l10n.po``
builds the ``polib.POFile`` (ids, MT drafts, TM matches, hints, merge with a previous export) and
``po_to_xliff`` writes it; ``read_xliff`` reads a returned file back into a ``POFile`` that
``l10n.po.import_po`` checks and imports exactly like a PO file. Mapping:

=====================  ==============================================  ===========================================
PO                     XLIFF 2.1                                       XLIFF 1.2
=====================  ==============================================  ===========================================
headers                ``<mda:meta type="Header">`` in ``<file>``      ``<note from="l10n-header:Header">``
msgctxt (segment id)   ``<unit name>`` (``id``: the same, as NMTOKEN)  ``<trans-unit id>`` (and ``resname``)
msgid / msgstr         ``<source>`` / ``<target>``                      ``<source>`` / ``<target>``
``<1>…</1>``, ``<2/>``  ``<pc id="1">…</pc>``, ``<ph id="2"/>``         ``<g id="1">…</g>``, ``<x id="2"/>``
``#.`` hints            ``<note category="hint">``                      ``<note from="l10n" annotates="source">``
``#:`` references       ``<note category="location">``                  ``<context-group purpose="location">``
translator comment      ``<note category="translator">``                ``<note from="translator">``
approved (not fuzzy)   ``<segment state="final">``                     ``approved="yes"``, ``state="final"``
fuzzy draft            ``state="initial" subState="l10n:fuzzy"``       ``state="needs-review-translation"``
=====================  ==============================================  ===========================================

On import a target counts as approved when its state is ``translated``, ``reviewed`` or ``final``
(2.1), or the unit is ``approved="yes"`` or its target ``translated``/``signed-off``/``final`` (1.2)
— what TMS tools set when a translator confirms a segment. Files are built and parsed with lxml
(no DTDs, entities or network access when parsing).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import polib
from lxml import etree

from l10n.errors import PoFormatError
from l10n.inline import PLACEHOLDER_RE

XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
#: ``--file-format`` value -> XLIFF version
VERSIONS = {"xliff": "2.1", "xliff12": "1.2"}
EXTENSIONS = (".xlf", ".xliff")

APPROVED_2 = {"translated", "reviewed", "final"}
APPROVED_12 = {"translated", "signed-off", "final"}
_NMTOKEN_BAD = re.compile(r"[^\w.:-]")
_HEADER_FROM = "l10n-header:"
#: code points XML 1.0 cannot carry; XLIFF 2 writes them as ``<cp hex="..."/>`` (spec 4.2.3.2)
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """``text`` for a note, metadata value or attribute: XML-invalid code points become U+FFFD.

    >>> _xml_text("page\x0cbreak")
    'page\ufffdbreak'
    """
    return _XML_BAD.sub("\ufffd", text)


def is_xliff(path: str | os.PathLike) -> bool:
    """True for ``.xlf``/``.xliff`` files, or files that start like an XML document."""
    p = Path(path)
    if p.suffix.lower() in EXTENSIONS:
        return True
    try:
        with open(p, "rb") as fh:
            head = fh.read(200).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return head.startswith((b"<?xml", b"<xliff"))


# ------------------------------------------------------------------ writing

def _inline(parent: etree._Element, tagged: str, version: str) -> None:
    """Fill ``parent`` (source/target) with ``tagged``'s text and placeholders as inline codes.

    Well-nested pairs become ``pc`` (2.1) / ``g`` (1.2). In a pair a draft broke, an opening and a
    closing tag that both occur become ``sc``/``ec`` (2.1) / ``bx``/``ex`` (1.2); one whose partner
    is missing is isolated: ``sc``/``ec isolated="yes"`` (2.1) / ``it pos="open|close"`` (1.2)."""
    ns = XLIFF2 if version == "2.1" else XLIFF12
    nested = _well_nested(tagged)
    codes = iter(() if nested else _broken_codes(tagged, version))
    stack = [parent]
    last: etree._Element | None = None  # where text goes: parent.text or last.tail

    def put(text: str) -> None:
        nonlocal last
        pieces = re.split(f"({_XML_BAD.pattern})", text)
        for i, piece in enumerate(pieces):
            if i % 2:  # an XML-invalid code point: <cp hex> in 2.1, an error in 1.2
                if version != "2.1":
                    raise PoFormatError(f"XLIFF 1.2 cannot carry U+{ord(piece):04X} (in {tagged[:60]!r}); "
                                        "export XLIFF 2.1 (--file-format xliff) or PO instead")
                last = etree.SubElement(stack[-1], f"{{{ns}}}cp", hex=f"{ord(piece):04X}")
            elif piece and (last is None or last.getparent() is not stack[-1]):
                stack[-1].text = (stack[-1].text or "") + piece
            elif piece:
                last.tail = (last.tail or "") + piece

    pos = 0
    for m in PLACEHOLDER_RE.finditer(tagged):
        put(tagged[pos:m.start()])
        pos = m.end()
        if not nested:
            name, attrs = next(codes)
            last = etree.SubElement(stack[-1], f"{{{ns}}}{name}", attrs)
        elif m.group(3) is not None:
            last = stack.pop()
        elif m.group(2):
            last = etree.SubElement(stack[-1], f"{{{ns}}}{'ph' if version == '2.1' else 'x'}", id=m.group(1))
        else:
            stack.append(etree.SubElement(stack[-1], f"{{{ns}}}{'pc' if version == '2.1' else 'g'}", id=m.group(1)))
            last = None
    put(tagged[pos:])


def _broken_codes(tagged: str, version: str) -> list[tuple[str, dict[str, str]]]:
    """(element, attributes) per placeholder of a text whose tags a draft broke.

    A closing tag pairs with the latest open one of its number: ``sc``/``ec startRef`` (2.1),
    ``bx``/``ex rid`` (1.2). A tag without partner is isolated: ``isolated="yes"`` (2.1),
    ``it pos="open|close"`` (1.2). Ids stay unique in the element, as both schemas require: a
    number's first code has the number as id, a repeat ``3_2`` (``_number`` reads the number back).

    >>> [name for name, _ in _broken_codes("</1> x <1> <2/> <2/>", "1.2")]
    ['it', 'it', 'x', 'x']
    """
    used: set[str] = set()

    def uid(n: str, prefix: str = "") -> str:
        return _unique(prefix + n, used)

    plan: list[list] = []
    open_at: dict[str, list[int]] = {}  # number -> indexes in plan of its unmatched opening tags
    for m in PLACEHOLDER_RE.finditer(tagged):
        if m.group(2):
            plan.append(["ph" if version == "2.1" else "x", {"id": uid(m.group(1))}])
        elif m.group(3) is None:
            open_at.setdefault(m.group(1), []).append(len(plan))
            plan.append(["open", {"id": uid(m.group(1))}])
        elif open_at.get(m.group(3)):
            start = plan[open_at[m.group(3)].pop()]
            start[0] = "sc" if version == "2.1" else "bx"
            ref = start[1]["id"]
            plan.append(["ec", {"startRef": ref}] if version == "2.1" else ["ex", {"id": uid(ref, "e"), "rid": ref}])
            if version != "2.1":
                start[1]["rid"] = ref
        else:
            plan.append(["ec", {"id": uid(m.group(3), "e"), "isolated": "yes"}] if version == "2.1"
                        else ["it", {"id": uid(m.group(3), "e"), "pos": "close"}])
    for item in plan:
        if item[0] == "open":  # never closed
            item[:] = ["sc", dict(item[1], isolated="yes")] if version == "2.1" else ["it", dict(item[1], pos="open")]
    return [(name, attrs) for name, attrs in plan]


def _well_nested(tagged: str) -> bool:
    stack: list[str] = []
    seen: set[str] = set()
    for m in PLACEHOLDER_RE.finditer(tagged):
        if m.group(3) is not None:
            if not stack or stack.pop() != m.group(3):
                return False
        elif not m.group(2):
            if m.group(1) in seen:
                return False
            seen.add(m.group(1))
            stack.append(m.group(1))
    return not stack


def _unit_ids(po: polib.POFile) -> dict[int, str]:
    """An NMTOKEN id per entry, derived from its msgctxt (unique within the file)."""
    used: set[str] = set()
    return {id(entry): _unique(_NMTOKEN_BAD.sub("_", entry.msgctxt or f"u{n}") or f"u{n}", used)
            for n, entry in enumerate(po)}


def _unique(base: str, used: set[str]) -> str:
    """``base``, or ``base_2``, ``base_3`` … the first not in ``used`` (which it is added to).

    >>> used = {"3"}; _unique("3", used), _unique("3", used), sorted(used)
    ('3_2', '3_3', ['3', '3_2', '3_3'])
    """
    candidate, k = base, 1
    while candidate in used:
        k += 1
        candidate = f"{base}_{k}"
    used.add(candidate)
    return candidate


def po_to_xliff(po: polib.POFile, version: str = "2.1") -> bytes:
    """The XLIFF ``version`` ("2.1" or "1.2") document for ``po`` (obsolete entries left out)."""
    if version not in ("2.1", "1.2"):
        raise PoFormatError(f"unknown XLIFF version {version!r}; choose 2.1 or 1.2")
    meta = po.metadata
    src = meta.get("X-L10n-Source-Language") or "en"
    tgt = meta.get("Language") or ""
    original = meta.get("X-L10n-Source-Path") or meta.get("X-L10n-Article") or "article"
    entries = [e for e in po if not e.obsolete and e.msgid]
    if version == "2.1":
        root = _xliff2(meta, entries, src, tgt, original, _unit_ids(po))
    else:
        root = _xliff12(meta, entries, src, tgt, original)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


#: elements whose content is text (with inline codes): their whitespace is data, never indentation
_TEXT_ELEMENTS = {"source", "target", "note", "meta", "context"}


def _indent(el: etree._Element, depth: int = 0) -> None:
    """Indent the structural elements only.

    lxml's ``pretty_print`` also indents a ``<source>`` that holds only inline codes
    (``<source><pc id="1">Kyiv</pc></source>``), and that whitespace would come back as text."""
    if etree.QName(el).localname in _TEXT_ELEMENTS or not len(el):
        return
    inner = "\n" + "  " * (depth + 1)
    el.text = inner
    for child in el:
        _indent(child, depth + 1)
        child.tail = inner
    el[-1].tail = "\n" + "  " * depth


def _hint_lines(entry: polib.POEntry) -> list[str]:
    """The ``#.`` hints, with PO wording ("remove the fuzzy flag") said the XLIFF way."""
    return [line.replace("remove the fuzzy flag", "confirm the segment")
            for line in (entry.comment or "").splitlines() if line]


def _xliff2(meta: dict, entries: list, src: str, tgt: str, original: str, ids: dict) -> etree._Element:
    root = etree.Element(f"{{{XLIFF2}}}xliff", nsmap={None: XLIFF2, "mda": MDA}, version="2.1", srcLang=src)
    if tgt:
        root.set("trgLang", tgt)
    f = etree.SubElement(root, f"{{{XLIFF2}}}file", id="f1", original=_xml_text(original))
    md = etree.SubElement(f, f"{{{MDA}}}metadata")
    group = etree.SubElement(md, f"{{{MDA}}}metaGroup", category="po-headers")
    for key, value in meta.items():
        etree.SubElement(group, f"{{{MDA}}}meta", type=key).text = _xml_text(value)
    for entry in entries:
        unit = etree.SubElement(f, f"{{{XLIFF2}}}unit", id=ids[id(entry)], name=_xml_text(entry.msgctxt or ""))
        notes = [("location", f"{path}:{line}") for path, line in entry.occurrences]
        notes += [("hint", line) for line in _hint_lines(entry)]
        notes += [("translator", line) for line in (entry.tcomment or "").splitlines()]
        if entry.previous_msgid:
            notes.append(("previous-source", entry.previous_msgid))
        if notes:
            holder = etree.SubElement(unit, f"{{{XLIFF2}}}notes")
            for category, text in notes:
                etree.SubElement(holder, f"{{{XLIFF2}}}note", category=category).text = _xml_text(text)
        seg = etree.SubElement(unit, f"{{{XLIFF2}}}segment")
        approved = bool(entry.msgstr) and "fuzzy" not in entry.flags
        seg.set("state", "final" if approved else "initial")
        if entry.msgstr and not approved:
            seg.set("subState", "l10n:fuzzy")
        _inline(etree.SubElement(seg, f"{{{XLIFF2}}}source"), entry.msgid, "2.1")
        if entry.msgstr:
            _inline(etree.SubElement(seg, f"{{{XLIFF2}}}target"), entry.msgstr, "2.1")
    return root


def _xliff12(meta: dict, entries: list, src: str, tgt: str, original: str) -> etree._Element:
    root = etree.Element(f"{{{XLIFF12}}}xliff", nsmap={None: XLIFF12}, version="1.2")
    f = etree.SubElement(root, f"{{{XLIFF12}}}file", original=_xml_text(original), datatype="plaintext")
    f.set("source-language", src)
    if tgt:
        f.set("target-language", tgt)
    header = etree.SubElement(f, f"{{{XLIFF12}}}header")
    etree.SubElement(header, f"{{{XLIFF12}}}tool", {"tool-id": "l10n", "tool-name": "l10n"})
    for key, value in meta.items():
        etree.SubElement(header, f"{{{XLIFF12}}}note", {"from": _HEADER_FROM + key}).text = _xml_text(value)
    body = etree.SubElement(f, f"{{{XLIFF12}}}body")
    for entry in entries:
        tu = etree.SubElement(body, f"{{{XLIFF12}}}trans-unit", id=entry.msgctxt or "", resname=_xml_text(entry.msgctxt or ""))
        approved = bool(entry.msgstr) and "fuzzy" not in entry.flags
        tu.set("approved", "yes" if approved else "no")
        _inline(etree.SubElement(tu, f"{{{XLIFF12}}}source"), entry.msgid, "1.2")
        if entry.msgstr:
            target = etree.SubElement(tu, f"{{{XLIFF12}}}target", state="final" if approved else "needs-review-translation")
            _inline(target, entry.msgstr, "1.2")
        for line in _hint_lines(entry):
            etree.SubElement(tu, f"{{{XLIFF12}}}note", {"from": "l10n", "annotates": "source"}).text = _xml_text(line)
        for line in (entry.tcomment or "").splitlines():
            etree.SubElement(tu, f"{{{XLIFF12}}}note", {"from": "translator"}).text = _xml_text(line)
        if entry.previous_msgid:
            etree.SubElement(tu, f"{{{XLIFF12}}}note", {"from": "l10n-previous-source"}).text = _xml_text(entry.previous_msgid)
        if entry.occurrences:
            cg = etree.SubElement(tu, f"{{{XLIFF12}}}context-group", purpose="location")
            for path, line in entry.occurrences:
                etree.SubElement(cg, f"{{{XLIFF12}}}context", {"context-type": "sourcefile"}).text = _xml_text(path)
                etree.SubElement(cg, f"{{{XLIFF12}}}context", {"context-type": "linenumber"}).text = _xml_text(line)
    return root


def save_xliff(po: polib.POFile, path: str | os.PathLike, version: str = "2.1") -> None:
    """Write ``po`` as XLIFF atomically."""
    from l10n.fileio import write_bytes_atomic
    write_bytes_atomic(path, po_to_xliff(po, version))


# ------------------------------------------------------------------ reading

def _parse(data: bytes, where: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        raise PoFormatError(f"malformed XLIFF: {exc.msg}", where=f"{where}:{line}" if line else where) from None


def _tagged(el: etree._Element | None) -> str:
    """The tagged text of a source/target element (inline codes back to placeholders)."""
    if el is None:
        return ""
    out = [el.text or ""]
    for child in el:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        cid = child.get("id", "")
        if name in ("pc", "g"):
            out.append(f"<{cid}>{_tagged(child)}</{cid}>")
        elif name == "it" and child.get("pos") in ("open", "close"):  # 1.2 isolated tag
            out.append(f"<{_number(cid)}>" if child.get("pos") == "open" else f"</{_number(cid)}>")
        elif name in ("ph", "x", "it"):
            out.append(f"<{_number(cid)}/>")
        elif name in ("sc", "bx", "bpt"):
            out.append(f"<{_number(cid)}>")
        elif name in ("ec", "ex", "ept"):
            out.append(f"</{_number(child.get('startRef') or child.get('rid') or cid)}>")
        elif name == "cp":  # a code point XML cannot carry
            out.append(_code_point(child))
        elif name in ("mrk", "sm", "em"):  # annotations added by a tool: their text only
            out.append(_tagged(child) if name == "mrk" else "")
        out.append(child.tail or "")
    return "".join(out)


def _number(cid: str) -> str:
    """The placeholder number in a code id that ``_broken_codes`` made unique (``e3_2`` → ``3``).

    >>> _number("e3_2"), _number("3"), _number("12_4")
    ('3', '3', '12')
    """
    m = re.fullmatch(r"e?(\d+)(?:_\d+)?", cid)
    return m.group(1) if m else cid


class _BadCodePoint(ValueError):
    """A ``<cp>`` whose ``hex`` is not a Unicode scalar value (read_xliff names file and line)."""


def _code_point(el: etree._Element) -> str:
    """The character of a ``<cp hex="..."/>``."""
    hexa = el.get("hex", "")
    if not re.fullmatch(r"[0-9A-Fa-f]{1,6}", hexa) or int(hexa, 16) > 0x10FFFF \
            or 0xD800 <= int(hexa, 16) <= 0xDFFF:
        raise _BadCodePoint(f"<cp hex={hexa[:12]!r}> is not a Unicode scalar value", el.sourceline)
    return chr(int(hexa, 16))


def read_xliff(path: str | os.PathLike, data: bytes | None = None) -> polib.POFile:
    """A returned XLIFF 2.x or 1.2 file as a ``POFile`` (``linenum``: the unit's line)."""
    from l10n.fileio import read_bytes
    where = str(path)
    root = _parse(data if data is not None else read_bytes(path, error=PoFormatError), where)
    ns = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or ns not in (XLIFF2, XLIFF12):
        raise PoFormatError("not an XLIFF file (expected an <xliff> root in the XLIFF 1.2 or 2.x namespace)",
                            where=f"{where}:{root.sourceline}")
    files = root.findall(f"{{{ns}}}file")
    if len(files) != 1:
        raise PoFormatError(f"expected one <file> element, found {len(files)}", where=f"{where}:{root.sourceline}")
    po = polib.POFile(wrapwidth=78, encoding="utf-8", check_for_duplicates=False)
    reader = _read2 if ns == XLIFF2 else _read12
    try:
        po.metadata = reader(root, files[0], po)
    except _BadCodePoint as exc:
        raise PoFormatError(exc.args[0], where=f"{where}:{exc.args[1]}") from None
    return po


def _read2(root: etree._Element, f: etree._Element, po: polib.POFile) -> dict:
    meta = {m.get("type"): m.text or "" for m in f.iter(f"{{{MDA}}}meta") if m.get("type")}
    if root.get("trgLang"):
        meta["Language"] = root.get("trgLang")
    for unit in f.iter(f"{{{XLIFF2}}}unit"):
        segments = unit.findall(f"{{{XLIFF2}}}segment")
        source = "".join(_tagged(s.find(f"{{{XLIFF2}}}source")) for s in segments)
        target = "".join(_tagged(s.find(f"{{{XLIFF2}}}target")) for s in segments)
        approved = bool(target) and all(s.get("state", "initial") in APPROVED_2 for s in segments)
        notes = {c: [n.text or "" for n in unit.iter(f"{{{XLIFF2}}}note") if n.get("category") == c]
                 for c in ("hint", "translator", "location")}
        entry = polib.POEntry(msgctxt=unit.get("name") or unit.get("id"), msgid=source, msgstr=target,
                              comment="\n".join(notes["hint"]), tcomment="\n".join(notes["translator"]),
                              occurrences=[tuple(x.rsplit(":", 1)) for x in notes["location"] if ":" in x],
                              flags=[] if approved or not target else ["fuzzy"], linenum=unit.sourceline)
        po.append(entry)
    return meta


def _read12(root: etree._Element, f: etree._Element, po: polib.POFile) -> dict:
    meta = {}
    for note in f.iterfind(f"{{{XLIFF12}}}header/{{{XLIFF12}}}note"):
        if (note.get("from") or "").startswith(_HEADER_FROM):
            meta[note.get("from")[len(_HEADER_FROM):]] = note.text or ""
    if f.get("target-language"):
        meta["Language"] = f.get("target-language")
    for tu in f.iter(f"{{{XLIFF12}}}trans-unit"):
        target_el = tu.find(f"{{{XLIFF12}}}target")
        target = _tagged(target_el)
        approved = bool(target) and (tu.get("approved") == "yes" or
                                     (target_el is not None and target_el.get("state") in APPROVED_12))
        notes = tu.findall(f"{{{XLIFF12}}}note")
        entry = polib.POEntry(msgctxt=tu.get("resname") or tu.get("id"), msgid=_tagged(tu.find(f"{{{XLIFF12}}}source")),
                              msgstr=target, linenum=tu.sourceline,
                              comment="\n".join(n.text or "" for n in notes if n.get("from") == "l10n"),
                              tcomment="\n".join(n.text or "" for n in notes if n.get("from") == "translator"),
                              flags=[] if approved or not target else ["fuzzy"])
        po.append(entry)
    return meta
