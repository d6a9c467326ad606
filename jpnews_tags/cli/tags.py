"""``jpnews-tags tags FILE...``: suggested tags of files with their scores, sources and reasons (docs/tags.md)."""

from __future__ import annotations

import argparse
import unicodedata
from typing import Any, TextIO

from ..documents import analyze_document, read_document
from ..documents.decoding import InputError
from .common import (
    add_archive_options,
    add_command,
    add_dictionary_options,
    add_tag_options,
    archive_first_pass,
    input_files,
    make_analyzer,
    refused_header,
)
from .output import FAILED, OK, Emitter, add_format_option, error


def register(sub: Any) -> None:
    p = add_command(sub, "tags", help="suggested tags of files, with the reasons for each")
    p.add_argument("files", nargs="+", metavar="FILE", help="text or Markdown files, or directories")
    add_dictionary_options(p)
    add_tag_options(p)
    add_archive_options(p)
    add_format_option(
        p,
        ("text", "json", "jsonl"),
        "text",
        what="the tags ({path, title, tags} per file)",
        aliases={"--json": "jsonl"},
    )
    p.set_defaults(func=run)


def _width(s: str) -> int:
    """Terminal columns: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    files = input_files(args.files, err)
    analyzer = make_analyzer(args)
    archive_first_pass(analyzer, files, args, err)
    failed = 0
    emit = None if args.format == "text" else Emitter(out, args.format, many=True)
    for f in files:
        try:
            doc = read_document(f)
            result = analyze_document(analyzer, doc)
        except (InputError, ValueError) as exc:
            error(err, str(exc))
            failed += 1
            continue
        if doc.error:
            refused_header(f, doc.error, err)
        if emit is not None:
            emit({"path": str(f), "title": result.title, "tags": [t.model_dump(mode="json") for t in result.tags]})
            continue
        out.write(f"{f}" + (f"  ({result.title})" if result.title else "") + "\n")
        if not result.tags:
            out.write("  (no tags)\n")
        width = max((_width(t.tag) for t in result.tags), default=0)
        for t in result.tags:
            out.write(f"  {t.score:.2f}  {t.tag}{' ' * (width - _width(t.tag))}  [{t.source}]\n")
            for r in t.reasons:
                out.write(f"        - {r}\n")
    if emit is not None:
        emit.close()
    return FAILED if failed else OK
