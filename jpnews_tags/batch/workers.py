"""The worker side of a batch: each worker process builds one analyzer and turns chunks of sources into lines.

Workers get paths (or single JSON lines), never texts, and send back finished output lines with their resume
keys, so the parent does no analysis and holds no text. Every document's analysis runs under the per-document
time budget (:mod:`jpnews_tags.batch.budget`); after a document ran out of time the analyzer is replaced by a
fresh one before the next. A worker exits by itself when the batch process is gone.

A pool runs two kinds of task through :func:`worker_task`: :meth:`Worker.chunk`, the run's (output lines,
tagged with the archive's frequencies the task carries), and :meth:`Worker.sample`, the site-aware first pass's
(:mod:`jpnews_tags.batch.archive`): each document's tags without an archive, and what its record needs to be
finished later without analyzing it again (:class:`Sampled`). With one worker the batch calls them in-process.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..analyzer import Analyzer, AnalyzerOptions
from ..models import Versions
from ..tagging.site import ArchiveTags
from ..tagging.tagger import TagCandidate
from .budget import TimeBudget
from .inputs import Outcome, Source, outcome_key, process_sources
from .records import record_line
from .summary import peak_rss_mb

__all__ = [
    "ChunkResult",
    "Row",
    "SampleResult",
    "Sampled",
    "Worker",
    "analyze_chunk",
    "init_worker",
    "worker_task",
    "worker_versions",
]

#: One outcome as the parent needs it: (line, resume key, error kind, entities, tags, bytes read).
Row = tuple[bytes, bytes, str | None, int, int, int]
#: A chunk's result: (worker pid, its peak RSS in MB, rows).
ChunkResult = tuple[int, float, list[Row]]
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Sampled:
    """A document of the first pass: its tags without an archive (``None``: it could not be analyzed, and is left
    out of the counts and analyzed again in the run, as any other), and what its record needs to be finished with
    the archive's frequencies: the record (tags to be replaced), its resume key, the bytes read, and its tag
    candidates before the demotion (see :func:`jpnews_tags.tagging.tagger.rank_tags`)."""

    tags: list[str] | None
    record: dict[str, Any] | None = None
    key: bytes = b""
    size: int = 0
    candidates: list[TagCandidate] | None = None


#: A first-pass chunk's result: (worker pid, its peak RSS in MB, one :class:`Sampled` per source, in order).
SampleResult = tuple[int, float, list[Sampled]]


def sampled(outcome: Outcome) -> Sampled:
    if outcome.error_kind is not None or outcome.candidates is None:
        return Sampled(None)
    rec = outcome.record
    return Sampled([t["tag"] for t in rec["tags"]], rec, outcome_key(outcome), outcome.size, outcome.candidates)


class Worker:
    """One analyzer, the limits it works under, and its replacement after a document that ran out of time."""

    def __init__(self, options: AnalyzerOptions, max_chars: int, budget: TimeBudget) -> None:
        self.options = options
        self.max_chars = max_chars
        self.budget = budget
        self.analyzer = options.build()

    def chunk(self, chunk: Sequence[Source], archive: ArchiveTags | None = None) -> ChunkResult:
        """The rows of ``chunk``, tagged with ``archive``'s frequencies (None: the options' own, if any)."""
        own = self.options.tag_options.archive if self.options.tag_options else None
        self.analyzer.use_archive(archive if archive is not None else own)
        result = analyze_chunk(self.analyzer, chunk, self.max_chars, self.budget)
        self._after([kind for _, _, kind, *_ in result[2]])
        return result

    def sample(self, chunk: Sequence[Source]) -> SampleResult:
        """The first pass over ``chunk``: each document tagged without an archive, kept as :class:`Sampled`."""
        self.analyzer.use_archive(None)
        outcomes = process_sources(self.analyzer, chunk, max_chars=self.max_chars, budget=self.budget, candidates=True)
        self._after([o.error_kind for o in outcomes])
        return os.getpid(), peak_rss_mb(), [sampled(o) for o in outcomes]

    def _after(self, kinds: Sequence[str | None]) -> None:
        if "timeout" in kinds:
            # interrupted wherever it was: its state may be half-updated, so the next document gets a new one
            # (the old one is let go first: two at once would double the worker's memory for a moment)
            del self.analyzer
            self.analyzer = self.options.build()


def row(outcome: Outcome) -> Row:
    return (
        record_line(outcome.record),
        outcome_key(outcome),
        outcome.error_kind,
        outcome.n_entities,
        outcome.n_tags,
        outcome.size,
    )


def analyze_chunk(
    analyzer: Analyzer, chunk: Sequence[Source], max_chars: int, budget: TimeBudget | None = None
) -> ChunkResult:
    rows = [row(outcome) for outcome in process_sources(analyzer, chunk, max_chars=max_chars, budget=budget)]
    return os.getpid(), peak_rss_mb(), rows


# ---------------------------------------------------------------------------------------------------- in a pool

_worker: Worker | None = None
_worker_error: Exception | None = None


def init_worker(options: AnalyzerOptions, parent: int, max_chars: int, doc_timeout: float | None) -> None:
    """Pool initializer: the parent handles Ctrl-C and stops the workers; each builds its analyzer once.

    An analyzer that cannot be built (a broken ``--dict``) is kept as the error every task then raises, so the
    parent can report it instead of a dead pool.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_exit_with_parent, args=(parent,), name="jpnews-tags-parent", daemon=True).start()
    global _worker, _worker_error
    try:
        _worker = Worker(options, max_chars, TimeBudget(doc_timeout, hard=True))
    except Exception as exc:
        _worker_error = exc


def _exit_with_parent(parent: int, interval: float = 1.0) -> None:
    """End this worker once the batch process is gone (killed with SIGKILL, say): nobody will read its results.

    The pool's queues cannot tell, since every worker holds their pipes open too. A dead parent shows as this
    process being re-parented (a forkserver, our direct parent then, exits with the batch process) or as the
    batch process no longer running (a zombie still waiting to be reaped counts as gone).
    """
    ppid = os.getppid()
    while True:
        time.sleep(interval)
        if os.getppid() != ppid or not _running(parent):
            os._exit(1)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - the pid now belongs to another user's process
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True  # no /proc: os.kill said it exists


def _the_worker() -> Worker:
    if _worker is None:
        raise _worker_error or RuntimeError("worker not initialized")
    return _worker


def worker_versions() -> Versions:
    return _the_worker().analyzer.versions


def worker_task(task: Callable[[Worker, Sequence[Source]], R], chunk: Sequence[Source]) -> R:
    """Run ``task`` (:meth:`Worker.chunk` or :meth:`Worker.sample`, as a picklable function) with this process's
    worker on ``chunk``."""
    return task(_the_worker(), chunk)
