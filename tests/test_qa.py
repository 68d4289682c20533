"""QA checks: each check fires on its problem and stays quiet on a clean segment."""

import json

import pytest

from l10n.document import SEVERITIES
from l10n.errors import UsageError
from l10n.qa import CHECKS, CheckReport, check_segment

NBSP = "\u00a0"


def codes(source, target, tgt="uk", **kw):
    return [f.code for f in check_segment(source, target, src="en", tgt=tgt, **kw)]


def test_registry_is_explicit_and_documented():
    names = [c.name for c in CHECKS]
    assert len(names) == len(set(names))
    for c in CHECKS:
        assert c.severity in SEVERITIES
        assert c.title and c.title == c.func.__doc__.strip().splitlines()[0]


def test_clean_segment_has_no_flags():
    assert codes("“Prices rose 1.5% in February 2022,” he said.",
                 f"«Ціни зросли на 1,5{NBSP}% у лютому 2022 року», — сказав він.") == []


def test_empty_and_untranslated_suppress_other_checks():
    assert codes("It cost $7 billion.", "  ") == ["empty"]
    assert codes("It cost $7 billion on Monday.", "It cost $7 billion on Monday.") == ["untranslated"]
    # identical code-like segments are not "untranslated"
    assert codes("F-16", "F-16") == []


def test_values_by_value():
    assert codes("It cost $7 billion.", "Це коштувало 7 млн доларів.") == ["value-mismatch"]
    assert codes("117 drones.", "Дрони.") == ["value-missing"]
    assert codes("It cost $7 billion.", f"Це коштувало 7{NBSP}млрд доларів.") == []
    # a Ukrainian reads 03/04/2022 as 3 April; the (US-order) source says 4 March
    assert codes("On 03/04/2022.", "03/04/2022.") == ["ambiguous-date", "value-format"]
    # the holes: a value 1000x too small, a changed day or month
    assert codes("The fine was $17,000.", "Штраф склав 17 доларів.") == ["value-mismatch"]
    assert codes("It began on 24 February 2022.", "Це почалося 24 березня 2022 року.") == ["value-mismatch"]
    assert codes("It began on 24 February 2022.", "Це почалося 25 лютого.") == ["value-mismatch"]
    # an English-format copy carries the value but reads otherwise: fixable by postedit
    assert codes("The fine was $17,500.", "Штраф склав $17,500.") == ["value-format"]


def test_placeholders():
    assert codes("<1>Click</1> here<2/>", "<1>Натисніть</1> тут<2/>") == []
    assert codes("<1>Click</1> here", "<1>Натисніть тут") == ["placeholders-order"]  # as PO import judges it
    assert codes("<1>a</1> <2>b</2>", "</1>а<1> <2>б</2>") == ["placeholders-order"]
    assert codes("<1>Click</1> here<2/>", "<1>Натисніть</1> тут") == ["placeholders"]


def test_locale_punctuation():
    assert codes('He said "yes".', 'Він сказав "так".') == ["quotes"]
    assert codes('He said "yes".', "O “evet” dedi.", tgt="tr") == []
    assert codes('He said "yes".', "O «evet» dedi.", tgt="tr") == ["quotes"]
    assert codes("Why?", "Чому ?") == ["space-before-punctuation"]
    assert codes("Up 5%.", "Зросли на 5%.") == ["percent-format"]
    assert codes("Up 5%.", "5% arttı.", tgt="tr") == ["percent-format"]
    assert codes("Up 5%.", "%5 arttı.", tgt="tr") == []


def test_spacing_brackets_length():
    assert codes("One two three.", "Один  два три.") == ["double-space"]
    assert codes("One two three.", " Один два три.") == ["whitespace"]
    assert codes("One (two) three.", "Один (два три.") == ["brackets"]
    assert codes("This is a reasonably long sentence for the test.", "Так.") == ["length-ratio"]


class FakeMatch:
    def __init__(self, id):
        self.id = id


class TinyGlossary:
    """A real (if small) implementation of the glossary protocol: term id -> forms per language."""

    terms = {"kharkiv": {"en": ["Kharkiv"], "uk": ["Харків", "Харкові", "Харкова"]}}

    def find(self, text, lang):
        return [FakeMatch(tid) for tid, forms in self.terms.items()
                if any(f in text for f in forms.get(lang, []))]


def test_glossary_terms_present():
    g = TinyGlossary()
    assert codes("Shelling in Kharkiv.", "Обстріл у Харкові.", glossary=g) == []
    assert codes("Shelling in Kharkiv.", "Обстріл у Харькові.", glossary=g) == ["glossary-term-missing"]
    assert codes("Shelling in Kharkiv.", "Обстріл у Харькові.") == []  # no glossary: skipped


def test_check_subset_and_unknown_check():
    assert codes("Why?", "Чому ?", checks=["quotes"]) == []
    with pytest.raises(UsageError, match="unknown check"):
        check_segment("a", "b", src="en", tgt="uk", checks=["nope"])


def test_report_json_and_summary():
    r = CheckReport()
    r.add(1, check_segment("117 drones.", "Дрони.", src="en", tgt="uk"))
    r.add(2, check_segment("Why?", "Чому ?", src="en", tgt="uk"))
    d = json.loads(json.dumps(r.to_dict()))
    assert d["segments"] == 2 and d["counts"]["critical"] == 1 and d["counts"]["warning"] == 1 and d["failed"]
    assert d["issues"][0]["line"] == 1 and d["issues"][0]["code"] == "value-missing"
    text = r.summary()
    assert text.splitlines()[0].startswith("2 segments checked: 1 critical")
    assert "line 2: warning: space-before-punctuation" in text


def test_urls_and_double_words():
    assert codes("See https://example.com/a?b=1 now.", "Див. https://example.com/a?b=1 зараз.") == []
    assert codes("See https://example.com/a now.", "Див. https://example.org/a зараз.") == ["urls"]
    assert codes("Write to news@example.com today.", "Пишіть на news@example.com сьогодні.") == []
    assert codes("He went to Kyiv.", "Він поїхав до до Києва.") == ["double-word"]


def test_converted_units_are_not_missing_values():
    # translators convert imperial units; 10 inches = 25.4 cm, 385 miles ≈ 620 km
    assert codes("Up to 10 inches of rain, 385 miles away.", "До 25 см опадів, за 620 км.") == []
    assert codes("Up to 10 inches of rain.", "До 40 см опадів.") == ["value-mismatch"]


def test_currency_lost_or_changed():
    assert codes("It cost $7 billion.", "Це коштувало 7 млрд.") == ["currency-mismatch"]
    assert codes("It cost $7 billion.", "Це коштувало 7 млрд євро.") == ["currency-mismatch"]
