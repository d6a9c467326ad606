"""Posts and other documents: decoding files, walking folders, and the one reader of a post (its header, body,
title, date and tags), for every command.

Example:
    >>> from jpnews_tags import Analyzer
    >>> text = "---\\ntitle: AWSの発表\\n---\\nAWSは発表した。\\n"
    >>> a = analyze_document(Analyzer(), text)
    >>> [(e.text, e.start) for e in a.entities][:1], [(m.text, m.start) for m in a.groups[0].mentions]
    ([('AWS', 22)], [('AWS', 22)])
    >>> text[22:25]
    'AWS'
"""

from __future__ import annotations

from .document import (
    Document,
    SupportsAnalyze,
    analyze_document,
    parse_document,
    read_document,
    shift_offsets,
)
from .fields import existing_tags, iso_date, parse_date, tag_values, tags_under, title_of, utc_datetime
from .files import POST_FILES, TEXT_FILES, walk_files

__all__ = [
    "POST_FILES",
    "TEXT_FILES",
    "Document",
    "SupportsAnalyze",
    "analyze_document",
    "existing_tags",
    "iso_date",
    "parse_date",
    "parse_document",
    "read_document",
    "shift_offsets",
    "tag_values",
    "tags_under",
    "title_of",
    "utc_datetime",
    "walk_files",
]
