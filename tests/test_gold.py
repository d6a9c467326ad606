"""Regression guard on the dev gold (../shared/gold/dev.jsonl); skipped when ../shared is absent."""

from __future__ import annotations

from jpnews_tags import Analyzer
from jpnews_tags.evaluation import evaluate

from .conftest import SHARED, needs_shared


@needs_shared
def test_dev_gold_scores_do_not_regress(analyzer: Analyzer) -> None:
    report = evaluate(analyzer, SHARED / "gold" / "dev.jsonl")
    assert report.micro.f1 >= 0.90
    assert report.per_label["ORG"].f1 >= 0.90
    assert report.per_label["PRODUCT"].f1 >= 0.85
    for label in ("MONEY", "PERCENT", "DATE"):
        assert report.per_label[label].f1 >= 0.92, label
    assert report.dictionary_canonical_accuracy >= 0.93
