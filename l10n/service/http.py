"""HTTP plumbing shared by every router: one error type, the exception handlers, the runner that
moves blocking work off the event loop, and the access check (API keys, rate limit).

Every error leaves the service as JSON ``{"error": message, "code": stable_code}``:

* ``ApiError`` — raised by routes for HTTP-only conditions (bad key, rate limit, timeout);
* ``L10nError`` — raised by the core; its class declares ``http_status`` next to ``code``
  (``l10n.errors``), so no mapping lives here;
* Starlette/validation errors keep their status with our body shape;
* anything else is a bug: 500 without details, traceback in the server log.

The runner and the access check are objects built once by ``create_app`` and handed to the routers
explicitly (not looked up in ``app.state``), so a router's inputs are visible in its constructor.
"""

from __future__ import annotations

import asyncio
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from l10n import cancel
from l10n.errors import L10nError
from l10n.limits import echo, scrub_surrogates
from l10n.service.config import ServiceConfig
from l10n.service.security import ApiKeys, RateLimiter

log = logging.getLogger("l10n.service")

#: validation problems listed in a 422 body (a request with 150,000 unknown fields has 150,000)
MAX_DETAILS = 20


class ApiError(Exception):
    """An HTTP error with a stable machine-readable code (and optional headers, e.g. ``Retry-After``)."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


class ErrorResponse(JSONResponse):
    """JSON that can always be sent: an error message may quote the caller's input, lone
    surrogates included, and those cannot be encoded as UTF-8 (``JSONResponse`` would raise, and
    the caller's bad input would become our 500)."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return scrub_surrogates(text).encode("utf-8")


def error_response(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    return ErrorResponse({"error": message, "code": code}, status_code=status, headers=headers)


async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message, exc.headers)


async def _l10n_error(request: Request, exc: L10nError) -> JSONResponse:
    return error_response(exc.http_status, exc.code, str(exc))


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    codes = {404: "not_found", 405: "method_not_allowed"}
    return error_response(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail))


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 naming the first problem; ``details`` lists at most ``MAX_DETAILS`` (and says how many there were)."""
    errors = exc.errors()
    first = errors[0] if errors else {}
    where = echo(".".join(str(p) for p in first.get("loc", ()) if p != "body"))
    message = f"{where}: {first.get('msg', 'invalid request')}" if where else first.get("msg", "invalid request")
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problems)"
    details = [{"loc": [echo(p) if isinstance(p, str) else p for p in e.get("loc", ())],
                "msg": echo(e.get("msg", ""), 500)} for e in errors[:MAX_DETAILS]]
    return ErrorResponse({"error": message, "code": "invalid_request", "details": details,
                          "problems": len(errors)}, status_code=422)


async def _bug(request: Request, exc: Exception) -> JSONResponse:
    log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal", "internal server error")


def add_error_handlers(app: FastAPI) -> None:
    """Install the handlers that give every error the ``{"error", "code"}`` body."""
    app.add_exception_handler(ApiError, _api_error)  # type: ignore[arg-type]
    app.add_exception_handler(L10nError, _l10n_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _bug)


class Runner:
    """Run blocking core calls in a thread pool, with the service's request timeout.

    The pool is what lets ``BatchingEngine`` merge concurrent requests into one model call. On
    timeout the caller gets 504 and the work's cancellation token is set, so it stops at its next
    check point (``l10n.cancel``: between MT chunks, before a queued batch) instead of running on.
    """

    def __init__(self, threads: int, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="l10n-req")

    async def __call__(self, fn: Callable[..., Any], *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        token = cancel.Token()
        try:
            return await asyncio.wait_for(
                loop.run_in_executor(self._executor, cancel.run_with, token, fn, *args), self.timeout_s)
        except asyncio.TimeoutError:
            token.cancel()
            raise ApiError(504, "timeout", f"not finished within {self.timeout_s:g} s; "
                                           "send long articles with options.mode=async") from None

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class AccessCheck:
    """Authenticate (when keys are configured) and rate-limit one request; raises ``ApiError``."""

    def __init__(self, keys: ApiKeys, limiter: RateLimiter | None) -> None:
        self.keys, self.limiter = keys, limiter

    @classmethod
    def from_config(cls, config: ServiceConfig) -> "AccessCheck":
        limiter = RateLimiter(config.rate_limit_per_s, config.rate_limit_burst) if config.rate_limit_per_s > 0 else None
        return cls(ApiKeys(config.api_keys), limiter)

    def __call__(self, request: Request, key: str | None, *, missing_status: int = 401) -> None:
        """``missing_status``: 401 for our API; LibreTranslate answers a missing key with 400."""
        identity = request.client.host if request.client else "unknown"
        if self.keys.required:
            name = self.keys.lookup(key)
            if key and name is None:
                raise ApiError(403, "invalid_api_key", "Invalid API key")
            if name is None:
                message = ("Please contact the server operator to get an API key" if missing_status == 400
                           else "an API key is required (Authorization: Bearer KEY or X-API-Key)")
                raise ApiError(missing_status, "api_key_required", message)
            identity = "key:" + name
        if self.limiter is not None:
            ok, wait = self.limiter.allow(identity)
            if not ok:
                raise ApiError(429, "rate_limited", f"Slowdown: too many requests; retry in {wait:.1f} s",
                               headers={"Retry-After": str(max(1, round(wait + 0.5)))})

    def header_key(self, request: Request) -> None:
        """FastAPI dependency for our own routes: the key from ``Authorization: Bearer`` or ``X-API-Key``."""
        auth = request.headers.get("authorization", "")
        key = auth[7:].strip() if auth.lower().startswith("bearer ") else request.headers.get("x-api-key")
        self(request, key)
