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

Texts of any length: spaCy's Japanese tokenizer hands the whole text to SudachiPy, which refuses more than
49,149 bytes (about 16,000 Japanese characters). Adding the component therefore wraps the pipeline's tokenizer in
:class:`LongTextTokenizer` (config ``long_texts``, default true): a longer text is cut where
:mod:`jpnews_tags.text.tokenization` cuts (paragraph, line, then sentence ends), each piece goes through the
pipeline's own tokenizer, and the pieces' Docs are joined into one Doc of the whole text; a shorter text gets
exactly the Doc it got before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..analyzer import AnalyzerOptions
from ..tagging.tagger import TagOptions
from ..text.tokenization import SUDACHI_MAX_BYTES, split_chunks

if TYPE_CHECKING:
    from ..models import Analysis

OVERLAP_POLICIES = ("replace", "keep")


class LongTextTokenizer:
    """A pipeline tokenizer for texts of any length, around one that has a length limit (spaCy's Japanese
    tokenizer, GiNZA's: SudachiPy refuses more than 49,149 bytes).

    A text within ``max_bytes`` (UTF-8) goes to the wrapped tokenizer as it is. A longer one is cut with
    :func:`jpnews_tags.text.tokenization.split_chunks` (at paragraph breaks, then line breaks, then sentence
    ends, where no word runs across), each piece is tokenized by the wrapped tokenizer, and the Docs are joined
    with ``Doc.from_docs``: the tokens keep every attribute the wrapped tokenizer set (tag, POS, lemma, norm,
    morphology, Sudachi's sub-tokens), and ``doc.text`` is the whole text. Serialization goes to the wrapped
    tokenizer, so a saved pipeline loads as before.
    """

    def __init__(self, tokenizer: Any, max_bytes: int = SUDACHI_MAX_BYTES) -> None:
        self.tokenizer = tokenizer
        self.max_bytes = max_bytes

    def __call__(self, text: str) -> Doc:
        pieces = [piece for _, piece in split_chunks(text, self.max_bytes)]
        if len(pieces) <= 1:
            return self.tokenizer(text)  # type: ignore[no-any-return]
        docs = [self.tokenizer(piece) for piece in pieces]
        doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["user_data"])  # type: ignore[call-arg]
        if any("sub_tokens" in d.user_data for d in docs):  # split modes B and C: one list entry per token
            doc.user_data["sub_tokens"] = [t for d in docs for t in d.user_data.get("sub_tokens") or [None] * len(d)]
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def __reduce__(self) -> tuple[Any, ...]:
        return LongTextTokenizer, (self.tokenizer, self.max_bytes)

    def __getattr__(self, name: str) -> Any:  # split_mode, score ... of the wrapped tokenizer
        if name.startswith("__") or name == "tokenizer":
            raise AttributeError(name)
        return getattr(self.tokenizer, name)

    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)  # type: ignore[no-any-return]

    def from_bytes(self, data: bytes, **kwargs: Any) -> LongTextTokenizer:
        self.tokenizer = self.tokenizer.from_bytes(data, **kwargs)
        return self

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path: str | Path, **kwargs: Any) -> LongTextTokenizer:
        self.tokenizer = self.tokenizer.from_disk(path, **kwargs)
        return self


def allow_long_texts(nlp: Language) -> None:
    """Wrap the tokenizer of a Japanese pipeline in :class:`LongTextTokenizer` (once); other pipelines are left
    alone. Adding the ``jpnews_tags`` component does this unless its config says ``long_texts = false``."""
    if nlp.lang == "ja" and not isinstance(nlp.tokenizer, LongTextTokenizer):
        nlp.tokenizer = LongTextTokenizer(nlp.tokenizer)


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
        long_texts: bool = True,
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
        if long_texts:
            allow_long_texts(nlp)

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
        "long_texts": True,
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
    long_texts: bool,
) -> Any:
    return JpnewsTagsComponent(
        nlp, name, user_dictionaries, overlap, max_tags, min_score, package_dictionaries, long_texts
    )
