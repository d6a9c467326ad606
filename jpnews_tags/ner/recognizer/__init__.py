"""The recognizer: a learned labeler of names the dictionary does not hold.

It looks only where an unknown name can be (:mod:`.regions`: katakana and Latin runs and Sudachi proper nouns
outside known entities), describes each token there by its shape, part of speech, novelty to Sudachi and
context (:mod:`.features`), and labels it with a linear model (:mod:`.model`) trained by ``jpnews-tags train``
on the analyzer's own confident output over an archive (:mod:`jpnews_tags.training`). Its entities have
``source: "model"``, ``id: null``, their surface as canonical name and a calibrated ``confidence``; they never
overlap a dictionary entity (the caller merges them after every other stage).

Example:
    >>> import numpy as np
    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> from jpnews_tags.ner.recognizer.features import hash_features
    >>> tok = Tokenizer()
    >>> text = "米ゼノバイトが新型チップを発表した"
    >>> w = np.zeros((1 << 10, len(LABELS)), dtype=np.float32)
    >>> w[hash_features(["oov=1"], 1 << 10)[0], LABELS.index("B-ORG")] = 5.0
    >>> r = Recognizer(LinearModel.from_dense(w), tok)
    >>> [(e.text, e.label, e.source) for e in r.recognize(text, tok.tokenize(text), [])]
    [('ゼノバイト', 'ORG', 'model')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ...models import Entity, EntityLabel
from ...text.scripts import KANJI_WORD, KATAKANA, LATIN_ALNUM, in_latin_prose, latin_boundaries_ok
from ...text.tokenization import Tokenizer, Tokens
from ..discovery.places import overrulable, place_type
from .features import RegionFeatures
from .model import LABELS, TYPES, LinearModel, ModelError, Span, default_model_path
from .regions import candidate_regions

__all__ = [
    "LABELS",
    "TYPES",
    "LinearModel",
    "ModelError",
    "Recognizer",
    "Span",
    "default_model_path",
    "overrulable",
]

#: Default confidence a recognized name needs (``Analyzer(recognizer_threshold=...)``, ``--model-threshold``).
DEFAULT_THRESHOLD = 0.5
_NOT_AN_EDGE = frozenset(" \u3000・･&-.")
_KINDS = {"ORG": "organization", "PRODUCT": "product", "PERSON": "person", "EVENT": "event", "LAW": "law"}
_NUMERIC = frozenset({"MONEY", "QUANTITY", "PERCENT", "DATE"})


_NAME_CHAR = re.compile(r"[A-Za-zァ-ヺ\u4e00-\u9fff々]")


def _name_like(text: str, start: int, end: int) -> bool:
    """A span can be a name: two characters or more, a letter, kana or kanji among them, and not cut out of a
    Latin word or a number, hyphenated ones included (``s`` of Partners, ``321`` of A321XLR, ``RAN`` of AI-RAN,
    ``1 Europa`` of CA-1 Europa); and not words in lower case in English prose (can, numbers: the model learned
    from Japanese text, where a Latin word stands out; there, a name is capitalized)."""
    name = text[start:end]
    return (
        len(name) >= 2
        and _NAME_CHAR.search(name) is not None
        and latin_boundaries_ok(text, start, end, True)
        and not (_LOWER_WORDS.fullmatch(name) is not None and in_latin_prose(text, start, end))
    )


_LOWER_WORDS = re.compile(r"[a-z][a-z' -]*")


_KANJI_ONLY = re.compile(rf"[{KANJI_WORD}]+")
_KATAKANA_ONLY = re.compile(rf"[{KATAKANA}]+")
_LATIN_OR_DIGIT = re.compile(rf"[{LATIN_ALNUM}]")


class Recognizer:
    """A loaded model and the tokenizer whose words it was trained on; cheap to call, one thread."""

    def __init__(
        self, model: LinearModel, tokenizer: Tokenizer, threshold: float = DEFAULT_THRESHOLD, second_pass: bool = True
    ) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.threshold = threshold
        #: words a name never starts or ends with (lower-case English function words: ``latin_function_words`` of
        #: ``dictionaries/cues/names.yaml``, set by the analyzer): the model's "Go to" of "Go to Travel" is no name
        self.not_edges: frozenset[str] = frozenset()
        #: label again, with the names found as context, the regions next to one (see :meth:`recognize`)
        self.second_pass = second_pass
        #: heads of names (``heads.yaml``: 銀行, 研究所, 大学; set by the analyzer): a kanji name ending in one may be
        #: made of common words (中小企業銀行, 放電精密加工研究所), see :meth:`_common_piece`
        self.heads: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path | str | None, tokenizer: Tokenizer, threshold: float = DEFAULT_THRESHOLD) -> Recognizer:
        """The model at ``path`` (the shipped one for None); :class:`ModelError` when it cannot be used."""
        p = Path(path) if path is not None else default_model_path()
        if p is None:
            raise ModelError("no recognizer model is installed: train one with `jpnews-tags train`")
        return cls(LinearModel.load(p), tokenizer, threshold)

    def recognize(
        self, text: str, tokens: Tokens, entities: Sequence[Entity], decided: Sequence[tuple[int, int]] = ()
    ) -> list[Entity]:
        """Names in ``text`` (tokenized as ``tokens``) outside ``entities`` (everything found so far: not looked
        at again, and the named ones are context) and outside ``decided``: the
        spans where the dictionary matched an alias, kept or not (an ambiguous alias its context rejected, as
        bedrock in 地質学でいうbedrock, is the dictionary's decision, not an unknown name). In text order."""
        # every span already named is skipped: a name found here that overlaps one would be dropped anyway
        known = [(e.start, e.end) for e in entities]
        known += decided
        regions = candidate_regions(text, tokens, known, self.tokenizer.is_common_word)
        if not regions:
            return []
        context = [
            (e.start, e.end, "LOC" if e.label == "GPE" else e.label) for e in entities if e.label not in _NUMERIC
        ]
        feats = RegionFeatures(text, tokens, self.tokenizer.is_oov, context)
        found = self._label(text, tokens, feats, regions)
        if found and self.second_pass:
            # the names just found are context too (a list: OpenAI、Perplexity、Anthropic): the regions next to one
            # are labelled again with it as their neighbour
            named = [(e.start, e.end, e.label if e.label in TYPES else "LOC") for e in found]
            again = RegionFeatures(text, tokens, self.tokenizer.is_oov, sorted([*context, *named]))
            rows = tokens.rows
            changed = [
                (i, j)
                for i, j in regions
                if feats.neighbours(rows[i][0], rows[j - 1][1]) != again.neighbours(rows[i][0], rows[j - 1][1])
            ]
            if changed:
                redone = set(changed)
                kept = [
                    e for e in found if not any(rows[i][0] <= e.start and e.end <= rows[j - 1][1] for i, j in redone)
                ]
                found = sorted([*kept, *self._label(text, tokens, again, changed)], key=lambda e: e.start)
        return found

    def _label(
        self, text: str, tokens: Tokens, feats: RegionFeatures, regions: Sequence[tuple[int, int]]
    ) -> list[Entity]:
        """The names the model reads in ``regions``, described by ``feats``."""
        rows_of = self.model.rows_of
        rows: list[list[int]] = []
        for i, j in regions:
            common, per_token = feats.region_parts(i, j)
            shared = rows_of(common)  # looked up once for the whole region
            rows += ([*shared, *rows_of(f)] for f in per_token)
        probs = self.model.probs_of_rows(rows)
        out: list[Entity] = []
        k = 0
        for i, j in regions:
            p = probs[k : k + j - i]
            k += j - i
            surfaces = [feats.surface(t) for t in range(i, j)]
            edge_ok = [not set(s) <= _NOT_AN_EDGE for s in surfaces]
            for span in self.model.decode(p, edge_ok, self.threshold):
                if surfaces[span.start] in self.not_edges or surfaces[span.end - 1] in self.not_edges:
                    continue  # a piece of a phrase (Go to of Go to Travel)
                start, end = tokens.rows[i + span.start][0], tokens.rows[i + span.end - 1][1]
                if _name_like(text, start, end) and not self._common_piece(text, start, end):
                    out.append(self._entity(text, start, end, span))
        return out

    def _common_piece(self, text: str, start: int, end: int) -> bool:
        """A common word alone that is the end of a longer word, no name: kanji (市場 of 日本市場, attached to a place
        the model saw as a region), or katakana right after a Latin letter or a digit (イノベーション of
        SKイノベーション, ベンダー of SoCベンダー); or kanji that are common words only, though Sudachi lists the
        whole as a proper noun (神経細胞, 慢性疾患, 不動産投資信託: a term), unless a head ends them (中小企業銀行)."""
        name = text[start:end]
        if _KANJI_ONLY.fullmatch(name) is not None:
            return self.tokenizer.is_common_word(name) or (
                not name.endswith(self.heads) and self.tokenizer.is_common_compound(name)
            )
        return (
            start > 0
            and _LATIN_OR_DIGIT.fullmatch(text[start - 1]) is not None
            and _KATAKANA_ONLY.fullmatch(name) is not None
            and self.tokenizer.is_common_word(name)
        )

    @staticmethod
    def _entity(text: str, start: int, end: int, span: Span) -> Entity:
        name = text[start:end]
        label: EntityLabel
        if span.type == "LOC":
            label, kind = place_type(name)
        else:
            label, kind = span.type, _KINDS[span.type]  # type: ignore[assignment]
        return Entity(
            start=start,
            end=end,
            text=name,
            label=label,
            kind=kind,
            canonical=name,
            id=None,
            confidence=span.confidence,
            source="model",
        )
