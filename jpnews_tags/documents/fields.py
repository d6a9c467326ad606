"""What a post's metadata says: its title, its date and its existing tags, one rule each for every command.

Front matter (any format), a JSON Lines record's fields and the records ``report`` reads all go through these
functions, so ``batch``, ``enrich``, ``harvest-tags``, ``analyze`` and ``report`` agree.

- **Title**: a non-blank string under ``title``; anything else (a number, a list, blanks) is no title.
- **Date**: Jekyll's documented form ``YYYY-MM-DD HH:MM:SS +/-TTTT`` (time, seconds and offset optional), ISO
  8601 with ``T`` (Hugo's RFC 3339), ``Z`` or an offset ``+09``, ``+0900``, ``+09:00``; or a date/datetime the
  YAML or TOML loader already made. Nothing else: no partial dates (``2025-08``), no slashes (``2025/1/5``), no
  trailing words. A date stays a date, a naive time stays naive (``iso_date``); :func:`utc_datetime` places it
  on a time line (naive read as UTC).
- **Tags**: a list (items as strings, trimmed; nulls and blanks dropped), or a string split as Jekyll splits
  it, on whitespace (``"ai cloud"`` is two tags), except that a string with a comma is split on commas
  (``"Amazon Web Services, AI"``: Jekyll would keep the comma in ``"Services,"``, which no site means). This is
  also how ``enrich`` writes into a string (it keeps the separator). Hugo reads a string as one term: write
  lists for Hugo.

Example:
    >>> title_of({"title": "  "}), title_of({"title": "AWSの発表"})
    (None, 'AWSの発表')
    >>> iso_date("2025-11-25 09:00:00 +0900"), iso_date("2025/11/25"), iso_date("2025-11-25")
    ('2025-11-25T09:00:00+09:00', None, '2025-11-25')
    >>> tag_values("ai cloud"), tag_values("Amazon Web Services, AI"), tag_values(["AI", None, " 3 "])
    (['ai', 'cloud'], ['Amazon Web Services', 'AI'], ['AI', '3'])
    >>> existing_tags({"tags": ["AI", "クラウド"], "categories": "AI ニュース"})
    ['AI', 'クラウド', 'ニュース']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..frontmatter.lex import split_tag_string

#: Front matter keys whose tags a post already has (``batch``'s ``existing_tags``), in this order.
TAG_KEYS = ("tags", "categories")

_DATE = re.compile(
    r"\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?\s*"
)


def title_of(meta: Mapping[str, Any]) -> str | None:
    """The title under ``title`` when it is a non-blank string (kept as written), else None."""
    t = meta.get("title")
    return t if isinstance(t, str) and t.strip() else None


def parse_date(value: object) -> dt.date | dt.datetime | None:
    """A date or datetime from a metadata value (see the module docstring for the forms), else None.

    >>> parse_date("2025-10-01T13:04Z"), parse_date("2025-02-30"), parse_date(2025)
    (datetime.datetime(2025, 10, 1, 13, 4, tzinfo=datetime.timezone.utc), None, None)
    """
    if isinstance(value, dt.datetime | dt.date):
        return value
    if not isinstance(value, str):
        return None
    m = _DATE.fullmatch(value)
    if not m:
        return None
    y, mo, d, hh, mi, ss, frac, tz = m.groups()
    try:
        day = dt.date(int(y), int(mo), int(d))
        if hh is None:
            return day
        micro = round(float(frac) * 1_000_000) if frac else 0
        when = dt.datetime(day.year, day.month, day.day, int(hh), int(mi), int(ss or 0), min(micro, 999_999))
        if tz == "Z":
            return when.replace(tzinfo=dt.UTC)
        if tz:
            digits = tz[1:].replace(":", "")
            offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
            return when.replace(tzinfo=dt.timezone(offset if tz[0] == "+" else -offset))
    except ValueError:
        return None
    return when


def iso_date(value: object) -> str | None:
    """:func:`parse_date` as an ISO 8601 string (what batch records hold), else None.

    >>> iso_date("2025-10-01 13:04:01 +0000"), iso_date("2025-2-3"), iso_date("2025-08")
    ('2025-10-01T13:04:01+00:00', '2025-02-03', None)
    """
    when = parse_date(value)
    return None if when is None else when.isoformat()


def utc_datetime(value: object) -> dt.datetime | None:
    """:func:`parse_date` as an aware datetime for ordering and counting by month (a naive time and a date
    alone are taken as UTC), else None.

    >>> utc_datetime("2025-11-25 09:00:00 +0900").isoformat(), utc_datetime("2025-11-25").isoformat()
    ('2025-11-25T09:00:00+09:00', '2025-11-25T00:00:00+00:00')
    """
    when = parse_date(value)
    if when is None:
        return None
    if not isinstance(when, dt.datetime):
        when = dt.datetime(when.year, when.month, when.day)
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def tag_values(value: object) -> list[str] | None:
    """The tags one metadata value holds ([] for null); None when it is neither a list nor a string (a number,
    a mapping): the caller decides whether that is an error (``enrich``) or no tags (every reader)."""
    if value is None:
        return []
    if isinstance(value, str):
        return split_tag_string(value)[0]  # the rule the editor writes by
    if isinstance(value, list | tuple):
        return [s for s in (str(v).strip() for v in value if v is not None) if s]
    return None


def tags_under(meta: Mapping[str, Any], keys: Sequence[str]) -> list[str]:
    """The tags under ``keys``, key after key, repeats kept (a value of the wrong shape counts as none)."""
    return [t for key in keys for t in (tag_values(meta.get(key)) or [])]


def existing_tags(meta: Mapping[str, Any], keys: Sequence[str] = TAG_KEYS) -> list[str]:
    """The tags a post already has: under ``tags`` then ``categories``, each once, in order."""
    return list(dict.fromkeys(tags_under(meta, keys)))
