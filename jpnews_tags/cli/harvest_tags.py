"""``jpnews-tags harvest-tags PATH...``: a site's tag vocabulary (YAML) from the front matter of its archive."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..tagging.vocabulary import harvest
from .common import add_command, input_files, read_documents
from .output import FAILED, OK, CommandError, check_output, write_output


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


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.output:
        check_output(args.output)
    files = input_files(args.paths, err)
    failures = [0]
    keys = args.key or ["tags"]
    docs = read_documents(files, err, failures, header_needed=True)
    vocab = harvest((d.tags_under(keys) for _, d in docs), min_count=args.min_count)
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
