"""Batch-tag an archive: every core, bounded memory, progress, resumable output, a summary.

:func:`run_batch` streams the documents of files, directories and JSON Lines files (see
:mod:`jpnews_tags.batch.inputs`) through a pool of worker processes (:mod:`jpnews_tags.batch.workers`), each
holding one :class:`~jpnews_tags.Analyzer`, and appends one record per document (:mod:`jpnews_tags.batch.records`)
to a JSON Lines output (:mod:`jpnews_tags.batch.output` for the resume manifest and Parquet). At most a few
chunks per worker are in flight, so the parent's memory does not grow with the archive. With one worker
everything runs in-process. ``jpnews-tags batch`` is the command line for it (``docs/batch.md``).

A run is two passes over chunks of documents through the same workers and the same loop (:class:`_Pass`): the
site-aware first pass over a sample (:mod:`jpnews_tags.batch.archive`), then the run itself, in which the
sampled documents are only re-tagged, not analyzed again.

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

import itertools
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
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Generic, Protocol, TextIO, TypeVar

from ..analyzer import AnalyzerOptions
from ..lexicon.load import DictionaryError
from ..models import Versions
from . import workers
from .archive import ArchivePass, Ready
from .budget import TimeBudget
from .config import BatchConfig, default_start_method, default_workers
from .inputs import FileSource, RecordSource, Source, failed_outcome, iter_sources, resume_key, source_hash
from .output import BatchError, OutputStore, manifest_files, parquet_available, write_parquet
from .progress import Counter, Progress
from .summary import Summary, peak_rss_mb
from .workers import ChunkResult, Sampled, Worker, row

__all__ = ["AnalyzerOptions", "BatchConfig", "BatchError", "Summary", "default_workers", "run_batch"]


class _Interrupted(KeyboardInterrupt):
    """SIGTERM, turned into the same clean stop as Ctrl-C."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Interrupted()


#: What a chunk holds: documents for a worker, or (in the run) rows the first pass made already.
Item = Source | Ready
T = TypeVar("T")
X = TypeVar("X")
#: A worker's result for a chunk: (worker pid, its peak RSS in MB, one result per document sent, in order).
Result = tuple[int, float, list[T]]


@dataclass(frozen=True)
class _Pass(Generic[T]):
    """One pass over chunks: the worker's task (a picklable function of a worker and sources), what becomes of a chunk's
    result (``done``: the chunk's items and the results of those that were sources), and of a source whose worker
    died (``failed``: the source, a message, an error kind); ``ordered``: results in the order of the chunks."""

    task: Callable[[Worker, Sequence[Source]], Result[T]]
    done: Callable[[list[Item], Result[T]], None]
    failed: Callable[[Source, str, str], None]
    ordered: bool


def _merged(items: Sequence[Item], result: ChunkResult) -> ChunkResult:
    """A chunk's rows in its order: those the first pass made, and the worker's for the others."""
    pid, rss, rows = result
    it = iter(rows)
    return pid, rss, [x.row if isinstance(x, Ready) else next(it) for x in items]


def _sources(items: Sequence[Item]) -> list[Source]:
    return [x for x in items if isinstance(x, FileSource | RecordSource)]


class _Each(Protocol):
    """Runs a pass over its chunks (in-process, or in the pool)."""

    def __call__(self, chunks: Iterator[list[Item]], p: _Pass[T], /) -> None: ...


class _Run:
    def __init__(
        self, cfg: BatchConfig, store: OutputStore, progress: Progress, summary: Summary, err: TextIO | None = None
    ) -> None:
        self.cfg = cfg
        self.store = store
        self.progress = progress
        self.summary = summary
        self.err = err
        self.versions: Versions | None = None
        self.counter: Counter | None = None

    def sources(self, skip: Sequence[str], first: ArchivePass) -> Iterator[Item]:
        """The documents still to do (those the manifest has are counted as skipped), those the first pass kept
        as their finished rows."""
        it = iter_sources(self.cfg.inputs, self.cfg.include, self.cfg.exclude, skip)
        any_done = self.store.any_done
        if not any_done and not first.kept:
            yield from it
            return
        assert self.versions is not None
        for i, src in enumerate(it):
            ready = first.take(i, src) if first.kept else None
            if any_done:
                key = ready[1] if ready is not None else resume_key(src.path, source_hash(src), self.versions)
                if self.store.is_done(key):
                    self.summary.documents += 1
                    self.summary.skipped += 1
                    self.progress.advance(1, skipped=1)
                    continue
            yield src if ready is None else ready[0]

    def _peak(self, pid: int, rss: float) -> None:
        peaks = self.summary.peak_rss_workers_mb
        if rss > peaks.get(pid, 0.0):
            peaks[pid] = rss

    def write(self, result: ChunkResult) -> None:
        pid, rss, rows = result
        s = self.summary
        self._peak(pid, rss)
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
        self.write((0, 0.0, [row(outcome)]))

    # -------------------------------------------------------------------------------------- the two passes

    def passes(self, skip: Sequence[str], each: _Each) -> None:
        """The first pass, then the run; ``each`` runs a pass over its chunks (in-process or in the pool)."""
        n = max(1, self.cfg.chunk_size)
        first = ArchivePass(self.cfg, skip, self.err)

        def sampled(items: list[Item], result: Result[Sampled]) -> None:
            self._peak(result[0], result[1])
            first.add(result[2])

        if first.positions:
            # in order whatever --unordered says: the first spelling of a tag names it in the note
            samples: Iterator[Item] = first.sources()
            each(_chunked(samples, n), _Pass(Worker.sample, sampled, first.failed, ordered=True))
        task = partial(Worker.chunk, archive=first.finish())
        each(_chunked(self.sources(skip, first), n), _Pass(task, self._write_merged, self.failed, self.cfg.ordered))

    def _write_merged(self, items: list[Item], result: ChunkResult) -> None:
        self.write(_merged(items, result))

    # -------------------------------------------------------------------------------------- in-process

    def run_inline(self, skip: Sequence[str]) -> None:
        budget = TimeBudget(self.cfg.doc_timeout)  # in the main thread only; no hard stop: it would stop the run
        try:
            worker = Worker(self.cfg.analyzer, self.cfg.max_doc_chars, budget)
            self.versions = worker.analyzer.versions
            self.start(skip)
            self.passes(skip, partial(_inline, worker))
        finally:
            budget.close()
        self.summary.peak_rss_workers_mb.pop(os.getpid(), None)  # the parent is the worker: reported as the parent

    def start(self, skip: Sequence[str]) -> None:
        assert self.versions is not None
        self.store.check_compatible(self.versions, self.cfg.analyzer.fingerprint())
        if self.progress.mode != "none":
            self.counter = Counter(self.cfg, skip, self.progress)
            self.counter.start()

    # -------------------------------------------------------------------------------------- the pool

    def _executor(self) -> ProcessPoolExecutor:
        method = self.cfg.start_method or default_start_method()
        ctx = multiprocessing.get_context(method)
        if method == "forkserver":
            ctx.set_forkserver_preload([workers.__name__])
        cfg = self.cfg
        return ProcessPoolExecutor(
            cfg.workers,
            mp_context=ctx,
            initializer=workers.init_worker,
            initargs=(cfg.analyzer, os.getpid(), cfg.max_doc_chars, cfg.doc_timeout),
        )

    def run_pool(self, skip: Sequence[str]) -> None:
        self.executor = self._executor()
        try:
            try:
                self.versions = self.executor.submit(workers.worker_versions).result()
            except DictionaryError:
                raise
            except Exception as exc:
                raise BatchError(f"the worker processes could not load the analyzer: {exc}") from exc
            self.start(skip)
            self.passes(skip, self._pool_pass)
        finally:
            _stop(self.executor)

    def _submit(self, task: Callable[[Worker, Sequence[Source]], Result[T]], items: list[Item]) -> Future[Result[T]]:
        todo = _sources(items)
        fut: Future[Result[T]]
        if not todo:  # every row made by the first pass already
            fut = Future()
            fut.set_result((0, 0.0, []))
            return fut
        try:
            return self.executor.submit(workers.worker_task, task, todo)
        except BrokenProcessPool as exc:  # the pool broke since the last result
            fut = Future()
            fut.set_exception(exc)
            return fut

    def _pool_pass(self, chunks: Iterator[list[Item]], p: _Pass[T]) -> None:
        window = max(2, 3 * self.cfg.workers)
        inflight: deque[tuple[Future[Result[T]], list[Item]]] = deque()
        exhausted = False
        while True:
            while not exhausted and len(inflight) < window:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                inflight.append((self._submit(p.task, chunk), chunk))
            if not inflight:
                return
            if p.ordered:
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
                    self._recover(lost, p)
                    break
                p.done(item[1], result)

    def _recover(self, lost: list[tuple[Future[Result[T]], list[Item]]], p: _Pass[T]) -> None:
        """Take the chunks that finished; run the others one document at a time in a fresh pool."""
        _stop(self.executor)
        self.executor = self._executor()
        for fut, chunk in lost:
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                p.done(chunk, fut.result())
                continue
            for item in chunk:
                if isinstance(item, Ready):
                    p.done([item], (0, 0.0, []))
                    continue
                started = time.monotonic()
                try:
                    result = self.executor.submit(workers.worker_task, p.task, [item]).result()
                except BrokenProcessPool:
                    timeout = self.cfg.doc_timeout
                    if timeout and time.monotonic() - started >= timeout:  # stopped by the budget's hard stop
                        message = f"took longer than {timeout:g} s (--doc-timeout); its worker was stopped"
                        p.failed(item, message, "timeout")
                    else:
                        p.failed(item, "the worker process died while analyzing this document", "worker_died")
                    _stop(self.executor)
                    self.executor = self._executor()
                    continue
                except Exception as exc:
                    p.failed(item, f"worker failed: {type(exc).__name__}: {exc}", "internal")
                    continue
                p.done([item], result)


def _inline(worker: Worker, chunks: Iterator[list[Item]], p: _Pass[T]) -> None:
    """A pass in this process, with ``worker``."""
    for items in chunks:
        todo = _sources(items)
        p.done(items, p.task(worker, todo) if todo else (0, 0.0, []))


def _wait_one(fut: Future[Result[T]], run: _Run) -> bool:
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


def _chunked(it: Iterator[X], n: int) -> Iterator[list[X]]:
    """Chunks of at most ``n`` sources, reading up to two chunks ahead; the last ``n`` sources go out in chunks
    of ``n // TAIL_SPLIT`` (at least 1)."""
    buf: deque[X] = deque(itertools.islice(it, 2 * n))
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
    return [str(cfg.output), *(str(p) for p in (cfg.jsonl_path, *manifest_files(cfg.jsonl_path)))]


def _check_inputs(cfg: BatchConfig) -> None:
    if not cfg.inputs:
        raise BatchError("give at least one INPUT (file, directory or JSON Lines file)")
    for name in cfg.inputs:
        if not os.path.exists(name):
            raise BatchError(f"{name}: no such file or directory")
    if cfg.workers < 1:
        raise BatchError("--workers must be at least 1")
    if cfg.max_doc_chars < 1:
        raise BatchError("--max-doc-chars must be at least 1")
    if cfg.doc_timeout is not None and cfg.doc_timeout < 0:
        raise BatchError("--doc-timeout must be 0 (no limit) or more")
    own = _own_files(cfg)
    for name in cfg.inputs:
        if os.path.isfile(name) and any(_same_file(name, w) for w in own):
            raise BatchError(f"{name} is an INPUT and would be written as output: give another -o")
    if next(iter_sources(cfg.inputs, cfg.include, cfg.exclude, own), None) is None:
        # the CLI's policy: empty input is an error and nothing is done (no output, no manifest)
        raise BatchError(f"no documents in {' '.join(cfg.inputs)} (include: {' '.join(cfg.include)}); nothing done")
    if cfg.parquet and not parquet_available():
        raise BatchError(
            f"{cfg.output}: Parquet output needs pyarrow: pip install 'jpnews-tags[parquet]' (or write .jsonl)"
        )


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # b does not exist yet
        return os.path.realpath(a) == os.path.realpath(b)


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
    run: _Run | None = None
    try:
        with OutputStore(jsonl, restart=cfg.restart) as store:
            summary.recovered = store.recovered
            summary.truncated_bytes = store.truncated_bytes
            try:
                run = _Run(cfg, store, progress, summary, err)
                if cfg.workers == 1:
                    run.run_inline(skip)
                else:
                    run.run_pool(skip)
            except KeyboardInterrupt:
                summary.interrupted = True
            finally:
                if run is not None and run.counter is not None:
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
