"""spaCy integration: the ``jpnews_tags`` pipeline component.

Registered through the ``spacy_factories`` entry point, so no import is needed::

    import spacy
    nlp = spacy.blank("ja")
    nlp.add_pipe("jpnews_tags")
    doc = nlp("米OpenAIとAWSが提携")
    [(e.text, e.label_, e.kb_id_) for e in doc.ents]   # [('OpenAI', 'ORG', 'openai'), ('AWS', 'ORG', ...)]
    doc._.jpnews_tags                                   # [{"tag": ..., "score": ..., "reasons": [...]}, ...]

Overlap policy with entities already on the Doc (e.g. after ja_ginza's ``ner``):

- ``overlap="replace"`` (default): our entities win; existing entities that overlap one of ours are dropped,
  the others are kept.
- ``overlap="keep"``: existing entities win; ours are added only where they overlap nothing.

Character offsets that fall inside a spaCy token are expanded to token boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..analyzer import AnalyzerOptions
from ..tagging.tagger import TagOptions

if TYPE_CHECKING:
    from ..models import Analysis

OVERLAP_POLICIES = ("replace", "keep")


class JpnewsTagsComponent:
    """Sets ``doc.ents`` (``kb_id_`` = entity id) and ``doc._.jpnews_tags`` / ``doc._.jpnews_entities``."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        user_dictionaries: list[str],
        overlap: str,
        max_tags: int,
        min_score: float,
        package_dictionaries: bool = True,
    ) -> None:
        if overlap not in OVERLAP_POLICIES:
            raise ValueError(f"overlap must be one of {OVERLAP_POLICIES}, not {overlap!r}")
        self.name = name
        self.overlap = overlap
        self.options = AnalyzerOptions(
            tuple(user_dictionaries),
            package_dictionaries=package_dictionaries,
            tag_options=TagOptions(max_tags=max_tags, min_score=min_score),
        )
        self.analyzer = self.options.build()
        for ext in ("jpnews_tags", "jpnews_entities"):
            if not Doc.has_extension(ext):
                Doc.set_extension(ext, default=None)

    def __call__(self, doc: Doc) -> Doc:
        return self._apply(doc, self.analyzer.analyze(doc.text))

    def _apply(self, doc: Doc, analysis: Analysis) -> Doc:
        ours: list[Span] = []
        for e in analysis.entities:
            span = doc.char_span(e.start, e.end, label=e.label, kb_id=e.id or "", alignment_mode="expand")
            if span is not None:
                ours.append(span)
        ours = filter_spans(ours)
        existing = list(doc.ents)

        def overlaps(a: Span, spans: list[Span]) -> bool:
            return any(a.start < b.end and b.start < a.end for b in spans)

        if self.overlap == "replace":
            merged = ours + [s for s in existing if not overlaps(s, ours)]
        else:
            merged = existing + [s for s in ours if not overlaps(s, existing)]
        doc.ents = sorted(merged, key=lambda s: s.start)
        doc._.jpnews_tags = [t.model_dump(mode="json") for t in analysis.tags]
        doc._.jpnews_entities = analysis.entities
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """``nlp.pipe``: the texts of each batch go through :meth:`Analyzer.pipe` (faster than one by one)."""
        it = iter(stream)
        while batch := list(islice(it, max(1, batch_size))):
            for doc, analysis in zip(batch, self.analyzer.pipe([d.text for d in batch]), strict=True):
                yield self._apply(doc, analysis)


@Language.factory(
    "jpnews_tags",
    default_config={
        "user_dictionaries": [],
        "overlap": "replace",
        "max_tags": TagOptions.max_tags,
        "min_score": TagOptions.min_score,
        "package_dictionaries": True,
    },
)
def make_jpnews_tags(
    nlp: Language,
    name: str,
    user_dictionaries: list[str],
    overlap: str,
    max_tags: int,
    min_score: float,
    package_dictionaries: bool,
) -> Any:
    return JpnewsTagsComponent(nlp, name, user_dictionaries, overlap, max_tags, min_score, package_dictionaries)
