"""Progress on stderr while a batch runs: a tqdm bar on a terminal, a plain line every few seconds in logs.

The total (for the percentage and the ETA) is counted by a background thread while the work starts.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any, TextIO

from .config import BatchConfig, ProgressMode
from .inputs import iter_sources

__all__ = ["Counter", "Progress"]


def _duration(seconds: float) -> str:
    s = int(seconds)
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}m"
    return f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"


class Progress:
    """A tqdm bar on a terminal; otherwise a plain line every ``every`` seconds (logs, CI); or nothing."""

    def __init__(self, mode: ProgressMode, err: TextIO, every: float = 10.0) -> None:
        if mode == "auto":
            isatty = getattr(err, "isatty", None)
            mode = "bar" if isatty is not None and isatty() else "lines"
        self.mode = mode
        self.err = err
        self.every = every
        self.total: int | None = None
        self._counted: int | None = None  # set by the counting thread, applied by the main thread
        self.done = 0
        self.errors = 0
        self.skipped = 0
        self.start = time.monotonic()
        self._last_line = self.start
        self._bar: Any = None
        if mode == "bar":
            from tqdm import tqdm

            self._bar = tqdm(total=None, unit="doc", file=err, dynamic_ncols=True, mininterval=0.5, smoothing=0.05)

    def counted(self, n: int) -> None:
        """The total is known (called from the counting thread)."""
        self._counted = n

    def _apply_total(self) -> None:
        if self._counted is not None and self.total is None:
            self.total = self._counted
            if self._bar is not None:
                self._bar.total = self._counted
                self._bar.refresh()

    def advance(self, n: int = 1, errors: int = 0, skipped: int = 0) -> None:
        self.done += n
        self.errors += errors
        self.skipped += skipped
        self._apply_total()
        if self._bar is not None:
            self._bar.update(n)
            if errors:
                self._bar.set_postfix(errors=self.errors, refresh=False)
        self.tick()

    def tick(self) -> None:
        if self.mode != "lines":
            return
        now = time.monotonic()
        if now - self._last_line >= self.every:
            self._last_line = now
            self._apply_total()
            self.err.write(self.line() + "\n")
            self.err.flush()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        analyzed = self.done - self.skipped
        rate = analyzed / elapsed
        head = f"{self.done:,}/{self.total:,}" if self.total else f"{self.done:,}"
        parts = [f"jpnews-tags batch: {head} documents"]
        if self.total:
            parts[0] += f" ({100 * self.done / self.total:.1f}%)"
        parts.append(f"{rate:.1f} docs/s")
        if self.total and rate > 0:
            parts.append(f"ETA {_duration((self.total - self.done) / rate)}")
        parts.append(f"{self.errors:,} errors")
        if self.skipped:
            parts.append(f"{self.skipped:,} already done")
        return ", ".join(parts)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


class Counter(threading.Thread):
    """Counts the documents in the background so that progress can show a total and an ETA."""

    def __init__(self, cfg: BatchConfig, skip: Sequence[str], progress: Progress) -> None:
        super().__init__(name="jpnews-tags-count", daemon=True)
        self.cfg = cfg
        self.skip = skip
        self.progress = progress
        self.stopped = threading.Event()

    def run(self) -> None:
        n = 0
        try:
            for _ in iter_sources(self.cfg.inputs, self.cfg.include, self.cfg.exclude, self.skip):
                if self.stopped.is_set():
                    return
                n += 1
        except Exception:  # counting is a nicety; the run does not depend on it
            return
        self.progress.counted(n)
