"""``jpnews-tags discover PATH...``: frequent names that no dictionary entry covers, ready to paste."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..documents import analyze_document
from ..lexicon.suggest import UnknownNames
from .common import add_command, add_dictionary_options, input_files, make_analyzer, read_documents
from .output import FAILED, OK, Emitter, add_format_option


def register(sub: Any) -> None:
    p = add_command(sub, "discover", help="frequent names that no dictionary entry covers")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (.md, .markdown, .txt, .text)")
    p.add_argument("--min-docs", type=int, default=2, metavar="N", help="seen in at least N documents (default 2)")
    p.add_argument("--top", type=int, default=100, metavar="N", help="at most N candidates (default 100)")
    add_dictionary_options(p)
    add_format_option(
        p,
        ("text", "json", "jsonl"),
        "text",
        what="the candidates (text: YAML entries to paste into a user dictionary)",
        aliases={"--json": "jsonl"},
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    files = input_files(args.paths, err)
    failures = [0]
    analyzer = make_analyzer(args)
    names = UnknownNames()
    for _, doc in read_documents(files, err, failures):
        # the document as batch analyzes it (title, body, file offsets), so the report lists the same names
        names.add_text(analyzer, doc.text, analyze_document(analyzer, doc).entities)
    cands = names.suggestions(analyzer, min_docs=args.min_docs, top=args.top)
    if args.format == "text":
        out.write(f"# {len(cands)} candidates from {len(files)} files (seen in >= {args.min_docs} documents)\n")
        out.write("entries:\n" if cands else "entries: []\n")
        for c in cands:
            out.write(c.yaml_line() + "\n")
    else:
        with Emitter(out, args.format, many=True) as emit:
            for c in cands:
                emit(c.as_dict())
    return FAILED if failures[0] else OK
