"""Salience: how central each entity is to the text, and the entities grouped by identity.

Mentions of one entity are grouped by dictionary id (AWS, Amazon Web Services and アマゾン・ウェブ・サービス are one
group) or, for names without an id, by label and canonical name. A group's salience in [0, 1] weighs
frequency (0.35), presence in the title (0.25), a mention in the lead, the first paragraph or the first 15% of
the text (0.2), in a Markdown heading (0.1), and spread over paragraphs (0.1).

Example:
    >>> from jpnews_tags.models import Entity
    >>> e = lambda s, t: Entity(start=s, end=s + len(t), text=t, label="ORG", kind="company",
    ...                         canonical="Amazon Web Services", id="aws", confidence=0.9, source="gazetteer")
    >>> text = "AWSが発表。\\n\\nAmazon Web Servicesは..."
    >>> [(g.canonical, g.count, g.salience) for g in group_entities(text, [e(0, "AWS"), e(9, "Amazon Web Services")])]
    [('Amazon Web Services', 2, 0.47)]
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence

from .models import Entity, EntityGroup, Mention

NAMED_LABELS = frozenset({"ORG", "PRODUCT", "PERSON", "GPE", "LOC", "EVENT", "LAW"})
_PARAGRAPH = re.compile(r"\n\s*\n")
_HEADING = re.compile(r"^#{1,6} .*$", re.M)


def group_entities(text: str, entities: Sequence[Entity], title_ids: set[str] | None = None) -> list[EntityGroup]:
    """Named entities grouped by identity, most salient first."""
    title_ids = title_ids or set()
    para_starts = [0, *(m.end() for m in _PARAGRAPH.finditer(text))]
    n_paras = len(para_starts)
    first_para_end = para_starts[1] if n_paras > 1 else len(text)
    lead_end = max(first_para_end, int(len(text) * 0.15))
    headings = [m.span() for m in _HEADING.finditer(text)]
    groups: dict[tuple[str, ...], list[Entity]] = {}
    for e in entities:
        if e.label not in NAMED_LABELS:
            continue
        k = ("id", e.id) if e.id else ("name", e.label, e.canonical or e.text)
        groups.setdefault(k, []).append(e)
    out: list[EntityGroup] = []
    for members in groups.values():
        first = members[0]
        paras = {bisect.bisect_right(para_starts, e.start) for e in members}
        in_heading = any(hs <= e.start < he for e in members for hs, he in headings)
        score = (
            0.35 * (1 - math.exp(-len(members) / 3))
            + (0.25 if first.id and first.id in title_ids else 0.0)
            + (0.2 if first.start < lead_end else 0.0)
            + (0.1 if in_heading else 0.0)
            + 0.1 * (len(paras) / n_paras)
        )
        out.append(
            EntityGroup(
                id=first.id,
                canonical=first.canonical or first.text,
                label=first.label,
                kind=first.kind,
                salience=round(min(1.0, score), 3),
                count=len(members),
                mentions=[Mention(start=e.start, end=e.end, text=e.text) for e in members],
            )
        )
    out.sort(key=lambda g: (-g.salience, g.mentions[0].start))
    return out
