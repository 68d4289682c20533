"""One edit model for every post-MT step: ``EditResult`` and ``apply_edits()``.

Glossary enforcement and value localization both find spans in an MT target and replace some of
them. They share the same two needs: apply several replacements at once without one shifting the
offsets of another, and report each replacement with its offsets in the *corrected* text (so a UI
can highlight it). ``apply_edits`` does that once, for both; ``EditResult`` is what both return.

>>> text, changes = apply_edits("a 1 b 2", [Edit(6, 7, "two", "number"), Edit(2, 3, "one", "number")],
...                             step="localize")
>>> text
'a one b two'
>>> [(c.before, c.after, c.start, c.end) for c in changes]
[('1', 'one', 2, 5), ('2', 'two', 8, 11)]
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from l10n.document import Change, Flag

__all__ = ["Edit", "EditResult", "apply_edits"]


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``new``; ``term`` names what was edited (term id or value kind)."""

    start: int
    end: int
    new: str
    term: str


@dataclass
class EditResult:
    """Corrected target plus what was changed (``changes``) and what needs a human (``flags``)."""

    target: str
    changes: list[Change] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"target": self.target, "changes": [c.to_dict() for c in self.changes],
                "flags": [f.to_dict() for f in self.flags]}

    def then(self, other: EditResult) -> EditResult:
        """This step followed by ``other`` (which was run on ``self.target``).

        Every change's offsets are moved to refer to ``other.target``, the final text."""
        later = sorted(other.changes, key=lambda c: c.start)
        return EditResult(other.target, [_moved(c, later) for c in self.changes] + other.changes,
                          self.flags + other.flags)


def _moved(change: Change, later: list[Change]) -> Change:
    """``change`` (offsets in the text before ``later`` were applied) with offsets after them;
    ``later`` is sorted by start."""
    shift = acc = 0
    for c in later:
        orig_end = c.start - acc + len(c.before)
        acc += len(c.after) - len(c.before)
        if orig_end <= change.start:
            shift = acc
    return replace(change, start=change.start + shift, end=change.end + shift)


def apply_edits(text: str, edits: list[Edit], *, step: str) -> tuple[str, list[Change]]:
    """Apply non-overlapping ``edits`` to ``text`` in one pass; return the new text and its changes.

    Edits are applied in order of position; an edit that overlaps one already applied is skipped
    (the earlier span wins), and an edit that changes nothing is not reported. ``Change`` offsets
    are those of the new text in the returned string.
    """
    out: list[str] = []
    changes: list[Change] = []
    pos = shift = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos or e.end < e.start:
            continue
        before = text[e.start:e.end]
        if before == e.new:
            continue
        out.append(text[pos:e.start])
        out.append(e.new)
        start = e.start + shift
        changes.append(Change(step, e.term, before, e.new, start, start + len(e.new)))
        shift += len(e.new) - len(before)
        pos = e.end
    out.append(text[pos:])
    return "".join(out), changes
