"""A small progress bar on stderr (no dependency), silent when stderr is not a terminal or --quiet."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    def __init__(self, enabled: bool = True, stream=None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.width = width
        self._last = 0.0
        self._shown = False

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if total and done < total and now - self._last < 0.1:
            return
        self._last = now
        if total:
            filled = int(self.width * done / max(total, 1))
            bar = "#" * filled + "-" * (self.width - filled)
            line = f"\r{stage:>10} [{bar}] {done}/{total}"
        else:
            line = f"\r{stage:>10} {done}"
        self.stream.write(line)
        self.stream.flush()
        self._shown = True

    def bytes(self, done: int, total: int | None, label: str) -> None:
        """Adapter for download progress (bytes)."""
        if total:
            self(label[:24], done // 1024, total // 1024)
        else:
            self(label[:24], done // 1024, None)

    def close(self) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = False
