"""The shared kernel (l10n.text, l10n.data) and thread-safe lazy state of a Glossary."""

from __future__ import annotations

import threading

from l10n import data, text
from l10n.detect import evidence
from l10n.glossary import enforce, slavic
from l10n.glossary.model import Glossary, LangTerm, Term


def test_scripts_and_apostrophes():
    assert text.is_cyrillic("Київ") and not text.is_cyrillic("Kyiv")
    assert text.is_cyrillic("Ԑ")  # Cyrillic Supplement counts too
    assert text.script_of("Harkiv'de") == "lat" and text.script_of("Харків") == "cyr"
    for a in text.APOSTROPHES:
        assert text.norm_apostrophe(f"Слов{a}янськ") == "Слов'янськ"
        assert text.split_apostrophe(f"Harkiv{a}de") == ("Harkiv", "de", a)
    assert text.split_apostrophe("Harkiv") == ("Harkiv", "", "'")


def test_fold_keeps_offsets():
    for s in ("İstanbul", "IŞIK", "Київ", "ǅemal"):
        assert len(text.fold(s)) == len(s)
    assert text.fold("İGOR") == text.fold("igor") == "igor"
    assert text.tr_lower("IRAK") == "ırak"


def test_read_table_skips_blank_and_comment_lines():
    rows = data.read_table("l10n.glossary", "prepositions.tsv")
    assert rows and all(len(r) in (3, 4) and not r[0].startswith("#") for r in rows)
    assert all(line.strip() and not line.startswith("#")
               for line in data.read_lines("l10n.glossary", "tr_suffixes.txt"))


def test_one_analyzer_per_language_shared_by_detection_and_glossary():
    assert data.morph_analyzer("uk") is slavic.analyzer("uk") is evidence._analyzer("uk")
    assert data.morph_analyzer("ru") is not data.morph_analyzer("uk")


def _big_glossary(n: int = 3000) -> Glossary:
    terms = [Term(f"t{i}", "place", {"en": LangTerm(f"Zorvab{i:05d}"), "uk": LangTerm(f"Зорваб{i:05d}"),
                                     "tr": LangTerm(f"Zorvab{i:05d}")}) for i in range(n)]
    return Glossary(terms)


def _race(fn, threads: int = 8) -> list:
    barrier = threading.Barrier(threads)
    out: list = [None] * threads

    errors: list[BaseException] = []

    def work(i: int) -> None:
        barrier.wait()
        try:
            out[i] = fn()
        except BaseException as exc:  # noqa: BLE001  (re-raised in the test's thread below)
            errors.append(exc)

    ts = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if errors:  # a thread's failure must fail the test, not leave None in its slot
        raise errors[0]
    return out


def test_concurrent_first_use_builds_lazy_state_once():
    """A fresh glossary shared by threads: every thread sees the same automaton and the same plan
    (built once), and every thread's result is the same."""
    g = _big_glossary()
    autos = _race(lambda: g._automaton("en"))
    assert len({id(a) for a in autos}) == 1
    match = g.find("Talks in Zorvab00007.", "en")[0]
    plans = _race(lambda: enforce.plan_for(g, match, "uk", "en"))
    assert plans[0] is not None and len({id(p) for p in plans}) == 1
    results = _race(lambda: enforce.postedit("In Zorvab00042.", "У Zorvab00042.", src="en", tgt="uk",
                                             glossary=g).target)
    assert len(set(results)) == 1
