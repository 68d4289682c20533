"""Inline-markup placeholders: ``<1>text</1>`` (paired) and ``<2/>`` (standalone).

Readers (``l10n.formats``) replace inline markup inside a block by numbered placeholders so that
MT, translators and QA see text, never markup.  This module holds what every step needs on
such *tagged* text:

* ``strip_tags`` — the plain text that goes to MT and to the sentence splitter;
* ``split_tagged`` / ``split_tagged_with_gaps`` / ``join_tagged`` — cut a tagged block into
  well-formed tagged sentences (using spans found on the plain text) and glue translations back;
* ``tag_spans`` — plain-text offsets of each paired tag's content (to re-tag MT output);
* ``check_placeholders`` — what is wrong with a translation's placeholders (PO import, QA);
* ``fill_tags`` — turn tagged text back into markup; the format decides how text is escaped.

Literal source text that looks like a placeholder (``<1>``, ``</2>``, ``<3/>``) never reaches
block text as such: readers turn it into a standalone placeholder holding that literal text
(see ``escape_literal``), so every placeholder in block text is a real one.

>>> strip_tags("Read <1>the report</1> <2/>now")
'Read the report now'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Mapping

#: One placeholder token: group 1 = id of an opening ``<N>`` or standalone ``<N/>`` (group 2 is
#: ``"/"`` for standalone), group 3 = id of a closing ``</N>``.
PLACEHOLDER_RE = re.compile(r"<(?:(\d+)(/?)|/(\d+))>")

#: Literal text in a source that a reader must protect (it would read as a placeholder).
LITERAL_PLACEHOLDER_RE = re.compile(r"</?\d+/?>")
#: A bare URL in running text (readers keep URLs out of translation as standalone placeholders).
URL_RE = re.compile(r"(?<![\w@/.])(?:https?://|www\.)[^\s<>\"]+")
_LITERAL_OR_URL_RE = re.compile(f"{LITERAL_PLACEHOLDER_RE.pattern}|{URL_RE.pattern}")


def trim_url(url: str) -> str:
    """Drop sentence punctuation (and unbalanced ``)``) that a URL match swallowed at its end."""
    while url and url[-1] in ".,;:!?'*_~":
        url = url[:-1]
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return url


@dataclass(frozen=True)
class Token:
    """A placeholder found in tagged text. ``kind`` is ``open``, ``close`` or ``self``."""

    kind: str
    id: str
    start: int  # offsets in the tagged text
    end: int
    plain: int  # offset in the plain text (strip_tags) where the token sits

    @property
    def text(self) -> str:
        return {"open": f"<{self.id}>", "close": f"</{self.id}>", "self": f"<{self.id}/>"}[self.kind]


@dataclass(frozen=True)
class TagSpan:
    """Plain-text span ``[start, end)`` enclosed by the paired tag ``id``."""

    id: str
    start: int
    end: int
    inner_plain: str


def tokens(tagged: str) -> list[Token]:
    """All placeholder tokens of ``tagged`` with their tagged and plain offsets."""
    out: list[Token] = []
    removed = 0
    for m in PLACEHOLDER_RE.finditer(tagged):
        if m.group(3) is not None:
            kind, tid = "close", m.group(3)
        else:
            kind, tid = ("self" if m.group(2) else "open"), m.group(1)
        out.append(Token(kind, tid, m.start(), m.end(), m.start() - removed))
        removed += m.end() - m.start()
    return out


def strip_tags(tagged: str) -> str:
    """Plain text for MT and segmentation: every placeholder removed, nothing else changed."""
    return PLACEHOLDER_RE.sub("", tagged)


def escape_literal(text: str, tags: dict[str, tuple[str, str]], next_id: int,
                   markup: Callable[[str], str] = lambda s: s, *, urls: bool = False) -> tuple[str, int]:
    """Turn placeholder look-alikes (and, with ``urls``, bare URLs) in ``text`` into standalone placeholders.

    ``markup(literal)`` gives what the placeholder restores (HTML passes an escaper).  Returns the
    tagged text and the next free id.

    >>> tags = {}
    >>> escape_literal("use <1> here", tags, 1)
    ('use <1/> here', 2)
    >>> tags
    {'1': ('<1>', '')}
    """
    if urls:
        if "<" not in text and "http" not in text and "www." not in text:
            return text, next_id
        rx = _LITERAL_OR_URL_RE
    elif "<" not in text:
        return text, next_id
    else:
        rx = LITERAL_PLACEHOLDER_RE
    out: list[str] = []
    pos = 0
    for m in rx.finditer(text):
        if m.start() < pos:
            continue
        literal = m.group() if m.group().startswith("<") else trim_url(m.group())
        if not literal:
            continue
        out.append(text[pos:m.start()])
        tags[str(next_id)] = (markup(literal), "")
        out.append(f"<{next_id}/>")
        next_id += 1
        pos = m.start() + len(literal)
    out.append(text[pos:])
    return "".join(out), next_id


def fill_tags(tagged: str, tags: Mapping[str, tuple[str, str]],
              escape: Callable[[str], str] = lambda s: s) -> str:
    """Replace placeholders by their markup; text between them goes through ``escape``.

    Placeholders whose id is not in ``tags`` (invented by MT) are dropped: they have no markup.
    A paired id may occur several times (a tag split across sentences); each occurrence gets
    the same markup.
    """
    out: list[str] = []
    pos = 0
    for m in PLACEHOLDER_RE.finditer(tagged):
        if m.start() > pos:
            out.append(escape(tagged[pos:m.start()]))
        pos = m.end()
        if m.group(3) is not None:
            tag = tags.get(m.group(3))
            if tag is not None:
                out.append(tag[1])
        else:
            tag = tags.get(m.group(1))
            if tag is not None:
                out.append(tag[0])
    if pos < len(tagged):
        out.append(escape(tagged[pos:]))
    return "".join(out)


def tag_spans(tagged: str) -> list[TagSpan]:
    """Plain-text spans of each paired tag's content, in order of the closing tag.

    >>> tag_spans("Read <1>the <2>full</2> report</1>.")
    [TagSpan(id='2', start=9, end=13, inner_plain='full'), TagSpan(id='1', start=5, end=20, inner_plain='the full report')]
    """
    plain = strip_tags(tagged)
    stack: list[tuple[str, int]] = []
    out: list[TagSpan] = []
    for t in tokens(tagged):
        if t.kind == "open":
            stack.append((t.id, t.plain))
        elif t.kind == "close":
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == t.id:
                    start = stack[k][1]
                    del stack[k]
                    out.append(TagSpan(t.id, start, t.plain, plain[start:t.plain]))
                    break
    return out


# --------------------------------------------------------------------------- sentences

def split_tagged(tagged: str, sentences: list[tuple[int, int]]) -> list[str]:
    """Tagged text of each sentence; ``sentences`` are ``(start, end)`` spans on ``strip_tags(tagged)``.

    Every returned sentence is well-formed: a paired tag crossing a sentence boundary is closed
    at the end of one sentence and reopened at the start of the next.  ``join_tagged`` merges
    such reopened pairs again.

    >>> split_tagged("<1>One. Two</1> three.", [(0, 4), (5, 15)])
    ['<1>One.</1>', '<1>Two</1> three.']
    """
    return split_tagged_with_gaps(tagged, sentences)[0]


def split_tagged_with_gaps(tagged: str, sentences: list[tuple[int, int]]) -> tuple[list[str], list[str]]:
    """Like ``split_tagged``, also returning the ``len(sentences) + 1`` gaps around them.

    Gaps are the tagged text outside every sentence (usually whitespace).  Paired tags found in a
    gap move into the neighbouring sentence (closing tags to the previous, opening tags to the
    next); standalone placeholders touching a sentence join it, others stay in the gap.  So
    ``join_tagged(*split_tagged_with_gaps(t, spans)) == t`` whenever no paired tag sits inside
    gap whitespace, and always renders to the same markup.
    """
    toks = tokens(tagged)
    if not sentences:
        return [], [tagged]
    spans = sorted(sentences)
    before, inside, after, in_gap = _assign_tokens(toks, spans)
    return (_sentence_texts(tagged, toks, spans, before, inside, after),
            _gap_texts(tagged, toks, spans, in_gap))


def _assign_tokens(toks: list[Token], spans: list[tuple[int, int]]) -> tuple[list[list[Token]], ...]:
    """Each tag token's place: ``(before, inside, after)`` per sentence, or kept in its gap."""
    n = len(spans)
    before: list[list[Token]] = [[] for _ in range(n)]  # tokens moved to a sentence's start
    after: list[list[Token]] = [[] for _ in range(n)]   # tokens moved to a sentence's end
    inside: list[list[Token]] = [[] for _ in range(n)]
    in_gap: list[list[Token]] = [[] for _ in range(n + 1)]
    gap_tokens: list[list[Token]] = [[] for _ in range(n + 1)]
    k = 0  # index of the first sentence whose end is >= token position
    for t in toks:
        p = t.plain
        while k < n and spans[k][1] < p:
            k += 1
        if k < n and spans[k][0] < p < spans[k][1]:
            inside[k].append(t)
        else:
            # In gap g: between sentence g-1 (ends <= p) and sentence g (starts >= p).
            gap_tokens[k if (k == n or p <= spans[k][0]) else k + 1].append(t)
    for g, gtoks in enumerate(gap_tokens):
        to_prev = after[g - 1] if g > 0 else before[0]
        to_next = before[g] if g < n else after[n - 1]
        last_close = max((j for j, t in enumerate(gtoks) if t.kind == "close"), default=-1)
        first_open = min((j for j, t in enumerate(gtoks) if t.kind == "open"), default=len(gtoks))
        for j, t in enumerate(gtoks):
            if t.kind == "close" or j < last_close:  # a closing tag, or inside the tag it closes
                to_prev.append(t)
            elif t.kind == "open" or j > first_open:
                to_next.append(t)
            elif g < n and t.plain == spans[g][0]:
                before[g].append(t)
            elif g > 0 and t.plain == spans[g - 1][1]:
                after[g - 1].append(t)
            else:
                in_gap[g].append(t)
    return before, inside, after, in_gap


def _tagged_pos(toks: list[Token], p: int, include_at: bool) -> int:
    """Tagged offset of plain offset ``p``: after (include_at) or before the tokens at ``p``."""
    return p + sum(t.end - t.start for t in toks if t.plain < p or (include_at and t.plain == p))


def _sentence_texts(tagged: str, toks: list[Token], spans: list[tuple[int, int]], before: list[list[Token]],
                    inside: list[list[Token]], after: list[list[Token]]) -> list[str]:
    """Each sentence's tagged text, with the paired tags open across it closed and reopened."""
    out: list[str] = []
    carry: list[str] = []  # paired tags open when the sentence starts (outermost first)
    for i, (s, e) in enumerate(spans):
        core = tagged[_tagged_pos(toks, s, True):_tagged_pos(toks, e, False)] if e > s else ""
        stack = list(carry)
        for t in before[i] + inside[i] + after[i]:
            if t.kind == "open":
                stack.append(t.id)
            elif t.kind == "close" and t.id in stack:
                del stack[len(stack) - 1 - stack[::-1].index(t.id)]
        prefix = "".join(f"<{tid}>" for tid in carry)
        suffix = "".join(f"</{tid}>" for tid in reversed(stack))
        out.append(prefix + "".join(t.text for t in before[i]) + core
                   + "".join(t.text for t in after[i]) + suffix)
        carry = stack
    return out


def _gap_texts(tagged: str, toks: list[Token], spans: list[tuple[int, int]],
               in_gap: list[list[Token]]) -> list[str]:
    """The ``len(spans) + 1`` gaps: the text between sentences, keeping only the tags left there."""
    gaps: list[str] = []
    bounds = [0] + [x for s, e in spans for x in (s, e)] + [len(strip_tags(tagged))]
    n = len(spans)
    for g in range(n + 1):
        lo, hi = bounds[2 * g], bounds[2 * g + 1]
        start = 0 if g == 0 else _tagged_pos(toks, lo, False)
        end = _tagged_pos(toks, hi, True) if g < n else len(tagged)
        kept = {id(t) for t in in_gap[g]}
        piece: list[str] = []
        pos = start
        for t in toks:
            if t.start < start or t.start >= end:
                continue
            piece.append(tagged[pos:t.start])
            if id(t) in kept:
                piece.append(t.text)
            pos = t.end
        piece.append(tagged[pos:end])
        gaps.append("".join(piece))
    return gaps


_TRAILING_CLOSE = re.compile(r"</(\d+)>$")
_LEADING_OPEN = re.compile(r"^<(\d+)>")


def join_tagged(sentences: list[str], gaps: list[str]) -> str:
    """Rebuild a block from (translated) tagged sentences and the gaps of ``split_tagged_with_gaps``.

    A tag closed at the end of one sentence and reopened at the start of the next (because it
    crossed the boundary) is merged back into one pair.

    >>> join_tagged(["<1>Один.</1>", "<1>Два</1> три."], ["", " ", ""])
    '<1>Один. Два</1> три.'
    """
    if len(gaps) != len(sentences) + 1:
        raise ValueError("join_tagged needs len(sentences) + 1 gaps")
    if not sentences:
        return gaps[0]
    out = gaps[0]
    for i, sent in enumerate(sentences):
        if i > 0 and not PLACEHOLDER_RE.search(gaps[i]):
            while True:
                mc = _TRAILING_CLOSE.search(out)
                mo = _LEADING_OPEN.match(sent)
                if not (mc and mo and mc.group(1) == mo.group(1)):
                    break
                out = out[:mc.start()]
                sent = sent[mo.end():]
        if i > 0:
            out += gaps[i]
        out += sent
    return out + gaps[-1]


# --------------------------------------------------------------------------- checks

def placeholder_problems(source_tagged: str, target_tagged: str) -> list[tuple[str, str]]:
    """``(code, message)`` for each placeholder problem of a translation: code ``placeholders``
    (missing, unknown, duplicated, standalone used as a pair or the reverse) or
    ``placeholders-order`` (unbalanced or wrongly nested). Reordering is allowed.

    >>> placeholder_problems("<1>a</1> <2/>", "<2/> <1>a")
    [('placeholders-order', 'unclosed tag <1>')]
    """
    src = tokens(source_tagged)
    tgt = tokens(target_tagged)
    problems: list[tuple[str, str]] = []

    def differ(message: str) -> None:
        problems.append(("placeholders", message))

    def order(message: str) -> None:
        problems.append(("placeholders-order", message))

    src_kind = {t.id: ("pair" if t.kind != "self" else "self") for t in src}
    src_count = Counter(t.id for t in src if t.kind != "close")
    tgt_count = Counter(t.id for t in tgt if t.kind != "close")
    tgt_kind: dict[str, str] = {}
    for t in tgt:
        tgt_kind.setdefault(t.id, "pair" if t.kind != "self" else "self")

    for tid in src_kind:
        if tid not in tgt_kind:
            differ(f"missing placeholder <{tid}/>" if src_kind[tid] == "self"
                   else f"missing tag <{tid}>…</{tid}>")
    for tid, kind in tgt_kind.items():
        if tid not in src_kind:
            differ(f"unknown placeholder <{tid}{'/' if kind == 'self' else ''}> (not in the source)")
        elif kind != src_kind[tid]:
            differ(f"<{tid}/> is standalone in the source" if src_kind[tid] == "self"
                   else f"<{tid}> is a paired tag in the source, not standalone")
        elif tgt_count[tid] > src_count[tid]:
            differ(f"placeholder <{tid}{'/' if kind == 'self' else ''}> appears "
                   f"{tgt_count[tid]} times (source: {src_count[tid]})")

    stack: list[str] = []
    for t in tgt:
        if t.kind == "open":
            stack.append(t.id)
        elif t.kind == "close":
            if stack and stack[-1] == t.id:
                stack.pop()
            elif t.id in stack:
                order(f"wrongly nested tags: </{t.id}> closes before </{stack[-1]}>")
                stack.remove(t.id)
            else:
                order(f"closing tag </{t.id}> without opening tag")
    for tid in stack:
        order(f"unclosed tag <{tid}>")
    return problems


def check_placeholders(source_tagged: str, target_tagged: str) -> list[str]:
    """Problems with the placeholders of a translation, as one-line messages (empty: all fine).

    >>> check_placeholders("See <1>this</1> <2/>.", "Див. <1>це</1>.")
    ['missing placeholder <2/>']
    >>> check_placeholders("<1>a</1>", "<1>a")
    ['unclosed tag <1>']
    """
    return [message for _, message in placeholder_problems(source_tagged, target_tagged)]
