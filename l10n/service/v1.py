"""The service's own API under ``/v1`` (articles, jobs, detection, glossaries, PO), and ``/healthz``,
``/metrics``.

Each route validates the body (``l10n.service.schemas``), checks access, and runs one blocking
``Service`` method through the ``Runner``; nothing here translates. ``V1Routes`` takes what it
needs in its constructor and ``router()`` lists every route, so adding one is one method and one
``add_api_route`` line.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, PlainTextResponse

from l10n import __version__
from l10n.languages import normalize_lang
from l10n.service.core import Service
from l10n.service.http import AccessCheck, ApiError, Runner
from l10n.service.metrics import CONTENT_TYPE
from l10n.service.schemas import (ArticleIn, DetectIn, DetectOut, GlossaryIn, JobAccepted, JobOut, PoExportIn,
                                  PoImportIn, TranslateOut)
from l10n.service.webhooks import url_allowed


class V1Routes:
    def __init__(self, service: Service, run: Runner, access: AccessCheck) -> None:
        self.service, self.run, self.access = service, run, access
        self.config = service.config

    def router(self) -> APIRouter:
        """The ``/v1`` routes (each behind the access check) and the unauthenticated ops routes."""
        router = APIRouter()
        v1: dict[str, Any] = {"tags": ["v1"], "dependencies": [Depends(self.access.header_key)]}
        router.add_api_route("/v1/translate", self.translate, methods=["POST"], **v1, response_model=TranslateOut,
                             responses={202: {"model": JobAccepted, "description": "accepted as a job"}})
        router.add_api_route("/v1/jobs/{job_id}", self.get_job, methods=["GET"], **v1)
        router.add_api_route("/v1/detect", self.detect, methods=["POST"], **v1)
        router.add_api_route("/v1/languages", self.languages, methods=["GET"], **v1)
        router.add_api_route("/v1/glossaries/{glossary_id}", self.get_glossary, methods=["GET"], **v1)
        router.add_api_route("/v1/glossaries/{glossary_id}", self.put_glossary, methods=["PUT"], **v1)
        router.add_api_route("/v1/po/export", self.po_export, methods=["POST"], **v1)
        router.add_api_route("/v1/po/import", self.po_import, methods=["POST"], **v1)
        router.add_api_route("/healthz", self.healthz, methods=["GET"], tags=["ops"])
        router.add_api_route("/metrics", self.metrics, methods=["GET"], tags=["ops"],
                             response_class=PlainTextResponse)
        return router

    async def translate(self, article: ArticleIn) -> Any:
        """Translate an article into each target language; long articles (or ``mode=async``) become jobs."""
        config = self.config
        if article.webhook_url and not url_allowed(article.webhook_url, config.webhook_allow):
            raise ApiError(400, "webhook_not_allowed", "webhook_url is not in the service's allow-list")
        size = len(article.body) + len(article.title or "")
        if article.options.mode == "async" or article.webhook_url or (
                article.options.mode == "auto" and size > config.sync_max_chars):
            for t in article.targets:  # reject bad input now, not in the job
                normalize_lang(t)
            normalize_lang(article.source, allow_auto=True)
            job = await self.run(self.service.submit_job, article.model_dump())
            return JSONResponse({"job_id": job["id"], "state": job["state"], "status_url": f"/v1/jobs/{job['id']}"},
                                status_code=202, headers={"Location": f"/v1/jobs/{job['id']}"})
        if size > config.sync_max_chars:
            raise ApiError(413, "too_large_for_sync", f"articles over {config.sync_max_chars} characters "
                                                      "are translated as jobs (options.mode=auto or async)")
        return await self.run(self.service.translate_article, article.model_dump())

    async def get_job(self, job_id: str) -> JobOut:
        """A job's state; ``result`` (same shape as a synchronous /v1/translate answer) once done."""
        job = await self.run(self.service.jobs.get, job_id)
        if job is None:
            raise ApiError(404, "not_found", f"no job {job_id!r}")
        return JobOut(**job.to_dict())

    async def detect(self, body: DetectIn) -> DetectOut:
        return DetectOut(**await self.run(self.service.detect, body.text, body.candidates))

    async def languages(self) -> dict:
        """Installed pairs and the pairs reachable through English."""
        reach = await self.run(self.service.pairs)
        return {"languages": await self.run(self.service.languages),
                "pairs": [{"source": s, "target": t, "via": [h[1] for h in hops[:-1]]}
                          for (s, t), hops in sorted(reach.items())]}

    async def get_glossary(self, glossary_id: str) -> dict:
        return await self.run(self.service.get_glossary, glossary_id)

    async def put_glossary(self, glossary_id: str, body: GlossaryIn) -> dict:
        """Store a glossary (validated with the same loader the CLI uses) for use by id in /v1/translate."""
        return await self.run(self.service.put_glossary, glossary_id, body.format, body.content)

    async def po_export(self, body: PoExportIn) -> dict:
        """PO files (one per target language) and the POT template for an article."""
        return await self.run(self.service.po_export, body.model_dump())

    async def po_import(self, body: PoImportIn) -> dict:
        """Rebuild the translated article from a reviewed PO file."""
        return await self.run(self.service.po_import, body.model_dump())

    async def healthz(self) -> Any:
        pairs = await self.run(self.service.translator.engine.pairs)
        storage = await self.run(self.service.storage_health)
        body = {"status": "ok" if storage["database"]["ok"] else "degraded", "version": __version__,
                "pairs": len(pairs), **storage}
        return body if storage["database"]["ok"] else JSONResponse(body, status_code=503)

    async def metrics(self) -> PlainTextResponse:
        return PlainTextResponse(self.service.metrics_text(), media_type=CONTENT_TYPE)
