"""``jpnews-tags build-background PATH... -o FILE``: the keyphrase document-frequency table, from a corpus."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ..frontmatter.header import split_front_matter
from ..tagging.keyphrases import build_background
from .common import add_command, input_files
from .harvest_tags import read_texts
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
        for text in read_texts(files, err, failures):
            fm = split_front_matter(text)
            yield (fm.title or "") + "\n\n" + text[fm.body_start :]

    bg = build_background(bodies(), min_df=args.min_df)
    if bg.docs == 0:
        raise CommandError("no readable documents; nothing written", FAILED)
    try:
        bg.dump(Path(os.path.realpath(args.output)))  # atomic; through a symlink, as -o is everywhere
    except OSError as exc:
        raise CommandError(f"{args.output}: cannot write: {exc.strerror or exc}") from exc
    out.write(f"{bg.docs} documents, {len(bg.df)} phrases in >= {args.min_df} documents -> {args.output}\n")
    return FAILED if failures[0] else OK
