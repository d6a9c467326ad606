"""Site-aware tags: on a site, a tag that lands on most posts says nothing.

When an archive is tagged (``jpnews-tags tags``, ``enrich`` or ``batch`` over at least :data:`MIN_ARCHIVE_DOCS`
documents), a first pass tags a sample of it (every document up to :data:`DEFAULT_SAMPLE`, evenly spaced ones
beyond: the share of a tag on half the posts is then known to about 3 points) and counts the posts carrying each
tag (:class:`ArchiveTags`). Then every document is tagged with ``TagOptions(archive=...)``: a tag whose share of
the archive is over ``TagOptions.max_tag_share`` (0.5) is demoted, its score multiplied by
``(1 - share) / (1 - max_tag_share)`` (:func:`demotion`): 1 at the threshold, 0 for a tag on every post (``AI``
on an AI-news blog), unless the site's vocabulary pins it (``pinned: true``). On a single text, and on fewer
documents, nothing changes.

Example:
    >>> archive = ArchiveTags.count([["AI", "NVIDIA"], ["AI", "OpenAI"], ["AI", "投資"], ["AI", "投資"]])
    >>> archive.docs, archive.share("ai"), archive.share("投資"), archive.share("Google")
    (4, 1.0, 0.5, 0.0)
    >>> demotion(1.0, 0.5), demotion(0.75, 0.5), demotion(0.5, 0.5)
    (0.0, 0.5, 1.0)
    >>> sample_indices(10, 4), sample_indices(3, 4)
    ([0, 2, 5, 7], [0, 1, 2])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .names import tag_key

#: Fewer documents than this are not an archive: their tag shares say nothing, and nothing is demoted.
MIN_ARCHIVE_DOCS = 20
#: Documents the first pass tags (``--archive-sample``; 0: all of them).
DEFAULT_SAMPLE = 300
#: A tag on a larger share of the archive's posts is demoted (``TagOptions.max_tag_share``).
DEFAULT_MAX_SHARE = 0.5


@dataclass(frozen=True)
class ArchiveTags:
    """How many of an archive's (sampled) documents carry each tag, by tag key; ``names``: a spelling of each."""

    docs: int
    counts: Mapping[str, int] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def count(cls, tag_lists: Iterable[Sequence[str]]) -> ArchiveTags:
        """The counts of the tags of many documents (one list of tag names per document)."""
        docs = 0
        counts: dict[str, int] = {}
        names: dict[str, str] = {}
        for tags in tag_lists:
            docs += 1
            for k in {tag_key(t) for t in tags}:
                counts[k] = counts.get(k, 0) + 1
            for t in tags:
                names.setdefault(tag_key(t), t)
        return cls(docs, counts, names)

    def share(self, tag: str) -> float:
        """The share of the documents that carry ``tag`` (compared by :func:`~jpnews_tags.tagging.names.tag_key`)."""
        return self.counts.get(tag_key(tag), 0) / self.docs if self.docs else 0.0

    def over(self, max_share: float) -> list[tuple[str, float]]:
        """The tags on more than ``max_share`` of the documents, most frequent first, with their share."""
        found = [(self.names.get(k, k), n / self.docs) for k, n in self.counts.items() if n > max_share * self.docs]
        return sorted(found, key=lambda x: (-x[1], x[0]))


def demotion(share: float, max_share: float) -> float:
    """The factor of the score of a tag on ``share`` of an archive's posts: 1 up to ``max_share``, then falling in a
    straight line to 0 for a tag on every post."""
    if share <= max_share or max_share >= 1:
        return 1.0
    return max(0.0, (1.0 - share) / (1.0 - max_share))


def sample_indices(n: int, k: int) -> list[int]:
    """Which of ``n`` documents (by position) the first pass tags: all when ``k`` is 0 or not under ``n``, else
    ``k`` evenly spaced ones (deterministic: the same archive gives the same sample)."""
    if k <= 0 or n <= k:
        return list(range(n))
    return [i * n // k for i in range(k)]
