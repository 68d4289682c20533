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
from l10n.document import Flag
from l10n.edits import Edit, EditResult, apply_edits
from l10n.languages import normalize_lang
from l10n.localize.render import render, render_number
from l10n.localize.values import Value, extract_values, match_values

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


def value_flags(src_vals: list[Value], tgt_vals: list[Value], *, unmatched_src: list[Value],
                unmatched_tgt: list[Value]) -> list[Flag]:
    """Flags for source values the target lacks (or carries with another value)."""
    flags: list[Flag] = []
    spare = list(unmatched_tgt)
    for s in unmatched_src:
        same = next((t for t in spare if t.kind == s.kind), None)
        if same is not None:
            spare.remove(same)
            flags.append(Flag("value-mismatch", "critical",
                              f"source {s.kind} {s.text!r} ({describe(s)}) appears in the target as "
                              f"{same.text!r} ({describe(same)})", term=s.kind))
        else:
            flags.append(Flag("value-missing", "critical",
                              f"source {s.kind} {s.text!r} ({describe(s)}) not found in the target", term=s.kind))
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
    """Flags for matched values whose currency was lost or changed on the way."""
    flags = []
    for s, t in pairs:
        if s.kind == "money" and s.currency and t.currency != s.currency:
            what = f"as {t.currency}" if t.currency else "without its currency"
            flags.append(Flag("currency-mismatch", "error",
                              f"source amount {s.text!r} ({s.currency}) appears in the target {what}: {t.text!r}",
                              term="money"))
    return flags


def localize(source: str, target: str, *, src: str, tgt: str) -> EditResult:
    """Re-render source values found in ``target`` in ``tgt``'s locale style; flag what is missing.

    >>> r = localize("It cost $7 billion.", "Це коштувало 7 billion dollars.", src="en", tgt="uk")
    >>> r.target
    'Це коштувало 7\\xa0млрд доларів.'
    """
    src = normalize_lang(src)
    tgt = normalize_lang(tgt)
    src_vals = extract_values(source, src)
    tgt_vals = extract_values(target, tgt)
    pairs, left_src, left_tgt = match_values(src_vals, tgt_vals)
    flags = value_flags(src_vals, tgt_vals, unmatched_src=left_src, unmatched_tgt=left_tgt) + pair_flags(pairs)

    edits: list[Edit] = []
    for s, t in pairs:
        new = render(s, t, tgt, target)
        start, end = t.start, t.end
        if new is None and t.kind in ("number", "duration", "percent", "age") and s.kind == t.kind \
                and (t.value == s.value or s.value in t.alts) and "%" not in t.text:
            tok = _NUM_TOKEN.search(t.text)
            if tok:
                shown = s.value / t.magnitude if t.magnitude else s.value  # "4,2 млн": render 4.2
                new = render_number(shown.normalize() if t.magnitude else shown, tgt,
                                    keep_plain=not s.has_group)
                start, end = t.start + tok.start(), t.start + tok.end()
                if t.text[:tok.start()].endswith("-"):
                    new = None  # negative sign handled with the span
        if new is not None and tgt == "tr":
            new = _keep_case_suffix(target[start:end], new)
        if new is None or new == target[start:end]:
            continue
        # the whole rewritten value (with any magnitude word around the number) must parse back
        if not _same_value(s, target[t.start:start] + new + target[end:t.end], tgt, t):
            continue  # safety net: a rewrite must parse back to the source value
        edits.append(Edit(start, end, new, s.kind))

    text, changes = apply_edits(target, edits, step="localize")
    return EditResult(text, changes, flags)


def _same_value(s: Value, new: str, lang: str, t: Value) -> bool:
    vals = extract_values(new, lang)
    if not vals:
        return False
    keys = s.keys()
    return any(v.keys() & keys for v in vals) and all(v.value is not None for v in vals)


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
