"""``jpnews-tags evaluate GOLD.jsonl``: precision, recall and F1 of the entities against gold passages."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from ..evaluation import GoldError, evaluate
from .common import add_command, add_dictionary_options, make_analyzer
from .output import OK, CommandError, Emitter, add_format_option, dump


def register(sub: Any) -> None:
    p = add_command(sub, "evaluate", help="score the entities against gold JSON Lines passages")
    p.add_argument(
        "gold", type=Path, metavar="GOLD.jsonl", help='gold passages, one {"id", "text", "entities"} per line'
    )
    p.add_argument(
        "--errors", action="store_true", help="also list every false positive, false negative and wrong name"
    )
    add_dictionary_options(p)
    add_format_option(
        p, ("text", "json", "jsonl"), "text", what="the scores (text: a Markdown table)", aliases={"--json": "json"}
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if not args.gold.is_file():
        raise CommandError(f"{args.gold}: {'is a directory' if args.gold.is_dir() else 'no such file'}")
    try:
        report = evaluate(make_analyzer(args), args.gold)
    except GoldError as exc:
        raise CommandError(f"{exc}; nothing scored") from exc
    if args.format == "text":
        out.write(report.to_markdown() + "\n")
        if args.errors:
            for e in report.errors:
                dump(e, out)
        return OK
    data = report.to_dict()
    if args.errors:
        data["errors"] = report.errors
    with Emitter(out, args.format, many=False) as emit:
        emit(data)
    return OK
