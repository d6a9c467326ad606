"""Site-aware tags: on a site, a tag that lands on most posts says nothing.

When an archive is tagged (``jpnews-tags tags``, ``enrich`` or ``batch`` over at least :data:`MIN_ARCHIVE_DOCS`
documents), a first pass tags a sample of it (every document up to :data:`DEFAULT_SAMPLE`, evenly spaced ones
beyond: the share of a tag on half the posts is then known to about 3 points) and counts the posts carrying each
tag (:class:`ArchiveTags`). Then every document is tagged with ``TagOptions(archive=...)``: a tag whose share of
the archive is over ``TagOptions.max_tag_share`` (0.5) is demoted, its score multiplied by
``(1 - share) / (1 - max_tag_share)`` (:func:`demotion`): 1 at the threshold, 0 for a tag on every post (``AI``
on an AI-news blog), unless the site's vocabulary pins it (``pinned: true``). On a single text, and on fewer
documents, nothing changes. :class:`FirstPass` is that first pass's one rule (which documents, when the counts
make an archive, the note naming the tags demoted), for every command that makes one.

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

    def demoting(self, max_share: float) -> ArchiveTags:
        """The same frequencies cut to the tags whose share is over ``max_share``: all that demotion with that
        ``max_share`` reads (the share of a tag left out is 0, never demoted), small enough to send with every
        task of a batch."""
        counts = {k: n for k, n in self.counts.items() if n / self.docs > max_share}  # share() > max_share
        return ArchiveTags(self.docs, counts, {k: self.names[k] for k in counts if k in self.names})


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


@dataclass(frozen=True)
class FirstPass:
    """The first pass over an archive, as ``tags``, ``enrich`` and ``batch`` all make it: which of its documents
    to tag (:meth:`positions`), the frequencies their tags give (:meth:`archive`), and the note naming the tags
    demoted (:meth:`note`). How a document is tagged is the caller's: ``batch`` tags in its worker processes and
    keeps those analyses for its run (:mod:`jpnews_tags.batch.archive`), the commands tag file by file.

    ``sample``: how many documents to tag (0: all); ``max_share``: the share over which a tag is demoted (1: no
    first pass at all).

    Example:
        >>> fp = FirstPass(sample=20)
        >>> fp.positions(19), fp.positions(40)[:4], FirstPass(max_share=1.0).positions(100)
        ([], [0, 2, 4, 6], [])
        >>> archive = fp.archive([["AI", "NVIDIA"]] * 15 + [["AI"]] * 5)
        >>> fp.note(archive)
        'on most of 20 sampled posts, so demoted: AI (100%), NVIDIA (75%)'
        >>> fp.archive([["AI"]] * 19) is None  # too few documents could be tagged
        True
    """

    sample: int = DEFAULT_SAMPLE
    max_share: float = DEFAULT_MAX_SHARE

    @property
    def on(self) -> bool:
        """Whether there is a first pass (``max_share`` 1 demotes nothing; a sample under
        :data:`MIN_ARCHIVE_DOCS` can never make an archive)."""
        return self.max_share < 1 and not 0 < self.sample < MIN_ARCHIVE_DOCS

    def positions(self, n: int) -> list[int]:
        """Which of ``n`` documents (by position) the first pass tags: none when it is off or for fewer than
        :data:`MIN_ARCHIVE_DOCS` documents, else :func:`sample_indices`."""
        if not self.on or n < MIN_ARCHIVE_DOCS:
            return []
        return sample_indices(n, self.sample)

    def archive(self, tag_lists: Iterable[Sequence[str]]) -> ArchiveTags | None:
        """The frequencies of the tags of the documents that could be tagged (one list each, in the order of their
        positions: the first spelling of a tag names it), or None when fewer than :data:`MIN_ARCHIVE_DOCS` were."""
        archive = ArchiveTags.count(tag_lists)
        return archive if archive.docs >= MIN_ARCHIVE_DOCS else None

    def note(self, archive: ArchiveTags) -> str | None:
        """What a command says about the tags ``archive`` demotes (the eight most frequent), or None for none."""
        over = archive.over(self.max_share)
        if not over:
            return None
        shares = ", ".join(f"{t} ({s:.0%})" for t, s in over[:8])
        return f"on most of {archive.docs} sampled posts, so demoted: {shares}"
