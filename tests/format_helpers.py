"""Helpers the format tests share: a Document stored as JSON and rebuilt (as the service stores
one), a PO round trip with chosen translations, and the start tags the standard library's HTML
parser reads (an independent reader to check rendered markup against)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from l10n.document import Block, Document
from l10n.pipeline import segment_document
from l10n.po import export_po, import_po, save_po


def through_json(doc: Document) -> Document:
    """``doc`` after JSON: string keys in the render info, lists for tuples."""
    again = json.loads(json.dumps({"parts": [p if isinstance(p, str) else p.__dict__ for p in doc.parts],
                                   "meta": doc.meta}))
    return Document(doc.id, doc.format, [p if isinstance(p, str) else Block(**p) for p in again["parts"]],
                    again["meta"])


def po_round_trip(doc: Document, msgstrs: dict[str, str], path: Path) -> str:
    """Export ``doc`` to a Ukrainian PO file at ``path``, translate the entries whose msgid is in
    ``msgstrs``, import it (other blocks keep their source) and return the rendered article."""
    po = export_po(doc, segment_document(doc, "en"), lang="uk")
    for entry in po:
        entry.msgstr = msgstrs.get(entry.msgid, "")
    save_po(po, path)
    return import_po(path, doc, fallback="source").output


class _StartTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def start_tags(html_text: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """``(tag, [(attribute, decoded value)])`` for each start tag, as ``html.parser`` reads them."""
    parser = _StartTags()
    parser.feed(html_text)
    parser.close()
    return parser.found
