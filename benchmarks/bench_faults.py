"""The service under faults: 32 keep-alive clients with 0% and 25% failing requests, and memory growth.

    python benchmarks/bench_faults.py [--data ../shared/eval] [--requests 2000] [--memory-requests 10000]

* starts a real ``l10n serve`` (uvicorn) on a free 127.0.0.1 port with the test packages;
* 32 concurrent clients, one keep-alive connection each, POST short FLORES sentences (``--data``) to
  ``/translate``; in the second run every 4th request is bad (unknown language, broken JSON, empty
  targets, a 200-word sentence, a 19,000-character word, a NUL, a bad format);
* per run: valid requests that failed (goal 0), 5xx answers (goal 0), connections reset or closed by
  the server (goal 0), p50/p99 latency of the valid requests;
* server RSS before and after ``--memory-requests`` mixed requests (25% bad), in MiB.
The last line printed is the headline.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_service import ROOT, free_port, load_texts, rss_mib, start_server  # noqa: E402

LONG = " ".join(["the council met on Monday and the mayor spoke about the school,"] * 16) + " again."
BAD = [
    ("/translate", json.dumps({"q": "Hello.", "source": "en", "target": "xx"}).encode()),
    ("/v1/translate", b'{"body": "unterminated'),
    ("/v1/translate", json.dumps({"body": "Hi.", "targets": []}).encode()),
    ("/translate", json.dumps({"q": LONG, "source": "en", "target": "uk"}).encode()),
    ("/v1/translate", json.dumps({"body": "x" * 19000, "source": "en", "targets": ["uk"]}).encode()),
    ("/v1/translate", b'{"body": "A \\u0000 b.", "source": "en", "targets": ["uk"]}'),
    ("/translate", json.dumps({"q": "Talks.", "source": "en", "target": "uk", "format": "pdf"}).encode()),
]


def run(port: int, texts: list[str], total: int, bad_share: int, clients: int = 32) -> dict:
    """``total`` requests over ``clients`` keep-alive connections; every ``bad_share``-th is bad (0: none)."""
    lock = threading.Lock()
    counter = iter(range(total))
    stats = {"valid": 0, "valid_failed": 0, "bad": 0, "5xx": 0, "resets": 0, "reconnects": 0, "lat": [],
             "errors": {}}

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        sock = None
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            bad = bad_share and n % bad_share == bad_share - 1
            path, body = BAD[n // bad_share % len(BAD)] if bad else (
                "/translate", json.dumps({"q": texts[n % len(texts)], "source": "en", "target": "uk"}).encode())
            started = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers={"content-type": "application/json"})
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException) as exc:
                status = -1
                conn.close()
                with lock:
                    what = f"{type(exc).__name__} on {path}{' (bad)' if bad else ''}"
                    stats["errors"][what] = stats["errors"].get(what, 0) + 1
            elapsed = time.perf_counter() - started
            with lock:
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
            f"{s['valid_failed']}, 5xx {s['5xx']}, resets {s['resets']}, reconnects {s['reconnects']}, "
            f"p50 {s['p50_ms']:.0f} ms, p99 {s['p99_ms']:.0f} ms"
            + (f"; client errors {s['errors']}" if s["errors"] else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "eval"), help="gold data folder")
    parser.add_argument("--requests", type=int, default=2000, help="requests per fault level")
    parser.add_argument("--memory-requests", type=int, default=10_000)
    args = parser.parse_args()
    texts = load_texts(Path(args.data).resolve(), 256)
    scratch = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    try:
        from l10n.engines.install import install_path
        from l10n.settings import Settings
        home = scratch / "home"
        install_path(Settings(home=home), ROOT / "tests" / "fixtures" / "models")
        port = free_port()
        log = scratch / "serve.log"
        proc = start_server(home, port, log, 5.0, os.sched_getaffinity(0))
        try:
            run(port, texts, 64, 0, clients=8)  # warm-up
            clean = run(port, texts, args.requests, 0)
            print(line("32 clients, 0% failing", clean))
            faulty = run(port, texts, args.requests, 4)
            print(line("32 clients, 25% failing", faulty))
            rss_before = rss_mib(proc.pid)
            mem = run(port, texts, args.memory_requests, 4)
            rss_after = rss_mib(proc.pid)
            print(line(f"memory run ({args.memory_requests} requests, 25% failing)", mem))
            tracebacks = log.read_text(errors="replace").count("Traceback")
            print(f"server RSS {rss_before:.0f} -> {rss_after:.0f} MiB over {args.memory_requests} requests "
                  f"(+{rss_after - rss_before:.0f} MiB); tracebacks in the server log: {tracebacks}")
            worst = max(s["valid_failed"] + s["5xx"] + s["resets"] for s in (clean, faulty, mem))
            print(f"headline: 25% failing requests -> valid failed {faulty['valid_failed']}, 5xx {faulty['5xx']}, "
                  f"resets {faulty['resets']}, p99 {faulty['p99_ms']:.0f} ms; RSS +{rss_after - rss_before:.0f} MiB "
                  f"over {args.memory_requests} requests; worst run faults {worst}")
        finally:
            proc.terminate()
            proc.wait(10)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
