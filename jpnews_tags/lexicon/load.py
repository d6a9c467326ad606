"""Reading the data files: entity dictionaries (YAML or TSV) with file-and-line errors, topics and cue files.

Every file goes through :mod:`jpnews_tags.safe_data` with :data:`~jpnews_tags.safe_data.DICTIONARY_LIMITS`: a
user dictionary with an alias bomb, 3,000 levels of nesting or a ``!!python`` tag is a :class:`DictionaryError`
naming the file, never a MemoryError or RecursionError. A dictionary folder is walked without following links to
other folders; the file-system root and the home folder are refused (a configuration that names ``/`` would read
every file of the machine), and so is a walk past :data:`MAX_WALK` entries.

Example:
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> body = "defaults: {label: ORG, kind: company}\\nentries:\\n  - {id: acme, name: Acme}\\n"
    >>> _ = (d / "x.yaml").write_text(body)
    >>> [e.id for e in load_entries([d])]
    ['acme']
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..safe_data import DICTIONARY_LIMITS, UnsafeDataError, load_yaml
from .schema import Entry, Topic, TopicFile

#: Entity files inside a dictionary directory.
ENTITY_SUBDIR = "entities"
DICTIONARY_SUFFIXES = (".yaml", ".yml", ".tsv")
#: Files and folders one dictionary folder may hold (the walk stops with an error past it).
MAX_WALK = 100_000

M = TypeVar("M", bound=BaseModel)


class DictionaryError(ValueError):
    """A dictionary file cannot be read or does not follow the schema."""


@dataclass(frozen=True)
class Problem:
    """One finding of ``dict check``: where it is and what is wrong."""

    path: str
    line: int | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class LocatedEntry:
    entry: Entry
    path: str
    line: int | None


class _LineLoader(yaml.SafeLoader):
    """Safe YAML loader that records the line of each mapping under ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = loader.construct_mapping(node, deep=True)  # type: ignore[assignment]
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def dictionary_files(paths: Iterable[Path | str]) -> list[Path]:
    """Every dictionary file under the given files or directories, sorted for determinism."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(_walk(p))
        elif p.is_file():
            out.append(p)
        else:
            raise DictionaryError(f"{p}: no such dictionary file or directory")
    return out


def _walk(folder: Path) -> list[Path]:
    """The dictionary files under ``folder`` (links to other folders are not followed)."""
    _refuse_broad(folder)
    found: list[Path] = []
    seen = 0
    for dirpath, dirnames, filenames in os.walk(folder):
        seen += len(dirnames) + len(filenames)
        if seen > MAX_WALK:
            raise DictionaryError(
                f"{folder}: more than {MAX_WALK:,} files and folders; name the dictionary files or their own folder"
            )
        for name in filenames:
            f = Path(dirpath) / name
            if f.suffix in DICTIONARY_SUFFIXES and f.is_file():
                found.append(f)
    return sorted(found)


def _refuse_broad(folder: Path) -> None:
    """A dictionary folder is never the file-system root or the home folder (``dictionaries = ["/"]``)."""
    resolved = folder.resolve()
    try:
        home: Path | None = Path.home().resolve()
    except (RuntimeError, KeyError):  # no home directory known
        home = None
    if resolved == Path(resolved.anchor) or resolved == home:
        what = "the home folder" if resolved == home else "the root of the file system"
        raise DictionaryError(f"{folder}: is {what}; name a folder that holds only dictionaries")


def _strip_lines(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip_lines(v) for k, v in obj.items() if k != "__line__"}
    if isinstance(obj, list):
        return [_strip_lines(v) for v in obj]
    return obj


_TSV_LIST_FIELDS = ("aliases", "ambiguous", "cues", "anti_cues", "cue_entities", "tags")


def _read_tsv(path: Path, text: str) -> tuple[list[dict[str, Any]], list[Problem]]:
    """TSV with a header row; list fields are separated by ``|``."""
    rows: list[dict[str, Any]] = []
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    for i, row in enumerate(reader, start=2):
        raw: dict[str, Any] = {"__line__": i}
        for k, v in row.items():
            if k is None or v is None or v == "":
                continue
            raw[k] = [s.strip() for s in v.split("|") if s.strip()] if k in _TSV_LIST_FIELDS else v
        rows.append(raw)
    return rows, []


def read_file(path: Path) -> tuple[list[LocatedEntry], list[Problem]]:
    """Read one dictionary file; schema problems are returned, not raised."""
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(str(path), None, f"cannot read: {exc}")]
    defaults: dict[str, Any] = {}
    if path.suffix == ".tsv":
        if len(text) > DICTIONARY_LIMITS.max_chars:
            return [], [
                Problem(str(path), None, f"{len(text):,} characters; the limit is {DICTIONARY_LIMITS.max_chars:,}")
            ]
        raws, problems = _read_tsv(path, text)
    else:
        try:
            doc = load_yaml(text, DICTIONARY_LIMITS, "YAML", loader=_LineLoader)
        except UnsafeDataError as exc:
            cause = exc.__cause__
            if isinstance(cause, yaml.YAMLError):  # a syntax error: the whole message, with its line
                mark = getattr(cause, "problem_mark", None)
                line = mark.line + 1 if mark is not None else None
                return [], [Problem(str(path), line, f"invalid YAML: {cause}")]
            return [], [Problem(str(path), None, str(exc))]
        if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
            return [], [Problem(str(path), 1, "a dictionary file needs a top-level 'entries:' list")]
        unknown = set(doc) - {"defaults", "entries", "__line__"}
        if unknown:
            problems.append(Problem(str(path), 1, f"unknown top-level keys: {sorted(unknown)}"))
        defaults = _strip_lines(doc.get("defaults") or {})
        if not isinstance(defaults, dict):
            return [], [Problem(str(path), 1, "'defaults' must be a mapping")]
        raws = doc["entries"]
    out: list[LocatedEntry] = []
    for raw in raws:
        if not isinstance(raw, dict):
            problems.append(Problem(str(path), None, f"entry is not a mapping: {raw!r}"))
            continue
        line = raw.get("__line__")
        data = {**defaults, **_strip_lines(raw)}
        try:
            out.append(LocatedEntry(Entry.model_validate(data), str(path), line))
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(x) for x in err["loc"])
                msg = err["msg"].removeprefix("Value error, ")
                ident = data.get("id", "?")
                where = f"{loc}: " if loc else ""
                problems.append(Problem(str(path), line, f"entry {ident!r}: {where}{msg}"))
    return out, problems


def iter_located(
    paths: Iterable[Path | str],
) -> Iterator[tuple[list[LocatedEntry], list[Problem]]]:
    for f in dictionary_files(paths):
        yield read_file(f)


def load_entries(paths: Iterable[Path | str]) -> list[Entry]:
    """Load and validate entries; later files override earlier entries with the same id.

    Raises:
        DictionaryError: when any file has a problem (message names file and line).
    """
    by_id: dict[str, Entry] = {}
    problems: list[Problem] = []
    for located, probs in iter_located(paths):
        problems.extend(probs)
        for le in located:
            by_id[le.entry.id] = le.entry
    if problems:
        raise DictionaryError("\n".join(str(p) for p in problems))
    return list(by_id.values())


def load_data_file(path: Path, model: type[M]) -> M:
    """One YAML data file (a cue file, the topics) validated by its schema ``model``.

    Raises:
        DictionaryError: the file cannot be read, is refused by the safe loader or does not follow the schema.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"{path}: cannot read: {exc}") from exc
    try:
        return model.model_validate(load_yaml(raw, DICTIONARY_LIMITS, "YAML") or {})
    except (UnsafeDataError, ValidationError) as exc:
        raise DictionaryError(f"{path}: {exc}") from exc


def load_topics(path: Path) -> list[Topic]:
    """The topics of ``topics.yaml``."""
    return load_data_file(path, TopicFile).topics
