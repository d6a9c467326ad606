"""Memory and time of one document by its size: what ``batch --max-doc-chars`` protects a worker from.

For each size, a fresh process builds the analyzer, notes its resident memory, analyzes one text of that many
characters (bodies of the dev corpus ../shared/corpus/_posts joined, else the bundled example repeated) as a
batch worker does, and reports its peak RSS (VmHWM) and the time the analysis took.

    python bench/docsize.py [--sizes 250000 500000 1000000 2000000 4000000]

Prints a Markdown table for docs/batch.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("JPNEWS_TAGS_SHARED", ROOT.parent / "shared"))


def corpus_text(chars: int) -> tuple[str, str]:
    """``chars`` characters of real article text, and where it came from."""
    from jpnews_tags.frontmatter.header import split_front_matter

    posts = SHARED / "corpus" / "_posts"
    files = sorted(posts.glob("*.md")) if posts.is_dir() else sorted((ROOT / "examples").glob("*.md"))
    source = f"dev corpus ({posts})" if posts.is_dir() else "bundled examples, repeated"
    parts: list[str] = []
    n = 0
    while n < chars:
        for f in files:
            text = f.read_text(encoding="utf-8")
            body = text[split_front_matter(text).body_start :]
            parts.append(body)
            n += len(body)
            if n >= chars:
                break
    return "".join(parts)[:chars], source


def rss_mb(field: str) -> float:
    with open("/proc/self/status", "rb") as fh:
        for line in fh:
            if line.startswith(field.encode() + b":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def measure(chars: int) -> None:
    """Run in its own process: one document of ``chars`` characters, as a batch worker analyzes it."""
    from jpnews_tags.analyzer import AnalyzerOptions
    from jpnews_tags.batch.inputs import process_sources

    analyzer = AnalyzerOptions().build()
    text, source = corpus_text(chars)
    base = rss_mb("VmRSS")
    t0 = time.perf_counter()
    (outcome,) = process_sources(analyzer, [{"id": "big", "text": text}], max_chars=len(text))
    elapsed = time.perf_counter() - t0
    assert outcome.error_kind is None, outcome.record["error"]
    print(json.dumps({"chars": chars, "base": base, "peak": rss_mb("VmHWM"), "seconds": elapsed, "source": source}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[250_000, 500_000, 1_000_000, 2_000_000, 4_000_000])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        measure(args.one)
        return
    rows = []
    for n in args.sizes:
        res = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, cwd=ROOT)
        if res.returncode:
            raise SystemExit(res.stderr)
        rows.append(json.loads(res.stdout.strip().splitlines()[-1]))
    print(f"text from the {rows[0]['source']}; analyzer loaded: {rows[0]['base']:.0f} MB resident")
    print("| characters | peak RSS | above the loaded analyzer | per character | time |")
    print("|---|---|---|---|---|")
    for r in rows:
        extra = r["peak"] - r["base"]
        print(
            f"| {r['chars']:,} | {r['peak']:.0f} MB | {extra:.0f} MB | {extra * 1024 * 1024 / r['chars']:.0f} bytes "
            f"| {r['seconds']:.1f} s |"
        )


if __name__ == "__main__":
    main()
