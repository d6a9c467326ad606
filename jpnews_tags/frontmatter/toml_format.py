"""Surgical edits of one top-level key of a TOML (``+++``, Hugo) or JSON (``{``, Hugo) front matter.

TOML: the root table's ``key = value`` statements are found by lexing (strings, arrays and inline tables may
span lines); an existing array keeps its layout and quote style, a missing key is added after the last root
statement, before the first ``[table]``. JSON: the object's members are located with ``json``'s own decoder;
values are written with ``json.dumps``. See :mod:`jpnews_tags.frontmatter.edit` for the check after each edit.

Example:
    >>> raw = 'title = "AWS"\\ntags = [ "AI" ]\\n\\n[params]\\nx = 1\\n'
    >>> print(edit(raw, ListEdit("tags", ("Amazon",)), "\\n", "toml")[0], end="")
    title = "AWS"
    tags = [ "AI", "Amazon" ]
    <BLANKLINE>
    [params]
    x = 1
    >>> edit('{"title": "x", "tags": []}', ListEdit("tags", ("AI",)), "\\n", "json")[0]
    '{"title": "x", "tags": ["AI"]}'
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .lex import (
    Edit,
    EditError,
    ListEdit,
    RecordsEdit,
    append_items,
    apply_edits,
    line_end,
    majority_quote,
    scan_list,
    set_items,
    split_tag_string,
    string_end,
    string_update,
)

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_KV = re.compile(rf"[ \t]*({_KEY}(?:[ \t]*\.[ \t]*{_KEY})*)[ \t]*=[ \t]*")
_SCALAR = re.compile(r"[^#\r\n]*")
_TOML_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_TOML_ESC = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def edit(raw: str, change: ListEdit | RecordsEdit, nl: str, fmt: str) -> tuple[str, Any, list[str]]:
    """(new header, the value the key now holds when the caller cannot know it (strings), notes)."""
    return _toml(raw, change, nl) if fmt == "toml" else _json(raw, change, nl)


# ---------------------------------------------------------------- TOML


def basic(s: str) -> str:
    """``s`` as a TOML basic string."""
    out = []
    for ch in s:
        if ch in _TOML_ESC:
            out.append(_TOML_ESC[ch])
        elif _TOML_CONTROL.fullmatch(ch):
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_str(s: str, quote: str) -> str:
    if quote == "'" and "'" not in s and not _TOML_CONTROL.search(s):
        return f"'{s}'"
    return basic(s)


@dataclass(frozen=True)
class _Stmt:
    start: int
    end: int
    key: str | None
    value_start: int
    value_end: int


def _key_name(text: str) -> str | None:
    """The key a statement defines (None for a dotted key such as ``a.b``)."""
    try:
        data = tomllib.loads(f"{text} = 0")
    except tomllib.TOMLDecodeError:
        return None
    (name, val), *_ = data.items()
    return name if val == 0 and not isinstance(val, dict) else None


def _value_end(raw: str, vs: int) -> int:
    c = raw[vs : vs + 1]
    if not c:
        raise EditError("a TOML key has no value")
    if c in "[{":
        return scan_list(raw, vs, "toml").close + 1
    if c in "\"'":
        return string_end(raw, vs, "toml")
    m = _SCALAR.match(raw, vs)
    return vs + len(m.group(0).rstrip()) if m else vs


def _root(raw: str) -> list[_Stmt]:
    """The key/value statements of the root table (before the first ``[table]`` header)."""
    out: list[_Stmt] = []
    i = 0
    while i < len(raw):
        le = line_end(raw, i)
        line = raw[i:le].strip()
        if not line or line.startswith("#"):
            i = le
            continue
        if line.startswith("["):
            break
        m = _KV.match(raw, i)
        if m is None:
            raise EditError(f"cannot read the TOML front matter at line {raw.count(chr(10), 0, i) + 1}")
        ve = _value_end(raw, m.end())
        out.append(_Stmt(i, line_end(raw, ve), _key_name(m.group(1)), m.end(), ve))
        i = out[-1].end
    return out


def _toml_quote(raw: str, stmts: Sequence[_Stmt]) -> str:
    for st in stmts:
        if raw[st.value_start] == "[":
            scan = scan_list(raw, st.value_start, "toml")
            if scan.items:
                return majority_quote([raw[a:b] for a, b in scan.items])
    return '"'


def _toml(raw: str, change: ListEdit | RecordsEdit, nl: str) -> tuple[str, Any, list[str]]:
    stmts = _root(raw)
    hits = [st for st in stmts if st.key == change.key]
    quote = _toml_quote(raw, stmts)
    key_text = change.key if _BARE.fullmatch(change.key) else basic(change.key)
    if isinstance(change, RecordsEdit):
        rows = [
            "{ " + ", ".join(f"{k} = {basic(v)}" for k, v in r.items() if v is not None) + " }" for r in change.records
        ]
        body = "[" + nl + "".join(f"  {row},{nl}" for row in rows) + "]" if rows else "[]"
        entry = f"{key_text} = {body}{nl}"
        if hits:
            return apply_edits(raw, [(hits[0].start, hits[0].end, entry)]), None, []
        return _insert_root(raw, stmts, entry, nl), None, []
    if not hits:
        entry = f"{key_text} = [{', '.join(_toml_str(t, quote) for t in change.items)}]{nl}"
        return _insert_root(raw, stmts, entry, nl), None, []
    st = hits[0]
    vs, ve = st.value_start, st.value_end
    c = raw[vs]
    if c == "[":
        scan = scan_list(raw, vs, "toml")
        if scan.items:
            quote = majority_quote([raw[a:b] for a, b in scan.items])
        rendered = [_toml_str(t, quote) for t in change.items]
        edits = (
            append_items(raw, scan, rendered, nl) if change.append and scan.items else set_items(raw, scan, rendered)
        )
        return apply_edits(raw, edits), None, []
    if c in "\"'":
        value = tomllib.loads("v = " + raw[vs:ve])["v"]
        if isinstance(value, str) and not value.strip():  # tags = "" -> an array
            body = "[" + ", ".join(_toml_str(t, quote) for t in change.items) + "]"
            return apply_edits(raw, [(vs, ve, body)]), None, []
        triple = raw.startswith(c * 3, vs)
        return _string(raw, vs, ve, value, change, c, triple, lambda t, q: _toml_str(t, q))
    raise EditError(f"{change.key!r} holds {raw[vs:ve]!r}, not an array or a string")


def _insert_root(raw: str, stmts: Sequence[_Stmt], entry: str, nl: str) -> str:
    pos = stmts[-1].end if stmts else 0
    lead = nl if pos and not raw[:pos].endswith("\n") else ""
    return raw[:pos] + lead + entry + raw[pos:]


def _string(
    raw: str,
    vs: int,
    ve: int,
    value: Any,
    change: ListEdit,
    quote: str,
    triple: bool,
    render: Callable[[str, str], str],
) -> tuple[str, Any, list[str]]:
    """A string value stays a string joined the same way (spaces or commas); see frontmatter_yaml."""
    if not isinstance(value, str):
        raise EditError(f"{change.key!r} is not a string")
    upd = string_update(value, change.items, change.append)
    if upd is None:
        parts, sep = split_tag_string(value)
        new_list = [*(parts if change.append else []), *change.items]
        kind = "comma" if "," in sep else "space"
        note = f"{change.key!r} was a {kind}-separated string; written as a list because a new tag contains a {kind}"
        body = "[" + ", ".join(render(t, quote) for t in new_list) + "]"
        return apply_edits(raw, [(vs, ve, body)]), new_list, [note]
    new_value, inserted = upd
    piece = None if inserted is None or triple else render(inserted, quote)
    if piece is not None and piece[0] == quote:
        return apply_edits(raw, [(ve - 1, ve - 1, piece[1:-1])]), new_value, []
    return apply_edits(raw, [(vs, ve, render(new_value, quote))]), new_value, []


# ---------------------------------------------------------------- JSON


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
        return _string(raw, m.value_start, m.value_end, value, change, '"', False, lambda t, q: dumps(t))
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
