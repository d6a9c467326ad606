"""Size and build time of the HTML report by archive size: does a 100,000-post archive still make a page a browser
opens?

Synthetic batch output is made from a few real records (templates): each record is a template with its own id,
a date spread over ten years, some of its tags and a tag from a long-tailed pool of 2,000, and its unknown names
renamed from a long-tailed pool of 50,000 (so distinct names, tags and months grow with the archive as they do in
a real one). Records keep their template's path, so the newest articles' text is found and highlighted. The file
is written to a temporary folder (about 33 KB a record with corpus templates: 3.3 GB at 100,000), then
``jpnews-tags report`` runs on it in a fresh process; its wall time and peak RSS and the page's size are printed
as a Markdown table for docs/benchmarks.md. Nothing is kept.

    python bench/report_size.py [--sizes 200 10000 100000] [--templates BATCH.jsonl --text-root DIR] [--seed N]

Default templates: the bundled example posts and tests/fixtures/report, analyzed now. With the dev corpus, make
templates with ``jpnews-tags batch <200 posts> -o t.jsonl`` and pass ``--templates t.jsonl --text-root <posts>``.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_POSTS = [*sorted((ROOT / "examples").glob("*.md")), *sorted((ROOT / "tests/fixtures/report").glob("*.md"))]


def analyzed_templates(folder: Path) -> list[dict[str, Any]]:
    """Records of the bundled posts, written by ``jpnews-tags batch`` (absolute paths, so their text is found)."""
    out = folder / "templates.jsonl"
    cmd = [sys.executable, "-m", "jpnews_tags", "batch", *map(str, TEMPLATE_POSTS), "-o", str(out), "--workers", "1"]
    subprocess.run([*cmd, "--quiet"], check=True, capture_output=True)
    return read_templates(out, None)


def read_templates(path: Path, text_root: Path | None) -> list[dict[str, Any]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec.get("error") is None and rec.get("entities"):
            if text_root is not None and rec.get("path") and not Path(rec["path"]).is_absolute():
                rec["path"] = str(text_root / rec["path"])
            out.append(rec)
    return out


def zipf_pool(rng: random.Random, size: int, prefix: str) -> list[str]:
    """``size`` synthetic names; picking ``pool[int(len * u ** 3)]`` makes a long tail (a few names very often)."""
    syllables = ["ゼ", "ノ", "バ", "イ", "ト", "ク", "ワ", "ロ", "ン", "ミ", "ラ", "ル", "カ", "ス"]
    names = []
    for i in range(size):
        if i % 2:
            names.append(f"{prefix}{i:05d}")
        else:
            names.append("".join(rng.choice(syllables) for _ in range(4)) + f"{i}")
    return names


def pick(rng: random.Random, pool: list[str]) -> str:
    return pool[int(len(pool) * rng.random() ** 3)]


def synthetic_lines(templates: list[dict[str, Any]], n: int, seed: int) -> Any:
    rng = random.Random(seed)
    names = zipf_pool(rng, 50_000, "Zentrix")
    tags = [f"話題{i}" for i in range(2_000)]
    for i in range(n):
        tpl = templates[i % len(templates)]
        rec = dict(tpl)
        rec["id"] = f"archive/{i:06d}-{tpl['id']}"
        year, month, day = 2016 + rng.randrange(10), 1 + rng.randrange(12), 1 + rng.randrange(28)
        rec["date"] = f"{year:04d}-{month:02d}-{day:02d}"
        renamed = {}
        ents = []
        for e in tpl["entities"]:
            if e.get("id") is None and e.get("source") in ("discovery", "model"):
                key = e.get("canonical") or e["text"]
                if key not in renamed:
                    renamed[key] = pick(rng, names)
                e = dict(e, canonical=renamed[key])
            ents.append(e)
        rec["entities"] = ents
        kept = [t for t in tpl["tags"] if rng.random() < 0.8]
        extra = dict(tpl["tags"][0], tag=pick(rng, tags), source="keyphrase", id=None) if tpl["tags"] else None
        rec["tags"] = kept + ([extra] if extra else [])
        if rng.random() < 0.01:
            rec = {"id": rec["id"], "path": rec["path"], "entities": [], "tags": [], "error": "synthetic error"}
        yield json.dumps(rec, ensure_ascii=False) + "\n"


# The report in a fresh process, which prints its own peak RSS (KB) last.
CHILD = """
import resource, sys
from jpnews_tags.cli.main import main
rc = main(["report", sys.argv[1], "-o", sys.argv[2]])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
sys.exit(rc)
"""


def measure(templates: list[dict[str, Any]], n: int, seed: int, folder: Path) -> dict[str, Any]:
    src = folder / f"out-{n}.jsonl"
    t0 = time.perf_counter()
    with src.open("w", encoding="utf-8") as fh:
        fh.writelines(synthetic_lines(templates, n, seed))
    made = time.perf_counter() - t0
    page = folder / f"report-{n}.html"
    t0 = time.perf_counter()
    res = subprocess.run(
        [sys.executable, "-c", CHILD, str(src), str(page)], capture_output=True, text=True, check=False
    )
    took = time.perf_counter() - t0
    if res.returncode != 0:
        raise SystemExit(res.stderr)
    size = page.stat().st_size
    out = {"records": n, "input_mb": src.stat().st_size / 1e6, "made_s": made, "report_s": took, "page_mb": size / 1e6}
    out["rss_mb"] = int(res.stdout.split()[-1]) / 1024
    src.unlink()
    page.unlink()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 10_000, 100_000])
    ap.add_argument("--templates", type=Path, help="batch output to take records from (default: bundled posts)")
    ap.add_argument("--text-root", type=Path, help="folder the templates' paths are relative to")
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.templates:
            templates = read_templates(args.templates, args.text_root)
            source = f"{len(templates)} records of {args.templates}"
        else:
            templates = analyzed_templates(Path(tmp))
            source = f"the {len(templates)} bundled posts (examples/, tests/fixtures/report/)"
        print(f"templates: {source}\n")
        print("| records | batch output | report time | peak RSS | page |")
        print("|---:|---:|---:|---:|---:|")
        for n in args.sizes:
            m = measure(templates, n, args.seed, Path(tmp))
            print(
                f"| {m['records']:,} | {m['input_mb']:,.1f} MB | {m['report_s']:.1f} s | {m['rss_mb']:,.0f} MB "
                f"| {m['page_mb']:.2f} MB |",
                flush=True,
            )


if __name__ == "__main__":
    main()
