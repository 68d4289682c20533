"""Write ``examples/kyiv-talks.docx``: the example article as a Word file (python-docx).

Headings, a byline, paragraphs with italic/bold runs and a hyperlink, a bulleted list, a table and
a header/footer, so ``l10n translate examples/kyiv-talks.docx --to uk`` shows every DOCX feature.
Run again after editing: ``python scripts/make_example_docx.py``. The sentences are those of
``examples/kyiv-talks.md`` (which the test models know).
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

OUT = Path(__file__).resolve().parent.parent / "examples" / "kyiv-talks.docx"


def add_link(paragraph, text: str, url: str) -> None:
    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    rpr.append(style)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def build(path: Path = OUT) -> None:
    d = docx.Document()
    d.core_properties.author = "l10n examples"
    section = d.sections[0]
    section.header.paragraphs[0].text = "The cost of the war"
    section.footer.paragraphs[0].text = "By Maria Kovalenko, Kyiv, 14 April 2025"
    d.add_heading("Kharkiv rebuilds as talks resume in Istanbul", level=1)
    d.add_paragraph("By Maria Kovalenko, Kyiv, 14 April 2025")
    d.add_paragraph("Russia launched 117 drones and four missiles at Ukraine overnight, the Ukrainian air "
                    "force said on Monday. Most of the drones were shot down over the Kharkiv and Odesa regions.")
    p = d.add_paragraph("Hours later, delegations from Kyiv and Moscow met in ")
    p.add_run("Istanbul").italic = True
    p.add_run(" for their first direct talks since the spring of 2022.")
    d.add_heading("The cost of the war", level=2)
    p = d.add_paragraph("The World Bank estimates that Ukraine needs ")
    p.add_run("$7 billion").bold = True
    p.add_run(" this year alone to repair its energy grid.")
    d.add_paragraph("The delegations agreed on three points:")
    for item in ("an exchange of 500 prisoners of war", "a new round of talks in May",
                 "safe passage for ships in the Black Sea"):
        d.add_paragraph(item, style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    for (r, c), text in {(0, 0): "Istanbul", (0, 1): "The talks will continue on Tuesday.",
                         (1, 0): "Odesa", (1, 1): "Two people were killed in Odesa on Sunday."}.items():
        table.cell(r, c).text = text
    p = d.add_paragraph("The full statement is available on the ")
    add_link(p, "Turkish Foreign Ministry website", "https://example.org/mfa/istanbul-talks-statement")
    p.add_run(".")
    d.save(str(path))


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
