"""Reading YAML, JSON and TOML that may come from anyone: one loader, one set of limits, for every reader.

Front matter of posts, JSON Lines records, user dictionaries and ``jpnews-tags.toml`` all come from files the
user did not write line by line (a downloaded archive, a cloned repository). Each is read here, with the same
guarantees, before anything walks its value:

- a size limit (characters), checked first;
- YAML: only standard tags (``!!python/object`` is refused), at most ``max_aliases`` anchors plus aliases (an
  alias bomb of a few hundred bytes expands to gigabytes when walked), at most ``max_nodes`` values once every
  alias is expanded (a dozen aliases nested a dozen deep are few, and expand to 12**12), at most ``max_depth``
  nested collections;
- JSON and TOML: at most ``max_depth`` nested brackets, counted by a linear scan before the (recursive) parser
  runs, so a document nested 1,200 deep is an error, never a ``RecursionError``.

Every refusal and every syntax error is an :class:`UnsafeDataError` (a ``ValueError``) with a one-line message.

Example:
    >>> load_yaml("tags: [AI, AWS]")
    {'tags': ['AI', 'AWS']}
    >>> load_yaml("a: &x [1]\\nb: *x", Limits(max_aliases=1))
    Traceback (most recent call last):
    ...
    jpnews_tags.safe_data.UnsafeDataError: YAML uses 2 anchors/aliases; the limit is 1 (alias bombs are refused)
    >>> load_json("[" * 50 + "]" * 50)
    Traceback (most recent call last):
    ...
    jpnews_tags.safe_data.UnsafeDataError: JSON nests 50 levels deep; the limit is 32
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from typing import Any

import yaml

#: libyaml's safe loader when PyYAML has it (its wheels do): the same results, several times faster.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STD = "tag:yaml.org,2002:"
#: YAML tags a safe document may carry (the core schema, plus the non-specific ``!``).
SAFE_TAGS = frozenset(
    {
        _STD + t
        for t in (
            "str",
            "int",
            "float",
            "bool",
            "null",
            "seq",
            "map",
            "timestamp",
            "binary",
            "set",
            "omap",
            "pairs",
            "merge",
            "value",
        )
    }
    | {"!"}
)


class UnsafeDataError(ValueError):
    """Structured data that is malformed, or refused because it passes a limit."""


@dataclass(frozen=True)
class Limits:
    """What a document may hold before it is refused rather than parsed."""

    #: Characters of the document.
    max_chars: int = 256 * 1024
    #: YAML anchors plus aliases (``&a`` / ``*a``).
    max_aliases: int = 20
    #: Nested collections (YAML) or brackets (JSON, TOML).
    max_depth: int = 32
    #: YAML values (scalars and collections) the document holds with every alias expanded.
    max_nodes: int = 1_000_000


#: A post's front matter, a JSON Lines record's metadata, a configuration file.
DOCUMENT_LIMITS = Limits()
#: A JSON Lines record (``{"id", "text", ...}``): a whole article's text (the size limit of a file), as shallow as
#: a document.
RECORD_LIMITS = Limits(max_chars=64 * 1024 * 1024)
#: A dictionary file: large (the shipped ones are about 100 KB each), but as shallow and alias-free.
DICTIONARY_LIMITS = Limits(max_chars=32 * 1024 * 1024, max_aliases=1_000, max_depth=16, max_nodes=5_000_000)


def _check_size(raw: str, limits: Limits, what: str) -> None:
    if len(raw) > limits.max_chars:
        raise UnsafeDataError(f"{what} is {len(raw):,} characters; the limit is {limits.max_chars:,}")


def check_yaml(raw: str, limits: Limits = DOCUMENT_LIMITS, what: str = "YAML") -> None:
    """Refuse oversized YAML, non-standard tags, too many anchors/aliases or deep nesting (from the event
    stream, which costs no more than parsing and builds nothing)."""
    _check_size(raw, limits, what)
    aliases = depth = 0
    sizes: dict[str, int] = {}  # anchor -> values under it, aliases expanded
    open_nodes: list[list[Any]] = [[None, 0]]  # [anchor, values so far] of each open collection (and the stream)
    try:
        for ev in yaml.parse(raw, Loader=SAFE_LOADER):
            n = 0
            if isinstance(ev, yaml.AliasEvent):
                n = sizes.get(ev.anchor or "", 1)
            elif isinstance(ev, yaml.ScalarEvent):
                n = 1
                if ev.anchor:
                    sizes[ev.anchor] = 1
            elif isinstance(ev, yaml.CollectionStartEvent):
                open_nodes.append([ev.anchor, 1])
            elif isinstance(ev, yaml.CollectionEndEvent) and len(open_nodes) > 1:
                anchor, n = open_nodes.pop()
                if anchor:
                    sizes[anchor] = n
            if n:
                open_nodes[-1][1] += n
                if open_nodes[-1][1] > limits.max_nodes:
                    raise UnsafeDataError(
                        f"{what} expands to more than {limits.max_nodes:,} values (alias bombs are refused)"
                    )
            if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
                aliases += 1
                if aliases > limits.max_aliases:
                    raise UnsafeDataError(
                        f"{what} uses {aliases} anchors/aliases; the limit is {limits.max_aliases} "
                        "(alias bombs are refused)"
                    )
            tag = getattr(ev, "tag", None)
            if tag and tag not in SAFE_TAGS:
                raise UnsafeDataError(f"{what} uses the tag {tag!r}; only standard YAML tags are allowed")
            if isinstance(ev, yaml.CollectionStartEvent):
                depth += 1
                if depth > limits.max_depth:
                    raise UnsafeDataError(f"{what} nests more than {limits.max_depth} levels deep")
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        raise UnsafeDataError(f"invalid {what}: {_first_line(exc)}") from exc


def bracket_depth(raw: str) -> int:
    """The deepest nesting of ``[``/``{`` outside double-quoted strings (JSON, and TOML's inline values).

    >>> bracket_depth('{"a": [1, "[[["], {"b": {}}]}')
    3
    """
    depth = deepest = 0
    in_str = esc = False
    for ch in raw:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif ch in "]}":
            depth -= 1
    return deepest


def _check_depth(raw: str, limits: Limits, what: str) -> None:
    if ("[" * (limits.max_depth + 1)) in raw or raw.count("[") + raw.count("{") > limits.max_depth:
        deepest = bracket_depth(raw)
        if deepest > limits.max_depth:
            raise UnsafeDataError(f"{what} nests {deepest} levels deep; the limit is {limits.max_depth}")


def load_yaml(raw: str, limits: Limits = DOCUMENT_LIMITS, what: str = "YAML", loader: Any = None) -> Any:
    """The value of a YAML document, checked by :func:`check_yaml` first; ``loader`` a SafeLoader subclass."""
    check_yaml(raw, limits, what)
    try:
        return yaml.load(raw, Loader=loader or SAFE_LOADER)
    except (yaml.YAMLError, RecursionError) as exc:
        raise UnsafeDataError(f"invalid {what}: {_first_line(exc)}") from exc


def load_json(raw: str, limits: Limits = DOCUMENT_LIMITS, what: str = "JSON") -> Any:
    """The value of a JSON document; ``NaN``/``Infinity`` are refused (they are not JSON)."""
    _check_size(raw, limits, what)
    _check_depth(raw, limits, what)
    try:
        return json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise UnsafeDataError(f"invalid {what}: {_first_line(exc)}") from exc


def load_toml(raw: str, limits: Limits = DOCUMENT_LIMITS, what: str = "TOML") -> dict[str, Any]:
    """The table a TOML document holds."""
    _check_size(raw, limits, what)
    _check_depth(raw, limits, what)
    try:
        return tomllib.loads(raw)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise UnsafeDataError(f"invalid {what}: {_first_line(exc)}") from exc


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]
