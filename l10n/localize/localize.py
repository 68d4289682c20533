"""Value-preserving localization of an MT target: ``localize(source, target, src=, tgt=)``.

For each value in the source, find the same value in the target (by value, not by text: "1.5%"
left in English, «7 billion dollars» untranslated and «24 February» all count) and re-render it in
the target locale's style (``render.py``). A value is never changed: every rewrite is re-parsed and
must carry the source value, otherwise it is dropped. A source value that the target lacks, or
carries with a different value, is flagged ``value-missing`` / ``value-mismatch`` (critical) and left
for a human; ambiguous numeric dates are read in the source locale's order and flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from l10n.document import Flag
from l10n.edits import Edit, EditResult, apply_edits
from l10n.languages import normalize_lang
from l10n.localize.grammar import keep_sentence_end, reattach, suffix_of
from l10n.localize.render import render, render_number
from l10n.localize.values import _FAMILY, SCRIPT_NOTE, Value, agrees, readings, extract_values, match_values

_NUM_TOKEN = re.compile(r"\d[\d \u00a0\u202f\u2009.,]*\d|\d")


def describe(v: Value) -> str:
    if v.kind == "date":
        y, m, d = v.value
        return "-".join("??" if x is None else f"{x:02d}" for x in (y, m, d))
    if v.kind == "time":
        return f"{v.value // 60:02d}:{v.value % 60:02d}"
    if v.kind == "money":
        return f"{v.value} {v.currency}"
    return str(v.value)


@dataclass(frozen=True)
class Comparison:
    """Source and target values of one segment, paired by value, and what a human must check."""

    pairs: list[tuple[Value, Value]]
    flags: list[Flag]


def compare_values(source: str, target: str, *, src: str, tgt: str) -> Comparison:
    """Read the values of both sides and pair them (``match_values``); flag every disagreement.

    The one value check of the toolkit: ``localize`` rewrites only ``pairs``; QA's ``values``
    check reports ``flags``. A source value that the target lacks or carries with another value
    (another day, currency, magnitude …) is critical, and so is a value that cannot be read safely
    (other-script digits, mixed separators, an unknown currency code, 30 February)."""
    src_vals = extract_values(source, normalize_lang(src))
    tgt_vals = extract_values(target, normalize_lang(tgt))
    pairs, left_src, left_tgt = match_values(src_vals, tgt_vals)
    flags = value_flags(src_vals, tgt_vals, unmatched_src=left_src, unmatched_tgt=left_tgt) + pair_flags(pairs)
    return Comparison(pairs, flags)


def value_flags(src_vals: list[Value], tgt_vals: list[Value], *, unmatched_src: list[Value],
                unmatched_tgt: list[Value]) -> list[Flag]:
    """Flags for source values the target lacks (or carries with another value), and bad input."""
    flags: list[Flag] = []
    spare = list(unmatched_tgt)
    for s in unmatched_src:
        same = next((t for t in spare if _FAMILY.get(t.kind) == _FAMILY.get(s.kind)), None)
        if same is not None:
            spare.remove(same)
            flags.append(Flag("value-mismatch", "critical",
                              f"source {s.kind} {s.text!r} ({describe(s)}) appears in the target as "
                              f"{same.text!r} ({describe(same)})", term=s.kind))
        else:
            flags.append(Flag("value-missing", "critical",
                              f"source {s.kind} {s.text!r} ({describe(s)}) not found in the target", term=s.kind))
    for side, vals in (("source", src_vals), ("target", tgt_vals)):
        for v in vals:
            if v.note == SCRIPT_NOTE:
                flags.append(Flag("value-script", "error", f"{side} {v.kind} {v.text!r} is written in "
                                  f"{v.note}; compared but not re-rendered", term=v.kind))
            elif v.note and v.note != "overflow":
                flags.append(Flag("value-unreadable", "critical",
                                  f"{side} {v.kind} {v.text!r}: {v.note}; cannot be checked, left as written",
                                  term=v.kind))
    for s in src_vals:
        if s.ambiguous:
            y, m, d = s.value
            flags.append(Flag("ambiguous-date", "warning",
                              f"{s.text!r} is ambiguous; read as {y:04d}-{m:02d}-{d:02d} (source locale order)"
                              " — check it", term="date"))
        if s.note == "overflow":
            flags.append(Flag("value-overflow", "warning",
                              f"number {s.text[:30]!r} is too long to be a quantity; left alone", term="number"))
    return flags


def pair_flags(pairs: list[tuple[Value, Value]]) -> list[Flag]:
    """Flags for matched values whose currency was changed (critical) or lost (error) on the way."""
    flags = []
    for s, t in pairs:
        if s.kind == "money" and s.currency and t.currency != s.currency:
            what = f"as {t.currency}" if t.currency else "without its currency"
            flags.append(Flag("currency-mismatch", "critical" if t.currency else "error",
                              f"source amount {s.text!r} ({s.currency}) appears in the target {what}: {t.text!r}",
                              term="money"))
    return flags


def format_flags(pairs: list[tuple[Value, Value]], tgt: str, *, fixable: bool) -> list[Flag]:
    """Flags for target values that carry the source value only in the source's convention.

    "$17,000" in a Russian draft is 17000 written the English way; a Russian reader reads 17.
    ``fixable``: ``localize`` can re-render it (an error for QA); otherwise it is critical."""
    flags = []
    for s, t in pairs:
        if (t.value != s.value or t.copy) and s.value in readings(t):
            how = "run `l10n postedit` to re-render it" if fixable else "not re-rendered"
            flags.append(Flag("value-format", "error" if fixable else "critical",
                              f"target {t.kind} {t.text!r} is written in the source's convention and reads as "
                              f"{describe(t)} in {tgt}; the source says {describe(s)} — {how}", term=s.kind))
    return flags


def localize(source: str, target: str, *, src: str, tgt: str) -> EditResult:
    """Re-render source values found in ``target`` in ``tgt``'s locale style; flag what is missing.

    A value is rewritten only when the target carries it (one of its readings is the source
    value); the new text is rendered from the *source* value and must read back as it. A target
    value that agrees only through a source-convention reading ("$17,000" in a Russian draft) and
    cannot be re-rendered is flagged: left alone, a reader of the target would read another value.

    >>> r = localize("It cost $7 billion.", "Це коштувало 7 billion dollars.", src="en", tgt="uk")
    >>> r.target
    'Це коштувало 7\\xa0млрд доларів.'
    >>> localize("The fine was $17,000.", "Штраф составил $17,000.", src="en", tgt="ru").target
    'Штраф составил 17\\xa0000 долларов.'
    >>> [f.code for f in localize("The fine was $17,000.", "Штраф склав 17 доларів.", src="en", tgt="uk").flags]
    ['value-mismatch']
    """
    src, tgt = normalize_lang(src), normalize_lang(tgt)
    cmp = compare_values(source, target, src=src, tgt=tgt)
    flags = list(cmp.flags)
    blocked = {id(t) for s, t in cmp.pairs if s.kind == "money" and s.currency and t.currency != s.currency}
    edits: list[Edit] = []
    unfixed: list[tuple[Value, Value]] = []
    for s, t in cmp.pairs:
        edit = None if id(t) in blocked else _rewrite(s, t, target, tgt)
        if edit is not None:
            edits.append(edit)
        else:
            unfixed.append((s, t))
    flags += format_flags(unfixed, tgt, fixable=False)
    text, changes = apply_edits(target, edits, step="localize")
    return EditResult(text, changes, flags)


def _rewrite(s: Value, t: Value, target: str, tgt: str) -> Edit | None:
    """The edit that re-renders target value ``t`` (the same value as ``s``), or None."""
    if t.note or s.note or (_FAMILY.get(s.kind) == "q" and s.value not in readings(t)):
        return None  # other-script digits, converted units: compared, never re-rendered
    new = render(s, t, tgt, target)
    start, end = t.start, t.end
    if new is None and t.kind in ("number", "duration", "percent", "age") and s.kind == t.kind \
            and "%" not in t.text:
        tok = _NUM_TOKEN.search(t.text)
        if tok is None or t.text[:tok.start()].endswith("-"):
            return None  # a negative sign is handled with the whole span
        shown = (s.value / t.magnitude).normalize() if t.magnitude else s.value  # "4,2 млн": render 4.2
        new = render_number(shown, tgt, keep_plain=not s.has_group)
        start, end = t.start + tok.start(), t.start + tok.end()
    if new is None:
        return None
    if tgt == "tr":
        new = _keep_case_suffix(target[start:end], new)
        suffix, end = suffix_of(target, start, end)
        new = reattach(target[start:end], new) if suffix else new
    new = keep_sentence_end(target, end, target[start:end], new)
    if new == target[start:end]:
        return Edit(start, end, new, s.kind) if t.value == s.value else None
    # the whole rewritten value (with any magnitude word around the number) must read back as the source
    if not _same_value(s, target[t.start:start] + new + target[end:t.end], tgt):
        return None
    return Edit(start, end, new, s.kind)


def _same_value(s: Value, new: str, lang: str) -> bool:
    """Whether ``new`` read in ``lang``'s own convention (primary readings only) carries ``s``."""
    vals = extract_values(new, lang)
    if not vals or any(v.value is None for v in vals):
        return False
    return any(agrees(s, Value(v.kind, v.value, v.start, v.end, v.text, currency=v.currency)) for v in vals)


_LAST_WORD = re.compile(r"(\w+)$")


def _keep_case_suffix(before: str, new: str) -> str:
    """Keep a Turkish case suffix on the last word: «7 milyar dolara» stays «… dolara», not «… dolar».

    Turkish attaches case endings to the currency or magnitude word itself (no apostrophe for common
    nouns), and the sentence's grammar needs them; the rendered form is the bare word.
    """
    old_word, new_word = _LAST_WORD.search(before), _LAST_WORD.search(new)
    if old_word and new_word:
        o, n = old_word.group(1), new_word.group(1)
        if len(o) > len(n) and o.lower().startswith(n.lower()) and not n.isdigit():
            return new + o[len(n):]
    return new
