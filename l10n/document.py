"""The article model shared by every step: readers produce it, the pipeline fills it, writers render it.

A ``Document`` is a flat list of *parts*: literal strings (markup, whitespace, code — copied
verbatim to the output) and ``Block`` objects (translatable text). Rendering a document with
every block replaced by its translation rebuilds the original layout byte for byte outside the
blocks, which is how "never translate markup" is guaranteed by construction.

Inline markup inside a block (links, emphasis, inline code) is replaced by numbered
placeholders so that MT, translators and QA see text, never markup:

* ``<1>text</1>`` — a paired inline element (``[text](url)``, ``<a href>``, ``**strong**``);
  ``Block.tags["1"] == (opening markup, closing markup)``;
* ``<2/>`` — a standalone element that is not translated (inline code, an image, ``<br>``);
  ``Block.tags["2"] == (markup, "")``.

Literal text that looks like a placeholder is escaped by the readers (see ``l10n.inline``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    """One translatable unit: a paragraph, heading, list item, table cell, title, attribute value …

    ``note`` says where the text sits when the text alone does not show it (an HTML attribute:
    ``"Attribute: <img alt>"``); PO and XLIFF exports show it to translators."""

    index: int
    kind: str
    text: str
    tags: dict[str, tuple[str, str]] = field(default_factory=dict)
    note: str = ""


@dataclass
class Document:
    """A parsed article. ``parts`` alternates literal markup strings and ``Block``\\ s."""

    id: str
    format: str
    parts: list[str | Block]
    meta: dict = field(default_factory=dict)

    @property
    def blocks(self) -> list[Block]:
        return [p for p in self.parts if isinstance(p, Block)]


@dataclass(frozen=True)
class Change:
    """An edit made after MT (glossary enforcement, number/date localization), with target offsets."""

    kind: str  # "glossary" | "localize"
    term: str  # glossary term id, or value kind ("number", "date", ...)
    before: str
    after: str
    start: int  # offsets of ``after`` in the corrected target
    end: int

    def to_dict(self) -> dict:
        return {"kind": self.kind, "term": self.term, "before": self.before, "after": self.after,
                "start": self.start, "end": self.end}


SEVERITIES = ("critical", "error", "warning", "info")


@dataclass(frozen=True)
class Flag:
    """Something a human should look at. ``code`` is stable and machine-readable."""

    code: str
    severity: str  # one of SEVERITIES
    message: str
    term: str | None = None

    def to_dict(self) -> dict:
        d = {"code": self.code, "severity": self.severity, "message": self.message}
        if self.term is not None:
            d["term"] = self.term
        return d
