"""Bulk archive translation: one job per article file, deduplicated by content, on the same job
store and queue as the service (``l10n batch submit|status|fetch``).

A job's request is the service's ``POST /v1/translate`` body plus ``path`` (the file's path
relative to the submitted folder), so workers run batch jobs exactly like CMS jobs. The content key
(SHA-256 of path, format, source language, targets and text) makes a second ``submit`` of the
same archive a no-op, while an edited article gets a new job. ``fetch`` writes ``OUT/<lang>/<path>`` atomically, never outside ``OUT`` and
never over a different existing file unless asked to.
"""

from __future__ import annotations

import glob
import hashlib
import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from l10n.errors import InputError, UsageError
from l10n.fileio import read_utf8, write_bytes_atomic
from l10n.formats import BINARY_FORMATS, detect_format

STATES = ("queued", "running", "done", "failed")


def collect(pattern: str) -> list[tuple[Path, str]]:
    """``(file, relative path)`` for a folder (every article file below it) or a glob pattern."""
    root = Path(pattern)
    if root.is_dir():
        files = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
        found = [(p, p.relative_to(root).as_posix()) for p in files]
    else:
        found = [(Path(p), Path(p).name) for p in sorted(glob.glob(pattern, recursive=True)) if Path(p).is_file()]
    found = [(p, rel) for p, rel in found if detect_format("", str(p)) not in BINARY_FORMATS
             and p.suffix.lower() in {".md", ".markdown", ".html", ".htm", ".txt", ".json", ".srt", ".vtt"}]
    if not found:
        raise InputError("no article files (.md, .html, .txt, .json, .srt, .vtt) found", where=pattern)
    return found


def article_job(path: Path, rel: str, targets: Sequence[str], src: str = "auto") -> tuple[dict, str]:
    """The job request for one article file and its content key."""
    text = read_utf8(path)
    fmt = detect_format(text, str(path))
    request = {"id": rel, "path": rel, "body": text, "format": fmt, "source": src, "targets": list(targets)}
    key = hashlib.sha256(json.dumps([rel, fmt, src, sorted(targets), text], ensure_ascii=False).encode()).hexdigest()
    return request, key


def submit(jobs: Any, queue: Any, files: Sequence[tuple[Path, str]], targets: Sequence[str], *,
           src: str = "auto", queue_name: str = "bulk") -> tuple[int, int]:
    """Store (and, with a shared database's ``queue``, enqueue) one job per file not submitted
    before; returns ``(new, already_submitted)``."""
    new = old = 0
    for path, rel in files:
        request, key = article_job(path, rel, targets, src)
        job_id = uuid.uuid4().hex
        job = jobs.create(request, queue=queue_name, content_key=key, job_id=job_id)
        if job.id != job_id:
            old += 1
            continue
        if queue is not None:
            queue.enqueue(job.id, queue_name)
        new += 1
    return new, old


@dataclass
class Progress:
    counts: dict[str, int]
    total: int
    eta_s: float | None

    def to_dict(self) -> dict:
        return {"total": self.total, **{s: self.counts.get(s, 0) for s in STATES}, "eta_s": self.eta_s}


def progress(jobs: Sequence[Any], now: float | None = None) -> Progress:
    """Counts per state and an ETA from the rate jobs have finished at since the first was submitted."""
    now = now or time.time()
    counts = {s: sum(1 for j in jobs if j.state == s) for s in STATES}
    finished = counts["done"] + counts["failed"]
    left = len(jobs) - finished
    eta = None
    if finished and left:
        elapsed = max(j.updated for j in jobs if j.state in ("done", "failed")) - min(j.created for j in jobs)
        eta = round(left * max(elapsed, 0.0) / finished, 1)
    elif not left:
        eta = 0.0
    return Progress(counts, len(jobs), eta)


def fetch(jobs: Sequence[Any], out: Path, *, force: bool = False) -> dict[str, int]:
    """Write each finished job's translations to ``out/<lang>/<path>``; counts of what happened."""
    out = Path(out)
    report = {"written": 0, "unchanged": 0, "failed": 0, "unfinished": 0}
    for job in jobs:
        if job.state != "done":
            report["failed" if job.state == "failed" else "unfinished"] += 1
            continue
        for lang, translation in job.result["translations"].items():
            dest = _inside(out, lang, job.request["path"])
            data = translation["body"].encode("utf-8")
            if dest.exists():
                if dest.read_bytes() == data:
                    report["unchanged"] += 1
                    continue
                if not force:
                    raise UsageError("exists with different content; use --force to replace it", where=str(dest))
            write_bytes_atomic(dest, data)
            report["written"] += 1
    return report


def _inside(out: Path, lang: str, rel: str) -> Path:
    dest = (out / lang / rel).resolve()
    if not dest.is_relative_to(out.resolve()):
        raise UsageError("job path points outside the output folder", where=rel)
    return dest
