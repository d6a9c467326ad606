"""TOML front matter (``+++``, Hugo): its handler, and surgical edits of one key of the root table.

The root table's ``key = value`` statements are found by lexing (strings, arrays and inline tables may span
lines); an existing array keeps its layout and quote style, a missing key is added after the last root
statement, before the first ``[table]``. See :mod:`jpnews_tags.frontmatter.edit` for the check after each edit
and :mod:`jpnews_tags.frontmatter.formats` for the handler interface.

Example:
    >>> raw = 'title = "AWS"\\ntags = [ "AI" ]\\n\\n[params]\\nx = 1\\n'
    >>> print(edit(raw, ListEdit("tags", ("Amazon",)), "\\n")[0], end="")
    title = "AWS"
    tags = [ "AI", "Amazon" ]
    <BLANKLINE>
    [params]
    x = 1
    >>> HANDLER.load(raw, DOCUMENT_LIMITS)["tags"]
    ['AI']
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..safe_data import DOCUMENT_LIMITS, Limits, load_toml
from .lex import (
    EditError,
    ListEdit,
    RecordsEdit,
    append_items,
    apply_edits,
    edit_tag_string,
    line_end,
    majority_quote,
    read_mapping,
    scan_list,
    set_items,
    string_end,
)

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_KV = re.compile(rf"[ \t]*({_KEY}(?:[ \t]*\.[ \t]*{_KEY})*)[ \t]*=[ \t]*")
_SCALAR = re.compile(r"[^#\r\n]*")
_TOML_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_TOML_ESC = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


class TomlFormat:
    """The ``+++`` front matter of Hugo: read with ``tomllib`` under the limits of :mod:`jpnews_tags.safe_data`."""

    name = "toml"
    fence: str | None = "+++"

    def load(self, raw: str, limits: Limits = DOCUMENT_LIMITS) -> dict[str, Any]:
        return read_mapping(load_toml, raw, limits, self.name)

    def edit(self, raw: str, change: ListEdit | RecordsEdit, nl: str) -> tuple[str, Any, list[str]]:
        return edit(raw, change, nl)

    def empty(self, nl: str) -> str:
        return f"+++{nl}+++{nl}"


HANDLER = TomlFormat()


def edit(raw: str, change: ListEdit | RecordsEdit, nl: str) -> tuple[str, Any, list[str]]:
    """(new header, the value the key now holds when the caller cannot know it (strings), notes)."""
    return _toml(raw, change, nl)


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
        return edit_tag_string(raw, vs, ve, value, change, c, triple, _toml_str)
    raise EditError(f"{change.key!r} holds {raw[vs:ve]!r}, not an array or a string")


def _insert_root(raw: str, stmts: Sequence[_Stmt], entry: str, nl: str) -> str:
    pos = stmts[-1].end if stmts else 0
    lead = nl if pos and not raw[:pos].endswith("\n") else ""
    return raw[:pos] + lead + entry + raw[pos:]
