"""Pipeline steps after MT, with a deterministic engine (the MT path itself is tested with real
CTranslate2 packages in test_engine.py and test_translate_cli.py)."""

from __future__ import annotations

import random

from l10n.formats import read_document
from l10n.inline import check_placeholders, strip_tags
from l10n.align import place_tags
from l10n.pipeline import SourceSegment, segment_document, translate_document


class Table:
    """Returns prepared translations; unknown sentences come back bracketed."""

    name = "table"

    def __init__(self, table=None):
        self.table = table or {}
        self.calls = []

    def pairs(self):
        return {("en", "uk"), ("en", "ru"), ("en", "tr"), ("uk", "en")}

    def translate_direct(self, sentences, src, tgt):
        self.calls.append((src, tgt, list(sentences)))
        return [self.table.get(s, f"{tgt.upper()}: {s}") for s in sentences]


def seg(tagged: str) -> SourceSegment:
    return SourceSegment("0.0", 0, 0, "en", tagged, strip_tags(tagged))


def _source(segment: SourceSegment) -> tuple[str, str]:
    return segment.tagged, segment.plain


def test_link_goes_around_the_translated_link_text():
    s = seg("See the <1>full report</1> on the website.")
    table = {"full report": "повний звіт"}
    out, flags = place_tags(*_source(s), "Дивіться повний звіт на сайті.", table)
    assert out == "Дивіться <1>повний звіт</1> на сайті." and not flags


def test_same_word_twice_stays_well_nested():
    s = seg("The <1>border</1> and the <2>border</2> guards.")
    table = {"border": "кордон"}
    out, _ = place_tags(*_source(s), "кордон і кордон охорона.", table)
    assert check_placeholders(s.tagged, out) == []
    assert out == "<1>кордон</1> і <2>кордон</2> охорона."


def test_nested_and_unalignable_markup_is_well_formed_and_flagged():
    s = seg("Read <1>the <2>full</2> report</1> now <3/>.")
    out, flags = place_tags(*_source(s), "Прочитайте зараз усе.", {})
    assert check_placeholders(s.tagged, out) == []
    assert strip_tags(out) == "Прочитайте зараз усе."
    assert any(f.code == "markup-approximate" for f in flags)


def test_random_markup_always_well_nested():
    rnd = random.Random(7)
    words = "alpha beta gamma delta epsilon zeta eta theta".split()
    for _ in range(300):
        parts, n, open_ids = [], 1, []
        for w in rnd.sample(words, 6):
            if rnd.random() < 0.3:
                parts.append(f"<{n}>")
                open_ids.append(n)
                n += 1
            parts.append(w + " ")
            if open_ids and rnd.random() < 0.4:
                parts.append(f"</{open_ids.pop()}>")
        parts += [f"</{i}>" for i in reversed(open_ids)]
        tagged = "".join(parts).replace(" </", "</")
        target = " ".join(rnd.sample(words, 5))
        out, _ = place_tags(*_source(seg(tagged)), target, {})
        assert check_placeholders(tagged, out) == [], (tagged, out)
        assert strip_tags(out) == target


def test_markdown_structure_and_memory_first(tmp_path):
    from l10n.tm import TranslationMemory
    text = "# Title here\n\nFirst sentence. Second *sentence* here.\n\n- item one\n"
    doc = read_document(text, fmt="markdown", doc_id="a")
    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    memory.add("en", "uk", "First sentence.", "Перше речення.", origin="human")
    engine = Table()
    result = translate_document(doc, ["uk"], src="en", engine=engine, memory=memory,
                                localize_values=False, qa=False)["uk"]
    assert result.output == "# UK: Title here\n\nПерше речення. UK: Second *sentence* here.\n\n- UK: item one\n"
    origins = {s.source: s.origin for s in result.segments}
    assert origins["First sentence."] == "tm"
    sent = [x for call in engine.calls for x in call[2]]
    assert "First sentence." not in sent            # never sent to MT
    assert len(engine.calls) == 1                    # one batched call for the pair


def test_same_language_blocks_are_kept(tmp_path):
    text = ("The minister arrived in Kyiv on Monday for talks with the government. He met the prime "
            "minister and the speaker of parliament, and visited a hospital in the capital.\n\n"
            "Ми готові до переговорів, але не до капітуляції, заявив міністр закордонних справ.\n")
    doc = read_document(text, fmt="text", doc_id="mixed")
    s = segment_document(doc, "auto")
    assert s.source_lang == "en"
    assert [x.lang for x in s.segments] == ["en", "en", "uk"]
    engine = Table()
    out = translate_document(doc, ["uk"], src="auto", engine=engine, localize_values=False, qa=False,
                             segmented=s)["uk"]
    assert "Ми готові до переговорів" in out.output
    assert [x.origin for x in out.segments] == ["mt", "mt", "same-language"]


def test_inflected_word_stays_whole_inside_markup():
    s = seg("Delegations met in <1>Istanbul</1> on Monday.")
    out, flags = place_tags(*_source(s), "Делегації зустрілися в Стамбулі в понеділок.",
                             {"Istanbul": "Стамбул"})
    assert out == "Делегації зустрілися в <1>Стамбулі</1> в понеділок." and not flags


def test_link_text_found_in_inflected_form():
    s = seg("The statement is on the <1>Turkish Foreign Ministry website</1>.")
    table = {"Turkish Foreign Ministry website": "сайт Міністерства закордонних справ Туреччини"}
    out, flags = place_tags(*_source(s), "Заява є на сайті Міністерства закордонних справ Туреччини.", table)
    assert out == "Заява є на <1>сайті Міністерства закордонних справ Туреччини</1>." and not flags


def test_turkish_suffix_stays_inside_markup_after_dotted_capital_i():
    s = seg("Delegations met in <1>Istanbul</1> on Monday.")
    out, _ = place_tags(*_source(s), "Heyetler pazartesi İstanbul'da bir araya geldi.",
                         {"Istanbul": "İstanbul"})
    assert out == "Heyetler pazartesi <1>İstanbul'da</1> bir araya geldi."
