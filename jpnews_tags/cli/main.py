"""The ``jpnews-tags`` command line: every command is a thin call into the Python API.

Commands:
    analyze FILE...        one JSON object per file (JSON Lines with "path" for several files)
    analyze --jsonl        JSON Lines in on stdin ({"id", "text", "title"?}), JSON Lines out, same order
    dict check [PATH...]   validate dictionary files (default: the shipped dictionaries)
    dict lookup NAME       which entry a string resolves to, and why
    schema                 the JSON Schema of the analysis output
    evaluate GOLD.jsonl    precision, recall and F1 against gold passages
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ..analyzer import Analyzer
from ..documents import analyze_document
from ..documents.decoding import InputError, decode_bytes, read_text_file
from ..documents.files import walk_files
from ..frontmatter.header import split_front_matter
from ..lexicon.load import DictionaryError
from ..models import Analysis, Entity
from ..tagging.vocabulary import VocabularyError
from ..version import __version__
from .commands import COMMAND_MODULES
from .common import TEXT_SUFFIXES, common_options, dump, iter_text_files, make_analyzer


def _entity_json(e: Entity) -> dict[str, Any]:
    return e.model_dump(mode="json")


def _analysis_json(a: Analysis) -> dict[str, Any]:
    return a.model_dump(mode="json")


def cmd_analyze(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    analyzer = make_analyzer(args)
    if args.jsonl:
        return _analyze_jsonl(analyzer, sys.stdin if args.input is None else args.input, out)
    if not args.files:
        err.write("jpnews-tags analyze: give FILE (or - for stdin), or --jsonl\n")
        return 2
    failed = 0
    names: list[str] = []
    for name in args.files:
        if name != "-" and Path(name).is_dir():
            names += [f for f, _ in walk_files(name) if Path(f).suffix.lower() in TEXT_SUFFIXES]
        else:
            names.append(name)
    # one JSON object for one named file; JSON Lines with the path for several, or for a directory
    many = len(names) > 1 or len(names) != len(args.files)
    for name in names:
        try:
            text = (
                decode_bytes(sys.stdin.buffer.read(), "<stdin>", detect=True)
                if name == "-"
                else read_text_file(Path(name), detect=True)
            )
            result = analyze_document(analyzer, text, args.title)
        except (InputError, ValueError) as exc:
            failed += 1
            if many:
                dump({"path": name, "error": str(exc)}, out)
            else:
                err.write(f"jpnews-tags: {exc}\n")
            continue
        payload = _analysis_json(result)
        if many:
            dump({"path": name, **payload}, out)
        else:
            dump(payload, out, args.pretty)
    return 1 if failed else 0


def _analyze_jsonl(analyzer: Analyzer, stream: TextIO, out: TextIO) -> int:
    failed = 0
    for lineno, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        rid: Any = None
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError("each line must be a JSON object")
            rid = rec.get("id")
            text = rec.get("text")
            title = rec.get("title")
            if not isinstance(text, str):
                raise ValueError("'text' must be a string")
            if title is not None and not isinstance(title, str):
                raise ValueError("'title' must be a string or null")
            result = analyzer.analyze(text, title)
        except (ValueError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
            failed += 1
            dump({"id": rid, "line": lineno, "error": str(exc)}, out)
            out.flush()
            continue
        dump(
            {
                "id": rid,
                "entities": [_entity_json(e) for e in result.entities],
                "tags": [t.model_dump(mode="json") for t in result.tags],
            },
            out,
        )
    return 1 if failed else 0


def cmd_dict_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..lexicon.check import check
    from ..lexicon.resources import default_dictionary_dir

    paths = args.paths or [default_dictionary_dir() / "entities"]
    try:
        problems = check(paths, shipped=not args.alone)
    except DictionaryError as exc:
        err.write(f"jpnews-tags: {exc}\n")
        return 1
    for p in problems:
        out.write(f"{p}\n")
    errors = sum(p.severity == "error" for p in problems)
    out.write(f"{errors} error(s), {len(problems) - errors} warning(s)\n")
    return 1 if errors else 0


def cmd_dict_lookup(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..lexicon.index import alias_keys

    analyzer = Analyzer(args.dict or (), package_dictionaries=not args.no_package_dict)
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
                "cues": e.cues if c.ambiguous else [],
                "cue_entities": e.cue_entities if c.ambiguous else [],
                "anti_cues": e.anti_cues if c.ambiguous else [],
            }
        )
    dump(result, out, pretty=True)
    return 0 if cands else 1


def cmd_discover(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..lexicon.suggest import find_candidates

    files, failed = iter_text_files(args.paths, err)

    def bodies() -> Any:
        nonlocal failed
        for f in files:
            try:
                text = read_text_file(f, detect=True)
            except InputError as exc:
                err.write(f"jpnews-tags: {exc}\n")
                failed += 1
                continue
            yield text[split_front_matter(text).body_start :]

    cands = find_candidates(make_analyzer(args), bodies(), min_docs=args.min_docs, top=args.top)
    if args.json:
        for c in cands:
            dump(
                {"name": c.name, "label": c.label, "docs": c.docs, "mentions": c.mentions, "examples": c.examples}, out
            )
    else:
        out.write(f"# {len(cands)} candidates from {len(files)} files (seen in >= {args.min_docs} documents)\n")
        out.write("entries:\n")
        for c in cands:
            out.write(c.yaml_line() + "\n")
    return 1 if failed else 0


def cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    dump(Analysis.model_json_schema(), out, pretty=True)
    return 0


def cmd_evaluate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ..evaluation import evaluate

    report = evaluate(make_analyzer(args), args.gold)
    if args.json:
        dump(report.to_dict(), out, pretty=True)
    else:
        out.write(report.to_markdown() + "\n")
    if args.errors:
        for e in report.errors:
            dump(e, out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jpnews-tags", description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--version", action="version", version=f"jpnews-tags {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    common = common_options

    a = sub.add_parser("analyze", help="entities and tags of files or JSON Lines")
    a.add_argument("files", nargs="*", metavar="FILE", help="text or Markdown files; - reads stdin")
    a.add_argument("--jsonl", action="store_true", help="read JSON Lines records on stdin")
    a.add_argument("--title", help="title to use (default: the front matter title)")
    a.add_argument("--pretty", action="store_true", help="indent the JSON output")
    a.add_argument("--input", type=argparse.FileType("r", encoding="utf-8"), help=argparse.SUPPRESS)
    common(a)
    a.set_defaults(func=cmd_analyze)

    d = sub.add_parser("dict", help="dictionary tools")
    dsub = d.add_subparsers(dest="dict_command", required=True)
    c = dsub.add_parser("check", help="validate dictionary files")
    c.add_argument("paths", nargs="*", metavar="PATH")
    c.add_argument(
        "--alone", action="store_true", help="check the files alone, not against the shipped dictionaries they extend"
    )
    c.set_defaults(func=cmd_dict_check)
    lk = dsub.add_parser("lookup", help="which entry a name resolves to")
    lk.add_argument("name")
    lk.add_argument("--dict", action="append", metavar="PATH", help="user dictionary (repeatable)")
    lk.add_argument("--no-package-dict", action="store_true", help="only the --dict dictionaries")
    lk.set_defaults(func=cmd_dict_lookup)

    dc = sub.add_parser("discover", help="frequent names that no dictionary entry covers")
    dc.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (.md, .markdown, .txt)")
    dc.add_argument("--min-docs", type=int, default=2, help="seen in at least this many documents")
    dc.add_argument("--top", type=int, default=100, help="at most this many candidates")
    dc.add_argument("--json", action="store_true", help="JSON Lines instead of YAML")
    common(dc)
    dc.set_defaults(func=cmd_discover)

    s = sub.add_parser("schema", help="JSON Schema of the analysis output")
    s.set_defaults(func=cmd_schema)

    e = sub.add_parser("evaluate", help="score against gold JSON Lines")
    e.add_argument("gold", type=Path)
    e.add_argument("--json", action="store_true")
    e.add_argument("--errors", action="store_true", help="also list false positives/negatives")
    common(e)
    e.set_defaults(func=cmd_evaluate)

    for name in COMMAND_MODULES:
        importlib.import_module(f".{name}", __package__).register(sub, common)
    return p


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        rc: int = args.func(args, out, err)
    except DictionaryError as exc:
        err.write(f"jpnews-tags: dictionary error:\n{exc}\n")
        return 2
    except VocabularyError as exc:
        err.write(f"jpnews-tags: vocabulary error: {exc}\n")
        return 2
    except BrokenPipeError:
        return 0
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
