"""Placeholder utilities: stripping, sentence splitting of tagged text, checks, restoring markup."""

from __future__ import annotations

import random

import l10n.inline
from l10n.inline import (PLACEHOLDER_RE, TagSpan, check_placeholders, escape_literal, fill_tags, join_tagged,
                         split_tagged, split_tagged_with_gaps, strip_tags, tag_spans, tokens)
from l10n.segment import split_sentences


def test_placeholder_regex_and_strip():
    assert [m.group() for m in PLACEHOLDER_RE.finditer("<1>a</1><22/><3 /></4/><x>")] == ["<1>", "</1>", "<22/>"]
    assert strip_tags("A <1>b</1> <2/>c <x> 3 < 4") == "A b c <x> 3 < 4"
    toks = tokens("ab<1>c</1><2/>")
    assert [(t.kind, t.id, t.plain) for t in toks] == [("open", "1", 2), ("close", "1", 3), ("self", "2", 3)]


def test_tag_spans_are_plain_offsets():
    tagged = "The <1>mayor of <2>Kharkiv</2></1> said <3/>."
    plain = strip_tags(tagged)
    spans = tag_spans(tagged)
    assert spans == [TagSpan("2", 13, 20, "Kharkiv"), TagSpan("1", 4, 20, "mayor of Kharkiv")]
    for s in spans:
        assert plain[s.start:s.end] == s.inner_plain


def test_split_tagged_closes_and_reopens_crossing_tags():
    tagged = "He said <1>it was over. <2>We won</2>. Really</1> now. Bye <3/>."
    plain = strip_tags(tagged)
    spans = [(s.start, s.end) for s in split_sentences(plain, "en")]
    assert [plain[a:b] for a, b in spans] == ["He said it was over.", "We won.", "Really now.", "Bye ."]
    parts, gaps = split_tagged_with_gaps(tagged, spans)
    assert parts == ["He said <1>it was over.</1>", "<1><2>We won</2>.</1>", "<1>Really</1> now.", "Bye <3/>."]
    assert gaps == ["", " ", " ", " ", ""]
    assert join_tagged(parts, gaps) == tagged
    # nested tags crossing: reopened outer-first, closed inner-first
    t2 = "<1>One <2>two. Three</2> four.</1>"
    p2 = split_tagged(t2, [(0, 8), (9, 20)])
    assert p2 == ["<1>One <2>two.</2></1>", "<1><2>Three</2> four.</1>"]
    assert join_tagged(p2, ["", " ", ""]) == t2


def test_split_tagged_moves_tags_out_of_gaps():
    tagged = "<1>First. </1><2/> <3>Second</3>."
    plain = strip_tags(tagged)
    spans = [(0, 6), (8, 15)]
    assert [plain[a:b] for a, b in spans] == ["First.", "Second."]
    parts, gaps = split_tagged_with_gaps(tagged, spans)
    assert parts == ["<1>First.</1>", "<3>Second</3>."]
    assert gaps == ["", " <2/> ", ""]
    # same markup after rendering, the closing tag moved before the space
    assert join_tagged(parts, gaps) == "<1>First.</1> <2/> <3>Second</3>."


def test_join_tagged_merges_reopened_tags_in_translations():
    parts = ["<1>Він сказав, що все скінчилося.</1>", "<1>Справді</1> зараз."]
    assert join_tagged(parts, ["", " ", ""]) == "<1>Він сказав, що все скінчилося. Справді</1> зараз."


def _random_tagged(rng: random.Random) -> str:
    words = ["Kyiv", "said.", "The", "mayor", "won!", "Why?", "a", "3.5", "U.S.", "Dr.", "Smith", "It", "ended."]
    out: list[str] = []
    stack: list[int] = []
    next_id = 1
    for _ in range(rng.randint(1, 40)):
        r = rng.random()
        if r < 0.15:
            out.append(f"<{next_id}>")
            stack.append(next_id)
            next_id += 1
        elif r < 0.25 and stack:
            out.append(f"</{stack.pop()}>")
        elif r < 0.32:
            out.append(f"<{next_id}/>")
            next_id += 1
        else:
            out.append(rng.choice(words) + rng.choice([" ", " ", "  ", "\n", ""]))
    out.extend(f"</{i}>" for i in reversed(stack))
    return "".join(out)


def _well_formed(tagged: str) -> bool:
    stack = []
    for t in tokens(tagged):
        if t.kind == "open":
            stack.append(t.id)
        elif t.kind == "close":
            if not stack or stack.pop() != t.id:
                return False
    return not stack


def test_split_and_join_random_tagged_text():
    rng = random.Random(7)
    for _ in range(500):
        tagged = _random_tagged(rng)
        assert _well_formed(tagged)
        plain = strip_tags(tagged)
        spans = [(s.start, s.end) for s in split_sentences(plain, "en")]
        parts, gaps = split_tagged_with_gaps(tagged, spans)
        assert len(parts) == len(spans) and len(gaps) == len(spans) + 1
        for part, (a, b) in zip(parts, spans):
            assert _well_formed(part), (tagged, part)
            assert strip_tags(part) == plain[a:b]
        for gap in gaps:
            assert not strip_tags(gap).strip()
            assert all(t.kind == "self" for t in tokens(gap)) or not spans
        joined = join_tagged(parts, gaps)
        assert strip_tags(joined) == plain
        assert not check_placeholders(tagged, joined), (tagged, joined)
        tags = {str(i): (f"[{i}", f"{i}]") for i in range(1, 60)}
        # Same markup once whitespace next to moved tags is ignored.
        assert fill_tags(joined, tags).replace(" ", "").replace("\n", "") == \
            fill_tags(tagged, tags).replace(" ", "").replace("\n", "")


def test_check_placeholders_problems():
    src = "See <1>the <2>report</2></1> and <3/>."
    assert check_placeholders(src, "Див. <1><2>звіт</2></1> і <3/>.") == []
    assert check_placeholders(src, "<3/> Див. <2>звіт</2> і <1>це</1>.") == []  # reordering is fine
    assert check_placeholders(src, "Див. <1>звіт</1>.") == ["missing tag <2>…</2>", "missing placeholder <3/>"]
    assert check_placeholders(src, "<1><2>a</2></1> <3/> <4/>") == ["unknown placeholder <4/> (not in the source)"]
    assert check_placeholders(src, "<1><2>a</2></1> <3/> <3/>") == ["placeholder <3/> appears 2 times (source: 1)"]
    assert check_placeholders(src, "<1><2>a</1></2> <3/>") == ["wrongly nested tags: </1> closes before </2>"]
    assert check_placeholders(src, "<1><2>a</2> <3/>") == ["unclosed tag <1>"]
    assert check_placeholders(src, "<1><2>a</2></1></1> <3/>") == ["closing tag </1> without opening tag"]
    assert check_placeholders(src, "<1><2>a</2></1> <3>x</3>") == ["<3/> is standalone in the source"]
    assert check_placeholders("<1>a</1>", "<1/>") == ["<1> is a paired tag in the source, not standalone"]


def test_fill_tags_escapes_text_only_and_drops_unknown_ids():
    tags = {"1": ('<a href="?a=1&b=2">', "</a>"), "2": ("<br>", "")}
    out = fill_tags("A & <1>B < C</1><2/><9/>", tags, lambda s: s.replace("&", "&amp;").replace("<", "&lt;"))
    assert out == 'A &amp; <a href="?a=1&b=2">B &lt; C</a><br>'


def test_escape_literal_numbers_from_next_id():
    tags: dict[str, tuple[str, str]] = {"1": ("x", "")}
    tagged, nxt = escape_literal("a </3> b <4/>", tags, 2, markup=lambda s: s.replace("<", "&lt;"))
    assert tagged == "a <2/> b <3/>" and nxt == 4
    assert tags["2"] == ("&lt;/3>", "") and tags["3"] == ("&lt;4/>", "")
