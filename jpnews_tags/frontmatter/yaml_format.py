"""YAML front matter (``---``, Jekyll, Hugo, Astro): its handler, and surgical edits of one top-level key using
PyYAML's node positions.

The header is read by :func:`jpnews_tags.safe_data.load_yaml` (standard tags only, anchors/aliases and nesting
limited). For an edit it is composed (never constructed) with the same safe loader to find the key and where
its value starts and ends; only those characters change. See :mod:`jpnews_tags.frontmatter.edit` for the
guarantees and the check that follows every edit, :mod:`jpnews_tags.frontmatter.formats` for the interface.

Example:
    >>> raw = "title: x\\ntags:\\n  - AI   # first\\n"
    >>> print(edit(raw, ListEdit("tags", ("yes", "AWS")), "\\n")[0], end="")
    title: x
    tags:
      - AI   # first
      - "yes"
      - AWS
    >>> HANDLER.load(raw, DOCUMENT_LIMITS)
    {'title': 'x', 'tags': ['AI']}
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..safe_data import DOCUMENT_LIMITS, SAFE_LOADER, Limits, load_yaml
from .lex import (
    Edit,
    EditError,
    ListEdit,
    RecordsEdit,
    append_items,
    apply_edits,
    line_end,
    line_start,
    majority_quote,
    read_mapping,
    scan_list,
    set_items,
    split_tag_string,
    string_update,
)

_STD = "tag:yaml.org,2002:"
_STR = _STD + "str"
_NULL = _STD + "null"
_DASH = re.compile(r"([ \t]*)-([ \t]+)")
# Plain scalars we write unquoted: start with a letter or digit, a small set of inner characters.
_PLAIN_FLOW = re.compile(r"[^\W_][\w .+/&()'’・-]*")
_PLAIN_BLOCK = re.compile(r"[^\W_][\w .,+/&()'’・-]*")
_PLAIN_TAIL = re.compile(r"[\w .,+/&()'’・-]*")
# Strings YAML 1.1 or 1.2 would read as something else: booleans, null, numbers, dates, times.
_SPECIAL = re.compile(r"(?i:y|n|yes|no|on|off|true|false|null)|[-+0-9.:_eE]+|0[xob][0-9a-fA-F_]+")
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\0": "\\0",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


class YamlFormat:
    """The ``---`` front matter of Jekyll, Hugo and Astro."""

    name = "yaml"
    fence: str | None = "---"

    def load(self, raw: str, limits: Limits = DOCUMENT_LIMITS) -> dict[str, Any]:
        return read_mapping(load_yaml, raw, limits, self.name, empty_is_none=True)

    def edit(self, raw: str, change: ListEdit | RecordsEdit, nl: str) -> tuple[str, Any, list[str]]:
        return edit(raw, change, nl)

    def empty(self, nl: str) -> str:
        return f"---{nl}---{nl}"


HANDLER = YamlFormat()


def double_quoted(s: str) -> str:
    """``s`` as a YAML double-quoted scalar (escapes for quotes, backslashes and non-printable characters)."""
    out = []
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _PRINTABLE.fullmatch(ch):
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
    return '"' + "".join(out) + '"'


def _single_ok(s: str) -> bool:
    return s == s.strip() and all(_PRINTABLE.fullmatch(c) and c not in _ESCAPES for c in s if c not in '\\"')


def plain_ok(s: str, flow: bool) -> bool:
    """True when ``s`` reads back as the same string unquoted (in a flow ``[...]`` or block context)."""
    if not (_PLAIN_FLOW if flow else _PLAIN_BLOCK).fullmatch(s) or s != s.rstrip() or _SPECIAL.fullmatch(s):
        return False
    try:
        return bool(yaml.load(f"[{s}]" if flow else f"- {s}", Loader=SAFE_LOADER) == [s])
    except yaml.YAMLError:
        return False


def render(s: str, quote: str, flow: bool) -> str:
    """``s`` as a YAML scalar in the given quote style (``"``, ``'`` or ``""`` for plain when safe)."""
    if quote == "'" and _single_ok(s):
        return "'" + s.replace("'", "''") + "'"
    if quote == "" and plain_ok(s, flow):
        return s
    return double_quoted(s)


def _compose(raw: str) -> MappingNode | None:
    try:
        node = yaml.compose(raw, Loader=SAFE_LOADER)
    except (yaml.YAMLError, RecursionError) as exc:
        raise EditError(f"invalid YAML front matter: {exc}".splitlines()[0]) from exc
    if node is None:
        return None
    if not isinstance(node, MappingNode) or node.flow_style:
        raise EditError("YAML front matter is not a block mapping (key: value lines)")
    return node


def _find(root: MappingNode | None, key: str) -> tuple[Node, Node] | None:
    if root is None:
        return None
    hits = [(k, v) for k, v in root.value if isinstance(k, ScalarNode) and k.tag == _STR and k.value == key]
    if len(hits) > 1:
        raise EditError(f"the key {key!r} appears {len(hits)} times in the front matter")
    return hits[0] if hits else None


def _start(n: Node) -> int:
    return int(n.start_mark.index)


def _end(n: Node) -> int:
    """Where the content of a node ends (block collections end with their last child, not at the next key)."""
    if isinstance(n, SequenceNode | MappingNode) and not n.flow_style and n.value:
        last = n.value[-1]
        return _end(last[1] if isinstance(last, tuple) else last)
    return int(n.end_mark.index)


def _after_line(raw: str, i: int) -> int:
    """The start of the line after the one that holds the content ending at ``i``."""
    return i if i == line_start(raw, i) else line_end(raw, i)


def _quote_of(nodes: Sequence[Node]) -> str | None:
    styles = [(n.style or "") for n in nodes if isinstance(n, ScalarNode) and n.style not in ("|", ">")]
    return majority_quote([s + "x" for s in styles]) if styles else None


@dataclass(frozen=True)
class _Style:
    flow: bool
    quote: str
    indent: str
    gap: str


def _key_indent(root: MappingNode | None) -> str:
    return " " * int(root.value[0][0].start_mark.column) if root is not None and root.value else ""


def _style(raw: str, root: MappingNode | None, exclude: str) -> _Style:
    """How the header writes its other lists (flow or block, quotes, dash indent); a block list by default."""
    indent = _key_indent(root)
    if root is not None:
        for k, v in root.value:
            if getattr(k, "value", None) == exclude or not isinstance(v, SequenceNode) or not v.value:
                continue
            quote = _quote_of(v.value) or ""
            if v.flow_style:
                return _Style(True, quote, indent + "  ", " ")
            first = _start(v.value[0])
            m = _DASH.fullmatch(raw[line_start(raw, first) : first])
            if m:
                return _Style(False, quote, m.group(1), m.group(2))
    return _Style(False, "", indent + "  ", " ")


def _key_text(key: str) -> str:
    return key if plain_ok(key, False) and ":" not in key else double_quoted(key)


def edit(raw: str, change: ListEdit | RecordsEdit, nl: str) -> tuple[str, Any, list[str]]:
    """(new header, the value the key now holds when the caller cannot know it (strings), notes)."""
    root = _compose(raw)
    hit = _find(root, change.key)
    if isinstance(change, RecordsEdit):
        return _records(raw, root, hit, change, nl), None, []
    style = _style(raw, root, change.key)
    if hit is None:
        return _append_entry(raw, root, _list_entry(_key_text(change.key), change.items, style, nl), nl), None, []
    k, v = hit
    if isinstance(v, ScalarNode):
        if v.style in ("|", ">"):
            raise EditError(f"{change.key!r} is a block scalar (| or >); write it as a list or a one-line string")
        if v.tag == _NULL or (v.tag == _STR and not v.value.strip()):
            return _fill_empty(raw, v, change.items, style, nl), None, []
        if v.tag != _STR:
            raise EditError(f"{change.key!r} holds {v.value!r}, not a list or a string")
        return _string(raw, v, change, nl)
    if isinstance(v, SequenceNode):
        quote = _quote_of(v.value)
        flow_quote = style.quote if quote is None else quote
        rendered = [render(t, flow_quote, v.flow_style is True) for t in change.items]
        if v.flow_style:
            scan = scan_list(raw, _start(v), "yaml")
            if len(scan.items) != len(v.value):
                raise EditError(f"could not read the items of {change.key!r}")
            edits = (
                append_items(raw, scan, rendered, nl)
                if change.append and scan.items
                else set_items(raw, scan, rendered)
            )
            return apply_edits(raw, edits), None, []
        return apply_edits(raw, _block(raw, k, v, rendered, change.append, nl)), None, []
    raise EditError(f"{change.key!r} holds a mapping, not a list or a string")


def _list_entry(key_text: str, items: Sequence[str], style: _Style, nl: str) -> str:
    rendered = [render(t, style.quote, style.flow) for t in items]
    if style.flow or not rendered:
        return f"{key_text}: [{', '.join(rendered)}]{nl}"
    return f"{key_text}:{nl}" + "".join(f"{style.indent}-{style.gap}{r}{nl}" for r in rendered)


def _append_entry(raw: str, root: MappingNode | None, entry: str, nl: str) -> str:
    lead = nl if raw and not raw.endswith("\n") else ""
    return raw + lead + _key_indent(root) + entry


def _fill_empty(raw: str, v: ScalarNode, items: Sequence[str], style: _Style, nl: str) -> str:
    """``tags:``, ``tags: ~``, ``tags: ""`` -> a list (flow or block, as the header's other lists)."""
    s, e = _start(v), int(v.end_mark.index)
    if style.flow:
        body = "[" + ", ".join(render(t, style.quote, True) for t in items) + "]"
        return apply_edits(raw, [(s, e, body if s != e else " " + body)])
    ws = s
    while ws > 0 and raw[ws - 1] in " \t":
        ws -= 1
    lines = "".join(f"{style.indent}-{style.gap}{render(t, style.quote, False)}{nl}" for t in items)
    pos = line_end(raw, e)
    edits: list[Edit] = [(pos, pos, lines)]
    if e > s:
        edits.append((ws, e, ""))
    return apply_edits(raw, edits)


def _block(raw: str, k: Node, v: SequenceNode, rendered: Sequence[str], append: bool, nl: str) -> list[Edit]:
    first = _start(v.value[0])
    m = _DASH.fullmatch(raw[line_start(raw, first) : first])
    if m is None:
        raise EditError("the block list has an unusual layout (items not on their own '- ' lines)")
    pos = _after_line(raw, _end(v.value[-1]))
    lines = "".join(f"{m.group(1)}-{m.group(2)}{r}{nl}" for r in rendered)
    if append:
        return [(pos, pos, lines)]
    edits: list[Edit] = [(line_start(raw, first), pos, lines)]
    if not rendered:
        colon = raw.index(":", int(k.end_mark.index))
        edits.append((colon + 1, colon + 1, " []"))
    return edits


def _string(raw: str, v: ScalarNode, change: ListEdit, nl: str) -> tuple[str, Any, list[str]]:
    """A string value (``tags: ai cloud`` / ``"ai, cloud"``) stays a string joined the same way."""
    s, e = _start(v), int(v.end_mark.index)
    quote = v.style or ""
    upd = string_update(v.value, change.items, change.append)
    if upd is None:
        parts, sep = split_tag_string(v.value)
        new_list = [*(parts if change.append else []), *change.items]
        body = "[" + ", ".join(render(t, quote, True) for t in new_list) + "]"
        kind = "comma" if "," in sep else "space"
        note = f"{change.key!r} was a {kind}-separated string; written as a list because a new tag contains a {kind}"
        return apply_edits(raw, [(s, e, body)]), new_list, [note]
    value, inserted = upd
    if inserted is not None and quote == '"':
        ed: Edit = (e - 1, e - 1, double_quoted(inserted)[1:-1])
    elif inserted is not None and quote == "'" and _single_ok(inserted.strip()) and "\n" not in inserted:
        ed = (e - 1, e - 1, inserted.replace("'", "''"))
    elif inserted is not None and quote == "" and _PLAIN_TAIL.fullmatch(inserted) and not inserted.endswith(" "):
        ed = (e, e, inserted)
    else:
        ed = (s, e, render(value, quote if quote in ('"', "'") else "", False))
    return apply_edits(raw, [ed]), value, []


def _records(raw: str, root: MappingNode | None, hit: tuple[Node, Node] | None, change: RecordsEdit, nl: str) -> str:
    style = _style(raw, root, change.key)
    indent = style.indent if not style.flow else _key_indent(root) + "  "

    def value(x: str | None) -> str:
        return "null" if x is None else render(x, style.quote, True)

    rows = ["{" + ", ".join(f"{k}: {value(x)}" for k, x in r.items()) + "}" for r in change.records]
    key_text = _key_text(change.key)
    if rows:
        entry = f"{key_text}:{nl}" + "".join(f"{indent}-{style.gap}{row}{nl}" for row in rows)
    else:
        entry = f"{key_text}: []{nl}"
    if hit is None:
        return _append_entry(raw, root, entry, nl)
    k, v = hit
    start = line_start(raw, _start(k))
    return apply_edits(raw, [(start, _after_line(raw, _end(v)), _key_indent(root) + entry)])
