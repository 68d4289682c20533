"""Service configuration: limits, authentication, CORS, webhooks. Plain data, no I/O at import time.

``l10n serve`` builds it from options; ``create_app(settings, config=...)`` takes it directly (tests).
It travels to uvicorn worker processes as JSON in ``$L10N_SERVICE_CONFIG``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class ServiceConfig:
    #: largest request body accepted (bytes); larger -> 413
    max_body_bytes: int = 2 * 1024 * 1024
    #: articles (title + body) up to this many characters are translated synchronously; longer -> 202 + job
    sync_max_chars: int = 20_000
    #: sentences per request (v1) / texts per request (LibreTranslate ``q`` list)
    max_segments: int = 2_000
    #: characters per LibreTranslate request (all ``q`` items together)
    max_chars: int = 100_000
    #: seconds a synchronous request may take before 504 (the work itself is not interrupted)
    request_timeout_s: float = 120.0
    #: SHA-256 hashes of accepted API keys ({hash: name}); None = no authentication
    api_keys: dict[str, str] | None = None
    #: token bucket per API key (or per client address without keys): requests/second and burst; 0 = off
    rate_limit_per_s: float = 0.0
    rate_limit_burst: int = 20
    #: allowed CORS origins (["*"] for any); empty = no CORS headers
    cors_origins: list[str] = field(default_factory=list)
    #: URL prefixes webhooks may be sent to; empty = webhooks refused
    webhook_allow: list[str] = field(default_factory=list)
    #: shared secret "whsec_<base64>"; None = created under the data directory on first use
    webhook_secret: str | None = None
    webhook_attempts: int = 6
    webhook_backoff_s: float = 1.0
    webhook_timeout_s: float = 10.0
    #: threads translating requests (each request waits in one; batching merges their model calls)
    request_threads: int = 64
    job_workers: int = 1
    #: finished jobs are deleted at start-up once older than this (default 7 days)
    job_retention_s: float = 7 * 24 * 3600
    batch_wait_ms: float = 5.0
    #: consult (and, through PO imports, feed) the translation memory in the data directory
    memory: bool = True
    max_batch: int = 64
    #: where jobs and the webhook secret live; None = <home>/service
    service_dir: str | None = None
    #: LibreTranslate ``/translate_file``: on/off, largest upload (bytes), how long results are kept
    files_translation: bool = True
    max_file_bytes: int = 2 * 1024 * 1024
    files_ttl_s: float = 3600.0
    #: LibreTranslate ``/suggest`` (suggestions stored unreviewed in the translation memory)
    suggestions: bool = False
    #: LibreTranslate ``alternatives``: largest number a request may ask for (-1 = no limit)
    alternatives_limit: int = -1
    #: reported by ``/frontend/settings`` for LibreTranslate's web UI (ms)
    frontend_timeout_ms: int = 500

    def data_dir(self, settings: Any) -> Path:
        return Path(self.service_dir) if self.service_dir else Path(settings.home) / "service"

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "ServiceConfig":
        return cls(**json.loads(text))
