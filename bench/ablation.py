"""Ablation on the dev gold: F1 with and without each part of the rule layer (prints a Markdown table).

python bench/ablation.py [../shared/gold/dev.jsonl]
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jpnews_tags import Analyzer
from jpnews_tags.evaluation import evaluate
from jpnews_tags.lexicon.index import TermIndex
from jpnews_tags.ner import rules

ROOT = Path(__file__).resolve().parents[1]
GOLD = (
    Path(sys.argv[1])
    if len(sys.argv) > 1
    else Path(os.environ.get("JPNEWS_TAGS_SHARED", ROOT.parent / "shared")) / "gold" / "dev.jsonl"
)


@contextmanager
def patched(obj: object, name: str, value: object) -> Iterator[None]:
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


def main() -> None:
    if not GOLD.is_file():
        print(f"no gold file at {GOLD}; nothing to measure")
        return
    full = Analyzer()
    rows: list[tuple[str, float, float, float, float, float, float, float]] = []

    def run(name: str, analyzer: Analyzer) -> None:
        r = evaluate(analyzer, GOLD)
        f = {k: v.f1 for k, v in r.per_label.items()}
        rows.append(
            (
                name,
                r.micro.precision,
                r.micro.recall,
                r.micro.f1,
                f.get("ORG", 0),
                f.get("PRODUCT", 0),
                f.get("PERSON", 0),
                f.get("LOC", 0),
            )
        )

    run("full analyzer", full)
    run("without discovery", Analyzer(discovery=False))
    with patched(rules, "_cue_score", lambda *a, **k: -1.0):
        run("ambiguous aliases never accepted (no context rules)", full)
    with patched(rules, "_cue_score", lambda *a, **k: 5.0):
        run("ambiguous aliases always accepted (no context rules)", full)
    terms = full.gazetteer.terms
    full.gazetteer.terms = TermIndex(terms.index)  # the same names, no name+title compound suffixes
    run("without name+title compound splitting", full)
    full.gazetteer.terms = terms
    print("| variant | P | R | micro F1 | ORG F1 | PRODUCT F1 | PERSON F1 | LOC F1 |")
    print("|---|---|---|---|---|---|---|---|")
    for name, *vals in rows:
        print(f"| {name} | " + " | ".join(f"{v:.3f}" for v in vals) + " |")


if __name__ == "__main__":
    main()
