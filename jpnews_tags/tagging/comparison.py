"""Comparing our tags with a document's existing tags, and saying why each difference exists.

Used by ``bench/tags_report.py`` to compare jpnews-tags with the keyword-grep tags of an archive. Each existing
tag we do not suggest is put in one class:

- ``below_cut``: we saw it (an entity or topic candidate mapped to that tag) but scored it under the cut;
- ``substring_artefact``: the tag's name occurs only inside longer Latin words ("meta" in "metadata", "rag" in
  "storage"): a grep match, not a mention;
- ``case_artefact``: it occurs as a word only in another case (XAI, explainable AI, for the company xAI);
- ``no_mention``: the tag's name does not occur at all (a grep rule fired on another keyword, e.g. "gpu" -> NVIDIA);
- ``missed``: the name occurs as a word but we found nothing behind it (possibly our miss).

Example:
    >>> d = compare_tags(["Meta", "AI"], ["AI"], set(), "We store metadata in the AI system.")
    >>> d.agreed, d.reasons
    (['AI'], {'Meta': 'substring_artefact'})
    >>> literal_class("xAI", "説明可能なAI（XAI）"), literal_class("xAI", "xAIのGrok")
    ('case_artefact', 'missed')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .names import tag_key

DIFF_CLASSES = ("below_cut", "substring_artefact", "case_artefact", "no_mention", "missed")


@dataclass
class TagDiff:
    """How one document's existing tags and our tags differ."""

    agreed: list[str] = field(default_factory=list)
    only_existing: list[str] = field(default_factory=list)
    only_ours: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # existing-only tag -> class


def literal_class(name: str, text: str) -> str:
    """Whether ``name`` occurs in ``text`` as a word (``missed``), only as a word in another case
    (``case_artefact``), only inside longer Latin words (``substring_artefact``), or not at all (``no_mention``)."""
    hits = [m.start() for m in re.finditer(re.escape(name), text, re.I)]
    if not hits:
        return "no_mention"
    latin_edges = name[:1].isascii() and name[:1].isalnum(), name[-1:].isascii() and name[-1:].isalnum()
    other_case = False
    for s in hits:
        e = s + len(name)
        before = text[s - 1] if s > 0 else ""
        after = text[e] if e < len(text) else ""
        glued = (latin_edges[0] and before.isascii() and before.isalpha()) or (
            latin_edges[1] and after.isascii() and after.isalpha()
        )
        if not glued:
            if text[s:e] == name:
                return "missed"
            other_case = True
    return "case_artefact" if other_case else "substring_artefact"


def compare_tags(existing: Sequence[str], ours: Sequence[str], seen: Iterable[str], text: str) -> TagDiff:
    """Compare tag lists; ``seen`` holds every tag we considered (candidates before the cut)."""
    ours_keys = {tag_key(t) for t in ours}
    existing_keys = {tag_key(t) for t in existing}
    seen_keys = {tag_key(t) for t in seen}
    d = TagDiff()
    for t in existing:
        if tag_key(t) in ours_keys:
            d.agreed.append(t)
            continue
        d.only_existing.append(t)
        d.reasons[t] = "below_cut" if tag_key(t) in seen_keys else literal_class(t, text)
    d.only_ours = [t for t in ours if tag_key(t) not in existing_keys]
    return d
