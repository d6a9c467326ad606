"""Our tags against an archive's existing (keyword-grep) tags: agreement, and why every difference exists; and
the checks of tags that mean something on a site (issue 17).

    python bench/tags_report.py [CORPUS_DIR] [--limit N] [--workers N] [--details FILE.jsonl]
    python bench/tags_report.py [CORPUS_DIR] --recorded ANALYZE_OUTPUT.jsonl

Default corpus: ../shared/corpus/_posts. The archive's own tags are harvested as the site vocabulary, and our
tags are produced in vocabulary mode without new tags, so both sides use the same 26 names. Prints Markdown.

The site checks, on the default tags (and, for the run, on the tags of a site-aware run: a first pass over 300
posts, as ``jpnews-tags tags DIR`` does): the share of posts carrying the most common tag; posts with a tag whose
evidence is only boilerplate (related-article lists, credits, bylines: ``jpnews_tags.text.layout``); posts with
both a product version and its family (``jpnews_tags.tagging.names.version_families``); keyphrase tags per post
and a seeded sample of them to read. ``--recorded`` runs only these checks on the output of ``jpnews-tags analyze
DIR`` recorded earlier (``bench/guard.py record`` keeps it as ``analyze.out``), e.g. by another version.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from jpnews_tags import Analyzer, TagOptions
from jpnews_tags.documents import analyze_document, read_document
from jpnews_tags.tagging.comparison import DIFF_CLASSES, compare_tags
from jpnews_tags.tagging.keyphrases import extract_phrases
from jpnews_tags.tagging.names import tag_key, version_families
from jpnews_tags.tagging.site import DEFAULT_MAX_SHARE, DEFAULT_SAMPLE, ArchiveTags, sample_indices
from jpnews_tags.tagging.tagger import TagCandidate, apply_vocabulary, demote_frequent, merge_and_rank
from jpnews_tags.tagging.vocabulary import Vocabulary, harvest
from jpnews_tags.text.layout import Layout

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
    families = a.tagger.info.families  # a version in the title is tagged as its family by default (Llama 4 -> Llama)
    # Plain keyphrase extraction as a baseline (what YAKE/TextRank-style tools give): every noun phrase of the
    # text ranked by frequency x specificity, top 8, no entities, topics, layout or vocabulary.
    bg = a.tagger.background
    phrases = extract_phrases(a.tokenizer.tokenize(body))
    ranked = sorted(phrases, key=lambda p: (-len(p.starts) * bg.specificity(p.key), p.starts[0]))[:8]
    baseline = [p.surface for p in ranked]
    title_names = {tag_key(n) for eid in title_ids for n in a.tagger.info.names.get(eid, ())}
    entities = [e.model_dump(mode="json") for e in result.entities]
    tag_meta = [(t.tag, t.source, t.id) for t in result.tags]
    only_boiler = boilerplate_only(a, fm.text, fm.title, tag_meta, entities, fm.body_start)
    return {
        "wide": [(t.tag, t.score, t.source, t.id) for t in result.tags],
        "boilerplate_only": sorted(only_boiler),
        "path": path,
        "title": fm.title,
        "existing": existing,
        "site": [t.tag for t in site],
        "default": [(t.tag, t.source) for t in default],
        "agreed": diff.agreed,
        "only_existing": diff.reasons,
        "only_ours": diff.only_ours,
        "title_salient": [g.id for g in salient],
        "title_salient_tagged": [
            g.id for g in salient if g.id in default_ids or families.get(g.id or "") in default_ids
        ],
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
    ap.add_argument("--recorded", metavar="ANALYZE_OUTPUT", help="only the site checks, on a recorded analyze output")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"no corpus at {corpus}; nothing to measure")
        return
    if args.recorded:
        recorded_checks(corpus, Path(args.recorded), args.workers, args.limit)
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
    site_report(rows)


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
    print(
        f"- title entities (ORG/PRODUCT, salience >= 0.5) among the default tags (a version as itself or its family): "
        f"{sum(tagged)} of {sum(ts)}"
    )
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


# ------------------------------------------------------------------------------------------- the site checks


def _positions(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0 and needle:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def boilerplate_only(
    a: Analyzer,
    text: str,
    title: str | None,
    tags: Sequence[tuple[str, str, str | None]],
    entities: Sequence[dict],
    body_start: int = 0,
) -> set[str]:
    """The ``tags`` (tag, source, id) whose evidence in ``text`` (the whole file: entity offsets index it) lies only
        in boilerplate zones (and not in the title): entity tags by the mentions of the entity, of its children or of
        its versions; topic tags by their terms and entities; keyphrases by their occurrences (in the body: the front
    matter, from ``body_start`` on, is not analyzed)."""
    layout = Layout.of(text, a.tokenizer.is_common_word, a.layout_words)
    if not layout.boilerplate:
        return set()
    info = a.tagger.info
    out: set[str] = set()
    topic_spans: list[tuple[int, set[str]]] | None = None
    title_topics: set[str] = set()
    if title:
        title_topics = {
            a.tagger.topics[i].id
            for _, _, p in a.tagger.topic_terms.spans(a.tokenizer.tokenize(title), title)
            for i in p
        }
    chains = {}
    for e in entities:
        chain, pid = [], e.get("id")
        while pid and len(chain) < 4:
            chain.append(pid)
            pid = info.parents.get(pid)
        chains[e["start"]] = chain
    for tag, source, tid in tags:
        positions: list[int] = []
        if source == "entity":
            for e in entities:
                if tid in chains[e["start"]] or (e.get("canonical") and tag_key(e["canonical"]) == tag_key(tag)):
                    positions.append(e["start"])
            if not positions:
                continue  # named in the title only
        elif source == "topic":
            if tid in title_topics:
                continue
            if topic_spans is None:
                tokens = a.tokenizer.tokenize(text)
                topic_spans = [
                    (start, {a.tagger.topics[i].id for i in payload})
                    for start, _, payload in a.tagger.topic_terms.spans(tokens, text)
                ]
            positions = [start for start, ids in topic_spans if tid in ids]
            spec = next((t for t in a.tagger.topics if t.id == tid), None)
            if spec is not None:
                positions += [
                    e["start"] for e in entities if e.get("id") in spec.entities or e.get("kind") in spec.kinds
                ]
        else:
            if title and unicodedata.normalize("NFKC", tag) in unicodedata.normalize("NFKC", title):
                continue
            positions = _positions(unicodedata.normalize("NFKC", text), unicodedata.normalize("NFKC", tag))
        positions = [p for p in positions if p >= body_start]
        if positions and all(layout.zone_of(p) is not None for p in positions):
            out.add(tag)
    return out


def _family_pairs(ids: Iterable[str | None], families: dict[str, str], parents: dict[str, str | None]) -> list:
    """(version, family) pairs among tag ids: a version and an ancestor reached by version steps."""
    present = {i for i in ids if i}
    pairs = []
    for i in present:
        if i not in families:
            continue
        pid, root = parents.get(i), families[i]
        while pid:
            if pid in present:
                pairs.append((i, pid))
            if pid == root:
                break
            pid = parents.get(pid)
    return pairs


def site_checks(label: str, docs: Sequence[dict], a: Analyzer) -> None:
    """Print the site checks of ``docs``: ``{"path", "tags": [(tag, source, id)], "boilerplate_only": [...]}``."""
    n = len(docs)
    counts = Counter(t for d in docs for t in {t for t, _, _ in d["tags"]})
    top = counts.most_common(3)
    families = version_families(a.gazetteer.entries, a._name_cues.edition_words)
    parents = {e.id: e.parent for e in a.gazetteer.entries}
    boiler = [d for d in docs if set(d["boilerplate_only"]) & {t for t, _, _ in d["tags"]}]
    boiler_tags = Counter(t for d in boiler for t in set(d["boilerplate_only"]) & {t for t, _, _ in d["tags"]})
    fam = [
        (d, p) for d in docs if (p := _family_pairs([i for _, s, i in d["tags"] if s == "entity"], families, parents))
    ]
    names = {e.id: e.name for e in a.gazetteer.entries}
    fam_pairs = Counter((names.get(v, v), names.get(f, f)) for _, ps in fam for v, f in ps)
    kps = [t for d in docs for t, s, _ in d["tags"] if s == "keyphrase"]
    print(f"\n### {label} ({n} posts)\n")
    print(
        "- most common tags: "
        + ", ".join(f"{t} on {k} posts ({k / n:.1%})" for t, k in top)
        + f"; tags on more than 60% of posts: {sum(1 for k in counts.values() if k > 0.6 * n)}"
    )
    print(
        f"- posts with a tag whose evidence is only boilerplate: {len(boiler)} ({len(boiler) / n:.1%}); those tags: "
        + ", ".join(f"{t} {k}" for t, k in boiler_tags.most_common(10))
    )
    print(
        f"- posts with both a product version and its family: {len(fam)} ({len(fam) / n:.1%}); pairs: "
        + ", ".join(f"{v} + {f} {k}" for (v, f), k in fam_pairs.most_common(8))
    )
    print(f"- keyphrase tags: {len(kps)} ({len(kps) / n:.2f} per post), {len(set(kps))} distinct")
    rng = random.Random(17)
    sample = rng.sample(sorted(set(kps)), min(40, len(set(kps))))
    print("- a sample of them (seeded): " + ", ".join(sample))


def site_report(rows: list[dict[str, Any]]) -> None:
    """The site checks on the default tags and on a site-aware run (first pass over a sample, demotion)."""
    a = Analyzer()
    by_tag = lambda r: {t: (t, s, i) for t, _, s, i in r["wide"]}  # noqa: E731
    default_docs, lists = [], []
    for r in rows:
        cands = [TagCandidate(t, sc, [], src, i) for t, sc, src, i in r["wide"]]  # type: ignore[arg-type]
        picked = merge_and_rank(cands, TagOptions())
        meta = by_tag(r)
        default_docs.append({"tags": [meta[t.tag] for t in picked], "boilerplate_only": r["boilerplate_only"]})
        lists.append([t.tag for t in picked])
    print("\n## Site checks\n")
    site_checks("default tags, each post on its own", default_docs, a)
    archive = ArchiveTags.count(lists[i] for i in sample_indices(len(lists), DEFAULT_SAMPLE))
    site_docs = []
    for r in rows:
        cands = [TagCandidate(t, sc, [], src, i) for t, sc, src, i in r["wide"]]  # type: ignore[arg-type]
        demote_frequent(cands, archive, DEFAULT_MAX_SHARE)
        meta = by_tag(r)
        picked = merge_and_rank(cands, TagOptions())
        site_docs.append({"tags": [meta[t.tag] for t in picked], "boilerplate_only": r["boilerplate_only"]})
    over = ", ".join(f"{t} ({sh:.0%})" for t, sh in archive.over(DEFAULT_MAX_SHARE))
    site_checks(f"site-aware run (first pass over {archive.docs} posts; demoted: {over or 'none'})", site_docs, a)


_recorded_analyzer: Analyzer | None = None


def _init_recorded() -> None:
    global _recorded_analyzer
    _recorded_analyzer = Analyzer()


def _recorded_one(item: tuple[str, str]) -> dict[str, Any]:
    assert _recorded_analyzer is not None
    path, line = item
    r = json.loads(line)
    doc = read_document(path)
    tags = [(t["tag"], t["source"], t.get("id")) for t in r["tags"]]
    only = boilerplate_only(_recorded_analyzer, doc.text, r.get("title"), tags, r["entities"], doc.body_start)
    return {"tags": tags, "boilerplate_only": sorted(only)}


def recorded_checks(corpus: Path, recorded: Path, workers: int, limit: int) -> None:
    """The site checks on a recorded ``jpnews-tags analyze DIR`` output (paths ``CORPUS/NAME`` or real ones)."""
    items = []
    for line in recorded.read_text(encoding="utf-8").splitlines():
        name = json.loads(line)["path"].split("/")[-1]
        items.append((str(corpus / name), line))
    if limit:
        items = items[:limit]
    with mp.Pool(workers, initializer=_init_recorded) as pool:
        docs = list(pool.imap(_recorded_one, items, chunksize=8))
    print(f"## Site checks of {recorded}\n")
    site_checks("recorded tags", docs, Analyzer())


if __name__ == "__main__":
    sys.exit(main())
