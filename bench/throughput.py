"""Throughput, start-up and memory benchmark (prints figures for docs/benchmarks.md).

In one run, alternating rounds on the same texts, it times:
  * raw SudachiPy: mode C, reading surface, normalized form and POS of every morpheme, with a default
    tokenizer, each article passed whole (cut only where SudachiPy's 49,149-byte limit forces it), and again
    one paragraph at a time, as the analyzer reads it;
  * the full analyzer (tokenize, gazetteer, rules, tags), over the stream (``pipe``) and once per text, and
    ``pipe`` again with the reuse of repeated paragraphs turned off (what that reuse is worth on these texts);
and prints both, the ratio, start-up time (import + load dictionaries, warm and cold cache) and peak RSS.

Texts: the dev corpus (../shared/corpus/_posts) when present, else the bundled examples.

    python bench/throughput.py [--limit N] [--rounds 3] [--stages]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: The clock of the timings: wall time, or this process's CPU time with --cpu (on a machine others load, CPU time
#: moves much less; both sides of a ratio are timed the same way).
CLOCK = time.perf_counter
SHARED = Path(os.environ.get("JPNEWS_TAGS_SHARED", ROOT.parent / "shared"))


def text_files(limit: int | None) -> tuple[str, list[Path]]:
    posts = SHARED / "corpus" / "_posts"
    if posts.is_dir():
        files = sorted(posts.glob("*.md"))
        source = f"dev corpus ({posts})"
    else:
        files = sorted((ROOT / "examples").glob("*.md")) * 20
        source = "bundled examples (x20)"
    return source, files[:limit] if limit else files


def iter_texts(files: list[Path]) -> Iterator[tuple[str, str | None]]:
    """(body, title) of each file, read one at a time."""
    from jpnews_tags.documents import parse_document

    for f in files:
        doc = parse_document(f.read_text(encoding="utf-8"))
        yield doc.body, doc.title


def load_texts(limit: int | None) -> tuple[str, list[tuple[str, str | None]]]:
    source, files = text_files(limit)
    return source, list(iter_texts(files))


def raw_sudachi(texts: list[tuple[str, str | None]], paragraphs: bool = False) -> float:
    """Raw SudachiPy. By default each article goes in whole, cut only where SudachiPy's limit forces it; with
    ``paragraphs``, one paragraph at a time (every paragraph, repeated ones included)."""
    from sudachipy import Dictionary, SplitMode

    from jpnews_tags.text.tokenization import SUDACHI_MAX_BYTES, split_chunks, split_paragraphs

    tok = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
    t0 = CLOCK()
    n = 0
    for body, _ in texts:
        for _, chunk in split_paragraphs(body) if paragraphs else split_chunks(body, SUDACHI_MAX_BYTES):
            for m in tok.tokenize(chunk):
                m.surface()
                m.normalized_form()
                m.part_of_speech()
                n += 1
    return CLOCK() - t0


def full_analyzer(analyzer: object, texts: list[tuple[str, str | None]]) -> float:
    """The analyzer called once per text (``analyze``)."""
    t0 = CLOCK()
    for body, title in texts:
        analyzer.analyze(body, title=title)  # type: ignore[attr-defined]
    return CLOCK() - t0


def full_analyzer_stream(analyzer: object, texts: list[tuple[str, str | None]]) -> float:
    """The analyzer over the stream of texts (``pipe``, which tokenizes a batch of texts before the rest)."""
    t0 = CLOCK()
    for _ in analyzer.pipe({"text": b, "title": t} for b, t in texts):  # type: ignore[attr-defined]
        pass
    return CLOCK() - t0


def stage_times(analyzer: object, texts: list[tuple[str, str | None]]) -> dict[str, float]:
    """Seconds spent in each stage of ``Analyzer.analyze`` (the same calls, timed one by one)."""
    from jpnews_tags.models import Analysis
    from jpnews_tags.ner.discovery import discover
    from jpnews_tags.ner.rules import outside_urls, remove_overlaps, resolve
    from jpnews_tags.ner.salience import group_entities
    from jpnews_tags.text.layout import Layout
    from jpnews_tags.text.normalization import normalize

    a: Any = analyzer
    t: dict[str, float] = {}

    def lap(name: str, t0: float) -> float:
        now = CLOCK()
        t[name] = t.get(name, 0.0) + now - t0
        return now

    for text, title in texts:
        t0 = CLOCK()
        tokens = a.tokenizer.tokenize(text)
        t0 = lap("Sudachi tokenization (analyzer chunks, rows)", t0)
        tokens.keys  # noqa: B018 - computed once and cached: timed on its own
        t0 = lap("token matching keys", t0)
        matches = a.gazetteer.match(tokens, text)
        t0 = lap("gazetteer walk", t0)
        numeric = a._numbers.find(text, normalize(text))
        t0 = lap("numbers and dates", t0)
        ents = resolve(
            a.gazetteer, matches, numeric, text, title,
            person_followers=a._person_followers, org_followers=a._rule_cues.org_followers,
            country_prefixes=a._name_cues.country_prefixes,
        )  # fmt: skip
        t0 = lap("ambiguity rules (resolve)", t0)
        found = discover(
            text, tokens, ents, a._person_cues, a._rule_cues, a.tokenizer.is_common_word, a._name_cues
        )  # fmt: skip
        ents = outside_urls(text, remove_overlaps([*ents, *found]) if found else ents)
        t0 = lap("discovery", t0)
        title_tokens = a.tokenizer.tokenize(title) if title else None
        ids: set[str] = set()
        if title and title_tokens is not None:
            ids = {a.gazetteer.entries[m.candidates[0].entry].id for m in a.gazetteer.match(title_tokens, title)}
        layout = Layout.of(text)
        groups = group_entities(text, ents, ids, layout)
        t0 = lap("title, layout, salience", t0)
        tags = a.tagger.tag(tokens, ents, layout, title, title_tokens, ids)
        t0 = lap("tags (topics, keyphrases, scoring)", t0)
        Analysis(title=title, entities=ents, groups=groups, tags=tags, versions=a.versions)
        lap("result models", t0)
    return t


_STARTUP = (
    "import time; t=time.perf_counter(); from jpnews_tags import Analyzer; Analyzer(); print(time.perf_counter()-t)"
)


def startup(cache: str) -> float:
    env = {**os.environ, "JPNEWS_TAGS_CACHE": cache}
    out = subprocess.run([sys.executable, "-c", _STARTUP], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def peak_rss_mb(limit: int | None, cache: str) -> float:
    here = str(Path(__file__).parent)
    code = (
        f"import resource, sys; sys.path.insert(0, {here!r}); from throughput import iter_texts, text_files; "
        f"from jpnews_tags import Analyzer; a = Analyzer(); _, files = text_files({limit!r})\n"
        # texts are read as they are analyzed, as a user's archive would be, so only the analyzer is measured
        "for _ in a.pipe({'text': b, 'title': t} for b, t in iter_texts(files)): pass\n"
        # VmHWM (peak RSS of this process image); ru_maxrss would include the parent's peak inherited at fork.
        "print(next(int(x.split()[1]) for x in open('/proc/self/status') if x.startswith('VmHWM')) / 1024)"
    )
    env = {**os.environ, "JPNEWS_TAGS_CACHE": cache}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None, help="use only the first N texts")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--stages", action="store_true", help="also print the time of each analyzer stage")
    ap.add_argument("--cpu", action="store_true", help="time with this process's CPU time instead of wall time")
    args = ap.parse_args()
    if args.cpu:
        global CLOCK
        CLOCK = time.process_time

    from jpnews_tags import Analyzer

    source, texts = load_texts(args.limit)
    chars = sum(len(b) for b, _ in texts)
    analyzer = Analyzer()
    full_analyzer(analyzer, texts[:20])  # warm up
    tokenizer = analyzer.tokenizer
    raw_times, small_times, full_times, stream_times, every_times = [], [], [], [], []
    plain_times: list[float] = []  # `pipe` without the recognizer: what it costs, in the same round
    recognizer = analyzer.recognizer
    for _ in range(args.rounds):
        raw_times.append(raw_sudachi(texts))
        small_times.append(raw_sudachi(texts, paragraphs=True))
        full_times.append(full_analyzer(analyzer, texts))
        stream_times.append(full_analyzer_stream(analyzer, texts))
        tokenizer.reuse_repeats = False
        every_times.append(full_analyzer_stream(analyzer, texts))
        tokenizer.reuse_repeats = True
        if recognizer is not None:
            analyzer.recognizer = None
            plain_times.append(full_analyzer_stream(analyzer, texts))
            analyzer.recognizer = recognizer
    raw, small, full, stream = min(raw_times), min(small_times), min(full_times), min(stream_times)
    every = min(every_times)
    clock = "CPU time" if args.cpu else "wall time"
    print(
        f"texts: {len(texts)} from {source}, {chars:,} characters; best of {args.rounds} rounds ({clock})", flush=True
    )
    print("| measure | value |")
    print("|---|---|")
    print(
        f"| raw SudachiPy (mode C, surface+normalized+POS), whole articles | {raw:.2f} s "
        f"({chars / raw / 1000:.0f}k chars/s) |"
    )
    print(
        f"| raw SudachiPy, same, one paragraph at a time (the analyzer's pieces) | {small:.2f} s "
        f"({chars / small / 1000:.0f}k chars/s) |"
    )
    print(f"| full analyzer, `pipe` over the texts | {stream:.2f} s ({chars / stream / 1000:.0f}k chars/s) |")
    print(f"| full analyzer, `analyze` on each text | {full:.2f} s ({chars / full / 1000:.0f}k chars/s) |")
    print(
        f"| full analyzer, `pipe`, every paragraph tokenized (repeats not reused) | {every:.2f} s "
        f"({chars / every / 1000:.0f}k chars/s) |"
    )
    print(f"| analyzer speed / raw Sudachi speed, `pipe` | {raw / stream:.2f}x (target >= 0.75x) |")
    print(f"| analyzer speed / raw Sudachi speed, `analyze` on each text | {raw / full:.2f}x |")
    print(f"| analyzer speed / raw Sudachi speed, `pipe`, repeats not reused | {raw / every:.2f}x |")
    print(f"| analyzer speed / raw Sudachi speed in the same pieces, `pipe` | {small / stream:.2f}x |", flush=True)
    if args.rounds > 1:
        # The machine's speed drifts between rounds (raw SudachiPy alone moved by 20% within a run): the ratio
        # within each round, where the two timings are back to back, is printed too.
        paired = ", ".join(f"{r / t:.2f}x" for r, t in zip(raw_times, stream_times, strict=True))
        print(f"| `pipe` / raw speed within each round | {paired} |")
        paired = ", ".join(f"{r / t:.2f}x" for r, t in zip(raw_times, every_times, strict=True))
        print(f"| the same, repeats not reused | {paired} |")
        paired = ", ".join(f"{t / r:.2f}x" for r, t in zip(raw_times, stream_times, strict=True))
        print(f"| `pipe` time / raw SudachiPy time within each round | {paired} |")
        paired = ", ".join(f"{t / r:.2f}x" for r, t in zip(raw_times, every_times, strict=True))
        print(f"| the same, repeats not reused | {paired} |")
        if plain_times:
            paired = ", ".join(f"{t / r:.2f}x" for r, t in zip(raw_times, plain_times, strict=True))
            print(f"| the same, `pipe` without the recognizer | {paired} |")
        timings = "; ".join(
            "/".join(f"{x:.1f}" for x in xs) for xs in (raw_times, stream_times, every_times, plain_times)
        )
        print(
            f"| every timing (raw, `pipe`, `pipe` without reuse, `pipe` without recognizer) | {timings} s |", flush=True
        )
    if args.stages:
        stages = stage_times(analyzer, texts)
        print(f"\nwhere the analyzer's time goes (one pass, in x the raw SudachiPy time {raw:.2f} s):\n")
        print("| stage | time | x raw SudachiPy |")
        print("|---|---|---|")
        for name, sec in stages.items():
            print(f"| {name} | {sec:.2f} s | {sec / raw:.2f}x |")
        print(f"| total | {sum(stages.values()):.2f} s | {sum(stages.values()) / raw:.2f}x |\n", flush=True)
    with tempfile.TemporaryDirectory() as cold:
        cold_start = startup(cold)
    startup(str(Path(tempfile.gettempdir()) / "jpnews-bench-cache"))
    warm_start = min(startup(str(Path(tempfile.gettempdir()) / "jpnews-bench-cache")) for _ in range(3))
    rss = peak_rss_mb(args.limit, str(Path(tempfile.gettempdir()) / "jpnews-bench-cache"))
    print(f"| start-up, import + load, warm cache | {warm_start:.2f} s (target <= 1.5 s) |")
    print(f"| start-up, import + load, cold cache (compile) | {cold_start:.2f} s |")
    print(f"| peak RSS, load (warm cache) + `pipe` over all texts | {rss:.0f} MB (target <= 400 MB) |")
    print(
        f"| this benchmark process (raw tokenizer + analyzer), max RSS | "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB |"
    )


if __name__ == "__main__":
    main()
