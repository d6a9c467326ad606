"""The family policy every command follows: exit statuses, error lines, ``--format``, and output files.

- Exit status: :data:`OK` (0) success; :data:`FAILED` (1) some inputs failed, the others were processed;
  :data:`USAGE` (2) a usage error, or an input that is missing or empty: nothing was done.
- Errors go to stderr as one line starting with ``jpnews-tags: `` (:func:`error`), results to stdout. A
  command raises :class:`CommandError` to stop with a message and a status; the entry point prints it.
- Machine output is asked for with ``--format json|jsonl|text`` (:func:`add_format_option`): ``jsonl`` is
  one compact JSON object per line, ``json`` the same objects as one indented document (an array when the
  command has several results), ``text`` is for people. :class:`Emitter` writes either.
- A file named with ``-o`` is written by :func:`write_output`: atomically, and never when the command failed
  before it had anything to write.

Example:
    >>> import io
    >>> out = io.StringIO()
    >>> with Emitter(out, "json", many=True) as emit:
    ...     emit({"id": 1})
    ...     emit({"id": 2})
    >>> json.loads(out.getvalue())
    [{'id': 1}, {'id': 2}]
    >>> out = io.StringIO()
    >>> with Emitter(out, "jsonl", many=True) as emit:
    ...     emit({"id": "\\ud800"})
    >>> out.getvalue()
    '{"id": "\\\\ud800"}\\n'
"""

from __future__ import annotations

import argparse
import json
import textwrap
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from ..atomic import write_atomic

#: Success.
OK = 0
#: Some inputs failed; the others were processed.
FAILED = 1
#: Usage error, or missing or empty input: nothing was done.
USAGE = 2
#: Interrupted (Ctrl-C); ``batch`` resumes where it stopped.
INTERRUPTED = 130

PREFIX = "jpnews-tags: "


class CommandError(Exception):
    """Stop the command: ``message`` goes to stderr after the prefix, ``status`` is the exit status."""

    def __init__(self, message: str, status: int = USAGE) -> None:
        super().__init__(message)
        self.status = status


def error(err: TextIO, message: str, command: str | None = None) -> None:
    """One error line on stderr: ``jpnews-tags: [COMMAND: ]MESSAGE``."""
    err.write(f"{PREFIX}{command + ': ' if command else ''}{message}\n")


def warn(err: TextIO, message: str) -> None:
    """One warning line on stderr: ``jpnews-tags: warning: MESSAGE``."""
    err.write(f"{PREFIX}warning: {message}\n")


def json_text(obj: Any, indent: int | None = None) -> str:
    """``obj`` as JSON with Japanese kept readable; text with lone surrogates (possible in JSON input) cannot be
    UTF-8, so such a value is written with ``\\uXXXX`` escapes instead: still valid JSON, still valid UTF-8."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(obj, ensure_ascii=True, indent=indent)
    return text


def dump(obj: Any, out: TextIO, pretty: bool = False) -> None:
    """Write ``obj`` as one line of JSON (or indented with ``pretty``) and a newline."""
    out.write(json_text(obj, 2 if pretty else None))
    out.write("\n")


class Emitter:
    """Writes a command's results in ``json`` or ``jsonl`` (see the module docstring); a context manager.

    ``many``: the command has a list of results (files, records, candidates), so ``json`` is an array; else
    exactly one result, written as one object. Results are written as they come (an array is streamed).
    """

    def __init__(self, out: TextIO, fmt: str, *, many: bool) -> None:
        if fmt not in ("json", "jsonl"):
            raise ValueError(f"not a JSON format: {fmt!r}")
        self.out, self.fmt, self.many, self.count = out, fmt, many, 0

    def __call__(self, obj: Any) -> None:
        if self.fmt == "jsonl":
            dump(obj, self.out)
        elif not self.many:
            dump(obj, self.out, pretty=True)
        else:
            # the same text as json.dumps(all_results, indent=2), one result at a time
            self.out.write(("[\n" if not self.count else ",\n") + textwrap.indent(json_text(obj, 2), "  "))
        self.count += 1
        self.out.flush()

    def close(self) -> None:
        if self.fmt == "json" and self.many:
            self.out.write("\n]\n" if self.count else "[]\n")

    def __enter__(self) -> Emitter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()


FORMAT_HELP = {
    "json": "json: the same objects as one indented JSON document, an array when there are several",
    "jsonl": "jsonl: one compact JSON object per line",
    "text": "text: for people",
}


class _DeprecatedAlias(argparse.Action):
    """An old spelling (``--json``, ``--pretty``, ``--jsonl``): sets ``dest`` to ``const`` and leaves a warning
    for the entry point to print."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, self.const)
        instead = f"--{self.dest.replace('_', '-')} {self.const}"
        notes = [*getattr(namespace, "deprecations", []), f"{option_string} is deprecated; use {instead}"]
        namespace.deprecations = notes


def add_deprecated_alias(group: Any, flag: str, dest: str, value: str) -> None:
    """A hidden ``flag`` meaning ``--DEST VALUE``, kept for one release; using it prints a warning on stderr."""
    group.add_argument(flag, dest=dest, action=_DeprecatedAlias, const=value, nargs=0, help=argparse.SUPPRESS)


def add_format_option(
    parser: argparse.ArgumentParser,
    choices: Sequence[str],
    default: str | None,
    *,
    what: str,
    aliases: dict[str, str] | None = None,
    default_help: str | None = None,
) -> argparse._ArgumentGroup:
    """Add the ``output options`` group with ``--format`` (``what``: what the output is, for the help)."""
    group = parser.add_argument_group("output options")
    kinds = "; ".join(FORMAT_HELP[c] for c in sorted(choices, key=("text", "jsonl", "json").index))
    group.add_argument(
        "--format",
        choices=tuple(choices),
        default=default,
        help=f"how to write {what} ({kinds}; default: {default_help or default})",
    )
    for flag, value in (aliases or {}).items():
        add_deprecated_alias(group, flag, "format", value)
    return group


def check_output(path: str | Path) -> None:
    """Refuse, before any work, an ``-o`` path that cannot be a file: a directory, or in a missing directory."""
    p = Path(path)
    if p.is_dir():
        raise CommandError(f"{path}: cannot write: is a directory")
    if not p.absolute().parent.is_dir():
        raise CommandError(f"{path}: cannot write: no such directory {str(p.absolute().parent)!r}")


def write_output(path: str | Path, text: str) -> None:
    """Write a command's ``-o`` file atomically (through a symlink, as a shell redirection would); the file is
    never left half-written, and a failure raises :class:`CommandError` with the file left as it was."""
    try:
        write_atomic(path, text, follow_symlinks=True)
    except OSError as exc:
        raise CommandError(f"{path}: cannot write: {exc.strerror or exc}") from exc
