"""Batch-tag an archive: every core, bounded memory, progress, resumable output, a summary.

:func:`run_batch` streams the documents of files, directories and JSON Lines files (see
:mod:`jpnews_tags.batch.inputs`) through a pool of worker processes, each holding one
:class:`~jpnews_tags.Analyzer`, and appends one record per document to a JSON Lines output (see
:mod:`jpnews_tags.batch.output` for the record, the resume manifest and Parquet). Workers get paths, not texts;
at most a few chunks per worker are in flight, so the parent's memory does not grow with the archive. With one
worker everything runs in-process. ``jpnews-tags batch`` is the command line for it (``docs/batch.md``).

Example:
    >>> import pathlib, tempfile, io
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.md").write_text("---\\ntitle: 発表\\n---\\nAWSが発表。\\n")
    >>> _ = (d / "empty.md").write_text("")
    >>> cfg = BatchConfig(inputs=[str(d)], output=d / "out.jsonl", workers=1, progress="none")
    >>> s = run_batch(cfg, io.StringIO())
    >>> s.documents, s.analyzed, s.errors, s.errors_by_kind
    (2, 2, 1, {'empty': 1})
    >>> run_batch(cfg, io.StringIO()).skipped  # run again: everything is done already
    2
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, Literal, TextIO

from pydantic import BaseModel

from ..analyzer import Analyzer
from ..lexicon.load import DictionaryError
from ..models import Versions
from ..tagging.tagger import TagOptions
from .inputs import (
    DEFAULT_INCLUDE,
    Outcome,
    Source,
    failed_outcome,
    iter_sources,
    outcome_key,
    process_sources,
    record_line,
    resume_key,
    source_hash,
)
from .output import BatchError, OutputStore, manifest_path, parquet_available, write_parquet

__all__ = ["AnalyzerOptions", "BatchConfig", "BatchError", "Summary", "run_batch"]

ProgressMode = Literal["auto", "bar", "lines", "none"]


@dataclass(frozen=True)
class AnalyzerOptions:
    """How to build the analyzer, picklable so that every worker process builds the same one.

    Calling it builds an :class:`~jpnews_tags.Analyzer`.
    """

    dictionaries: tuple[str, ...] = ()
    package_dictionaries: bool = True
    discovery: bool = True
    tag_options: TagOptions | None = None

    def __call__(self) -> Analyzer:
        return Analyzer(
            self.dictionaries,
            tag_options=self.tag_options,
            package_dictionaries=self.package_dictionaries,
            discovery=self.discovery,
        )

    def fingerprint(self) -> dict[str, Any]:
        """What, besides the versions, changes the output (kept in the manifest; dictionaries are in the version)."""
        tags = _plain(dataclasses.asdict(self.tag_options or TagOptions()))
        digest = hashlib.sha256(json.dumps(tags, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
        return {
            "package_dictionaries": self.package_dictionaries,
            "discovery": self.discovery,
            "tag_options": digest,
        }


def _plain(v: object) -> object:
    """A JSON-able picture of option values (for the fingerprint)."""
    if v is None or isinstance(v, str | int | float | bool):
        return v
    if isinstance(v, BaseModel):
        return _plain(v.model_dump(mode="json"))
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return _plain(dataclasses.asdict(v))
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if isinstance(v, set | frozenset):
        return sorted((_plain(x) for x in v), key=repr)
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in sorted(v.items(), key=lambda kv: str(kv[0]))}
    return type(v).__name__


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def default_start_method() -> str:
    """``forkserver`` where there is one (workers fork from a small clean process), else ``spawn``."""
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


@dataclass
class BatchConfig:
    """Everything :func:`run_batch` needs; the defaults are the command line's."""

    inputs: Sequence[str]
    output: Path
    workers: int = field(default_factory=default_workers)
    ordered: bool = True
    include: Sequence[str] = DEFAULT_INCLUDE
    exclude: Sequence[str] = ()
    format: Literal["auto", "jsonl", "parquet"] = "auto"
    restart: bool = False
    chunk_size: int = 32
    progress: ProgressMode = "auto"
    progress_every: float = 10.0
    start_method: str | None = None
    analyzer: AnalyzerOptions = field(default_factory=AnalyzerOptions)

    @property
    def parquet(self) -> bool:
        if self.format == "auto":
            return self.output.suffix.lower() in (".parquet", ".pq")
        return self.format == "parquet"

    @property
    def jsonl_path(self) -> Path:
        """Where the JSON Lines records go: the output itself, or the journal beside a Parquet output."""
        return self.output.with_name(self.output.name + ".jsonl") if self.parquet else self.output


@dataclass
class Summary:
    """What a run did. ``documents`` counts every source seen: analyzed (errors included) plus skipped."""

    documents: int = 0
    analyzed: int = 0
    skipped: int = 0
    errors: int = 0
    errors_by_kind: dict[str, int] = field(default_factory=dict)
    entities: int = 0
    tags: int = 0
    bytes: int = 0
    elapsed: float = 0.0
    workers: int = 1
    interrupted: bool = False
    recovered: int = 0
    truncated_bytes: int = 0
    parquet_rows: int | None = None
    peak_rss_parent_mb: float = 0.0
    peak_rss_workers_mb: dict[int, float] = field(default_factory=dict)
    output: str = ""

    @property
    def throughput(self) -> float:
        """Analyzed documents per second."""
        return self.analyzed / self.elapsed if self.elapsed > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["throughput"] = round(self.throughput, 3)
        d["peak_rss_workers_mb"] = sorted(self.peak_rss_workers_mb.values(), reverse=True)
        return d

    def to_text(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.errors_by_kind.items()))
        lines = [
            f"{'interrupted' if self.interrupted else 'done'}: {self.output}",
            f"documents: {self.documents:,} ({self.analyzed:,} analyzed, {self.skipped:,} already done)",
            f"entities: {self.entities:,}",
            f"tags: {self.tags:,}",
            f"errors: {self.errors:,}" + (f" ({kinds})" if kinds else ""),
            f"elapsed: {self.elapsed:.1f} s",
            f"throughput: {self.throughput:.1f} documents/s ({self.bytes / max(self.elapsed, 1e-9) / 1e6:.2f} MB/s)"
            f" with {self.workers} worker{'s' if self.workers != 1 else ''}",
        ]
        rss = f"peak RSS: parent {self.peak_rss_parent_mb:.0f} MB"
        if self.peak_rss_workers_mb:
            rss += f", worker max {max(self.peak_rss_workers_mb.values()):.0f} MB"
        lines.append(rss)
        if self.recovered or self.truncated_bytes:
            lines.append(
                f"resumed: {self.recovered:,} records re-read into the manifest, "
                f"{self.truncated_bytes:,} bytes of a partial last line removed"
            )
        if self.parquet_rows is not None:
            lines.append(f"parquet: {self.parquet_rows:,} rows")
        if self.interrupted:
            lines.append("run the same command again to finish: documents already written are skipped")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------- progress


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


class _Counter(threading.Thread):
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


# ---------------------------------------------------------------------------------------------------- workers

#: One outcome as the parent needs it: (line, resume key, error kind, entities, tags, bytes read).
Row = tuple[bytes, bytes, str | None, int, int, int]
#: A chunk's result: (worker pid, its peak RSS in MB, rows).
ChunkResult = tuple[int, float, list[Row]]

_worker_analyzer: Analyzer | None = None
_worker_error: Exception | None = None


def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM on Linux), in MB."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    import resource

    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def _init_worker(factory: Callable[[], Analyzer], parent: int) -> None:
    """Pool initializer: the parent handles Ctrl-C and stops the workers; each builds its analyzer once.

    An analyzer that cannot be built (a broken ``--dict``) is kept as the error every task then raises, so the
    parent can report it instead of a dead pool.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_exit_with_parent, args=(parent,), name="jpnews-tags-parent", daemon=True).start()
    global _worker_analyzer, _worker_error
    try:
        _worker_analyzer = factory()
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


def _the_analyzer() -> Analyzer:
    if _worker_analyzer is None:
        raise _worker_error or RuntimeError("worker not initialized")
    return _worker_analyzer


def _worker_versions() -> Versions:
    return _the_analyzer().versions


def _row(outcome: Outcome) -> Row:
    return (
        record_line(outcome.record),
        outcome_key(outcome),
        outcome.error_kind,
        outcome.n_entities,
        outcome.n_tags,
        outcome.size,
    )


def analyze_chunk(analyzer: Analyzer, chunk: Sequence[Source]) -> ChunkResult:
    rows = [_row(outcome) for outcome in process_sources(analyzer, chunk)]
    return os.getpid(), peak_rss_mb(), rows


def _worker_chunk(chunk: Sequence[Source]) -> ChunkResult:
    return analyze_chunk(_the_analyzer(), chunk)


# ---------------------------------------------------------------------------------------------------- the run


class _Interrupted(KeyboardInterrupt):
    """SIGTERM, turned into the same clean stop as Ctrl-C."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Interrupted()


class _Run:
    def __init__(self, cfg: BatchConfig, store: OutputStore, progress: Progress, summary: Summary) -> None:
        self.cfg = cfg
        self.store = store
        self.progress = progress
        self.summary = summary
        self.versions: Versions | None = None
        self.counter: _Counter | None = None

    def sources(self, skip: Sequence[str]) -> Iterator[Source]:
        """The documents still to do (those the manifest has are counted as skipped)."""
        it = iter_sources(self.cfg.inputs, self.cfg.include, self.cfg.exclude, skip)
        if not self.store.any_done:
            yield from it
            return
        assert self.versions is not None
        for src in it:
            if self.store.is_done(resume_key(src.path, source_hash(src), self.versions)):
                self.summary.documents += 1
                self.summary.skipped += 1
                self.progress.advance(1, skipped=1)
            else:
                yield src

    def write(self, result: ChunkResult) -> None:
        pid, rss, rows = result
        s = self.summary
        if rss > s.peak_rss_workers_mb.get(pid, 0.0):
            s.peak_rss_workers_mb[pid] = rss
        errors = 0
        for line, key, kind, n_ent, n_tags, size in rows:
            self.store.write(line, key)
            s.documents += 1
            s.analyzed += 1
            s.entities += n_ent
            s.tags += n_tags
            s.bytes += size
            if kind is not None:
                errors += 1
                s.errors_by_kind[kind] = s.errors_by_kind.get(kind, 0) + 1
        s.errors += errors
        self.progress.advance(len(rows), errors=errors)

    def failed(self, src: Source, message: str, kind: str) -> None:
        assert self.versions is not None
        outcome = failed_outcome(src, self.versions, message, kind)
        self.write((0, 0.0, [_row(outcome)]))

    # -------------------------------------------------------------------------------------- in-process

    def run_inline(self, skip: Sequence[str]) -> None:
        analyzer = self.cfg.analyzer()
        self.versions = analyzer.versions
        self.start(skip)
        pid = os.getpid()
        for chunk in _chunked(self.sources(skip), max(1, self.cfg.chunk_size)):
            pid, rss, rows = analyze_chunk(analyzer, chunk)
            self.write((pid, rss, rows))
        self.summary.peak_rss_workers_mb.pop(pid, None)  # the parent is the worker: reported as the parent

    def start(self, skip: Sequence[str]) -> None:
        assert self.versions is not None
        self.store.check_compatible(self.versions, self.cfg.analyzer.fingerprint())
        if self.progress.mode != "none":
            self.counter = _Counter(self.cfg, skip, self.progress)
            self.counter.start()

    # -------------------------------------------------------------------------------------- the pool

    def _executor(self) -> ProcessPoolExecutor:
        method = self.cfg.start_method or default_start_method()
        ctx = multiprocessing.get_context(method)
        if method == "forkserver":
            ctx.set_forkserver_preload([__name__])
        return ProcessPoolExecutor(
            self.cfg.workers, mp_context=ctx, initializer=_init_worker, initargs=(self.cfg.analyzer, os.getpid())
        )

    def run_pool(self, skip: Sequence[str]) -> None:
        executor = self._executor()
        try:
            try:
                self.versions = executor.submit(_worker_versions).result()
            except DictionaryError:
                raise
            except Exception as exc:
                raise BatchError(f"the worker processes could not load the analyzer: {exc}") from exc
            self.start(skip)
            executor = self._pool_loop(executor, skip)
        finally:
            _stop(executor)

    def _pool_loop(self, executor: ProcessPoolExecutor, skip: Sequence[str]) -> ProcessPoolExecutor:
        cfg = self.cfg
        window = max(2, 3 * cfg.workers)
        chunks = _chunked(self.sources(skip), max(1, cfg.chunk_size))
        inflight: deque[tuple[Future[ChunkResult], list[Source]]] = deque()
        exhausted = False
        while True:
            while not exhausted and len(inflight) < window:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                try:
                    fut = executor.submit(_worker_chunk, chunk)
                except BrokenProcessPool as exc:  # the pool broke since the last result
                    fut = Future()
                    fut.set_exception(exc)
                inflight.append((fut, chunk))
            if not inflight:
                return executor
            if cfg.ordered:
                ready = [inflight[0]] if _wait_one(inflight[0][0], self) else []
            else:
                done, _ = wait([f for f, _ in inflight], timeout=0.5, return_when=FIRST_COMPLETED)
                ready = [item for item in inflight if item[0] in done]
            for item in ready:
                inflight.remove(item)
                try:
                    result = item[0].result()
                except Exception:
                    # a worker died (or the result could not come back): redo what was in flight, one by one
                    lost = [item, *inflight]
                    inflight.clear()
                    executor = self._recover(executor, lost)
                    break
                self.write(result)

    def _recover(
        self, executor: ProcessPoolExecutor, lost: list[tuple[Future[ChunkResult], list[Source]]]
    ) -> ProcessPoolExecutor:
        """Write the chunks that finished; run the others one document at a time in a fresh pool."""
        _stop(executor)
        executor = self._executor()
        for fut, chunk in lost:
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                self.write(fut.result())
                continue
            for src in chunk:
                try:
                    result = executor.submit(_worker_chunk, [src]).result()
                except BrokenProcessPool:
                    self.failed(src, "the worker process died while analyzing this document", "worker_died")
                    _stop(executor)
                    executor = self._executor()
                    continue
                except Exception as exc:
                    self.failed(src, f"worker failed: {type(exc).__name__}: {exc}", "internal")
                    continue
                self.write(result)
        return executor


def _wait_one(fut: Future[ChunkResult], run: _Run) -> bool:
    try:
        fut.exception(timeout=0.5)
    except FutureTimeout:
        run.progress.tick()
        run.store.maybe_commit()
        return False
    return True


#: The last chunk's worth of documents goes out in chunks this many times smaller, so that the workers finish
#: together instead of one of them working through a last full chunk alone.
TAIL_SPLIT = 8


def _chunked(it: Iterator[Source], n: int) -> Iterator[list[Source]]:
    """Chunks of at most ``n`` sources, reading up to two chunks ahead; the last ``n`` sources go out in chunks
    of ``n // TAIL_SPLIT`` (at least 1)."""
    buf: deque[Source] = deque(itertools.islice(it, 2 * n))
    while len(buf) >= 2 * n:
        yield [buf.popleft() for _ in range(n)]
        buf.extend(itertools.islice(it, n))
    if len(buf) > n:
        yield [buf.popleft() for _ in range(len(buf) - n)]
    small = max(1, n // TAIL_SPLIT)
    while buf:
        yield [buf.popleft() for _ in range(min(small, len(buf)))]


def _stop(executor: ProcessPoolExecutor) -> None:
    """Stop the pool: cancel what has not started and let the workers finish the chunk they are on.

    (Terminating a worker while it sends a result can leave the pool's result pipe half-written, and
    ``concurrent.futures`` then waits for the rest forever, so workers are not killed.)
    """
    executor.shutdown(wait=True, cancel_futures=True)


def _own_files(cfg: BatchConfig) -> list[str]:
    """The files of the run itself (output, journal, manifest), never read as input."""
    manifest = str(manifest_path(cfg.jsonl_path))
    return [str(cfg.output), str(cfg.jsonl_path), manifest, f"{manifest}-wal", f"{manifest}-shm", f"{manifest}-journal"]


def _check_inputs(cfg: BatchConfig) -> None:
    if not cfg.inputs:
        raise BatchError("give at least one INPUT (file, directory or JSON Lines file)")
    for name in cfg.inputs:
        if not os.path.exists(name):
            raise BatchError(f"{name}: no such file or directory")
    if cfg.workers < 1:
        raise BatchError("--workers must be at least 1")
    if next(iter_sources(cfg.inputs, cfg.include, cfg.exclude, _own_files(cfg)), None) is None:
        # the CLI's policy: empty input is an error and nothing is done (no output, no manifest)
        raise BatchError(f"no documents in {' '.join(cfg.inputs)} (include: {' '.join(cfg.include)}); nothing done")
    if cfg.parquet and not parquet_available():
        raise BatchError(
            f"{cfg.output}: Parquet output needs pyarrow: pip install 'jpnews-tags[parquet]' (or write .jsonl)"
        )


def run_batch(cfg: BatchConfig, err: TextIO | None = None) -> Summary:
    """Analyze every document of ``cfg.inputs`` into ``cfg.output``; progress goes to ``err``.

    Raises :class:`BatchError` for problems with the run itself (missing input, an output that is not batch
    output or was made by other versions). Per-document problems are records with an ``error``. Ctrl-C or
    SIGTERM stop the run cleanly: the summary says ``interrupted`` and a rerun finishes the job.
    """
    err = err if err is not None else sys.stderr
    _check_inputs(cfg)
    jsonl = cfg.jsonl_path
    skip = _own_files(cfg)
    summary = Summary(workers=cfg.workers, output=str(cfg.output))
    t0 = time.monotonic()
    in_main = threading.current_thread() is threading.main_thread()
    old_term = signal.signal(signal.SIGTERM, _on_sigterm) if in_main else None
    progress = Progress(cfg.progress, err, cfg.progress_every)
    try:
        with OutputStore(jsonl, restart=cfg.restart) as store:
            summary.recovered = store.recovered
            summary.truncated_bytes = store.truncated_bytes
            run = _Run(cfg, store, progress, summary)
            try:
                if cfg.workers == 1:
                    run.run_inline(skip)
                else:
                    run.run_pool(skip)
            except KeyboardInterrupt:
                summary.interrupted = True
            finally:
                if run.counter is not None:
                    run.counter.stopped.set()
    finally:
        progress.close()
        if in_main:
            signal.signal(signal.SIGTERM, old_term)
    if cfg.parquet and not summary.interrupted:
        summary.parquet_rows = write_parquet(jsonl, cfg.output)
    summary.elapsed = time.monotonic() - t0
    summary.peak_rss_parent_mb = peak_rss_mb()
    return summary
