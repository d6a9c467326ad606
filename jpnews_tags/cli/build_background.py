"""``jpnews-tags build-background PATH... -o FILE``: the keyphrase document-frequency table, from a corpus."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ..tagging.keyphrases import build_background
from .common import add_command, input_files, read_documents
from .output import FAILED, OK, CommandError, check_output


def register(sub: Any) -> None:
    p = add_command(sub, "build-background", help="rebuild the keyphrase document-frequency table from a corpus")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (.md, .markdown, .txt, .text)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the table to write, atomically (TSV)")
    p.add_argument(
        "--min-df", type=int, default=3, metavar="N", help="keep phrases in at least N documents (default 3)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    check_output(args.output)
    files = input_files(args.paths, err)
    failures = [0]

    def bodies() -> Iterator[str]:
        for _, doc in read_documents(files, err, failures):
            yield (doc.title or "") + "\n\n" + doc.body

    bg = build_background(bodies(), min_df=args.min_df)
    if bg.docs == 0:
        raise CommandError("no readable documents; nothing written", FAILED)
    try:
        bg.dump(Path(os.path.realpath(args.output)))  # atomic; through a symlink, as -o is everywhere
    except OSError as exc:
        raise CommandError(f"{args.output}: cannot write: {exc.strerror or exc}") from exc
    out.write(f"{bg.docs} documents, {len(bg.df)} phrases in >= {args.min_df} documents -> {args.output}\n")
    return FAILED if failures[0] else OK
