"""``jpnews-tags report``: read batch output (JSON Lines records), aggregate it for editors.

The records are what ``jpnews-tags batch`` writes, read as its
:class:`~jpnews_tags.batch.records.BatchRecord`; ``analyze --jsonl`` lines (``{"id", "entities", "tags"}``) are
accepted too, missing keys taking their defaults. Reading never stops on a
bad line: it is counted in :attr:`Report.malformed` and skipped. :func:`build_report` aggregates a record
stream (top entities, top tags, tags per month, unknown names, the newest articles with their text when it can
be found) and :func:`jpnews_tags.report.html.render_html` turns the result into one HTML page.

Example:
    >>> line = ('{"id": "a.md", "date": "2025-11-25", "entities": [{"start": 0, "end": 3, "text": "AWS", '
    ...         '"label": "ORG", "canonical": "Amazon Web Services", "id": "amazon-web-services", '
    ...         '"confidence": 0.95, "source": "gazetteer"}], "tags": []}')
    >>> r = build_report([line, "not json"])
    >>> r.documents, len(r.malformed), [(e.name, e.docs) for e in r.entities]
    (1, 1, [('Amazon Web Services', 1)])
"""

from __future__ import annotations

import heapq
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..batch.records import BatchRecord, without_surrogates
from ..documents.decoding import InputError, read_text_file
from ..documents.document import parse_document
from ..documents.fields import utc_datetime
from ..documents.files import TEXT_FILES, is_text_file
from ..lexicon.schema import NAMED_LABELS
from ..lexicon.suggest import NameCandidate, UnknownNames, is_unknown_name
from ..models import Entity
from ..tagging.names import tag_key

__all__ = ["NAMED_LABELS", "Report", "build_report"]

#: More months than this on the time axis and the timeline counts by year instead.
MAX_MONTHS = 36
#: At most this many years on the time axis: earlier ones are counted in one first column.
MAX_YEARS = 40
#: The most rows of each top list (entities, tags, unknown names), articles, timeline tags and listed errors and
#: skipped lines a page can hold, whatever the options: the page's size is bounded by these, not by the archive.
MAX_TOP = 500
MAX_ARTICLES = 1000
MAX_TIMELINE_TAGS = 100
MAX_ERRORS_LISTED = 200
MAX_VERSIONS_LISTED = 10
#: The longest excerpt of an article body (characters), whatever ``--max-chars`` says.
MAX_CHARS = 20_000

# A JSON escape of a surrogate (either case: \\ud800, \\uDC00), and a surrogate itself.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FILE_DATE = re.compile(r"(?:^|/)(\d{4}-\d{2}-\d{2})-[^/]*$")


class RecordError(ValueError):
    """A line that is not a usable record."""


class Record(BatchRecord):
    """One input line: a document's :class:`~jpnews_tags.batch.records.BatchRecord` (its analysis or its error,
    and its metadata) and the line it was on; ``id`` is always text."""

    line: int = 0
    id: str | None = None

    @property
    def name(self) -> str:
        """What to call the document: its id, else its path, else its line number."""
        return self.id or self.path or f"line {self.line}"

    @property
    def when(self) -> datetime | None:
        """The document's date: the ``date`` field, else a Jekyll ``YYYY-MM-DD-`` file name prefix."""
        if self.date:
            return parse_date(self.date)
        for name in (self.path, self.id):
            m = _FILE_DATE.search(name or "")
            if m:
                return parse_date(m.group(1))
        return None


def parse_date(value: str) -> datetime | None:
    """A record's date on the time line: :func:`jpnews_tags.documents.fields.utc_datetime`, the one date rule
    (what ``batch`` writes, ISO 8601; a time without offset and a date alone are UTC), else None.

    >>> parse_date("2025-11-25 09:00:00 +0900").isoformat()
    '2025-11-25T09:00:00+09:00'
    >>> parse_date("2025-08"), parse_date("soon")
    (None, None)
    """
    return utc_datetime(value)


def _where(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as the record's reader says it: ``'title'``, ``entities[0].label``."""
    if len(loc) == 1:
        return repr(loc[0])
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc))


def parse_record(obj: Any, line: int) -> Record:
    """A record from one decoded JSON value; raises :class:`RecordError` saying what is wrong.

    Read as a :class:`~jpnews_tags.batch.records.BatchRecord`, with the leniency of a reader of other tools' lines:
    missing keys take their defaults, a lone ``existing_tags`` string is a list of one, ``null`` lists are empty,
    a number ``id`` or ``error`` is read as text and ``versions`` missing a key shows ``?``.
    """
    if not isinstance(obj, dict):
        raise RecordError("not a JSON object")
    rid = obj.get("id")
    if rid is not None and (not isinstance(rid, str | int) or isinstance(rid, bool)):
        raise RecordError("'id' must be a string, a number or null")
    data = dict(obj, id=None if rid is None else str(rid), line=line)
    for key in ("existing_tags", "entities", "tags"):
        if data.get(key) is None:
            data[key] = []
    if isinstance(data["existing_tags"], str):
        data["existing_tags"] = [data["existing_tags"]]
    if data.get("error") is not None:
        data["error"] = str(data["error"])
    versions = data.get("versions")
    data["versions"] = (
        {
            "library": str(versions.get("library", "?")),
            "dictionary": str(versions.get("dictionary", "?")),
            "model": None if versions.get("model") is None else str(versions["model"]),
        }
        if isinstance(versions, dict)
        else None
    )
    try:
        return Record.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise RecordError(f"{_where(first['loc'])}: {first['msg']}") from None


def iter_records(lines: Iterable[str | bytes], malformed: list[tuple[int, str]]) -> Iterator[Record]:
    """The records of JSON Lines input; bad lines are appended to ``malformed`` as (line number, why)."""
    for lineno, raw in enumerate(lines, start=1):
        try:
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError as exc:
            malformed.append((lineno, f"not valid UTF-8 (byte {exc.start})"))
            continue
        if lineno == 1:
            text = text.removeprefix("\ufeff")
        if not text.strip():
            continue
        # Lone surrogates cannot be written in the page (U+FFFD instead): escaped ones (either case), or raw ones
        # in text given as str (bytes decoded strictly hold none).
        surrogates = ("\\u" in text and bool(_ESCAPED_SURROGATE.search(text))) or (
            not isinstance(raw, bytes) and bool(_SURROGATE.search(text))
        )
        if not surrogates:
            # The batch's own lines, read in one pass by pydantic; anything it refuses takes the lenient path.
            try:
                rec = Record.model_validate_json(text)
            except (ValidationError, RecursionError):
                pass
            else:
                rec.line = lineno
                yield rec
                continue
        try:
            obj = json.loads(text)
            if surrogates:
                obj = without_surrogates(obj)
            yield parse_record(obj, lineno)
        except (RecordError, ValueError, RecursionError) as exc:  # json.JSONDecodeError is a ValueError
            malformed.append((lineno, str(exc) if isinstance(exc, RecordError) else f"invalid JSON: {exc}"))


def entity_key(e: Entity) -> tuple[str, str]:
    """Identity of a named entity: its dictionary id, else its label and canonical name (or text)."""
    return ("id", e.id) if e.id else (e.label, e.canonical or e.text)


@dataclass
class EntityStat:
    """A named entity across documents."""

    name: str
    label: str
    kind: str | None
    id: str | None
    source: str
    docs: int = 0
    mentions: int = 0
    forms: Counter[str] = field(default_factory=Counter)
    example: tuple[int, str, str | None] = (0, "", None)  # first document seen in: (line, name, title)


@dataclass
class TagStat:
    """A suggested tag across documents."""

    tag: str
    source: str
    id: str | None
    docs: int = 0
    score_sum: float = 0.0
    in_existing: int = 0  # documents whose front matter tags already have it
    months: Counter[str] = field(default_factory=Counter)

    @property
    def mean_score(self) -> float:
        return self.score_sum / self.docs if self.docs else 0.0


@dataclass
class Timeline:
    """Documents per time bucket (``YYYY-MM``, or ``YYYY`` for long spans) for the top tags."""

    buckets: list[str]
    totals: dict[str, int]
    rows: list[tuple[TagStat, dict[str, int]]]
    undated: int


@dataclass
class Article:
    """One document of the per-article section, with its text when it was found."""

    record: Record
    text: str | None
    body_start: int = 0
    note: str | None = None  # why the text is missing, when it is


@dataclass
class Report:
    """Everything the page shows."""

    documents: int = 0
    errors: int = 0
    error_list: list[tuple[str, str]] = field(default_factory=list)
    malformed: list[tuple[int, str]] = field(default_factory=list)
    mentions: int = 0
    distinct_entities: int = 0
    entities: list[EntityStat] = field(default_factory=list)
    tag_assignments: int = 0
    distinct_tags: int = 0
    tags: list[TagStat] = field(default_factory=list)
    candidates: list[NameCandidate] = field(default_factory=list)
    distinct_candidates: int = 0
    timeline: Timeline = field(default_factory=lambda: Timeline([], {}, [], 0))
    articles: list[Article] = field(default_factory=list)
    articles_total: int = 0
    versions: Counter[tuple[str, str]] = field(default_factory=Counter)


def _bucket(when: datetime) -> str:
    return f"{when.year:04d}-{when.month:02d}"


def _month_range(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


#: The first column of a timeline of more than :data:`MAX_YEARS` years: ``..2010`` counts every year up to 2010.
EARLIER = ".."


def build_timeline(totals: Counter[str], tags: list[TagStat], undated: int) -> Timeline:
    """Fill the months between the first and the last; by year when that is more than :data:`MAX_MONTHS`, and the
    years before the last :data:`MAX_YEARS` - 1 in one column (a stray date in year 1 must not make 2,000)."""
    if not totals:
        return Timeline([], {}, [(t, {}) for t in tags], undated)
    months = _month_range(min(totals), max(totals))
    if len(months) <= MAX_MONTHS:
        return Timeline(months, dict(totals), [(t, dict(t.months)) for t in tags], undated)

    first, last = int(months[0][:4]), int(months[-1][:4])
    cut = max(first, last - MAX_YEARS + 2) if last - first + 1 > MAX_YEARS else first
    earlier = f"{EARLIER}{cut - 1:04d}"  # one column for the years before the last MAX_YEARS - 1

    def by_year(c: Counter[str]) -> dict[str, int]:
        years: Counter[str] = Counter()
        for k, v in c.items():
            years[k[:4] if int(k[:4]) >= cut else earlier] += v
        return dict(years)

    years = ([earlier] if cut > first else []) + [f"{y:04d}" for y in range(cut, last + 1)]
    return Timeline(years, by_year(totals), [(t, by_year(t.months)) for t in tags], undated)


def find_text(record: Record, text_root: Path | None, base: Path | None) -> tuple[str | None, str | None]:
    """The document's text, or None and why not.

    Files are decoded as ``batch`` decodes them (UTF-8, UTF-16, and the legacy Japanese encodings).
    Tried in order: ``text_root``/path and ``text_root``/id (never outside ``text_root``), then path as written
    and under ``base`` (the input file's folder). Only text files
    (:data:`jpnews_tags.documents.files.TEXT_FILES`) are read, so a record cannot make the page embed any other
    file.
    """
    names = [n for n in (record.path, record.id) if n]
    if not names or (record.path is None and text_root is None):
        return None, "no path in the record"
    candidates: list[Path] = []
    if text_root is not None:
        root = text_root.resolve()
        candidates += [p for p in ((root / n).resolve() for n in names) if p.is_relative_to(root)]
    if record.path:
        candidates.append(Path(record.path))
        if base is not None:
            candidates.append(base / record.path)
    for p in candidates:
        if is_text_file(p) and p.is_file():
            try:
                return read_text_file(p, detect=True), None  # decoded as batch decodes it
            except InputError as exc:
                return None, str(exc)
    if not any(is_text_file(n) for n in names):
        return None, f"not a text file ({', '.join(g.removeprefix('*') for g in TEXT_FILES)})"
    return None, "text file not found" + ("" if text_root else " (give --text-root)")


def offsets_match(text: str, entities: Iterable[Entity]) -> bool:
    """Do the entity offsets still index this text (``text[start:end] == entity.text``)?"""
    return all(text[e.start : e.end] == e.text for e in entities)


def checked_text(record: Record, text_root: Path | None, base: Path | None) -> str | None:
    """The record's text when it has unknown names and its entity offsets still index the text (so that the report
    leaves out the mentions that cut a word, as ``discover`` does); None otherwise."""
    if not any(map(is_unknown_name, record.entities)):
        return None
    text, _ = find_text(record, text_root, base)
    return text if text is not None and offsets_match(text, record.entities) else None


def load_article(record: Record, text_root: Path | None, base: Path | None) -> Article:
    text, note = find_text(record, text_root, base)
    if text is None:
        return Article(record, None, note=note)
    if not offsets_match(text, record.entities):
        return Article(record, None, note="the text file changed since it was analyzed (offsets do not match)")
    return Article(record, text, body_start=parse_document(text).body_start)


def highlight_segments(text: str, entities: Iterable[Entity], start: int, end: int) -> list[tuple[str, Entity | None]]:
    """``text[start:end]`` cut into plain pieces and entity pieces, in order.

    Entities outside the window or overlapping an earlier one are left as plain text.

    >>> from jpnews_tags.models import Entity
    >>> e = Entity(start=1, end=4, text="AWS", label="ORG", confidence=1.0, source="gazetteer")
    >>> [(s, x.label if x else None) for s, x in highlight_segments("米AWSが", [e], 0, 5)]
    [('米', None), ('AWS', 'ORG'), ('が', None)]
    """
    out: list[tuple[str, Entity | None]] = []
    pos = start
    for e in sorted(entities, key=lambda e: (e.start, -e.end)):
        if e.start < pos or e.end > end or e.end <= e.start:
            continue
        if e.start > pos:
            out.append((text[pos : e.start], None))
        out.append((text[e.start : e.end], e))
        pos = e.end
    if pos < end:
        out.append((text[pos:end], None))
    return out


def body_window(article: Article, max_chars: int) -> tuple[int, int, bool]:
    """Where the shown body starts and ends, and whether it was cut (never inside an entity): at most
    ``max_chars`` characters (0, or more than :data:`MAX_CHARS`: :data:`MAX_CHARS`)."""
    text = article.text
    assert text is not None
    start = article.body_start
    while start < len(text) and text[start].isspace():  # blank lines after the front matter
        start += 1
    end = len(text)
    limit = MAX_CHARS if max_chars <= 0 else min(max_chars, MAX_CHARS)
    if end - start <= limit:
        return start, end, False
    end = start + limit
    for e in article.record.entities:
        if e.start < end < e.end:
            end = e.start
    return start, end, True


def _sort_key(when: datetime | None, seq: int) -> tuple[int, float, int]:
    return (1, when.timestamp(), -seq) if when else (0, 0.0, -seq)


def build_report(
    lines: Iterable[str | bytes],
    *,
    top: int = 30,
    timeline_tags: int = 15,
    max_articles: int = 100,
    text_root: Path | None = None,
    base: Path | None = None,
    known: Callable[[str], bool] | None = None,
) -> Report:
    """Aggregate a stream of JSON Lines records; only the newest ``max_articles`` records are kept in memory.

    ``top``, ``timeline_tags`` and ``max_articles`` are capped by :data:`MAX_TOP`, :data:`MAX_TIMELINE_TAGS` and
    :data:`MAX_ARTICLES`. ``known`` says whether the dictionary resolves a name (unknown names it resolves are left
    out: see :func:`jpnews_tags.lexicon.suggest.known_to`; ``jpnews-tags report`` passes the dictionary's).
    """
    top, timeline_tags = min(top, MAX_TOP), min(timeline_tags, MAX_TIMELINE_TAGS)
    max_articles = min(max_articles, MAX_ARTICLES)
    rep = Report()
    ents: dict[tuple[str, str], EntityStat] = {}
    tags: dict[str, TagStat] = {}
    unknown = UnknownNames(examples=0)
    totals: Counter[str] = Counter()
    undated = 0
    newest: list[tuple[tuple[int, float, int], Record]] = []
    for seq, rec in enumerate(iter_records(lines, rep.malformed)):
        rep.documents += 1
        if rec.versions:
            rep.versions[(rec.versions.library, rec.versions.dictionary)] += 1
        if rec.error is not None:
            rep.errors += 1
            if len(rep.error_list) < MAX_ERRORS_LISTED:
                rep.error_list.append((rec.path or rec.name, rec.error))
            continue
        rep.mentions += len(rec.entities)
        example = (rec.line, rec.name, rec.title)
        seen: set[tuple[str, str]] = set()
        for e in rec.entities:
            if e.label not in NAMED_LABELS:
                continue
            key = entity_key(e)
            st = ents.get(key)
            if st is None:
                st = ents[key] = EntityStat(e.canonical or e.text, e.label, e.kind, e.id, e.source, example=example)
            st.mentions += 1
            st.forms[e.text] += 1
            if key not in seen:
                seen.add(key)
                st.docs += 1
        # the one notion of an unknown name, shared with discover: checked against the text when it can be read
        unknown.add(rec.entities, text=checked_text(rec, text_root, base), where=example)
        when = rec.when
        bucket = _bucket(when) if when else None
        if bucket:
            totals[bucket] += 1
        else:
            undated += 1
        existing = {tag_key(t) for t in rec.existing_tags}
        for t in {t.tag: t for t in reversed(rec.tags)}.values():  # one per tag name, the best one
            ts = tags.get(t.tag)
            if ts is None:
                ts = tags[t.tag] = TagStat(t.tag, t.source, t.id)
            rep.tag_assignments += 1
            ts.docs += 1
            ts.score_sum += t.score
            ts.in_existing += tag_key(t.tag) in existing
            if bucket:
                ts.months[bucket] += 1
        item = (_sort_key(when, seq), rec)
        if len(newest) < max_articles:
            heapq.heappush(newest, item)
        elif max_articles > 0 and item[0] > newest[0][0]:
            heapq.heapreplace(newest, item)

    rep.distinct_entities = len(ents)
    rep.entities = heapq.nsmallest(top, ents.values(), key=lambda s: (-s.docs, -s.mentions, s.name))
    rep.distinct_candidates = unknown.distinct
    rep.candidates = unknown.ranked(top=top, known=known)
    rep.distinct_tags = len(tags)
    ranked_tags = heapq.nsmallest(max(top, timeline_tags), tags.values(), key=lambda t: (-t.docs, -t.mean_score, t.tag))
    rep.tags = ranked_tags[:top]
    rep.timeline = build_timeline(totals, ranked_tags[:timeline_tags], undated)
    rep.articles_total = rep.documents - rep.errors
    rep.articles = [load_article(r, text_root, base) for _, r in sorted(newest, key=lambda x: x[0], reverse=True)]
    return rep
