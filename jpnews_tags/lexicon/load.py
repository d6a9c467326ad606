"""Loading and checking dictionary files (YAML or TSV) with file-and-line error messages.

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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .schema import Entry

#: Dictionaries shipped with the package.
PACKAGE_DICTIONARY_DIR = Path(__file__).resolve().parent / "data" / "dictionaries"
#: Entity files inside a dictionary directory.
ENTITY_SUBDIR = "entities"
DICTIONARY_SUFFIXES = (".yaml", ".yml", ".tsv")


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
            out.extend(sorted(f for f in p.rglob("*") if f.suffix in DICTIONARY_SUFFIXES and f.is_file()))
        elif p.is_file():
            out.append(p)
        else:
            raise DictionaryError(f"{p}: no such dictionary file or directory")
    return out


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
        raws, problems = _read_tsv(path, text)
    else:
        try:
            doc = yaml.load(text, Loader=_LineLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            return [], [Problem(str(path), line, f"invalid YAML: {exc}")]
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
