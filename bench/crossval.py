"""Entry cross-validation on the corpus: does the analyzer find names when their dictionary entry is gone?

The dictionary entries are split into k folds (by a hash of the id, so the split is fixed). The whole corpus
is analyzed once with the full dictionary: every mention found through an entry is a test mention of that
entry. Then, for each fold, the corpus is analyzed again without that fold's entries, and each test mention of
the fold counts as found when an entity with the same span and label (GPE and LOC as one) is still there,
found by everything else: other entries (a family name inside a version, say), rules, discovery, the
recognizer. Recall is reported per label, over thousands of mentions.

Precision of what the analyzer outputs without a list is estimated by reading: ``--sample N`` prints N random
entities that a fold run outputs (not from an entry) where the full dictionary matches nothing, with their
context, for a person to judge; ``--judge FILE`` reads such a sample back with a verdict per line and prints
the precision.

    python bench/crossval.py [--folds 5] [--limit N] [--sample 60] [--seed 0] [--json OUT]
    python bench/crossval.py --folds 3 --limit 600 --model-dir DIR --rejudge bench/crossval_sample_judged_v7.jsonl

The recognizer is part of "everything else", but the shipped model was trained on this corpus, labelled with
the full dictionary: it has seen every held-out mention. So each fold gets a model trained without that fold's
entries (``--model-dir DIR``: ``fold-<i>.npz``, trained here when missing, the fold's entries' regions left out
of its training), and ``--no-recognizer`` measures the rest alone.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("JPNEWS_TAGS_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from newnames import band, draw_sample  # noqa: E402
from unseen import patched, shipped_entries, write_dictionary  # noqa: E402

Mention = tuple[int, int, int, str]  # post index, start, end, label


def fold_of(entry_id: str, folds: int) -> int:
    return int(hashlib.sha256(entry_id.encode()).hexdigest()[:8], 16) % folds


def _label(label: str) -> str:
    return "LOC" if label == "GPE" else label


def corpus_texts(limit: int | None) -> list[dict[str, str | None]]:
    from jpnews_tags.documents import parse_document

    files = sorted((SHARED / "corpus" / "_posts").glob("*.md"))
    if limit:
        files = files[:limit]
    out: list[dict[str, str | None]] = []
    for f in files:
        doc = parse_document(f.read_text(encoding="utf-8"))
        out.append({"text": doc.body, "title": doc.title})
    return out


def _output(fold: int, post: int, texts: Sequence[dict[str, str | None]], e: Any) -> dict[str, Any]:
    """One name a fold run output, with 30 characters of its post either side (its text marked 【】)."""
    text = str(texts[post]["text"])
    context = f"{text[max(0, e.start - 30) : e.start]}【{e.text}】{text[e.end : e.end + 30]}"
    return {
        "fold": fold,
        "post": post,
        "text": e.text,
        "label": e.label,
        "source": e.source,
        "confidence": e.confidence,
        "context": context,
    }


def fold_model(args: argparse.Namespace, fold: int, texts: Sequence[dict[str, str | None]], held_out: set[str]) -> Path:
    """The recognizer model of a fold: trained on the corpus with the full dictionary's labels, the regions of
    the fold's entries left out (so it has never seen them); made once and kept in ``--model-dir``."""
    from jpnews_tags import Analyzer
    from jpnews_tags.training import TrainOptions, train_recognizer

    folder = args.model_dir or Path(tempfile.gettempdir()) / "jpnews-tags-crossval"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"fold-{fold}-of-{args.folds}-{len(texts)}.npz"
    if not path.is_file():
        t0 = time.perf_counter()
        silver = Analyzer(use_config=False, recognizer=False, discovery=not args.no_discovery)
        model, _ = train_recognizer(silver, texts, TrainOptions(exclude_ids=frozenset(held_out)))
        model.save(path)
        print(f"fold {fold}: model trained without its {len(held_out)} entries in {time.perf_counter() - t0:.0f} s")
    return path


def rejudge(files: Sequence[Path], new_names: Sequence[dict[str, Any]]) -> None:
    """Read judged samples of an earlier run again against this run's new names: a judged name is still output
    when this run outputs the same name, label and context in the same fold and post; relabelled when only the
    label differs (listed, to be read again). The wrong ones still output are listed too: what is left to mend.
    When a change only takes names away or relabels them (check it on the corpus), the judged names still output
    are a random sample of what it outputs now, and their verdicts estimate its precision without a new
    reading."""
    now: dict[tuple[Any, ...], dict[str, tuple[str, float | None]]] = defaultdict(dict)
    for r in new_names:
        now[(r["fold"], r["post"], r["text"], r["context"])][r["label"]] = (r["source"], r.get("confidence"))
    kept: Counter[str] = Counter()
    before: Counter[str] = Counter()
    # the same per file: each reading is a sample of its own run
    per_file: dict[Path, Counter[str]] = defaultdict(Counter)
    # the verdicts of the names still output, by what outputs them now and how confident it is
    bands: Counter[tuple[str, str, str]] = Counter()
    changed: list[tuple[str, dict[str, Any]]] = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            r = json.loads(line) if line.strip() else {}
            if r.get("verdict") not in ("ok", "wrong"):
                continue
            before[r["verdict"]] += 1
            per_file[f]["before " + r["verdict"]] += 1
            labels = now.get((r["fold"], r["post"], r["text"], r["context"]), {})
            if r["label"] in labels:
                kept[r["verdict"]] += 1
                per_file[f]["kept " + r["verdict"]] += 1
                source, conf = labels[r["label"]]
                bands[source, band(conf), r["verdict"]] += 1
                if r["verdict"] == "wrong":
                    changed.append((f"still output ({source} {band(conf)})", r))
            else:
                changed.append((f"relabelled {'/'.join(sorted(labels))}" if labels else "no longer output", r))
    n0, n1 = before["ok"] + before["wrong"], kept["ok"] + kept["wrong"]
    print(
        f"\nrejudged {n0} judged names ({', '.join(str(f) for f in files)}): {before['ok']}/{n0} right before", end=""
    )
    share = kept["ok"] / max(n1, 1)
    print(f" ({before['ok'] / max(n0, 1):.3f}); {n1} still output, {kept['ok']}/{n1} right ({share:.3f})")
    if len(files) > 1:
        for f, c in per_file.items():
            was, now_n = c["before ok"] + c["before wrong"], c["kept ok"] + c["kept wrong"]
            print(f"  {f}: {c['before ok']}/{was} right before; {now_n} still output, {c['kept ok']}/{now_n} right")
    print("by source and confidence now (right/judged):")
    for source, within in sorted({(s, b) for s, b, _ in bands}):
        ok, wrong = bands[source, within, "ok"], bands[source, within, "wrong"]
        print(f"  {source:9} {within}: {ok}/{ok + wrong} ({ok / (ok + wrong):.2f})")
    for what, r in changed:
        print(f"  {what}, was {r['verdict']}: [{r['label']}/{r['source']}] {r['context']}".replace("\n", " "))


def run(analyzer: Any, texts: Sequence[dict[str, str | None]]) -> Iterator[tuple[int, Any]]:
    yield from enumerate(analyzer.pipe(texts))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--limit", type=int, help="only the first N posts")
    p.add_argument("--only-folds", type=int, nargs="*", help="run these folds only (default: all)")
    p.add_argument("--sample", type=int, default=0, help="print N new names found by fold runs, for reading")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-discovery", action="store_true")
    p.add_argument("--model-dir", type=Path, help="fold-<i>.npz recognizer models trained without fold i (made here)")
    p.add_argument("--no-recognizer", action="store_true", help="without the learned recognizer")
    p.add_argument("--no-repeats", action="store_true", help="without repeating found names (ner/repeats.py)")
    p.add_argument("--threshold", type=float, help="the confidence a recognized name needs (default: the analyzer's)")
    p.add_argument("--json", type=Path, help="write the figures as JSON")
    p.add_argument("--sample-out", type=Path, help="write the sample as JSON Lines (add a 'verdict' field to judge)")
    p.add_argument(
        "--outputs-out",
        type=Path,
        help="write every name the fold runs output without the dictionary as JSON Lines: the new names, and those "
        "over held-out mentions with 'held_out': exact (same span and label) or wrong",
    )
    p.add_argument("--judge", type=Path, help="a judged sample (JSON Lines with 'verdict': ok/wrong): precision")
    p.add_argument(
        "--rejudge",
        type=Path,
        nargs="+",
        help="judged samples of an earlier run (same --folds, --limit and fold models): which of their names this "
        "code still outputs, and the precision of those",
    )
    args = p.parse_args(argv)
    if args.judge:
        rows = [json.loads(line) for line in args.judge.read_text(encoding="utf-8").splitlines() if line.strip()]
        judged = [r for r in rows if r.get("verdict") in ("ok", "wrong")]
        by_label: dict[str, Counter[str]] = defaultdict(Counter)
        for r in judged:
            by_label[r["label"]][r["verdict"]] += 1
            by_label["all"][r["verdict"]] += 1
        for label, c in sorted(by_label.items()):
            n = c["ok"] + c["wrong"]
            print(f"{label}: {c['ok']}/{n} right = {c['ok'] / n:.2f}")
        return 0
    if not (SHARED / "corpus" / "_posts").is_dir():
        print("no corpus: skipped")
        return 0
    from jpnews_tags import Analyzer

    texts = corpus_texts(args.limit)
    extra: dict[str, Any] = {"discovery": not args.no_discovery, "recognizer": False}
    t0 = time.perf_counter()
    full = Analyzer(use_config=False, **extra)
    tests: dict[int, list[tuple[Mention, str]]] = defaultdict(list)  # fold -> (mention, entry id)
    full_spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, a in run(full, texts):
        for e in a.entities:
            if e.label in ("MONEY", "QUANTITY", "PERCENT", "DATE"):
                continue
            if e.source == "gazetteer":
                full_spans[i].append((e.start, e.end))
            if e.source == "gazetteer" and e.id:
                tests[fold_of(e.id, args.folds)].append(((i, e.start, e.end, _label(e.label)), e.id))
    print(f"{len(texts)} posts; full run {time.perf_counter() - t0:.0f} s; test mentions per fold:")
    print("  " + ", ".join(f"fold {f}: {len(tests[f])}" for f in range(args.folds)))
    entries = shipped_entries()
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    found_by: Counter[str] = Counter()
    on_held_out: Counter[tuple[str, bool]] = Counter()
    new_names: list[dict[str, Any]] = []
    outputs: list[dict[str, Any]] = []  # --outputs-out: the names output over held-out mentions, with their verdict
    folds = args.only_folds if args.only_folds else list(range(args.folds))
    stack = contextlib.ExitStack()  # the parts turned off for the fold runs (not the full run)
    if args.no_repeats:
        stack.enter_context(patched({"_no_repeats": True}))
    for f in folds:
        kept = [e for e in entries if fold_of(e.id, args.folds) != f]
        kw = dict(extra)
        if not args.no_recognizer:
            kw["recognizer"] = True
            kw["model"] = fold_model(args, f, texts, {e.id for e in entries if fold_of(e.id, args.folds) == f})
            if args.threshold is not None:
                kw["recognizer_threshold"] = args.threshold
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            analyzer = Analyzer([write_dictionary(kept, Path(tmp))], package_dictionaries=False, use_config=False, **kw)
            spans: dict[tuple[int, int, int], tuple[str, str]] = {}
            held_out: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
            for (i, s, t, label), _eid in tests[f]:
                held_out[i].append((s, t, label))
            for i, a in run(analyzer, texts):
                for e in a.entities:
                    spans[(i, e.start, e.end)] = (_label(e.label), e.source)
                    if e.source != "gazetteer" and e.label not in ("MONEY", "QUANTITY", "PERCENT", "DATE"):
                        # an output over a held-out mention: right only with its exact span and label
                        over = [h for h in held_out[i] if h[0] < e.end and e.start < h[1]]
                        if over:
                            exact = any(h == (e.start, e.end, _label(e.label)) for h in over)
                            on_held_out[e.source, exact] += 1
                            if args.outputs_out:
                                outputs.append({**_output(f, i, texts, e), "held_out": "exact" if exact else "wrong"})
                    if e.label in ("MONEY", "QUANTITY", "PERCENT", "DATE") or e.source == "gazetteer":
                        continue
                    if not any(s < e.end and e.start < t for s, t in full_spans[i]):
                        new_names.append(_output(f, i, texts, e))
            for (i, s, t, label), _eid in tests[f]:
                total[label] += 1
                got = spans.get((i, s, t))
                if got is not None and got[0] == label:
                    found[label] += 1
                    found_by[got[1]] += 1
            print(f"fold {f}: {len(kept)} entries kept, {time.perf_counter() - t0:.0f} s")
    stack.close()
    print()
    print("| label | test mentions | found | recall |")
    print("|---|---|---|---|")
    for label in sorted(total, key=lambda k: -total[k]):
        print(f"| {label} | {total[label]} | {found[label]} | {found[label] / total[label]:.3f} |")
    n, k = sum(total.values()), sum(found.values())
    print(f"| all | {n} | {k} | {k / n:.3f} |")
    print(f"\nfound by: {dict(found_by)}")
    for source in sorted({s for s, _ in on_held_out}):
        right, wrong = on_held_out[source, True], on_held_out[source, False]
        print(
            f"{source} outputs over held-out mentions: {right + wrong}, exact span and label {right} "
            f"(precision {right / (right + wrong):.3f})"
        )
    print(f"names output where the full dictionary has no entity: {len(new_names)}")
    if args.outputs_out:
        with args.outputs_out.open("w", encoding="utf-8") as out:
            for r in [*new_names, *outputs]:
                out.write(json.dumps({"held_out": None, **r}, ensure_ascii=False) + "\n")
    if args.sample:
        draw_sample(new_names, args.sample, args.seed, args.sample_out)
    if args.rejudge:
        rejudge(args.rejudge, new_names)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "folds": args.folds,
                    "posts": len(texts),
                    "per_label": {lb: {"test": total[lb], "found": found[lb]} for lb in total},
                    "found_by": dict(found_by),
                    "new_names": len(new_names),
                    "on_held_out": {f"{s}/{'exact' if x else 'wrong'}": n for (s, x), n in on_held_out.items()},
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
