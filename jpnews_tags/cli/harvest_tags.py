"""``jpnews-tags harvest-tags PATH...``: a site's tag vocabulary (YAML) from the front matter of its archive."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ..documents.decoding import InputError, read_text_file
from ..tagging.vocabulary import harvest
from .common import add_command, input_files
from .output import FAILED, OK, CommandError, check_output, error, write_output


def register(sub: Any) -> None:
    p = add_command(sub, "harvest-tags", help="a site tag vocabulary (YAML) from the front matter of an archive")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (.md, .markdown, .txt, .text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the YAML here (atomically) instead of to stdout")
    p.add_argument(
        "--key", action="append", metavar="KEY", help="front matter key holding tags (repeatable; default: tags)"
    )
    p.add_argument(
        "--min-count", type=int, default=1, metavar="N", help="keep tags used by at least N documents (default 1)"
    )
    p.set_defaults(func=run)


def read_texts(files: list[Path], err: TextIO, failures: list[int]) -> Iterator[str]:
    """The decoded text of each file; a file that cannot be read is reported and counted in ``failures[0]``."""
    for f in files:
        try:
            yield read_text_file(f, detect=True)
        except InputError as exc:
            error(err, str(exc))
            failures[0] += 1


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.output:
        check_output(args.output)
    files = input_files(args.paths, err)
    failures = [0]
    keys = args.key or ["tags"]
    vocab = harvest(read_texts(files, err, failures), keys=keys, min_count=args.min_count)
    if failures[0] == len(files):
        raise CommandError("no readable documents; nothing written", FAILED)
    text = vocab.to_yaml(
        f"Site tag vocabulary harvested by `jpnews-tags harvest-tags` from {len(files)} file(s), keys: "
        f"{', '.join(keys)}.\nEdit freely: add synonyms, remove tags you no longer use."
    )
    if args.output:
        write_output(args.output, text)
        err.write(f"jpnews-tags: {len(vocab)} tag(s) written to {args.output}\n")
    else:
        out.write(text)
    return FAILED if failures[0] else OK
