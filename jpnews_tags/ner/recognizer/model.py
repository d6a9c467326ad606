"""The recognizer's model: a linear classifier of token labels (BIO over six name types), stored as data.

A model file is a NumPy ``.npz`` archive read with ``allow_pickle=False``: arrays of numbers and one JSON
document, nothing that can execute. It holds only the hash buckets that carry weight (sorted), their weights
quantized to int8 with one scale per label, the calibration of the confidence, what it was trained on, and a
SHA-256 checksum of the arrays that :meth:`LinearModel.load` verifies.

Example:
    >>> import numpy as np
    >>> w = np.zeros((16, len(LABELS)), dtype=np.float32)
    >>> w[3, LABELS.index("B-ORG")] = 4.0
    >>> m = LinearModel.from_dense(w, meta={"note": "toy"})
    >>> p = m.probs([[3], [5]])
    >>> LABELS[int(p[0].argmax())], LABELS[int(p[1].argmax())]
    ('B-ORG', 'O')
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from .features import FEATURE_VERSION, hash_features

#: Name types the recognizer labels (GPE is told from LOC afterwards, by the name's ending).
TYPES = ("ORG", "PRODUCT", "PERSON", "LOC", "EVENT", "LAW")
LABELS = ("O", *(f"B-{t}" for t in TYPES), *(f"I-{t}" for t in TYPES))
#: A name goes on through a token whose probability of continuing it is at least this, even when another label
#: is likelier (NTT|データ: I-ORG 0.44, O 0.56): a token-by-token argmax cuts names whose last word is also a
#: common word. Chosen on the corpus's held-out documents against their silver names (a model trained without
#: the dev gold's names, spans at confidence 0.5): F1 0.774 with the argmax alone, 0.778 at 0.35, 0.781 at 0.25,
#: 0.783 at 0.15 (longer spans for little more).
CONTINUE_AT = 0.25
FILE_FORMAT = 1
#: Feature strings remembered by a model's row lookup before the memory is cleared.
_ROWS_MAX = 1 << 20


class ModelError(ValueError):
    """A model file that cannot be used: unreadable, corrupted, or made for other features."""


@dataclass(frozen=True)
class Span:
    """A recognized name: token offsets ``[start, end)`` within its region, type, calibrated confidence."""

    start: int
    end: int
    type: str
    confidence: float


@dataclass
class LinearModel:
    """Weights of the hash buckets that matter (``buckets`` sorted), int8 with a scale per label."""

    dims: int
    buckets: np.ndarray  # uint32, sorted
    weights: np.ndarray  # int8, (len(buckets), len(LABELS))
    scale: np.ndarray  # float32, (len(LABELS),)
    meta: dict[str, Any] = field(default_factory=dict)
    #: feature string -> row of ``weights`` (-1: no weight), filled by :meth:`rows_of`
    _rows: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_dense(cls, w: np.ndarray, meta: dict[str, Any] | None = None, prune: float = 1e-3) -> LinearModel:
        """Keep the rows of a dense ``(dims, labels)`` weight matrix with a weight of at least ``prune``."""
        return cls.from_rows(w.shape[0], np.arange(w.shape[0]), w, meta, prune)

    @classmethod
    def from_rows(
        cls, dims: int, buckets: np.ndarray, w: np.ndarray, meta: dict[str, Any] | None = None, prune: float = 1e-3
    ) -> LinearModel:
        """Keep the rows of ``w`` (the weights of the sorted hash ``buckets``, each below ``dims``) with a weight
        of at least ``prune``."""
        if w.ndim != 2 or w.shape[1] != len(LABELS) or len(buckets) != w.shape[0]:
            raise ModelError(f"weights must be (buckets, {len(LABELS)})")
        keep = np.flatnonzero(np.abs(w).max(axis=1) >= prune)
        rows = w[keep]
        scale = (np.abs(rows).max(axis=0) / 127.0).astype(np.float32) if len(rows) else np.ones(len(LABELS))
        scale[scale == 0] = 1.0
        q = np.clip(np.rint(rows / scale), -127, 127).astype(np.int8)
        return cls(dims, np.asarray(buckets)[keep].astype(np.uint32), q, scale.astype(np.float32), dict(meta or {}))

    def scores(self, rows: Sequence[Sequence[int]]) -> np.ndarray:
        """Label scores of each row of hashed features."""
        n = len(rows)
        width = max((len(r) for r in rows), default=0)
        out = np.zeros((n, len(LABELS)), dtype=np.float32)
        if not n or not width or not len(self.buckets):
            return out
        h = np.full((n, width), -1, dtype=np.int64)
        for k, r in enumerate(rows):
            h[k, : len(r)] = r
        idx = np.searchsorted(self.buckets, h).clip(0, len(self.buckets) - 1)
        hit = (self.buckets[idx] == h) & (h >= 0)
        w = self.weights[idx].astype(np.float32) * hit[..., None]
        return w.sum(axis=1) * self.scale  # type: ignore[no-any-return]

    def rows_of(self, feats: Sequence[str]) -> list[int]:
        """Rows of :attr:`weights` of the feature strings that carry weight (the others add nothing), each looked
        up once per model and remembered (feature strings repeat across tokens and texts). The strings not
        looked up yet are found in one binary search over the sorted buckets (a dict of the buckets would cost
        27 MB for 290k of them)."""
        get = self._rows.get
        found = [get(f, -2) for f in feats]  # -2: not looked up yet, -1: no weight
        if -2 in found:
            cache = self._rows
            if len(cache) > _ROWS_MAX:
                cache.clear()
            new = [k for k, r in enumerate(found) if r == -2]
            # the buckets' own type: searchsorted would otherwise convert all of them on every call
            hashes = np.asarray(hash_features([feats[k] for k in new], self.dims), dtype=self.buckets.dtype)
            buckets = self.buckets
            idx = np.searchsorted(buckets, hashes).clip(0, max(len(buckets) - 1, 0))
            hit = buckets[idx] == hashes if len(buckets) else np.zeros(len(new), dtype=bool)
            for k, i, h in zip(new, idx.tolist(), hit.tolist(), strict=True):
                found[k] = cache[feats[k]] = i if h else -1
        return [r for r in found if r >= 0]

    def probs_of_rows(self, rows: Sequence[Sequence[int]]) -> np.ndarray:
        """Label probabilities of each token given the weight rows of its features (:meth:`rows_of`): the same
        as :meth:`probs` on their hashed features, in one gather for all tokens."""
        n = len(rows)
        out = np.zeros((n, len(LABELS)), dtype=np.float32)
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=n)
        if n and lengths.sum():
            flat = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=int(lengths.sum()))
            w = self.weights[flat].astype(np.int32)
            nonempty = lengths > 0
            starts = (np.cumsum(lengths) - lengths)[nonempty]
            out[nonempty] = np.add.reduceat(w, starts, axis=0).astype(np.float32)
        s = out * self.scale
        s -= s.max(axis=1, keepdims=True)
        e = np.exp(s)
        return e / e.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]

    def probs(self, rows: Sequence[Sequence[int]]) -> np.ndarray:
        """Label probabilities (softmax of the scores) of each row of hashed features."""
        s = self.scores(rows)
        s -= s.max(axis=1, keepdims=True)
        e = np.exp(s)
        return e / e.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]

    def calibrate(self, raw: float, name_type: str | None = None) -> float:
        """The calibrated probability that a span of raw confidence ``raw`` (and of type ``name_type``) is right: the
        share of held-out spans of that raw confidence (and type) that were right at training time, from a
        non-decreasing table of ``[upper edge, share]``: ``meta["calibration_by_type"][type]`` when the model has
        one for ``name_type``, else ``meta["calibration"]``; ``raw`` itself when the model has no table."""
        by_type = self.meta.get("calibration_by_type") or {}
        table = (by_type.get(name_type) if name_type is not None else None) or self.meta.get("calibration") or []
        for edge, share in table:
            if raw <= edge:
                return float(share)
        return float(table[-1][1]) if table else raw

    def decode(self, probs: np.ndarray, edge_ok: Sequence[bool], threshold: float) -> list[Span]:
        """Names in one region: runs of tokens labelled B-/I- of one type (a run starts at any non-O token and goes
        on through tokens whose I- probability of its type is the largest or at least :data:`CONTINUE_AT`), not
        starting or ending on a token that cannot be a name's edge (a space, a ・), with a calibrated confidence
        of at least ``threshold`` (the raw confidence is the mean probability of the run's labels: its first
        token's, then I- of its type)."""
        labels = probs.argmax(axis=1)
        out: list[Span] = []
        n_types = len(TYPES)
        k = 0
        n = len(labels)
        while k < n:
            lab = int(labels[k])
            if lab == 0:
                k += 1
                continue
            typ = (lab - 1) % n_types
            m = k + 1
            inside = 1 + n_types + typ
            while m < n and (int(labels[m]) == inside or probs[m, inside] >= CONTINUE_AT):
                m += 1
            a, b = k, m
            while a < b and not edge_ok[a]:
                a += 1
            while b > a and not edge_ok[b - 1]:
                b -= 1
            if a < b:
                raw = float(np.mean([probs[x, labels[x] if x == k else inside] for x in range(a, b)]))
                conf = self.calibrate(raw, TYPES[typ])
                if conf >= threshold:
                    out.append(Span(a, b, TYPES[typ], round(conf, 3)))
            k = m
        return out

    # ------------------------------------------------------------------ files

    def _checksum(self) -> str:
        h = hashlib.sha256()
        for arr in (self.buckets, self.weights, self.scale):
            h.update(np.ascontiguousarray(arr).tobytes())
        h.update(str(self.dims).encode())
        return h.hexdigest()

    def save(self, path: Path | str) -> None:
        """Write the model atomically (a temporary file, then a rename)."""
        from ...atomic import write_atomic

        meta = {
            **self.meta,
            "format": FILE_FORMAT,
            "feature_version": FEATURE_VERSION,
            "labels": list(LABELS),
            "dims": self.dims,
            "checksum": self._checksum(),
        }
        buf = io.BytesIO()
        np.savez_compressed(
            buf,
            buckets=self.buckets.astype(np.uint32),
            weights=self.weights.astype(np.int8),
            scale=self.scale.astype(np.float32),
            meta=np.frombuffer(json.dumps(meta, ensure_ascii=False, sort_keys=True).encode(), dtype=np.uint8),
        )
        write_atomic(Path(path), buf.getvalue())

    @classmethod
    def load(cls, path: Path | str) -> LinearModel:
        """Read a model file; :class:`ModelError` when it is unreadable, corrupted or for other features."""
        p = Path(path)
        try:
            with np.load(p, allow_pickle=False) as z:
                buckets, weights, scale = z["buckets"], z["weights"], z["scale"]
                meta = json.loads(bytes(z["meta"]).decode())
        except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
            raise ModelError(f"{p}: not a jpnews-tags model ({_first_line(exc)})") from exc
        if not isinstance(meta, dict) or meta.get("format") != FILE_FORMAT:
            raise ModelError(f"{p}: model file format {meta.get('format')!r}; this version reads {FILE_FORMAT}")
        if meta.get("feature_version") != FEATURE_VERSION or meta.get("labels") != list(LABELS):
            raise ModelError(
                f"{p}: trained on features v{meta.get('feature_version')}; this version computes "
                f"v{FEATURE_VERSION}: retrain it with `jpnews-tags train`"
            )
        if buckets.dtype != np.uint32 or weights.dtype != np.int8 or weights.shape != (len(buckets), len(LABELS)):
            raise ModelError(f"{p}: arrays of the wrong type or shape")
        model = cls(int(meta["dims"]), buckets, weights, scale, meta)
        if model._checksum() != meta.get("checksum"):
            raise ModelError(f"{p}: checksum mismatch (a corrupted or altered file)")
        if len(buckets) and (int(buckets[-1]) >= model.dims or np.any(np.diff(buckets.astype(np.int64)) <= 0)):
            raise ModelError(f"{p}: bucket ids out of order or range")
        return model


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


#: The model shipped with the package (rebuilt by ``jpnews-tags train``; docs/recognizer.md).
SHIPPED_MODEL = Path(__file__).resolve().parents[2] / "data" / "recognizer.npz"


def default_model_path() -> Path | None:
    """The shipped model, or None when the package was installed without it."""
    env = os.environ.get("JPNEWS_TAGS_MODEL")
    if env:
        return Path(env)
    return SHIPPED_MODEL if SHIPPED_MODEL.is_file() else None
