"""Suggested tags from entities and topics, each with a score in [0, 1] and its reasons.

Entity tags come from the salient companies, products, people, events and laws (under the entry's first
``tags`` name or its canonical name), with an optional roll-up to the parent (Trainium -> AWS). Topic tags
come from ``dictionaries/topics.yaml``: terms matched as whole Sudachi token sequences, plus entity ids and
kinds. Scores weigh frequency, how early the first mention is, and presence in the title. Order is
deterministic: score, then name.

Example:
    >>> from jpnews_tags.models import Entity
    >>> e = Entity(start=0, end=3, text="AWS", label="ORG", kind="company", canonical="Amazon Web Services",
    ...            id="aws", confidence=0.95, source="gazetteer")
    >>> [t.tag for t in entity_tags([e, e], text_length=100, title_ids={"aws"}, tag_names={})]
    ['Amazon Web Services']
"""

from __future__ import annotations

import bisect
import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .gazetteer import TermIndex
from .models import Entity, Tag
from .tokenization import Tokens

#: Topics rank a little below the named entities an article is about.
TOPIC_WEIGHT = 0.85
ENTITY_LABEL_WEIGHT = {"ORG": 1.0, "PRODUCT": 1.0, "PERSON": 0.9, "EVENT": 0.85, "LAW": 0.85}


@dataclass
class TagOptions:
    """How many tags, how good, and whether to roll products up to their parents."""

    max_tags: int = 8
    min_score: float = 0.3
    rollup_depth: int = 1
    rollup_factor: float = 0.7


@dataclass
class _Acc:
    count: int = 0
    first: int = 1 << 62
    conf: float = 0.0
    in_title: bool = False
    texts: dict[str, int] = field(default_factory=dict)


def _pos_weight(first: int, length: int) -> float:
    return 1.0 - min(1.0, first / max(1, length))


def _score(count: float, first: int, length: int, in_title: bool) -> float:
    s = 0.5 * (1 - math.exp(-count / 2.5)) + 0.2 * _pos_weight(first, length) + (0.3 if in_title else 0.0)
    return max(0.0, min(1.0, s))


def entity_tags(
    entities: Sequence[Entity],
    *,
    text_length: int,
    title_ids: set[str],
    tag_names: Mapping[str, str],
    parents: Mapping[str, str | None] | None = None,
    parent_names: Mapping[str, str] | None = None,
    options: TagOptions | None = None,
) -> list[Tag]:
    """Tags for the named entities, grouped by id (or canonical name)."""
    opts = options or TagOptions()
    groups: dict[str, _Acc] = {}
    meta: dict[str, Entity] = {}
    for e in entities:
        if e.label not in ENTITY_LABEL_WEIGHT or not e.canonical:
            continue
        k = e.id or f"~{e.canonical}"
        acc = groups.setdefault(k, _Acc())
        acc.count += 1
        acc.first = min(acc.first, e.start)
        acc.conf = max(acc.conf, e.confidence)
        acc.texts[e.text] = acc.texts.get(e.text, 0) + 1
        acc.in_title = acc.in_title or (e.id is not None and e.id in title_ids)
        meta.setdefault(k, e)
    tags: list[Tag] = []
    for k, acc in groups.items():
        e = meta[k]
        w = ENTITY_LABEL_WEIGHT[e.label] * acc.conf
        score = round(_score(acc.count, acc.first, text_length, acc.in_title) * w, 4)
        forms = ", ".join(f"{t}×{n}" for t, n in sorted(acc.texts.items(), key=lambda x: (-x[1], x[0])))
        where = "in the title and " if acc.in_title else ""
        reason = (
            f"{e.label} {e.canonical} ({e.kind}) {where}mentioned {acc.count} time(s) as {forms}; "
            f"first at {100 * acc.first // max(1, text_length)}% of the text"
        )
        name = tag_names.get(e.id or "", e.canonical or e.text)
        tags.append(Tag(tag=name, score=score, reasons=[reason], source="entity", id=e.id))
        # Roll up to the parent (Trainium -> AWS), lower score.
        pid = e.parent
        depth = 0
        factor = 1.0
        while pid and depth < opts.rollup_depth and parents is not None and parent_names is not None:
            depth += 1
            factor *= opts.rollup_factor
            pname = parent_names.get(pid)
            if pname:
                tags.append(
                    Tag(
                        tag=pname,
                        score=round(score * factor, 4),
                        reasons=[f"parent of {e.canonical} ({acc.count} mention(s))"],
                        source="entity",
                        id=pid,
                    )
                )
            pid = parents.get(pid)
    return tags


@dataclass(frozen=True)
class TopicSpec:
    id: str
    name: str
    entities: frozenset[str]
    kinds: frozenset[str]


def topic_tags(
    topics: Sequence[TopicSpec],
    terms: TermIndex[int],
    tokens: Tokens,
    text: str,
    entities: Sequence[Entity],
    title: str | None,
    title_tokens: Tokens | None,
) -> list[Tag]:
    """Tags for topics whose terms or entities appear."""
    hits: dict[int, list[tuple[int, str]]] = {}
    # A term inside a named entity (政府 in 米国政府) is already counted through that entity.
    starts = [e.start for e in entities]
    for start, end, payload in terms.spans(tokens, text):
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and entities[i].end >= end and entities[i].label in ENTITY_LABEL_WEIGHT:
            continue
        for t in payload:
            hits.setdefault(t, []).append((start, text[start:end]))
    title_hits: set[int] = set()
    if title and title_tokens is not None:
        for _s, _e, payload in terms.spans(title_tokens, title):
            title_hits.update(payload)
    by_id: dict[str, list[Entity]] = {}
    by_kind: dict[str, list[Entity]] = {}
    for e in entities:
        if e.id:
            by_id.setdefault(e.id, []).append(e)
        if e.kind:
            by_kind.setdefault(e.kind, []).append(e)
    out: list[Tag] = []
    for i, topic in enumerate(topics):
        term_hits = hits.get(i, [])
        ent_hits = [e for eid in topic.entities for e in by_id.get(eid, ())]
        ent_hits += [e for kind in topic.kinds for e in by_kind.get(kind, ()) if e.id not in topic.entities]
        if not term_hits and not ent_hits:
            continue
        n = len(term_hits) + 0.5 * len(ent_hits)
        first = min([s for s, _ in term_hits] + [e.start for e in ent_hits])
        score = round(_score(n, first, len(text), i in title_hits) * TOPIC_WEIGHT, 4)
        reasons = []
        if term_hits:
            counts: dict[str, int] = {}
            for _, term in term_hits:
                counts[term] = counts.get(term, 0) + 1
            ranked = sorted(counts.items(), key=lambda x: (-x[1], x[0]))[:5]
            shown = ", ".join(f"{term}×{c}" for term, c in ranked)
            reasons.append(f"terms {shown}" + (" (also in the title)" if i in title_hits else ""))
        if ent_hits:
            names = sorted({e.canonical or e.text for e in ent_hits})[:5]
            reasons.append(f"entities {', '.join(names)}")
        out.append(Tag(tag=topic.name, score=score, reasons=reasons, source="topic", id=topic.id))
    return out


def _tag_key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold().replace(" ", "")


def merge_and_rank(tags: Sequence[Tag], options: TagOptions | None = None) -> list[Tag]:
    """Merge tags that differ only by width/case/spaces, keep the best score, cut and sort."""
    opts = options or TagOptions()
    merged: dict[str, Tag] = {}
    for t in tags:
        k = _tag_key(t.tag)
        prev = merged.get(k)
        if prev is None:
            merged[k] = t
            continue
        best, other = (t, prev) if t.score > prev.score else (prev, t)
        reasons = best.reasons + [r for r in other.reasons if r not in best.reasons]
        score = min(1.0, best.score + 0.1 * other.score)
        merged[k] = Tag(tag=best.tag, score=round(score, 4), reasons=reasons, source=best.source, id=best.id)
    ranked = sorted(merged.values(), key=lambda t: (-t.score, t.tag))
    return [t for t in ranked if t.score >= opts.min_score][: opts.max_tags]
