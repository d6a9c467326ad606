"""``jpnews-tags enrich PATH...``: write suggested tags into the front matter of posts (see docs/enrich.md).

A dry run by default: a unified diff per file on stdout (a clean patch) and a summary on stderr; ``--write``
applies the changes atomically. Exit status 0 when no file failed, 1 when one did, 2 on usage errors.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from typing import TextIO

from ..enrich.files import DEFAULT_INCLUDE, FileResult, collect_files, enrich_file
from ..enrich.plan import POLICIES, EnrichOptions
from .common import dump, make_analyzer


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: Callable[[argparse.ArgumentParser], None]
) -> None:
    p = sub.add_parser(
        "enrich",
        help="write suggested tags into the front matter of posts (dry run unless --write)",
        description="Add suggested tags to the front matter (YAML ---, TOML +++, JSON) of Markdown posts. "
        "Only the target keys' lines change; everything else stays byte-identical. Dry run by default.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (walked recursively)")
    p.add_argument("--write", action="store_true", help="apply the changes (default: show a diff)")
    p.add_argument("--key", default="tags", help="front matter key of the tags (default: tags)")
    p.add_argument("--entities-key", metavar="KEY", help="also write [{name, type, id}] entities under KEY")
    p.add_argument("--max-entities", type=int, default=10, metavar="N", help="entities to write (default: 10)")
    p.add_argument(
        "--policy", choices=POLICIES, default="merge", help="existing tags: merge (default), replace, if-empty"
    )
    p.add_argument("--max-new", type=int, default=5, metavar="N", help="consider the best N suggestions (default: 5)")
    p.add_argument(
        "--include",
        action="append",
        metavar="GLOB",
        help=f"files to take in directories (repeatable; default: {' '.join(DEFAULT_INCLUDE)})",
    )
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="files or directories to skip")
    p.add_argument(
        "--add-front-matter",
        choices=("yaml", "toml", "json"),
        metavar="FORMAT",
        help="give files without front matter one (yaml, toml or json); default: skip them",
    )
    p.add_argument("--backup", action="store_true", help="with --write, keep the original as FILE.bak")
    p.add_argument("--backup-suffix", default=".bak", metavar="SUFFIX", help="suffix of --backup files")
    p.add_argument("--keep-mtime", action="store_true", help="keep each file's modification time when writing")
    p.add_argument("--format", choices=("text", "json"), default="text", help="json: one JSON object per file")
    p.add_argument("-q", "--quiet", action="store_true", help="no diffs or per-file lines, only errors and the summary")
    p.add_argument("-v", "--verbose", action="store_true", help="also say why files were skipped")
    common(p)
    p.set_defaults(func=cmd_enrich)


def cmd_enrich(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        options = EnrichOptions(
            key=args.key,
            policy=args.policy,
            max_new=args.max_new,
            min_score=args.min_score,
            entities_key=args.entities_key,
            max_entities=args.max_entities,
            add_front_matter=args.add_front_matter,
        )
    except ValueError as exc:
        err.write(f"jpnews-tags enrich: {exc}\n")
        return 2
    files, problems, roots = collect_files(args.paths, args.include or DEFAULT_INCLUDE, args.exclude)
    results: list[FileResult] = []
    for r in problems:
        _report(r, args, out, err)
        results.append(r)
    if files:
        try:
            analyzer = make_analyzer(args)
        except (ValueError, OSError) as exc:
            err.write(f"jpnews-tags enrich: {exc}\n")
            return 2
        for f in files:
            r = enrich_file(
                f,
                analyzer,
                options,
                write=args.write,
                backup_suffix=args.backup_suffix if args.backup else None,
                keep_mtime=args.keep_mtime,
                roots=roots,
            )
            _report(r, args, out, err)
            results.append(r)
    counts = Counter(r.status for r in results)
    summary = {
        "files": len(results),
        "changed": counts["changed"],
        "unchanged": counts["unchanged"],
        "skipped": counts["skipped"],
        "failed": counts["failed"],
        "written": sum(r.written for r in results),
        "dry_run": not args.write,
    }
    if args.format == "json":
        dump({"summary": summary}, out)
    else:
        err.write(_summary_line(summary) + "\n")
    return 1 if counts["failed"] else 0


def _report(r: FileResult, args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    if args.format == "json":
        dump(r.to_dict(), out)
        out.flush()
        return
    if r.status == "failed":
        err.write(f"jpnews-tags: {r.path}: {r.message}\n")
        return
    if args.quiet:
        return
    if r.status == "skipped" and args.verbose:
        err.write(f"skipped {r.path}: {r.message}\n")
    if r.status != "changed":
        return
    for note in r.notes:
        err.write(f"note: {r.path}: {note}\n")
    if r.written:
        added = ", ".join(r.added) if r.added else "entities"
        err.write(f"updated {r.path}: + {added}" + (f" (backup {r.backup})" if r.backup else "") + "\n")
    else:
        out.write(r.diff)
    out.flush()


def _summary_line(s: dict[str, int | bool]) -> str:
    line = (
        f"{s['files']} file(s): {s['changed']} changed, {s['unchanged']} unchanged, "
        f"{s['skipped']} skipped, {s['failed']} failed"
    )
    if s["dry_run"]:
        return line + (" (dry run: nothing written; --write applies)" if s["changed"] else " (nothing to change)")
    return line + (f"; {s['written']} written" if s["written"] else "; nothing to change")
