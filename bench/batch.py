"""Batch benchmark: throughput with 1 and 2 workers against raw SudachiPy, memory per worker and of the parent.

In one run, on the same files (the dev corpus ../shared/corpus/_posts, else the bundled example repeated):
  * raw SudachiPy, end to end, with 1 and with 2 processes: a fresh Python process reads each file, skips the
    front matter and tokenizes the body in mode C, reading the surface, normalized form and POS of every
    morpheme, in pieces under SudachiPy's byte limit (the baseline of bench/throughput.py), in a
    multiprocessing pool of that many processes (in-process for 1);
  * ``jpnews-tags batch --workers 1`` and ``--workers 2``, end to end (process start to exit, output written);
  * ``--workers 1`` again with the reuse of repeated paragraphs turned off (every paragraph through Sudachi), to
    show what that reuse is worth on these files;
  * the peak RSS of each worker and of the parent (from ``--summary-json``);
  * the parent's peak RSS on 1x and 4x the corpus (4x: every file linked four times into a temporary tree).

Prints a Markdown table for docs/benchmarks.md.

    python bench/batch.py [--limit N] [--rounds 1] [--no-4x]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("JPNEWS_TAGS_SHARED", ROOT.parent / "shared"))


def corpus_files(limit: int | None) -> tuple[str, list[Path]]:
    posts = SHARED / "corpus" / "_posts"
    if posts.is_dir():
        files, source = sorted(posts.glob("*.md")), f"dev corpus ({posts})"
    else:
        files, source = sorted((ROOT / "examples").glob("*.md")) * 200, "bundled example (x200)"
    return source, files[:limit] if limit else files


def link_tree(files: list[Path], dest: Path, copies: int) -> None:
    """``copies`` subdirectories of symlinks to ``files`` (names made unique)."""
    for c in range(copies):
        d = dest / f"copy{c}"
        d.mkdir(parents=True)
        for i, f in enumerate(files):
            (d / f"{i:06d}-{f.name}").symlink_to(f.resolve())


# ---------------------------------------------------------------------------------------------------- raw Sudachi

_tok = None


def _raw_init() -> None:
    from sudachipy import Dictionary, SplitMode

    global _tok
    _tok = Dictionary(dict="core").tokenizer(mode=SplitMode.C)


def _raw_file(path: str) -> int:
    from jpnews_tags.documents import parse_document
    from jpnews_tags.text.tokenization import SUDACHI_MAX_BYTES, split_chunks

    assert _tok is not None
    body = parse_document(Path(path).read_bytes().decode("utf-8")).body
    n = 0
    for _, chunk in split_chunks(body, SUDACHI_MAX_BYTES):
        for m in _tok.tokenize(chunk):
            m.surface()
            m.normalized_form()
            m.part_of_speech()
            n += 1
    return n


def raw_main(tree: str, processes: int) -> None:
    """The raw baseline, run as its own process (``--raw TREE --processes N``)."""
    import multiprocessing

    from jpnews_tags.batch.inputs import iter_sources

    paths = [s.path for s in iter_sources([tree])]
    if processes == 1:
        _raw_init()
        tokens = sum(_raw_file(p) for p in paths)
    else:
        with multiprocessing.get_context("fork").Pool(processes, initializer=_raw_init) as pool:
            tokens = sum(pool.imap_unordered(_raw_file, paths, chunksize=4))
    print(tokens)


def timed(cmd: list[str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - t0
    if res.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({res.returncode}):\n{res.stderr}")
    return elapsed, res.stdout


def raw(tree: Path, processes: int) -> float:
    return timed([sys.executable, __file__, "--raw", str(tree), "--processes", str(processes)])[0]


# `python -m jpnews_tags` with every Tokenizer made with reuse_repeats=False (one process: the analyzer runs in it).
_NO_REUSE = """
import sys
from jpnews_tags.text import tokenization
from jpnews_tags.cli.main import main
_init = tokenization.Tokenizer.__init__
def _no_reuse(self, mode="C", *, reuse_repeats=True):
    _init(self, mode, reuse_repeats=False)
tokenization.Tokenizer.__init__ = _no_reuse
sys.exit(main(sys.argv[1:]))
"""


def batch(
    tree: Path, workers: int, out: Path, chunk_size: int | None = None, reuse: bool = True
) -> tuple[float, dict[str, object]]:
    summary = out.with_suffix(".summary.json")
    python = [sys.executable, "-m", "jpnews_tags"] if reuse else [sys.executable, "-c", _NO_REUSE]
    assert reuse or workers == 1, "the patch reaches the analyzer only when it runs in this process"
    cmd = [*python, "batch", str(tree), "-o", str(out), "--restart"]
    if chunk_size:
        cmd += ["--chunk-size", str(chunk_size)]
    cmd += ["--workers", str(workers), "--progress", "none", "--quiet", "--summary-json", str(summary)]
    elapsed, _ = timed(cmd)
    return elapsed, json.loads(summary.read_text(encoding="utf-8"))


def _times(xs: list[float]) -> str:
    return "/".join(f"{x:.1f}" for x in xs) + " s"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None, help="use only the first N files")
    ap.add_argument("--rounds", type=int, default=1, help="best of N for each timing")
    ap.add_argument("--no-4x", action="store_true", help="skip the 4x-corpus parent memory run")
    ap.add_argument("--chunk-size", type=int, default=None, help="documents per task (default: the batch default)")
    ap.add_argument("--raw", help=argparse.SUPPRESS)
    ap.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.raw:
        raw_main(args.raw, args.processes)
        return

    source, files = corpus_files(args.limit)
    size = sum(f.stat().st_size for f in files)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        link_tree(files, t / "x1", 1)
        timed([sys.executable, "-m", "jpnews_tags", "schema"])  # warm the dictionary cache and the page cache
        r1, r2, b1, b2, n1 = [], [], [], [], []
        s1: dict[str, object] = {}
        s2: dict[str, object] = {}
        for _ in range(args.rounds):
            r1.append(raw(t / "x1", 1))
            e, s1 = batch(t / "x1", 1, t / "w1.jsonl", args.chunk_size)
            b1.append(e)
            n1.append(batch(t / "x1", 1, t / "n1.jsonl", args.chunk_size, reuse=False)[0])
            r2.append(raw(t / "x1", 2))
            e, s2 = batch(t / "x1", 2, t / "w2.jsonl", args.chunk_size)
            b2.append(e)
        s4: dict[str, object] | None = None
        if not args.no_4x:
            link_tree(files, t / "x4", 4)
            _, s4 = batch(t / "x4", 2, t / "w4.jsonl", args.chunk_size)
    raw1, raw2, bat1, bat2, nor1 = min(r1), min(r2), min(b1), min(b2), min(n1)
    # Each round times raw SudachiPy and the batch back to back; the machine's speed drifts between rounds, so
    # the ratio within each round is printed too.
    paired1 = ", ".join(f"{b / r:.2f}x" for r, b in zip(r1, b1, strict=True))
    paired2 = ", ".join(f"{b / r:.2f}x" for r, b in zip(r2, b2, strict=True))
    paired_n = ", ".join(f"{b / r:.2f}x" for r, b in zip(r1, n1, strict=True))
    n = len(files)
    after = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(
        f"files: {n:,} from {source}, {size / 1e6:.1f} MB; {os.cpu_count()} cores; best of {args.rounds}; "
        f"load average {load:.2f} before the run, {after[0]:.2f} / {after[1]:.2f} / {after[2]:.2f} (1/5/15 min) "
        "after it (this benchmark alone keeps it near 1-2)",
        flush=True,
    )
    print("| measure | value |")
    print("|---|---|")
    print(f"| raw SudachiPy, 1 process | {raw1:.1f} s ({n / raw1:.1f} docs/s) |")
    print(f"| raw SudachiPy, 2 processes | {raw2:.1f} s ({n / raw2:.1f} docs/s) |")
    print(f"| `jpnews-tags batch --workers 1` | {bat1:.1f} s ({n / bat1:.1f} docs/s) |")
    print(f"| `jpnews-tags batch --workers 2` | {bat2:.1f} s ({n / bat2:.1f} docs/s) |")
    print(f"| throughput, 2 workers / 1 worker | {bat1 / bat2:.2f}x (target >= 1.7x) |")
    print(f"| batch time / raw SudachiPy time, 1 process | {bat1 / raw1:.2f}x (target <= 1.35x) |")
    print(f"| batch time / raw SudachiPy time, 2 processes | {bat2 / raw2:.2f}x (target <= 1.35x) |")
    print(f"| `--workers 1`, repeated paragraphs not reused | {nor1:.1f} s, {nor1 / raw1:.2f}x raw SudachiPy |")
    if args.rounds > 1:
        print(f"| the same ratio within each round, 1 process | {paired1} |")
        print(f"| the same ratio within each round, 2 processes | {paired2} |")
        print(f"| the same ratio within each round, 1 process, repeats not reused | {paired_n} |")
        every = f"{_times(r1)}; {_times(b1)}; {_times(n1)}; {_times(r2)}; {_times(b2)}"
        print(f"| every timing (raw 1, batch 1, batch 1 without reuse, raw 2, batch 2) | {every} |")
    w2 = s2["peak_rss_workers_mb"]
    assert isinstance(w2, list)
    print(f"| peak RSS per worker, 2 workers | {', '.join(f'{x:.0f}' for x in w2)} MB (target <= 400 MB) |")
    print(f"| peak RSS, `--workers 1` (analyzer in the parent) | {s1['peak_rss_parent_mb']:.0f} MB |")
    print(f"| parent peak RSS, 2 workers, 1x corpus ({n:,} docs) | {s2['peak_rss_parent_mb']:.0f} MB |")
    if s4 is not None:
        print(f"| parent peak RSS, 2 workers, 4x corpus ({4 * n:,} docs) | {s4['peak_rss_parent_mb']:.0f} MB |")
        w4 = s4["peak_rss_workers_mb"]
        assert isinstance(w4, list)
        print(f"| peak RSS per worker, 4x corpus | {', '.join(f'{x:.0f}' for x in w4)} MB |")
        print(f"| 4x corpus, 2 workers | {s4['elapsed']:.1f} s ({s4['throughput']:.1f} docs/s) |")


if __name__ == "__main__":
    main()
