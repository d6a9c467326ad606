"""``jpnews-tags report OUTPUT.jsonl -o report.html``: one self-contained HTML page for editors.

Reads the JSON Lines that ``jpnews-tags batch`` (or ``analyze --input-format jsonl``) writes; see
``docs/report.md``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from ..analyzer import AnalyzerOptions
from ..lexicon.suggest import known_to
from ..report.build import MAX_ARTICLES, MAX_CHARS, MAX_TIMELINE_TAGS, MAX_TOP, build_report
from ..report.html import render_html
from ..report.i18n import LANGS
from .common import add_command, add_dictionary_options
from .output import FAILED, OK, CommandError, check_output, error, write_output

#: At most this many malformed-line warnings go to stderr (all are counted).
MAX_WARNINGS = 20


def cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    text_root = Path(args.text_root) if args.text_root else None
    if text_root is not None and not text_root.is_dir():
        raise CommandError(f"--text-root {text_root}: not a directory")
    writes_file = args.output not in (None, "-")
    if writes_file:
        check_output(args.output)
    if args.input != "-" and not Path(args.input).is_file():
        raise CommandError(f"{args.input}: {'is a directory' if Path(args.input).is_dir() else 'no such file'}")
    # The dictionary the unknown names are checked against (a name it resolves is not unknown).
    dictionary = AnalyzerOptions(
        tuple(args.dict or ()), package_dictionaries=not args.no_package_dict, discovery=False, recognizer=False
    ).build()
    options: dict[str, Any] = {
        "top": args.top,
        "timeline_tags": args.timeline_tags,
        "max_articles": args.max_articles,
        "text_root": text_root,
        "known": known_to(dictionary),
    }
    try:
        if args.input == "-":
            rep = build_report(_lines(sys.stdin), **options)
        else:
            src = Path(args.input)
            with src.open("rb") as fh:
                rep = build_report(fh, base=src.parent, **options)
    except OSError as exc:
        raise CommandError(f"{args.input}: cannot read: {exc.strerror or exc}") from exc
    for lineno, why in rep.malformed[:MAX_WARNINGS]:
        error(err, f"{args.input}:{lineno}: skipped: {why}", "report")
    if len(rep.malformed) > MAX_WARNINGS:
        error(err, f"... {len(rep.malformed) - MAX_WARNINGS} more malformed lines skipped", "report")
    if not rep.documents:  # a report of nothing must not replace a real one
        if rep.malformed:
            raise CommandError(f"{args.input}: no valid records; nothing written", FAILED)
        raise CommandError(f"{args.input}: no records; nothing written")
    page = render_html(rep, title=args.title, max_chars=args.max_chars, lang=args.lang)
    if not writes_file:
        out.write(page)
    else:
        write_output(args.output, page)
        missing = sum(a.text is None for a in rep.articles)
        err.write(
            f"jpnews-tags: report: {rep.documents} documents ({rep.errors} with errors, {len(rep.malformed)} "
            f"malformed lines), {len(rep.articles)} articles shown ({missing} without text) -> {args.output}\n"
        )
    return FAILED if rep.malformed else OK


def _lines(stream: TextIO) -> Iterable[bytes | str]:
    buffer = getattr(stream, "buffer", None)
    return buffer if buffer is not None else stream  # bytes when possible: a bad line must not stop the read


def _count(most: int) -> Any:
    """An argparse type: a whole number from 0 to ``most``."""

    def parse(value: str) -> int:
        n = int(value)
        if not 0 <= n <= most:
            raise argparse.ArgumentTypeError(f"must be from 0 to {most:,}, got {n}")
        return n

    return parse


def register(sub: Any) -> None:
    """Add ``report`` to the CLI (it reads analysis output; its only analyzer options name the dictionary the
    unknown names are checked against)."""
    r = add_command(sub, "report", help="an HTML report of batch output for editors")
    r.add_argument("input", metavar="OUTPUT.jsonl", help="JSON Lines written by jpnews-tags batch (- reads stdin)")
    r.add_argument("-o", "--output", metavar="FILE", help="HTML file to write, atomically (default: stdout)")
    r.add_argument("--text-root", metavar="DIR", help="folder the records' paths are relative to (for highlighting)")
    r.add_argument(
        "--lang", choices=LANGS, default="ja", help="language of the page and of the tag reasons (default ja)"
    )
    counts = [  # (option, default, maximum, what it counts)
        ("--max-articles", 100, MAX_ARTICLES, "newest articles shown"),
        ("--max-chars", 1000, MAX_CHARS, "characters of each article's excerpt (0: the maximum)"),
        ("--top", 30, MAX_TOP, "rows of the top entities, tags and unknown names"),
        ("--timeline-tags", 15, MAX_TIMELINE_TAGS, "tags in the timeline"),
    ]
    for flag, default, most, what in counts:
        r.add_argument(
            flag,
            type=_count(most),
            default=default,
            metavar="N",
            help=f"{what} (default {default:,}, at most {most:,})",
        )
    r.add_argument("--title", help="page title (default: jpnews-tags レポート, or jpnews-tags report with --lang en)")
    add_dictionary_options(r, discovery=False)
    r.set_defaults(func=cmd_report)
