"""What a batch run is asked to do: :class:`BatchConfig`, with the command line's defaults."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..analyzer import AnalyzerOptions
from ..tagging.site import DEFAULT_SAMPLE
from .budget import DEFAULT_DOC_TIMEOUT
from .inputs import DEFAULT_INCLUDE, DEFAULT_MAX_DOC_CHARS

__all__ = ["BatchConfig", "ProgressMode", "default_start_method", "default_workers"]

ProgressMode = Literal["auto", "bar", "lines", "none"]


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
    """Everything :func:`~jpnews_tags.batch.run_batch` needs; the defaults are the command line's.

    ``max_doc_chars``: a document whose text is longer becomes an error record (memory per worker grows with the
    document). ``doc_timeout``: seconds one document may take before it becomes an error record (``None`` or 0:
    no limit). ``archive_sample``: documents tagged in a first pass for the archive's tag frequencies (0: all;
    see :mod:`jpnews_tags.batch.archive`). See docs/batch.md.
    """

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
    max_doc_chars: int = DEFAULT_MAX_DOC_CHARS
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT
    archive_sample: int = DEFAULT_SAMPLE

    @property
    def parquet(self) -> bool:
        if self.format == "auto":
            return self.output.suffix.lower() in (".parquet", ".pq")
        return self.format == "parquet"

    @property
    def jsonl_path(self) -> Path:
        """Where the JSON Lines records go: the output itself, or the journal beside a Parquet output."""
        return self.output.with_name(self.output.name + ".jsonl") if self.parquet else self.output
