"""Sentence segmentation: rules per language, offsets, bad input, and the ``l10n segment`` command."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from l10n.cli import main
from l10n.segment import Sentence, split_sentences
from l10n.segment.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent


def texts(text: str, lang: str = "en") -> list[str]:
    return [s.text for s in split_sentences(text, lang)]


def check_offsets(text: str, lang: str) -> list[Sentence]:
    out = split_sentences(text, lang)
    prev = 0
    for s in out:
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= prev
        assert not text[prev:s.start].strip()   # only whitespace between sentences
        prev = s.end
    assert not text[prev:].strip()
    return out


# --- English ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("The vote passed. Ministers left the hall.", ["The vote passed.", "Ministers left the hall."]),
    ("Mrs. Kovalenko met Gen. Zaluzhny today.", ["Mrs. Kovalenko met Gen. Zaluzhny today."]),
    ("The talks in the U.S. Senate stalled.", ["The talks in the U.S. Senate stalled."]),
    ("Aid came from the U.S. However, it was late.", ["Aid came from the U.S.", "However, it was late."]),
    ("The U.S. and the E.U. agreed.", ["The U.S. and the E.U. agreed."]),
    ("See p. 12 for details.", ["See p. 12 for details."]),
    ("It happened on Feb. 24 at dawn.", ["It happened on Feb. 24 at dawn."]),
    ("No. The answer is no.", ["No.", "The answer is no."]),
    ("Talks ended at 7.30 p.m. on Monday.", ["Talks ended at 7.30 p.m. on Monday."]),
    ("Shells, drones, etc. were used.", ["Shells, drones, etc. were used."]),
    ("They bought fuel, food, water, etc. Then they left.",
     ["They bought fuel, food, water, etc.", "Then they left."]),
    ("Before 6 a.m. Ukrainian forces advanced.", ["Before 6 a.m. Ukrainian forces advanced."]),
    ("Prices rose 3.5% to $1,000.50 a unit.", ["Prices rose 3.5% to $1,000.50 a unit."]),
    ("Contact press@example.org. Replies come fast.", ["Contact press@example.org.", "Replies come fast."]),
    ("Read https://example.com/a.b/c.html. It is short.",
     ["Read https://example.com/a.b/c.html.", "It is short."]),
    ("A report by J. R. Miller was cited.", ["A report by J. R. Miller was cited."]),
    ("She and I. Then we left.", ["She and I.", "Then we left."]),
    ("Really?! Yes!!! Go.", ["Really?!", "Yes!!!", "Go."]),
    ("Wait… Nobody came.", ["Wait…", "Nobody came."]),
    ("It was … strange.", ["It was … strange."]),
    ("He paused (as expected.) and went on.", ["He paused (as expected.) and went on."]),
    ("Kyiv was calm. (Officials confirmed it.) Trains ran.",
     ["Kyiv was calm.", "(Officials confirmed it.)", "Trains ran."]),
    ("The case Smith v. Jones ended.", ["The case Smith v. Jones ended."]),
    ("It hit at 7 a.m. (9 p.m. GMT Friday) and moved on.", ["It hit at 7 a.m. (9 p.m. GMT Friday) and moved on."]),
    ("The rally starts at 7 p.m. ET on Sunday.", ["The rally starts at 7 p.m. ET on Sunday."]),
    ("Why now? (Nobody knows. Maybe later.) Fine.", ["Why now?", "(Nobody knows.", "Maybe later.)", "Fine."]),
    ("Dr. Lee works at Acme Inc.", ["Dr. Lee works at Acme Inc."]),
])
def test_english_rules(text: str, expected: list[str]) -> None:
    assert texts(text, "en") == expected


def test_quotes_and_attribution() -> None:
    assert texts("“The work is done. We start a new stage,” the mayor said. Crowds cheered.") == [
        "“The work is done. We start a new stage,” the mayor said.", "Crowds cheered."]
    assert texts("“The repairs will bring results.” He promised more funds.") == [
        "“The repairs will bring results.”", "He promised more funds."]
    assert texts("'That is fine.' she said.") == ["'That is fine.' she said."]
    assert texts("Did he say “stop?” Nobody knows.") == ["Did he say “stop?”", "Nobody knows."]


def test_lists() -> None:
    assert texts("1. Buy bread 2. Call home 3. Sleep") == ["1. Buy bread", "2. Call home", "3. Sleep"]
    assert texts("a) first point b) second point") == ["a) first point", "b) second point"]
    assert texts("• one item • another item") == ["• one item", "• another item"]
    # a number in running text is no list marker
    assert texts("He has 2 cars and 3) bikes.") == ["He has 2 cars and 3) bikes."]


def test_newlines() -> None:
    # a single newline inside a sentence is not a boundary
    assert texts("The minister said\nthat talks continue.") == ["The minister said\nthat talks continue."]
    # a line ending in terminal punctuation, a blank line, or a list item below is
    assert texts("First line.\nsecond line") == ["First line.", "second line"]
    assert texts("Headline without stop\n\nBody starts here.") == ["Headline without stop", "Body starts here."]
    assert texts("Steps:\n- open the box\n- take the device") == ["Steps:", "- open the box", "- take the device"]


def test_lowercase_text_uses_punctuation_only() -> None:
    assert texts("i will call you. see you soon.") == ["i will call you.", "see you soon."]
    assert texts("Mixed case text. this stays together.") == ["Mixed case text. this stays together."]


# --- Ukrainian -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Мер І. Терехов відвідав вул. Сумську. Там тихо.", ["Мер І. Терехов відвідав вул. Сумську.", "Там тихо."]),
    ("Збори пройшли в м. Харків 5 трав. 2023 р. Далі був звіт.",
     ["Збори пройшли в м. Харків 5 трав. 2023 р. Далі був звіт."]),
    ("Купили хліб, молоко і т. д. Потім пішли додому.",
     ["Купили хліб, молоко і т. д.", "Потім пішли додому."]),
    ("Ціна — 250 грн. за кілограм.", ["Ціна — 250 грн. за кілограм."]),
    ("«Ми відбудуємо місто», — сказав мер. Люди аплодували.",
     ["«Ми відбудуємо місто», — сказав мер.", "Люди аплодували."]),
    ("«Ми вистояли. Ми переможемо», — заявив він.", ["«Ми вистояли. Ми переможемо», — заявив він."]),
    ("Проф. Ґудзь та акад. Їжак виступили. Зал слухав.",
     ["Проф. Ґудзь та акад. Їжак виступили.", "Зал слухав."]),
    ("Чи це правда? Є підтвердження.", ["Чи це правда?", "Є підтвердження."]),
])
def test_ukrainian_rules(text: str, expected: list[str]) -> None:
    assert texts(text, "uk") == expected


# --- Russian ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Мэр И. Терехов посетил ул. Пушкина. Было тихо.", ["Мэр И. Терехов посетил ул. Пушкина.", "Было тихо."]),
    ("Он живет в г. Харьков, т. е. на востоке.", ["Он живет в г. Харьков, т. е. на востоке."]),
    ("Купили хлеб, молоко и т. д. Потом ушли.", ["Купили хлеб, молоко и т. д.", "Потом ушли."]),
    ("«Ты придешь? – спросил он. – Я жду». Она кивнула.",
     ["«Ты придешь? – спросил он. – Я жду».", "Она кивнула."]),
    ("Курс — 92.5 руб. за доллар. Вчера было меньше.", ["Курс — 92.5 руб. за доллар.", "Вчера было меньше."]),
    ("Выделено 37 млрд. долл. США на помощь.", ["Выделено 37 млрд. долл. США на помощь."]),
    ("Об этом сказал Дж. Байден. Затем он уехал.", ["Об этом сказал Дж. Байден.", "Затем он уехал."]),
    ("Ёлка стояла. Ёжик спал.", ["Ёлка стояла.", "Ёжик спал."]),
])
def test_russian_rules(text: str, expected: list[str]) -> None:
    assert texts(text, "ru") == expected


# --- Turkish ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Dr. Ayşe Yılmaz geldi. İstanbul'da kaldı.", ["Dr. Ayşe Yılmaz geldi.", "İstanbul'da kaldı."]),
    ("Toplantıya Av. Mehmet Öz ve Prof. Dr. Can Ak katıldı.",
     ["Toplantıya Av. Mehmet Öz ve Prof. Dr. Can Ak katıldı."]),
    ("Pazardan elma, armut vb. Sonra eve döndük.", ["Pazardan elma, armut vb.", "Sonra eve döndük."]),
    ("Şehir 2. Dünya Savaşı'nda yıkıldı. Çok acı çekti.",
     ["Şehir 2. Dünya Savaşı'nda yıkıldı.", "Çok acı çekti."]),
    ("Harkiv'e gitti mi? Ğ ile başlayan kelime yok.", ["Harkiv'e gitti mi?", "Ğ ile başlayan kelime yok."]),
    ("Ordu 19. yüzyılda kuruldu.", ["Ordu 19. yüzyılda kuruldu."]),
    ("Kraliçe II. Elizabeth St. Louis'e gitti. Döndü.", ["Kraliçe II. Elizabeth St. Louis'e gitti.", "Döndü."]),
])
def test_turkish_rules(text: str, expected: list[str]) -> None:
    assert texts(text, "tr") == expected


def test_ordinal_rule_is_turkish_only() -> None:
    assert texts("He scored 12. Then he rested.", "en") == ["He scored 12.", "Then he rested."]


# --- offsets, data, bad input ------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "uk", "ru", "tr", "xx"])
def test_offsets_rebuild_original(lang: str) -> None:
    text = ("  Smith arrived.  “Fine,” he said.\n\nNext   paragraph here!  Ще одне речення.\t"
            "Son cümle.  ")
    out = check_offsets(text, lang)
    assert out[0].text == "Smith arrived."
    assert out[-1].text == "Son cümle."
    assert all(isinstance(s, Sentence) for s in out)
    with pytest.raises(AttributeError):
        out[0].start = 3  # frozen


def test_language_code_spellings() -> None:
    assert texts("Живу в м. Київ. Добре.", "UK") == ["Живу в м. Київ.", "Добре."]
    assert texts("Живу в м. Київ. Добре.", "uk-UA") == ["Живу в м. Київ.", "Добре."]


def test_latin_numeral_before_cyrillic_is_no_initial() -> None:
    assert texts("Правил король Генрих I. Затем пришел другой.", "ru") == [
        "Правил король Генрих I.", "Затем пришел другой."]
    assert texts("Правил король Генрих И. Затем пришел другой.", "ru") == [
        "Правил король Генрих И. Затем пришел другой."]


def test_unknown_language_uses_generic_rules() -> None:
    assert texts("Hello there. Vs. nothing.", "zz") == ["Hello there.", "Vs. nothing."]
    assert texts("A b. C d.", "../../etc") == ["A b.", "C d."]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t "])
def test_empty_input(text: str) -> None:
    assert split_sentences(text, "en") == []


def test_no_punctuation_is_one_sentence() -> None:
    assert texts("  no punctuation at all here  ") == ["no punctuation at all here"]


def test_long_text_without_period_is_linear() -> None:
    text = "слово word " * 10_000             # 110 KB, no terminal punctuation
    t0 = time.perf_counter()
    out = split_sentences(text, "uk")
    print(f"110 KB without a period: {time.perf_counter() - t0:.3f} s")
    assert len(out) == 1 and out[0].end == len(text.rstrip())


def test_many_rejected_candidates_stay_fast() -> None:
    text = "the U.S. and etc. and Mr. Bond " * 5_000  # ~150 KB of rejected candidates
    t0 = time.perf_counter()
    out = split_sentences(text, "en")
    print(f"150 KB of abbreviations: {time.perf_counter() - t0:.3f} s")
    assert len(out) == 1


def test_control_characters_and_mixed_scripts() -> None:
    text = "Bad\x00byte here. Київ і Kyiv — same city.\x0b New line? Yes\x1f ok."
    out = check_offsets(text, "en")
    assert [s.text for s in out][:2] == ["Bad\x00byte here.", "Київ і Kyiv — same city."]


def test_data_files_load_and_classify() -> None:
    uk = load_rules("uk")
    assert uk.abbreviations["м."] == "never"
    assert uk.abbreviations["т.д."] == "may"
    assert load_rules("en").abbreviations["u.s."] == "starter"
    assert load_rules("tr").ordinal_period and not load_rules("en").ordinal_period
    assert "I" in load_rules("en").letterwords


# --- CLI -------------------------------------------------------------------------------------

def test_cli_prints_one_sentence_per_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Мер І. Терехов приїхав. Він\nговорив довго.\n\nДруге речення.", encoding="utf-8")
    assert main(["segment", "--lang", "uk", str(f)]) == 0
    assert capsys.readouterr().out == "Мер І. Терехов приїхав.\nВін говорив довго.\n\nДруге речення.\n"


def test_cli_offsets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "One here.  Two there.\n\nThree."
    f = tmp_path / "a.txt"
    f.write_text(text, encoding="utf-8")
    assert main(["segment", "--lang", "en", "--offsets", str(f)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line]
    for line in lines:
        start, end, sent = line.split("\t")
        assert text[int(start):int(end)] == sent
    assert len(lines) == 3


def test_cli_jsonl_batch_with_bad_lines(monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    import io
    stdin = '{"text": "Dr. Who came. He left."}\nnot json\n[1, 2]\n{"text": 5}\n\n{"text": "Ок. Так."}\n'
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert main(["segment", "--lang", "en", "--jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == {"sentences": ["Dr. Who came.", "He left."]}
    assert rows[1]["error"].startswith("line 2: not JSON")
    assert rows[2]["error"].startswith("line 3: expected a JSON object")
    assert rows[3]["error"].startswith("line 4: field \"text\"")
    assert rows[4] == {"sentences": ["Ок.", "Так."]}


def test_cli_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["segment", str(tmp_path / "missing.txt")]) == 1
    assert "missing.txt: no such file" in capsys.readouterr().err
    assert main(["segment", "--lang", "xx", str(tmp_path)]) == 1
    assert "unknown language code 'xx'" in capsys.readouterr().err


def test_cli_subprocess_stdin() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "segment", "--lang", "en", "-"],
                          input="Mr. Smith left. He came back.", capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "Mr. Smith left.\nHe came back.\n"
