"""Where a post's front matter is, which format it is, and what it holds: the one finder and reader of headers.

The rule (written out in docs/enrich.md) is what Jekyll and Hugo read as a header, and nothing they disagree on:

- **YAML**: the text starts (after an optional BOM) with a line ``---``, spaces or tabs allowed after it, ended
  by LF or CRLF (Jekyll: ``\\A---\\s*\\n``; Hugo: ``---`` then CR/LF). The header ends at the first later line
  that is ``---`` (trailing spaces or tabs allowed), or at the end of the text after such a line.
- **TOML** (Hugo): the same with ``+++``.
- **JSON** (Hugo): the text starts with a JSON object (``{`` then ``"`` or ``}``, blanks allowed between); the
  header is the object, up to its matching ``}``.

Refused (:class:`FrontMatterError`, which every reader reports and ``enrich`` never edits or prepends to):

- a fence that is never closed; a header that does not parse, is not a mapping, or passes a limit of
  :data:`jpnews_tags.safe_data.DOCUMENT_LIMITS` (size, YAML anchors/aliases, nesting) - the same limits for
  every command;
- **ambiguous** starts: a fence line ended by CR alone (Hugo reads a header, Jekyll plain text), and blanks or
  blank lines before what would be a header holding a mapping (Hugo skips them, Jekyll does not);
- a text starting with something JSON-like that is not a valid object (Hugo fails, Jekyll reads text).

Anything else is a text without front matter. Loading is done by the format's handler
(:mod:`jpnews_tags.frontmatter.formats`), always through :mod:`jpnews_tags.safe_data`.

Example:
    >>> header, meta = read_header('---\\ntitle: "AWSの発表"\\ntags: [AI]\\n---\\n本文です。\\n')
    >>> meta["title"], header.body_start, header.format
    ('AWSの発表', 35, 'yaml')
    >>> find_header("---  \\ntitle: x\\n---\\n本文").body_start
    19
    >>> split_front_matter("\\n---\\ntitle: x\\n---\\n本文").error
    'blank lines or spaces before the front matter: Hugo reads it, Jekyll does not; remove them'
    >>> split_front_matter("---\\rtitle: x\\r---\\r本文").error
    'front matter with CR-only line endings: Hugo reads it, Jekyll does not; convert the file to LF or CRLF'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..safe_data import DOCUMENT_LIMITS, Limits
from .formats import FENCES, handler
from .lex import FrontMatterError

__all__ = ["FrontMatter", "FrontMatterError", "Header", "find_header", "read_header", "split_front_matter"]

_OPENING = re.compile(r"(---|\+\+\+)[ \t]*(\r\n|\n|\r)")
_CLOSING = {fence: re.compile(rf"^{re.escape(fence)}[ \t]*(?:\r?\n|\Z)", re.M) for fence in FENCES}
_JSON_START = re.compile(r"\{[ \t\r\n]*[\"}]")
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}]', re.S)
_BLANKS = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class Header:
    """Where the front matter of a text is: ``text[start:end]`` is the YAML/TOML between the fences or the JSON
    object; the body starts at ``body_start``."""

    format: str
    start: int
    end: int
    body_start: int


def _json_end(text: str, start: int, limits: Limits) -> int | None:
    """Index after the ``}`` matching the ``{`` at ``start``, found lexically as Hugo does (strings skipped),
    without parsing; None when it does not close within the size limit."""
    depth = 0
    stop = min(len(text), start + limits.max_chars + 2)
    for m in _JSON_TOKEN.finditer(text, start, stop):
        tok = m.group()
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
            if depth == 0:
                return m.end()
    return None


def find_header(text: str, limits: Limits = DOCUMENT_LIMITS) -> Header | None:
    """Where the front matter of ``text`` is (None when it has none), without loading it.

    :class:`FrontMatterError` for a fence never closed, a fence line ended by CR alone, or a JSON-like start
    that does not close within the size limit. Blanks before a header are checked by :func:`read_header`
    (telling them from a text that merely starts with ``---`` needs the header's content).
    """
    offset = 1 if text.startswith("\ufeff") else 0
    m = _OPENING.match(text, offset)
    if m:
        fence, newline = m.groups()
        fmt = FENCES[fence].name
        if newline == "\r":
            raise FrontMatterError(
                "front matter with CR-only line endings: Hugo reads it, Jekyll does not; "
                "convert the file to LF or CRLF",
                format=fmt,
            )
        end = _CLOSING[fence].search(text, m.end())
        if end is None:
            raise FrontMatterError(f"front matter opened with {fence!r} is never closed", format=fmt)
        return Header(fmt, m.end(), end.start(), end.end())
    if _JSON_START.match(text, offset):
        close = _json_end(text, offset, limits)
        if close is None:
            raise FrontMatterError(
                f"JSON front matter is never closed within {limits.max_chars:,} characters", format="json"
            )
        return Header("json", offset, close, close)
    return None


def read_header(text: str, limits: Limits = DOCUMENT_LIMITS) -> tuple[Header | None, dict[str, Any]]:
    """(where the front matter is, the mapping it holds), or (None, {}) for a text without front matter.

    The header is loaded by its format's handler under ``limits``. :class:`FrontMatterError` (with ``format``
    and ``body_start`` when they are known) for a header that is malformed, refused or ambiguous.
    """
    header = find_header(text, limits)
    if header is None:
        _refuse_late_header(text, limits)
        return None, {}
    try:
        meta = handler(header.format).load(text[header.start : header.end], limits)
    except FrontMatterError as exc:
        raise FrontMatterError(str(exc), format=header.format, body_start=header.body_start) from exc
    return header, meta


def _refuse_late_header(text: str, limits: Limits) -> None:
    """Blanks before what Hugo would read as a header holding a mapping: ambiguous, refused. Blanks before a
    ``---`` that is not such a header (a rule in a plain text) are just text, as both read it."""
    offset = 1 if text.startswith("\ufeff") else 0
    blanks = _BLANKS.match(text, offset)
    if blanks is None or not text.startswith(("---", "+++", "{"), blanks.end()):
        return
    try:
        header, _ = read_header(text[blanks.end() :], limits)
    except FrontMatterError:
        return
    if header is not None:
        raise FrontMatterError(
            "blank lines or spaces before the front matter: Hugo reads it, Jekyll does not; remove them",
            format=header.format,
        )


@dataclass
class FrontMatter:
    """What :func:`split_front_matter` found: the mapping, where the body starts, the format, and the error
    that refused the header (then ``meta`` is empty). The title, date and tags of a post are read by
    :class:`jpnews_tags.documents.Document`, the one reader of those fields."""

    meta: dict[str, Any] = field(default_factory=dict)
    body_start: int = 0
    format: str | None = None
    error: str | None = None


def split_front_matter(text: str, limits: Limits = DOCUMENT_LIMITS) -> FrontMatter:
    """:func:`read_header` that never raises: a refused header is reported in ``error`` (its body still found
    when its closing fence was). Kept for callers of version 0.1; new code reads
    :func:`jpnews_tags.documents.parse_document`, which also gives the title, date and tags."""
    try:
        header, meta = read_header(text, limits)
    except FrontMatterError as exc:
        return FrontMatter(body_start=exc.body_start, format=exc.format, error=str(exc))
    if header is None:
        return FrontMatter()
    return FrontMatter(meta, header.body_start, header.format)
