"""The first pass of a batch run: the tag frequencies of the archive (site-aware tags, docs/tags.md).

:class:`ArchivePass` holds what the first pass of a run knows. Which documents it tags and what their tags make
of the archive is the rule every command shares (:class:`~jpnews_tags.tagging.site.FirstPass`); the tagging
itself is done by the run's own workers (:meth:`jpnews_tags.batch.workers.Worker.sample`, in the pool with every
worker, or in-process with one), chunk by chunk as the run's chunks are, before the run itself. The workers then
demote the tags on most posts: each of the run's tasks carries the frequencies (cut to the tags demoted, see
:meth:`~jpnews_tags.tagging.site.ArchiveTags.demoting`).

The documents of the first pass are not analyzed twice: the first pass keeps each one's record and its tag
candidates before the demotion (at most :data:`MAX_KEPT` of them), and when the run reaches that document its
record is only re-tagged with the archive's frequencies (:func:`~jpnews_tags.tagging.tagger.rank_tags`, the
step the analyzer itself would end with) and written as it comes, in its place: the output is the same as if it
had been analyzed again. A document whose content changed since (its hash), or that the first pass could not
analyze, is analyzed in the run as any other.

With fewer than :data:`~jpnews_tags.tagging.site.MIN_ARCHIVE_DOCS` documents, or ``max_tag_share`` 1, nothing is
done. The first pass samples every document of the inputs, those a resumed run has already done too, so a resumed
run demotes as the first run did; the frequencies are not part of the run's fingerprint, so a run resumed after
posts were added goes on (with the frequencies of the archive as it is then).
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO

from ..tagging.site import ArchiveTags, FirstPass
from ..tagging.tagger import TagOptions, rank_tags
from .config import BatchConfig
from .inputs import Source, iter_sources, source_hash
from .records import record_line
from .workers import Row, Sampled

__all__ = ["MAX_KEPT", "ArchivePass", "Ready"]

#: Documents of the first pass whose analyses are kept for the run (each is a record with its entities and some
#: tens of tag candidates, a few tens of kB); the others of a larger sample (``--archive-sample`` 0 on a large
#: archive) are analyzed again in the run.
MAX_KEPT = 1000


@dataclass(frozen=True, slots=True)
class Ready:
    """A document of the run whose row the first pass made: no worker sees it again."""

    row: Row


class ArchivePass:
    """The first pass of a run over ``cfg``'s inputs: :meth:`sources` to tag, :meth:`add` their results (in
    order), :meth:`finish` for the archive's frequencies, then :meth:`take` a kept document's row in the run.

    Counting the documents (a walk of the inputs) is done when it is made; ``err`` gets the notes (unless
    ``cfg.progress`` is ``none``).
    """

    def __init__(self, cfg: BatchConfig, skip: Sequence[str], err: TextIO | None = None) -> None:
        self.cfg = cfg
        self.skip = skip
        self.err = err if cfg.progress != "none" else None
        self.options = cfg.analyzer.tag_options or TagOptions()
        self.rule = FirstPass(cfg.archive_sample, self.options.max_tag_share)
        #: the frequencies the run tags with (cut to the tags demoted; None: the analyzer options' own, if any)
        self.archive: ArchiveTags | None = None
        self._lists: list[list[str]] = []
        self._kept: dict[int, Sampled] = {}
        self.positions: list[int] = []
        if self.rule.on:
            n = sum(1 for _ in self._all())
            self.positions = self.rule.positions(n)
            if self.positions and self.err is not None:
                self.err.write(
                    f"jpnews-tags: tagging {len(self.positions):,} of {n:,} documents for the archive's tag "
                    "frequencies\n"
                )
        self._waiting = deque(self.positions)

    def _all(self) -> Iterator[Source]:
        return iter_sources(self.cfg.inputs, self.cfg.include, self.cfg.exclude, self.skip)

    def sources(self) -> Iterator[Source]:
        """The documents to tag, in order (none when there is no first pass)."""
        if not self.positions:
            return
        want = iter(self.positions)
        nxt = next(want)
        for i, src in enumerate(self._all()):
            if i == nxt:
                yield src
                nxt = next(want, -1)
                if nxt < 0:
                    return

    def add(self, results: Sequence[Sampled]) -> None:
        """The results of the next documents of :meth:`sources`, in their order."""
        for s in results:
            pos = self._waiting.popleft()
            if s.tags is None:
                continue
            self._lists.append(s.tags)
            if s.candidates is not None and s.record is not None and len(self._kept) < MAX_KEPT:
                self._kept[pos] = s

    def failed(self, src: Source, message: str, kind: str) -> None:
        """The next document of :meth:`sources` could not be tagged (its worker died): left out, as errors are."""
        self.add([Sampled(None)])

    def finish(self) -> ArchiveTags | None:
        """The archive's frequencies (None when there are none: nothing is demoted), once every result is in;
        the note naming the tags demoted goes to ``err``."""
        archive = self.rule.archive(self._lists) if self.positions else None
        self._lists = []
        if archive is None:
            return None
        note = self.rule.note(archive)
        if note and self.err is not None:
            self.err.write(f"jpnews-tags: note: {note}\n")
        self.archive = archive.demoting(self.rule.max_share)
        self.options = dataclasses.replace(self.options, archive=self.archive)
        return self.archive

    def take(self, position: int, src: Source) -> tuple[Ready, bytes] | None:
        """The row of the document at ``position`` of the inputs, finished from the first pass, with its resume
        key; None when the first pass kept nothing of it (or its content changed since). Each is taken once."""
        s = self._kept.pop(position, None)
        if s is None or s.record is None or s.candidates is None:
            return None
        if source_hash(src) != s.record["content_hash"]:
            return None
        tags = [t.model_dump(mode="json") for t in rank_tags(s.candidates, self.options)]
        record = {**s.record, "tags": tags}
        return Ready((record_line(record), s.key, None, len(record["entities"]), len(tags), s.size)), s.key

    @property
    def kept(self) -> int:
        """How many documents of the first pass are waiting to be taken."""
        return len(self._kept)
