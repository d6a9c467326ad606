"""JSON front matter (a ``{...}`` object at the top of the file, Hugo): its handler, and surgical edits of one
member.

The object's members are located with ``json``'s own decoder; values are written with ``json.dumps`` (ASCII
escapes only when the header already uses them). See :mod:`jpnews_tags.frontmatter.edit` for the check after
each edit and :mod:`jpnews_tags.frontmatter.formats` for the handler interface.

Example:
    >>> edit('{"title": "x", "tags": []}', ListEdit("tags", ("AI",)), "\\n")[0]
    '{"title": "x", "tags": ["AI"]}'
    >>> HANDLER.load('{"tags": ["AI"]}', DOCUMENT_LIMITS)
    {'tags': ['AI']}
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..safe_data import DOCUMENT_LIMITS, Limits, load_json
from .lex import (
    Edit,
    EditError,
    ListEdit,
    RecordsEdit,
    append_items,
    apply_edits,
    edit_tag_string,
    read_mapping,
    scan_list,
    set_items,
)


class JsonFormat:
    """Hugo's JSON front matter: the object itself is the header (no fence), read with ``json`` under the limits
    of :mod:`jpnews_tags.safe_data` (nesting counted before parsing; ``NaN`` and ``Infinity`` refused)."""

    name = "json"
    fence: str | None = None

    def load(self, raw: str, limits: Limits = DOCUMENT_LIMITS) -> dict[str, Any]:
        return read_mapping(load_json, raw, limits, self.name)

    def edit(self, raw: str, change: ListEdit | RecordsEdit, nl: str) -> tuple[str, Any, list[str]]:
        return edit(raw, change, nl)

    def empty(self, nl: str) -> str:
        return "{}" + nl


HANDLER = JsonFormat()


def edit(raw: str, change: ListEdit | RecordsEdit, nl: str) -> tuple[str, Any, list[str]]:
    """(new header, the value the key now holds when the caller cannot know it (strings), notes)."""
    return _json(raw, change, nl)


@dataclass(frozen=True)
class _Member:
    key: str
    key_start: int
    key_end: int
    value_start: int
    value_end: int


def _ws(raw: str, i: int) -> int:
    while i < len(raw) and raw[i] in " \t\r\n":
        i += 1
    return i


def _members(raw: str) -> tuple[int, list[_Member]]:
    dec = json.JSONDecoder()
    i = _ws(raw, 0)
    if raw[i : i + 1] != "{":
        raise EditError("JSON front matter is not an object")
    open_ = i
    out: list[_Member] = []
    i = _ws(raw, i + 1)
    try:
        while raw[i : i + 1] != "}":
            key, kend = dec.raw_decode(raw, i)
            colon = _ws(raw, kend)
            if not isinstance(key, str) or raw[colon : colon + 1] != ":":
                raise EditError("cannot read the JSON front matter")
            vs = _ws(raw, colon + 1)
            _, ve = dec.raw_decode(raw, vs)
            out.append(_Member(key, i, kend, vs, ve))
            i = _ws(raw, ve)
            if raw[i : i + 1] == ",":
                i = _ws(raw, i + 1)
            elif raw[i : i + 1] != "}":
                raise EditError("cannot read the JSON front matter")
    except (ValueError, RecursionError) as exc:
        raise EditError(f"invalid JSON front matter: {exc}") from exc
    return open_, out


def _json(raw: str, change: ListEdit | RecordsEdit, nl: str) -> tuple[str, Any, list[str]]:
    open_, members = _members(raw)
    ascii_only = raw.isascii() and "\\u" in raw

    def dumps(x: Any) -> str:
        return json.dumps(x, ensure_ascii=ascii_only)

    hits = [m for m in members if m.key == change.key]
    if len(hits) > 1:
        raise EditError(f"the key {change.key!r} appears {len(hits)} times in the front matter")
    if isinstance(change, RecordsEdit):
        value = dumps([dict(r) for r in change.records])
        if hits:
            return apply_edits(raw, [(hits[0].value_start, hits[0].value_end, value)]), None, []
        return _json_insert(raw, open_, members, change.key, value, dumps), None, []
    if not hits:
        value = "[" + ", ".join(dumps(t) for t in change.items) + "]"
        return _json_insert(raw, open_, members, change.key, value, dumps), None, []
    m = hits[0]
    c = raw[m.value_start]
    if c == "[":
        scan = scan_list(raw, m.value_start, "json")
        rendered = [dumps(t) for t in change.items]
        edits = (
            append_items(raw, scan, rendered, nl) if change.append and scan.items else set_items(raw, scan, rendered)
        )
        return apply_edits(raw, edits), None, []
    value = json.loads(raw[m.value_start : m.value_end])
    if value is None or (isinstance(value, str) and not value.strip()):  # null or "" -> an array
        body = "[" + ", ".join(dumps(t) for t in change.items) + "]"
        return apply_edits(raw, [(m.value_start, m.value_end, body)]), None, []
    if c == '"':
        return edit_tag_string(raw, m.value_start, m.value_end, value, change, '"', False, lambda t, q: dumps(t))
    raise EditError(f"{change.key!r} holds {raw[m.value_start : m.value_end]!r}, not an array or a string")


def _json_insert(
    raw: str, open_: int, members: Sequence[_Member], key: str, value: str, dumps: Callable[[Any], str]
) -> str:
    if not members:
        return apply_edits(raw, [(open_ + 1, open_ + 1, f"{dumps(key)}: {value}")])
    last = members[-1]
    if len(members) >= 2:
        sep = raw[members[-2].value_end : last.key_start]
    else:
        sep = "," + (raw[open_ + 1 : last.key_start] or " ")
    colon = raw[last.key_end : last.value_start]
    edits: list[Edit] = [(last.value_end, last.value_end, f"{sep}{dumps(key)}{colon}{value}")]
    return apply_edits(raw, edits)
