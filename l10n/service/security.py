"""API keys (hashed at rest) and a per-key token-bucket rate limit.

Key file format (``l10n serve --api-key-file FILE``), one key per line, ``#`` comments allowed::

    sha256:<64 hex digits>  [name]

Only the SHA-256 of each key is stored. Keys are long random tokens (``l10n serve --new-api-key``
makes them with 32 bytes from ``secrets``), so a fast hash is the right tool: there is nothing to
brute-force, and a slow password hash (scrypt) would cost milliseconds on every request.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from pathlib import Path

from l10n.errors import UsageError
from l10n.fileio import read_utf8


def hash_key(key: str) -> str:
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return "l10n_" + secrets.token_urlsafe(32)


def load_key_file(path: Path) -> dict[str, str]:
    """``{hash: name}`` from a key file; a malformed line is an error naming file and line."""
    lines = read_utf8(path, error=UsageError).splitlines()  # missing, a folder, not UTF-8: one line
    keys: dict[str, str] = {}
    for n, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        digest, _, name = line.partition(" ")
        hexpart = digest[len("sha256:"):]
        if not digest.startswith("sha256:") or len(hexpart) != 64 or any(c not in "0123456789abcdef" for c in hexpart):
            raise UsageError("expected 'sha256:<64 lowercase hex digits> [name]'", where=f"{path}:{n}")
        keys[digest] = name.strip() or f"key{n}"
    return keys


def add_key(path: Path, name: str) -> str:
    """Append a new key's hash to ``path``; returns the key (shown once, never stored)."""
    if not name or len(name) > 100 or any(c.isspace() or not c.isprintable() or c == "#" for c in name):
        raise UsageError("a key name is 1-100 printable characters without spaces or '#'", where="--new-api-key")
    key = new_key()
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"{hash_key(key)} {name}\n")
        path.chmod(0o600)
    except OSError as exc:
        raise UsageError(f"cannot write the API key file: {exc.strerror}", where=str(path)) from None
    return key


class ApiKeys:
    """Look up presented keys by hash. ``None`` keys = authentication off."""

    def __init__(self, hashes: dict[str, str] | None) -> None:
        self.hashes = hashes

    @property
    def required(self) -> bool:
        return self.hashes is not None

    def lookup(self, key: str | None) -> str | None:
        """The key's name, or None when unknown."""
        if not key or self.hashes is None:
            return None
        return self.hashes.get(hash_key(key))


class RateLimiter:
    """Token bucket per client identity: ``rate`` requests per second, bursts up to ``burst``."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, identity: str) -> tuple[bool, float]:
        """(allowed, seconds until the next token)."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(identity, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[identity] = (tokens - 1.0, now)
                return True, 0.0
            self._buckets[identity] = (tokens, now)
            if len(self._buckets) > 100_000:  # forget idle clients; a full bucket is the default anyway
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 3600}
            return False, (1.0 - tokens) / self.rate
