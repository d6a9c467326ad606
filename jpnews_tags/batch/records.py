"""The record a document becomes: one pydantic model, :class:`BatchRecord`, and everything derived from it.

``jpnews-tags batch`` writes one record per document as a JSON Lines line; the Parquet output, the Spark schema,
the columns of the Dask frames and the reader of ``jpnews-tags report`` all follow from the fields of
:class:`BatchRecord`, in its order, so a field added here appears everywhere at once (see docs/batch.md for
what each field holds).

- :data:`RECORD_KEYS`: the fields, in order (the keys of every line, the columns of every table);
  :data:`NESTED_KEYS`: those holding lists or objects (JSON text in the Dask and Spark frames).
- :meth:`BatchRecord.to_jsonl`: the JSON Lines bytes of a record; :func:`record_line` the same for its plain dict.
- :func:`spark_schema`: the ``mapInPandas`` schema string; :func:`parquet_schema` (in ``output``) the Arrow one.
- :meth:`BatchRecord.model_validate` is the reader (``report`` uses it); :func:`without_surrogates` makes the
  text of a record valid UTF-8 for the writers that need it (Parquet, the HTML report).

The writer builds records with :meth:`BatchRecord.of` without validation: its values come from the analyzer's
own pydantic models (already validated), and re-validating some 140 entities per document would cost more than
the JSON itself.

Example:
    >>> from jpnews_tags.models import Versions
    >>> rec = BatchRecord.of(id="a1", path="in.jsonl:1", versions=Versions(library="1", dictionary="d"),
    ...                      content_hash="sha256:00", title="見出し")
    >>> rec.to_jsonl()
    b'{"id": "a1", "path": "in.jsonl:1", "title": "\\xe8\\xa6\\x8b\\xe5\\x87\\xba\\xe3\\x81\\x97", "date": null, \
"existing_tags": [], "entities": [], "tags": [], "error": null, \
"versions": {"library": "1", "dictionary": "d", "model": null}, "content_hash": "sha256:00"}\\n'
    >>> BatchRecord.model_validate_json(rec.to_jsonl()).title
    '見出し'
    >>> NESTED_KEYS
    ('existing_tags', 'entities', 'tags', 'versions')
"""

from __future__ import annotations

import json
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..models import Entity, Tag, Versions

__all__ = [
    "NESTED_KEYS",
    "RECORD_KEYS",
    "BatchRecord",
    "record_line",
    "spark_schema",
    "without_surrogates",
]


class BatchRecord(BaseModel):
    """One document's record: where it came from, what its front matter (or record) said, its analysis or why
    there is none, and what made it.

    Every field has a default so that the reader also accepts the shorter lines of ``analyze --jsonl``
    (``{"id", "entities", "tags"}``); the batch writes them all.
    """

    model_config = ConfigDict(extra="ignore")

    id: str | int | None = Field(
        default=None,
        description="Path relative to the input directory (POSIX), the path as given for a file named directly, "
        "or the record's id for JSON Lines input (FILE:LINE when it has none).",
    )
    path: str | None = Field(default=None, description="The file as given or found, or FILE.jsonl:LINE.")
    title: str | None = Field(default=None, description="Front matter title or the record's title.")
    date: str | None = Field(default=None, description="ISO 8601 date or datetime from the front matter or record.")
    existing_tags: list[str] = Field(default_factory=list, description="Front matter tags then categories.")
    entities: list[Entity] = Field(default_factory=list, description="Offsets index the whole decoded file.")
    tags: list[Tag] = Field(default_factory=list, description="Suggested tags, best first.")
    error: str | None = Field(default=None, description="Why the document has no analysis, naming it.")
    versions: Versions | None = Field(default=None, description="Library and dictionary versions.")
    content_hash: str | None = Field(default=None, description="sha256:<hex> of the raw bytes (or record text).")

    @classmethod
    def of(cls, **values: Any) -> BatchRecord:
        """A record from trusted values, without validation (``entities`` and ``tags`` may be the plain dicts of
        ``model_dump(mode="json")``); missing fields take their defaults."""
        return cls.model_construct(**values)

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of the record: every field, in order, nested models as plain values."""
        return {k: _plain(getattr(self, k)) for k in RECORD_KEYS}

    def to_jsonl(self) -> bytes:
        """The record as one JSON Lines line (see :func:`record_line`)."""
        return record_line(self.as_dict())


#: The fields of a record, in order: the keys of every line, the columns of the Parquet, Dask and Spark tables.
RECORD_KEYS: tuple[str, ...] = tuple(BatchRecord.model_fields)


def _nested(annotation: Any) -> bool:
    """Does a field hold a list or an object (rather than a string, a number or null)?"""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_nested(a) for a in typing.get_args(annotation) if a is not type(None))
    return typing.get_origin(annotation) is list or (isinstance(annotation, type) and issubclass(annotation, BaseModel))


#: The fields holding lists or objects: JSON text in the Dask and Spark frames, nested types in Parquet.
NESTED_KEYS: tuple[str, ...] = tuple(k for k, f in BatchRecord.model_fields.items() if _nested(f.annotation))


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
    return value


def record_line(record: dict[str, Any]) -> bytes:
    """One output line as UTF-8: JSON with Japanese kept readable, ending in a newline.

    Text with lone surrogates (possible from JSON input) cannot be UTF-8, so such a record is written with
    ``\\uXXXX`` escapes instead: still one valid JSON line.

    >>> record_line({"id": "\\ud800x"})
    b'{"id": "\\\\ud800x"}\\n'
    """
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record, ensure_ascii=True) + "\n").encode("ascii")


def spark_schema() -> str:
    """The schema of the Spark (and Dask) frames: every field as a string column, nested ones as JSON text.

    >>> spark_schema()[:40]
    'id string, path string, title string, da'
    """
    return ", ".join(f"{k} string" for k in RECORD_KEYS)


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings (keys too) replaced by U+FFFD, for writers that need
    valid UTF-8 (Parquet, the HTML report). The batch's own JSON Lines keep them, escaped.

    >>> without_surrogates({"id": "a\\ud800b", "tags": ["\\udfff"], "n": 1})
    {'id': 'a\\ufffdb', 'tags': ['\\ufffd'], 'n': 1}
    """
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return _SURROGATE.sub("\ufffd", value)
        return value
    if isinstance(value, list):
        return [without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    return value
