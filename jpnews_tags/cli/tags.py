"""``jpnews-tags tags FILE...``: suggested tags of files with their scores, sources and reasons (docs/tags.md)."""

from __future__ import annotations

import argparse
import unicodedata
from typing import Any, TextIO

from ..documents import analyze_document, read_document
from ..documents.decoding import InputError
from ..enrich.platforms import PRESETS, name_index, platform_tags
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
    p.add_argument(
        "--preset",
        choices=tuple(PRESETS),
        help="the tags a platform accepts: its spelling, its limit, mapped or left out with a reason (docs/enrich.md)",
    )
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
        tags, left_out = result.tags, []
        if args.preset:
            preset = PRESETS[args.preset]
            mapped = platform_tags(tags, preset, name_index(analyzer))
            tags, left_out = mapped.tags[: preset.max_tags], [(x.tag, x.reason) for x in mapped.left_out]
            limit = f"{preset.title} allows {preset.max_tags} {preset.key}"
            left_out += [(t.tag, limit) for t in mapped.tags[len(tags) :]]
        if emit is not None:
            record = {"path": str(f), "title": result.title, "tags": [t.model_dump(mode="json") for t in tags]}
            if args.preset:
                record |= {"preset": args.preset, "left_out": [{"tag": t, "reason": r} for t, r in left_out]}
            emit(record)
            continue
        out.write(f"{f}" + (f"  ({result.title})" if result.title else "") + "\n")
        if not tags:
            out.write("  (no tags)\n")
        width = max((_width(t.tag) for t in tags), default=0)
        for t in tags:
            out.write(f"  {t.score:.2f}  {t.tag}{' ' * (width - _width(t.tag))}  [{t.source}]\n")
            for r in t.reasons:
                out.write(f"        - {r}\n")
        for tag, reason in left_out:
            out.write(f"  left out: {tag}: {reason}\n")
    if emit is not None:
        emit.close()
    return FAILED if failed else OK
