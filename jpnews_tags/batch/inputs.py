"""Inputs of ``jpnews-tags batch``: finding documents as a stream, and turning one into an output record.

A *source* is one document to analyze: a file (:class:`FileSource`, sent to workers as a path) or one line of a
JSON Lines file of ``{"id", "text", "title"?}`` records (:class:`RecordSource`). :func:`iter_sources` walks
files, directories and JSON Lines files lazily, one directory listing at a time, so memory does not grow with
the archive. :func:`process_source` reads, decodes and analyzes one source and returns its output record
(:func:`process_sources` does many, analyzed together); every problem with the document becomes the record's
``error``, never an exception. The local batch, the Dask
integration and the Spark recipe all go through it, which is what keeps their results identical.

Example:
    >>> import pathlib, tempfile
    >>> from jpnews_tags import Analyzer
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.md").write_text("---\\ntitle: 発表\\ndate: 2025-11-25\\ntags: [AI]\\n---\\nAWSが発表。\\n")
    >>> [s.id for s in iter_sources([str(d)])]
    ['a.md']
    >>> rec = process_source(Analyzer(), next(iter_sources([str(d)]))).record
    >>> rec["title"], rec["date"], rec["existing_tags"], [e["text"] for e in rec["entities"]], rec["error"]
    ('発表', '2025-11-25', ['AI'], ['AWS'], None)
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..analyzer import PIPE_BATCH, Analyzer
from ..documents.decoding import MAX_FILE_BYTES, InputError, detect_text, read_bytes_limited
from ..documents.document import Document, parse_document
from ..documents.fields import existing_tags, iso_date, tag_values
from ..documents.files import TEXT_FILES, walk_files
from ..models import Analysis, Versions

__all__ = ["existing_tags", "iso_date"]  # read here; their one home is jpnews_tags.documents.fields

#: File names a directory walk picks up unless ``include`` says otherwise (text that can be analyzed).
DEFAULT_INCLUDE = TEXT_FILES
#: Files read as JSON Lines records (one document per line) rather than as one document.
RECORD_SUFFIXES = (".jsonl", ".ndjson")
#: A directory with more entries than this is walked in the file system's order instead of sorted by name.

#: Keys of an output record, in order (see docs/batch.md).
RECORD_KEYS = (
    "id",
    "path",
    "title",
    "date",
    "existing_tags",
    "entities",
    "tags",
    "error",
    "versions",
    "content_hash",
)


@dataclass(frozen=True, slots=True)
class FileSource:
    """One file: ``path`` as given or found, ``id`` relative to the input root (POSIX)."""

    path: str
    id: str


@dataclass(frozen=True, slots=True)
class RecordSource:
    """One line of a JSON Lines file: ``path`` is ``FILE:LINE``, ``data`` the raw line."""

    path: str
    data: bytes


Source = FileSource | RecordSource


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one source: its output record, why it failed (``error_kind``) and its resume key."""

    record: dict[str, Any]
    error_kind: str | None
    size: int

    @property
    def n_entities(self) -> int:
        return len(self.record["entities"])

    @property
    def n_tags(self) -> int:
        return len(self.record["tags"])


class DocumentError(Exception):
    """What is wrong with one document (it becomes the record's ``error``)."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


# ---------------------------------------------------------------------------------------------------- discovery


def _record_lines(path: str) -> Iterator[RecordSource]:
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if raw.strip():
                yield RecordSource(f"{path}:{lineno}", raw)


def is_record_file(path: str) -> bool:
    return path.lower().endswith(RECORD_SUFFIXES)


def iter_sources(
    inputs: Iterable[str],
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    skip: Iterable[str] = (),
) -> Iterator[Source]:
    """Every document under ``inputs``, lazily and in a stable order.

    A directory is walked recursively (hidden entries skipped, symlinked files followed, symlinked directories
    not) for names matching ``include`` and not ``exclude``; a file ending in ``.jsonl``/``.ndjson`` gives one
    source per non-blank line; any other file is one document. ``skip`` names files never to read (the output).
    """
    skipped = {os.path.realpath(s) for s in skip}
    for name in inputs:
        if os.path.isdir(name):
            for path, rel in walk_files(name, include, exclude):
                if skipped and os.path.realpath(path) in skipped:
                    continue
                if is_record_file(path):
                    yield from _record_lines(path)
                else:
                    yield FileSource(path, rel)
        elif is_record_file(name):
            yield from _record_lines(name)
        else:
            yield FileSource(name, Path(name).as_posix())


# ---------------------------------------------------------------------------------------------------- records


def content_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def resume_key(path: str | None, digest: str | None, versions: Versions | dict[str, Any]) -> bytes:
    """What the resume manifest stores: where the document was found, its content hash, the versions."""
    if isinstance(versions, Versions):
        lib, dic = versions.library, versions.dictionary
    else:
        lib, dic = str(versions.get("library")), str(versions.get("dictionary"))
    return hashlib.sha256(f"{path}\0{digest}\0{lib}\0{dic}".encode("utf-8", "surrogatepass")).digest()[:16]


def _record(
    rid: Any,
    path: str | None,
    *,
    versions: Versions,
    digest: str | None,
    title: str | None = None,
    date: str | None = None,
    tags: list[str] | None = None,
    entities: list[dict[str, Any]] | None = None,
    tag_list: list[dict[str, Any]] | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    return {
        "id": rid,
        "path": path,
        "title": title,
        "date": date,
        "existing_tags": tags or [],
        "entities": entities or [],
        "tags": tag_list or [],
        "error": error,
        "versions": versions.model_dump(mode="json"),
        "content_hash": digest,
    }


@dataclass(frozen=True, slots=True)
class _Staged:
    """A source read and checked, waiting for its analysis; ``done`` builds its outcome from the analysis."""

    body: str
    title: str | None
    offset: int  # where ``body`` starts in the file's text
    done: Callable[[list[dict[str, Any]], list[dict[str, Any]], DocumentError | None], Outcome]


def _analysis_dicts(result: Analysis | Exception, offset: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if isinstance(result, ValueError):  # e.g. over the analyzer's length limit
        raise DocumentError(str(result), "too_large") from result
    if isinstance(result, Exception):  # a bug must not stop a ten-million-document run: record it and go on
        msg = f"internal error while analyzing: {type(result).__name__}: {result}"
        raise DocumentError(msg, "internal") from result
    try:
        # One serialization call for the whole result, then offsets moved in the plain dicts (cheaper than
        # copying every Entity model with shifted offsets first).
        dumped = result.model_dump(mode="json", include={"entities", "tags"})
        entities: list[dict[str, Any]] = dumped["entities"]
        if offset:
            for e in entities:
                e["start"] += offset
                e["end"] += offset
    except Exception as exc:
        raise DocumentError(f"internal error while analyzing: {type(exc).__name__}: {exc}", "internal") from exc
    return entities, dumped["tags"]


def _stage_file(versions: Versions, src: FileSource) -> Outcome | _Staged:
    try:
        data = read_bytes_limited(Path(src.path))
    except InputError as exc:
        return Outcome(_record(src.id, src.path, versions=versions, digest=None, error=str(exc)), exc.kind, 0)
    digest = content_hash(data)
    doc: Document | None = None

    def outcome(entities: list[dict[str, Any]], tags: list[dict[str, Any]], error: DocumentError | None) -> Outcome:
        read = doc if doc is not None and doc.error is None else None  # a refused header tells nothing
        rec = _record(
            src.id,
            src.path,
            versions=versions,
            digest=digest,
            title=read.title if read else None,
            date=read.date if read else None,
            tags=read.existing_tags if read else [],
            entities=entities,
            tag_list=tags,
            error=None if error is None else str(error),
        )
        return Outcome(rec, None if error is None else error.kind, len(data))

    try:
        if not data.strip() or data.strip() in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
            raise DocumentError(f"{src.path}: empty file", "empty")
        try:
            text = detect_text(data, src.path).text
        except InputError as exc:
            raise DocumentError(str(exc), exc.kind) from exc
        doc = parse_document(text)
        if doc.error:
            raise DocumentError(f"{src.path}: broken front matter: {doc.error}", "front_matter")
        why = empty_reason(text, doc.body)
        if why:
            raise DocumentError(f"{src.path}: {why}", "empty")
    except DocumentError as exc:
        return outcome([], [], exc)
    return _Staged(doc.body, doc.title, doc.body_start, outcome)


def empty_reason(text: str, body: str) -> str | None:
    """Why a file is an empty document, or ``None``: the one rule of ``batch`` and ``analyze``, for which an
    empty document is an error. ``text`` is the decoded file, ``body`` what follows its front matter.

    >>> empty_reason(" \\n", " \\n"), empty_reason("---\\ntitle: x\\n---\\n", ""), empty_reason("AWS", "AWS")
    ('empty file', 'no text after the front matter', None)
    """
    if not text.lstrip("\ufeff").strip():
        return "empty file"
    if not body.strip():
        return "no text after the front matter"
    return None


def parse_record_line(data: bytes, path: str) -> tuple[dict[str, Any], str]:
    """The JSON object of a records line and its content hash (of ``text``); ``DocumentError`` if malformed."""
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError(f"{path}: {len(data):,}-byte line is over the {MAX_FILE_BYTES:,}-byte limit", "too_large")
    try:
        obj = json.loads(data)
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path}: not valid UTF-8 (byte {exc.start})", "undecodable") from exc
    except json.JSONDecodeError as exc:
        raise DocumentError(f"{path}: invalid JSON: {exc}", "invalid_record") from exc
    if not isinstance(obj, dict):
        raise DocumentError(f"{path}: each line must be a JSON object", "invalid_record")
    text = obj.get("text")
    if not isinstance(text, str):
        raise DocumentError(f"{path}: 'text' must be a string", "invalid_record")
    return obj, content_hash(text.encode("utf-8", "surrogatepass"))


def source_hash(src: Source) -> str | None:
    """The content hash of a source as its record will have it (``None`` for an unreadable file)."""
    if isinstance(src, FileSource):
        try:
            return content_hash(read_bytes_limited(Path(src.path)))
        except InputError:
            return None
    try:
        return parse_record_line(src.data, src.path)[1]
    except DocumentError:
        return content_hash(src.data)


def _stage_record(versions: Versions, src: RecordSource) -> Outcome | _Staged:
    try:
        obj, digest = parse_record_line(src.data, src.path)
    except DocumentError as exc:
        rid = _record_id_of_bad_line(src)
        return Outcome(
            _record(rid, src.path, versions=versions, digest=content_hash(src.data), error=str(exc)),
            exc.kind,
            len(src.data),
        )
    return _stage_mapping(versions, obj, src.path, digest, len(src.data))


def _record_id_of_bad_line(src: RecordSource) -> Any:
    try:
        obj = json.loads(src.data)
    except ValueError:
        return src.path
    rid = obj.get("id") if isinstance(obj, dict) else None
    return rid if valid_id(rid) else src.path


def valid_id(rid: object) -> bool:
    """The id rule of a record, for ``batch`` and ``analyze --input-format jsonl``: a string or an integer.

    >>> [valid_id(x) for x in ("a1", 7, True, 1.5, None, float("inf"))]
    [True, True, False, False, False, False]
    """
    return isinstance(rid, str | int) and not isinstance(rid, bool)


def _stage_mapping(
    versions: Versions, obj: dict[str, Any], path: str | None, digest: str | None, size: int | None
) -> Outcome | _Staged:
    text = obj.get("text")
    rid = obj.get("id")
    if rid is None:
        rid = path
    title = obj.get("title")
    where = path if path is not None else f"record {rid!r}"
    if digest is None and isinstance(text, str):
        digest = content_hash(text.encode("utf-8", "surrogatepass"))
    if size is None:
        size = len(text.encode("utf-8", "surrogatepass")) if isinstance(text, str) else 0

    def outcome(entities: list[dict[str, Any]], tag_list: list[dict[str, Any]], error: DocumentError | None) -> Outcome:
        rec = _record(
            rid if valid_id(rid) else path,
            path,
            versions=versions,
            digest=digest,
            title=title if isinstance(title, str) else None,
            date=iso_date(obj.get("date")),
            tags=tag_values(obj.get("tags")) or [],
            entities=entities,
            tag_list=tag_list,
            error=None if error is None else str(error),
        )
        return Outcome(rec, None if error is None else error.kind, size)

    try:
        if not valid_id(rid):
            raise DocumentError(f"{where}: 'id' must be a string or an integer", "invalid_record")
        if not isinstance(text, str):
            raise DocumentError(f"{where}: 'text' must be a string", "invalid_record")
        if title is not None and not isinstance(title, str):
            raise DocumentError(f"{where}: 'title' must be a string or null", "invalid_record")
        if not text.strip():
            raise DocumentError(f"{where}: empty text", "empty")
    except DocumentError as exc:
        return outcome([], [], exc)
    return _Staged(text, title, 0, outcome)


def _finish(analyzer: Analyzer, staged: Sequence[Outcome | _Staged]) -> list[Outcome]:
    """Analyze the staged sources together (see :meth:`Analyzer.pipe`) and build every outcome, in order."""
    waiting = [s for s in staged if isinstance(s, _Staged)]
    results = analyzer.pipe_results(({"text": s.body, "title": s.title} for s in waiting), batch_size=PIPE_BATCH)
    out: list[Outcome] = []
    for s in staged:
        if isinstance(s, Outcome):
            out.append(s)
            continue
        try:
            entities, tags = _analysis_dicts(next(results), s.offset)
        except DocumentError as exc:
            out.append(s.done([], [], exc))
        else:
            out.append(s.done(entities, tags, None))
    return out


def _stage(versions: Versions, src: Source) -> Outcome | _Staged:
    if isinstance(src, FileSource):
        return _stage_file(versions, src)
    return _stage_record(versions, src)


def process_mapping(
    analyzer: Analyzer, obj: dict[str, Any], path: str | None, digest: str | None = None, size: int | None = None
) -> Outcome:
    """The record of one ``{"id", "text", "title"?, "date"?, "tags"?}`` mapping (``id`` defaults to ``path``)."""
    return _finish(analyzer, [_stage_mapping(analyzer.versions, obj, path, digest, size)])[0]


def process_source(analyzer: Analyzer, src: Source) -> Outcome:
    """Read, decode and analyze one source; problems become the record's ``error`` (never an exception)."""
    return _finish(analyzer, [_stage(analyzer.versions, src)])[0]


def process_sources(analyzer: Analyzer, sources: Iterable[Source | Mapping[str, Any]]) -> list[Outcome]:
    """:func:`process_source` (or :func:`process_mapping` for a mapping, with its ``path`` key) for many,
    analyzed together: a stream of texts is faster than one text at a time (see :meth:`Analyzer.pipe`)."""
    versions = analyzer.versions
    staged: list[Outcome | _Staged] = []
    for src in sources:
        if isinstance(src, FileSource | RecordSource):
            staged.append(_stage(versions, src))
        elif isinstance(src, Mapping):
            path = src.get("path")
            staged.append(_stage_mapping(versions, dict(src), path if isinstance(path, str) else None, None, None))
        else:
            raise TypeError(f"expected a batch source or a mapping, not {type(src).__name__}")
    return _finish(analyzer, staged)


def failed_outcome(src: Source, versions: Versions, message: str, kind: str) -> Outcome:
    """The error record of a source that could not be processed at all (e.g. its worker process died)."""
    if isinstance(src, FileSource):
        rid: Any = src.id
    else:
        rid = _record_id_of_bad_line(src)
    rec = _record(rid, src.path, versions=versions, digest=source_hash(src), error=f"{src.path}: {message}")
    return Outcome(rec, kind, 0)


def outcome_key(outcome: Outcome) -> bytes:
    rec = outcome.record
    return resume_key(rec["path"], rec["content_hash"], rec["versions"])


def record_line(record: dict[str, Any]) -> bytes:
    """One output line as UTF-8: JSON with Japanese kept readable, ending in a newline.

    Text with lone surrogates (possible from JSON input) cannot be UTF-8, so such a record is written with
    ``\\uXXXX`` escapes instead: still one valid JSON line.
    """
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record, ensure_ascii=True) + "\n").encode("ascii")
