"""The service under faults: 32 keep-alive clients with 0% and 25% failing requests, and memory growth.

    python benchmarks/bench_faults.py [--data ../shared/eval] [--requests 2000] [--memory-requests 10000]

* starts a real ``l10n serve`` (uvicorn) on a free 127.0.0.1 port with the test packages;
* 32 concurrent clients, one keep-alive connection each, POST short FLORES sentences (``--data``) to
  ``/translate``; in the second run every 4th request is bad (unknown language, broken JSON, empty
  targets, a 200-word sentence, a 19,000-character word, a NUL, a bad format);
* per run: valid requests that failed (goal 0), 5xx answers (goal 0), connections reset or closed by
  the server (goal 0), p50/p99 latency of the valid requests;
* memory: ``--memory-requests`` mixed requests (``/v1/translate``, ``/v1/detect``, LibreTranslate
  ``/translate``, and every 4th a hostile one: the bad requests above plus lone surrogates, 100k-deep
  JSON, a 5,000-digit integer, 1,000 nested Markdown links), server RSS (``/proc/PID/status``
  VmRSS) at start, after the first 1,000 (warm-up) and every 1,000 after; MiB per 1,000 requests
  after warm-up (least-squares slope);
* a client error is classified: ``idle close`` when the server had already closed the kept-alive
  socket before the request was written (uvicorn's keep-alive timeout, ``timeout_keep_alive``,
  against a client that waited longer: the client's race to handle, as urllib3 does by checking
  the socket before reuse), else ``mid-request`` (the server's fault).
The last line printed is the headline.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import select
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
from bench_service import ROOT, free_port, load_texts, rss_mib, start_server  # noqa: E402
from service_helpers import BAD_REQUESTS as BAD  # noqa: E402

DEEP = "[" * 100_000 + "]" * 100_000
#: more hostile requests for the memory run (each a 4xx, none kept by the server)
HOSTILE = BAD + [
    ("/v1/translate", b'{"body": "Kyiv \\ud800 today.", "source": "en", "targets": ["uk"]}'),
    ("/translate", b'{"q": "Kyiv \\udfff.", "source": "en", "target": "uk"}'),
    ("/v1/detect", b'{"text": "\\ud800"}'),
    ("/v1/translate", f'{{"body": "Hi.", "targets": ["uk"], "id": {DEEP}}}'.encode()),
    ("/translate", f'{{"q": "Hi.", "source": "en", "target": "uk", "alternatives": {"9" * 5000}}}'.encode()),
    ("/v1/translate", json.dumps({"body": "[" * 1000 + "Kyiv" + "](https://e.com)" * 1000, "format": "markdown",
                                  "source": "en", "targets": ["uk"]}).encode()),
    ("/v1/translate", ('{"body": "Hi.", "targets": ["uk"], ' + ", ".join(f'"f{i}": 1' for i in range(20_000))
                       + "}").encode()),
]


def plain(texts: list[str], bad_share: int):
    """LibreTranslate ``/translate`` of short sentences; every ``bad_share``-th request from ``BAD``."""
    def pick(n: int) -> tuple[str, bytes, bool]:
        if bad_share and n % bad_share == bad_share - 1:
            return (*BAD[n // bad_share % len(BAD)], True)
        return "/translate", json.dumps({"q": texts[n % len(texts)], "source": "en", "target": "uk"}).encode(), False
    return pick


def mixed(texts: list[str]):
    """The memory run's requests: v1 translate, v1 detect, LibreTranslate translate, one in 4 hostile."""
    def pick(n: int) -> tuple[str, bytes, bool]:
        text = texts[n % len(texts)]
        kind = n % 4
        if kind == 3:
            return (*HOSTILE[n // 4 % len(HOSTILE)], True)
        if kind == 0:
            return "/v1/translate", json.dumps({"id": f"a{n}", "body": text, "source": "en", "targets": ["uk"],
                                                "options": {"mode": "sync"}}).encode(), False
        if kind == 1:
            return "/v1/detect", json.dumps({"text": text}).encode(), False
        return "/translate", json.dumps({"q": text, "source": "auto" if n % 8 == 2 else "en",
                                         "target": "uk"}).encode(), False
    return pick


def closed_by_peer(sock: socket.socket | None) -> bool:
    """True when the server has closed this kept-alive socket (EOF waiting) before we wrote to it."""
    if sock is None:
        return False
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


def run(port: int, pick, total: int, clients: int = 32) -> dict:
    """``total`` requests over ``clients`` keep-alive connections; ``pick(n)`` -> (path, body, bad)."""
    lock = threading.Lock()
    counter = iter(range(total))
    stats = {"valid": 0, "valid_failed": 0, "bad": 0, "5xx": 0, "resets": 0, "reconnects": 0, "lat": [],
             "errors": {}, "idle_closes": 0, "mid_request_errors": 0}

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        sock = None
        last_answer = time.perf_counter()
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            path, body, bad = pick(n)
            started = time.perf_counter()
            idle_closed = closed_by_peer(conn.sock)
            idle_s = started - last_answer
            try:
                conn.request("POST", path, body=body, headers={"content-type": "application/json"})
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException) as exc:
                status = -1
                conn.close()
                with lock:
                    kind = "idle close" if idle_closed else "mid-request"
                    what = f"{kind} {type(exc).__name__} on {path}{' (bad)' if bad else ''} after {idle_s:.1f} s idle"
                    what = what if len(stats["errors"]) < 12 else f"{kind} (more)"
                    stats["errors"][what] = stats["errors"].get(what, 0) + 1
            last_answer = time.perf_counter()
            elapsed = last_answer - started
            with lock:
                stats["idle_closes" if status == -1 and idle_closed else "mid_request_errors"] += status == -1
                stats["bad" if bad else "valid"] += 1
                stats["5xx"] += status >= 500
                stats["resets"] += status == -1
                if sock is not None and conn.sock is not sock:
                    stats["reconnects"] += 1
                if not bad:
                    stats["valid_failed"] += status != 200
                    stats["lat"].append(elapsed)
            sock = conn.sock
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stats["seconds"] = time.perf_counter() - started
    lat = sorted(stats.pop("lat")) or [float("nan")]
    stats["p50_ms"] = statistics.median(lat) * 1000
    stats["p99_ms"] = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
    return stats


def line(name: str, s: dict) -> str:
    return (f"{name}: {s['valid']} valid + {s['bad']} bad requests in {s['seconds']:.1f} s; valid failed "
            f"{s['valid_failed']}, 5xx {s['5xx']}, resets {s['resets']} (idle close {s['idle_closes']}, "
            f"mid-request {s['mid_request_errors']}), reconnects {s['reconnects']}, "
            f"p50 {s['p50_ms']:.0f} ms, p99 {s['p99_ms']:.0f} ms"
            + (f"; client errors {s['errors']}" if s["errors"] else ""))


def slope(samples: list[tuple[int, float]]) -> float:
    """Least-squares MiB per 1,000 requests through ``(requests, RSS)`` samples (nan for fewer than 2)."""
    if len(samples) < 2:
        return float("nan")
    mean_n = statistics.fmean(n for n, _ in samples)
    mean_r = statistics.fmean(r for _, r in samples)
    return 1000 * sum((n - mean_n) * (r - mean_r) for n, r in samples) / sum((n - mean_n) ** 2 for n, _ in samples)


def memory_run(home: Path, scratch: Path, texts: list[str], total: int, warmup: int = 1000) -> dict:
    """A fresh server; RSS at start, after ``warmup`` mixed requests and every 1,000 after; MiB/1,000 after warm-up."""
    port, log = free_port(), scratch / "serve-memory.log"
    proc = start_server(home, port, log, 5.0, os.sched_getaffinity(0))
    try:
        samples = [(0, rss_mib(proc.pid))]
        done, stats = 0, []
        while done < total:
            step = min(warmup if done == 0 else 1000, total - done)
            pick = mixed(texts)
            stats.append(run(port, lambda n, base=done: pick(base + n), step))
            done += step
            samples.append((done, rss_mib(proc.pid)))
        after = [(n, r) for n, r in samples if n >= warmup]
        return {"samples": samples, "slope": slope(after), "late_slope": slope(after[len(after) // 2:]), "tracebacks": log.read_text(errors="replace").count("Traceback"),
                "5xx": sum(s["5xx"] for s in stats), "valid_failed": sum(s["valid_failed"] for s in stats),
                "resets": sum(s["resets"] for s in stats), "seconds": sum(s["seconds"] for s in stats)}
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "eval"), help="gold data folder")
    parser.add_argument("--requests", type=int, default=2000, help="requests per fault level (0: skip)")
    parser.add_argument("--memory-requests", type=int, default=10_000, help="mixed requests (0: skip)")
    args = parser.parse_args()
    texts = load_texts(Path(args.data).resolve(), 256)
    scratch = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    try:
        from l10n.engines.install import install_path
        from l10n.settings import Settings
        home = scratch / "home"
        install_path(Settings(home=home), ROOT / "tests" / "fixtures" / "models")
        faulty = None
        if args.requests:
            port, log = free_port(), scratch / "serve.log"
            proc = start_server(home, port, log, 5.0, os.sched_getaffinity(0))
            try:
                run(port, plain(texts, 0), 64, clients=8)  # warm-up
                clean = run(port, plain(texts, 0), args.requests)
                print(line("32 clients, 0% failing", clean))
                faulty = run(port, plain(texts, 4), args.requests)
                print(line("32 clients, 25% failing", faulty))
                print(f"tracebacks in the server log: {log.read_text(errors='replace').count('Traceback')}")
            finally:
                proc.terminate()
                proc.wait(10)
        mem = memory_run(home, scratch, texts, args.memory_requests) if args.memory_requests else None
        if mem:
            print("server RSS (MiB) after N mixed requests: "
                  + ", ".join(f"{n}: {r:.0f}" for n, r in mem["samples"]))
            print(f"memory run: {args.memory_requests} mixed requests (25% hostile) in {mem['seconds']:.0f} s; "
                  f"valid failed {mem['valid_failed']}, 5xx {mem['5xx']}, resets {mem['resets']}, "
                  f"tracebacks {mem['tracebacks']}; RSS {mem['samples'][0][1]:.0f} at start, "
                  f"{dict(mem['samples']).get(1000, float('nan')):.0f} after warm-up, "
                  f"{mem['samples'][-1][1]:.0f} at the end; "
                  f"{mem['slope']:+.2f} MiB per 1,000 requests after warm-up, {mem['late_slope']:+.2f} over the "
                  "second half")
        parts = []
        if faulty:
            parts.append(f"25% failing -> valid failed {faulty['valid_failed']}, 5xx {faulty['5xx']}, resets "
                         f"{faulty['resets']} (idle close {faulty['idle_closes']}), p99 {faulty['p99_ms']:.0f} ms")
        if mem:
            parts.append(f"RSS {mem['slope']:+.2f} MiB per 1,000 requests after warm-up "
                         f"({mem['late_slope']:+.2f} over the second half)")
        print("headline: " + "; ".join(parts))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
