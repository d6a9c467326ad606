"""``jpnews-tags analyze``: entities and tags of files, or of JSON Lines records (docs/cli.md).

Files (the default input format): one named file gives its analysis as one object; several files, or a
directory, give one ``{"path", ...}`` object per file. Records (``--input-format jsonl``): each line of the
files named (or of stdin) is a ``{"id", "text", "title"?}`` record read by batch's rules (the same id rule, the
same empty-text rule), and gives one ``{"id", "entities", "tags"}`` line, or ``{"id", "line", "error"}``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from ..analyzer import Analyzer
from ..batch.inputs import empty_reason, process_mapping, valid_id
from ..documents import analyze_document, parse_document, read_document
from ..documents.decoding import InputError, decode_bytes
from ..safe_data import RECORD_LIMITS, UnsafeDataError, load_json
from .common import add_command, add_dictionary_options, add_tag_options, iter_text_files, make_analyzer
from .output import FAILED, OK, CommandError, Emitter, add_deprecated_alias, add_format_option, error

STDIN = "<stdin>"
_BOM = b"\xef\xbb\xbf"


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "analyze",
        help="entities and tags of files, or of JSON Lines records",
        description="Entities and tags of each document, as JSON. One FILE gives one object; several files, or "
        "a directory, give one object per file with its path. With --input-format jsonl, each line of the "
        "files (or of stdin) is a record and gives one line.",
    )
    p.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="text or Markdown files, or directories; - reads stdin (with --input-format jsonl: JSON Lines "
        "files; none, or -, reads stdin)",
    )
    p.add_argument(
        "--input-format",
        choices=("text", "jsonl"),
        default="text",
        help="text: each FILE is one document (its front matter gives the title); jsonl: each line is a "
        '{"id", "text", "title"?} record (default: text)',
    )
    add_deprecated_alias(p, "--jsonl", "input_format", "jsonl")
    p.add_argument("--title", help="the document's title (default: the front matter title; text input only)")
    add_dictionary_options(p)
    add_tag_options(p)
    add_format_option(
        p,
        ("json", "jsonl"),
        "jsonl",
        what="the analyses",
        aliases={"--pretty": "json"},
        default_help="jsonl",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.input_format == "jsonl":
        if args.title is not None:
            raise CommandError("--title applies to text input only (a record has its own title)")
        return _run_records(args, out, err)
    if not args.files:
        raise CommandError("give FILE (or - for stdin), or --input-format jsonl for records on stdin")
    names = _text_inputs(args.files, err)
    # one object for one named file; an object with its path per file for several, or for a directory
    many = len(names) > 1 or any(n != "-" and Path(n).is_dir() for n in args.files)
    analyzer = make_analyzer(args)
    failed = 0
    with Emitter(out, args.format, many=many) as emit:
        for name in names:
            try:
                doc = parse_document(_read_stdin_text()) if name == "-" else read_document(name)
                why = empty_reason(doc.text, doc.body)
                if why:
                    raise InputError(f"{STDIN if name == '-' else name}: {why}", "empty")
                result = analyze_document(analyzer, doc, args.title)
            except (InputError, ValueError) as exc:
                failed += 1
                error(err, str(exc))
                if many:
                    emit({"path": name, "error": str(exc)})
                continue
            payload = result.model_dump(mode="json")
            emit({"path": name, **payload} if many else payload)
    return FAILED if failed else OK


def _text_inputs(names: list[str], err: TextIO) -> list[str]:
    """The files to read, in order (``-`` kept); a usage error when a name does not exist or finds nothing."""
    out: list[str] = []
    missing = 0
    for name in names:
        if name == "-":
            out.append(name)
            continue
        files, gone = iter_text_files([name], err)
        missing += gone
        if not files and not gone:
            raise CommandError(f"no text files under {name}; nothing done")
        out += [str(f) for f in files]
    if missing:
        raise CommandError("nothing done: every input path must exist")
    return out


def _read_stdin_text() -> str:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream (tests, embedding)
        return sys.stdin.read()
    return decode_bytes(buffer.read(), STDIN, detect=True)


def _run_records(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    names = args.files or ["-"]
    for name in names:
        if name != "-" and not Path(name).is_file():
            what = "is a directory" if Path(name).is_dir() else "no such file"
            raise CommandError(f"{name}: {what}; nothing done")
    analyzer = make_analyzer(args)
    failed = records = 0
    emit = Emitter(out, args.format, many=True)
    for name in names:
        for lineno, line in _record_lines(name):
            records += 1
            row = _analyze_record(analyzer, STDIN if name == "-" else name, lineno, line)
            if "error" in row:
                failed += 1
                error(err, row["error"])
            emit(row)
    if not records:
        raise CommandError(f"no records in {', '.join(STDIN if n == '-' else n for n in names)}; nothing done")
    emit.close()
    return FAILED if failed else OK


def _record_lines(name: str) -> Iterator[tuple[int, bytes | str]]:
    """The non-blank lines of a JSON Lines input, as bytes when it can be read as bytes (each line is then
    decoded on its own: one bad byte loses one line, never the rest)."""
    if name == "-":
        yield from _numbered(getattr(sys.stdin, "buffer", None) or sys.stdin)
        return
    with open(name, "rb") as fh:
        yield from _numbered(fh)


def _numbered(lines: Iterable[bytes | str]) -> Iterator[tuple[int, bytes | str]]:
    for lineno, line in enumerate(lines, start=1):
        if lineno == 1 and isinstance(line, bytes):
            line = line.removeprefix(_BOM)
        if line.strip():
            yield lineno, line


def _analyze_record(analyzer: Analyzer, name: str, lineno: int, line: bytes | str) -> dict[str, Any]:
    where = f"{name}:{lineno}"
    rid: Any = None
    try:
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{where}: not valid UTF-8 (byte {exc.start})") from exc
        try:
            obj = load_json(line, RECORD_LIMITS)  # NaN and Infinity are refused: they are not JSON
        except UnsafeDataError as exc:
            raise InputError(f"{where}: {exc}") from exc
        if not isinstance(obj, dict):
            raise InputError(f"{where}: each line must be a JSON object")
        rid = obj.get("id")
        # batch's rules: the id (a string or an integer; the line's place when missing), text, title, empty text
        record = process_mapping(analyzer, obj, where).record
    except InputError as exc:
        return {"id": rid if valid_id(rid) else None, "line": lineno, "error": str(exc)}
    if record["error"]:
        return {"id": rid if valid_id(rid) else None, "line": lineno, "error": record["error"]}
    return {"id": record["id"], "entities": record["entities"], "tags": record["tags"]}
