"""Prometheus metrics in the text exposition format (version 0.0.4), written by hand.

Why not ``prometheus_client``: we need four families (request counter, latency histogram,
segment and TM counters) in one process; the format is a few lines of text, and a dependency plus
its multiprocess mode would be more code to configure than this. With ``--workers N`` each
worker process keeps its own numbers (scrape each, or run one worker per container).
"""

from __future__ import annotations

import bisect
import threading

#: Latency buckets in seconds (upper bounds); +Inf is implicit.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _labels(pairs: tuple[tuple[str, str], ...]) -> str:
    if not pairs:
        return ""
    esc = [(k, v.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')) for k, v in pairs]
    return "{" + ",".join(f'{k}="{v}"' for k, v in esc) + "}"


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str, str], int] = {}            # (method, route, status)
        self.latency: dict[str, list[int]] = {}                        # route -> bucket counts (+Inf last)
        self.latency_sum: dict[str, float] = {}
        self.segments: dict[tuple[str, str, str], int] = {}            # (src, tgt, origin)
        self.tm_hits = 0

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            key = (method, route, str(status))
            self.requests[key] = self.requests.get(key, 0) + 1
            counts = self.latency.setdefault(route, [0] * (len(BUCKETS) + 1))
            counts[bisect.bisect_left(BUCKETS, seconds)] += 1
            self.latency_sum[route] = self.latency_sum.get(route, 0.0) + seconds

    def count_segments(self, src: str, tgt: str, origins: list[str]) -> None:
        with self._lock:
            for origin in origins:
                key = (src, tgt, origin)
                self.segments[key] = self.segments.get(key, 0) + 1
                if origin == "tm":
                    self.tm_hits += 1

    def render(self, extra: dict[str, tuple[str, str, float]] | None = None) -> str:
        """The exposition text; ``extra`` adds gauges ``{name: (type, help, value)}``."""
        out: list[str] = []
        with self._lock:
            out += ["# HELP l10n_http_requests_total HTTP requests by method, route and status.",
                    "# TYPE l10n_http_requests_total counter"]
            for (method, route, status), n in sorted(self.requests.items()):
                out.append(f"l10n_http_requests_total{_labels((('method', method), ('route', route), ('status', status)))} {n}")
            out += ["# HELP l10n_http_request_duration_seconds Request latency by route.",
                    "# TYPE l10n_http_request_duration_seconds histogram"]
            for route, counts in sorted(self.latency.items()):
                cumulative = 0
                for bound, n in zip([*map(str, BUCKETS), "+Inf"], counts):
                    cumulative += n
                    out.append(f"l10n_http_request_duration_seconds_bucket"
                               f"{_labels((('route', route), ('le', bound)))} {cumulative}")
                out.append(f"l10n_http_request_duration_seconds_sum{_labels((('route', route),))} "
                           f"{self.latency_sum[route]:.6f}")
                out.append(f"l10n_http_request_duration_seconds_count{_labels((('route', route),))} {cumulative}")
            out += ["# HELP l10n_segments_translated_total Sentences translated, by pair and origin (mt, tm, copy, same-language).",
                    "# TYPE l10n_segments_translated_total counter"]
            for (src, tgt, origin), n in sorted(self.segments.items()):
                out.append(f"l10n_segments_translated_total{_labels((('source', src), ('target', tgt), ('origin', origin)))} {n}")
            out += ["# HELP l10n_tm_hits_total Sentences reused from the translation memory.",
                    "# TYPE l10n_tm_hits_total counter", f"l10n_tm_hits_total {self.tm_hits}"]
        for name, (kind, help_text, value) in sorted((extra or {}).items()):
            out += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}", f"{name} {value:g}"]
        return "\n".join(out) + "\n"
