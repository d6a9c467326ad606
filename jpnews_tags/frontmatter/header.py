"""Front matter of Markdown posts (YAML ``---``, TOML ``+++``, JSON ``{``): metadata and where the body starts.

Parsing uses safe loaders only. A broken header is reported, never executed, and the body is still found
when the closing fence is.

Example:
    >>> fm = split_front_matter('---\\ntitle: "AWSの発表"\\ntags: [AI]\\n---\\n本文です。\\n')
    >>> fm.meta["title"], fm.body_start, fm.format
    ('AWSの発表', 35, 'yaml')
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

import yaml

_FENCES = {"---": "yaml", "+++": "toml"}
_MAX_HEADER_CHARS = 1_000_000

#: libyaml's safe loader when PyYAML has it (its wheels do): the same results, several times faster.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class FrontMatter:
    meta: dict[str, Any] = field(default_factory=dict)
    body_start: int = 0
    format: str | None = None
    error: str | None = None

    @property
    def title(self) -> str | None:
        t = self.meta.get("title")
        return t if isinstance(t, str) and t.strip() else None


def _closing(text: str, fence: str, start: int) -> re.Match[str] | None:
    return re.compile(rf"^{re.escape(fence)}[ \t]*(?:\r?\n|\Z)", re.M).search(text, start)


def split_front_matter(text: str) -> FrontMatter:
    """Find the front matter at the top of ``text`` (a leading BOM is allowed)."""
    offset = 1 if text.startswith("\ufeff") else 0
    head = text[offset : offset + 4]
    for fence, fmt in _FENCES.items():
        if head.startswith(fence) and text[offset + 3 : offset + 5].lstrip(" \t")[:1] in ("\n", "\r"):
            first_nl = text.index("\n", offset) + 1
            end = _closing(text, fence, first_nl)
            if end is None:
                return FrontMatter(error=f"front matter opened with {fence!r} is never closed")
            raw = text[first_nl : end.start()]
            fm = FrontMatter(body_start=end.end(), format=fmt)
            if len(raw) > _MAX_HEADER_CHARS:
                fm.error = "front matter is too large"
                return fm
            try:
                data = yaml.load(raw, Loader=_SAFE_LOADER) if fmt == "yaml" else tomllib.loads(raw)
            except (yaml.YAMLError, tomllib.TOMLDecodeError, RecursionError) as exc:
                fm.error = f"invalid {fmt.upper()} front matter: {exc}".splitlines()[0]
                return fm
            if data is None:
                data = {}
            if not isinstance(data, dict):
                fm.error = f"{fmt.upper()} front matter is not a mapping"
                return fm
            fm.meta = data
            return fm
    if text[offset : offset + 1] == "{":
        try:
            obj, end_idx = json.JSONDecoder().raw_decode(text, offset)
        except json.JSONDecodeError:
            return FrontMatter()
        if isinstance(obj, dict):
            return FrontMatter(meta=obj, body_start=end_idx, format="json")
    return FrontMatter()
