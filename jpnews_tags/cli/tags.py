"""``jpnews-tags tags``, ``harvest-tags`` and ``build-background``: suggested tags with their reasons, a site's
tag vocabulary harvested from its archive, and the keyphrase background table rebuilt from a corpus."""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from ..documents import Document, analyze_document, read_document
from ..documents.decoding import InputError
from ..tagging.keyphrases import build_background
from ..tagging.vocabulary import harvest
from .common import dump, iter_text_files, make_analyzer, refused_header


def _documents(files: list[Path], err: TextIO, failures: list[int], header_needed: bool) -> Iterator[Document]:
    """The readable documents of ``files``; an unreadable file is reported and counted as failed, a refused
    header is reported, and counted as failed when the command reads nothing else (``header_needed``)."""
    for f in files:
        try:
            doc = read_document(f)
        except InputError as exc:
            err.write(f"jpnews-tags: {exc}\n")
            failures[0] += 1
            continue
        if doc.error:
            refused_header(f, doc.error, err, failed=header_needed)
            failures[0] += header_needed
        yield doc


def _width(s: str) -> int:
    """Terminal columns: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def cmd_tags(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    files, missing = iter_text_files(args.files, err)
    if not files:
        err.write("jpnews-tags tags: no input files\n")
        return 1
    analyzer = make_analyzer(args)
    failed = missing
    for f in files:
        try:
            doc = read_document(f)
            result = analyze_document(analyzer, doc)
        except (InputError, ValueError) as exc:
            err.write(f"jpnews-tags: {exc}\n")
            failed += 1
            continue
        if doc.error:
            refused_header(f, doc.error, err)
        if args.json:
            dump({"path": str(f), "title": result.title, "tags": [t.model_dump(mode="json") for t in result.tags]}, out)
            continue
        out.write(f"{f}" + (f"  ({result.title})" if result.title else "") + "\n")
        if not result.tags:
            out.write("  (no tags)\n")
        width = max((_width(t.tag) for t in result.tags), default=0)
        for t in result.tags:
            out.write(f"  {t.score:.2f}  {t.tag}{' ' * (width - _width(t.tag))}  [{t.source}]\n")
            for r in t.reasons:
                out.write(f"        - {r}\n")
    return 1 if failed else 0


def cmd_harvest(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    files, missing = iter_text_files(args.paths, err)
    failures = [missing]
    keys = args.key or ["tags"]
    vocab = harvest((d.tags_under(keys) for d in _documents(files, err, failures, True)), min_count=args.min_count)
    text = vocab.to_yaml(
        f"Site tag vocabulary harvested by `jpnews-tags harvest-tags` from {len(files)} file(s), keys: "
        f"{', '.join(keys)}.\nEdit freely: add synonyms, remove tags you no longer use."
    )
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        err.write(f"jpnews-tags: {len(vocab)} tag(s) written to {args.output}\n")
    else:
        out.write(text)
    return 1 if failures[0] else 0


def cmd_build_background(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    files, missing = iter_text_files(args.paths, err)
    failures = [missing]

    def bodies() -> Iterator[str]:
        for doc in _documents(files, err, failures, False):
            yield (doc.title or "") + "\n\n" + doc.body

    bg = build_background(bodies(), min_df=args.min_df)
    if bg.docs == 0:
        err.write("jpnews-tags build-background: no readable documents\n")
        return 1
    bg.dump(Path(args.output))
    out.write(f"{bg.docs} documents, {len(bg.df)} phrases in >= {args.min_df} documents -> {args.output}\n")
    return 1 if failures[0] else 0


def register(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    t = sub.add_parser("tags", help="suggested tags of files, with the reasons for each")
    t.add_argument("files", nargs="+", metavar="FILE", help="text or Markdown files, or directories")
    t.add_argument("--json", action="store_true", help="JSON Lines: path, title, tags")
    common(t)
    t.set_defaults(func=cmd_tags)

    h = sub.add_parser("harvest-tags", help="a site tag vocabulary (YAML) from the front matter of an archive")
    h.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (.md, .markdown, .txt)")
    h.add_argument("-o", "--output", help="write the YAML here instead of stdout")
    h.add_argument("--key", action="append", help="front matter key(s) holding tags (default: tags; repeatable)")
    h.add_argument("--min-count", type=int, default=1, help="keep tags used by at least this many documents")
    h.set_defaults(func=cmd_harvest)

    b = sub.add_parser("build-background", help="rebuild the keyphrase document-frequency table from a corpus")
    b.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (.md, .markdown, .txt)")
    b.add_argument("-o", "--output", required=True, help="the table to write (TSV)")
    b.add_argument("--min-df", type=int, default=3, help="keep phrases in at least this many documents")
    b.set_defaults(func=cmd_build_background)
