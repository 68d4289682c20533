"""The QA checks: small pure functions ``(source, target, ctx) -> list[Flag]``, registered explicitly.

Each check's docstring starts with its title; ``CHECKS`` lists them in run order with their
severity — declared there only (a check builds its flags with ``_flag``, which leaves it unset). Preconditions: when ``empty`` or ``untranslated`` fires, the others are not run, so a
missing translation is one issue rather than ten (the idea of Translate Toolkit's pofilter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol

from l10n.document import SEVERITIES, Flag
from l10n.inline import placeholder_problems
from l10n.localize.localize import compare_values, format_flags
from l10n.text import APOSTROPHE_CLASS

DATA = Path(__file__).with_name("data")

#: severity placeholder of ``_flag``; ``run_check`` replaces it with the check's declared severity
UNSET = ""


class GlossaryLike(Protocol):
    """What the glossary check needs: ``find(text, lang)`` -> matches that carry a term id
    (``.id``, ``.term_id``, ``.term.id`` or a dict ``{"id": ...}``), recognising inflected forms."""

    def find(self, text: str, lang: str) -> Iterable[Any]: ...


@dataclass(frozen=True)
class Context:
    src: str
    tgt: str
    glossary: GlossaryLike | None = None


@dataclass(frozen=True)
class Check:
    name: str
    func: Callable[[str, str, Context], list[Flag]]
    severity: str
    precondition: bool = False  # a hit here suppresses the non-precondition checks

    @property
    def title(self) -> str:
        return (self.func.__doc__ or self.name).strip().splitlines()[0]

    def run(self, source: str, target: str, ctx: Context) -> list[Flag]:
        """The check's flags, each with the severity declared here (flags the values check takes from
        ``l10n.localize`` keep the severity localize gives them)."""
        return [replace(f, severity=self.severity) if f.severity == UNSET else f
                for f in self.func(source, target, ctx)]


@lru_cache(maxsize=1)
def rules() -> dict:
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: same data, faster
    return yaml.load((DATA / "qa.yaml").read_text(encoding="utf-8"), Loader=loader)


_WORD2 = re.compile(r"[^\W\d_]{2,}")
_DOUBLE_WORD = re.compile(r"(?<![\w-])([^\W\d_]+)\s+\1(?![\w-])", re.IGNORECASE)
_INNER_APOSTROPHE = re.compile(rf"(?<=[^\W\d_]){APOSTROPHE_CLASS}(?=[^\W\d_])")
_PERCENT_SPACED = re.compile(r"\d(?:%| %)")
_PERCENT_AFTER = re.compile(r"\d[ \u00a0]?%")


def _flag(code: str, message: str, term: str | None = None) -> Flag:
    """A finding of the running check; its severity is the one declared for the check in ``CHECKS``."""
    return Flag(code, UNSET, message, term)


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


# ---- preconditions ---------------------------------------------------------------------------

def check_empty(source: str, target: str, ctx: Context) -> list[Flag]:
    """Empty target: the source has text but the translation is empty."""
    if source.strip() and not target.strip():
        return [_flag("empty", "target is empty")]
    return []


def check_untranslated(source: str, target: str, ctx: Context) -> list[Flag]:
    """Untranslated: the target is identical to the source."""
    if ctx.src != ctx.tgt and source.strip() == target.strip() and _letters(source) >= 4 \
            and len(_WORD2.findall(source)) >= 2:
        return [_flag("untranslated", "target is identical to the source")]
    return []


# ---- content ---------------------------------------------------------------------------------

def check_values(source: str, target: str, ctx: Context) -> list[Flag]:
    """Values preserved: numbers, money, percentages, dates and times keep their value."""
    cmp = compare_values(source, target, src=ctx.src, tgt=ctx.tgt)
    return cmp.flags + format_flags(cmp.pairs, ctx.tgt, fixable=True)


def _term_id(match: Any) -> str | None:
    if isinstance(match, dict):
        return match.get("id") or match.get("term_id")
    for attr in ("id", "term_id"):
        if getattr(match, attr, None):
            return getattr(match, attr)
    term = getattr(match, "term", None)
    if term is not None and getattr(term, "id", None):
        return term.id
    return None


def check_glossary(source: str, target: str, ctx: Context) -> list[Flag]:
    """Glossary terms present: every glossary term in the source has its target form in the target."""
    if ctx.glossary is None:
        return []
    wanted = [_term_id(m) for m in ctx.glossary.find(source, ctx.src)]
    found = {_term_id(m) for m in ctx.glossary.find(target, ctx.tgt)}
    return [_flag("glossary-term-missing", f"glossary term {tid!r} not found in the target", term=tid)
            for tid in dict.fromkeys(w for w in wanted if w) if tid not in found]


def check_placeholders(source: str, target: str, ctx: Context) -> list[Flag]:
    """Placeholders intact: the same inline-markup placeholders (<1>…</1>, <2/>), properly nested.

    Judged by ``l10n.inline.placeholder_problems``, the function PO import uses, so QA and PO import
    agree on what "broken placeholders" means."""
    problems = placeholder_problems(source, target)
    flags = []
    for code, label in (("placeholders", "placeholders differ from the source"),
                        ("placeholders-order", "placeholders out of order")):
        messages = [m for c, m in problems if c == code]
        if messages:
            flags.append(_flag(code, f"{label}: {'; '.join(messages)}"))
    return flags


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"«»“”]+[^\s<>\"«»“”.,;:!?)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def check_urls(source: str, target: str, ctx: Context) -> list[Flag]:
    """URLs and e-mail addresses kept: each one in the source appears unchanged in the target."""
    return [_flag("urls", f"{u!r} is missing or changed in the target")
            for u in dict.fromkeys(m.group() for m in _URL.finditer(source)) if u not in target]


def check_double_words(source: str, target: str, ctx: Context) -> list[Flag]:
    """Repeated word: the same word twice in a row in the target ("в в")."""
    m = _DOUBLE_WORD.search(target)
    if m and not re.search(r"(?<![\w-])" + re.escape(m.group(1)) + r"\s+" + re.escape(m.group(1)) + r"(?![\w-])",
                           source, re.IGNORECASE):
        return [_flag("double-word", f"repeated word {m.group(1)!r}")]
    return []


def check_length(source: str, target: str, ctx: Context) -> list[Flag]:
    """Suspicious length: the target is much shorter or longer than the source."""
    r = rules()["length_ratio"]
    if len(source.strip()) < r["min_source_chars"]:
        return []
    ratio = len(target.strip()) / max(1, len(source.strip()))
    if ratio < r["min"] or ratio > r["max"]:
        return [_flag("length-ratio", f"target/source length ratio {ratio:.2f} "
                                                f"is outside {r['min']}–{r['max']}")]
    return []


# ---- locale typography -------------------------------------------------------------------------

def check_quotes(source: str, target: str, ctx: Context) -> list[Flag]:
    """Locale quotation marks: «…» in Ukrainian and Russian, “…” in Turkish."""
    q = rules()["quotes"].get(ctx.tgt)
    if not q:
        return []
    text = _INNER_APOSTROPHE.sub("", target)  # apostrophes inside words
    wrong = [w for w in q["wrong"] if w in text]
    if wrong:
        return [_flag("quotes", f"use {q['open']}…{q['close']} quotation marks, not {' '.join(wrong)}")]
    return []


def check_space_before_punct(source: str, target: str, ctx: Context) -> list[Flag]:
    """No space before ? ! : ; in the target language."""
    marks = rules()["no_space_before"].get(ctx.tgt, "")
    m = re.search(r"(?<=[^\W_])[ \u00a0]+([" + re.escape(marks) + r"])", target) if marks else None
    if m:
        return [_flag("space-before-punctuation", f"no space before {m.group(1)!r} in {ctx.tgt}")]
    return []


def check_percent_space(source: str, target: str, ctx: Context) -> list[Flag]:
    """Percent sign placement: «1,5 %» with a no-break space (uk, ru), «%1,5» (tr)."""
    if ctx.tgt in ("uk", "ru"):
        m = _PERCENT_SPACED.search(target)
        if m:
            return [_flag("percent-format", f"{ctx.tgt}: write a no-break space before % (e.g. 1,5\u00a0%)")]
    elif ctx.tgt == "tr" and _PERCENT_AFTER.search(target):
        return [_flag("percent-format", "tr: the percent sign goes before the number (%1,5)")]
    return []


def check_double_space(source: str, target: str, ctx: Context) -> list[Flag]:
    """Double spaces in the target that the source does not have."""
    if "  " in target.strip() and "  " not in source.strip():
        return [_flag("double-space", "double space in the target")]
    return []


def check_outer_whitespace(source: str, target: str, ctx: Context) -> list[Flag]:
    """Leading/trailing whitespace differs from the source."""
    lead = lambda s: s[: len(s) - len(s.lstrip())]  # noqa: E731
    trail = lambda s: s[len(s.rstrip()):]  # noqa: E731
    if bool(lead(source)) != bool(lead(target)) or bool(trail(source)) != bool(trail(target)):
        return [_flag("whitespace", "leading/trailing whitespace differs from the source")]
    return []


def check_brackets(source: str, target: str, ctx: Context) -> list[Flag]:
    """Unbalanced brackets or quotation marks in the target."""
    flags = []
    for o, c in rules()["brackets"]:
        if target.count(o) != target.count(c) and source.count(o) == source.count(c):
            flags.append(_flag("brackets", f"unbalanced {o}…{c} in the target"))
    if target.count('"') % 2 and not source.count('"') % 2:
        flags.append(_flag("brackets", 'unbalanced " in the target'))
    return flags


CHECKS: list[Check] = [
    Check("empty", check_empty, "critical", precondition=True),
    Check("untranslated", check_untranslated, "error", precondition=True),
    Check("values", check_values, "critical"),
    Check("placeholders", check_placeholders, "critical"),
    Check("glossary", check_glossary, "error"),
    Check("urls", check_urls, "error"),
    Check("length", check_length, "warning"),
    Check("quotes", check_quotes, "warning"),
    Check("space-before-punctuation", check_space_before_punct, "warning"),
    Check("percent-format", check_percent_space, "warning"),
    Check("double-space", check_double_space, "info"),
    Check("double-word", check_double_words, "warning"),
    Check("whitespace", check_outer_whitespace, "warning"),
    Check("brackets", check_brackets, "warning"),
]
assert all(c.severity in SEVERITIES for c in CHECKS)
BY_NAME = {c.name: c for c in CHECKS}
