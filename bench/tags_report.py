"""Our tags against an archive's existing (keyword-grep) tags: agreement, and why every difference exists.

    python bench/tags_report.py [CORPUS_DIR] [--limit N] [--workers N] [--details FILE.jsonl]

Default corpus: ../shared/corpus/_posts. The archive's own tags are harvested as the site vocabulary, and our
tags are produced in vocabulary mode without new tags, so both sides use the same 26 names. Prints Markdown.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from jpnews_tags import Analyzer, TagOptions
from jpnews_tags.documents import analyze_document, read_document
from jpnews_tags.tagging.comparison import DIFF_CLASSES, compare_tags
from jpnews_tags.tagging.keyphrases import extract_phrases
from jpnews_tags.tagging.names import tag_key
from jpnews_tags.tagging.tagger import TagCandidate, apply_vocabulary, merge_and_rank
from jpnews_tags.tagging.vocabulary import Vocabulary, harvest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("JPNEWS_TAGS_SHARED", ROOT.parent / "shared"))
WIDE = TagOptions(max_tags=200, min_tags=0, min_score=0.0, floor_score=0.0, max_entity_tags=None, max_keyphrases=50)

_analyzer: Analyzer | None = None
_vocab: Vocabulary | None = None


def _init(vocab: Vocabulary) -> None:
    global _analyzer, _vocab
    _analyzer = Analyzer(tag_options=WIDE)
    _vocab = vocab


def _names(a: Analyzer, c: TagCandidate) -> tuple[str, ...]:
    if c.source == "entity" and c.id:
        return (c.tag, *a.tagger.info.names.get(c.id, ()))
    if c.source == "topic":
        for t in a.tagger.topics:
            if t.id == c.id:
                return (t.name, *t.names)
    return (c.tag,)


def _one(path: str) -> dict[str, Any]:
    assert _analyzer is not None and _vocab is not None
    a = _analyzer
    fm = read_document(path)
    existing = fm.tags_under(("tags",))
    result = analyze_document(a, fm)
    cands = [TagCandidate(t.tag, t.score, list(t.reasons), t.source, t.id) for t in result.tags]
    for c in cands:
        c.names = _names(a, c)
        if c.source == "entity":
            c.ancestors = a.tagger.info.ancestors(c.id)
    default = merge_and_rank(cands, TagOptions())
    mapped_all = apply_vocabulary(cands, _vocab, allow_new=False)
    site = merge_and_rank(mapped_all, TagOptions(min_tags=0))
    # Some bodies repeat their front matter lines; the tag lists there are not mentions.
    body = re.sub(r"(?m)^(tags|categories):.*$", "", fm.body)
    diff = compare_tags(existing, [t.tag for t in site], [c.tag for c in mapped_all], (fm.title or "") + "\n" + body)
    # Entities named in the title (companies, products) and salient in the text.
    title_ids = set()
    if fm.title:
        title_ids = {e.id for e in a.entities(fm.title) if e.id and e.label in ("ORG", "PRODUCT")}
    salient = [g for g in result.groups if g.id in title_ids and g.salience >= 0.5]
    default_ids = {t.id for t in default if t.source == "entity"}
    # Plain keyphrase extraction as a baseline (what YAKE/TextRank-style tools give): every noun phrase of the
    # text ranked by frequency x specificity, top 8, no entities, topics, layout or vocabulary.
    bg = a.tagger.background
    phrases = extract_phrases(a.tokenizer.tokenize(body))
    ranked = sorted(phrases, key=lambda p: (-len(p.starts) * bg.specificity(p.key), p.starts[0]))[:8]
    baseline = [p.surface for p in ranked]
    title_names = {tag_key(n) for eid in title_ids for n in a.tagger.info.names.get(eid, ())}
    return {
        "path": path,
        "title": fm.title,
        "existing": existing,
        "site": [t.tag for t in site],
        "default": [(t.tag, t.source) for t in default],
        "agreed": diff.agreed,
        "only_existing": diff.reasons,
        "only_ours": diff.only_ours,
        "title_salient": [g.id for g in salient],
        "title_salient_tagged": [g.id for g in salient if g.id in default_ids],
        "baseline": baseline,
        "baseline_site": sum(1 for t in baseline if tag_key(t) in _vocab.index),
        "default_site": sum(1 for t in default if tag_key(t.tag) in _vocab.index),
        "baseline_title_salient_tagged": [
            g.id
            for g in salient
            if title_names
            & {tag_key(t) for t in baseline}
            & {tag_key(n) for n in a.tagger.info.names.get(g.id or "", ())}
        ],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(SHARED / "corpus" / "_posts"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--details", help="write one JSON line per document here")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"no corpus at {corpus}; nothing to measure")
        return
    files = sorted(str(p) for p in corpus.glob("*.md"))
    vocab = harvest(read_document(f).tags_under(("tags",)) for f in files)
    if args.limit:
        files = files[: args.limit]
    t0 = time.perf_counter()
    with mp.Pool(args.workers, initializer=_init, initargs=(vocab,)) as pool:
        rows = list(pool.imap(_one, files, chunksize=4))
    elapsed = time.perf_counter() - t0
    if args.details:
        with open(args.details, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    report(rows, vocab, elapsed)


def report(rows: list[dict[str, Any]], vocab: Vocabulary, elapsed: float) -> None:
    n = len(rows)
    grep = Counter(t for r in rows for t in r["existing"])
    ours = Counter(t for r in rows for t in r["site"])
    both = Counter(t for r in rows for t in r["agreed"])
    classes = Counter(c for r in rows for c in r["only_existing"].values())
    by_tag_class: dict[str, Counter[str]] = {}
    for r in rows:
        for t, c in r["only_existing"].items():
            by_tag_class.setdefault(t, Counter())[c] += 1
    total_grep = sum(grep.values())
    total_ours = sum(ours.values())
    agreed = sum(both.values())
    print(f"## Tags vs the archive's grep tags ({n} posts, vocabulary of {len(vocab)} tags, {elapsed:.0f} s)\n")
    print(
        f"- grep tags: {total_grep} ({total_grep / n:.2f} per post); ours in vocabulary mode: {total_ours} "
        f"({total_ours / n:.2f} per post); in both: {agreed} ({agreed / max(1, total_grep):.1%} of grep tags)"
    )
    print("- grep tags we do not suggest, by reason: " + ", ".join(f"{c} {classes[c]}" for c in DIFF_CLASSES))
    print(
        f"- substring artefacts among the grep tags (name only inside longer Latin words), all avoided: "
        f"{classes['substring_artefact']}"
    )
    ts = [len(r["title_salient"]) for r in rows]
    tagged = [len(r["title_salient_tagged"]) for r in rows]
    print(f"- title entities (ORG/PRODUCT, salience >= 0.5) among the default tags: {sum(tagged)} of {sum(ts)}")
    counts = [len(r["default"]) for r in rows]
    src = Counter(s for r in rows for _, s in r["default"])
    print(
        f"- default mode: {statistics.mean(counts):.2f} tags per post (min {min(counts)}, max {max(counts)}); "
        f"sources: " + ", ".join(f"{k} {v}" for k, v in sorted(src.items()))
    )
    nb = sum(len(r["baseline"]) for r in rows)
    nd = sum(counts)
    print(
        f"- plain keyphrase baseline (all noun phrases by frequency x specificity, top 8): "
        f"{nb / n:.2f} tags per post; tags that are one of the site's own tags: baseline "
        f"{sum(r['baseline_site'] for r in rows) / max(1, nb):.1%}, ours (default mode) "
        f"{sum(r['default_site'] for r in rows) / max(1, nd):.1%}; title entities among the tags: baseline "
        f"{sum(len(r['baseline_title_salient_tagged']) for r in rows)} of {sum(ts)}, ours {sum(tagged)} of {sum(ts)}"
    )
    print("\n| tag | grep | ours | both | grep-only: below cut / substring / case / no mention / missed |")
    print("|---|---:|---:|---:|---|")
    for t, g in grep.most_common():
        c = by_tag_class.get(t, Counter())
        print(f"| {t} | {g} | {ours[t]} | {both[t]} | " + " / ".join(str(c[k]) for k in DIFF_CLASSES) + " |")
    extra = [t for t in ours if t not in grep]
    if extra:
        print("\nTags only we use: " + ", ".join(f"{t} {ours[t]}" for t in extra))


if __name__ == "__main__":
    sys.exit(main())
