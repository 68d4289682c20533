"""Helpers for service tests: a real ``l10n serve`` process on a free loopback port, and a webhook receiver."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator


ROOT = Path(__file__).resolve().parent.parent


#: a sentence of some 200 words
LONG_SENTENCE = " ".join(["the council met on Monday and the mayor spoke about the school,"] * 16) + " again."
#: (path, raw body) of requests that cannot be translated as asked: unknown language, broken JSON,
#: empty targets, a 200-word sentence, a 19,000-character word, a NUL, a bad format (lone surrogates
#: are the hostile-input suite's case, tests/test_service_hostile.py). Shared by
#: tests/test_service_faults.py and benchmarks/bench_faults.py.
BAD_REQUESTS: list[tuple[str, bytes]] = [
    ("/translate", json.dumps({"q": "Hello.", "source": "en", "target": "xx"}).encode()),
    ("/v1/translate", b'{"body": "unterminated'),
    ("/v1/translate", json.dumps({"body": "Hi.", "targets": []}).encode()),
    ("/translate", json.dumps({"q": LONG_SENTENCE, "source": "en", "target": "uk"}).encode()),
    ("/v1/translate", json.dumps({"body": "x" * 19000, "source": "en", "targets": ["uk"]}).encode()),
    ("/v1/translate", b'{"body": "A \\u0000 b.", "source": "en", "targets": ["uk"]}'),
    ("/translate", json.dumps({"q": "Talks.", "source": "en", "target": "uk", "format": "pdf"}).encode()),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def l10n_server(home: Path, *args: str, log: Path | None = None, timeout: float = 60.0) -> Iterator[str]:
    """Start ``python cli.py serve`` (uvicorn) on 127.0.0.1; yield its base URL; stop it."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    log = log or home.parent / f"serve-{port}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "serve", "--host", "127.0.0.1",
                                 "--port", str(port), "--home", str(home), *args],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"l10n serve exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"l10n serve did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class WebhookReceiver:
    """A loopback HTTP server recording deliveries; fails the first ``fail_first`` with 503."""

    def __init__(self, fail_first: int = 0) -> None:
        self.deliveries: list[tuple[dict[str, str], bytes]] = []
        self.fail_first = fail_first
        self.event = threading.Event()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                receiver.deliveries.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = 503 if len(receiver.deliveries) <= receiver.fail_first else 204
                self.send_response(status)
                self.end_headers()
                if status == 204:
                    receiver.event.set()

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/l10n"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "WebhookReceiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def post_json(url: str, payload: dict, headers: dict | None = None, timeout: float = 60) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=json.dumps(payload).encode(), method="POST",
                                 headers={"content-type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())
