"""Byte-exact edits of one key of a front matter block: YAML ``---``, TOML ``+++`` or JSON ``{``.

Only the lines of the edited key change; every other byte of the file (comments, quoting, key order, line
endings, the body) stays as it was. Existing list items are kept verbatim and new ones are written in their
style: a block list stays a block list with its indent, a flow list stays a flow list, a string stays a string
joined the way it was (spaces or commas). A missing, null or empty key becomes a list in the style of the
header's other lists (a block list when there is none), added after the last top-level key.

Every edit is checked: the new header is parsed again with a safe loader and must equal the old one with only
the edited keys changed, keys in the same order; if not, :class:`EditError` is raised and nothing is returned.
The header is found and read by :func:`jpnews_tags.frontmatter.header.read_header` (the one finder, the safe
loader and limits of :mod:`jpnews_tags.safe_data`); the per-format work is done by the format's handler
(:mod:`jpnews_tags.frontmatter.formats`: :mod:`.yaml_format`, :mod:`.toml_format`, :mod:`.json_format`).

Example:
    >>> text = '---\\ntitle: "AWSの発表"\\ntags: [AI]  # keep me\\n---\\n本文\\n'
    >>> print(edit_front_matter(text, [ListEdit("tags", ("AWS", "C++"))]).text, end="")
    ---
    title: "AWSの発表"
    tags: [AI, AWS, C++]  # keep me
    ---
    本文
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..safe_data import DOCUMENT_LIMITS, Limits
from .formats import handler
from .header import FrontMatterError, Header, find_header, read_header
from .lex import EditError, ListEdit, RecordsEdit, newline_of, split_tag_string

__all__ = [
    "EditError",
    "EditOutcome",
    "FrontMatterError",
    "Header",
    "Limits",
    "ListEdit",
    "RecordsEdit",
    "edit_front_matter",
    "find_header",
    "new_front_matter",
    "parse_header",
    "split_tag_string",
]


@dataclass
class EditOutcome:
    text: str
    #: The value each edited key now holds, as the safe loader reads it back.
    values: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def parse_header(text: str, limits: Limits | None = None) -> tuple[Header | None, dict[str, Any]]:
    """(where the front matter is, the mapping it holds), or (None, {}) without front matter, read by the one
    reader every command uses (:func:`jpnews_tags.frontmatter.header.read_header`); :class:`EditError` when the
    header is refused."""
    try:
        return read_header(text, limits or DOCUMENT_LIMITS)
    except EditError:
        raise
    except FrontMatterError as exc:
        raise EditError(str(exc), format=exc.format, body_start=exc.body_start) from exc


def _same(a: Any, b: Any) -> bool:
    """Equality that also checks types (``1`` is not ``True``) and treats NaN as equal to NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)


def _verify(fmt: str, old: dict[str, Any], new_raw: str, changed: Mapping[str, Any], limits: Limits) -> None:
    if len(new_raw) > limits.max_chars:
        raise EditError(f"the edited front matter would exceed {limits.max_chars:,} characters")
    try:
        new = handler(fmt).load(new_raw, limits)
    except FrontMatterError as exc:
        raise EditError(f"the edited front matter would not parse ({exc}); file left unchanged") from exc
    kept = [k for k in new if k in old]
    if kept != list(old) or set(new) != set(old) | set(changed):
        raise EditError("the edited front matter would change the keys or their order; file left unchanged")
    try:
        for k, v in new.items():
            want = changed[k] if k in changed else old[k]
            if not _same(v, want):
                raise EditError(f"the edited front matter would read {k!r} as {v!r}, not {want!r}; file left unchanged")
    except RecursionError as exc:
        raise EditError("front matter is nested too deeply to check") from exc


def _intended(edit: ListEdit | RecordsEdit, fmt: str, old: Any) -> Any:
    """The value ``edit`` should leave under its key, as the loader will read it."""
    if isinstance(edit, RecordsEdit):
        if fmt == "toml":
            return [{k: v for k, v in r.items() if v is not None} for r in edit.records]
        return [dict(r) for r in edit.records]
    if isinstance(old, str) and old.strip():
        return None  # decided by the string editor (it may keep the string)
    if edit.append and isinstance(old, list):
        return [*old, *edit.items]
    return list(edit.items)


def edit_front_matter(
    text: str,
    edits: Sequence[ListEdit | RecordsEdit],
    limits: Limits | None = None,
    parsed: tuple[Header, dict[str, Any]] | None = None,
) -> EditOutcome:
    """Apply ``edits`` to the front matter of ``text``; only the edited keys' lines change.

    Raises :class:`EditError` when the text has no (or a malformed) front matter, when a key holds something
    that is not a list or a string, or when the check of the result fails. ``parsed`` is what
    :func:`parse_header` returned for ``text``, to save parsing it twice.
    """
    lim = limits or DOCUMENT_LIMITS
    header, old = parsed if parsed is not None else parse_header(text, lim)
    if header is None:
        raise EditError("no front matter")
    old_raw = text[header.start : header.end]
    nl = newline_of(text)
    raw = old_raw
    outcome = EditOutcome(text)
    changed: dict[str, Any] = {}
    for edit in edits:
        want = _intended(edit, header.format, old.get(edit.key))
        if isinstance(edit, ListEdit) and edit.append and not edit.items:
            continue
        if want is not None and edit.key in old and _same(old[edit.key], want):
            continue
        raw, value, notes = handler(header.format).edit(raw, edit, nl)
        changed[edit.key] = value if want is None else want
        outcome.notes.extend(notes)
    if not changed:
        return outcome
    _verify(header.format, old, raw, changed, lim)
    outcome.text = text[: header.start] + raw + text[header.end :]
    outcome.values = changed
    return outcome


def new_front_matter(text: str, fmt: str, edits: Sequence[ListEdit | RecordsEdit]) -> EditOutcome:
    """``text`` (which has no front matter) with a new ``fmt`` front matter holding ``edits`` put before it."""
    nl = newline_of(text)
    if nl == "\r":
        raise EditError("lines end in CR alone (classic Mac OS); convert the file to LF or CRLF to edit it")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    rest = text[len(bom) :]
    out = edit_front_matter(bom + handler(fmt).empty(nl) + rest, edits)
    try:
        header = find_header(out.text)
    except FrontMatterError:
        header = None
    body = nl + rest if fmt == "json" else rest
    if header is None or header.format != fmt or out.text[header.body_start :] != body:
        raise EditError("the new front matter would change the body; file left unchanged")
    return out
