"""Training the recognizer on an archive (``jpnews-tags train``): silver labels, a linear model, calibration.

The analyzer (without a recognizer) labels the archive (:mod:`.silver`); a multinomial logistic regression over
hashed features is fitted to those labels with AdaGrad, the documents in a held-out share (``holdout``, chosen
by a hash of their position, so the same archive always splits the same way) are kept aside, and the
confidence of the spans the model finds there is calibrated against the silver labels (a table of the share
of spans that were right, by raw confidence).
Training is deterministic: the same archive, dictionaries and options give the same model, byte for byte.

Example:
    >>> from jpnews_tags import Analyzer
    >>> a = Analyzer(recognizer=False, use_config=False)
    >>> texts = [{"text": "米NVIDIAと米AMDが提携を発表した。Intelも続いた。"}] * 4
    >>> model, report = train_recognizer(a, texts, TrainOptions(epochs=2, holdout=0.0))
    >>> report.examples > 0, model.meta["trained_on"]["documents"]
    (True, 4)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from ..ner.recognizer.features import RegionFeatures, hash_features
from ..ner.recognizer.model import LABELS, LinearModel
from ..ner.recognizer.regions import candidate_regions
from .silver import Examples, Exclusions, SilverOptions, analyses_of, collect, looks_like_a_name, sure_names

__all__ = ["TrainOptions", "TrainReport", "train_recognizer"]


@dataclass(frozen=True)
class TrainOptions(SilverOptions):
    """Silver options plus the optimizer's: epochs, AdaGrad learning rate, L2, minibatch size, held-out share."""

    epochs: int = 6
    learning_rate: float = 0.3
    l2: float = 1e-6
    batch: int = 4096
    holdout: float = 0.1


@dataclass
class TrainReport:
    """What a training run did, for the command's summary and the model file."""

    documents: int = 0
    examples: int = 0
    positives: int = 0
    heldout_documents: int = 0
    calibration: list[list[float]] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    seconds: float = 0.0
    stats: dict[str, int] = field(default_factory=dict)


def _heldout(doc: int, share: float, seed: int) -> bool:
    return share > 0 and ((doc * 2654435761 + seed * 97) % 10_000) < share * 10_000


def fit(
    indices: np.ndarray,
    indptr: np.ndarray,
    labels: np.ndarray,
    weights: np.ndarray,
    options: TrainOptions,
    progress: Callable[[str], None] | None = None,
) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """AdaGrad on the weighted softmax loss of hashed-feature rows (CSR). Returns the buckets that occur in the
    examples (sorted), their ``(len(buckets), labels)`` weights and the loss of each epoch. Only the buckets
    that occur are held, so the number of buckets (``dims``) can be large enough that two features rarely share
    one, at no cost in memory."""
    n_labels = len(LABELS)
    buckets, rows_of = np.unique(indices, return_inverse=True)
    rows_of = rows_of.astype(np.int64).ravel()
    w = np.zeros((len(buckets), n_labels), dtype=np.float32)
    g2 = np.full((len(buckets), n_labels), 1e-6, dtype=np.float32)
    rng = np.random.default_rng(options.seed)
    n = len(labels)
    lengths = np.diff(indptr)
    losses: list[float] = []
    total = float(weights.sum()) or 1.0
    for epoch in range(options.epochs):
        order = rng.permutation(n)
        loss = 0.0
        for s in range(0, n, options.batch):
            rows = order[s : s + options.batch]
            lens = lengths[rows]
            starts = indptr[rows]
            # the features of the batch's rows, flattened, and the row each belongs to
            row_of = np.repeat(np.arange(len(rows)), lens)
            offsets = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens)
            feats = rows_of[np.repeat(starts, lens) + offsets]
            scores = np.zeros((len(rows), n_labels), dtype=np.float32)
            np.add.at(scores, row_of, w[feats])
            scores -= scores.max(axis=1, keepdims=True)
            p = np.exp(scores)
            p /= p.sum(axis=1, keepdims=True)
            y = labels[rows]
            wt = weights[rows]
            loss += float(-(np.log(p[np.arange(len(rows)), y] + 1e-12) * wt).sum())
            p[np.arange(len(rows)), y] -= 1.0
            p *= wt[:, None]
            touched, inverse = np.unique(feats, return_inverse=True)
            grad = np.zeros((len(touched), n_labels), dtype=np.float32)
            np.add.at(grad, inverse, p[row_of])
            grad += options.l2 * w[touched]
            g2[touched] += grad * grad
            w[touched] -= options.learning_rate * grad / np.sqrt(g2[touched])
        losses.append(round(loss / total, 6))
        if progress:
            progress(f"epoch {epoch + 1}/{options.epochs}: loss {losses[-1]:.4f}")
    return buckets, w, losses


#: Upper edges of the raw-confidence bins the calibration table is made of.
CALIBRATION_BINS = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 1.0)


def calibration_table(raw: list[float], right: list[bool]) -> list[list[float]]:
    """``[[upper edge, precision], ...]``: the share of held-out spans that were right in each bin of raw
    confidence (Laplace-smoothed, made non-decreasing by pooling adjacent bins), for
    :meth:`~jpnews_tags.ner.recognizer.model.LinearModel.calibrate`.

    >>> calibration_table([0.55] * 10 + [0.97] * 10, [True] * 5 + [False] * 5 + [True] * 9 + [False])
    [[0.6, 0.5], [0.98, 0.833]]
    """
    counts: dict[float, list[int]] = {}
    for r, was_right in zip(raw, right, strict=True):
        edge = next(e for e in CALIBRATION_BINS if r <= e)
        c = counts.setdefault(edge, [0, 0])
        c[0] += int(was_right)
        c[1] += 1
    # pool adjacent violators: (right, total, upper edge) blocks with non-decreasing precision
    blocks: list[list[float]] = []
    for edge in sorted(counts):
        ok, n = counts[edge]
        blocks.append([ok, n, edge])
        while len(blocks) > 1 and (blocks[-2][0] + 1) / (blocks[-2][1] + 2) > (blocks[-1][0] + 1) / (blocks[-1][1] + 2):
            ok2, n2, e2 = blocks.pop()
            blocks[-1] = [blocks[-1][0] + ok2, blocks[-1][1] + n2, e2]
    return [[e, round((ok + 1) / (n + 2), 3)] for ok, n, e in blocks]


#: Held-out spans a type needs for a calibration table of its own (else it uses the table of all types).
MIN_TYPE_SPANS = 300


def _calibration_pairs(
    model: LinearModel,
    heldout: list[tuple[str, Any, list[Any]]],
    is_oov: Callable[[str], bool],
    is_common: Any,
    options: SilverOptions,
    terms: frozenset[str] = frozenset(),
) -> tuple[list[float], list[bool], list[str]]:
    """Raw confidence of each span the model finds in held-out regions, whether silver has it exactly, and its
    type. Silver is what training is taught (:func:`.silver.sure_names`: the dictionary's and the rules' names,
    and discovered names at least ``min_confidence`` sure), and the regions whose truth training does not know
    are left out as training leaves them out: a region overlapping a less sure discovered name, and a region
    no name covers that looks like one (a word Sudachi does not know, a proper noun), unless it is one of
    ``terms`` (strings left uncovered in many documents, taught as not names); and the regions of the names and
    entries the model is trained without (:class:`.silver.Exclusions`). Counting the names silver cannot know as
    wrong would make the confidence of new names (the recognizer's purpose) too low; counting the excluded ones
    would calibrate a measuring model (the unseen-name evaluation's, the cross-validation's) on names it was
    never taught, unlike the shipped model, whose figures it stands for."""
    raw: list[float] = []
    right: list[bool] = []
    types: list[str] = []
    exclusions = Exclusions.of(options)
    for text, tokens, entities in heldout:
        sure_entities, unsure = sure_names(entities, options.min_confidence)
        sure = {(e.start, e.end, "LOC" if e.label == "GPE" else e.label) for e in sure_entities}
        feats = RegionFeatures(text, tokens, is_oov)
        hidden = feats.hidden = exclusions.hidden(text, tokens)
        rows = tokens.rows
        for i, j in candidate_regions(text, tokens, (), is_common):
            cs, ce = rows[i][0], rows[j - 1][1]
            if any(e.start < ce and cs < e.end for e in unsure):
                continue
            covering = [e for e in sure_entities if e.start < ce and cs < e.end]
            if exclusions.leaves_out(hidden, covering, i, j) is not None:
                continue  # as training left it out
            covered = bool(covering)
            if not covered and text[cs:ce] not in terms and looks_like_a_name(feats, i, j):
                continue
            probs = model.probs([hash_features(f, model.dims) for f in feats.region(i, j)])
            edge_ok = [bool(feats.surface(t).strip(" ・･&-.")) for t in range(i, j)]
            for span in model.decode(probs, edge_ok, 0.0):
                start, end = rows[i + span.start][0], rows[i + span.end - 1][1]
                raw.append(span.confidence)
                right.append((start, end, span.type) in sure)
                types.append(span.type)
    return raw, right, types


def calibration_by_type(raw: list[float], right: list[bool], types: list[str]) -> dict[str, list[list[float]]]:
    """A :func:`calibration_table` for each type with at least :data:`MIN_TYPE_SPANS` held-out spans: the same
    raw confidence does not mean the same precision for a company as for a product.

    >>> t = calibration_by_type([0.9] * 600, [True] * 300 + [False] * 300, ["ORG"] * 300 + ["PRODUCT"] * 300)
    >>> t["ORG"], t["PRODUCT"]
    ([[0.9, 0.997]], [[0.9, 0.003]])
    """
    out: dict[str, list[list[float]]] = {}
    for typ in sorted(set(types)):
        idx = [k for k, t in enumerate(types) if t == typ]
        if len(idx) >= MIN_TYPE_SPANS:
            out[typ] = calibration_table([raw[k] for k in idx], [right[k] for k in idx])
    return out


def train_recognizer(
    analyzer: Any,
    texts: Iterable[Mapping[str, Any]],
    options: TrainOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[LinearModel, TrainReport]:
    """Train a recognizer on ``texts`` (``{"text", "title"?}``) labelled by ``analyzer`` (build it with
    ``recognizer=False``: a model must not learn from its own output). Returns the model and a report."""
    opts = options or TrainOptions()
    t0 = time.perf_counter()
    tok = analyzer.tokenizer
    report = TrainReport()
    train_ex = Examples()
    heldout: list[tuple[str, Any, list[Any]]] = []
    for doc, analysis in enumerate(analyses_of(analyzer, texts)):
        report.documents += 1
        if _heldout(doc, opts.holdout, opts.seed):
            heldout.append(analysis)
        else:
            collect([analysis], tok.is_oov, tok.is_common_word, opts, train_ex)
        if progress and report.documents % 200 == 0:
            progress(f"{report.documents} documents read")
    train_ex.settle(opts.generic_min_docs, opts.generic_weight)
    indices, indptr, labels, weights, _ = train_ex.arrays()
    report.examples = len(labels)
    report.positives = int((labels != 0).sum())
    report.heldout_documents = len(heldout)
    report.stats = dict(train_ex.stats)
    if not report.examples:
        raise ValueError("no training examples: the texts hold no candidate names")
    buckets, w, report.losses = fit(indices, indptr, labels, weights, opts, progress)
    meta: dict[str, Any] = {
        "trained_on": {"documents": report.documents, "examples": report.examples, "positives": report.positives},
        "options": {k: (sorted(v) if isinstance(v, frozenset) else v) for k, v in asdict(opts).items()},
    }
    model = LinearModel.from_rows(opts.dims, buckets, w, meta)
    if heldout:
        terms = train_ex.terms(opts.generic_min_docs)
        raw, right, types = _calibration_pairs(model, heldout, tok.is_oov, tok.is_common_word, opts, terms)
        report.calibration = calibration_table(raw, right)
        model.meta["calibration"] = report.calibration
        model.meta["calibration_by_type"] = calibration_by_type(raw, right, types)
        model.meta["trained_on"]["heldout_spans"] = len(raw)
    report.seconds = round(time.perf_counter() - t0, 1)
    return model, report
