"""Precision of the names the analyzer outputs without the dictionary, on the whole corpus, by reading.

The shipped analyzer (full dictionary, shipped recognizer) reads every post of ../shared/corpus/_posts; every
name it outputs that no entry gave (``id`` null: found by rules, discovery or the recognizer; numbers and dates
left out) is a *new name*. Nothing here is held out: these are the names a user of the library sees appear
without a list, in posts the recognizer was trained on (the entry cross-validation, bench/crossval.py, is the
measure of names it has never seen).

    python bench/newnames.py --sample 150 --seed 1414 --out SAMPLE.jsonl   # a random sample, to judge
    python bench/newnames.py --judge SAMPLE.jsonl                           # its precision as judged
    python bench/newnames.py --rejudge SAMPLE.jsonl                         # the same names under this code

A judged sample is JSON Lines with a ``verdict`` ("ok" or "wrong") per line: right means the span is a name
under ../shared/gold/GUIDELINES.md with the label given. ``--rejudge`` analyzes the posts again and keeps the
judged names this code still outputs (same post, span and label): when a change only takes names away or
relabels them, those are a random sample of what it outputs now. Both print the precision by source and by
the recognizer's confidence.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("JPNEWS_TAGS_SHARED", ROOT.parent / "shared"))
NUMERIC = frozenset({"MONEY", "QUANTITY", "PERCENT", "DATE"})


def new_names(posts: Iterable[Path]) -> Iterator[dict[str, Any]]:
    """Every name output without an entry, with its post, span, source, confidence and context. A post that
    cannot be read or decoded is skipped with a message on stderr (read as ``batch`` reads posts)."""
    from jpnews_tags import Analyzer
    from jpnews_tags.documents.decoding import InputError
    from jpnews_tags.documents.document import read_document

    files, docs = [], []
    for f in posts:
        try:
            docs.append(read_document(f))
        except InputError as exc:
            print(f"skipped {f}: {exc}", file=sys.stderr)
            continue
        files.append(f)
    analyzer = Analyzer()
    texts = ({"text": d.body, "title": d.title} for d in docs)
    for f, doc, result in zip(files, docs, analyzer.pipe(texts), strict=True):
        body = doc.body
        for e in result.entities:
            if e.id is not None or e.label in NUMERIC:
                continue
            yield {
                "post": f.name,
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "label": e.label,
                "source": e.source,
                "confidence": e.confidence,
                "context": body[max(0, e.start - 30) : e.start] + "【" + e.text + "】" + body[e.end : e.end + 30],
            }


def draw_sample(rows: list[dict[str, Any]], n: int, seed: int, out: Path | None) -> None:
    """Print ``n`` of ``rows`` drawn at random (``seed``) with their context, and write them to ``out`` as JSON
    Lines with an empty ``verdict`` for a reader to fill (shared with bench/crossval.py)."""
    sample = random.Random(seed).sample(rows, min(n, len(rows)))
    for r in sample:
        print(f"  [{r['label']}/{r['source']}] {r['context']}".replace("\n", " "))
    if out:
        with out.open("w", encoding="utf-8") as fh:
            for r in sample:
                fh.write(json.dumps({**r, "verdict": ""}, ensure_ascii=False) + "\n")


def band(conf: float | None) -> str:
    """The confidence band a judged name's precision is printed in (the recognizer's calibrated values; shared
    with bench/crossval.py)."""
    if conf is None:
        return "no confidence"
    for low in (0.9, 0.8, 0.7, 0.6):
        if conf >= low:
            return f">= {low:.1f}"
    return "< 0.6"


def precision(rows: list[dict[str, Any]], title: str) -> None:
    judged = [r for r in rows if r.get("verdict") in ("ok", "wrong")]
    ok = sum(r["verdict"] == "ok" for r in judged)
    print(f"{title}: {ok}/{len(judged)} right ({ok / max(len(judged), 1):.3f})")
    parts: Counter[tuple[str, str, str]] = Counter()
    for r in judged:
        parts[r["source"], band(r["confidence"]) if r["source"] == "model" else "", r["verdict"]] += 1
    for source, b in sorted({(s, b) for s, b, _ in parts}):
        k, w = parts[source, b, "ok"], parts[source, b, "wrong"]
        print(f"  {source:9} {b:13} {k}/{k + w} ({k / (k + w):.2f})")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "_posts")
    p.add_argument("--sample", type=int, default=0, help="draw N new names at random")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, help="write the sample as JSON Lines (add a 'verdict' to each line)")
    p.add_argument("--judge", type=Path, help="a judged sample: its precision")
    p.add_argument("--rejudge", type=Path, help="a judged sample: the precision of its names this code still outputs")
    args = p.parse_args(argv)
    if args.judge:
        precision(read_jsonl(args.judge), f"judged sample {args.judge}")
        return 0
    if not args.corpus.is_dir():
        print(f"skipped: no corpus at {args.corpus}")
        return 0
    if args.rejudge:
        judged = read_jsonl(args.rejudge)
        wanted = {r["post"] for r in judged}
        now = {
            (r["post"], r["start"], r["end"]): r
            for r in new_names(sorted(f for f in args.corpus.glob("*.md") if f.name in wanted))
        }
        precision(judged, f"judged sample {args.rejudge}, as judged")
        still = []
        for r in judged:
            cur = now.get((r["post"], r["start"], r["end"]))
            if cur is not None and cur["label"] == r["label"]:
                still.append({**cur, "verdict": r.get("verdict")})
            elif r.get("verdict") in ("ok", "wrong"):
                what = f"relabelled {cur['label']}" if cur else "no longer output"
                print(f"  {what}, was {r['verdict']}: [{r['label']}/{r['source']}] {r['context']}".replace("\n", " "))
        precision(still, "still output by this code")
        return 0
    rows = list(new_names(sorted(args.corpus.glob("*.md"))))
    by_source = Counter(r["source"] for r in rows)
    print(f"new names on {args.corpus}: {len(rows)} ({', '.join(f'{k} {v}' for k, v in sorted(by_source.items()))})")
    if args.sample:
        draw_sample(rows, args.sample, args.seed, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
