"""The committed test packages are real Argos packages that reproduce the fixture corpus.

Other tests (engine, pipeline, model manager) rely on these packages translating the example article
exactly; this file fails first, with a clear message, if a package is missing, malformed or was rebuilt
badly. It uses the runtime stack only (argostranslate, ctranslate2, sentencepiece; no torch).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "tests" / "fixtures" / "models"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
PAIRS = ["en_uk", "en_ru", "en_tr", "uk_en"]


def read_corpus(pair: str) -> list[tuple[str, str]]:
    lines = (CORPUS / f"{pair.replace('_', '-')}.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("packages")
    out = {}
    for pair in PAIRS:
        with zipfile.ZipFile(MODELS / f"translate-{pair}-0_1.argosmodel") as zf:
            zf.extractall(root)
        out[pair] = root / f"translate-{pair}-0_1"
    return out


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.mark.parametrize("pair", PAIRS)
def test_package_layout_and_metadata(pair: str) -> None:
    path = MODELS / f"translate-{pair}-0_1.argosmodel"
    assert path.stat().st_size <= 4_000_000
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        top = f"translate-{pair}-0_1/"
        assert {n.split("/")[0] for n in names} == {top.rstrip("/")}
        for needed in ("metadata.json", "sentencepiece.model", "README.md", "model/model.bin",
                       "model/config.json", "model/shared_vocabulary.json"):
            assert top + needed in names
        meta = json.loads(zf.read(top + "metadata.json"))
    src, tgt = pair.split("_")
    assert (meta["from_code"], meta["to_code"], meta["type"]) == (src, tgt, "translate")


COMPUTE_TYPES = ["int8", "int8_float32", "float32"]
#: Portable decodings: greedy, and beam search without a length penalty (CTranslate2 then stops when
#: the top beam finishes, so the output is the reference whenever each step's reference margin holds).
#: Length-penalised beam search also depends on which *side* hypotheses finish first — near-ties
#: that differ between CPUs — so it is reported by scripts/check_test_models.py, not asserted here.
DECODINGS = [(1, 1.0), (2, 0.0), (4, 0.0)]
MIN_MARGIN = 4.0         # logits; see scripts/model_margins.py
MIN_MARGIN_RATIO = 8.0   # reference margin / largest |logit - float32 logit| of the compute type


@pytest.fixture(scope="module")
def loaded(unpacked, monkeypatch_module, tmp_path_factory):
    monkeypatch_module.setenv("ARGOS_PACKAGES_DIR", str(tmp_path_factory.mktemp("argos")))
    import argostranslate.package
    import ctranslate2
    import sentencepiece as spm

    cache = {}

    def get(pair, compute_type):
        if (pair, compute_type) not in cache:
            pkg = argostranslate.package.Package(unpacked[pair])
            assert f"{pkg.from_code}_{pkg.to_code}" == pair
            sp = spm.SentencePieceProcessor(model_file=str(unpacked[pair] / "sentencepiece.model"))
            translator = ctranslate2.Translator(str(unpacked[pair] / "model"), device="cpu",
                                                compute_type=compute_type, intra_threads=1)
            cache[(pair, compute_type)] = (sp, translator)
        return cache[(pair, compute_type)]

    return get


@pytest.mark.parametrize("beam,length_penalty", DECODINGS)
@pytest.mark.parametrize("compute_type", COMPUTE_TYPES)
@pytest.mark.parametrize("pair", PAIRS)
def test_package_reproduces_fixture_corpus(pair, compute_type, beam, length_penalty, loaded) -> None:
    sp, translator = loaded(pair, compute_type)
    pairs = read_corpus(pair)
    results = translator.translate_batch([sp.encode(s, out_type=str) for s, _ in pairs],
                                         beam_size=beam, length_penalty=length_penalty,
                                         max_decoding_length=256)
    misses = [(s, sp.decode_pieces(r.hypotheses[0]), t)
              for r, (s, t) in zip(results, pairs) if sp.decode_pieces(r.hypotheses[0]) != t]
    assert misses == []


@pytest.mark.parametrize("pair", PAIRS)
def test_reference_margins_dwarf_quantisation_error(pair, unpacked) -> None:
    """Every decoding step's reference token leads the runner-up by >= MIN_MARGIN logits under every
    compute type, and by >= MIN_MARGIN_RATIO times that compute type's largest deviation from float32."""
    import sys

    import sentencepiece as spm

    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from model_margins import measure
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    sp = spm.SentencePieceProcessor(model_file=str(unpacked[pair] / "sentencepiece.model"))
    for report in measure(unpacked[pair] / "model", sp, read_corpus(pair), decodings=()):
        assert report.min_margin >= MIN_MARGIN, report.summary()
        assert report.min_margin >= MIN_MARGIN_RATIO * report.max_deviation, report.summary()
