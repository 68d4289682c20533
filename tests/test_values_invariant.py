"""The value invariant, metamorphically: post-edited drafts read as the source value, or say why.

``value_drafts.drafts()`` writes 1,200+ source/draft pairs (money, numbers, percentages, dates,
times, ranges x uk/ru/tr x MT-copy, already-localized and value-changed drafts) with its own
formatting, and reads the post-edited output back with its own reader of the target convention —
never with ``l10n.localize``. Hypothesis adds random amounts on top of the fixed corpus.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.postedit import post_edit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from value_drafts import (CURRENCY_WORD, LANGS, Draft, Tally, drafts, expected,  # noqa: E402
                          local_number, read_slot, render)

ROOT = Path(__file__).resolve().parent.parent


def _run(d: Draft):
    r = post_edit(d.source, d.draft, src="en", tgt=d.lang, steps=("values",))
    return r.target, [f.severity for f in r.flags]


@pytest.fixture(scope="module")
def tally() -> Tally:
    t = Tally()
    for d in drafts():
        t.add(d, *_run(d))
    return t


def test_corpus_is_large_and_covers_every_kind_language_and_style():
    ds = drafts()
    assert len(ds) >= 1000
    assert {(d.lang, d.kind, d.style) for d in ds} >= {(lang, k, s) for lang in LANGS
                                                        for k in ("money", "number", "percent", "date", "time")
                                                        for s in ("copy", "local", "changed")}


def test_no_silent_value_errors(tally):
    assert tally.silent == 0, tally.failures[:5]


def test_copy_style_drafts_are_fixed(tally):
    assert tally.copy_fixed / tally.copy >= 0.98, [f for f in tally.failures if f[0] == "not fixed"][:5]


def test_every_changed_value_is_flagged(tally):
    assert tally.changed_flagged == tally.changed, [f for f in tally.failures if f[0].startswith("changed")][:5]


def test_the_reader_is_strict():
    """The oracle must not read an English copy as the source value (else the test proves nothing)."""
    frame = "Штраф склав {v}."
    assert read_slot("Штраф склав $17,000.", frame, "money", "uk") is None
    assert read_slot("Штраф склав 17,000 доларів.", frame, "money", "uk") == (Decimal("17"), "USD")
    assert read_slot("Штраф склав 17\u00a0000 доларів.", frame, "money", "uk") == (Decimal("17000"), "USD")


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999"), places=2, allow_nan=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(amount=amounts, lang=st.sampled_from(LANGS), cur=st.sampled_from(["USD", "EUR"]),
       style=st.sampled_from(["copy", "local"]), scale=st.sampled_from([1, 10, 1000]))
def test_random_amounts_hold_the_invariant(amount, lang, cur, style, scale):
    """Any amount, copied or localized, and the same draft with the amount scaled: never silent."""
    value = (amount.normalize(), None, cur)
    source = f"The fine was {render('money', value, 'en', 'copy')}."
    frame = {"uk": "Штраф склав {v}.", "ru": "Штраф составил {v}.", "tr": "Ceza {v} oldu."}[lang]
    shown = (amount * scale).normalize()
    draft = frame.format(v=render("money", (shown, None, cur), lang, style))
    r = post_edit(source, draft, src="en", tgt=lang, steps=("values",))
    critical = any(f.severity == "critical" for f in r.flags)
    reads = read_slot(r.target, frame, "money", lang)
    assert reads == expected("money", value) or critical, (source, draft, r.target)
    if scale != 1 and read_slot(draft, frame, "money", lang) not in (expected("money", value),):
        # the draft says another amount; it may be read as the source only where it is ambiguous
        assert critical or reads == expected("money", value), (source, draft, r.target)


# ---- the cases, one by one ---------------------------------------------------------------

@pytest.mark.parametrize("source,draft,lang,out", [
    ("The fine was $17,000.", "Штраф составил $17,000.", "ru", "Штраф составил 17\u00a0000 долларов."),
    ("The fine was $17,500.", "Штраф склав $17,500.", "uk", "Штраф склав 17\u00a0500 доларів."),
    ("It cost €250,000.", "Це коштувало €250,000.", "uk", "Це коштувало 250\u00a0000 євро."),
    ("About 1,400,000 people left.", "Близько 1,400,000 людей виїхали.", "uk", "Близько 1\u00a0400\u00a0000 людей виїхали."),
    ("It cost $2.5 million.", "Це коштувало 2.5 млн доларів.", "uk", "Це коштувало 2,5\u00a0млн доларів."),
    ("It starts at 7:30 p.m.", "Початок о 7:30 p.m.", "uk", "Початок о 19:30."),
    ("It fell to 12.4%.", "%12.4'e geriledi.", "tr", "%12,4'e geriledi."),
    ("It starts at 7:30 p.m.", "7:30 p.m.'de başlıyor.", "tr", "19:30'da başlıyor."),
    ("It cost $17,000.", "Bu $17,000'a mal oldu.", "tr", "Bu 17.000 dolara mal oldu."),
    ("In February 2022 prices rose.", "В лютий 2022 року ціни зросли.", "uk", "В лютому 2022 року ціни зросли."),
    ("In February 2022 prices rose.", "В февраль 2022 года цены выросли.", "ru", "В феврале 2022 года цены выросли."),
])
def test_copy_style_fixed(source, draft, lang, out):
    r = post_edit(source, draft, src="en", tgt=lang, steps=("values",))
    assert r.target == out
    assert not [f for f in r.flags if f.severity == "critical"]


@pytest.mark.parametrize("source,draft,lang", [
    ("The fine was $17,000.", "Штраф склав 17 доларів.", "uk"),
    ("It happened on 24 February 2022.", "Це сталося 24 марта 2022 года.", "ru"),
    ("It happened on 24 February 2022.", "Це сталося 25 лютого.", "uk"),
    ("It happened on 24 February 2022.", "Це сталося 24 лютого 2023 року.", "uk"),
    ("It happened on Monday.", "Це сталося у вівторок.", "uk"),
    ("It cost $7 billion.", "Це коштувало 7 млн доларів.", "uk"),
    ("It cost $7 billion.", "Це коштувало 7 млрд євро.", "uk"),
    ("It starts at 7:30 p.m.", "Початок о 7:30.", "uk"),
    ("It was 5–7 degrees.", "Було 5,7 градусів.", "uk"),
    ("It rose 12.4%.", "Рост составил 1.24%.", "ru"),
])
def test_changed_values_flagged_and_untouched(source, draft, lang):
    r = post_edit(source, draft, src="en", tgt=lang, steps=("values",))
    assert r.target == draft
    assert any(f.severity == "critical" for f in r.flags), r.flags


@pytest.mark.parametrize("source,draft,lang", [
    ("They paid 1.234,5 dollars.", "Вони заплатили 1.234,5 долара.", "uk"),    # mixed separators in English
    ("They paid ١٢٬٥٠٠ dollars.", "Вони заплатили ١٢٬٥٠٠ доларів.", "uk"),    # Arabic-Indic digits
    ("They paid ７，０００ dollars.", "Вони заплатили ７，０００ доларів.", "uk"),  # full-width digits
    ("It cost XYZ 5,000.", "Це коштувало XYZ 5,000.", "uk"),                  # no such currency
    ("On 30 February 2022 it snowed.", "30 лютого 2022 року йшов сніг.", "uk"),  # no such date
    ("Code 1234567890123456789012345 sent.", "Код 1234567890123456789012345 надіслано.", "uk"),  # huge
])
def test_bad_input_flagged_never_rewritten(source, draft, lang):
    r = post_edit(source, draft, src="en", tgt=lang, steps=("values",))
    assert r.target == draft and not r.changes
    assert r.flags, "bad input must be flagged"


@given(st.text(alphabet="0123456789.,  $€%:–-/١٢٣７０abcлютогоFebruary", max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_input_no_crash_and_rewrites_read_back(text):
    r = post_edit(f"It was {text}.", f"Це було {text}.", src="en", tgt="uk", steps=("values",))
    for c in r.changes:  # every rewrite is a re-rendering of a value the target carried
        assert c.kind == "localize" and c.after


# ---- l10n postedit: glossary then values, with --only ---------------------------------------------

def _cli(*args, stdin=""):
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, timeout=60)


LINE = json.dumps({"source": "The fine in Kharkiv was $17,000.", "target": "Штраф у Харькові склав $17,000."},
                  ensure_ascii=False)


def test_postedit_runs_glossary_then_values():
    r = _cli("postedit", "--from", "en", "--to", "uk", stdin=LINE + "\n")
    out = json.loads(r.stdout)
    assert r.returncode == 0
    assert out["target"] == "Штраф у Харкові склав 17\u00a0000 доларів."
    assert [c["kind"] for c in out["changes"]] == ["glossary", "localize"]
    for c in out["changes"]:  # offsets refer to the final text
        assert out["target"][c["start"]:c["end"]] == c["after"]


@pytest.mark.parametrize("only,target", [("glossary", "Штраф у Харкові склав $17,000."),
                                         ("values", "Штраф у Харькові склав 17\u00a0000 доларів.")])
def test_postedit_only_one_step(only, target):
    out = json.loads(_cli("postedit", "--from", "en", "--to", "uk", "--only", only, stdin=LINE + "\n").stdout)
    assert out["target"] == target


def test_postedit_flags_carry_severity_and_check_stays_read_only():
    line = json.dumps({"source": "The fine was $17,000.", "target": "Штраф склав 17 доларів."}, ensure_ascii=False)
    out = json.loads(_cli("postedit", "--from", "en", "--to", "uk", stdin=line + "\n").stdout)
    assert out["target"] == "Штраф склав 17 доларів." and out["changes"] == []
    assert [(f["code"], f["severity"]) for f in out["flags"]] == [("value-mismatch", "critical")]
    r = _cli("check", "--from", "en", "--to", "uk", "--json", "-", stdin=line + "\n")
    assert "value-mismatch" in r.stdout and "17 доларів" in r.stdout


def test_postedit_only_rejects_unknown_step():
    r = _cli("postedit", "--from", "en", "--to", "uk", "--only", "spelling", stdin=LINE + "\n")
    assert r.returncode != 0 and "Traceback" not in r.stderr


def test_local_drafts_stay_correct():
    """Already-localized drafts are read as the source value after post-editing (nothing broken)."""
    for lang in LANGS:
        n = local_number(Decimal(17000), lang)
        draft = f"Штраф склав {n} {CURRENCY_WORD[lang]['USD']}." if lang != "tr" else f"Ceza {n} dolar oldu."
        frame = "Штраф склав {v}." if lang != "tr" else "Ceza {v} oldu."
        r = post_edit("The fine was $17,000.", draft, src="en", tgt=lang, steps=("values",))
        assert read_slot(r.target, frame, "money", lang) == (Decimal(17000), "USD"), r.target


def test_docs_localize_examples_run_as_written():
    import doctest
    result = doctest.testfile(str(ROOT / "docs" / "localize.md"), module_relative=False)
    assert result.failed == 0 and result.attempted >= 5


def test_docs_postedit_console_example_runs_as_written():
    """The `l10n postedit` lines shown in docs/localize.md are what the command prints."""
    doc = (ROOT / "docs" / "localize.md").read_text(encoding="utf-8")
    shown = [line for line in doc.splitlines() if line.startswith('{"source": "The fine was $17,000."')]
    lines = [json.dumps({"source": "The fine was $17,000.", "target": t}, ensure_ascii=False)
             for t in ("Штраф склав $17,000.", "Штраф склав 17 доларів.")]
    out = _cli("postedit", "--from", "en", "--to", "uk", stdin="\n".join(lines) + "\n").stdout.splitlines()
    assert [json.loads(x) for x in out] == [json.loads(x.replace(" 000", "\u00a0000")) for x in shown]
