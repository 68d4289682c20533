"""ASGI middleware: the request body-size limit and the request metrics.

Plain ASGI classes (not Starlette ``BaseHTTPMiddleware``) because the body limit must count bytes
as they arrive — a declared ``Content-Length`` can be absent or false — and reject before any
route parses the body.
"""

from __future__ import annotations

import time
from typing import Any

from l10n.service.http import error_response
from l10n.service.metrics import Metrics


class BodyLimit:
    """Reject bodies over ``limit`` bytes with 413 before any route parses them.

    The 413 must not cost the client its keep-alive connection, nor hang it: a response sent
    while the client is still uploading leaves the rest of the body in the socket, uvicorn stops
    reading it (flow control), and the client blocks in ``send`` until a timeout, or sees a reset.
    So the rest of an oversize body is read and thrown away, up to ``drain`` bytes in all
    (default four times the limit); a body larger still (declared or found) gets the 413 with
    ``Connection: close``, so uvicorn closes the socket instead of waiting for bytes nobody wants.
    """

    def __init__(self, app: Any, limit: int, drain: int | None = None) -> None:
        self.app, self.limit = app, limit
        self.drain = drain if drain is not None else 4 * limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            keep = int(declared) <= self.drain and await self._discard(receive, 0)
            return await self._reject(scope, receive, send, keep)
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                keep = not message.get("more_body", False) or await self._discard(receive, size)
                return await self._reject(scope, receive, send, keep)
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

    async def _discard(self, receive, size: int) -> bool:
        """Read the rest of the body without keeping it; False once over ``drain`` (or disconnected)."""
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return False
            size += len(message.get("body", b""))
            if size > self.drain:
                return False
            if not message.get("more_body", False):
                return True

    async def _reject(self, scope, receive, send, keep_alive: bool) -> None:
        headers = None if keep_alive else {"Connection": "close"}
        response = error_response(413, "body_too_large", f"request body larger than {self.limit} bytes",
                                  headers=headers)
        await response(scope, receive, send)


class MetricsMiddleware:
    """Count each request and its latency by method, route template and status."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
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
