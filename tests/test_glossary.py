"""Glossary: loading/validation, source matching, enforcement in uk/ru/tr, TBX/CSV, CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from l10n.errors import GlossaryError
from l10n.glossary import (default_glossary_path, load_glossary, parse_csv, parse_tbx, postedit,
                           to_csv, to_tbx)
from l10n.glossary.turkish import harmonize

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def g():
    return load_glossary(default_glossary_path())


def fix(g, source, target, tgt, src="en"):
    return postedit(source, target, src=src, tgt=tgt, glossary=g)


# -- shipped file ---------------------------------------------------------------------------

def test_shipped_glossary_size_and_packaged_copy_identical(g):
    assert len(g) >= 60
    packaged = ROOT / "l10n" / "glossary" / "data" / "ukraine-news.yaml"
    assert (ROOT / "glossaries" / "ukraine-news.yaml").read_bytes() == packaged.read_bytes()
    types = {t.type for t in g}
    assert {"person", "place", "org", "other"} <= types
    assert g.get("terekhov").gender == "m" and g.get("svyrydenko").gender == "f"
    assert g.get("spiderweb").lang("uk").term == "операція «Павутина»"


# -- matching --------------------------------------------------------------------------------

def test_find_possessive_case_longest_and_offsets(g):
    text = "KHARKIV's mayor Ihor Terekhov said Terekhov’s team in Kharkiv Oblast was ready."
    ms = g.find(text, "en")
    assert [(m.term_id, m.text) for m in ms] == [
        ("kharkiv", "KHARKIV"), ("terekhov", "Ihor Terekhov"), ("terekhov-surname", "Terekhov"),
        ("kharkiv-oblast", "Kharkiv Oblast")]
    assert all(text[m.start:m.end] == m.text for m in ms)
    assert ms[0].possessive and ms[2].possessive and not ms[1].possessive


def test_find_word_boundaries(g):
    assert g.find("Kharkivska street and Kyivan Rus", "en") == []


def test_find_inflected_ukrainian_source(g):
    ms = g.find("Мер Харкова Ігор Терехов зустрівся з Ігорем Тереховим у Києві", "uk")
    assert [m.text for m in ms] == ["Харкова", "Ігор Терехов", "Ігорем Тереховим", "Києві"]


# -- Ukrainian / Russian -------------------------------------------------------------------

@pytest.mark.parametrize("mt, want", [
    ("Обстріл у Харькові.", "Обстріл у Харкові."),
    ("Він приїхав з Харькова.", "Він приїхав з Харкова."),
    ("Він приїхав з Kharkiv.", "Він приїхав з Харкова."),
    ("Харьков знову під ударом.", "Харків знову під ударом."),
])
def test_uk_city_inflected_in_mt_case(g, mt, want):
    assert fix(g, "Kharkiv", mt, "uk").target == want


@pytest.mark.parametrize("mt, want", [
    ("Заявив Игорь Терехов.", "Заявив Ігор Терехов."),
    ("Зустріч з Игорем Тереховым.", "Зустріч з Ігорем Тереховим."),
    ("Вони похвалили Игоря Терехова.", "Вони похвалили Ігоря Терехова."),
    ("Лист Игорю Терехову.", "Лист Ігореві Терехову."),
])
def test_uk_person_both_words_agree(g, mt, want):
    assert fix(g, "Ihor Terekhov", mt, "uk").target == want


def test_ru_forms(g):
    assert fix(g, "in Kyiv", "Это было в Києві.", "ru").target == "Это было в Киеве."
    assert fix(g, "Ihor Terekhov", "Встреча с Ігорем Тереховим.", "ru").target == "Встреча с Игорем Тереховым."
    assert fix(g, "Kharkiv Oblast", "в Харківській області", "ru").target == "в Харьковской области"


def test_unknown_surname_inflected_by_ending_paradigm():
    from l10n.glossary.model import Glossary
    from l10n.glossary.load import parse_yaml
    yaml_text = """terms:
  - id: hrytsenkov
    type: person
    gender: m
    en: {term: Mykyta Hrytsenkov}
    uk: {term: Микита Гриценков, variants: [Никита Гриценков]}
    ru: {term: Никита Гриценков}
    tr: {term: Mikita Gritsenkov}
"""
    g = Glossary(parse_yaml(yaml_text))
    r = fix(g, "with Mykyta Hrytsenkov", "разом з Никитою Гриценковым", "uk")
    assert r.target == "разом з Микитою Гриценковим"
    r = fix(g, "for Mykyta Hrytsenkov", "для Mykyta Hrytsenkov", "ru")
    assert r.target == "для Никиты Гриценкова"


def test_multiword_org_keeps_genitive_complement(g):
    r = fix(g, "Verkhovna Rada", "у Верховной Раде Украины", "uk")
    assert r.target.startswith("у Верховній Раді")


def test_correct_form_not_touched(g):
    r = fix(g, "Kharkiv and Ihor Terekhov", "Харкову та Ігореві Терехову", "uk")
    assert r.target == "Харкову та Ігореві Терехову" and r.changes == [] and r.flags == []


def test_nothing_outside_span_changes(g):
    src = "Ihor Terekhov said Kharkiv needs help; Zelensky agreed."
    mt = "«Игорь  Терехов» сказав, що Харькову потрібна допомога;  Зеленский погодився!!"
    r = fix(g, src, mt, "uk")
    assert r.changes
    rebuilt = r.target
    for c in reversed(r.changes):  # undo each change: the original must come back byte for byte
        assert rebuilt[c.start:c.end] == c.after
        rebuilt = rebuilt[:c.start] + c.before + rebuilt[c.end:]
    assert rebuilt == mt
    assert r.target == "«Ігор  Терехов» сказав, що Харкову потрібна допомога;  Зеленський погодився!!"


def test_missing_rendering_flagged_and_target_unchanged(g):
    r = fix(g, "Shelling in Kharkiv.", "Обстріл у місті.", "uk")
    assert r.target == "Обстріл у місті."
    assert [(f.code, f.severity, f.term) for f in r.flags] == [("glossary-missing", "error", "kharkiv")]


def test_dnt_restored_verbatim(g):
    assert fix(g, "HIMARS strikes", "Удари Хаймарсів", "uk").target == "Удари HIMARS"
    assert fix(g, "via Starlink", "через Старлинк", "ru").target == "через Starlink"


def test_capitalisation_kept_for_all_caps(g):
    assert fix(g, "KHARKIV", "У ХАРЬКОВІ", "uk").target == "У ХАРКОВІ"


# -- Turkish ---------------------------------------------------------------------------------

@pytest.mark.parametrize("src, mt, want", [
    ("in Kharkiv", "Harkov'da", "Harkiv'de"),
    ("from Kyiv", "Kiev'den", "Kyiv'den"),
    ("to Odesa", "Odessa'ya", "Odesa'ya"),
    ("in Kharkiv", "Harkov'daki", "Harkiv'deki"),
    ("Ihor Terekhov's", "Igor Terekhov'un", "İhor Terehov'un"),
    ("Kharkiv's", "Kharkov’un", "Harkiv’in"),
    ("in Bakhmut", "Bakhmut'da", "Bahmut'ta"),
    ("in Kharkiv", "Harkiv'de", "Harkiv'de"),
])
def test_tr_suffix_rewritten_for_new_stem(g, src, mt, want):
    assert fix(g, src, mt, "tr").target == want


def test_tr_harmony_rules():
    assert harmonize("a", "Odesa") == "ya" and harmonize("ya", "Harkiv") == "e"
    assert harmonize("nın", "Harkiv") == "in" and harmonize("in", "Odesa") == "nın"
    assert harmonize("sı", "Kyiv") == "i" and harmonize("dan", "Bahmut") == "tan"
    assert harmonize("nin", "ABD") == "nin" and harmonize("den", "NATO") == "dan"
    assert harmonize("dakiler", "Kyiv") == "dekiler" and harmonize("la", "Harkiv") == "le"


# -- validation ------------------------------------------------------------------------------

def _write(tmp_path, text, name="g.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


GOOD = """terms:
  - id: kharkiv
    type: place
    en: {term: Kharkiv}
    uk: {term: Харків}
    ru: {term: Харьков}
    tr: {term: Harkiv}
"""


@pytest.mark.parametrize("text, needle", [
    (GOOD.replace("    tr: {term: Harkiv}\n", ""), "g.yaml:2: entry kharkiv: missing language 'tr'"),
    (GOOD + GOOD.replace("terms:\n", ""), "entry kharkiv: duplicate id"),
    (GOOD.replace("type: place", "type: city"), "entry kharkiv: bad type 'city'"),
    (GOOD.replace("{term: Харків}", "{term: ''}"), "entry kharkiv: uk: empty term"),
    (GOOD + GOOD.replace("terms:\n", "").replace("id: kharkiv", "id: other"), "conflicting entries"),
    ("terms: [\n", "malformed YAML"),
])
def test_validation_errors_name_file_and_entry(tmp_path, text, needle):
    with pytest.raises(GlossaryError) as exc:
        load_glossary(_write(tmp_path, text))
    assert needle in str(exc.value) and "\n" not in str(exc.value)


def test_tbx_and_csv_round_trip(g, tmp_path):
    for text, parse in ((to_tbx(g), parse_tbx), (to_csv(g), parse_csv)):
        back = parse(text, "x")
        assert [t.id for t in back] == [t.id for t in g]
        for a, b in zip(g, back):
            assert a.type == b.type and a.dnt == b.dnt and a.gender == b.gender
            for lang in ("en", "uk", "ru", "tr"):
                assert a.langs[lang].term == b.langs[lang].term
                assert a.langs[lang].variants == b.langs[lang].variants
    assert "<martif" in to_tbx(g) and 'xml:lang="uk"' in to_tbx(g)


def test_tbx_2019_conceptentry(tmp_path):
    text = """<?xml version="1.0"?><tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Core">
<text><body><conceptEntry id="lviv"><langSec xml:lang="en"><termSec><term>Lviv</term></termSec></langSec>
<langSec xml:lang="uk"><termSec><term>Львів</term></termSec></langSec></conceptEntry></body></text></tbx>"""
    text = text.replace("langSec", "langSet")
    [t] = parse_tbx(text, "x.tbx")
    assert t.id == "lviv" and t.langs["uk"].term == "Львів"


def test_malformed_tbx_and_csv(tmp_path):
    with pytest.raises(GlossaryError, match=r"x.tbx:\d+: malformed TBX"):
        load_glossary(_write(tmp_path, "<martif><text>", "x.tbx"))
    with pytest.raises(GlossaryError, match="must include"):
        load_glossary(_write(tmp_path, "a,b\n1,2\n", "x.csv"))


# -- CLI -------------------------------------------------------------------------------------

def _cli(*args, stdin=""):
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, timeout=60)


def test_postedit_cli_bad_line_does_not_stop_batch():
    lines = ['{"source": "In Kharkiv.", "target": "У Харькові."}', "[1, 2]", "not json",
             '{"source": "Terekhov said", "target": "Терехов сказав"}']
    r = _cli("postedit", "--from", "en", "--to", "uk", stdin="\n".join(lines) + "\n")
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert out[0]["target"] == "У Харкові."
    assert out[0]["changes"] == [{"kind": "glossary", "term": "kharkiv", "before": "Харькові", "after": "Харкові",
                                  "start": 2, "end": 9}]
    assert out[1] == {"error": "line 2: expected a JSON object"}
    assert out[2]["error"].startswith("line 3: not JSON")
    assert out[3]["target"] == "Терехов сказав" and out[3]["changes"] == []
    assert r.returncode == 1


def test_glossary_check_export_import(tmp_path):
    bad = _write(tmp_path, GOOD.replace("type: place", "type: city").replace("    tr: {term: Harkiv}\n", ""))
    r = _cli("glossary", "check", str(bad))
    assert r.returncode == 3 and len(r.stdout.splitlines()) == 1 and "bad type" in r.stdout
    good = _write(tmp_path, GOOD, "good.yaml")
    assert _cli("glossary", "check", str(good)).returncode == 0
    for fmt in ("tbx", "csv"):
        out = tmp_path / f"g.{fmt}"
        assert _cli("glossary", "export", str(good), "--format", fmt, "-o", str(out)).returncode == 0
        back = tmp_path / f"back-{fmt}.yaml"
        assert _cli("glossary", "import", str(out), "-o", str(back)).returncode == 0
        assert load_glossary(back).get("kharkiv").langs["ru"].term == "Харьков"


# -- more behaviour --------------------------------------------------------------------------

def test_named_operation_keeps_mt_quotes_and_sentence_capital(g):
    r = fix(g, "Operation Spider's Web hit airfields", "Операция «Паутина» вразила аеродроми", "uk")
    assert r.target == "Операція «Павутина» вразила аеродроми"
    assert r.changes[0].before == "Операция «Паутина»"  # the quoted phrase is replaced as a unit


def test_empty_target_is_flagged(g):
    r = fix(g, "Kharkiv", "", "uk")
    assert r.target == "" and [f.code for f in r.flags] == ["glossary-missing"]


def test_ukrainian_source_to_turkish(g):
    r = fix(g, "Мер Харкова Ігор Терехов", "Harkov belediye başkanı Igor Terehov", "tr", src="uk")
    assert r.target == "Harkiv belediye başkanı İhor Terehov"


def test_part_of_longer_name_left_alone(g):
    src = "according to the Washington Examiner"
    assert fix(g, src, "як пише Washington Examiner", "uk").target == "як пише Washington Examiner"
    assert fix(g, src, "Washington Examiner'a göre", "tr").flags == []


def test_latin_left_by_mt_takes_case_from_preposition_and_verb(g):
    assert fix(g, "in Bakhmut", "бои в Bakhmut", "ru").target == "бои в Бахмуте"
    assert fix(g, "went to Bakhmut", "поехали в Bakhmut", "ru").target == "поехали в Бахмут"


def test_accepted_alternative_is_not_replaced(g):
    r = fix(g, "the European Union", "у Євросоюзі", "uk")
    assert r.target == "у Євросоюзі" and r.changes == [] and r.flags == []


def test_to_dict_is_json_friendly(g):
    d = fix(g, "Kharkiv", "Харьков", "uk").to_dict()
    assert json.loads(json.dumps(d)) == {"target": "Харків", "changes": [
        {"kind": "glossary", "term": "kharkiv", "before": "Харьков", "after": "Харків", "start": 0, "end": 6}], "flags": []}


@pytest.mark.parametrize("tid, lang, case, form", [
    ("sloviansk", "uk", "loct", "Слов'янську"),          # apostrophe names
    ("zsu", "uk", "ablt", "Збройними силами України"),    # plural name, genitive complement fixed
    ("zaluzhnyi", "ru", "gent", "Валерия Залужного"),     # unknown adjectival surname
    ("sybiha", "ru", "gent", "Андрея Сибиги"),            # -га: и after г
    ("zelensky", "uk", "loct", "Володимирові Зеленському"),
    ("eu", "uk", "accs", "Європейський Союз"),            # inanimate accusative = nominative
    ("kharkiv", "uk", "loct", "Харкові"),
    ("paris", "uk", "loct", "Парижі"),
    ("svyrydenko", "uk", "gent", "Юлії Свириденко"),      # indeclinable feminine surname
])
def test_paradigms_of_shipped_names(g, tid, lang, case, form):
    from l10n.glossary import slavic
    t = g.get(tid)
    forms = slavic.phrase_forms(t.lang(lang).term, lang, t.type, t.gender_in(lang))
    assert (forms.get((case, "sing")) or forms.get((case, "plur"))) == form


@pytest.mark.parametrize("src, mt, want", [
    ("in Kharkiv", "Harkovda", "Harkiv'de"),            # suffix glued to a wrong stem
    ("in Kharkiv", "Harkivde", "Harkiv'de"),            # right stem, apostrophe missing
    ("Ihor Terekhov said", "Igor Terehovun sözleri", "İhor Terehov'un sözleri"),
    ("Paris fashion", "Parisli moda", "Parisli moda"),  # derivational -li: a new word, left alone
])
def test_tr_suffix_without_apostrophe(g, src, mt, want):
    r = fix(g, src, mt, "tr")
    assert r.target == want and r.flags == []


def test_derived_adjective_counts_as_rendered(g):
    for src, mt, lang in (("Kyiv-based group", "київська група", "uk"),
                          ("the Odesa port", "одесский порт", "ru")):
        r = fix(g, src, mt, lang)
        assert r.target == mt and r.flags == []


def test_tr_dotless_i_is_a_different_spelling(g):
    assert fix(g, "in Sumy", "Sumı'da", "tr").target == "Sumi'de"
    assert fix(g, "Kyiv's", "Kiev'ın", "tr").target == "Kyiv'in"


def test_glossary_gender_overrides_dictionary():
    from l10n.glossary import slavic
    # OpenCorpora lists Ирпень as feminine; the glossary says masculine: в Ирпене, из Ирпеня
    assert slavic.phrase_forms("Ирпень", "ru", "place", "m")[("gent", "sing")] == "Ирпеня"
