"""BatchingEngine: concurrent calls for one pair share one inner call; results and errors go to the right caller."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from l10n.engines import base as engine_base
from l10n.engines.batching import BatchingEngine


class RecordingEngine:
    """Deterministic engine that records every batch it receives (plumbing test only)."""

    name = "recording"

    def __init__(self, delay: float = 0.0) -> None:
        self.calls: list[tuple[str, str, list[str]]] = []
        self.delay = delay
        self.lock = threading.Lock()

    def pairs(self):
        return {("en", "uk"), ("en", "ru"), ("uk", "en")}

    def translate_direct(self, sentences, src, tgt):
        with self.lock:
            self.calls.append((src, tgt, list(sentences)))
        time.sleep(self.delay)
        if any(s == "boom" for s in sentences):
            raise RuntimeError("model failed")
        return [f"{tgt}:{s}" for s in sentences]


def test_concurrent_calls_are_merged_and_each_caller_gets_its_own_slice():
    inner = RecordingEngine(delay=0.02)
    engine = BatchingEngine(inner, max_wait_ms=20, max_batch=1000)
    texts = [[f"t{i}-a", f"t{i}-b"] for i in range(32)]
    barrier = threading.Barrier(32)

    def call(batch):
        barrier.wait()
        return engine.translate_direct(batch, "en", "uk")

    with ThreadPoolExecutor(32) as pool:
        results = list(pool.map(call, texts))
    assert results == [[f"uk:{s}" for s in batch] for batch in texts]
    assert len(inner.calls) < 8, f"{len(inner.calls)} model calls for 32 concurrent requests"
    assert engine.stats.requests == 32 and engine.stats.sentences == 64
    assert sum(len(c[2]) for c in inner.calls) == 64


def test_pairs_are_never_mixed_in_one_call():
    inner = RecordingEngine(delay=0.01)
    engine = BatchingEngine(inner, max_wait_ms=10)
    jobs = [(["x"], "en", "uk"), (["y"], "en", "ru"), (["z"], "uk", "en")] * 5
    with ThreadPoolExecutor(15) as pool:
        results = list(pool.map(lambda j: engine.translate_direct(*j), jobs))
    assert results == [[f"{tgt}:{s[0]}"] for s, _, tgt in jobs]
    for src, tgt, sentences in inner.calls:
        assert all(s == {"uk": "x", "ru": "y", "en": "z"}[tgt] for s in sentences)


def test_an_error_reaches_every_caller_of_that_batch_and_later_calls_work():
    inner = RecordingEngine(delay=0.01)
    engine = BatchingEngine(inner, max_wait_ms=30)
    barrier = threading.Barrier(2)

    def call(text):
        barrier.wait()
        try:
            return engine.translate_direct([text], "en", "uk")
        except RuntimeError as exc:
            return str(exc)

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(call, ["boom", "fine"]))
    assert "model failed" in results
    assert engine.translate_direct(["ok"], "en", "uk") == ["uk:ok"]


def test_large_call_goes_straight_through_and_pivot_works_through_the_wrapper():
    inner = RecordingEngine()
    engine = BatchingEngine(inner, max_batch=4)
    assert engine.translate_direct(["a", "b", "c", "d", "e"], "en", "uk") == [f"uk:{s}" for s in "abcde"]
    assert engine_base.translate(engine, ["hi"], "uk", "ru") == ["ru:en:hi"]
    assert engine.translate_direct([], "en", "uk") == []
    assert engine.pairs() == inner.pairs()


def test_real_argos_engine_batched(engine_or_skip):
    """With the real test packages: a merged batch gives each caller what it would get alone."""
    inner = engine_or_skip
    pair = ("en", "uk") if ("en", "uk") in inner.pairs() else sorted(inner.pairs())[0]
    sentences = ["Hello.", "The city council met on Monday.", "Thank you."]
    alone = [inner.translate_direct([s], *pair)[0] for s in sentences]
    assert inner.translate_direct(sentences, *pair) == alone
    wrapped = BatchingEngine(inner, max_wait_ms=20)
    with ThreadPoolExecutor(3) as pool:
        out = list(pool.map(lambda s: wrapped.translate_direct([s], *pair)[0], sentences))
    assert out == alone and wrapped.stats.sentences == 3


@pytest.fixture
def engine_or_skip(request):
    return request.getfixturevalue("engine")
