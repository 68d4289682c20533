"""Statistical detectors behind one call: ``probabilities(text, pool) -> {lang: p}``.

``langdetect`` (the design's first choice; the default is now lingua) is used deterministically
and restricted at the model level: each pool of candidate languages gets its own ``DetectorFactory`` loaded with only those profiles
and a fixed seed, built once behind a lock. A ``Detector`` made from a factory has its own
``random.Random`` seeded from the factory, so concurrent calls neither race nor vary.

``lingua`` (lingua-language-detector, high-accuracy mode) is the default engine because it measured
clearly better on word pairs and single words (docs/detection.md). It is imported lazily, and one
detector per candidate pool, restricted to those languages, is built once behind the same lock.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib import resources

ENGINES = ("langdetect", "lingua-high", "lingua-low", "none")

_lock = threading.Lock()
_factories: dict[tuple[str, ...], object] = {}
_lingua: dict[tuple[str, tuple[str, ...]], object] = {}


def _langdetect_factory(pool: tuple[str, ...]):
    factory = _factories.get(pool)
    if factory is None:
        with _lock:
            factory = _factories.get(pool)
            if factory is None:
                from langdetect.detector_factory import DetectorFactory

                profiles = resources.files("langdetect").joinpath("profiles")
                factory = DetectorFactory()
                factory.load_json_profile([profiles.joinpath(lang).read_text(encoding="utf-8")
                                           for lang in pool])
                factory.set_seed(0)
                _factories[pool] = factory
    return factory


def _langdetect(text: str, pool: tuple[str, ...]) -> dict[str, float]:
    from langdetect.lang_detect_exception import LangDetectException

    factory = _langdetect_factory(pool)
    detector = factory.create()
    detector.append(text)
    try:
        detector.get_probabilities()
    except LangDetectException:  # no usable n-grams: no opinion
        return {lang: 1.0 / len(pool) for lang in pool}
    return dict(zip(factory.get_lang_list(), detector.langprob))


def _lingua_detector(mode: str, pool: tuple[str, ...]):
    key = (mode, pool)
    detector = _lingua.get(key)
    if detector is None:
        with _lock:
            detector = _lingua.get(key)
            if detector is None:
                from lingua import IsoCode639_1, LanguageDetectorBuilder

                codes = [IsoCode639_1.from_str(lang) for lang in pool]
                builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
                if mode == "lingua-low":
                    builder = builder.with_low_accuracy_mode()
                detector = builder.build()
                _lingua[key] = detector
    return detector


def _lingua_probs(text: str, pool: tuple[str, ...], mode: str) -> dict[str, float]:
    values = _lingua_detector(mode, pool).compute_language_confidence_values(text)
    out = {lang: 0.0 for lang in pool}
    for value in values:
        out[value.language.iso_code_639_1.name.lower()] = value.value
    if not any(out.values()):
        return {lang: 1.0 / len(pool) for lang in pool}
    return out


def probabilities(text: str, pool: Sequence[str], engine: str = "langdetect") -> dict[str, float]:
    """Probability of each language in ``pool`` for ``text`` according to ``engine``."""
    key = tuple(sorted(pool))
    if engine == "langdetect":
        return _langdetect(text, key)
    if engine in ("lingua-high", "lingua-low"):
        return _lingua_probs(text, key, engine)
    if engine == "none":
        return {lang: 1.0 / len(key) for lang in key}
    raise ValueError(f"unknown detection engine {engine!r} (choose from {', '.join(ENGINES)})")
