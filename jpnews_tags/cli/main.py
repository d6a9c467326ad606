"""The ``jpnews-tags`` entry point: the top-level parser, the commands of :mod:`.commands`, and the policy.

Every command lives in its own module and is a thin call into the Python API. :func:`main` parses the
arguments, runs the command, and turns what goes wrong into one ``jpnews-tags: ...`` line on stderr and an exit
status (see :mod:`jpnews_tags.cli.output`); ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from typing import Any, NoReturn, TextIO

from ..documents.decoding import InputError
from ..lexicon.load import DictionaryError
from ..ner.recognizer import ModelError
from ..safe_data import UnsafeDataError
from ..tagging.vocabulary import VocabularyError
from ..version import __version__
from .commands import COMMAND_MODULES
from .output import FAILED, INTERRUPTED, OK, PREFIX, USAGE, CommandError, error, warn

DESCRIPTION = "Entities and tags of Japanese tech news: analyze posts, tag an archive, write tags into posts."
EPILOG = (
    "Exit status (every command): 0 success; 1 some inputs failed (the others were processed); "
    "2 usage error, or missing or empty input (nothing was done). "
    "Run 'jpnews-tags COMMAND --help' for the options of a command; docs/cli.md is the reference."
)


class Parser(argparse.ArgumentParser):
    """argparse with the family's error line: ``jpnews-tags: COMMAND: message`` after the usage, status 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        command = self.prog.removeprefix("jpnews-tags").strip()
        self.exit(USAGE, f"{PREFIX}{command + ': ' if command else ''}{message}\n")

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        ns, extras = self.parse_known_args(args, namespace)
        if extras:  # said by the command's parser, so that the error names the command
            self._parser_of(getattr(ns, "command", "")).error(f"unrecognized arguments: {' '.join(extras)}")
        return ns

    def _parser_of(self, command: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = self
        for word in command.split():
            subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
            if not subs or word not in subs[0].choices:
                break
            parser = subs[0].choices[word]
        return parser


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="jpnews-tags", description=DESCRIPTION, epilog=EPILOG)
    p.add_argument("-V", "--version", action="version", version=f"jpnews-tags {__version__}")
    p.add_argument("--debug", action="store_true", help="show the Python traceback of an error")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", title="commands")
    for name in COMMAND_MODULES:
        importlib.import_module(f".{name}", __package__).register(sub)
    return p


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run ``jpnews-tags ARGV``; returns the exit status (usage errors included: 2)."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        with redirect_stdout(out), redirect_stderr(err):
            args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else OK if exc.code is None else USAGE
    for note in getattr(args, "deprecations", []):
        warn(err, note)
    try:
        rc: int = args.func(args, out, err)
    except BrokenPipeError:
        return OK
    except KeyboardInterrupt:
        error(err, "interrupted", args.command)
        return INTERRUPTED
    except Exception as exc:
        if args.debug:
            raise
        status, message = explain(exc)
        error(err, message, args.command)
        return status
    return rc


def explain(exc: Exception) -> tuple[int, str]:
    """The exit status and the one-line message of an error that stopped a command."""
    if isinstance(exc, CommandError):
        return exc.status, str(exc)
    if isinstance(exc, DictionaryError):
        return USAGE, f"dictionary error: {exc}"
    if isinstance(exc, VocabularyError):
        return USAGE, f"vocabulary error: {exc}"
    if isinstance(exc, ModelError):
        return USAGE, f"model error: {exc}"
    if isinstance(exc, InputError | UnsafeDataError):
        return USAGE, str(exc)
    if isinstance(exc, OSError):
        return USAGE, (f"{exc.filename}: " if exc.filename else "") + str(exc.strerror or exc)
    return FAILED, f"internal error: {type(exc).__name__}: {exc} (--debug shows the traceback)"


if __name__ == "__main__":
    raise SystemExit(main())
