"""What the HTTP routes do, without HTTP: one ``Service`` per process around one shared ``Translator``.

Every operation here is a plain blocking function that calls the ``Translator`` facade
(``l10n.api``) — the same code path as the CLI and the Python API — and returns JSON-ready dicts.
The FastAPI layer (``l10n.service.app``) runs them in a thread pool so the event loop never blocks,
and the thread pool is what lets ``BatchingEngine`` merge concurrent requests into one model call.
"""

from __future__ import annotations

import logging
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any, Callable, Sequence

from l10n import cancel
from l10n.api import Translator
from l10n.engines.argos import ArgosEngine
from l10n.engines.base import hypotheses, reachable_pairs
from l10n.engines.batching import BatchingEngine
from l10n.errors import L10nError, LimitExceeded, MemoryStoreError, UsageError
from l10n.fileio import decode_utf8
from l10n.formats import BINARY_FORMATS, detect_format
from l10n.glossary import load_glossary_text
from l10n.inline import strip_tags
from l10n.languages import NAMES, normalize_lang
from l10n.po import read_catalog
from l10n.segment import split_sentences
from l10n.service.config import ServiceConfig
from l10n.service.jobs import JobStore
from l10n.service.metrics import Metrics
from l10n.service.webhooks import deliver, load_or_create_secret, new_secret, url_allowed
from l10n.tm import Unit, memory_for
from l10n.storage.glossaries import FileGlossaries

log = logging.getLogger("l10n.service")

GLOSSARY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z")  # \Z: "$" accepts "abc\n"
GLOSSARY_FORMATS = ("yaml", "csv", "tbx")
#: ``Unit.file`` of translations suggested through LibreTranslate's ``/suggest`` (see ``l10n tm review``)
SUGGESTION_FILE = "suggest"


class Service:
    def __init__(self, settings: Any, config: ServiceConfig, translator: Any = None) -> None:
        self.settings = settings
        self.config = config
        if translator is None:
            engine = BatchingEngine(ArgosEngine(settings), max_wait_ms=config.batch_wait_ms,
                                    max_batch=config.max_batch)
            memory = None
            if config.memory:
                memory = memory_for(settings.memory_path, settings.database_url)
            translator = Translator(settings, engine=engine, memory=memory)
        self.translator = translator
        self.metrics = Metrics()
        self.db = self.queue = None
        if settings.database_url:  # scale-out: shared state in PostgreSQL, jobs run by `l10n worker`s
            self._use_database(settings.database_url)
        else:
            self.jobs: Any = JobStore(config.data_dir(settings) / "jobs.sqlite3")
            self.glossaries: Any = FileGlossaries(settings.home / "glossaries")
        self._job_pool = ThreadPoolExecutor(max_workers=config.job_workers, thread_name_prefix="l10n-job")
        self._hook_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="l10n-webhook")
        self._glossary_cache: dict[tuple, Any] = {}
        self._glossary_lock = threading.Lock()
        self._secret: str | None = config.webhook_secret
        self._secret_lock = threading.Lock()

    def _use_database(self, url: str) -> None:
        """Jobs, glossaries and the webhook secret in the shared database (psycopg and procrastinate
        are the optional ``l10n[postgres]`` dependencies, so they are imported only here)."""
        from l10n.queue import JobQueue
        from l10n.service.pgjobs import PgJobStore
        from l10n.storage.glossaries import PgGlossaries
        from l10n.storage.postgres import open_database
        self.db = open_database(url)
        self.jobs = PgJobStore(self.db)
        self.glossaries = PgGlossaries(self.db)
        self.queue = JobQueue(url)

    # ------------------------------------------------------------------ languages

    def pairs(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        return reachable_pairs(self.translator.engine.pairs())

    def languages(self) -> list[dict]:
        """Each language that is a source of some pair, with the targets it reaches (LibreTranslate shape)."""
        reach = self.pairs()
        langs = sorted({lang for pair in reach for lang in pair})
        return [{"code": lang, "name": NAMES.get(lang, lang),
                 "targets": sorted(t for (s, t) in reach if s == lang)} for lang in langs]

    # ------------------------------------------------------------------ detection

    def detect(self, text: str, candidates: Sequence[str] | None = None) -> dict:
        if candidates:
            candidates = [normalize_lang(c) for c in candidates]
        found = self.translator.detect(text, candidates or None)
        return {"language": found.lang, "confidence": round(float(found.confidence), 4)}

    # ------------------------------------------------------------------ translation

    def _translator_for(self, glossary_ids: Sequence[str]) -> Any:
        """The shared translator, or one sharing its engine with the requested glossaries loaded (cached)."""
        if not glossary_ids:
            return self.translator
        for gid in glossary_ids:
            _check_glossary_id(gid)
        key = tuple((gid, self.glossaries.version(gid)) for gid in glossary_ids)
        with self._glossary_lock:
            cached = self._glossary_cache.get(key)
            if cached is None:
                glossary = self.glossaries.load(glossary_ids)  # replaces the shipped default, like `translate --glossary`
                cached = Translator(self.settings, engine=self.translator.engine, glossary=glossary,
                                    memory=self.translator.memory)
                if len(self._glossary_cache) > 32:
                    self._glossary_cache.clear()
                self._glossary_cache[key] = cached
            return cached

    def count_segments(self, doc: Any, src: str) -> int:
        """Sentences in ``doc`` (split with the source language's rules; English rules for ``auto``)."""
        lang = src if src != "auto" else "en"
        return sum(len(split_sentences(strip_tags(b.text), lang)) for b in doc.blocks)

    def translate_article(self, request: dict) -> dict:
        """``POST /v1/translate`` body in, per-language result out (blocking)."""
        targets = [normalize_lang(t) for t in request["targets"]]
        src = normalize_lang(request.get("source") or "auto", allow_auto=True)
        options = request.get("options") or {}
        translator = self._translator_for(request.get("glossaries") or [])
        fields = [("body", request["body"], request.get("format") or "text")]
        if request.get("title"):
            fields.insert(0, ("title", request["title"], "text"))
        docs = [(name, translator.read(text, fmt=fmt, doc_id=request.get("id") or "article")) for name, text, fmt in fields]
        total = sum(self.count_segments(doc, src) for _, doc in docs)
        if total > self.config.max_segments:
            raise LimitExceeded(f"the article has {total} sentences; this service accepts at most "
                                f"{self.config.max_segments} per request")
        out: dict[str, dict] = {t: {"title": None, "segments": []} for t in targets}
        source_lang = src
        for name, doc in docs:
            if not doc.blocks:
                for t in targets:
                    out[t][name] = translator_render_empty(doc)
                continue
            result = translator.translate_document(doc, targets, src=src, qa=bool(options.get("qa", True)),
                                                   localize_values=bool(options.get("localize", True)))
            for t, art in result.items():
                source_lang = art.source_lang
                out[t][name] = art.output
                out[t]["source_lang"] = art.source_lang
                for seg in art.segments:
                    out[t]["segments"].append({"field": name, **seg.to_dict()})
                self.metrics.count_segments(art.source_lang, t, [s.origin for s in art.segments])
        for t in targets:
            flags = [f for s in out[t]["segments"] for f in s["flags"]]
            out[t]["flag_counts"] = {sev: sum(1 for f in flags if f["severity"] == sev)
                                     for sev in ("critical", "error", "warning", "info")}
            out[t].setdefault("source_lang", source_lang)
        return {"id": request.get("id"), "source_lang": source_lang, "translations": out}

    def translate_text(self, text: str, src: str, tgt: str, fmt: str) -> str:
        """One LibreTranslate ``q`` item (blocking); like ``Translator.translate_texts`` but keeps the
        per-sentence origins for the metrics, and skips the QA checks: a LibreTranslate answer has no
        place for their flags, and they cost a third of the per-request CPU (glossary enforcement
        and number/date localization still run — they change the text)."""
        if not text.strip():
            return text
        doc = self.translator.read(text, fmt="html" if fmt == "html" else "text", doc_id="text")
        result = self.translator.translate_document(doc, [tgt], src=src, qa=False)[tgt]
        self.metrics.count_segments(result.source_lang, tgt, [s.origin for s in result.segments])
        return result.output

    def alternatives(self, text: str, src: str, tgt: str, n: int, best: str) -> list[str]:
        """Up to ``n`` other translations of ``text`` (raw MT hypotheses, LibreTranslate's ``alternatives``)."""
        if n <= 0 or not text.strip() or src == tgt:
            return []
        found = hypotheses(self.translator.engine, text.strip(), src, tgt, n + 1)
        return [h for h in found if h and h != best][:n]

    def translate_file(self, data: bytes, filename: str, src: str, tgt: str) -> bytes:
        """A whole file (any ``l10n.formats`` format, by extension) translated; ``bytes`` in and out."""
        fmt = detect_format("", filename)
        text = data if fmt in BINARY_FORMATS else decode_utf8(data, name=filename)
        doc = self.translator.read(text, fmt=fmt, path=filename)
        if not doc.blocks:
            return data
        result = self.translator.translate_document(doc, [tgt], src=src, qa=False)[tgt]
        self.metrics.count_segments(result.source_lang, tgt, [s.origin for s in result.segments])
        out = result.output
        return out if isinstance(out, bytes) else out.encode("utf-8")

    def suggest(self, q: str, s: str, src: str, tgt: str) -> None:
        """Store a user's suggested translation as an unreviewed draft in the translation memory.

        Drafts (origin ``mt``, file ``suggest``) are never served by exact lookups, which read only
        approved units; a translator approves one with ``l10n tm review`` or a PO/XLIFF import."""
        memory = self.translator.memory
        if memory is None:
            raise MemoryStoreError("suggestions need the translation memory (the service runs with --no-memory)")
        memory.add_many([Unit(src, tgt, q, s, "mt", SUGGESTION_FILE)])

    # ------------------------------------------------------------------ jobs

    def submit_job(self, request: dict, *, queue: str = "cms") -> dict:
        job = self.jobs.create(request)
        if self.queue is None:
            self._start_job(job.id)
            return job.to_dict()
        try:
            self.queue.enqueue(job.id, queue)
        except Exception as exc:  # the row must not wait forever for a task that was never queued
            self.jobs.claim(job.id)
            self.jobs.fail(job.id, "queue_unavailable", f"could not enqueue the job: {exc}")
            raise
        return job.to_dict()

    def run_queued_job(self, job_id: str) -> None:
        """What an ``l10n worker`` thread (or ``l10n batch submit --run``) does with one job: run it
        (unless another attempt finished it), then deliver its webhook once (``take_webhook`` guards
        against two senders)."""
        if self.jobs.get(job_id) is None:
            log.error("job %s: no such job in the store; task dropped", job_id)
            return
        self._run_job(job_id)
        if self.queue is None:  # embedded: _run_job scheduled the webhook on this process's pool
            return
        job = self.jobs.get(job_id)
        if job.request.get("webhook_url") and job.state in ("done", "failed") and job.webhook_state is None:
            self.jobs.set_webhook_state(job_id, "pending")
        if self.jobs.take_webhook(job_id):
            self._send_webhook(job_id)

    def _start_job(self, job_id: str) -> None:
        self._watch(self._job_pool.submit(self._run_job, job_id), job_id, "worker", lambda: self.jobs.fail(
            job_id, "internal", "internal error while running the job; see the service log"))

    def _start_webhook(self, job_id: str) -> None:
        self._watch(self._hook_pool.submit(self._send_webhook, job_id), job_id, "webhook delivery",
                    lambda: self.jobs.set_webhook_state(job_id, "failed"))

    @staticmethod
    def _watch(future: Future, job_id: str, what: str, record_failure: Callable[[], None]) -> None:
        """A pool task that raised (the store failed, say) is a bug: log it and record the failure,
        never silently."""
        def done(f: Future) -> None:
            if f.cancelled() or f.exception() is None:
                return
            log.error("job %s: %s failed", job_id, what, exc_info=f.exception())
            try:
                record_failure()
            except Exception:
                log.exception("job %s: could not record the %s failure", job_id, what)

        future.add_done_callback(done)

    def _run_job(self, job_id: str) -> None:
        if not self.jobs.claim(job_id):
            return
        job = self.jobs.get(job_id)
        assert job is not None
        try:
            result = self.translate_article(job.request)
        except L10nError as err:
            self.jobs.fail(job_id, err.code, str(err))
        except Exception:  # a bug: keep the traceback in the log, not in the job
            log.exception("job %s failed", job_id)
            self.jobs.fail(job_id, "internal", "internal error while translating; see the service log")
        else:
            self.jobs.finish(job_id, result)
        self._schedule_webhook(job_id)

    def _schedule_webhook(self, job_id: str) -> None:
        job = self.jobs.get(job_id)
        if job is None or not job.request.get("webhook_url"):
            return
        self.jobs.set_webhook_state(job_id, "pending")
        if self.queue is None:  # with a queue, the worker delivers it itself (run_queued_job)
            self._start_webhook(job_id)

    def webhook_secret(self) -> str:
        """The configured secret, or the one stored under the data directory (created on first use)."""
        with self._secret_lock:
            if self._secret is None and self.db is not None:  # every replica and worker signs alike
                self._secret = self.db.shared_value("webhook_secret", new_secret)
            if self._secret is None:
                self._secret = load_or_create_secret(self.config.data_dir(self.settings) / "webhook-secret")
            return self._secret

    def _send_webhook(self, job_id: str) -> None:
        job = self.jobs.get(job_id)
        assert job is not None
        url = job.request["webhook_url"]
        if not url_allowed(url, self.config.webhook_allow):  # allow-list changed since the job was queued
            self.jobs.set_webhook_state(job_id, "refused")
            return
        payload = {"type": "job.completed" if job.state == "done" else "job.failed",
                   "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                   "data": job.to_dict() | {"webhook": None}}
        payload["data"].pop("webhook")
        ok = deliver(url, self.webhook_secret(), f"msg_{job_id}", payload,
                     attempts=self.config.webhook_attempts, backoff=self.config.webhook_backoff_s,
                     timeout=self.config.webhook_timeout_s)
        self.jobs.set_webhook_state(job_id, "delivered" if ok else "failed")

    def recover(self) -> None:
        """Start-up: resume unfinished jobs and undelivered webhooks of a previous process."""
        self.jobs.purge(self.config.job_retention_s)
        requeued, failed = self.jobs.recover()
        for job_id in requeued:
            self._start_job(job_id)
        for job_id in failed:
            self._schedule_webhook(job_id)
        for job_id in self.jobs.webhooks_pending():
            self._start_webhook(job_id)
        if requeued or failed:
            log.warning("recovered jobs after restart: %d resumed, %d marked failed", len(requeued), len(failed))

    def close(self) -> None:
        self._job_pool.shutdown(wait=False, cancel_futures=True)
        self._hook_pool.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------------ glossaries

    def get_glossary(self, gid: str) -> dict:
        fmt, content = self.glossaries.read(_check_glossary_id(gid))
        return {"id": gid, "format": fmt, "content": content}

    def put_glossary(self, gid: str, fmt: str, content: str) -> dict:
        """Validate with the loader the CLI uses (``load_glossary_text``), then store (atomically)."""
        _check_glossary_id(gid)
        if fmt not in GLOSSARY_FORMATS:
            raise UsageError(f"glossary format must be one of {', '.join(GLOSSARY_FORMATS)}", where="format")
        glossary = load_glossary_text(content, fmt, name=f"glossary {gid}")
        self.glossaries.write(gid, fmt, content)
        return {"id": gid, "format": fmt, "terms": len(glossary)}

    # ------------------------------------------------------------------ PO workflow

    def po_export(self, request: dict) -> dict:
        """PO template and one PO file per language (``Translator.export_po``), as text."""
        article = request["article"]
        targets = [normalize_lang(t) for t in request["targets"]]
        existing = {normalize_lang(lang): read_catalog(text, name=f"previous.{lang}")
                    for lang, text in (request.get("previous") or {}).items()}
        template, files = self.translator.export_po(
            article["body"], targets, src=article.get("source") or "en", fmt=article.get("format") or "text",
            doc_id=article.get("id"), mt=request.get("mt", True), existing=existing)
        return {"id": article.get("id"), "pot": str(template), "files": {lang: str(po) for lang, po in files.items()}}

    def po_import(self, request: dict) -> dict:
        """Rebuild the translated article from a reviewed PO file's text (``Translator.import_po``)."""
        article = request["article"]
        result = self.translator.import_po(read_catalog(request["po"], name="po"), article["body"],
                                           fmt=article.get("format") or "auto",
                                           fallback=request.get("fallback") or "mt", doc_id=article.get("id"))
        return {"id": article.get("id"), "lang": result.lang, "output": result.output, "report": result.report}

    # ------------------------------------------------------------------ metrics

    def metrics_text(self) -> str:
        engine = self.translator.engine
        extra = {}
        stats = getattr(engine, "stats", None)
        if stats is not None and hasattr(stats, "calls"):
            extra["l10n_model_calls_total"] = ("counter", "Calls into the translation model (after batching).",
                                               float(stats.calls))
        extra["l10n_cancelled_total"] = ("counter", "Requests whose work stopped early after a 504 timeout.",
                                         float(cancel.stopped_total()))
        if isinstance(engine, BatchingEngine):
            extra["l10n_batch_requests_total"] = ("counter", "Engine calls received by the batching layer.",
                                                  float(engine.stats.requests))
            extra["l10n_batch_sentences_total"] = ("counter", "Sentences sent to the model by the batching layer.",
                                                   float(engine.stats.sentences))
            extra["l10n_batch_retries_total"] = ("counter", "Requests retried alone after a merged call failed.",
                                                 float(engine.stats.retries))
            extra["l10n_batch_cancelled_total"] = ("counter", "Queued requests dropped: their caller timed out.",
                                                   float(engine.stats.cancelled))
        return self.metrics.render(extra) + self._queue_metrics()

    def storage_health(self) -> dict:
        """``/healthz``'s database and queue part: backend, reachability, queue depth, live workers."""
        if self.db is None:
            return {"database": {"ok": True, "backend": "sqlite"}, "queue": {"backend": "threads"}}
        try:
            self.db.query("SELECT 1")
            queue = {"backend": "procrastinate", "depth": self.queue.depth(), "workers": self.queue.workers(),
                     "jobs": self.jobs.counts()}
        except Exception as exc:  # report it: a load balancer should stop sending requests here
            return {"database": {"ok": False, "backend": "postgresql", "where": self.db.where,
                                 "error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__},
                    "queue": {"backend": "procrastinate"}}
        return {"database": {"ok": True, "backend": "postgresql", "where": self.db.where}, "queue": queue}

    def _queue_metrics(self) -> str:
        """Queue depth per queue and status, live workers and recent job latency (shared database only)."""
        if self.db is None:
            return ""
        health = self.storage_health()
        if not health["database"]["ok"]:
            return "# TYPE l10n_database_up gauge\nl10n_database_up 0\n"
        lines = ["# TYPE l10n_database_up gauge", "l10n_database_up 1",
                 "# HELP l10n_queue_depth Queued tasks per queue and status (procrastinate).",
                 "# TYPE l10n_queue_depth gauge"]
        for queue, states in sorted(health["queue"]["depth"].items()):
            lines += [f'l10n_queue_depth{{queue="{queue}",status="{st}"}} {n}' for st, n in sorted(states.items())]
        lines += ["# HELP l10n_workers Workers with a recent heartbeat.", "# TYPE l10n_workers gauge",
                  f"l10n_workers {health['queue']['workers']}",
                  "# HELP l10n_job_latency_seconds Mean queued-to-finished time of the last 100 finished jobs.",
                  "# TYPE l10n_job_latency_seconds gauge", f"l10n_job_latency_seconds {self.jobs.latency():.3f}"]
        return "\n".join(lines) + "\n"


def _check_glossary_id(gid: str) -> str:
    if not GLOSSARY_ID.match(gid):
        raise UsageError("glossary id must be 1-64 letters, digits, '-' or '_'", where=f"glossary {gid!r}")
    return gid


def translator_render_empty(doc: Any) -> str:
    """A document without translatable blocks is rendered unchanged (only markup/whitespace)."""
    return "".join(p for p in doc.parts if isinstance(p, str))
