"""The Argos engine with real CTranslate2 packages that memorise the fixture corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.engines import base
from l10n.errors import ModelError, ModelNotInstalled

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def corpus(pair: str) -> list[tuple[str, str]]:
    rows = []
    for line in (CORPUS / f"{pair}.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            src, tgt = line.split("\t")[:2]
            rows.append((src, tgt))
    return rows


@pytest.mark.parametrize("pair", ["en-uk", "en-ru", "en-tr", "uk-en"])
def test_batched_translation_reproduces_memorised_corpus(engine, pair):
    src, tgt = pair.split("-")
    rows = corpus(pair)
    out = engine.translate_direct([s for s, _ in rows], src, tgt)
    exact = sum(o == t for o, (_, t) in zip(out, rows))
    assert exact / len(rows) >= 0.9, [(o, t) for o, (_, t) in zip(out, rows) if o != t][:5]


def test_one_batched_call_per_pair(settings):
    from l10n.engines.argos import ArgosEngine
    eng = ArgosEngine(settings)
    rows = corpus("en-uk")[:40]
    eng.translate_direct([s for s, _ in rows], "en", "uk")
    assert eng.stats.calls == 1 and eng.stats.sentences == 40


def test_pivot_through_english(engine):
    """uk -> ru has no package: it goes uk -> en -> ru, and gives the memorised Russian."""
    uk_en = dict(corpus("uk-en"))
    en_ru = dict(corpus("en-ru"))
    pairs = [(uk, en_ru[en]) for uk, en in uk_en.items() if en in en_ru][:20]
    assert pairs
    out = base.translate(engine, [uk for uk, _ in pairs], "uk", "ru")
    exact = sum(o == ru for o, (_, ru) in zip(out, pairs))
    assert exact / len(pairs) >= 0.85


def test_missing_pair_names_the_install_command(engine):
    with pytest.raises(ModelNotInstalled) as err:
        base.translate(engine, ["Добрий день."], "tr", "ru")
    assert "l10n models install tr-ru" in str(err.value)


def test_empty_sentences_are_not_sent(engine):
    assert engine.translate_direct(["", "  "], "en", "uk") == ["", ""]


def test_cuda_requested_without_gpu_is_a_clear_error(settings):
    import ctranslate2
    from l10n.engines.argos import ArgosEngine
    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("a CUDA device is present")
    eng = ArgosEngine(settings.with_(device="cuda"))
    with pytest.raises(ModelError, match="no CUDA device"):
        eng.translate_direct(["Hello."], "en", "uk")


def test_route_and_reachable():
    pairs = {("en", "uk"), ("uk", "en"), ("en", "tr")}
    assert base.route(pairs, "en", "uk") == [("en", "uk")]
    assert base.route(pairs, "uk", "tr") == [("uk", "en"), ("en", "tr")]
    assert base.route(pairs, "tr", "uk") is None
    assert ("uk", "tr") in base.reachable_pairs(pairs)
