"""LibreTranslate-compatible endpoints: ``POST /translate``, ``POST /detect``, ``GET /languages``.

Shapes and status codes follow LibreTranslate's ``libretranslate/app.py`` so existing clients
(libretranslatepy, wagtail-localize's ``LibreTranslator``, CMS plug-ins) work unchanged:

* bodies are JSON or form-encoded; ``q`` is a string or a list (a list answers a list);
* ``source: "auto"`` adds ``detectedLanguage: {"confidence": 0-100, "language": code}``
  (a list of them for a list ``q``); texts of 40 characters or fewer use the detection of all
  texts together, as LibreTranslate does;
* errors are ``{"error": message}`` (we add ``"code"``): 400 missing parameter / unsupported
  language / format, 400 when a key is required but missing, 403 invalid key, 429 rate limit,
  500 translation failure.

Each ``q`` item goes to the thread pool on its own, so the items of one request (and of
concurrent requests) meet in ``BatchingEngine`` and share model calls.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from l10n.languages import NAMES

_FORM_OR_JSON = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/LibreTranslateRequest"}},
            "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/LibreTranslateRequest"}},
        },
    }
}
_DETECT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/LibreDetectRequest"}},
            "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/LibreDetectRequest"}},
        },
    }
}
SCHEMAS = {
    "LibreTranslateRequest": {
        "type": "object", "required": ["q", "source", "target"],
        "properties": {
            "q": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "source": {"type": "string", "example": "en"},
            "target": {"type": "string", "example": "uk"},
            "format": {"type": "string", "enum": ["text", "html"], "default": "text"},
            "api_key": {"type": "string"},
        },
    },
    "LibreDetectRequest": {
        "type": "object", "required": ["q"],
        "properties": {"q": {"type": "string"}, "api_key": {"type": "string"}},
    },
}


class LtError(Exception):
    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


async def _params(request: Request) -> dict[str, Any]:
    """JSON object or form fields, as LibreTranslate reads them (``request.is_json`` / ``request.values``)."""
    ctype = request.headers.get("content-type", "")
    if "json" in ctype:
        try:
            data = json.loads(await request.body() or b"null")
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise LtError(400, "Invalid JSON format", "invalid_json") from None
        if not isinstance(data, dict):
            raise LtError(400, "Invalid JSON format", "invalid_json")
        return data
    values: dict[str, Any] = dict(request.query_params)
    if "form" in ctype:
        form = await request.form()
        values.update({k: v for k, v in form.items() if isinstance(v, str)})
    return values


def add_routes(app: FastAPI, service: Any) -> None:
    app.openapi_schema = None
    run = app.state.run
    check_access = app.state.check_access
    from l10n.service.app import ApiError

    async def guarded(request: Request, handler) -> JSONResponse:
        try:
            params = await _params(request)
            key = params.get("api_key")
            check_access(request, key if isinstance(key, str) else None, missing_status=400)
            return await handler(params)
        except LtError as exc:
            return JSONResponse({"error": exc.message, "code": exc.code}, status_code=exc.status)
        except ApiError as exc:
            return JSONResponse({"error": exc.message, "code": exc.code}, status_code=exc.status,
                                headers=exc.headers)

    def supported() -> tuple[set[str], dict[tuple[str, str], Any]]:
        reach = service.pairs()
        return {lang for pair in reach for lang in pair}, reach

    async def detect_one(text: str) -> dict:
        found = await run(service.detect, text)
        if found["language"] == "unknown":
            return {"confidence": 0.0, "language": "en"}  # LibreTranslate always names a language
        return {"confidence": round(found["confidence"] * 100, 1), "language": found["language"]}

    @app.post("/translate", tags=["LibreTranslate"], openapi_extra=_FORM_OR_JSON,
              responses={400: {"description": "Invalid request"}, 403: {"description": "Invalid API key"},
                         429: {"description": "Slow down"}, 500: {"description": "Translation error"}})
    async def lt_translate(request: Request) -> JSONResponse:
        """Translate text (LibreTranslate API): ``{"translatedText": ...}``."""
        async def handle(p: dict) -> JSONResponse:
            q, source, target, fmt = p.get("q"), p.get("source"), p.get("target"), p.get("format")
            for name, value in (("q", q), ("source", source), ("target", target)):
                if not value:
                    raise LtError(400, f"Invalid request: missing {name} parameter", "missing_parameter")
            if not isinstance(source, str) or not isinstance(target, str):
                raise LtError(400, "Invalid request: source and target must be strings", "invalid_parameter")
            batch = isinstance(q, list)
            texts = q if batch else [q]
            if not all(isinstance(t, str) for t in texts):
                raise LtError(400, "Invalid request: q must be a string or a list of strings", "invalid_parameter")
            if "json" not in request.headers.get("content-type", ""):
                texts = ["\n".join(t.splitlines()) for t in texts]
            if batch and len(texts) > service.config.max_segments:
                raise LtError(400, f"Invalid request: request ({len(texts)}) exceeds text limit "
                                   f"({service.config.max_segments})", "limit_exceeded")
            chars = sum(len(t) for t in texts)
            if chars > service.config.max_chars:
                raise LtError(400, f"Invalid request: request ({chars}) exceeds text limit "
                                   f"({service.config.max_chars})", "limit_exceeded")
            fmt = fmt or "text"
            if fmt not in ("text", "html"):
                raise LtError(400, f"{fmt} format is not supported", "unsupported_format")
            langs, reach = await run(supported)
            if source == "auto":
                overall = await detect_one(" ".join(texts))
                detected = [await detect_one(t) if len(t) > 40 else overall for t in texts]
            else:
                detected = [{"confidence": 100.0, "language": source} for _ in texts]
            for d in detected:
                if d["language"] not in langs:
                    raise LtError(400, f"{d['language']} is not supported", "unsupported_language")
            if target not in langs:
                raise LtError(400, f"{target} is not supported", "unsupported_language")
            for d in detected:
                src = d["language"]
                if src != target and (src, target) not in reach:
                    raise LtError(400, f"{NAMES.get(target, target)} ({target}) is not available as a target "
                                       f"language from {NAMES.get(src, src)} ({src})", "pair_not_available")
            try:
                results = await asyncio.gather(*(run(service.translate_text, t, d["language"], target, fmt)
                                                 for t, d in zip(texts, detected)))
            except ApiError:
                raise
            except Exception as exc:  # LibreTranslate: 500 "Cannot translate text: ..."
                import logging
                logging.getLogger("l10n.service").error("translate failed", exc_info=exc)
                raise LtError(500, "Cannot translate text: internal error", "translation_failed") from None
            body: dict[str, Any] = {"translatedText": list(results) if batch else results[0]}
            if source == "auto":
                body["detectedLanguage"] = detected if batch else detected[0]
            return JSONResponse(body)

        return await guarded(request, handle)

    @app.post("/detect", tags=["LibreTranslate"], openapi_extra=_DETECT_BODY,
              responses={400: {"description": "Invalid request"}, 403: {"description": "Invalid API key"},
                         429: {"description": "Slow down"}})
    async def lt_detect(request: Request) -> JSONResponse:
        """Detect the language of a text (LibreTranslate API): ``[{"confidence": 0-100, "language": code}]``."""
        async def handle(p: dict) -> JSONResponse:
            q = p.get("q")
            if not q:
                raise LtError(400, "Invalid request: missing q parameter", "missing_parameter")
            if not isinstance(q, str):
                raise LtError(400, "Invalid request: q must be a string", "invalid_parameter")
            return JSONResponse([await detect_one(q)])

        return await guarded(request, handle)

    @app.get("/languages", tags=["LibreTranslate"])
    async def lt_languages() -> list[dict]:
        """Supported languages and their targets (LibreTranslate API)."""
        return await run(service.languages)

    original_openapi = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = original_openapi()
            schema.setdefault("components", {}).setdefault("schemas", {}).update(SCHEMAS)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
