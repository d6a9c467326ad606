"""Salience: how central each entity is to the text, and the entities grouped by identity.

Mentions of one entity are grouped by dictionary id (AWS, Amazon Web Services and アマゾン・ウェブ・サービス are one
group) or, for names without an id, by label and canonical name. A group's salience in [0, 1] weighs
frequency (0.35), presence in the title (0.25), a mention in the lead (0.2), in a heading (0.1), and spread
over paragraphs (0.1); :mod:`jpnews_tags.text.layout` says where the lead and headings are. Mentions in a
boilerplate zone (``Entity.zone``: related-article lists, credits, bylines) are not grouped: they say nothing of
what the text is about.

Example:
    >>> from jpnews_tags.models import Entity
    >>> e = lambda s, t: Entity(start=s, end=s + len(t), text=t, label="ORG", kind="company",
    ...                         canonical="Amazon Web Services", id="aws", confidence=0.9, source="gazetteer")
    >>> text = "AWSが発表。\\n\\nAmazon Web Servicesは..."
    >>> [(g.canonical, g.count, g.salience) for g in group_entities(text, [e(0, "AWS"), e(9, "Amazon Web Services")])]
    [('Amazon Web Services', 2, 0.47)]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..lexicon.schema import NAMED_LABELS as _NAMED_LABELS
from ..models import Entity, EntityGroup, Mention
from ..text.layout import Layout

NAMED_LABELS = frozenset(_NAMED_LABELS)  # the labels of names: the lexicon's one list


def group_entities(
    text: str, entities: Sequence[Entity], title_ids: set[str] | None = None, layout: Layout | None = None
) -> list[EntityGroup]:
    """Named entities grouped by identity, most salient first."""
    title_ids = title_ids or set()
    layout = layout or Layout.of(text)
    n_paras = layout.content_paragraphs or len(layout.paragraph_starts)
    groups: dict[tuple[str, ...], list[Entity]] = {}
    for e in entities:
        if e.label not in NAMED_LABELS or e.zone is not None:
            continue
        k = ("id", e.id) if e.id else ("name", e.label, e.canonical or e.text)
        groups.setdefault(k, []).append(e)
    out: list[EntityGroup] = []
    for members in groups.values():
        first = members[0]
        ordered = sorted(e.start for e in members)
        paras = layout.paragraphs_hit(ordered)
        in_heading = bool(layout.headings) and layout.heading_count(ordered) > 0
        score = (
            0.35 * (1 - math.exp(-len(members) / 3))
            + (0.25 if first.id and first.id in title_ids else 0.0)
            + (0.2 if layout.in_lead(first.start) else 0.0)
            + (0.1 if in_heading else 0.0)
            + 0.1 * (paras / n_paras)
        )
        out.append(
            EntityGroup(
                id=first.id,
                canonical=first.canonical or first.text,
                label=first.label,
                kind=first.kind,
                salience=round(min(1.0, score), 3),
                count=len(members),
                # built from validated entities: not validated again (a quarter of a million per 1,000 posts)
                mentions=[Mention.model_construct(start=e.start, end=e.end, text=e.text) for e in members],
            )
        )
    out.sort(key=lambda g: (-g.salience, g.mentions[0].start))
    return out
