"""Word documents (DOCX, read and written with python-docx): one block per paragraph with text.

Paragraphs are taken from the body (headings, lists, tables, text boxes), every header and footer,
and the footnotes and endnotes parts, in that order. Inside a paragraph:

* runs formatted like most of the paragraph's text are plain text; a run formatted differently
  (bold, italic, another character style) is a paired placeholder ``<1>…</1>``, a hyperlink too
  (``<2><3>…</3></2>`` when a link holds differently formatted runs);
* tabs, line breaks, pictures, footnote references, fields and tracked changes are standalone
  placeholders ``<4/>``, put back as the very same XML elements;
* such elements before the first and after the last text (a footnote's number, a leading
  picture, bookmarks) are not in the block text at all and stay where they are.

Rendering rewrites only the runs of translated paragraphs: paragraph properties (style,
numbering, alignment) and every other part of the package stay as they are. A document rendered
with no changed block is returned as its original bytes. Spell-check marks (``w:proofErr``) and
"last rendered page break" hints in translated paragraphs are dropped (Word recomputes them).
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

from lxml import etree

from l10n.document import Block, Document
from l10n.errors import InputError
from l10n.inline import escape_literal, strip_tags, tokens

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

#: Largest total uncompressed size accepted (a zip bomb guard); Word files are rarely over 50 MB.
MAX_UNCOMPRESSED = 256 * 1024 * 1024

_NOTES = {"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml": "footnote",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml": "endnote"}
_HDRFTR = {"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml": "header",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml": "footer"}
#: Run children that are part of the text flow but not text: kept as standalone placeholders.
_RUN_ELEMENTS = {f"{{{W}}}{n}" for n in ("tab", "br", "cr", "noBreakHyphen", "softHyphen", "sym", "drawing",
                                          "pict", "footnoteReference", "endnoteReference", "footnoteRef",
                                          "endnoteRef", "separator", "continuationSeparator", "object",
                                          "ptab", "commentReference")}
_DROPPED = {f"{{{W}}}proofErr", f"{{{W}}}lastRenderedPageBreak"}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


# ------------------------------------------------------------------ opening the package

def open_package(data: bytes, path: str | None = None) -> Any:
    """The python-docx ``Document`` of ``data``; a file that is not a DOCX is one ``InputError``."""
    import docx
    where = path or "<docx>"
    if not isinstance(data, (bytes, bytearray)) or not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError("not a DOCX file (not a ZIP archive)", where=where)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            total = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"not a DOCX file (broken ZIP archive: {exc})", where=where) from None
    if "word/document.xml" not in names:
        raise InputError("not a DOCX file: the ZIP archive has no word/document.xml", where=where)
    if total > MAX_UNCOMPRESSED:
        raise InputError(f"DOCX too large when unpacked ({total} bytes, limit {MAX_UNCOMPRESSED})", where=where)
    try:
        return docx.Document(io.BytesIO(bytes(data)))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors ... for damaged files
        raise InputError(f"corrupt DOCX: {type(exc).__name__}: {str(exc)[:200]}", where=where) from None


@dataclass
class _Story:
    """An XML part holding paragraphs: its root element and how to save it back."""

    kind: str
    root: Any
    part: Any
    generic: bool = False  # a part python-docx does not model: its blob is re-serialised on save


def _stories(package: Any) -> list[_Story]:
    """Main document, headers/footers (by part name), footnotes, endnotes — a fixed order."""
    main = package.part
    out = [_Story("paragraph", main.element, main)]
    others = sorted(main.package.iter_parts(), key=lambda p: str(p.partname))
    for kind in ("header", "footer"):
        out += [_Story(kind, part.element, part) for part in others if _HDRFTR.get(part.content_type) == kind]
    for part in others:
        ct = part.content_type
        if ct in _NOTES:
            if hasattr(part, "element"):
                out.append(_Story(_NOTES[ct], part.element, part))
            else:
                out.append(_Story(_NOTES[ct], etree.fromstring(part.blob), part, generic=True))
    return out


def _paragraphs(stories: list[_Story]) -> Iterator[tuple[_Story, Any]]:
    """Every ``w:p`` in document order, skipping the VML fallback copies of text boxes."""
    for story in stories:
        for p in story.root.iter(_w("p")):
            if any(a.tag == f"{{{MC}}}Fallback" for a in p.iterancestors()):
                continue
            yield story, p


# ------------------------------------------------------------------ one paragraph

@dataclass
class _Piece:
    """Text or a non-text element of a paragraph, with the formatting and link it sits in."""

    text: str | None
    element: Any          # the run child / top-level element (None for text)
    rpr: Any              # the run's w:rPr (None for none)
    link: Any             # the enclosing w:hyperlink, or None
    top: bool = False     # element is a direct child of the paragraph (kept whole)

    @property
    def key(self) -> bytes:
        return etree.tostring(self.rpr) if self.rpr is not None else b""


def _pieces(p: Any) -> list[_Piece]:
    out: list[_Piece] = []
    for child in p:
        if child.tag == _w("pPr") or child.tag in _DROPPED or not isinstance(child.tag, str):
            continue
        if child.tag == _w("r"):
            out.extend(_run_pieces(child, None))
        elif child.tag == _w("hyperlink") and all(c.tag in (_w("r"),) or c.tag in _DROPPED for c in child):
            for r in child:
                if r.tag == _w("r"):
                    out.extend(_run_pieces(r, child))
        else:  # bookmarks, fields, tracked changes, content controls, maths: kept whole
            out.append(_Piece(None, child, None, None, top=True))
    return out


def _run_pieces(r: Any, link: Any) -> list[_Piece]:
    rpr = r.find(_w("rPr"))
    children = [c for c in r if c.tag != _w("rPr") and c.tag not in _DROPPED]
    if any(c.tag not in _RUN_ELEMENTS and c.tag != _w("t") for c in children):
        return [_Piece(None, r, rpr, link, top=True)]  # field characters, instrText ...: the run stays whole
    out = []
    for c in children:
        if c.tag == _w("t"):
            if c.text:
                if out and out[-1].text is not None:
                    out[-1].text += c.text
                else:
                    out.append(_Piece(c.text, None, rpr, link))
        else:
            out.append(_Piece(None, c, rpr, link))
    return out


def _majority(pieces: list[_Piece]) -> bytes:
    weight: dict[bytes, int] = {}
    for piece in pieces:
        if piece.text is not None:
            weight[piece.key] = weight.get(piece.key, 0) + len(piece.text)
    return max(weight, key=lambda k: weight[k]) if weight else b""


@dataclass
class _Layout:
    """A paragraph cut into fixed leading/trailing pieces and a tagged body."""

    lead: list[_Piece]
    body: list[_Piece]
    trail: list[_Piece]
    text: str = ""
    tags: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: placeholder id -> ("link", w:hyperlink) | ("fmt", piece) | ("elem", piece)
    ids: dict[str, tuple[str, Any]] = field(default_factory=dict)
    base: Any = None
    space: tuple[str, str] = ("", "")  # whitespace before and after the text


def analyse(p: Any) -> _Layout:
    """The tagged text of paragraph ``p`` and what each placeholder stands for."""
    pieces = _pieces(p)
    texts = [i for i, piece in enumerate(pieces) if piece.text is not None and piece.text.strip()]
    if not texts:
        return _Layout(pieces, [], [])
    lay = _Layout(pieces[:texts[0]], pieces[texts[0]:texts[-1] + 1], pieces[texts[-1] + 1:])
    first, last = lay.body[0], lay.body[-1]  # outer whitespace is layout, not text to translate
    lay.space = (first.text[:len(first.text) - len(first.text.lstrip())],
                 last.text[len(last.text.rstrip()):])
    first.text = first.text.lstrip()
    last.text = last.text.rstrip()
    base = _majority([x for x in lay.body if x.link is None] or lay.body)
    lay.base = next((x.rpr for x in lay.body if x.text is not None and x.key == base), None)
    out: list[str] = []
    next_id = 1
    link_open: tuple[Any, str] | None = None   # (w:hyperlink, id)
    fmt_open: tuple[bytes, str] | None = None  # (rPr key, id)
    link_base = b""
    pending: list[str] = []  # consecutive runs' text, escaped together: "<" + "1>" is a look-alike too

    def flush() -> None:
        nonlocal next_id
        if pending:
            escaped, next_id = escape_literal("".join(pending), lay.tags, next_id, urls=True)
            out.append(escaped)
            pending.clear()

    for piece in lay.body:
        same_link = link_open[0] is piece.link if link_open else piece.link is None
        open_key = fmt_open[0] if fmt_open else (link_base if link_open else base)
        if not (piece.text is not None and same_link and piece.key == open_key):
            flush()  # this piece starts or ends a tag: the text so far is complete
        if not same_link:
            if fmt_open:
                out.append(f"</{fmt_open[1]}>")
                fmt_open = None
            if link_open:
                out.append(f"</{link_open[1]}>")
                link_open = None
            if piece.link is not None:
                lid = str(next_id)
                next_id += 1
                link_open = (piece.link, lid)
                lay.ids[lid] = ("link", piece.link)
                lay.tags[lid] = (_link_markup(piece.link), "</w:hyperlink>")
                out.append(f"<{lid}>")
                link_base = _majority([x for x in lay.body if x.link is piece.link])
        if piece.text is None:
            sid = str(next_id)
            next_id += 1
            lay.ids[sid] = ("elem", piece)
            lay.tags[sid] = (etree.tostring(piece.element, encoding="unicode"), "")
            out.append(f"<{sid}/>")
            continue
        wanted = link_base if link_open else base
        if fmt_open and fmt_open[0] != piece.key:
            out.append(f"</{fmt_open[1]}>")
            fmt_open = None
        if piece.key != wanted and not fmt_open:
            fid = str(next_id)
            next_id += 1
            fmt_open = (piece.key, fid)
            lay.ids[fid] = ("fmt", piece)
            lay.tags[fid] = (piece.key.decode("utf-8") or "<w:rPr/>", "</w:rPr>")
            out.append(f"<{fid}>")
        pending.append(piece.text)
    flush()
    if fmt_open:
        out.append(f"</{fmt_open[1]}>")
    if link_open:
        out.append(f"</{link_open[1]}>")
    lay.text = "".join(out)
    return lay


def _link_markup(link: Any) -> str:
    attrs = " ".join(f'{etree.QName(k).localname}="{v}"' for k, v in link.attrib.items())
    return f"<w:hyperlink {attrs}>" if attrs else "<w:hyperlink>"


def _kind(story: _Story, p: Any) -> str:
    if story.kind != "paragraph":
        return story.kind
    ppr = p.find(_w("pPr"))
    style = ""
    if ppr is not None:
        ps = ppr.find(_w("pStyle"))
        style = (ps.get(_w("val")) or "").lower() if ps is not None else ""
        if ppr.find(_w("numPr")) is not None:
            return "list_item"
    if style.startswith(("heading", "title", "subtitle")):
        return "heading"
    if style.startswith("list"):
        return "list_item"
    if any(a.tag == _w("tc") for a in p.iterancestors()):
        return "table_cell"
    return "paragraph"


# ------------------------------------------------------------------ read / render

def read(data: bytes, path: str | None = None) -> tuple[list[Block], dict]:
    """Blocks of the DOCX ``data`` and the render information kept in ``Document.meta``."""
    package = open_package(data, path)
    blocks: list[Block] = []
    where: list[int] = []
    for n, (story, p) in enumerate(_paragraphs(_stories(package))):
        lay = analyse(p)
        if lay.body and strip_tags(lay.text).strip():
            blocks.append(Block(len(blocks), _kind(story, p), lay.text, lay.tags))
            where.append(n)
    return blocks, {"docx": bytes(data), "paragraphs": where}


def render(doc: Document, translations: Mapping[int, str], info: dict) -> bytes:
    """The DOCX with the paragraphs of changed blocks rewritten; unchanged: the original bytes."""
    data: bytes = info["docx"]
    changed = {b.index: translations[b.index] for b in doc.blocks
               if b.index in translations and translations[b.index] != b.text}
    if not changed:
        return data
    package = open_package(data)
    stories = _stories(package)
    paragraphs = list(_paragraphs(stories))
    for index, text in changed.items():
        _story, p = paragraphs[info["paragraphs"][index]]
        _rewrite(p, analyse(p), text)
    for story in stories:
        if story.generic:
            story.part._blob = etree.tostring(story.root, xml_declaration=True, encoding="UTF-8",
                                              standalone=True)
    out = io.BytesIO()
    package.save(out)
    return out.getvalue()


def _rewrite(p: Any, lay: _Layout, tagged: str) -> None:
    """Replace the runs of ``p`` by ``tagged`` (a translation of ``lay.text``)."""
    for child in list(p):
        if child.tag != _w("pPr"):
            p.remove(child)
    for piece in lay.lead:
        _emit_piece(p, piece)
    stack: list[str] = []
    pos = 0
    current: list[Any] = [None, None]  # [w:hyperlink copy in p, the original it copies]

    def container(link: Any) -> Any:
        if link is None:
            current[0] = current[1] = None
            return p
        if current[1] is not link:
            current[0] = etree.SubElement(p, _w("hyperlink"), dict(link.attrib))
            current[1] = link
        return current[0]

    def text_out(text: str) -> None:
        if not text:
            return
        link = next((lay.ids[i][1] for i in reversed(stack) if lay.ids.get(i, ("",))[0] == "link"), None)
        fmt = next((lay.ids[i][1].rpr for i in reversed(stack) if lay.ids.get(i, ("",))[0] == "fmt"), None)
        if fmt is None:
            fmt = _link_base(lay, link) if link is not None else lay.base
        _emit_text(container(link), text, fmt)

    if lay.space[0]:
        _emit_text(p, lay.space[0], lay.body[0].rpr)
    for tok in tokens(tagged):
        text_out(tagged[pos:tok.start])
        pos = tok.end
        if tok.kind == "open":
            stack.append(tok.id)
        elif tok.kind == "close":
            if tok.id in stack:
                stack.remove(tok.id)
        else:
            what = lay.ids.get(tok.id)
            if what is not None and what[0] == "elem":
                piece = what[1]
                _emit_piece(container(piece.link), piece)
            elif tok.id in lay.tags:  # a literal escaped as a placeholder (``<1>`` text, a URL)
                text_out(lay.tags[tok.id][0])
    text_out(tagged[pos:])
    container(None)
    if lay.space[1]:
        _emit_text(p, lay.space[1], lay.body[-1].rpr)
    for piece in lay.trail:
        _emit_piece(p, piece)


def _link_base(lay: _Layout, link: Any) -> Any:
    key = _majority([x for x in lay.body if x.link is link])
    return next((x.rpr for x in lay.body if x.link is link and x.text is not None and x.key == key), None)


def _new_run(parent: Any, rpr: Any) -> Any:
    r = etree.SubElement(parent, _w("r"))
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    return r


def _emit_text(parent: Any, text: str, rpr: Any) -> None:
    r = _new_run(parent, rpr)
    for i, line in enumerate(text.split("\n")):
        if i:
            etree.SubElement(r, _w("br"))
        for j, chunk in enumerate(line.split("\t")):
            if j:
                etree.SubElement(r, _w("tab"))
            if chunk:
                t = etree.SubElement(r, _w("t"))
                t.text = chunk
                t.set(_XML_SPACE, "preserve")


def _emit_piece(parent: Any, piece: _Piece) -> None:
    if piece.top:
        parent.append(piece.element)
    elif piece.text is not None:
        _emit_text(parent, piece.text, piece.rpr)
    else:
        _new_run(parent, piece.rpr).append(piece.element)
