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
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..analyzer import PIPE_BATCH, Analyzer
from ..documents.decoding import MAX_FILE_BYTES, InputError, detect_text, read_bytes_limited
from ..documents.document import Document, parse_document
from ..documents.fields import existing_tags, iso_date, tag_values
from ..documents.files import TEXT_FILES, walk_files
from ..models import Analysis, Versions
from ..safe_data import RECORD_LIMITS, UnsafeDataError, load_json
from ..tagging.tagger import TagCandidate
from .budget import DocumentTimeout, TimeBudget
from .records import RECORD_KEYS, BatchRecord, record_line

#: File names a directory walk picks up unless ``include`` says otherwise.
DEFAULT_INCLUDE = TEXT_FILES
#: Files read as JSON Lines records (one document per line) rather than as one document.
RECORD_SUFFIXES = (".jsonl", ".ndjson")
#: Characters of text a document may have (``--max-doc-chars``): a worker's memory grows with the document
#: (about 200 bytes per character at the peak), so a longer one becomes an error record (see docs/batch.md).
DEFAULT_MAX_DOC_CHARS = 1_000_000

__all__ = [
    "DEFAULT_INCLUDE",
    "DEFAULT_MAX_DOC_CHARS",
    "RECORD_KEYS",
    "FileSource",
    "Outcome",
    "RecordSource",
    "Source",
    "existing_tags",  # read here; their one home is jpnews_tags.documents.fields
    "iso_date",
    "iter_sources",
    "process_mapping",
    "process_source",
    "process_sources",
    "record_line",
]


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
    """The result of one source: its output record, why it failed (``error_kind``), the bytes it read, and (when
    asked for, for an analyzed document) its tag candidates before the archive's demotion (see
    :meth:`Analyzer.pipe_results`)."""

    record: dict[str, Any]  # a BatchRecord as a JSON object: what the output line holds
    error_kind: str | None
    size: int
    candidates: list[TagCandidate] | None = None

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
    """The non-blank lines of a JSON Lines file; a line over the size limit is cut just past the limit (the
    record then says it is too large), so no line is ever read whole into memory, however long."""
    with open(path, "rb") as fh:
        lineno = 0
        while raw := fh.readline(MAX_FILE_BYTES + 1):
            lineno += 1
            if len(raw) > MAX_FILE_BYTES and not raw.endswith(b"\n"):
                while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
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


def _record(**values: Any) -> dict[str, Any]:
    """A record as the JSON object of its line (see :class:`BatchRecord`; the values come from the analyzer's
    own models, so they are not validated again)."""
    return BatchRecord.of(**values).as_dict()


@dataclass(frozen=True, slots=True)
class _Staged:
    """A source read and checked, waiting for its analysis; ``done`` builds its outcome from the analysis."""

    body: str
    title: str | None
    offset: int  # where ``body`` starts in the file's text
    where: str  # how an error names the document
    done: Callable[[list[dict[str, Any]], list[dict[str, Any]], DocumentError | None], Outcome]
    date: str | None = None  # the document's date (ISO 8601): a bare day of the month is resolved against it


def _analysis_dicts(
    result: Analysis | BaseException, offset: int, where: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if isinstance(result, DocumentTimeout):
        raise DocumentError(f"{where}: {result}", "timeout")
    if isinstance(result, ValueError):  # e.g. over the analyzer's length limit
        raise DocumentError(str(result), "too_large") from result
    if isinstance(result, BaseException):  # a bug must not stop a ten-million-document run: record it and go on
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


def _check_length(text: str, where: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise DocumentError(
            f"{where}: {len(text):,} characters of text; the limit is {max_chars:,} (--max-doc-chars)", "too_large"
        )


def _stage_file(versions: Versions, src: FileSource, max_chars: int) -> Outcome | _Staged:
    try:
        data = read_bytes_limited(Path(src.path))
    except InputError as exc:
        rec = _record(id=src.id, path=src.path, versions=versions, content_hash=None, error=str(exc))
        return Outcome(rec, exc.kind, 0)
    digest = content_hash(data)
    doc: Document | None = None

    def outcome(entities: list[dict[str, Any]], tags: list[dict[str, Any]], error: DocumentError | None) -> Outcome:
        read = doc if doc is not None and doc.error is None else None  # a refused header tells nothing
        rec = _record(
            id=src.id,
            path=src.path,
            title=read.title if read else None,
            date=read.date if read else None,
            existing_tags=read.existing_tags if read else [],
            entities=entities,
            tags=tags,
            error=None if error is None else str(error),
            versions=versions,
            content_hash=digest,
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
        _check_length(doc.body, src.path, max_chars)
    except DocumentError as exc:
        return outcome([], [], exc)
    return _Staged(doc.body, doc.title, doc.body_start, src.path, outcome, doc.date)


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


def _load_line(data: bytes, path: str) -> Any:
    """The JSON value of a records line, read by the safe loader (so a record nested 1,000 deep is an error,
    not a ``RecursionError``); ``DocumentError`` if it cannot be read."""
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError(f"{path}: the line is over the {MAX_FILE_BYTES:,}-byte limit", "too_large")
    try:
        return load_json(data.decode("utf-8"), RECORD_LIMITS)
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path}: not valid UTF-8 (byte {exc.start})", "undecodable") from exc
    except UnsafeDataError as exc:
        raise DocumentError(f"{path}: {exc}", "invalid_record") from exc


def _title_only(text: object, title: object) -> bool:
    """A record with a title and no text (an empty one, or none): its title is what is analyzed."""
    no_text = text is None or (isinstance(text, str) and not text.strip())
    return no_text and isinstance(title, str) and bool(title.strip())


def parse_record_line(data: bytes, path: str) -> tuple[dict[str, Any], str]:
    """The JSON object of a records line and its content hash (of ``text``, or of ``title`` for a title-only
    record); ``DocumentError`` if malformed."""
    obj = _load_line(data, path)
    if not isinstance(obj, dict):
        raise DocumentError(f"{path}: each line must be a JSON object", "invalid_record")
    text, title = obj.get("text"), obj.get("title")
    if _title_only(text, title):
        return obj, content_hash(str(title).encode("utf-8", "surrogatepass"))
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


def _stage_record(versions: Versions, src: RecordSource, max_chars: int) -> Outcome | _Staged:
    try:
        obj, digest = parse_record_line(src.data, src.path)
    except DocumentError as exc:
        rec = _record(
            id=_record_id_of_bad_line(src),
            path=src.path,
            error=str(exc),
            versions=versions,
            content_hash=content_hash(src.data),
        )
        return Outcome(rec, exc.kind, len(src.data))
    return _stage_mapping(versions, obj, src.path, digest, len(src.data), max_chars)


def _record_id_of_bad_line(src: RecordSource) -> Any:
    try:
        obj = _load_line(src.data, src.path)
    except DocumentError:
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
    versions: Versions,
    obj: dict[str, Any],
    path: str | None,
    digest: str | None,
    size: int | None,
    max_chars: int,
) -> Outcome | _Staged:
    text = obj.get("text")
    rid = obj.get("id")
    if rid is None:
        rid = path
    title = obj.get("title")
    where = path if path is not None else f"record {rid!r}"
    body = title if _title_only(text, title) else text
    if digest is None and isinstance(body, str):
        digest = content_hash(body.encode("utf-8", "surrogatepass"))
    if size is None:
        size = len(body.encode("utf-8", "surrogatepass")) if isinstance(body, str) else 0

    def outcome(entities: list[dict[str, Any]], tags: list[dict[str, Any]], error: DocumentError | None) -> Outcome:
        rec = _record(
            id=rid if valid_id(rid) else path,
            path=path,
            title=title if isinstance(title, str) else None,
            date=iso_date(obj.get("date")),
            existing_tags=tag_values(obj.get("tags")) or [],
            entities=entities,
            tags=tags,
            error=None if error is None else str(error),
            versions=versions,
            content_hash=digest,
        )
        return Outcome(rec, None if error is None else error.kind, size)

    try:
        if not valid_id(rid):
            raise DocumentError(f"{where}: 'id' must be a string or an integer", "invalid_record")
        if not isinstance(text, str) and not _title_only(text, title):
            raise DocumentError(f"{where}: 'text' must be a string", "invalid_record")
        if title is not None and not isinstance(title, str):
            raise DocumentError(f"{where}: 'title' must be a string or null", "invalid_record")
        if not isinstance(body, str) or not body.strip():
            raise DocumentError(f"{where}: empty text", "empty")
        _check_length(body, where, max_chars)
    except DocumentError as exc:
        return outcome([], [], exc)
    return _Staged(body, title, 0, where, outcome, iso_date(obj.get("date")))


def _finish(
    analyzer: Analyzer, staged: Sequence[Outcome | _Staged], budget: TimeBudget | None, candidates: bool = False
) -> list[Outcome]:
    """Analyze the staged sources together (see :meth:`Analyzer.pipe`) and build every outcome, in order; each
    document's turn runs under ``budget``; ``candidates``: keep each analyzed document's tag candidates.

    A document that runs out of time may have stopped the stream of analyses anywhere (the timer raises wherever
    the analysis is): the stream then starts again with the next document.
    """
    waiting = [s for s in staged if isinstance(s, _Staged)]
    results: Iterator[Analysis | Exception] | None = None
    taken: list[list[TagCandidate]] = []  # the candidates of the analysis just taken from the stream
    done = 0  # documents of ``waiting`` whose analysis has been taken from the stream
    out: list[Outcome] = []
    for s in staged:
        if isinstance(s, Outcome):
            out.append(s)
            continue
        if results is None:
            texts = ({"text": w.body, "title": w.title, "date": w.date} for w in waiting[done:])
            results = analyzer.pipe_results(
                texts, batch_size=PIPE_BATCH, candidates=taken.append if candidates else None
            )
        result: Analysis | BaseException
        taken.clear()
        try:
            if budget is None:
                result = next(results)
            else:
                with budget:
                    result = next(results)
        except DocumentTimeout as exc:
            result, results = exc, None
        done += 1
        try:
            entities, tags = _analysis_dicts(result, s.offset, s.where)
        except DocumentError as exc:
            out.append(s.done([], [], exc))
        else:
            outcome = s.done(entities, tags, None)
            if len(taken) == 1:
                outcome = replace(outcome, candidates=taken[0])
            out.append(outcome)
    return out


def _stage(versions: Versions, src: Source, max_chars: int) -> Outcome | _Staged:
    if isinstance(src, FileSource):
        return _stage_file(versions, src, max_chars)
    return _stage_record(versions, src, max_chars)


def process_mapping(
    analyzer: Analyzer,
    obj: dict[str, Any],
    path: str | None,
    digest: str | None = None,
    size: int | None = None,
    *,
    max_chars: int = DEFAULT_MAX_DOC_CHARS,
) -> Outcome:
    """The record of one ``{"id", "text", "title"?, "date"?, "tags"?}`` mapping (``id`` defaults to ``path``)."""
    return _finish(analyzer, [_stage_mapping(analyzer.versions, obj, path, digest, size, max_chars)], None)[0]


def process_source(analyzer: Analyzer, src: Source, *, max_chars: int = DEFAULT_MAX_DOC_CHARS) -> Outcome:
    """Read, decode and analyze one source; problems become the record's ``error`` (never an exception)."""
    return _finish(analyzer, [_stage(analyzer.versions, src, max_chars)], None)[0]


def process_sources(
    analyzer: Analyzer,
    sources: Iterable[Source | Mapping[str, Any]],
    *,
    max_chars: int = DEFAULT_MAX_DOC_CHARS,
    budget: TimeBudget | None = None,
    candidates: bool = False,
) -> list[Outcome]:
    """:func:`process_source` (or :func:`process_mapping` for a mapping, with its ``path`` key) for many,
    analyzed together: a stream of texts is faster than one text at a time (see :meth:`Analyzer.pipe`).

    ``max_chars``: a longer text is an error record. ``budget``: the time each document may take (see
    :mod:`jpnews_tags.batch.budget`; the caller replaces the analyzer after a ``timeout`` record).
    ``candidates``: each analyzed document's outcome also holds its tag candidates (``Outcome.candidates``).
    """
    versions = analyzer.versions
    staged: list[Outcome | _Staged] = []
    for src in sources:
        if isinstance(src, FileSource | RecordSource):
            try:
                if budget is None:
                    staged.append(_stage(versions, src, max_chars))
                else:
                    with budget:  # reading and decoding count too (front matter is parsed then)
                        staged.append(_stage(versions, src, max_chars))
            except DocumentTimeout as exc:
                staged.append(failed_outcome(src, versions, str(exc), "timeout"))
            except Exception as exc:  # a reader's bug must not stop a ten-million-document run either
                message = f"internal error while reading: {type(exc).__name__}: {exc}"
                staged.append(failed_outcome(src, versions, message, "internal"))
        elif isinstance(src, Mapping):
            path = src.get("path")
            obj = dict(src)
            staged.append(_stage_mapping(versions, obj, path if isinstance(path, str) else None, None, None, max_chars))
        else:
            raise TypeError(f"expected a batch source or a mapping, not {type(src).__name__}")
    return _finish(analyzer, staged, budget, candidates)


def failed_outcome(src: Source, versions: Versions, message: str, kind: str) -> Outcome:
    """The error record of a source that could not be processed at all (e.g. its worker process died)."""
    rid: Any = src.id if isinstance(src, FileSource) else _record_id_of_bad_line(src)
    rec = _record(
        id=rid, path=src.path, error=f"{src.path}: {message}", versions=versions, content_hash=source_hash(src)
    )
    return Outcome(rec, kind, 0)


def outcome_key(outcome: Outcome) -> bytes:
    rec = outcome.record
    return resume_key(rec["path"], rec["content_hash"], rec["versions"])
