"""Output guard for refactoring: record what the commands print on a corpus, then compare two recordings.

A change that should not change behaviour (moving modules, giving an idea one home) is checked by recording the
output of the user-facing commands before and after it:

* ``analyze``: the full JSON of every post (front matter title used, file offsets), as ``jpnews-tags analyze DIR``
  prints it;
* ``enrich``: the dry-run diff ``jpnews-tags enrich DIR`` prints (the tags each post would get);
* ``tags``: the suggested tags of every post, as ``jpnews-tags tags DIR --format jsonl`` prints them (one
  object per line; ``--format json`` prints the same objects as one array);
* ``evaluate``: the scores on the dev gold (../shared/gold/dev.jsonl), when present.

    python bench/guard.py record OUT_DIR [--corpus DIR] [--limit N]
    python bench/guard.py compare BEFORE_DIR AFTER_DIR

``compare`` prints, per command, how many records differ and the first differences field by field; it exits 1
when anything differs. The corpus defaults to ../shared/corpus/_posts (skipped with a message when absent).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("JPNEWS_TAGS_SHARED", ROOT.parent / "shared"))
COMMANDS = ("analyze", "enrich", "tags", "evaluate")
GOLD = SHARED / "gold" / "dev.jsonl"


def _run(argv: list[str]) -> tuple[int, str, str]:
    from jpnews_tags.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    try:
        rc = main(argv, out=out, err=err)
    except SystemExit as exc:  # argparse: an option this version does not have
        rc = exc.code if isinstance(exc.code, int) else 2
    return rc, out.getvalue(), err.getvalue()


def record(out_dir: Path, corpus: Path, limit: int | None) -> int:
    files = sorted(corpus.glob("*.md"))
    if limit:
        files = files[:limit]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "posts"
        work.mkdir()
        for f in files:  # a copy: enrich is a dry run, but a guard must never risk the corpus
            shutil.copyfile(f, work / f.name)
        out_dir.mkdir(parents=True, exist_ok=True)
        # (command, argv, argv of versions before --format: the same output under the old flag)
        for command, argv, old in (
            ("analyze", ["analyze", str(work)], None),
            ("enrich", ["enrich", str(work)], None),
            ("tags", ["tags", str(work), "--format", "jsonl"], ["tags", str(work), "--json"]),
            *(
                [("evaluate", ["evaluate", str(GOLD), "--format", "json"], ["evaluate", str(GOLD), "--json"])]
                if GOLD.is_file()
                else []
            ),
        ):
            t0 = time.perf_counter()
            rc, out, err = _run(argv)
            if rc == 2 and old:
                rc, out, err = _run(old)
            out = out.replace(str(work), "CORPUS")
            err = err.replace(str(work), "CORPUS")
            (out_dir / f"{command}.out").write_text(out, encoding="utf-8")
            (out_dir / f"{command}.err").write_text(f"rc={rc}\n{err}", encoding="utf-8")
            print(f"{command}: rc {rc}, {len(out.splitlines())} lines, {time.perf_counter() - t0:.1f} s")
    return 0


def _records(text: str) -> list[Any]:
    out: list[Any] = []
    for line in text.splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            out.append(line)
    return out


def _diff(a: Any, b: Any, path: str = "") -> list[str]:
    if type(a) is not type(b):
        return [f"{path}: {a!r} -> {b!r}"]
    if isinstance(a, dict):
        out: list[str] = []
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                out.append(f"{path}.{k}: {a.get(k, '<absent>')!r} -> {b.get(k, '<absent>')!r}")
            else:
                out += _diff(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items -> {len(b)} items"]
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out += _diff(x, y, f"{path}[{i}]")
        return out
    return [] if a == b else [f"{path}: {a!r} -> {b!r}"]


def compare(before: Path, after: Path, show: int) -> int:
    changed = 0
    for command in COMMANDS:
        a_out = before / f"{command}.out"
        b_out = after / f"{command}.out"
        if not a_out.is_file() or not b_out.is_file():
            print(f"{command}: not recorded in both")
            continue
        a = _records(a_out.read_text(encoding="utf-8"))
        b = _records(b_out.read_text(encoding="utf-8"))
        a_err = (before / f"{command}.err").read_text(encoding="utf-8").splitlines()[:1]
        b_err = (after / f"{command}.err").read_text(encoding="utf-8").splitlines()[:1]
        differing = [(i, x, y) for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
        status = "identical" if not differing and len(a) == len(b) and a_err == b_err else "DIFFERENT"
        print(f"{command}: {status} ({len(a)} -> {len(b)} records, {len(differing)} differ, {a_err} -> {b_err})")
        for i, x, y in differing[:show]:
            where = x.get("path", i) if isinstance(x, dict) else i
            for line in _diff(x, y)[:show]:
                print(f"  {where}{line}")
        changed += status != "identical"
    return 1 if changed else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("record")
    r.add_argument("out", type=Path)
    r.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "_posts")
    r.add_argument("--limit", type=int)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", type=int, default=5, help="differences shown per command")
    args = p.parse_args(argv)
    if args.cmd == "record":
        if not args.corpus.is_dir():
            print(f"no corpus at {args.corpus}: nothing recorded")
            return 0
        return record(args.out, args.corpus, args.limit)
    return compare(args.before, args.after, args.show)


if __name__ == "__main__":
    sys.exit(main())
