"""Where things are in a text: the lead, Markdown and HTML headings, paragraphs and sections.

Salience and tag scoring both ask the same questions of a position ("is it in the lead? in a heading? in which
section?"), so the layout is computed once per text here, from the text alone.

- **Lead**: the first paragraph that is not a heading, extended to at least 15% of the text (a one-line first
  paragraph is not a lead on its own).
- **Headings**: Markdown ATX lines (``## 概要``) and HTML ``<h1>``-``<h6>`` elements.
- **Sections**: the text between headings when there are at least two, otherwise paragraphs grouped into at
  most eight runs of similar size; *spread* is the share of sections that mention something.

Example:
    >>> lay = Layout.of("# 見出し\\n\\nAWSが発表した。\\n\\n## 詳細\\n\\n本文。")
    >>> lay.in_heading(2), lay.in_lead(8), lay.section_count, lay.section_of(22)
    (True, True, 2, 1)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_PARAGRAPH = re.compile(r"\n[ \t\u3000]*\n")
_HEADING = re.compile(r"^#{1,6}[ \t].*$|<h[1-6][^>]*>(?s:.*?)</h[1-6]>", re.M | re.I)
#: Without headings, paragraphs are grouped into at most this many sections.
MAX_PARAGRAPH_SECTIONS = 8
LEAD_MIN_SHARE = 0.15


@dataclass(frozen=True)
class Layout:
    """The lead, headings and sections of one text (offsets index that text)."""

    length: int
    lead_end: int
    headings: tuple[tuple[int, int], ...]
    section_starts: tuple[int, ...]
    paragraph_starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Layout:
        headings = tuple(m.span() for m in _HEADING.finditer(text))
        para_starts = [0, *(m.end() for m in _PARAGRAPH.finditer(text))]
        lead_end = len(text)
        for i, start in enumerate(para_starts):
            end = para_starts[i + 1] if i + 1 < len(para_starts) else len(text)
            if text[start:end].strip() and not _is_heading_at(headings, start, end, text):
                lead_end = end
                break
        lead_end = max(lead_end, min(len(text), int(len(text) * LEAD_MIN_SHARE)))
        if len(headings) >= 2:
            sections = [0, *(hs for hs, _ in headings if hs > 0)]
        else:
            step = max(1, -(-len(para_starts) // MAX_PARAGRAPH_SECTIONS))
            sections = para_starts[::step]
        return cls(len(text), lead_end, headings, tuple(sorted(set(sections))), tuple(para_starts))

    def in_lead(self, pos: int) -> bool:
        return pos < self.lead_end

    def in_heading(self, pos: int) -> bool:
        i = bisect.bisect_right(self.headings, (pos, self.length + 1)) - 1
        return i >= 0 and self.headings[i][0] <= pos < self.headings[i][1]

    @property
    def section_count(self) -> int:
        return len(self.section_starts)

    def section_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.section_starts, pos) - 1)

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.paragraph_starts, pos) - 1)

    def spread(self, positions: Iterable[int]) -> float:
        """Share of sections with at least one of ``positions`` (1.0 for a text of one section)."""
        return self.sections_hit(sorted(positions)) / self.section_count

    def sections_hit(self, ordered: Sequence[int]) -> int:
        """How many sections hold at least one of the ``ordered`` (ascending) positions: one bisection per
        section hit, not one per position (a name can be mentioned a hundred times)."""
        return _bins_hit(self.section_starts, ordered)

    def paragraphs_hit(self, ordered: Sequence[int]) -> int:
        """How many paragraphs hold at least one of the ``ordered`` (ascending) positions."""
        return _bins_hit(self.paragraph_starts, ordered)

    def heading_count(self, ordered: Sequence[int]) -> int:
        """How many of the ``ordered`` (ascending) positions lie in a heading (headings never overlap)."""
        return sum(bisect.bisect_left(ordered, he) - bisect.bisect_left(ordered, hs) for hs, he in self.headings)

    def relative(self, pos: int) -> float:
        """Position as a share of the text length (0 = start)."""
        return min(1.0, pos / max(1, self.length))


def _bins_hit(starts: Sequence[int], ordered: Sequence[int]) -> int:
    """How many of the bins that begin at ``starts`` (ascending; the first also takes anything before it) hold
    at least one of the ``ordered`` positions."""
    hit = i = 0
    while i < len(ordered):
        b = max(0, bisect.bisect_right(starts, ordered[i]) - 1)
        hit += 1
        if b + 1 >= len(starts):
            break
        i = bisect.bisect_left(ordered, starts[b + 1], i)
    return hit


def _is_heading_at(headings: tuple[tuple[int, int], ...], start: int, end: int, text: str) -> bool:
    body = text[start:end].strip()
    return any(start <= hs < end and text[hs:he].strip() == body for hs, he in headings)
