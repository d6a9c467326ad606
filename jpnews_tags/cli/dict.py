"""``jpnews-tags dict check`` and ``dict lookup``: validate dictionary files; explain what a name resolves to."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from ..analyzer import AnalyzerOptions
from .common import add_command, add_dictionary_options
from .output import FAILED, OK, CommandError, Emitter, add_format_option


def register(sub: Any) -> None:
    d = add_command(sub, "dict", help="dictionary tools: check files, look a name up")
    dsub = d.add_subparsers(dest="dict_command", required=True, metavar="TOOL", title="tools")

    c = add_command(dsub, "check", help="validate dictionary files (exit status 1 when one has an error)")
    c.add_argument(
        "paths", nargs="*", metavar="PATH", help="dictionary files or directories (default: the shipped ones)"
    )
    c.add_argument(
        "--alone", action="store_true", help="check the files alone, not against the shipped dictionaries they extend"
    )
    c.set_defaults(func=run_check, command="dict check")

    lk = add_command(dsub, "lookup", help="which entry a name resolves to, and why (exit status 1: none)")
    lk.add_argument("name", metavar="NAME", help="the name to look up, as it would appear in a text")
    add_dictionary_options(lk, discovery=False)
    add_format_option(lk, ("json", "jsonl"), "json", what="the matches")
    lk.set_defaults(func=run_lookup, command="dict lookup")


def run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..lexicon.check import check
    from ..lexicon.resources import default_dictionary_dir

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise CommandError(f"{', '.join(missing)}: no such file or directory; nothing checked")
    problems = check(args.paths or [default_dictionary_dir() / "entities"], shipped=not args.alone)
    for p in problems:
        out.write(f"{p}\n")
    errors = sum(p.severity == "error" for p in problems)
    out.write(f"{errors} error(s), {len(problems) - errors} warning(s)\n")
    return FAILED if errors else OK


def run_lookup(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..lexicon.index import alias_keys

    analyzer = AnalyzerOptions(
        tuple(args.dict or ()), package_dictionaries=not args.no_package_dict, recognizer=False
    ).build()
    g = analyzer.gazetteer
    keys = alias_keys(args.name, analyzer.tokenizer)
    cands = g.lookup(args.name, analyzer.tokenizer)
    result: dict[str, Any] = {"query": args.name, "keys": list(keys), "matches": []}
    for c in cands:
        e = g.entries[c.entry]
        result["matches"].append(
            {
                "id": e.id,
                "name": e.name,
                "label": e.label,
                "kind": e.kind,
                "parent": e.parent,
                "via_alias": c.alias,
                "ambiguous": c.ambiguous,
                "needs_case": c.cased,
                "case_variants": list(c.variants),
                "cues": e.cues if c.ambiguous else [],
                "cue_entities": e.cue_entities if c.ambiguous else [],
                "anti_cues": e.anti_cues if c.ambiguous else [],
            }
        )
    with Emitter(out, args.format, many=False) as emit:
        emit(result)
    return OK if cands else FAILED
