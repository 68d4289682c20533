"""The ASGI application: ``create_app(settings, translator=None) -> FastAPI``.

FastAPI (on Starlette, served by uvicorn) because it derives the OpenAPI schema from the typed
request models: CMS developers read it at ``/docs``, and the tests feed the same schema to
schemathesis, so the documentation cannot drift from the code.

Layers, outermost first: body-size limit -> metrics -> CORS (optional) -> routes. Routes
authenticate (``Authorization: Bearer KEY`` or ``X-API-Key``; LibreTranslate routes take
``api_key`` in the body), rate-limit, then run the blocking work from ``l10n.service.core`` in a
thread pool with a timeout. Every error is JSON ``{"error": message, "code": stable_code}``;
tracebacks stay in the server log.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any, Callable, Literal

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from l10n import __version__
from l10n.errors import L10nError
from l10n.service.config import ServiceConfig
from l10n.service.core import LimitExceeded, NotFound, Service
from l10n.service.metrics import CONTENT_TYPE
from l10n.service.security import ApiKeys, RateLimiter

log = logging.getLogger("l10n.service")


class ApiError(Exception):
    """An HTTP error with a stable machine-readable code."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def error_response(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "code": code}, status_code=status, headers=headers)


def status_for(err: L10nError) -> int:
    if isinstance(err, NotFound):
        return 404
    if isinstance(err, LimitExceeded):
        return 413
    return 400


# ---------------------------------------------------------------------- request / response models

class TranslateOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    qa: bool = Field(True, description="run QA checks and report flags per segment")
    localize: bool = Field(True, description="localize numbers, money and dates")
    mode: Literal["auto", "sync", "async"] = Field(
        "auto", description="auto: synchronous up to the size limit, else a job; async: always a job")


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(None, max_length=200, description="the CMS's article id (echoed back)")
    title: str | None = Field(None, description="translated as plain text")
    body: str
    format: Literal["text", "markdown", "html"] = "text"
    source: str = Field("auto", description="source language code, or auto")
    targets: list[str] = Field(..., min_length=1, max_length=8, examples=[["uk", "ru"]])
    glossaries: list[str] = Field(default_factory=list, max_length=8,
                                  description="ids of glossaries stored with PUT /v1/glossaries/{id}")
    options: TranslateOptions = Field(default_factory=TranslateOptions)
    webhook_url: str | None = Field(None, description="called when the job finishes (must be allow-listed)")


class FlagOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    code: str
    severity: str
    message: str


class ChangeOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    kind: str
    term: str
    before: str
    after: str


class SegmentOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    field: Literal["title", "body"]
    id: str = Field(description="<block>.<sentence>, stable for an unchanged article")
    source: str
    target: str
    source_lang: str
    origin: str = Field(description="mt | tm | copy | same-language")
    flags: list[FlagOut]
    changes: list[ChangeOut]


class LanguageOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    title: str | None = None
    body: str
    source_lang: str
    segments: list[SegmentOut]
    flag_counts: dict[str, int]


class TranslateOut(BaseModel):
    id: str | None
    source_lang: str
    translations: dict[str, LanguageOut]


class JobOut(BaseModel):
    id: str
    state: Literal["queued", "running", "done", "failed"]
    created: float
    updated: float
    attempts: int
    result: TranslateOut | None = None
    error: dict | None = None
    webhook: str | None = Field(None, description="pending | delivered | failed | refused")


class JobAccepted(BaseModel):
    job_id: str
    state: str
    status_url: str


class DetectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    candidates: list[str] | None = None


class DetectOut(BaseModel):
    language: str
    confidence: float


class GlossaryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["yaml", "csv", "tbx"] = "yaml"
    content: str


class ArticleRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(None, max_length=200)
    body: str
    format: Literal["text", "markdown", "html"] = "text"
    source: str = "en"


class PoExportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    article: ArticleRef
    targets: list[str] = Field(..., min_length=1, max_length=8)
    mt: bool = Field(True, description="false: empty msgstrs (translate by hand)")
    previous: dict[str, str] = Field(default_factory=dict,
                                     description="existing PO text per language, merged like msgmerge")


class PoImportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    article: ArticleRef
    po: str = Field(..., description="the reviewed PO file's text")
    fallback: Literal["mt", "source"] = "mt"


# ---------------------------------------------------------------------- ASGI middleware

class BodyLimit:
    """Reject bodies over ``limit`` bytes with 413 before any route parses them."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await self._reject(scope, receive, send)
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                return await self._reject(scope, receive, send)
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    async def _reject(self, scope, receive, send):
        response = error_response(413, "body_too_large", f"request body larger than {self.limit} bytes")
        await response(scope, receive, send)


class MetricsMiddleware:
    def __init__(self, app: Any, metrics: Any) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.observe_request(scope["method"], route, status, time.perf_counter() - started)


# ---------------------------------------------------------------------- the app

def create_app(settings: Any = None, translator: Any = None, *, config: ServiceConfig | None = None) -> FastAPI:
    """Build the service. ``translator``: a shared ``l10n.Translator`` (default: Argos models from
    ``settings.home`` behind a ``BatchingEngine``)."""
    from l10n.settings import Settings
    settings = settings or Settings.from_env()
    config = config or ServiceConfig()
    service = Service(settings, config, translator)
    keys = ApiKeys(config.api_keys)
    limiter = RateLimiter(config.rate_limit_per_s, config.rate_limit_burst) if config.rate_limit_per_s > 0 else None
    executor = ThreadPoolExecutor(max_workers=config.request_threads, thread_name_prefix="l10n-req")

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        service.recover()
        yield
        service.close()
        executor.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(title="l10n translation service", version=__version__, lifespan=lifespan,
                  description="Offline article translation (en <-> uk, ru, tr) with glossary, localization "
                              "and QA; LibreTranslate-compatible endpoints at /translate, /detect, /languages.")
    app.state.service = service

    async def run(fn: Callable, *args) -> Any:
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(executor, fn, *args), config.request_timeout_s)
        except asyncio.TimeoutError:
            raise ApiError(504, "timeout", f"not finished within {config.request_timeout_s:g} s; "
                                           "send long articles with options.mode=async") from None

    app.state.run = run

    def check_access(request: Request, key: str | None, *, missing_status: int = 401) -> None:
        """Authenticate (when keys are configured) and rate-limit; raises ``ApiError``."""
        identity = request.client.host if request.client else "unknown"
        if keys.required:
            name = keys.lookup(key)
            if key and name is None:
                raise ApiError(403, "invalid_api_key", "Invalid API key")
            if name is None:
                message = ("Please contact the server operator to get an API key" if missing_status == 400
                           else "an API key is required (Authorization: Bearer KEY or X-API-Key)")
                raise ApiError(missing_status, "api_key_required", message)
            identity = "key:" + name
        if limiter is not None:
            ok, wait = limiter.allow(identity)
            if not ok:
                raise ApiError(429, "rate_limited", f"Slowdown: too many requests; retry in {wait:.1f} s",
                               headers={"Retry-After": str(max(1, round(wait + 0.5)))})

    app.state.check_access = check_access

    def v1_access(request: Request) -> None:
        auth = request.headers.get("authorization", "")
        key = auth[7:].strip() if auth.lower().startswith("bearer ") else request.headers.get("x-api-key")
        check_access(request, key)

    # -- errors
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(L10nError)
    async def _l10n_error(request: Request, exc: L10nError):
        return error_response(status_for(exc), exc.code, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        codes = {404: "not_found", 405: "method_not_allowed"}
        return error_response(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        message = f"{where}: {first.get('msg', 'invalid request')}" if where else first.get("msg", "invalid request")
        return JSONResponse({"error": message, "code": "invalid_request",
                             "details": [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in errors]},
                            status_code=422)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal", "internal server error")

    # -- own API
    @app.post("/v1/translate", dependencies=[Depends(v1_access)], tags=["v1"],
              response_model=TranslateOut,
              responses={202: {"model": JobAccepted, "description": "accepted as a job"}})
    async def translate(article: ArticleIn) -> Any:
        """Translate an article into each target language; long articles (or ``mode=async``) become jobs."""
        request = article.model_dump()
        if article.webhook_url:
            from l10n.service.webhooks import url_allowed
            if not url_allowed(article.webhook_url, config.webhook_allow):
                raise ApiError(400, "webhook_not_allowed", "webhook_url is not in the service's allow-list")
        size = len(article.body) + len(article.title or "")
        if article.options.mode == "async" or article.webhook_url or (
                article.options.mode == "auto" and size > config.sync_max_chars):
            from l10n.languages import normalize_lang
            for t in article.targets:  # reject bad input now, not in the job
                normalize_lang(t)
            normalize_lang(article.source, allow_auto=True)
            job = await run(service.submit_job, request)
            return JSONResponse({"job_id": job["id"], "state": job["state"], "status_url": f"/v1/jobs/{job['id']}"},
                                status_code=202, headers={"Location": f"/v1/jobs/{job['id']}"})
        if size > config.sync_max_chars:
            raise ApiError(413, "too_large_for_sync", f"articles over {config.sync_max_chars} characters "
                                                      "are translated as jobs (options.mode=auto or async)")
        return await run(service.translate_article, request)

    @app.get("/v1/jobs/{job_id}", dependencies=[Depends(v1_access)], tags=["v1"])
    async def get_job(job_id: str) -> JobOut:
        """A job's state; ``result`` (same shape as a synchronous /v1/translate answer) once done."""
        job = await run(service.jobs.get, job_id)
        if job is None:
            raise ApiError(404, "not_found", f"no job {job_id!r}")
        return JobOut(**job.to_dict())

    @app.post("/v1/detect", dependencies=[Depends(v1_access)], tags=["v1"])
    async def detect(body: DetectIn) -> DetectOut:
        return DetectOut(**await run(service.detect, body.text, body.candidates))

    @app.get("/v1/languages", dependencies=[Depends(v1_access)], tags=["v1"])
    async def languages() -> dict:
        """Installed pairs and the pairs reachable through English."""
        reach = await run(service.pairs)
        return {"languages": await run(service.languages),
                "pairs": [{"source": s, "target": t, "via": [h[1] for h in hops[:-1]]}
                          for (s, t), hops in sorted(reach.items())]}

    @app.get("/v1/glossaries/{glossary_id}", dependencies=[Depends(v1_access)], tags=["v1"])
    async def get_glossary(glossary_id: str) -> dict:
        return await run(service.get_glossary, glossary_id)

    @app.put("/v1/glossaries/{glossary_id}", dependencies=[Depends(v1_access)], tags=["v1"])
    async def put_glossary(glossary_id: str, body: GlossaryIn) -> dict:
        """Store a glossary (validated with the same loader the CLI uses) for use by id in /v1/translate."""
        return await run(service.put_glossary, glossary_id, body.format, body.content)

    @app.post("/v1/po/export", dependencies=[Depends(v1_access)], tags=["v1"])
    async def po_export(body: PoExportIn) -> dict:
        """PO files (one per target language) and the POT template for an article."""
        return await run(service.po_export, body.model_dump())

    @app.post("/v1/po/import", dependencies=[Depends(v1_access)], tags=["v1"])
    async def po_import(body: PoImportIn) -> dict:
        """Rebuild the translated article from a reviewed PO file."""
        return await run(service.po_import, body.model_dump())

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> dict:
        pairs = await run(service.translator.engine.pairs)
        return {"status": "ok", "version": __version__, "pairs": len(pairs)}

    @app.get("/metrics", tags=["ops"], response_class=PlainTextResponse)
    async def metrics() -> PlainTextResponse:
        return PlainTextResponse(service.metrics_text(), media_type=CONTENT_TYPE)

    from l10n.service.libretranslate import add_routes
    add_routes(app, service)

    app.add_middleware(MetricsMiddleware, metrics=service.metrics)
    if config.cors_origins:
        from starlette.middleware.cors import CORSMiddleware
        app.add_middleware(CORSMiddleware, allow_origins=config.cors_origins, allow_methods=["GET", "POST", "PUT"],
                           allow_headers=["Authorization", "Content-Type", "X-API-Key"])
    app.add_middleware(BodyLimit, limit=config.max_body_bytes)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for uvicorn workers (``l10n serve``): settings and config from the environment."""
    from l10n.settings import Settings
    raw = os.environ.get("L10N_SERVICE_CONFIG")
    config = ServiceConfig.from_json(raw) if raw else ServiceConfig()
    return create_app(Settings.from_env(), config=config)


__all__ = ["create_app", "create_app_from_env", "ApiError"]
