"""General-domain NER: the analyzer on Japanese Wikipedia sentences (stockmark's ner-wikipedia-dataset format).

The dataset is not shipped (CC BY-SA; fetch ``ner.json`` from github.com/stockmarkteam/ner-wikipedia-dataset, or
give a JSONL file of the same records). Each record is ``{"curid", "text", "entities": [{"name", "span": [a, b],
"type"}]}``; its eight types map to this project's labels: 人名 PERSON; 法人名, 政治的組織名 (also written
政府・政治・国際組織名), その他の組織名 ORG; 地名, 施設名 LOC; 製品名 PRODUCT; イベント名 EVENT. The analyzer's GPE
counts as LOC; its numbers, dates and laws are not scored (the set has no such types).

It prints, per label and overall, precision, recall and F1 over exact spans (a mention right only with the same
start, end and label), the same without labels (span only), and sorts every false positive into what it is:

  * **inside**: strictly inside a longer gold name (秋田 in 秋田ノーザンハピネッツ, 日本 in 日本社会党);
    "a place or company inside a longer name, output alone" counts those labelled LOC, GPE or ORG inside a name
    that is not itself a place (地名): an organization, facility, event, product or person. A place inside a
    longer place (神奈川県 in 神奈川県足柄上郡中井村: the set marks an address as one name) is counted apart, as
    a difference of convention (this project gives each place of an address);
  * **crossing**: overlapping a gold name without being inside it (a wrong extent);
  * **relabelled**: a gold name's exact span under another label;
  * **outside**: touching no gold name (a name the annotators did not mark, or not a name).

    python bench/general_ner.py PATH [--limit N] [--examples 30] [--model MODEL | --no-recognizer] [--json OUT]

Skips with a message when PATH is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

#: stockmark's types -> this project's labels.
TYPES = {
    "人名": "PERSON",
    "法人名": "ORG",
    "政治的組織名": "ORG",
    "政府・政治・国際組織名": "ORG",
    "その他の組織名": "ORG",
    "地名": "LOC",
    "施設名": "LOC",
    "製品名": "PRODUCT",
    "イベント名": "EVENT",
}
SCORED = ("ORG", "PRODUCT", "PERSON", "LOC", "EVENT")
Span = tuple[int, int, str]


def load_records(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON list (the dataset's own file) or of a JSONL file of the same records. A file that is not
    JSON, or a record without its fields or whose span does not hold its name, is refused with a ValueError that
    says where."""
    text = path.read_text(encoding="utf-8")
    try:
        if text.lstrip().startswith("["):
            data = [(i + 1, r) for i, r in enumerate(json.loads(text))]
            where = "record"
        else:
            data = [(i + 1, json.loads(line)) for i, line in enumerate(text.splitlines()) if line.strip()]
            where = "line"
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not JSON or JSONL: {exc}") from exc
    out = []
    for n, r in data:
        try:
            gold, types = [], {}
            for e in r["entities"]:
                a, b = e["span"]
                if r["text"][a:b] != e["name"]:
                    raise ValueError(f"span {a}-{b} is not {e['name']!r}")
                if e["type"] in TYPES:
                    gold.append((a, b, TYPES[e["type"]]))
                    types[(a, b)] = e["type"]
            out.append({"id": str(r.get("curid", n)), "text": r["text"], "gold": gold, "types": types})
        except (KeyError, TypeError, ValueError) as exc:
            reason = f"no field {exc}" if isinstance(exc, KeyError) else str(exc)
            raise ValueError(
                f"{path}: {where} {n} (curid {r.get('curid') if isinstance(r, dict) else None}): {reason}"
            ) from exc
    return out


def predicted(entities: Iterable[Any]) -> list[Span]:
    out = []
    for e in entities:
        label = "LOC" if e.label == "GPE" else e.label
        if label in SCORED:
            out.append((e.start, e.end, label))
    return out


def kind_of_fp(span: Span, gold: Sequence[Span]) -> str:
    a, b, _ = span
    if any(g[0] == a and g[1] == b for g in gold):
        return "relabelled"
    if any(g[0] <= a and b <= g[1] for g in gold):
        return "inside"
    if any(g[0] < b and a < g[1] for g in gold):
        return "crossing"
    return "outside"


def score(records: Sequence[dict[str, Any]], predictions: Sequence[list[Span]]) -> dict[str, Any]:
    from jpnews_tags.evaluation import PRF

    labelled: defaultdict[str, PRF] = defaultdict(PRF)  # per label, and "micro" over the scored labels
    spans = PRF()  # spans alone, any label
    kinds: Counter[str] = Counter()
    inside_by_label: Counter[str] = Counter()
    inside_name: Counter[str] = Counter()  # place or company inside a longer name, by the host's type
    places_inside = 0  # of them, places (LOC, GPE) inside a name that is not a place
    examples: dict[str, list[str]] = {}
    missed: list[str] = []
    for rec, pred in zip(records, predictions, strict=True):
        gold, text = set(rec["gold"]), rec["text"]
        pset = set(pred)
        for s in pset:
            for key in (s[2], "micro"):
                if s in gold:
                    labelled[key].tp += 1
                else:
                    labelled[key].fp += 1
        for s in gold - pset:
            labelled[s[2]].fn += 1
            labelled["micro"].fn += 1
            missed.append(f"{s[2]} {text[s[0] : s[1]]}")
        gspans = {(a, b) for a, b, _ in gold}
        pspans = {(a, b) for a, b, _ in pset}
        spans.tp += len(gspans & pspans)
        spans.fp += len(pspans - gspans)
        spans.fn += len(gspans - pspans)
        for s in sorted(pset - gold):
            kind = kind_of_fp(s, rec["gold"])
            kinds[kind] += 1
            host = next((g for g in rec["gold"] if g[0] <= s[0] and s[1] <= g[1] and g[:2] != s[:2]), None)
            host_type = rec["types"][host[:2]] if host else ""
            if kind == "inside":
                inside_by_label[s[2]] += 1
                if s[2] in ("LOC", "ORG"):
                    inside_name["address" if host_type == "地名" else host_type] += 1
                    places_inside += s[2] == "LOC" and host_type != "地名"
            where = f" in {text[host[0] : host[1]]} ({host_type})" if host else ""
            examples.setdefault(kind, []).append(f"{s[2]} {text[s[0] : s[1]]}{where}")
    return {
        "labelled": labelled,
        "spans": spans,
        "fp_kinds": kinds,
        "inside_by_label": inside_by_label,
        "inside_name": inside_name,
        "places_inside": places_inside,
        "examples": examples,
        "missed": missed,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path, help="ner.json (a JSON list) or a JSONL file of the same records")
    ap.add_argument("--limit", type=int, default=None, help="only the first N records")
    ap.add_argument("--examples", type=int, default=30, help="false positives of each kind to print")
    ap.add_argument("--model", default=None, help="recognizer weights (default: the shipped model)")
    ap.add_argument("--no-recognizer", action="store_true", help="without the learned recognizer")
    ap.add_argument("--json", type=Path, default=None, help="write every false positive and miss here")
    args = ap.parse_args(argv)
    if not args.path.is_file():
        print(f"skipped: {args.path} not found (see this script's docstring for where to get it)")
        return 0
    sys.path.insert(0, str(ROOT))
    from jpnews_tags import Analyzer

    records = load_records(args.path)[: args.limit]
    kwargs: dict[str, Any] = {}
    if args.no_recognizer:
        kwargs["recognizer"] = False
    elif args.model:
        kwargs["model"] = args.model
    analyzer = Analyzer(**kwargs)
    t0 = time.perf_counter()
    preds = [predicted(a.entities) for a in analyzer.pipe([r["text"] for r in records])]
    seconds = time.perf_counter() - t0
    result = score(records, preds)
    n_gold = sum(len(r["gold"]) for r in records)
    print(f"{len(records)} sentences, {n_gold} gold names, analyzed in {seconds:.1f} s\n")
    print("| label | P | R | F1 | tp | fp | fn |\n|---|---|---|---|---|---|---|")
    for label in ("micro", *SCORED):
        print(result["labelled"][label].markdown_row(label))
    print(result["spans"].markdown_row("span") + "  (spans, any label)")
    kinds = result["fp_kinds"]
    total_fp = sum(kinds.values())
    print(f"\nfalse positives: {total_fp}: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    inside = result["inside_by_label"]
    print("inside a longer gold name, by label: " + ", ".join(f"{k} {inside[k]}" for k in SCORED))
    names = result["inside_name"]
    print(
        f"a place or company inside a longer name, output alone: {sum(names.values()) - names['address']} "
        "(" + ", ".join(f"{k} {v}" for k, v in names.most_common() if k != "address") + "); "
        f"inside an address: {names['address']}"
    )
    print(f"of them places inside a name that is not a place (秋田 in 秋田ノーザン…): {result['places_inside']}")
    for kind, shown in sorted(result["examples"].items()):
        print(f"\n{kind} ({len(shown)}):")
        for line in shown[: args.examples]:
            print("  " + line)
    if args.json:
        args.json.write_text(
            json.dumps({"fp": result["examples"], "missed": result["missed"]}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
