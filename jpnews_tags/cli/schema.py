"""``jpnews-tags schema``: the JSON Schema of the analysis output (docs/analysis.schema.json)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..models import Analysis
from .common import add_command
from .output import OK, Emitter, add_format_option


def register(sub: Any) -> None:
    p = add_command(sub, "schema", help="the JSON Schema of the analyze output")
    add_format_option(p, ("json", "jsonl"), "json", what="the schema")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with Emitter(out, args.format, many=False) as emit:
        emit(Analysis.model_json_schema())
    return OK
