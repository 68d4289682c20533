"""Language identification: own sentences, near pairs, unknown input, articles, determinism, CLI."""

from __future__ import annotations

import json
import threading

import pytest

from l10n.cli import main
from l10n.detect import ArticleDetection, Detection, detect_article, detect_blocks, detect_language
from l10n.errors import UnknownLanguage

SENTENCES = {
    "en": ["The city council approved the new budget on Tuesday after a long debate.",
           "Rescue workers searched the rubble through the night, officials said."],
    "uk": ["Міська рада ухвалила новий бюджет у вівторок після довгої дискусії.",
           "Рятувальники всю ніч розбирали завали, повідомили посадовці."],
    "ru": ["Городской совет утвердил новый бюджет во вторник после долгих споров.",
           "Спасатели всю ночь разбирали завалы, сообщили чиновники."],
    "tr": ["Belediye meclisi uzun bir tartışmanın ardından salı günü yeni bütçeyi onayladı.",
           "Kurtarma ekipleri gece boyunca enkazı aradı, yetkililer açıkladı."],
}


@pytest.mark.parametrize("lang,text", [(lang, t) for lang, ts in SENTENCES.items() for t in ts])
def test_sentences(lang, text):
    det = detect_language(text)
    assert det.lang == lang
    assert det.confidence > 0.9


@pytest.mark.parametrize("uk,ru", [
    ("Він сказав, що місто готове.", "Он сказал, что город готов."),
    ("пам'ять", "память"),
    ("який", "какой"),
    ("новини", "новости"),
    ("мова", "язык"),
    ("щонайменше", "по меньшей мере"),
    ("дуже добре", "очень хорошо"),
])
def test_ukrainian_vs_russian_near_pairs(uk, ru):
    assert detect_language(uk).lang == "uk"
    assert detect_language(ru).lang == "ru"


@pytest.mark.parametrize("tr,en", [
    ("Ankara'da", "London's"),
    ("bugün", "today"),
    ("kadar", "whatever"),
    ("haberler", "news"),
    ("yeni bir gün", "a new day"),
])
def test_turkish_vs_english(tr, en):
    assert detect_language(tr).lang == "tr"
    assert detect_language(en).lang == "en"


def test_mojibake_turkish_is_turkish():
    # Windows-1254 text read as Latin-1: ı -> ý, ş -> þ
    assert detect_language("kutlandý ve þeref duydu").lang == "tr"


@pytest.mark.parametrize("text", ["", "   \n\t", "12345", "3,5 % 1 000 000", "!!! ... ???", "—", "a", "я", "2022-02-24"])
def test_unknown_on_empty_numeric_punctuation_or_too_short(text):
    assert detect_language(text) == Detection("unknown", 0.0)


def test_other_script_is_unknown():
    assert detect_language("Καλημέρα κόσμε").lang == "unknown"
    assert detect_language("Привіт, світе", candidates=["en", "tr"]).lang == "unknown"


def test_candidates_restrict_the_choice():
    text = "Он сказал, что город готов."
    assert detect_language(text, candidates=["uk", "en"]).lang == "uk"
    assert detect_language(text, candidates=["ru"]).lang == "ru"
    assert detect_language("yeni bir gün", candidates=["en", "ru"]).lang == "en"
    with pytest.raises(UnknownLanguage):
        detect_language(text, candidates=["xx"])


def test_deterministic_and_thread_safe():
    texts = ["стати", "ворота", "давно", "правда", "rebel", "baden", "Ukraine war"]
    first = [detect_language(t) for t in texts]
    for _ in range(20):
        assert [detect_language(t) for t in texts] == first
    results: list[list[Detection]] = []

    def work():
        results.append([detect_language(t) for t in texts])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(results) == 4 and all(r == first for r in results)  # a failed thread leaves no result


def test_detect_blocks_keeps_order():
    out = detect_blocks(["Hello world, how are you?", "", "Привіт, як справи?"])
    assert [d.lang for d in out] == ["en", "unknown", "uk"]


def test_mixed_article_per_paragraph():
    paragraphs = [
        "Kharkiv's mayor Ihor Terekhov said the city would rebuild the damaged schools before September.",
        "«Ми відбудуємо кожну школу, і діти повернуться до класів», — сказав він.",
        "The council will vote on the plan next week, according to a statement published on Monday.",
    ]
    art = detect_article(paragraphs)
    assert isinstance(art, ArticleDetection)
    assert art.lang == "en"
    assert [d.lang for d in art.per_paragraph] == ["en", "uk", "en"]
    assert 0.5 < art.confidence <= 1.0
    assert detect_article(["", "123"]).lang == "unknown"


def run_cli(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_text(capsys):
    code, out, _ = run_cli(capsys, "detect", "Доброго ранку, як ваші справи?")
    assert code == 0
    lang, conf = out.split()
    assert lang == "uk" and 0.9 < float(conf) <= 1.0


def test_cli_file_lines(tmp_path, capsys):
    f = tmp_path / "in.txt"
    f.write_text("The minister arrived in Kyiv.\n\nМинистр прибыл в Киев.\nBakan Kiev'e geldi.\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "detect", "--lines", str(f))
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()]
    assert [r[0] for r in rows] == ["en", "unknown", "ru", "tr"]
    assert rows[1][1] == "0.000"


def test_cli_stdin_json_and_candidates(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Він сказав, що місто готове.".encode())))
    code, out, _ = run_cli(capsys, "detect", "--json", "--candidates", "ru,uk", "-")
    assert code == 0
    assert json.loads(out)["lang"] == "uk"


def test_cli_paragraphs(tmp_path, capsys):
    f = tmp_path / "article.txt"
    f.write_text("The city council met on Monday to discuss the budget.\n\n"
                 "«Ми готові до зими», — сказав мер.\n\n"
                 "The vote is expected next week, officials said.\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "detect", "--paragraphs", "--json", str(f))
    assert code == 0
    data = json.loads(out)
    assert data["lang"] == "en"
    assert [p["lang"] for p in data["paragraphs"]] == ["en", "uk", "en"]


def test_cli_bad_candidates(capsys):
    code, _, err = run_cli(capsys, "detect", "--candidates", "en,xx", "hello there")
    assert code == 1
    assert "unknown language code 'xx'" in err
    assert "Traceback" not in err
