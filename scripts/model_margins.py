"""Measure how far a fixture model is from changing its output (used by the build and the check).

Why: the fixture packages must reproduce their corpus exactly on every x86-64 CPU, with int8, int8_float32
and float32. Different CPUs run different int8 kernels (AVX2 without VNNI saturates 16-bit pair sums,
AVX-512 VNNI does not; oneDNN/MKL pick other blockings and float paths), so the logits differ by a small
amount from machine to machine. An output is portable only if no decision of the decoder is closer than
that amount. Two kinds of decisions matter:

1. **Which token comes next on the reference path** (greedy search, and the top beam of beam search).
   ``reference_margins`` forces the reference with ``target_prefix`` and returns, per step, the logit of
   the reference token minus the best other logit (logit and log-prob differences are the same number:
   softmax subtracts one normaliser from all). ``max_deviation`` is the largest difference between a
   compute type's logits and float32's on those steps — the size of quantisation error itself, which
   bounds what one CPU's int8 kernel can differ from another's (both quantise the same weights the same way
   and differ only in accumulation order/saturation, which is smaller than quantising at all).
2. **When beam search stops.** With a length penalty, CTranslate2 stops a sentence once ``beam_size``
   hypotheses have *finished* (not when the best one has). Side hypotheses score at least one reference
   margin below the reference, but if ``beam_size`` of them finish *before* the reference, the reference
   is never returned — and which side branch survives is decided by near-ties among low-scoring
   candidates, i.e. by the CPU. ``early_finishers`` counts, per sentence, the side hypotheses that finish
   before the reference with ``num_hypotheses = beam_size``. Without a length penalty CTranslate2 stops
   when the *top* beam finishes instead, which the reference margins alone decide: that is why the
   test suite translates greedily (``tests/conftest.py``) and asserts only margin-decided decodings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Decoding settings reported: greedy, beam 2/4 without a length penalty (portable: decided by the
# reference margins), the beam 2 / length penalty 1 that l10n's engine uses by default, and
# argostranslate's defaults (beam 4, length_penalty 0.2) — the last two also depend on early finishers.
SETTINGS = ((1, 1.0), (2, 0.0), (4, 0.0), (2, 1.0), (4, 0.2))
COMPUTE_TYPES = ("int8", "int8_float32", "float32")
# The smallest reference margin a portable model may have, in logits. int8 versus float32 differs by
# well under 1 logit on these models (see Report.max_deviation); 4 logits leaves a factor of 4 or more.
MIN_MARGIN = 4.0


@dataclass
class Report:
    """What one compute type does with one model on its corpus."""

    compute_type: str
    min_margin: float              # min over reference steps of logit(ref) - max other logit
    max_deviation: float           # max |logit - float32 logit| on the reference steps
    misses: dict[str, int]         # per "beam/penalty" setting: corpus pairs not reproduced
    early: dict[str, int]          # per setting: most side hypotheses finishing before the reference
    logits: list[np.ndarray]       # per sentence: (steps, vocab) logits, to compare compute types

    def ok(self) -> bool:
        return not any(self.misses.values()) and not any(self.early.values())

    def summary(self) -> str:
        miss = " ".join(f"b{k}:{v}" for k, v in self.misses.items())
        early = " ".join(f"b{k}:{v}" for k, v in self.early.items())
        return (f"{self.compute_type}: min margin {self.min_margin:.2f}, max |logit-float32| "
                f"{self.max_deviation:.3f}, misses {miss}, early finishers {early}")


def reference_logits(translator, src: list[list[str]], tgt: list[list[str]], vocab: dict[str, int]):
    """Per sentence, the (steps, vocab) logits along the reference (its tokens, then </s>)."""
    results = translator.translate_batch(src, target_prefix=tgt, beam_size=1, return_logits_vocab=True,
                                         max_decoding_length=256)
    out, margins = [], []
    for res, ref in zip(results, tgt):
        ids = [vocab[p] for p in ref] + [vocab["</s>"]]
        steps = np.stack([np.asarray(x, dtype=np.float64) for x in res.logits[0][: len(ids)]])
        steps = np.where(np.isfinite(steps), steps, -1e9)
        rows = np.arange(len(ids))
        others = steps.copy()
        others[rows, ids] = -np.inf
        margins.append(steps[rows, ids] - others.max(axis=1))
        out.append(steps)
    return out, float(np.concatenate(margins).min())


def decode_checks(translator, src, tgt, decodings=SETTINGS) -> tuple[dict[str, int], dict[str, int]]:
    """Misses and the worst early-finisher count for every (beam, length penalty) in ``decodings``."""
    misses, early = {}, {}
    for beam, penalty in decodings:
        key = f"{beam}/{penalty:g}"
        results = translator.translate_batch(src, beam_size=beam, num_hypotheses=beam,
                                             length_penalty=penalty, max_decoding_length=256)
        misses[key] = sum(list(r.hypotheses[0]) != t for r, t in zip(results, tgt))
        early[key] = max(
            sum(1 for h in r.hypotheses if list(h) != t and len(h) < len(t))
            for r, t in zip(results, tgt)
        ) if beam > 1 else 0
    return misses, early


def measure(model_dir: Path, sp, pairs: list[tuple[str, str]],
            compute_types=COMPUTE_TYPES, decodings=SETTINGS) -> list[Report]:
    """A Report per compute type; deviations are against float32 (measured first)."""
    import ctranslate2

    vocab = {p: i for i, p in enumerate(json.loads(
        (Path(model_dir) / "shared_vocabulary.json").read_text(encoding="utf-8")))}
    src = [sp.encode(s, out_type=str) for s, _ in pairs]
    tgt = [sp.encode(t, out_type=str) for _, t in pairs]
    reports: dict[str, Report] = {}
    for ct in ("float32",) + tuple(c for c in compute_types if c != "float32"):
        translator = ctranslate2.Translator(str(model_dir), device="cpu", compute_type=ct, intra_threads=1)
        logits, margin = reference_logits(translator, src, tgt, vocab)
        misses, early = decode_checks(translator, src, tgt, decodings)
        base = reports["float32"].logits if "float32" in reports else logits
        deviation = max(float(np.abs(a - b).max()) for a, b in zip(logits, base))
        reports[ct] = Report(ct, margin, deviation, misses, early, logits)
    return [reports[c] for c in compute_types]

