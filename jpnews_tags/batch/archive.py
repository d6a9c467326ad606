"""The first pass of a batch run: the tag frequencies of the archive (site-aware tags, docs/tags.md).

:func:`with_archive_tags` tags a sample of the run's documents in this process (every document up to
``archive_sample``, evenly spaced ones beyond), counts the posts carrying each tag, and returns the configuration
whose analyzer options carry them (``TagOptions.archive``): the workers then demote the tags that land on most
posts. With fewer than :data:`~jpnews_tags.tagging.site.MIN_ARCHIVE_DOCS` documents, or ``max_tag_share`` 1,
nothing is done. The frequencies are not part of the run's fingerprint, so a run resumed after posts were added
goes on (with the frequencies of the archive as it is then).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from typing import TextIO

from ..tagging.site import MIN_ARCHIVE_DOCS, ArchiveTags, sample_indices
from ..tagging.tagger import TagOptions
from .config import BatchConfig
from .inputs import iter_sources, process_sources


def archive_tags(cfg: BatchConfig, skip: Sequence[str], err: TextIO | None = None) -> ArchiveTags | None:
    """The tag frequencies of a sample of ``cfg``'s documents, or None when there is nothing to demote."""
    options = cfg.analyzer.tag_options or TagOptions()
    if options.max_tag_share >= 1:
        return None
    n = sum(1 for _ in iter_sources(cfg.inputs, cfg.include, cfg.exclude, skip))
    if n < MIN_ARCHIVE_DOCS:
        return None
    wanted = sample_indices(n, cfg.archive_sample)
    if err is not None and cfg.progress != "none":
        err.write(f"jpnews-tags: tagging {len(wanted):,} of {n:,} documents for the archive's tag frequencies\n")
    it = iter_sources(cfg.inputs, cfg.include, cfg.exclude, skip)
    analyzer = dataclasses.replace(cfg.analyzer, tag_options=dataclasses.replace(options, archive=None)).build()
    lists: list[list[str]] = []
    pos = 0
    for i in wanted:
        src = next(itertools.islice(it, i - pos, None), None)
        pos = i + 1
        if src is None:
            break
        (outcome,) = process_sources(analyzer, [src], max_chars=cfg.max_doc_chars)
        if outcome.error_kind is None:
            lists.append([t["tag"] for t in outcome.record["tags"]])
    archive = ArchiveTags.count(lists)
    return archive if archive.docs >= MIN_ARCHIVE_DOCS else None


def with_archive_tags(cfg: BatchConfig, skip: Sequence[str], err: TextIO | None = None) -> BatchConfig:
    """``cfg`` with the archive's tag frequencies in its analyzer options (unchanged when there are none)."""
    archive = archive_tags(cfg, skip, err)
    if archive is None:
        return cfg
    options = cfg.analyzer.tag_options or TagOptions()
    over = archive.over(options.max_tag_share)
    if err is not None and over and cfg.progress != "none":
        shares = ", ".join(f"{t} ({s:.0%})" for t, s in over[:8])
        err.write(f"jpnews-tags: demoted, on most of {archive.docs} sampled posts: {shares}\n")
    tag_options = dataclasses.replace(options, archive=archive)
    return dataclasses.replace(cfg, analyzer=dataclasses.replace(cfg.analyzer, tag_options=tag_options))
