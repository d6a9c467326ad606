"""Silver labels: the analyzer's own confident output over an archive, turned into recognizer examples.

Every candidate region of every text (:func:`jpnews_tags.ner.recognizer.regions.candidate_regions`, here
without masking known names: known names are the lessons) becomes one example per token, labelled B-/I-/O from
the entities the dictionary and the rules found there, and from discovered names at least ``min_confidence``
sure. So the model learns what names look like, and in which contexts, from the names the dictionary knows,
and must find new ones the same way. To learn contexts rather than the list:

- a region string contributes at most ``cap`` examples (NVIDIA is one name, not ten thousand lessons);
- for a share ``lexical_dropout`` of the regions the token's own word and characters are left out of its
  features, so the shape, part of speech and context must carry the decision;
- regions of common words only (データセンター), which the recognizer never looks at, are still examples: they
  teach what is not a name, and where one ends;
- a region that no entity covers but that looks like a name (a word Sudachi does not know, or a proper noun) is
  not taught as "not a name" (weight ``unknown_weight``, 0 by default): the dictionary simply may not know it;
- a region overlapping a discovered name less sure than ``min_confidence``, or an entity not on token
  boundaries, is left out.

``exclude_names`` leaves out whole sentences that hold one of those names (by matching key), and
``exclude_ids`` the regions of entities with those ids: a model trained so has never seen them, which is how
the unseen-name evaluation and the entry cross-validation (bench/) stay honest.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..models import Entity
from ..ner.recognizer.features import RegionFeatures, hash_features
from ..ner.recognizer.model import LABELS
from ..ner.recognizer.regions import candidate_regions
from ..text.normalization import key
from ..text.tokenization import Tokens

_LABEL_ID = {label: i for i, label in enumerate(LABELS)}
_NAMED = frozenset({"ORG", "PRODUCT", "PERSON", "GPE", "LOC", "EVENT", "LAW"})
_SENTENCE_END = re.compile(r"[。！？!?\n]")


@dataclass(frozen=True)
class SilverOptions:
    """How silver examples are drawn (see the module doc)."""

    dims: int = 1 << 20
    cap: int = 10
    unknown_weight: float = 0.0
    lexical_dropout: float = 0.5
    min_confidence: float = 0.6
    seed: int = 0
    exclude_names: frozenset[str] = field(default_factory=frozenset)
    exclude_ids: frozenset[str] = field(default_factory=frozenset)


@dataclass
class Examples:
    """Token examples as a sparse matrix of hashed features (CSR: ``indices``, ``indptr``), with labels,
    weights and the document each came from."""

    indices: list[np.ndarray] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    docs: list[int] = field(default_factory=list)
    stats: Counter[str] = field(default_factory=Counter)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(indices, indptr, labels, weights, docs) as NumPy arrays."""
        indptr = np.zeros(len(self.lengths) + 1, dtype=np.int64)
        np.cumsum(self.lengths, out=indptr[1:])
        flat = np.concatenate(self.indices) if self.indices else np.zeros(0, dtype=np.int32)
        return (
            flat.astype(np.int32),
            indptr,
            np.asarray(self.labels, dtype=np.int64),
            np.asarray(self.weights, dtype=np.float32),
            np.asarray(self.docs, dtype=np.int64),
        )


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1
    m = _SENTENCE_END.search(text, pos)
    return start, m.start() if m else len(text)


def _token_labels(tokens: Tokens, i: int, j: int, covering: list[Entity]) -> list[str] | None:
    rows = tokens.rows
    labels = ["O"] * (j - i)
    starts = {rows[t][0]: t for t in range(i, j)}
    ends = {rows[t][1]: t for t in range(i, j)}
    for e in covering:
        a, b = starts.get(e.start), ends.get(e.end)
        if a is None or b is None:
            return None
        typ = "LOC" if e.label == "GPE" else e.label
        labels[a - i] = f"B-{typ}"
        for t in range(a + 1, b + 1):
            labels[t - i] = f"I-{typ}"
    return labels


def _fraction(*parts: object) -> float:
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).hexdigest()
    return int(digest[:8], 16) / 0xFFFFFFFF


def collect(
    analyses: Iterable[tuple[str, Tokens, list[Entity]]],
    is_oov: Callable[[str], bool],
    is_common: Callable[[str], bool],
    options: SilverOptions,
    examples: Examples | None = None,
) -> Examples:
    """Add the examples of each ``(text, tokens, entities)`` (entities: the analyzer's, without a recognizer)."""
    ex = examples or Examples()
    seen: Counter[str] = Counter()
    excluded_keys = [k for k in (key(n) for n in options.exclude_names) if len(k) >= 2]
    opts = options
    for doc, (text, tokens, entities) in enumerate(analyses, start=len(set(ex.docs))):
        named = [e for e in entities if e.label in _NAMED]
        sure = [e for e in named if e.source in ("gazetteer", "rule") or e.confidence >= opts.min_confidence]
        unsure = [e for e in named if e not in sure]
        # every region, common words included: they teach what is not a name (the recognizer skips them anyway)
        regions = candidate_regions(text, tokens)
        rows = tokens.rows
        bad_sentences: set[tuple[int, int]] = set()
        if excluded_keys:
            for i, j in regions:
                cs, ce = rows[i][0], rows[j - 1][1]
                rkey = key(text[cs:ce])
                if any(k in rkey for k in excluded_keys):
                    bad_sentences.add(_sentence(text, cs))
        feats = RegionFeatures(text, tokens, is_oov)
        for i, j in regions:
            cs, ce = rows[i][0], rows[j - 1][1]
            if bad_sentences and _sentence(text, cs) in bad_sentences:
                ex.stats["left out: sentence with an excluded name"] += 1
                continue
            covering = [e for e in sure if e.start < ce and cs < e.end]
            if any(e.start < ce and cs < e.end for e in unsure):
                ex.stats["left out: an unsure discovered name"] += 1
                continue
            if any(e.id in opts.exclude_ids for e in covering):
                ex.stats["left out: an excluded entry"] += 1
                continue
            labels = _token_labels(tokens, i, j, covering)
            if labels is None:
                ex.stats["left out: an entity off token boundaries"] += 1
                continue
            rtext = text[cs:ce]
            seen[rtext] += 1
            n_seen = seen[rtext]
            if n_seen > opts.cap and _fraction(opts.seed, rtext, n_seen) * n_seen >= opts.cap:
                ex.stats["left out: a frequent region string"] += 1
                continue
            feats.set_known(
                [
                    (e.start, e.end, "LOC" if e.label == "GPE" else e.label)
                    for e in sure
                    if not (e.start < ce and cs < e.end)
                ]
            )
            lexical = _fraction("lex", opts.seed, doc, cs) >= opts.lexical_dropout
            looks_like_name = any(is_oov(feats.surface(t)) or rows[t][3] in feats.proper for t in range(i, j))
            for fs, label in zip(feats.region(i, j, lexical), labels, strict=True):
                weight = opts.unknown_weight if not covering and looks_like_name else 1.0
                if weight <= 0:
                    ex.stats["left out: an uncovered name-like token"] += 1
                    continue
                h = hash_features(fs, opts.dims)
                ex.indices.append(np.asarray(h, dtype=np.int32))
                ex.lengths.append(len(h))
                ex.labels.append(_LABEL_ID[label])
                ex.weights.append(weight)
                ex.docs.append(doc)
                ex.stats[label] += 1
    return ex


def analyses_of(analyzer: Any, texts: Iterable[Mapping[str, Any]]) -> Iterable[tuple[str, Tokens, list[Entity]]]:
    """``(text, tokens, entities)`` of each ``{"text", "title"?}`` by ``analyzer`` (built without a recognizer)."""
    for item in texts:
        text = item["text"]
        title = item.get("title")
        result = analyzer.analyze(text, title=title if isinstance(title, str) else None)
        yield text, analyzer.tokenizer.tokenize(text), list(result.entities)
