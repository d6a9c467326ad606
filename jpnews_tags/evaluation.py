"""Scoring predictions against hand-annotated gold passages (``../shared/gold/dev.jsonl`` format).

Gold lists each distinct (string, label) of a passage once, and every occurrence counts; so scoring
compares the sets of (exact mention text, label) per passage. GPE and LOC count as one label. Canonical
accuracy is measured on matched ORG/PRODUCT/PERSON/LOC mentions, comparing names case- and
space-insensitively.

Example:
    >>> gold = [{"id": "x", "text": "AWSが発表", "entities": [{"text": "AWS", "label": "ORG",
    ...          "canonical": "Amazon Web Services"}]}]
    >>> r = score(gold, {"x": [("AWS", "ORG", "Amazon Web Services", "gazetteer")]})
    >>> r.micro.f1, r.canonical_accuracy
    (1.0, 1.0)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._compat import moved_names
from .safe_data import RECORD_LIMITS, UnsafeDataError, load_json

__getattr__ = moved_names(__name__, {"Report": "evaluation:Scores"})

CANONICAL_LABELS = frozenset({"ORG", "PRODUCT", "PERSON", "LOC"})


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def markdown_row(self, name: str) -> str:
        """``| name | P | R | F1 | tp | fp | fn |``, the row of the tables the tools print."""
        return (
            f"| {name} | {self.precision:.3f} | {self.recall:.3f} | {self.f1:.3f} | {self.tp} | {self.fp} | {self.fn} |"
        )


@dataclass
class Scores:
    micro: PRF
    per_label: dict[str, PRF]
    canonical_matched: int = 0
    canonical_correct: int = 0
    dictionary_matched: int = 0
    dictionary_correct: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def canonical_accuracy(self) -> float:
        return self.canonical_correct / self.canonical_matched if self.canonical_matched else 0.0

    @property
    def dictionary_canonical_accuracy(self) -> float:
        """Canonical accuracy on matched mentions found through the dictionary (not discovered names)."""
        return self.dictionary_correct / self.dictionary_matched if self.dictionary_matched else 0.0

    def to_markdown(self) -> str:
        rows = ["| label | P | R | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|"]
        for name, prf in [("micro", self.micro), *sorted(self.per_label.items())]:
            rows.append(prf.markdown_row(name))
        rows.append(
            f"\ncanonical-name accuracy on matched spans: {self.canonical_accuracy:.3f} "
            f"({self.canonical_correct}/{self.canonical_matched}); on dictionary entities: "
            f"{self.dictionary_canonical_accuracy:.3f} ({self.dictionary_correct}/{self.dictionary_matched})"
        )
        return "\n".join(rows)

    def to_dict(self) -> dict[str, Any]:
        def d(p: PRF) -> dict[str, float | int]:
            return {
                "precision": p.precision,
                "recall": p.recall,
                "f1": p.f1,
                "tp": p.tp,
                "fp": p.fp,
                "fn": p.fn,
            }

        return {
            "micro": d(self.micro),
            "per_label": {k: d(v) for k, v in sorted(self.per_label.items())},
            "canonical_accuracy": self.canonical_accuracy,
            "canonical_matched": self.canonical_matched,
            "dictionary_canonical_accuracy": self.dictionary_canonical_accuracy,
        }


def _label(label: str) -> str:
    return "LOC" if label == "GPE" else label


def _name_key(s: str | None) -> str:
    return unicodedata.normalize("NFKC", s or "").casefold().replace(" ", "")


class GoldError(ValueError):
    """A gold file that cannot be used, with ``FILE:LINE: why``."""


def load_gold(path: Path | str) -> list[dict[str, Any]]:
    """The passages of a gold JSON Lines file: ``{"id", "text", "entities": [{"text", "label", ...}]}`` per line.

    Raises :class:`GoldError` for the first line that is not such a passage (and for a file with none), and
    ``OSError`` when the file cannot be read.
    """
    gold: list[dict[str, Any]] = []
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            where = f"{path}:{lineno}"
            try:
                line = raw.decode("utf-8").lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise GoldError(f"{where}: not valid UTF-8 (byte {exc.start})") from exc
            if not line.strip():
                continue
            try:
                g = load_json(line, RECORD_LIMITS)
            except UnsafeDataError as exc:
                raise GoldError(f"{where}: {exc}") from exc
            gold.append(_checked_passage(g, where))
    if not gold:
        raise GoldError(f"{path}: no gold passages")
    return gold


def _checked_passage(g: Any, where: str) -> dict[str, Any]:
    if not isinstance(g, dict):
        raise GoldError(f"{where}: each line must be a JSON object")
    if "id" not in g or isinstance(g["id"], list | dict):
        raise GoldError(f"{where}: a passage needs an 'id' (a string or a number)")
    if not isinstance(g.get("text"), str):
        raise GoldError(f"{where}: 'text' must be a string")
    entities = g.get("entities")
    if not isinstance(entities, list):
        raise GoldError(f"{where}: 'entities' must be a list")
    for i, e in enumerate(entities):
        if not (isinstance(e, dict) and isinstance(e.get("text"), str) and isinstance(e.get("label"), str)):
            raise GoldError(f"{where}: entities[{i}] must be an object with 'text' and 'label' strings")
        if e.get("canonical") is not None and not isinstance(e["canonical"], str):
            raise GoldError(f"{where}: entities[{i}].canonical must be a string or null")
    return g


Prediction = tuple[str, str, str | None, str]  # (mention text, label, canonical, source)


def score(gold: Iterable[Mapping[str, Any]], predictions: Mapping[str, Sequence[Prediction]]) -> Scores:
    micro = PRF()
    per: dict[str, PRF] = {}
    report = Scores(micro, per)
    for g in gold:
        gset: dict[tuple[str, str], str | None] = {}
        for e in g["entities"]:
            gset[(e["text"], _label(e["label"]))] = e.get("canonical")
        pset: dict[tuple[str, str], str | None] = {}
        psource: dict[tuple[str, str], str] = {}
        for text, label, canonical, source in predictions.get(g["id"], []):
            pset.setdefault((text, _label(label)), canonical)
            psource.setdefault((text, _label(label)), source)
        for k in gset.keys() | pset.keys():
            prf = per.setdefault(k[1], PRF())
            if k in gset and k in pset:
                prf.tp += 1
                micro.tp += 1
                if k[1] in CANONICAL_LABELS and gset[k]:
                    report.canonical_matched += 1
                    ok = _name_key(pset[k] or k[0]) == _name_key(gset[k])
                    report.canonical_correct += ok
                    if psource.get(k) == "gazetteer":
                        report.dictionary_matched += 1
                        report.dictionary_correct += ok
                    if not ok:
                        report.errors.append(
                            {
                                "id": g["id"],
                                "type": "canonical",
                                "text": k[0],
                                "label": k[1],
                                "gold": gset[k],
                                "pred": pset[k],
                            }
                        )
            elif k in pset:
                prf.fp += 1
                micro.fp += 1
                report.errors.append({"id": g["id"], "type": "fp", "text": k[0], "label": k[1]})
            else:
                prf.fn += 1
                micro.fn += 1
                report.errors.append({"id": g["id"], "type": "fn", "text": k[0], "label": k[1]})
    return report


def evaluate(analyzer: Any, gold_path: Path | str) -> Scores:
    """Run ``analyzer`` on every gold passage and score it."""
    gold = load_gold(gold_path)
    preds: dict[str, list[Prediction]] = {}
    for g in gold:
        result = analyzer.analyze(g["text"])
        preds[g["id"]] = [(e.text, e.label, e.canonical, e.source) for e in result.entities]
    return score(gold, preds)
