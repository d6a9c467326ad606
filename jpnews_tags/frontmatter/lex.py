"""Text positions shared by the front matter editors: lines, quoted strings, and the items of ``[...]`` lists.

The scanner reads a bracketed list (YAML flow sequence, TOML array, JSON array) just well enough to know where
each top-level item starts and ends, where the list closes and whether it has a trailing comma; the editors
then insert text at those positions and leave every other character alone. Whatever it gets wrong, the
editor's final check (re-parsing the header) catches.

Example:
    >>> s = '["a", "b, c"]  # two'
    >>> scan = scan_list(s, 0, "yaml")
    >>> [s[a:b] for a, b in scan.items], scan.close, scan.trailing_comma
    (['"a"', '"b, c"'], 12, False)
    >>> apply_edits(s, append_items(s, scan, ['"d"'], "\\n"))
    '["a", "b, c", "d"]  # two'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..safe_data import Limits, UnsafeDataError

#: A text edit: replace ``text[start:end]`` with the string.
Edit = tuple[int, int, str]


class FrontMatterError(ValueError):
    """A front matter that cannot be read: malformed, refused by a limit, or ambiguous (see
    :mod:`jpnews_tags.frontmatter.header`). ``format`` and ``body_start`` say what is known of it: the format its
    fence announced and where the body starts (0 when that is not known either)."""

    def __init__(self, message: str, *, format: str | None = None, body_start: int = 0) -> None:
        super().__init__(message)
        self.format = format
        self.body_start = body_start


class EditError(FrontMatterError):
    """A front matter that cannot be edited safely; the message says why and the file is left unchanged."""


def read_mapping(
    loader: Callable[[str, Limits, str], Any], raw: str, limits: Limits, fmt: str, *, empty_is_none: bool = False
) -> dict[str, Any]:
    """The mapping a header holds, read by a :mod:`jpnews_tags.safe_data` loader (``load_yaml``, ``load_toml``,
    ``load_json``); :class:`FrontMatterError` when it is refused, malformed or not a mapping. ``empty_is_none``:
    an empty document (YAML's ``null``) is an empty mapping."""
    what = f"{fmt.upper()} front matter"
    try:
        data = loader(raw, limits, what)
    except UnsafeDataError as exc:
        raise FrontMatterError(str(exc), format=fmt) from exc
    if data is None and empty_is_none:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(f"{what} is not a mapping", format=fmt)
    return data


Record = Mapping[str, str | None]


@dataclass(frozen=True)
class ListEdit:
    """Make ``key`` a list of tags: ``append`` keeps the existing items and adds ``items`` after them;
    otherwise the value becomes exactly ``items`` (in the key's existing style)."""

    key: str
    items: tuple[str, ...]
    append: bool = True


@dataclass(frozen=True)
class RecordsEdit:
    """Make ``key`` a list of flat records (``{name, type, id}``), replacing whatever it held."""

    key: str
    records: tuple[Record, ...]


def newline_of(text: str) -> str:
    """The line ending of the first line (``\\r\\n`` or ``\\n``; ``\\r`` when lines end in CR alone)."""
    i = text.find("\n")
    if i < 0 and "\r" in text:
        return "\r"
    return "\r\n" if i > 0 and text[i - 1] == "\r" else "\n"


def line_start(s: str, i: int) -> int:
    return s.rfind("\n", 0, i) + 1


def line_end(s: str, i: int) -> int:
    """Index just after the newline of the line holding ``s[i]`` (or ``len(s)``)."""
    j = s.find("\n", i)
    return len(s) if j < 0 else j + 1


def apply_edits(s: str, edits: Sequence[Edit]) -> str:
    """``s`` with the (non-overlapping) edits applied."""
    out = s
    for start, end, repl in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + repl + out[end:]
    return out


def string_end(s: str, i: int, lang: str) -> int:
    """Index after the quoted string starting at ``s[i]`` (YAML, TOML or JSON rules)."""
    q = s[i]
    n = len(s)
    if lang == "toml" and s.startswith(q * 3, i):
        j = s.find(q * 3, i + 3)
        while q == '"' and j >= 0 and _escaped(s, j):
            j = s.find(q * 3, j + 1)
        if j < 0:
            raise EditError("unterminated multi-line string")
        end = j + 3
        while end < min(n, j + 5) and s[end] == q:  # up to two quotes may end the content
            end += 1
        return end
    j = i + 1
    while j < n:
        c = s[j]
        if c == "\\" and (q == '"' or lang == "json"):
            j += 2
            continue
        if c == q:
            if q == "'" and lang == "yaml" and s.startswith("''", j):
                j += 2
                continue
            return j + 1
        if c == "\n" and lang != "yaml":
            break
        j += 1
    raise EditError("unterminated quoted string")


def _escaped(s: str, j: int) -> bool:
    k = j - 1
    while k >= 0 and s[k] == "\\":
        k -= 1
    return (j - 1 - k) % 2 == 1


@dataclass(frozen=True)
class ListScan:
    open: int
    #: (start, end) of each top-level item, without surrounding blanks and comments.
    items: list[tuple[int, int]]
    #: Index of the closing bracket.
    close: int
    trailing_comma: bool

    def multiline(self, s: str) -> bool:
        return "\n" in s[self.open : self.close]


def _starts_string(s: str, i: int, lang: str, item_open: bool) -> bool:
    if s[i] not in "\"'" or (lang == "json" and s[i] == "'"):
        return False
    if lang != "yaml":
        return True
    # In YAML a quote opens a string only where a scalar starts (not inside a plain scalar like it's); -, ? and : are
    # indicators only with a blank after them (-' and 0:" are plain scalars), or, for :, right after a quoted key
    # ("a":"b", JSON-like).
    j = i - 1
    while j >= 0 and s[j] in " \t\r\n":
        j -= 1
    if j == i - 1 and j >= 0 and s[j] in "?-:":
        return not item_open or (s[j] == ":" and j > 0 and s[j - 1] in "\"'")
    return j < 0 or s[j] in "[{,:?-" or not item_open


def scan_list(s: str, open_idx: int, lang: str) -> ListScan:
    """Scan the ``[...]`` (or ``{...}``) opening at ``s[open_idx]``."""
    closing = "]" if s[open_idx] == "[" else "}"
    items: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    depth = 0
    i = open_idx + 1
    n = len(s)
    while i < n:
        c = s[i]
        if c in " \t\r\n":
            i += 1
            continue
        if c == "#" and lang != "json" and (lang == "toml" or s[i - 1] in " \t\r\n[{,"):
            nl = s.find("\n", i)
            i = n if nl < 0 else nl
            continue
        if _starts_string(s, i, lang, cur is not None):
            j = string_end(s, i, lang)
            cur = (cur[0] if cur else i, j)
            i = j
            continue
        if depth == 0 and c == ",":
            if cur is None:
                raise EditError("empty item in a list")
            items.append(cur)
            cur = None
            i += 1
            continue
        if depth == 0 and c == closing:
            if cur is not None:
                items.append(cur)
            return ListScan(open_idx, items, i, cur is None and bool(items))
        if c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth < 0:
                raise EditError("unbalanced brackets in a list")
        cur = (cur[0] if cur else i, i + 1)
        i += 1
    raise EditError("a list is never closed")


_CLEAN_SEP = re.compile(r",[ \t]*")
_REST_OF_LINE = re.compile(r"([ \t]*)(,?)([ \t]*(?:#[^\n]*)?)\r?")


def _sep(s: str, scan: ListScan) -> str:
    if len(scan.items) >= 2:
        between = s[scan.items[-2][1] : scan.items[-1][0]]
        if _CLEAN_SEP.fullmatch(between):
            return between
    return ", "


def append_items(s: str, scan: ListScan, rendered: Sequence[str], nl: str) -> list[Edit]:
    """Edits that add ``rendered`` items after the last item of a non-empty list, in its layout."""
    last_s, last_e = scan.items[-1]
    indent = s[line_start(s, last_s) : last_s]
    one_per_line = scan.multiline(s) and not indent.strip(" \t") and "\n" in s[scan.open : scan.items[0][0]]
    if not one_per_line:
        sep = _sep(s, scan)
        return [(last_e, last_e, "".join(sep + r for r in rendered))]
    eol = s.find("\n", last_e)
    rest = _REST_OF_LINE.fullmatch(s[last_e : len(s) if eol < 0 else eol])
    if rest is None or eol < 0 or scan.close < eol:
        # the closing bracket (or another item) shares the last item's line: add the items before it
        return [(last_e, last_e, "".join(f",{nl}{indent}{r}" for r in rendered))]
    has_comma = bool(rest.group(2))
    edits: list[Edit] = [] if has_comma else [(last_e, last_e, ",")]
    lines = [f"{indent}{r}{',' if (k < len(rendered) - 1 or has_comma) else ''}{nl}" for k, r in enumerate(rendered)]
    edits.append((eol + 1, eol + 1, "".join(lines)))
    return edits


def set_items(s: str, scan: ListScan, rendered: Sequence[str]) -> list[Edit]:
    """Edits that make the list hold exactly ``rendered``, keeping its brackets and outer layout."""
    if not scan.items:
        return [(scan.open + 1, scan.close, ", ".join(rendered))]
    if not rendered:
        return [(scan.open + 1, scan.close, "")]
    sep = s[scan.items[0][1] : scan.items[1][0]] if len(scan.items) >= 2 else ", "
    if sep.strip(" \t\r\n") != ",":
        sep = ", "
    return [(scan.items[0][0], scan.items[-1][1], sep.join(rendered))]


def string_update(value: str, items: Sequence[str], append: bool) -> tuple[str, str | None] | None:
    """A tag string with ``items`` added (``append``) or holding exactly ``items``.

    Returns (new value, text appended to the old value or None when the whole value is new), or None when an
    item contains the string's separator (a space or a comma) and the value must become a list.

    >>> string_update("ai cloud", ["AWS"], True), string_update("ai, cloud", ["A I"], True)
    (('ai cloud AWS', ' AWS'), ('ai, cloud, A I', ', A I'))
    >>> string_update("ai cloud", ["Amazon Web Services"], True) is None
    True
    """
    parts, sep = split_tag_string(value)
    comma = "," in sep
    for t in items:
        if (comma and "," in t) or (not comma and any(c.isspace() for c in t)):
            return None
    if not append or not parts:
        return sep.join(items), None
    stripped = value.rstrip()
    if comma and stripped.endswith(","):
        glue = "" if value != stripped else " "
    elif value != stripped:
        glue = ""
    else:
        glue = sep if comma else " "
    inserted = glue + sep.join(items)
    return value + inserted, inserted


def split_tag_string(value: str) -> tuple[list[str], str]:
    """Tags of a string value and the separator it uses: ``"ai cloud"`` (Jekyll) or ``"ai, cloud"``.

    >>> split_tag_string("ai  cloud"), split_tag_string("AI,クラウド, 生成AI")
    ((['ai', 'cloud'], ' '), (['AI', 'クラウド', '生成AI'], ','))
    """
    if "," in value:
        i = value.index(",")
        j = i + 1
        while j < len(value) and value[j] in " \t":
            j += 1
        return [p.strip() for p in value.split(",") if p.strip()], value[i:j]
    return value.split(), " "


def majority_quote(raws: Sequence[str]) -> str:
    """The quote character most items start with (``"``, ``'``, or ``""`` for none); ties go to ``"``."""
    counts = {'"': 0, "'": 0, "": 0}
    for r in raws:
        counts[r[:1] if r[:1] in "\"'" else ""] += 1
    return max(counts, key=lambda q: (counts[q], q == '"', q == "'"))


def edit_tag_string(
    raw: str,
    vs: int,
    ve: int,
    value: Any,
    change: ListEdit,
    quote: str,
    triple: bool,
    render: Callable[[str, str], str],
) -> tuple[str, Any, list[str]]:
    """Edit the quoted string value ``raw[vs:ve]`` (TOML or JSON) holding tags: it stays a string joined the
    same way (spaces or commas), or becomes a list when a new tag contains the separator.

    ``render(tag, quote)`` writes a string in the format's syntax; ``triple`` is a TOML multi-line string
    (rewritten whole rather than appended to). Returns (new header, the value the key now holds, notes).
    """
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
