"""Language identification for articles, paragraphs and single segments (en, uk, ru, tr).

How a text is decided (docs/detection.md has the measurements behind each step):

1. Fewer than :data:`MIN_LETTERS` letters (empty, numbers, punctuation, one letter): ``unknown``.
2. Script: the text's dominant script (Latin or Cyrillic) narrows the candidates to that script's
   languages (en/tr or uk/ru). When no candidate writes that script: ``unknown``.
3. Within a script pair, lingua (high-accuracy mode, restricted to the pair; or, with
   ``engine="langdetect"``, a seeded, profile-restricted langdetect) gives probabilities, and
   rule evidence (letters, function words, endings, pymorphy3 dictionaries; see
   :mod:`l10n.detect.evidence`) adds log-odds. The confidence is the softmax of the sum.

Everything is deterministic: the same text and candidates always give the same ``Detection``.

>>> detect_language("Це речення написане українською мовою.").lang
'uk'
>>> detect_language("12 345,6 %")
Detection(lang='unknown', confidence=0.0)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from l10n.detect import evidence, models
from l10n.languages import SUPPORTED, normalize_lang

__all__ = ["Detection", "ArticleDetection", "UNKNOWN", "MIN_LETTERS",
           "detect_language", "detect_blocks", "detect_article"]

UNKNOWN = "unknown"
#: Fewer letters than this is "too short": one letter is a word in several of the languages
#: (a, I, o, і, я, в), so it carries no evidence worth a guess.
MIN_LETTERS = 2
#: Statistical probabilities are clipped to [FLOOR, 1 - FLOOR] before taking logs, so that rule
#: evidence (a letter only one language writes is worth more than any n-gram guess) can overrule them.
PROB_FLOOR = 0.01
#: Weight of the statistical log-probabilities against the rule log-odds.
MODEL_WEIGHT = 1.0
#: Engine used by default (lingua, high-accuracy mode); docs/detection.md measures it against langdetect.
DEFAULT_ENGINE = "lingua-high"


@dataclass(frozen=True)
class Detection:
    lang: str
    confidence: float


@dataclass(frozen=True)
class ArticleDetection:
    lang: str
    confidence: float
    per_paragraph: list[Detection] = field(default_factory=list)


_UNKNOWN = Detection(UNKNOWN, 0.0)


def _candidates(candidates: Sequence[str] | None) -> tuple[str, ...]:
    if candidates is None:
        return SUPPORTED
    out: list[str] = []
    for code in candidates:
        lang = normalize_lang(code)
        if lang not in out:
            out.append(lang)
    return tuple(out)


def detect_language(text: str, candidates: Sequence[str] | None = None, *,
                    engine: str = DEFAULT_ENGINE) -> Detection:
    """Detect the language of ``text`` among ``candidates`` (default: all supported languages).

    Returns ``Detection("unknown", 0.0)`` for text with fewer than ``MIN_LETTERS`` letters, or
    whose letters are in a script none of the candidates writes. ``engine`` selects the statistical
    part (``langdetect``, ``lingua-high``, ``lingua-low``, ``none``) and exists for the benchmark.
    """
    pool_all = _candidates(candidates)
    latin, cyrillic, total = evidence.script_counts(text)
    if total < MIN_LETTERS or latin + cyrillic == 0:
        return _UNKNOWN
    script = "cyrillic" if cyrillic > latin else "latin"
    pool = [lang for lang in pool_all if evidence.SCRIPT.get(lang) == script]
    if not pool:
        return _UNKNOWN
    share = max(latin, cyrillic) / total
    if len(pool) == 1:
        return Detection(pool[0], round(share, 4))
    words = evidence.WORD_RE.findall(text)
    scores = evidence.text_evidence(words, pool)
    for part in engine.split("+"):
        probs = models.probabilities(text, pool, part)
        for lang in pool:
            p = min(max(probs.get(lang, 0.0), PROB_FLOOR), 1.0 - PROB_FLOOR)
            scores[lang] += MODEL_WEIGHT * math.log(p)
    best = max(pool, key=lambda lang: (scores[lang], -pool.index(lang)))
    top = scores[best]
    confidence = 1.0 / sum(math.exp(scores[lang] - top) for lang in pool)
    return Detection(best, round(confidence * share, 4))


def detect_blocks(texts: Sequence[str], candidates: Sequence[str] | None = None, *,
                  engine: str = DEFAULT_ENGINE) -> list[Detection]:
    """Detect each text separately (one result per input, in order)."""
    pool = _candidates(candidates)
    return [detect_language(text, pool, engine=engine) for text in texts]


def detect_article(paragraphs: Sequence[str], candidates: Sequence[str] | None = None, *,
                   engine: str = DEFAULT_ENGINE) -> ArticleDetection:
    """Detect an article paragraph by paragraph; the article's language is the one with most letters.

    An English article quoting a Ukrainian paragraph is English, and the quoted paragraph keeps its
    own ``uk`` result in ``per_paragraph`` so the pipeline can treat it separately.
    """
    per = detect_blocks(paragraphs, candidates, engine=engine)
    weight: dict[str, float] = {}
    letters: dict[str, int] = {}
    for text, det in zip(paragraphs, per):
        if det.lang == UNKNOWN:
            continue
        n = evidence.script_counts(text)[2]
        letters[det.lang] = letters.get(det.lang, 0) + n
        weight[det.lang] = weight.get(det.lang, 0.0) + n * det.confidence
    if not letters:
        return ArticleDetection(UNKNOWN, 0.0, per)
    lang = max(letters, key=lambda k: (letters[k], weight[k]))
    total = sum(letters.values())
    confidence = weight[lang] / total
    return ArticleDetection(lang, round(confidence, 4), per)
