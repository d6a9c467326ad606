"""``jpnews-tags batch INPUT... -o OUTPUT``: tag a whole archive on every core, resumably (docs/batch.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from ..batch.budget import DEFAULT_DOC_TIMEOUT
from ..batch.config import BatchConfig, default_workers
from ..batch.inputs import DEFAULT_INCLUDE, DEFAULT_MAX_DOC_CHARS
from ..batch.output import BatchError
from ..batch.run import run_batch
from .common import (
    add_archive_options,
    add_command,
    add_dictionary_options,
    add_tag_options,
    analyzer_options,
    number_type,
)
from .output import FAILED, INTERRUPTED, OK, CommandError, check_output, write_output


def _positive_int(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


_seconds = number_type(
    float,
    lambda n: n >= 0 and n != float("inf"),
    "must be 0 (no limit) or a positive number of seconds",
    "a number of seconds",
)


def cmd_batch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        options = analyzer_options(args)
    except ValueError as exc:  # a bad --vocabulary file
        raise CommandError(str(exc)) from exc
    if args.summary_json:
        check_output(args.summary_json)
    cfg = BatchConfig(
        inputs=args.inputs,
        output=Path(args.output),
        workers=args.workers or default_workers(),
        ordered=args.ordered,
        include=tuple(args.include) if args.include else DEFAULT_INCLUDE,
        exclude=tuple(args.exclude or ()),
        format=args.format,
        restart=args.restart,
        chunk_size=args.chunk_size,
        progress="none" if args.quiet else args.progress,
        progress_every=args.progress_every,
        start_method=args.start_method,
        analyzer=options,
        max_doc_chars=args.max_doc_chars,
        doc_timeout=args.doc_timeout or None,
        archive_sample=args.archive_sample,
    )
    try:
        summary = run_batch(cfg, err)
    except BatchError as exc:
        raise CommandError(str(exc)) from exc
    if not args.quiet:
        out.write(summary.to_text() + "\n")
    if args.summary_json:
        write_output(args.summary_json, json.dumps(summary.to_dict(), indent=2) + "\n")
    if summary.interrupted:
        return INTERRUPTED
    return FAILED if summary.errors else OK


def register(sub: Any) -> None:
    b = add_command(
        sub,
        "batch",
        help="tag an archive (files, directories, JSON Lines) on every core, resumably",
        description="Analyze every document of INPUT into one JSON Lines (or Parquet) record per document. "
        "Interrupt it and run it again: finished documents are skipped. See docs/batch.md.",
    )
    b.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories, or .jsonl files of records")
    b.add_argument("-o", "--output", required=True, metavar="OUTPUT", help="JSON Lines (or .parquet) output")
    b.add_argument(
        "--format",
        choices=("auto", "jsonl", "parquet"),
        default="auto",
        help="output format (auto: Parquet for .parquet/.pq, else JSON Lines)",
    )
    b.add_argument(
        "--workers", type=_positive_int, default=None, metavar="N", help="worker processes (default: all cores)"
    )
    order = b.add_mutually_exclusive_group()
    order.add_argument(
        "--ordered", dest="ordered", action="store_true", default=True, help="records in input order (default)"
    )
    order.add_argument("--unordered", dest="ordered", action="store_false", help="records as soon as they are done")
    b.add_argument(
        "--include",
        action="append",
        metavar="GLOB",
        help=f"file names to take from directories (repeatable; default {' '.join(DEFAULT_INCLUDE)})",
    )
    b.add_argument("--exclude", action="append", metavar="GLOB", help="file or directory names to skip (repeatable)")
    b.add_argument("--restart", action="store_true", help="discard OUTPUT and its manifest and start over")
    b.add_argument("--chunk-size", type=_positive_int, default=32, metavar="N", help="documents per task (default 32)")
    b.add_argument(
        "--max-doc-chars",
        type=_positive_int,
        default=DEFAULT_MAX_DOC_CHARS,
        metavar="N",
        help=f"a document with more characters of text is an error record (default {DEFAULT_MAX_DOC_CHARS:,}: "
        "memory per worker grows with the document)",
    )
    b.add_argument(
        "--doc-timeout",
        type=_seconds,
        default=DEFAULT_DOC_TIMEOUT,
        metavar="SECONDS",
        help=f"a document that takes longer is an error record (default {DEFAULT_DOC_TIMEOUT:g}; 0: no limit)",
    )
    b.add_argument(
        "--progress",
        choices=("auto", "bar", "lines", "none"),
        default="auto",
        help="progress bar on a terminal, a line every --progress-every seconds otherwise (auto)",
    )
    b.add_argument("--progress-every", type=float, default=10.0, metavar="SECONDS", help=argparse.SUPPRESS)
    b.add_argument("--quiet", action="store_true", help="no progress and no summary")
    b.add_argument("--summary-json", metavar="FILE", help="also write the summary as JSON (atomically)")
    b.add_argument("--start-method", choices=("fork", "forkserver", "spawn"), default=None, help=argparse.SUPPRESS)
    add_dictionary_options(b)
    add_tag_options(b)
    add_archive_options(b)
    b.set_defaults(func=cmd_batch)
