"""Unseen-name evaluation: how well are names found that no dictionary entry holds?

Every dictionary entry that would match one of the gold's mentions (``dict lookup`` of the mention resolves to
it) is removed, and the analyzer is scored on the gold with what is left. Whatever it still finds of the gold's
names it finds without a list: by discovery rules, the recognizer, context. No list of names can raise this
score, because any name the gold holds is taken out of the list before scoring.

Each configuration is scored twice, with the full dictionary and without the gold's entries, per label
(P/R/F1, GPE and LOC as one), on the whole gold and on its two halves (``d-*`` blog paragraphs, ``dn-*``
journalists' items). Configurations are the analyzer's optional parts turned off one at a time, so the
contribution of each is measured, not guessed.

    python bench/unseen.py [--gold ../shared/gold/dev.jsonl] [--config all] [--json OUT]

Skips with a message when the gold is absent.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("JPNEWS_TAGS_SHARED", ROOT.parent / "shared"))
NAMED = ("ORG", "PRODUCT", "PERSON", "LOC", "EVENT", "LAW")


def shipped_entries() -> list[Any]:
    from jpnews_tags.lexicon.load import load_entries
    from jpnews_tags.lexicon.paths import dictionary_dir

    return load_entries([dictionary_dir() / "entities"])


def entries_for(names: Sequence[str]) -> set[str]:
    """Ids of the shipped entries that one of ``names`` resolves to (what ``jpnews-tags dict lookup`` says)."""
    from jpnews_tags import Analyzer

    a = Analyzer(use_config=False)
    out: set[str] = set()
    for name in names:
        for c in a.gazetteer.lookup(name, a.tokenizer):
            out.add(a.gazetteer.entries[c.entry].id)
    return out


def write_dictionary(entries: Sequence[Any], folder: Path) -> Path:
    path = folder / "entities.yaml"
    data = {"entries": [e.model_dump(exclude_defaults=True) for e in entries]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def score_subsets(analyzer: Any, gold: list[dict[str, Any]]) -> dict[str, Any]:
    from jpnews_tags.evaluation import score

    preds = {
        g["id"]: [(e.text, e.label, e.canonical, e.source) for e in analyzer.analyze(g["text"]).entities] for g in gold
    }
    out = {}
    for subset, keep in (("all", ""), ("blog d-*", "d-"), ("news dn-*", "dn-")):
        part = [g for g in gold if g["id"].startswith(keep)] if keep else gold
        if keep == "d-":
            part = [g for g in part if not g["id"].startswith("dn-")]
        out[subset] = score(part, preds)
    return out


#: Configurations: name -> keyword arguments of Analyzer that turn optional parts off.
CONFIGS: dict[str, dict[str, Any]] = {
    "all": {},
    "no discovery": {"discovery": False},
}


def available_configs() -> dict[str, dict[str, Any]]:
    """The configurations this version of the analyzer accepts (later parts add their switches)."""
    import inspect

    from jpnews_tags import Analyzer

    params = inspect.signature(Analyzer).parameters
    out = dict(CONFIGS)
    if "recognizer" in params:
        out["no recognizer"] = {"recognizer": False}
        out["no recognizer, no discovery"] = {"recognizer": False, "discovery": False}
    from jpnews_tags.ner import discovery

    names = {r.name for r in discovery.RULES}
    for label, rules in PART_RULES.items():
        if set(rules) <= names:
            out[f"without {label}"] = {"_skip_rules": rules}
    out["without company-or-service labels in context"] = {"_no_labels_in_context": True}
    import jpnews_tags.analyzer as analyzer_module

    if hasattr(analyzer_module, "repeat_names"):
        out["without one reading per text (repeated names)"] = {"_no_repeats": True}
    if hasattr(analyzer_module, "overrulable"):
        out["without the recognizer overruling places read from Sudachi"] = {"_no_overrule": True}
    if hasattr(analyzer_module, "WordsAfter"):
        out["without the words after a name (Xチップ, X傘下) voting its type"] = {"_no_words_after": True}
    if hasattr(analyzer_module, "GlossedTerms"):
        out["without acronyms glossed by common words taken as terms (小型モジュール炉（SMR）)"] = {"_no_glossed": True}
    from jpnews_tags.ner.recognizer import Recognizer

    if hasattr(Recognizer, "_label"):
        out["without the recognizer's second pass (found names as context)"] = {"_no_second_pass": True}
    return out


#: Parts of this issue's work that are discovery rules, by what they do (their rule names in discovery.RULES).
PART_RULES: dict[str, tuple[str, ...]] = {
    "nested names (place + head)": ("nested-names",),
    "event rules": ("events-introduced", "events-with-years", "events-without-years"),
    "person rules (titles, honorifics, surnames)": ("people", "surname-links"),
    "company examples (A、Bといった企業)": ("org-examples",),
    "spaced subsidiaries (パナソニック コネクト)": ("org-spaced-subsidiaries",),
    "model names after 新型": ("new-models",),
    "names quoted after a company (Microsoftが「AI Foundry」)": ("owned-names",),
    "kanji names after an apposition (出版社の秀和システム)": ("org-kanji-apposition",),
    "what a sentence says of the company leading it (Xは…自社, 同社, 資金を調達; Xが「X …」)": ("org-subjects",),
}


@contextlib.contextmanager
def patched(kw: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The Analyzer keywords of a configuration; the parts without a keyword are turned off by patching the
    function that runs them, for the duration (a measurement, not a feature)."""
    import jpnews_tags.analyzer as analyzer_module
    from jpnews_tags.ner import discovery

    kw = dict(kw)
    skip = set(kw.pop("_skip_rules", ()))
    no_context = kw.pop("_no_labels_in_context", False)
    no_repeats = kw.pop("_no_repeats", False)
    no_overrule = kw.pop("_no_overrule", False)
    no_words_after = kw.pop("_no_words_after", False)
    no_second_pass = kw.pop("_no_second_pass", False)
    no_glossed = kw.pop("_no_glossed", False)
    saved_glossed = getattr(analyzer_module, "GlossedTerms", None)
    from jpnews_tags.ner.recognizer import Recognizer

    saved_init = Recognizer.__init__
    saved_words_after = getattr(analyzer_module, "WordsAfter", None)
    saved_overrulable = getattr(analyzer_module, "overrulable", None)
    saved_repeats = getattr(analyzer_module, "repeat_names", None)
    saved_reading = getattr(analyzer_module, "one_reading", None)
    saved_rules = discovery.discover.__kwdefaults__["rules"]
    saved_context = analyzer_module.labels_in_context
    try:
        if skip:
            discovery.discover.__kwdefaults__["rules"] = tuple(r for r in discovery.RULES if r.name not in skip)
        if no_context:
            analyzer_module.labels_in_context = lambda entities, *args: list(entities)  # type: ignore[assignment]
        if no_repeats:  # one reading of a found name per text: neither relabelled nor repeated
            analyzer_module.repeat_names = lambda *args, **kwargs: []  # type: ignore[assignment]
            analyzer_module.one_reading = lambda entities, *args, **kwargs: list(entities)  # type: ignore[assignment]
        if no_overrule:
            analyzer_module.overrulable = lambda e: False  # type: ignore[attr-defined]
        if no_words_after:
            analyzer_module.WordsAfter = lambda *args, **kwargs: lambda text, e: None  # type: ignore[attr-defined]
        if no_glossed and saved_glossed is not None:

            class NeverGlossed(saved_glossed):  # type: ignore[misc, valid-type]
                def __call__(self, *args: Any, **kwargs: Any) -> bool:
                    return False

            analyzer_module.GlossedTerms = NeverGlossed  # type: ignore[attr-defined]
        if no_second_pass:

            def first_pass_only(self: Any, *args: Any, **kwargs: Any) -> None:
                saved_init(self, *args, **kwargs)
                self.second_pass = False

            Recognizer.__init__ = first_pass_only  # type: ignore[method-assign]
        yield kw
    finally:
        Recognizer.__init__ = saved_init  # type: ignore[method-assign]
        if saved_glossed is not None:
            analyzer_module.GlossedTerms = saved_glossed  # type: ignore[attr-defined]
        if saved_words_after is not None:
            analyzer_module.WordsAfter = saved_words_after  # type: ignore[attr-defined]
        if saved_overrulable is not None:
            analyzer_module.overrulable = saved_overrulable  # type: ignore[attr-defined]
        discovery.discover.__kwdefaults__["rules"] = saved_rules
        analyzer_module.labels_in_context = saved_context
        if saved_repeats is not None:
            analyzer_module.repeat_names = saved_repeats
        if saved_reading is not None:
            analyzer_module.one_reading = saved_reading


def table(title: str, report: Any) -> str:
    from jpnews_tags.evaluation import PRF

    lines = [f"**{title}**", "", "| label | P | R | F1 | tp | fp | fn |", "|---|---|---|---|---|---|---|"]
    lines.append(report.micro.markdown_row("micro"))
    for label in NAMED:
        if label in report.per_label:
            lines.append(report.per_label[label].markdown_row(label))
    named = [report.per_label[label] for label in NAMED if label in report.per_label]
    names = PRF(*(sum(getattr(p, k) for p in named) for k in ("tp", "fp", "fn")))
    lines.append(names.markdown_row("names (micro)"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--gold", type=Path, default=SHARED / "gold" / "dev.jsonl")
    p.add_argument("--config", action="append", help="only these configurations (repeatable; default: all)")
    p.add_argument("--subset", default="all", choices=("all", "blog d-*", "news dn-*"), help="printed subset")
    p.add_argument("--errors", type=Path, help="write the unseen run's errors (fp/fn) of 'all' as JSON Lines")
    p.add_argument("--json", type=Path, help="also write every figure as JSON")
    p.add_argument(
        "--model",
        type=Path,
        help="the recognizer model for the unseen run: one trained without the gold's names "
        "(jpnews-tags train CORPUS -o M --exclude-names GOLD); default: the shipped one, which has seen them",
    )
    p.add_argument("--threshold", type=float, help="the confidence a recognized name needs (default: the analyzer's)")
    args = p.parse_args(argv)
    if not args.gold.is_file():
        print(f"no gold at {args.gold}: skipped")
        return 0
    from jpnews_tags import Analyzer
    from jpnews_tags.evaluation import load_gold

    gold = load_gold(args.gold)
    mentions = sorted({e["text"] for g in gold for e in g["entities"] if e["label"] in (*NAMED, "GPE")})
    removed = entries_for(mentions)
    entries = shipped_entries()
    kept = [e for e in entries if e.id not in removed]
    print(f"gold: {args.gold} ({len(gold)} passages, {len(mentions)} distinct name mentions)")
    print(f"dictionary: {len(entries)} entries; {len(removed)} removed for the unseen run (they match a gold mention)")
    configs = available_configs()
    chosen = args.config or list(configs)
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        reduced = write_dictionary(kept, Path(tmp))
        builders: dict[str, Callable[[dict[str, Any]], Any]] = {
            "full dictionary": lambda kw: Analyzer(use_config=False, **kw),
            "unseen (gold's entries removed)": lambda kw: Analyzer(
                [reduced],
                package_dictionaries=False,
                use_config=False,
                **({"model": args.model} if args.model and kw.get("recognizer", True) else {}),
                **({"recognizer_threshold": args.threshold} if args.threshold is not None else {}),
                **kw,
            ),
        }
        for config in chosen:
            for dictionary, build in builders.items():
                t0 = time.perf_counter()
                with patched(configs[config]) as kw:
                    analyzer = build(kw)
                    reports = score_subsets(analyzer, gold)
                rep = reports[args.subset]
                print()
                print(table(f"{config} / {dictionary} / {args.subset} ({time.perf_counter() - t0:.1f} s)", rep))
                figures[f"{config} / {dictionary}"] = {k: v.to_dict() for k, v in reports.items()}
                if args.errors and config == chosen[0] and dictionary.startswith("unseen"):
                    with args.errors.open("w", encoding="utf-8") as fh:
                        for e in reports["all"].errors:
                            if e["type"] in ("fp", "fn"):
                                fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
