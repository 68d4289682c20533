"""LibreTranslate-compatible endpoints: ``POST /translate``, ``POST /detect``, ``GET /languages``.

Shapes and status codes follow LibreTranslate's ``libretranslate/app.py`` so existing clients
(libretranslatepy, wagtail-localize's ``LibreTranslator``, CMS plug-ins) work unchanged:

* bodies are JSON or form-encoded; ``q`` is a string or a list (a list answers a list);
* ``source: "auto"`` adds ``detectedLanguage: {"confidence": 0-100, "language": code}``
  (a list of them for a list ``q``); texts of 40 characters or fewer use the detection of all
  texts together, as LibreTranslate does;
* errors are ``{"error": message}`` (we add ``"code"``): 400 missing parameter / unsupported
  language / format, 400 when a key is required but missing, 403 invalid key, 429 rate limit,
  500 translation failure;
* ``source: "auto"`` with a ``q`` list detects each item on its own (LibreTranslate applies the
  first detected language to the whole batch), so a mixed batch is translated correctly;
* ``alternatives: N`` adds up to N other MT hypotheses per text (text format);
* ``/translate_file`` + ``/download_file/<name>`` for every ``l10n.formats`` format, ``/suggest``
  (stored unreviewed in the translation memory), ``/frontend/settings``, ``/spec``, ``/health``.

Each ``q`` item goes to the thread pool on its own, so the items of one request (and of
concurrent requests) meet in ``BatchingEngine`` and share model calls.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import zipfile
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse

from l10n.errors import L10nError
from l10n.formats import file_extensions
from l10n.languages import NAMES
from l10n.limits import check_unicode
from l10n.service.core import Service
from l10n.service.files import FileStore
from l10n.service.http import AccessCheck, ApiError, Runner
from l10n.service.schemas import LT_DETECT_BODY, LT_TRANSLATE_BODY

log = logging.getLogger("l10n.service")


async def _params(request: Request) -> dict[str, Any]:
    """JSON object or form fields, as LibreTranslate reads them (``request.is_json`` / ``request.values``)."""
    ctype = request.headers.get("content-type", "")
    if "json" in ctype:
        try:
            data = json.loads(await request.body() or b"null")
        except (ValueError, RecursionError):  # malformed, not UTF-8, an integer of 5,000 digits, 100k deep
            raise ApiError(400, "invalid_json", "Invalid JSON format") from None
        if not isinstance(data, dict):
            raise ApiError(400, "invalid_json", "Invalid JSON format")
        check_unicode(data, "request")  # lone surrogates ("\\ud800") in any value or key
        return data
    values: dict[str, Any] = dict(request.query_params)
    if "form" in ctype:
        form = await request.form()
        values.update({k: v for k, v in form.items() if isinstance(v, str)})
    return values


def _sample(data: bytes) -> str:
    """Text to detect a file's language from: its readable characters (markup and binary left out)."""
    text = data[:200_000].decode("utf-8", errors="ignore")
    if data[:2] == b"PK":  # DOCX: the words of its XML
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                text = zf.read("word/document.xml")[:400_000].decode("utf-8", errors="ignore")
        except (zipfile.BadZipFile, KeyError, OSError):
            return ""
    return " ".join(re.sub(r"<[^>]{0,2000}>|\d\d:\d\d[:,.\d]*|-->", " ", text).split())[:5000]


def _bad(message: str, code: str) -> ApiError:
    return ApiError(400, code, message)


class LibreTranslateRoutes:
    def __init__(self, service: Service, run: Runner, access: AccessCheck) -> None:
        self.service, self.run, self.access = service, run, access
        self.config = service.config
        self.files = FileStore(self.config.data_dir(service.settings) / "files", self.config.files_ttl_s)

    def router(self) -> APIRouter:
        router = APIRouter(tags=["LibreTranslate"])
        router.add_api_route("/translate", self.lt_translate, methods=["POST"], openapi_extra=LT_TRANSLATE_BODY,
                             responses={400: {"description": "Invalid request"},
                                        403: {"description": "Invalid API key"},
                                        429: {"description": "Slow down"},
                                        500: {"description": "Translation error"}})
        router.add_api_route("/detect", self.lt_detect, methods=["POST"], openapi_extra=LT_DETECT_BODY,
                             responses={400: {"description": "Invalid request"},
                                        403: {"description": "Invalid API key"},
                                        429: {"description": "Slow down"}})
        router.add_api_route("/languages", self.lt_languages, methods=["GET"])
        router.add_api_route("/translate_file", self.lt_translate_file, methods=["POST"],
                             responses={400: {"description": "Invalid request"}, 403: {"description": "Banned"},
                                        413: {"description": "File too large"}})
        router.add_api_route("/download_file/{name}", self.lt_download_file, methods=["GET"],
                             name="lt_download_file", responses={404: {"description": "Unknown or expired"}})
        router.add_api_route("/suggest", self.lt_suggest, methods=["POST"],
                             responses={400: {"description": "Invalid request"},
                                        403: {"description": "Suggestions are disabled"}})
        router.add_api_route("/frontend/settings", self.lt_frontend_settings, methods=["GET"])
        router.add_api_route("/spec", self.lt_spec, methods=["GET"])
        router.add_api_route("/health", self.lt_health, methods=["GET"])
        return router

    async def _checked_params(self, request: Request) -> dict[str, Any]:
        """The request's parameters, after the access check (the key travels in the body as ``api_key``)."""
        params = await _params(request)
        key = params.get("api_key")
        self.access(request, key if isinstance(key, str) else None, missing_status=400)
        return params

    def _supported(self) -> tuple[set[str], dict[tuple[str, str], Any]]:
        reach = self.service.pairs()
        return {lang for pair in reach for lang in pair}, reach

    async def _detect_one(self, text: str) -> dict:
        found = await self.run(self.service.detect, text)
        if found["language"] == "unknown":
            return {"confidence": 0.0, "language": "en"}  # LibreTranslate always names a language
        return {"confidence": round(found["confidence"] * 100, 1), "language": found["language"]}

    def _texts(self, p: dict, form: bool) -> tuple[list[str], bool]:
        """``q`` as a list of strings, and whether it was a list; raises 400 for missing or oversized input."""
        q, source, target = p.get("q"), p.get("source"), p.get("target")
        for name, value in (("q", q), ("source", source), ("target", target)):
            if not value:
                raise _bad(f"Invalid request: missing {name} parameter", "missing_parameter")
        if not isinstance(source, str) or not isinstance(target, str):
            raise _bad("Invalid request: source and target must be strings", "invalid_parameter")
        batch = isinstance(q, list)
        texts = q if batch else [q]
        if not all(isinstance(t, str) for t in texts):
            raise _bad("Invalid request: q must be a string or a list of strings", "invalid_parameter")
        if form:
            texts = ["\n".join(t.splitlines()) for t in texts]
        if batch and len(texts) > self.config.max_segments:
            raise _bad(f"Invalid request: request ({len(texts)}) exceeds text limit "
                       f"({self.config.max_segments})", "limit_exceeded")
        chars = sum(len(t) for t in texts)
        if chars > self.config.max_chars:
            raise _bad(f"Invalid request: request ({chars}) exceeds text limit ({self.config.max_chars})",
                       "limit_exceeded")
        return texts, batch

    async def _sources(self, texts: list[str], source: str, target: str) -> list[dict]:
        """The (detected) source language of each text; 400 when it or the pair is not served."""
        langs, reach = await self.run(self._supported)
        if source == "auto":  # each item on its own; one too short to tell follows the whole batch
            overall = await self._detect_one(" ".join(texts))
            detected = []
            for t in texts:
                own = await self._detect_one(t)
                detected.append(own if own["confidence"] > 0 and (len(t) > 40 or len(texts) > 1) else overall)
        else:
            detected = [{"confidence": 100.0, "language": source} for _ in texts]
        for d in detected:
            if d["language"] not in langs:
                raise _bad(f"{d['language']} is not supported", "unsupported_language")
        if target not in langs:
            raise _bad(f"{target} is not supported", "unsupported_language")
        for d in detected:
            src = d["language"]
            if src != target and (src, target) not in reach:
                raise _bad(f"{NAMES.get(target, target)} ({target}) is not available as a target "
                           f"language from {NAMES.get(src, src)} ({src})", "pair_not_available")
        return detected

    async def lt_translate(self, request: Request) -> JSONResponse:
        """Translate text (LibreTranslate API): ``{"translatedText": ...}``."""
        p = await self._checked_params(request)
        texts, batch = self._texts(p, form="json" not in request.headers.get("content-type", ""))
        fmt = p.get("format") or "text"
        if fmt not in ("text", "html"):
            raise _bad(f"{fmt} format is not supported", "unsupported_format")
        source, target = p["source"], p["target"]
        wanted = self._alternatives(p.get("alternatives"))
        detected = await self._sources(texts, source, target)
        try:
            results = await asyncio.gather(*(self.run(self.service.translate_text, t, d["language"], target, fmt)
                                             for t, d in zip(texts, detected)))
            alternatives = await asyncio.gather(*(
                self.run(self.service.alternatives, t, d["language"], target, wanted if fmt == "text" else 0, r)
                for t, d, r in zip(texts, detected, results))) if wanted else []
        except (ApiError, L10nError):  # the caller's input (lone surrogates, bad markup): its 4xx, not a 500
            raise
        except Exception as exc:  # LibreTranslate: 500 "Cannot translate text: ..."
            log.error("translate failed", exc_info=exc)
            raise ApiError(500, "translation_failed", "Cannot translate text: internal error") from None
        body: dict[str, Any] = {"translatedText": list(results) if batch else results[0]}
        if source == "auto":
            body["detectedLanguage"] = detected if batch else detected[0]
        if wanted:
            body["alternatives"] = list(alternatives) if batch else alternatives[0]
        return JSONResponse(body)

    def _alternatives(self, value: Any) -> int:
        try:
            n = max(0, int(value or 0))
        except (TypeError, ValueError, OverflowError):  # OverflowError: 1e999 is inf
            raise _bad("Invalid request: alternatives parameter is not a number", "invalid_parameter") from None
        limit = self.config.alternatives_limit
        if limit != -1 and n > limit:
            raise _bad(f"Invalid request: alternatives parameter must be <= {limit}", "limit_exceeded")
        return n

    async def lt_translate_file(self, request: Request) -> JSONResponse:
        """Translate a file (multipart ``file``, ``source``, ``target``, ``api_key``): ``{"translatedFileUrl"}``."""
        if not self.config.files_translation:
            raise ApiError(403, "files_disabled", "Files translation are disabled on this server.")
        form = await request.form()
        key = form.get("api_key")
        self.access(request, key if isinstance(key, str) else None, missing_status=400)
        upload, source, target = form.get("file"), form.get("source"), form.get("target")
        for name, value in (("file", upload), ("source", source), ("target", target)):
            if not value:
                raise _bad(f"Invalid request: missing {name} parameter", "missing_parameter")
        if isinstance(upload, str) or not getattr(upload, "filename", ""):
            raise _bad("Invalid request: empty file", "missing_parameter")
        if not any(upload.filename.lower().endswith(ext) for ext in file_extensions()):
            raise _bad("Invalid request: file format not supported", "unsupported_format")
        data = await upload.read(self.config.max_file_bytes + 1)
        if len(data) > self.config.max_file_bytes:
            raise ApiError(413, "file_too_large", f"Invalid request: file larger than {self.config.max_file_bytes} bytes")
        detected = (await self._sources([await self.run(_sample, data)], source, target))[0]["language"] \
            if source == "auto" else (await self._sources(["x"], source, target))[0]["language"]
        out = await self.run(self.service.translate_file, data, upload.filename, detected, target)
        name = await self.run(self.files.save, out, upload.filename)
        return JSONResponse({"translatedFileUrl": str(request.url_for("lt_download_file", name=name))})

    async def lt_download_file(self, name: str) -> FileResponse:
        """A file translated by ``/translate_file`` (until it expires)."""
        path = await self.run(self.files.path, name)
        if path is None:
            raise ApiError(404, "not_found", "Invalid filename (unknown or expired)")
        return FileResponse(path, filename=FileStore.download_name(name), media_type="application/octet-stream")

    async def lt_suggest(self, request: Request) -> JSONResponse:
        """Suggest a better translation (``q``, ``s``, ``source``, ``target``): stored unreviewed."""
        if not self.config.suggestions:
            raise ApiError(403, "suggestions_disabled", "Suggestions are disabled on this server.")
        p = await self._checked_params(request)
        for name in ("q", "s", "source", "target"):
            if not p.get(name) or not isinstance(p.get(name), str):
                raise _bad(f"Invalid request: missing {name} parameter", "missing_parameter")
        langs, _ = await self.run(self._supported)
        for name in ("source", "target"):
            if p[name] not in langs:
                raise _bad(f"{p[name]} is not supported", "unsupported_language")
        await self.run(self.service.suggest, p["q"], p["s"], p["source"], p["target"])
        return JSONResponse({"success": True})

    async def lt_frontend_settings(self) -> JSONResponse:
        """What LibreTranslate's web UI and plug-ins read first."""
        langs, _ = await self.run(self._supported)
        target = next((lang for lang in sorted(langs) if lang != "en"), "en")
        keys = bool(self.config.api_keys)
        return JSONResponse({
            "charLimit": self.config.max_chars, "frontendTimeout": self.config.frontend_timeout_ms,
            "apiKeys": keys, "keyRequired": keys, "suggestions": self.config.suggestions,
            "filesTranslation": self.config.files_translation,
            "supportedFilesFormat": file_extensions() if self.config.files_translation else [],
            "language": {"source": {"code": "auto", "name": "Auto Detect"},
                         "target": {"code": target, "name": NAMES.get(target, target)}}})

    async def lt_spec(self, request: Request) -> JSONResponse:
        """The OpenAPI document (LibreTranslate serves its Swagger spec here)."""
        return JSONResponse(request.app.openapi())

    async def lt_health(self) -> dict:
        """``{"status": "ok"}`` (LibreTranslate's health check; ``/healthz`` has the details)."""
        return {"status": "ok"}

    async def lt_detect(self, request: Request) -> JSONResponse:
        """Detect the language of a text (LibreTranslate API): ``[{"confidence": 0-100, "language": code}]``."""
        q = (await self._checked_params(request)).get("q")
        if not q:
            raise _bad("Invalid request: missing q parameter", "missing_parameter")
        if not isinstance(q, str):
            raise _bad("Invalid request: q must be a string", "invalid_parameter")
        return JSONResponse([await self._detect_one(q)])

    async def lt_languages(self) -> list[dict]:
        """Supported languages and their targets (LibreTranslate API)."""
        return await self.run(self.service.languages)
