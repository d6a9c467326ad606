"""The one reader of a post: decoded text, where its body starts, its front matter, title, date and tags.

Every command reads posts through :func:`parse_document` (a decoded text) or :func:`read_document` (a file,
decoded as ``batch`` decodes it), so they all find the same header (:func:`jpnews_tags.frontmatter.read_header`:
one rule, one safe loader, one set of limits) and read the same title, date and tags
(:mod:`jpnews_tags.documents.fields`). A refused header never raises: it is the document's ``error``, its meta
is empty and its body starts after the header when its end was found, else at 0.

:func:`analyze_document` analyzes a document as title + body with offsets into the whole text. It takes any
analyzer with ``analyze(text, title=None) -> Analysis`` (:class:`SupportsAnalyze`): this layer comes before
the analyzer and does not import it.

Example:
    >>> doc = parse_document("---\\ntitle: AWSの発表\\ndate: 2025-11-25\\ntags: ai cloud\\n---\\nAWSは発表した。\\n")
    >>> doc.title, doc.date, doc.existing_tags, doc.body_start, doc.body
    ('AWSの発表', '2025-11-25', ['ai', 'cloud'], 54, 'AWSは発表した。\\n')
    >>> from jpnews_tags import Analyzer
    >>> a = analyze_document(Analyzer(), doc)
    >>> [(e.text, e.start) for e in a.entities][:1], doc.text[54:57], a.title
    ([('AWS', 54)], 'AWS', 'AWSの発表')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..frontmatter.header import Header, read_header
from ..frontmatter.lex import FrontMatterError
from ..models import Analysis
from ..safe_data import DOCUMENT_LIMITS, Limits
from .decoding import read_text_file
from .fields import TAG_KEYS, existing_tags, iso_date, tags_under, title_of


class SupportsAnalyze(Protocol):
    """What reading a document needs from an analyzer (:class:`jpnews_tags.Analyzer`, or a wrapper or fake)."""

    def analyze(self, text: str, title: str | None = None, date: str | None = None) -> Analysis: ...


@dataclass(frozen=True)
class Document:
    """A decoded post: ``text`` is the whole file, ``text[body_start:]`` its body.

    ``meta`` is the front matter's mapping (empty without a header or when it was refused), ``format`` the
    header's format (``yaml``, ``toml``, ``json`` or None), ``error`` why the header was refused (None when it
    was read or there is none), ``header`` where it is when it was read.
    """

    text: str
    body_start: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
    format: str | None = None
    error: str | None = None
    header: Header | None = None

    @property
    def body(self) -> str:
        return self.text[self.body_start :]

    @property
    def title(self) -> str | None:
        """The front matter ``title`` when it is a non-blank string."""
        return title_of(self.meta)

    @property
    def date(self) -> str | None:
        """The front matter ``date`` as an ISO 8601 string (see :func:`jpnews_tags.documents.fields.parse_date`)."""
        return iso_date(self.meta.get("date"))

    @property
    def existing_tags(self) -> list[str]:
        """The tags under ``tags`` then ``categories``, each once."""
        return existing_tags(self.meta)

    def tags_under(self, keys: Sequence[str] = TAG_KEYS) -> list[str]:
        """The tags under ``keys``, key after key, repeats kept."""
        return tags_under(self.meta, keys)


def parse_document(text: str, limits: Limits = DOCUMENT_LIMITS) -> Document:
    """The document a decoded text holds; never raises (a refused header is :attr:`Document.error`)."""
    try:
        header, meta = read_header(text, limits)
    except FrontMatterError as exc:
        return Document(text, exc.body_start, {}, exc.format, str(exc))
    if header is None:
        return Document(text)
    return Document(text, header.body_start, meta, header.format, None, header)


def read_document(path: str | Path, limits: Limits = DOCUMENT_LIMITS) -> Document:
    """The document in a file, decoded as ``batch`` decodes it (UTF-8, UTF-16, Shift_JIS/CP932, EUC-JP,
    ISO-2022-JP); :class:`jpnews_tags.documents.decoding.InputError` when it cannot be read or decoded."""
    return parse_document(read_text_file(Path(path), detect=True), limits)


def shift_offsets(analysis: Analysis, offset: int) -> Analysis:
    """``analysis`` with every offset (entities and the mentions of entity groups) moved by ``offset``."""
    if not offset:
        return analysis
    ents = [e.model_copy(update={"start": e.start + offset, "end": e.end + offset}) for e in analysis.entities]
    groups = [
        g.model_copy(
            update={
                "mentions": [
                    m.model_copy(update={"start": m.start + offset, "end": m.end + offset}) for m in g.mentions
                ]
            }
        )
        for g in analysis.groups
    ]
    return analysis.model_copy(update={"entities": ents, "groups": groups})


def analyze_document(analyzer: SupportsAnalyze, document: str | Document, title: str | None = None) -> Analysis:
    """Analyze a whole post (a decoded text or a :class:`Document`): the front matter gives the title (unless
    ``title`` is given) and is not analyzed as body; a refused header is a warning of the result.

    Offsets in the result (entities and group mentions) index the whole text.
    """
    doc = parse_document(document) if isinstance(document, str) else document
    result = shift_offsets(analyzer.analyze(doc.body, title=title or doc.title, date=doc.date), doc.body_start)
    if doc.error:
        result = result.model_copy(update={"warnings": [*result.warnings, doc.error]})
    return result
