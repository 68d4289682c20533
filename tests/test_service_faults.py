"""The service under faults: a real ``l10n serve`` (uvicorn) on loopback, 32 concurrent keep-alive
clients, a quarter of whose requests are bad (hostile Unicode, over-long sentences, unknown languages,
broken JSON). No valid request may fail, nothing may answer 5xx, no connection may be reset or closed
by an error, and a request that times out (504) must stop its work."""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from service_helpers import BAD_REQUESTS, l10n_server, post_json

CLIENTS = 32
PER_CLIENT = 4


def corpus() -> dict[str, str]:
    path = Path(__file__).parent / "fixtures" / "corpus" / "en-uk.tsv"
    return dict(line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


@pytest.fixture(scope="module")
def server(module_home):
    log = module_home.parent / "faults-serve.log"
    with l10n_server(module_home, "--sync-max-chars", "20000", log=log) as base:
        yield base, log


def _client(base: str, jobs: list[tuple[str, bytes, str | None]], out: list, start: threading.Barrier) -> None:
    host, port = base.rsplit("/", 1)[-1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=300)
    start.wait()
    sock = None
    for path, body, want in jobs:
        try:
            conn.request("POST", path, body=body, headers={"content-type": "application/json"})
            resp = conn.getresponse()
            data = resp.read()
            if sock is None:
                sock = conn.sock
            out.append((path, want, resp.status, data, conn.sock is sock and conn.sock is not None))
        except (OSError, http.client.HTTPException) as exc:
            out.append((path, want, -1, repr(exc).encode(), False))
            conn.close()
    conn.close()


def test_quarter_of_requests_failing_never_fails_the_valid_ones(server):
    base, log = server
    sources = list(corpus())[:24]
    ref = {}  # what each sentence gets alone, before the storm
    for s in sources:
        status, body = post_json(base + "/translate", {"q": s, "source": "en", "target": "uk"})
        assert status == 200, body
        ref[s] = body["translatedText"]
    bad = BAD_REQUESTS
    plans, n = [], 0
    for c in range(CLIENTS):
        jobs = []
        for _ in range(PER_CLIENT):
            if n % 4 == 3:
                path, body = bad[n // 4 % len(bad)]
                jobs.append((path, body, None))
            else:
                s = sources[n % len(sources)]
                jobs.append(("/translate", json.dumps({"q": s, "source": "en", "target": "uk"}).encode(), ref[s]))
            n += 1
        plans.append(jobs)
    results: list = []
    start = threading.Barrier(CLIENTS)
    threads = [threading.Thread(target=_client, args=(base, jobs, results, start)) for jobs in plans]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    assert len(results) == CLIENTS * PER_CLIENT
    valid = [r for r in results if r[1] is not None]
    hostile = [r for r in results if r[1] is None]
    assert len(valid) == CLIENTS * PER_CLIENT * 3 // 4 and len(hostile) == CLIENTS * PER_CLIENT // 4
    failed_valid = [(r[2], r[3][:200]) for r in valid
                    if r[2] != 200 or json.loads(r[3])["translatedText"] != r[1]]
    assert failed_valid == []
    assert [r for r in results if r[2] == -1] == []                      # no reset connection
    assert [(r[0], r[2], r[3][:200]) for r in results if r[2] >= 500] == []  # no 5xx at all
    assert all(r[4] for r in results)                                   # one keep-alive socket each
    assert {r[2] for r in hostile} <= {200, 202, 400, 404, 413, 422}
    for r in hostile:
        assert json.loads(r[3])  # every answer is JSON
    assert "Traceback" not in log.read_text(errors="replace")


def _metric(base: str, name: str) -> float | None:
    with urllib.request.urlopen(base + "/metrics", timeout=30) as r:
        for line in r.read().decode().splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
    return None


def _server_pid(port: int) -> int:
    for proc in Path("/proc").iterdir():
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in argv and str(port).encode() in argv:
            return int(proc.name)
    raise AssertionError(f"no server process on port {port}")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100.0


def test_request_that_times_out_stops_its_work(module_home, tmp_path):
    """A 504 cancels the request's token: the work stops at its next check point (an MT slice, a
    segment's post-editing) instead of running to the end for nobody."""
    sentences = [f"Unknown sentence number {i} keeps the model busy until its length limit." for i in range(300)]
    with l10n_server(module_home, "--timeout", "1", "--sync-max-chars", "100000",
                     log=tmp_path / "serve.log") as base:
        status, body = post_json(base + "/v1/translate", {"body": " ".join(sentences), "source": "en",
                                                           "targets": ["uk"], "options": {"mode": "sync"}})
        assert status == 504, body
        pid = _server_pid(int(base.rsplit(":", 1)[1]))
        deadline = time.monotonic() + 300
        last = _cpu_seconds(pid)
        while time.monotonic() < deadline:   # wait until the server's CPU is idle
            time.sleep(2.0)
            now = _cpu_seconds(pid)
            if now - last < 0.1:
                break
            last = now
        # the work ended at a check point with Cancelled, it did not run to the end
        assert _metric(base, "l10n_cancelled_total") == 1.0
