"""Job-completion callbacks, signed per the Standard Webhooks spec (https://www.standardwebhooks.com).

Each delivery carries three headers::

    webhook-id:        msg_<job id>           (the same on every retry: receivers de-duplicate on it)
    webhook-timestamp: <unix seconds>         (of this attempt; receivers reject stale ones)
    webhook-signature: v1,<base64 HMAC-SHA256(key, f"{id}.{timestamp}.{body}")>

where ``key`` is the base64-decoded part of the shared secret ``whsec_<base64>``. A delivery is
retried with exponential backoff until the receiver answers 2xx or the attempts run out.

Only URLs in the allow-list may receive callbacks, so a client cannot make the service call
arbitrary hosts (SSRF). The allow-list holds URL prefixes (``http://127.0.0.1:9000/hooks/``);
it is empty by default, which disables callbacks.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Callable, Sequence

from l10n.errors import UsageError

log = logging.getLogger("l10n.service.webhooks")

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def load_or_create_secret(path: Path) -> str:
    """The service's webhook secret, created (mode 0600) on first use so receivers can be configured once.

    Creation is atomic across threads and processes (uvicorn workers share the directory): the
    secret is written to a private temporary file which is then hard-linked into place, so a
    reader never sees a half-written file and the first writer wins.
    """
    try:
        return parse_secret_text(path.read_text(encoding="utf-8").strip(), where=str(path))
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".webhook-secret.", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(new_secret() + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:  # another worker created it first: use theirs
            pass
    finally:
        os.unlink(tmp)
    return parse_secret_text(path.read_text(encoding="utf-8").strip(), where=str(path))


def parse_secret_text(secret: str, *, where: str | None = None) -> str:
    if not secret.startswith(SECRET_PREFIX):
        raise UsageError("webhook secret must look like whsec_<base64>", where=where)
    try:
        base64.b64decode(secret[len(SECRET_PREFIX):], validate=True)
    except ValueError:
        raise UsageError("webhook secret is not valid base64 after 'whsec_'", where=where) from None
    return secret


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header value for one delivery."""
    key = base64.b64decode(secret[len(SECRET_PREFIX):] if secret.startswith(SECRET_PREFIX) else secret)
    to_sign = f"{msg_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, to_sign, hashlib.sha256).digest()).decode()


def url_allowed(url: str, allow: Sequence[str]) -> bool:
    """True when ``url`` is http(s) and starts with one of the allowed prefixes (compared parsed, not as text).

    Control characters and spaces are refused first: ``urlsplit`` silently drops tabs and newlines,
    so ``".../hooks/x\\nHost: evil"`` would pass the prefix test and fail only at delivery."""
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url):
        return False
    try:
        u = urllib.parse.urlsplit(url)
        port = u.port  # raises ValueError for port 99999 or a non-numeric port
    except ValueError:
        return False
    if u.scheme not in ("http", "https") or not u.hostname or u.username or u.password:
        return False
    for prefix in allow:
        p = urllib.parse.urlsplit(prefix)
        if (u.scheme, u.hostname, port) == (p.scheme, p.hostname, p.port) and u.path.startswith(p.path or "/"):
            return True
    return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect could point outside the allow-list: treat it as a failed attempt instead."""

    def redirect_request(self, *args, **kwargs):  # type: ignore[override]
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def deliver(url: str, secret: str, msg_id: str, payload: dict, *, attempts: int = 5, backoff: float = 0.5,
            timeout: float = 10.0, sleep: Callable[[float], None] = time.sleep) -> bool:
    """POST ``payload`` to ``url`` until a 2xx answer; waits ``backoff * 2**n`` between tries.

    Returns True when delivered. Never raises for network errors (they are logged and retried).
    """
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    for attempt in range(attempts):
        timestamp = int(time.time())
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "content-type": "application/json", "user-agent": "l10n-webhooks/1",
            "webhook-id": msg_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(secret, msg_id, timestamp, body)})
        try:
            with _OPENER.open(request, timeout=timeout) as response:
                if 200 <= response.status < 300:
                    return True
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (urllib.error.URLError, OSError) as exc:
            status = f"network error ({getattr(exc, 'reason', exc)})"
        log.warning("webhook %s to %s: attempt %d failed: %s", msg_id, url, attempt + 1, status)
        if attempt + 1 < attempts:
            sleep(backoff * (2 ** attempt))
    return False
