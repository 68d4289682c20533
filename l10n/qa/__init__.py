"""QA checks over a translated segment: ``check_segment(source, target, src=, tgt=)`` -> flags.

The checks live in ``checks.py`` (one small function each, explicit registry ``CHECKS``);
``CheckReport`` aggregates flags over many segments into a JSON report and a human summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from l10n.document import SEVERITIES, Flag
from l10n.errors import UsageError
from l10n.languages import normalize_lang
from l10n.qa.checks import BY_NAME, CHECKS, Check, Context, GlossaryLike

__all__ = ["CHECKS", "Check", "CheckReport", "GlossaryLike", "check_segment"]


def check_segment(source: str, target: str, *, src: str, tgt: str, glossary: GlossaryLike | None = None,
                  checks: Iterable[str] | None = None) -> list[Flag]:
    """Run the QA checks (all, or those named in ``checks``) on one segment.

    >>> [f.code for f in check_segment("It cost $7 billion.", "Це коштувало 7 млн доларів.", src="en", tgt="uk")]
    ['value-mismatch']
    """
    ctx = Context(normalize_lang(src), normalize_lang(tgt), glossary)
    selected = CHECKS
    if checks is not None:
        names = list(checks)
        unknown = [n for n in names if n not in BY_NAME]
        if unknown:
            raise UsageError(f"unknown check {unknown[0]!r} (choose from {', '.join(BY_NAME)})")
        selected = [c for c in CHECKS if c.name in names]
    flags: list[Flag] = []
    for c in selected:
        if c.precondition:
            hit = c.run(source, target, ctx)
            if hit:
                return hit
    for c in selected:
        if not c.precondition:
            flags.extend(c.run(source, target, ctx))
    return flags


@dataclass
class CheckReport:
    """Flags for many segments; ``to_dict()`` for JSON, ``summary()`` for people."""

    segments: int = 0
    issues: list[tuple[int, Flag]] = field(default_factory=list)  # (line number, flag)

    def add(self, line: int, flags: Iterable[Flag]) -> None:
        self.segments += 1
        self.issues.extend((line, f) for f in flags)

    def counts(self) -> dict[str, int]:
        c = {s: 0 for s in SEVERITIES}
        for _, f in self.issues:
            c[f.severity] = c.get(f.severity, 0) + 1
        return c

    @property
    def failed(self) -> bool:
        """True when an error or critical issue was found."""
        c = self.counts()
        return bool(c["critical"] or c["error"])

    def to_dict(self) -> dict:
        return {"segments": self.segments, "counts": self.counts(), "failed": self.failed,
                "issues": [{"line": line, **f.to_dict()} for line, f in self.issues]}

    def summary(self) -> str:
        c = self.counts()
        head = f"{self.segments} segments checked: " + ", ".join(f"{c[s]} {s}" for s in SEVERITIES)
        lines = [head]
        for line, f in self.issues:
            lines.append(f"line {line}: {f.severity}: {f.code}: {f.message}")
        return "\n".join(lines)
