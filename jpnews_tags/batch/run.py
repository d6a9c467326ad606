"""Batch-tag an archive: every core, bounded memory, progress, resumable output, a summary.

:func:`run_batch` streams the documents of files, directories and JSON Lines files (see
:mod:`jpnews_tags.batch.inputs`) through a pool of worker processes (:mod:`jpnews_tags.batch.workers`), each
holding one :class:`~jpnews_tags.Analyzer`, and appends one record per document (:mod:`jpnews_tags.batch.records`)
to a JSON Lines output (:mod:`jpnews_tags.batch.output` for the resume manifest and Parquet). At most a few
chunks per worker are in flight, so the parent's memory does not grow with the archive. With one worker
everything runs in-process. ``jpnews-tags batch`` is the command line for it (``docs/batch.md``).

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
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import FrameType
from typing import TextIO

from ..analyzer import AnalyzerOptions
from ..lexicon.load import DictionaryError
from ..models import Versions
from . import workers
from .archive import with_archive_tags
from .budget import TimeBudget
from .config import BatchConfig, default_start_method, default_workers
from .inputs import Source, failed_outcome, iter_sources, resume_key, source_hash
from .output import BatchError, OutputStore, manifest_files, parquet_available, write_parquet
from .progress import Counter, Progress
from .summary import Summary, peak_rss_mb
from .workers import ChunkResult, Worker, row

__all__ = ["AnalyzerOptions", "BatchConfig", "BatchError", "Summary", "default_workers", "run_batch"]


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
        self.counter: Counter | None = None

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
        self.write((0, 0.0, [row(outcome)]))

    # -------------------------------------------------------------------------------------- in-process

    def run_inline(self, skip: Sequence[str]) -> None:
        budget = TimeBudget(self.cfg.doc_timeout)  # in the main thread only; no hard stop: it would stop the run
        try:
            worker = Worker(self.cfg.analyzer, self.cfg.max_doc_chars, budget)
            self.versions = worker.analyzer.versions
            self.start(skip)
            for chunk in _chunked(self.sources(skip), max(1, self.cfg.chunk_size)):
                self.write(worker.chunk(chunk))
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
        executor = self._executor()
        try:
            try:
                self.versions = executor.submit(workers.worker_versions).result()
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
                    fut = executor.submit(workers.worker_chunk, chunk)
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
                started = time.monotonic()
                try:
                    result = executor.submit(workers.worker_chunk, [src]).result()
                except BrokenProcessPool:
                    timeout = self.cfg.doc_timeout
                    if timeout and time.monotonic() - started >= timeout:  # stopped by the budget's hard stop
                        message = f"took longer than {timeout:g} s (--doc-timeout); its worker was stopped"
                        self.failed(src, message, "timeout")
                    else:
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
                run = _Run(with_archive_tags(cfg, skip, err), store, progress, summary)
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
