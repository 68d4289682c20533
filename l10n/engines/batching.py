"""Dynamic batching: concurrent ``translate_direct`` calls for one language pair become one model call.

The HTTP service runs each request in a worker thread. Small requests (one CMS field, one
LibreTranslate ``q``) would each call CTranslate2 with a batch of one or two sentences, which
wastes most of the model's throughput. ``BatchingEngine`` wraps any engine: a call enqueues its
sentences under its (src, tgt) pair; the first caller of a round becomes the *leader*, waits for
the pair's model to be free (requests arriving meanwhile join its batch) — and, when the previous
batch merged several callers (the service is under load), up to ``max_wait_ms`` more for others
(or until ``max_batch`` sentences are queued) — then makes one ``inner.translate_direct`` call for
everybody and hands each caller its slice. A lone request is never delayed. No extra
thread is needed, and the pipeline does not know batching exists (it just calls an engine).

Faults stay with their caller: a request is validated (``inner.validate``, when the engine has one)
before it joins a batch, so bad input fails only its own call; and when a merged call fails anyway,
each request of it is retried alone, so only the request that causes the error receives it.

>>> class Upper:
...     name = "upper"
...     def pairs(self): return {("en", "uk")}
...     def translate_direct(self, sentences, src, tgt): return [s.upper() for s in sentences]
>>> BatchingEngine(Upper()).translate_direct(["a", "b"], "en", "uk")
['A', 'B']
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Sequence

from l10n import cancel


@dataclass
class _Request:
    sentences: list[str]
    token: cancel.Token | None = field(default_factory=cancel.current)
    done: threading.Event = field(default_factory=threading.Event)
    result: list[str] | None = None
    error: BaseException | None = None


@dataclass
class _Queue:
    requests: list[_Request] = field(default_factory=list)
    size: int = 0
    leader: bool = False          # a thread is collecting a batch for this pair
    full: threading.Event = field(default_factory=threading.Event)


@dataclass
class BatchStats:
    """Counters for ``/metrics`` and the benchmark: how well requests were merged."""

    calls: int = 0          # inner.translate_direct calls
    requests: int = 0       # translate_direct calls received
    sentences: int = 0
    retries: int = 0        # requests retried alone after a merged call failed
    cancelled: int = 0      # queued requests dropped because their caller had timed out


class BatchingEngine:
    """Wrap ``inner`` so concurrent calls for the same pair share one ``inner.translate_direct``."""

    def __init__(self, inner: Any, *, max_wait_ms: float = 5.0, max_batch: int = 64) -> None:
        self.inner = inner
        self.name = getattr(inner, "name", "engine")
        self.max_wait = max_wait_ms / 1000.0
        self.max_batch = max_batch
        self.stats = BatchStats()
        self._lock = threading.Lock()
        self._queues: dict[tuple[str, str], _Queue] = {}
        self._model_locks: dict[tuple[str, str], threading.Lock] = {}
        self._last_batch: dict[tuple[str, str], int] = {}

    def pairs(self) -> set[tuple[str, str]]:
        return self.inner.pairs()

    def __getattr__(self, name: str) -> Any:  # stats, refresh(), settings … of the wrapped engine
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)

    def translate_direct(self, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
        sentences = list(sentences)
        if not sentences:
            return []
        validate = getattr(self.inner, "validate", None)
        if validate is not None:
            validate(sentences, src, tgt)
        if len(sentences) >= self.max_batch:  # already a full batch: no reason to wait
            with self._lock:
                self.stats.requests += 1
            out: list[str] = []
            for i in range(0, len(sentences), self.max_batch):  # slices: a cancelled caller stops early
                cancel.check()
                out += self._call(src, tgt, sentences[i:i + self.max_batch])
            return out
        request = _Request(sentences)
        key = (src, tgt)
        with self._lock:
            self.stats.requests += 1
            queue = self._queues.setdefault(key, _Queue())
            queue.requests.append(request)
            queue.size += len(sentences)
            lead = not queue.leader
            if lead:
                queue.leader = True
                queue.full.clear()
            elif queue.size >= self.max_batch:
                queue.full.set()
        if lead:
            self._lead(key, queue)
        request.done.wait()
        if request.error is not None:
            raise request.error
        assert request.result is not None
        return request.result

    def _lead(self, key: tuple[str, str], queue: _Queue) -> None:
        """Collect followers for up to ``max_wait``, wait for the model, then translate everything queued.

        The batch is taken only once the pair's model is free, so requests that arrive while the
        previous batch is running join the next call instead of queueing behind it one by one.
        """
        model_lock = self._model_lock(key)
        if not model_lock.locked() and self._last_batch.get(key, 1) > 1:
            # Under load (the last batch merged several callers) a few ms of waiting fills the batch;
            # at low load nobody else is coming, so waiting would only add latency.
            queue.full.wait(self.max_wait)
        with model_lock:
            with self._lock:
                batch, queue.requests, queue.size = queue.requests, [], 0
                queue.leader = False
                self._last_batch[key] = len(batch)
            batch = self._drop_cancelled(batch)
            if not batch:
                return
            flat = [s for r in batch for s in r.sentences]
            try:
                out = self._inner_call(key, flat)
            except Exception as exc:
                if len(batch) == 1:
                    batch[0].error = exc
                else:
                    self._retry_alone(key, batch)
                for r in batch:
                    r.done.set()
                return
            except BaseException as exc:  # KeyboardInterrupt, SystemExit: nobody goes on waiting
                for r in batch:
                    r.error = exc
                    r.done.set()
                raise
        at = 0
        for r in batch:
            r.result = out[at:at + len(r.sentences)]
            at += len(r.sentences)
            r.done.set()

    def _drop_cancelled(self, batch: list[_Request]) -> list[_Request]:
        """Requests whose caller stopped waiting (timed out) are answered with ``Cancelled``, unrun."""
        keep = []
        for r in batch:
            try:
                cancel.check(r.token)
                keep.append(r)
            except cancel.Cancelled as exc:
                with self._lock:
                    self.stats.cancelled += 1
                r.error = exc
                r.done.set()
        return keep

    def _retry_alone(self, key: tuple[str, str], batch: list[_Request]) -> None:
        """After a merged call failed: one call per request, so each gets its own result or error."""
        with self._lock:
            self.stats.retries += len(batch)
        for r in batch:
            try:
                r.result = self._inner_call(key, r.sentences)
            except Exception as exc:
                r.error = exc

    def _model_lock(self, key: tuple[str, str]) -> threading.Lock:
        with self._lock:
            return self._model_locks.setdefault(key, threading.Lock())

    def _call(self, src: str, tgt: str, sentences: list[str]) -> list[str]:
        with self._model_lock((src, tgt)):
            return self._inner_call((src, tgt), sentences)

    def _inner_call(self, key: tuple[str, str], sentences: list[str]) -> list[str]:
        out = self.inner.translate_direct(sentences, *key)
        if len(out) != len(sentences):
            raise RuntimeError(f"engine returned {len(out)} translations for {len(sentences)} sentences")
        with self._lock:
            self.stats.calls += 1
            self.stats.sentences += len(sentences)
        return out
