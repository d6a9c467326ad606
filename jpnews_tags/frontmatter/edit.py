"""Byte-exact edits of one key of a front matter block: YAML ``---``, TOML ``+++`` or JSON ``{``.

Only the lines of the edited key change; every other byte of the file (comments, quoting, key order, line
endings, the body) stays as it was. Existing list items are kept verbatim and new ones are written in their
style: a block list stays a block list with its indent, a flow list stays a flow list, a string stays a string
joined the way it was (spaces or commas). A missing, null or empty key becomes a list in the style of the
header's other lists (a block list when there is none), added after the last top-level key.

Every edit is checked: the new header is parsed again with a safe loader and must equal the old one with only
the edited keys changed, keys in the same order; if not, :class:`EditError` is raised and nothing is returned.
The per-format work lives in :mod:`jpnews_tags.frontmatter.yaml_format` and :mod:`jpnews_tags.frontmatter.toml_format`
(TOML and JSON).

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

import json
import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import toml_format as frontmatter_toml
from . import yaml_format as frontmatter_yaml
from .header import split_front_matter
from .lex import EditError, ListEdit, RecordsEdit, newline_of, split_tag_string
from .yaml_format import SAFE_LOADER

__all__ = [
    "EditError",
    "EditOutcome",
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


@dataclass(frozen=True)
class Limits:
    """What a header may hold before it is refused rather than parsed and compared."""

    #: Characters of front matter (a post's header is a few hundred; a CMS never writes megabytes).
    max_header_chars: int = 256 * 1024
    #: YAML anchors plus aliases (``&a`` / ``*a``); alias bombs expand exponentially when walked.
    max_aliases: int = 20
    #: Nesting depth of YAML/JSON collections.
    max_depth: int = 32


@dataclass(frozen=True)
class Header:
    """Where the front matter of a text is: ``text[start:end]`` is the YAML/TOML between the fences or the
    JSON object."""

    format: str
    start: int
    end: int
    body_start: int


@dataclass
class EditOutcome:
    text: str
    #: The value each edited key now holds, as the safe loader reads it back.
    values: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def find_header(text: str) -> Header | None:
    """Where the front matter of ``text`` is (None when it has none), without parsing it.

    The same rules as :func:`jpnews_tags.frontmatter.header.split_front_matter` (a BOM may come first; ``---`` or
    ``+++`` alone on the first line, closed by the same fence alone on a line; or a JSON object), but the
    header is not loaded: :func:`parse_header` checks the limits first. :class:`EditError` when a fence is
    never closed.
    """
    offset = 1 if text.startswith("\ufeff") else 0
    for fence, fmt in (("---", "yaml"), ("+++", "toml")):
        if text.startswith(fence, offset) and text[offset + 3 : offset + 5].lstrip(" \t")[:1] in ("\n", "\r"):
            nl = text.find("\n", offset)
            if nl < 0:
                return None
            end = re.compile(rf"^{re.escape(fence)}[ \t]*(?:\r?\n|\Z)", re.M).search(text, nl + 1)
            if end is None:
                raise EditError(f"front matter opened with {fence!r} is never closed")
            return Header(fmt, nl + 1, end.start(), end.end())
    if text[offset : offset + 1] == "{":
        try:
            obj, end_idx = json.JSONDecoder().raw_decode(text, offset)
        except (ValueError, RecursionError):
            return None
        if isinstance(obj, dict):
            return Header("json", offset, end_idx, end_idx)
    return None


def check_limits(fmt: str, raw: str, limits: Limits) -> None:
    """Refuse a header that is too large, or YAML with too many anchors/aliases, non-standard tags or deep
    nesting, before anything walks its parsed value."""
    if len(raw) > limits.max_header_chars:
        raise EditError(f"front matter is {len(raw):,} characters; the limit is {limits.max_header_chars:,}")
    if fmt == "yaml":
        frontmatter_yaml.check_events(raw, limits.max_aliases, limits.max_depth)
    elif fmt == "json":
        depth = deepest = 0
        in_str = esc = False
        for ch in raw:
            if in_str:
                esc, in_str = (False, True) if esc else (ch == "\\", ch != '"')
            elif ch == '"':
                in_str = True
            elif ch in "[{":
                depth += 1
                deepest = max(deepest, depth)
            elif ch in "]}":
                depth -= 1
        if deepest > limits.max_depth + 1:
            raise EditError(f"front matter nests {deepest} levels deep; the limit is {limits.max_depth}")


def load_header(fmt: str, raw: str) -> dict[str, Any]:
    """The mapping a header holds, read with a safe loader (YAML ``safe_load``, ``tomllib``, ``json``)."""
    try:
        if fmt == "yaml":
            data = yaml.load(raw, Loader=SAFE_LOADER)
        elif fmt == "toml":
            data = tomllib.loads(raw)
        else:
            data = json.loads(raw)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        raise EditError(f"invalid {fmt.upper()} front matter: {exc}".splitlines()[0]) from exc
    if data is None and fmt == "yaml":
        return {}
    if not isinstance(data, dict):
        raise EditError(f"{fmt.upper()} front matter is not a mapping")
    return data


def parse_header(text: str, limits: Limits | None = None) -> tuple[Header | None, dict[str, Any]]:
    """(where the front matter is, the mapping it holds) with the limits checked before loading it;
    (None, {}) without front matter. :class:`EditError` for a malformed or refused header."""
    header = find_header(text)
    if header is None:
        return None, {}
    raw = text[header.start : header.end]
    check_limits(header.format, raw, limits or Limits())
    return header, load_header(header.format, raw)


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
    if len(new_raw) > limits.max_header_chars:
        raise EditError(f"the edited front matter would exceed {limits.max_header_chars:,} characters")
    try:
        new = load_header(fmt, new_raw)
    except EditError as exc:
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
    lim = limits or Limits()
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
        if header.format == "yaml":
            raw, value, notes = frontmatter_yaml.edit(raw, edit, nl)
        else:
            raw, value, notes = frontmatter_toml.edit(raw, edit, nl, header.format)
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
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    rest = text[len(bom) :]
    if fmt == "json":
        block = "{}" + nl
    else:
        fence = "---" if fmt == "yaml" else "+++"
        block = f"{fence}{nl}{fence}{nl}"
    out = edit_front_matter(bom + block + rest, edits)
    fm = split_front_matter(out.text)
    if out.text[fm.body_start :] != (nl + rest if fmt == "json" else rest) or fm.format != fmt:
        raise EditError("the new front matter would change the body; file left unchanged")
    return out
