"""``jpnews-tags enrich PATH...``: write suggested tags into the front matter of posts (see docs/enrich.md).

A dry run by default: a unified diff per file on stdout (a clean patch) and a summary on stderr; ``--write``
applies the changes atomically. Exit status 0 when no file failed, 1 when one did, 2 on usage errors or when a
path does not exist or holds no file to enrich (nothing is done then). ``--check`` (for CI and pre-commit) is the
dry run with exit status 1 when any file would change, too. ``--preset`` applies a platform's rules
(:mod:`jpnews_tags.enrich.platforms`).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from ..enrich.files import DEFAULT_INCLUDE, FileResult, collect_files, enrich_file
from ..enrich.plan import POLICIES, EnrichOptions
from ..enrich.platforms import PRESETS
from .common import (
    add_archive_options,
    add_command,
    add_dictionary_options,
    add_tag_options,
    archive_first_pass,
    make_analyzer,
)
from .output import FAILED, OK, CommandError, Emitter, add_format_option, error


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "enrich",
        help="write suggested tags into the front matter of posts (dry run unless --write)",
        description="Add suggested tags to the front matter (YAML ---, TOML +++, JSON) of Markdown posts. "
        "Only the target keys' lines change; everything else stays byte-identical. Dry run by default.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (walked recursively)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="apply the changes (default: show a diff)")
    mode.add_argument(
        "--check",
        action="store_true",
        help="write nothing; show the diffs and exit with status 1 when tags would change (for CI and pre-commit)",
    )
    p.add_argument(
        "--preset",
        choices=tuple(PRESETS),
        help="a platform's rules: its key (zenn: topics), its limit on tags, the formats and tags it accepts",
    )
    p.add_argument("--key", help="front matter key of the tags (default: the preset's, else tags)")
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
    p.add_argument("-q", "--quiet", action="store_true", help="no diffs or per-file lines, only errors and the summary")
    p.add_argument("-v", "--verbose", action="store_true", help="also say why files were skipped")
    add_dictionary_options(p)
    add_tag_options(p)
    add_archive_options(p)
    add_format_option(
        p,
        ("text", "json", "jsonl"),
        "text",
        what="the results (text: a unified diff per file; json/jsonl: an object per file, then the summary)",
    )
    p.set_defaults(func=cmd_enrich)


def cmd_enrich(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        options = EnrichOptions(
            key=args.key or "",
            preset=args.preset,
            policy=args.policy,
            max_new=args.max_new,
            min_score=args.min_score,
            entities_key=args.entities_key,
            max_entities=args.max_entities,
            add_front_matter=args.add_front_matter,
        )
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    missing = [name for name in args.paths if not Path(name).exists() and not Path(name).is_symlink()]
    for name in missing:
        error(err, f"{name}: no such file or directory")
    if missing:
        raise CommandError("nothing done: every input path must exist")
    exclude = [*args.exclude, *(PRESETS[args.preset].exclude if args.preset else ())]
    files, problems, roots = collect_files(args.paths, args.include or DEFAULT_INCLUDE, exclude)
    if not files:
        raise CommandError(f"no files to enrich under {' '.join(args.paths)}; nothing done")
    emit = None if args.format == "text" else Emitter(out, args.format, many=True)
    results: list[FileResult] = []
    for r in problems:
        _report(r, args, out, err, emit)
        results.append(r)
    if files:
        try:
            analyzer = make_analyzer(args)
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        archive_first_pass(analyzer, files, args, err)
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
            _report(r, args, out, err, emit)
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
    if args.check:
        summary["check"] = True
    if emit is not None:
        emit({"summary": summary})
        emit.close()
    else:
        err.write(_summary_line(summary) + "\n")
    return FAILED if counts["failed"] or (args.check and counts["changed"]) else OK


def _report(r: FileResult, args: argparse.Namespace, out: TextIO, err: TextIO, emit: Emitter | None) -> None:
    if r.status == "failed":
        error(err, f"{r.path}: {r.message}")
    if emit is not None:
        emit(r.to_dict())
        return
    if r.status == "failed":
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
    if s.get("check"):
        return line + (" (check failed: tags would change; --write applies)" if s["changed"] else " (check passed)")
    if s["dry_run"]:
        return line + (" (dry run: nothing written; --write applies)" if s["changed"] else " (nothing to change)")
    return line + (f"; {s['written']} written" if s["written"] else "; nothing to change")
