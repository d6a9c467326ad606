"""Silver labels: the analyzer's own confident output over an archive, turned into recognizer examples.

Every candidate region of every text (:func:`jpnews_tags.ner.recognizer.regions.candidate_regions`, here
without masking known names: known names are the lessons) becomes one example per token, labelled B-/I-/O from
the entities the dictionary and the rules found there, and from discovered names at least ``min_confidence``
sure. So the model learns what names look like, and in which contexts, from the names the dictionary knows,
and must find new ones the same way. To learn contexts rather than the list:

- a region string contributes at most ``cap`` examples (NVIDIA is one name, not ten thousand lessons);
- for a share ``lexical_dropout`` of the regions (0.85) the token's own word and characters are left out of its
  features, so the shape, part of speech and context must carry the decision;
- regions of common words only (データセンター), which the recognizer never looks at, are still examples: they
  teach what is not a name, and where one ends;
- a region that no entity covers but that looks like a name (a word Sudachi does not know, or a proper noun) is
  not taught as "not a name" (weight ``unknown_weight``, 0 by default): the dictionary simply may not know it;
  unless the same string is left uncovered in at least ``generic_min_docs`` documents: the dictionary knows
  the frequent names of its archive (``jpnews-tags discover`` lists the others), so a string this frequent
  that it never names is a term (RDMA, ハルシネーション, 3D), and is taught as one;
- a region overlapping a discovered name less sure than ``min_confidence``, or an entity not on token
  boundaries, is left out.

``exclude_names`` hides those names (by matching key, on token boundaries) wherever they are written: the regions
holding one are left out, and where one is the context of another name its word is a placeholder; and
``exclude_ids`` leaves out the regions of entities with those ids: a model trained so has never seen them, which
is how the unseen-name evaluation and the entry cross-validation (bench/) stay honest. (Leaving out whole
sentences instead would also hide the names' contexts, which are the lesson: with a gold set holding the most
frequent names of an archive, that took a quarter of the training regions away.)
"""

from __future__ import annotations

import hashlib
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


@dataclass(frozen=True)
class SilverOptions:
    """How silver examples are drawn (see the module doc)."""

    dims: int = 1 << 30
    cap: int = 10
    unknown_weight: float = 0.0
    generic_min_docs: int = 10
    generic_weight: float = 1.0
    lexical_dropout: float = 0.85
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
    n_docs: int = 0
    stats: Counter[str] = field(default_factory=Counter)
    #: examples of uncovered name-like regions, by region string: their weight is settled by :meth:`settle`
    pending: dict[str, list[int]] = field(default_factory=dict)
    #: in how many documents each such string was left uncovered (and the last one seen)
    uncovered_docs: dict[str, list[int]] = field(default_factory=dict)

    def settle(self, min_docs: int, weight: float = 1.0) -> None:
        """Teach the uncovered strings seen in at least ``min_docs`` documents as not names (with ``weight``)."""
        for text, rows in self.pending.items():
            if self.uncovered_docs[text][0] >= min_docs:
                for r in rows:
                    self.weights[r] = weight
                self.stats["uncovered name-like tokens taught as terms"] += len(rows)
            else:
                self.stats["left out: an uncovered name-like token"] += len(rows)
        self.pending.clear()

    def terms(self, min_docs: int) -> frozenset[str]:
        """The name-like strings left uncovered in at least ``min_docs`` documents: terms (see :meth:`settle`)."""
        return frozenset(t for t, (n, _) in self.uncovered_docs.items() if n >= min_docs)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(indices, indptr, labels, weights, docs) as NumPy arrays."""
        indptr = np.zeros(len(self.lengths) + 1, dtype=np.int64)
        np.cumsum(self.lengths, out=indptr[1:])
        flat = np.concatenate(self.indices) if self.indices else np.zeros(0, dtype=np.int32)
        weights = np.asarray(self.weights, dtype=np.float32)
        keep = np.flatnonzero(weights > 0)
        if len(keep) < len(weights):  # rows of weight 0 teach nothing: left out
            lengths = np.diff(indptr)[keep]
            starts = indptr[keep]
            flat = flat[
                np.repeat(starts, lengths)
                + np.arange(int(lengths.sum()))
                - np.repeat(np.cumsum(lengths) - lengths, lengths)
            ]
            indptr = np.zeros(len(keep) + 1, dtype=np.int64)
            np.cumsum(lengths, out=indptr[1:])
        return (
            flat.astype(np.int32),
            indptr,
            np.asarray(self.labels, dtype=np.int64)[keep],
            weights[keep],
            np.asarray(self.docs, dtype=np.int64)[keep],
        )


def sure_names(entities: Iterable[Entity], min_confidence: float) -> tuple[list[Entity], list[Entity]]:
    """The names silver teaches (the dictionary's and the rules', and discovered ones at least ``min_confidence``
    sure) and the discovered names less sure than that (the regions they overlap teach nothing)."""
    named = [e for e in entities if e.label in _NAMED]
    sure = [e for e in named if e.source in ("gazetteer", "rule") or e.confidence >= min_confidence]
    return sure, [e for e in named if e not in sure]


def looks_like_a_name(feats: RegionFeatures, i: int, j: int) -> bool:
    """A region with a word Sudachi does not know or a proper noun: when no name covers it, the dictionary may
    simply not know it."""
    return any(feats.is_oov(feats.surface(t)) or feats.rows[t][3] in feats.proper for t in range(i, j))


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


@dataclass(frozen=True)
class Exclusions:
    """What a model is trained without (``exclude_names``, ``exclude_ids`` of :class:`SilverOptions`): the regions
    left out of training, and left out of the calibration the same way (a name the model never saw, found in a
    held-out text, tells nothing of how sure its confidence is on the names training did teach)."""

    keys: frozenset[str] = frozenset()
    longest: int = 0
    ids: frozenset[str] = frozenset()

    @classmethod
    def of(cls, options: SilverOptions) -> Exclusions:
        keys = frozenset(k for k in (key(n) for n in options.exclude_names) if len(k) >= 2)
        return cls(keys, max((len(k) for k in keys), default=0), options.exclude_ids)

    def hidden(self, text: str, tokens: Tokens) -> frozenset[int]:
        """The tokens of the excluded names in ``tokens`` of ``text`` (see :func:`hidden_tokens`)."""
        return hidden_tokens(text, tokens, self.keys, self.longest) if self.keys else frozenset()

    def leaves_out(self, hidden: frozenset[int], covering: Iterable[Entity], i: int, j: int) -> str | None:
        """Why the region of tokens ``i:j`` is left out (its ``covering`` entities: the sure ones over it), or None."""
        if hidden and any(t in hidden for t in range(i, j)):
            return "left out: a region with an excluded name"
        if self.ids and any(e.id in self.ids for e in covering):
            return "left out: an excluded entry"
        return None


def hidden_tokens(text: str, tokens: Tokens, names: frozenset[str], longest: int) -> frozenset[int]:
    """The tokens of every occurrence of one of ``names`` (matching keys) spelled by whole tokens (at most
    ``longest`` of them): 日本 in 日本/企業 but not in 日本語."""
    rows = tokens.rows
    n = len(rows)
    prefixes = {k[:i] for k in names for i in range(1, len(k) + 1)}
    out: set[int] = set()
    for t in range(n):
        acc = ""
        for u in range(t, min(t + longest, n)):
            acc = key(text[rows[t][0] : rows[u][1]])
            if acc in names:
                out.update(range(t, u + 1))
            if acc not in prefixes:
                break
    return frozenset(out)


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
    exclusions = Exclusions.of(options)
    opts = options
    for text, tokens, entities in analyses:
        doc = ex.n_docs
        ex.n_docs += 1
        sure, unsure = sure_names(entities, opts.min_confidence)
        # every region, common words included: they teach what is not a name (the recognizer skips them anyway)
        regions = candidate_regions(text, tokens)
        rows = tokens.rows
        feats = RegionFeatures(text, tokens, is_oov)
        hidden = feats.hidden = exclusions.hidden(text, tokens)
        for i, j in regions:
            cs, ce = rows[i][0], rows[j - 1][1]
            covering = [e for e in sure if e.start < ce and cs < e.end]
            reason = exclusions.leaves_out(hidden, covering, i, j)
            if reason is None and any(e.start < ce and cs < e.end for e in unsure):
                reason = "left out: an unsure discovered name"
            if reason is not None:
                ex.stats[reason] += 1
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
            unknown = not covering and looks_like_a_name(feats, i, j)
            if unknown:
                seen_in = ex.uncovered_docs.setdefault(rtext, [0, -1])
                if seen_in[1] != doc:
                    seen_in[0] += 1
                    seen_in[1] = doc
            for fs, label in zip(feats.region(i, j, lexical), labels, strict=True):
                weight = opts.unknown_weight if unknown else 1.0
                if unknown:
                    ex.pending.setdefault(rtext, []).append(len(ex.labels))
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
