"""The measuring scripts in bench/ run (on tiny inputs here; the recorded figures come from full runs)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], tmp_path: Path) -> str:
    env = {**os.environ, "JPNEWS_TAGS_CACHE": str(tmp_path / "cache")}
    res = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert res.returncode == 0, res.stderr
    return res.stdout


def test_throughput_bench_prints_ratios_and_stages(tmp_path: Path) -> None:
    out = run(["bench/throughput.py", "--limit", "2", "--rounds", "1", "--stages"], tmp_path)
    assert "analyzer speed / raw Sudachi speed" in out and "| total |" in out and "peak RSS" in out


def test_ablation_bench_runs_every_variant(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    text = "米OpenAIとAWSが7年間で380億ドルの契約。トランプ大統領は述べた。"
    ents = [
        {"text": "OpenAI", "label": "ORG", "canonical": "OpenAI"},
        {"text": "AWS", "label": "ORG", "canonical": "Amazon Web Services"},
        {"text": "7年間", "label": "DATE", "canonical": None},
        {"text": "380億ドル", "label": "MONEY", "canonical": None},
        {"text": "トランプ", "label": "PERSON", "canonical": "Donald Trump"},
    ]
    gold.write_text(json.dumps({"id": "t-1", "text": text, "entities": ents}, ensure_ascii=False) + "\n")
    out = run(["bench/ablation.py", str(gold)], tmp_path)
    rows = [line for line in out.splitlines() if line.startswith("| ") and "variant" not in line]
    assert len(rows) == 5 and rows[0].startswith("| full analyzer | 1.000 | 1.000 | 1.000")


def test_tags_report_bench_compares_with_site_tags(tmp_path: Path) -> None:
    out = run(["bench/tags_report.py", "examples", "--limit", "2", "--workers", "1"], tmp_path)
    assert "| tag | grep | ours |" in out
    # the site checks of issue 17, on each post alone and on a site-aware run
    assert out.count("- posts with a tag whose evidence is only boilerplate: ") == 2
    assert "- posts with both a product version and its family: " in out and "keyphrase tags: " in out


def test_batch_bench_prints_ratios_with_and_without_reuse(tmp_path: Path) -> None:
    out = run(["bench/batch.py", "--limit", "3", "--rounds", "2", "--no-4x"], tmp_path)
    assert "batch time / raw SudachiPy time, 2 processes" in out
    assert "repeated paragraphs not reused" in out and "peak RSS per worker" in out
    rounds = next(line for line in out.splitlines() if "1 process, repeats not reused" in line)
    assert rounds.count("x") == 2  # one ratio per round


def test_docsize_bench_prints_memory_per_size(tmp_path: Path) -> None:
    out = run(["bench/docsize.py", "--sizes", "2000", "4000"], tmp_path)
    rows = [line for line in out.splitlines() if line.startswith("| ") and "characters" not in line]
    assert [r.split(" | ")[0] for r in rows] == ["| 2,000", "| 4,000"] and "analyzer loaded" in out


def test_serve_load_bench_is_bounded_and_checks_every_answer(tmp_path: Path) -> None:
    args = ["--workers", "1", "--requests", "6", "--docs", "2", "--max-seconds", "60"]
    out = run(["bench/serve_load.py", *args], tmp_path)
    row = next(line for line in out.splitlines() if line.startswith("| 1 |"))
    assert "| 6 of 6 in " in row and "| 0 |" in row and "127.0.0.1" in out


def test_report_size_bench_prints_a_row_per_size(tmp_path: Path) -> None:
    out = run(["bench/report_size.py", "--sizes", "20", "40"], tmp_path)
    rows = [line for line in out.splitlines() if line.startswith("| ") and "records" not in line]
    assert [r.split(" | ")[0] for r in rows] == ["| 20", "| 40"] and rows[0].endswith(" MB |")


def test_crossval_rejudge_keeps_the_verdicts_of_names_still_output(tmp_path: Path, capsys: object) -> None:
    """A judged name still output (same fold, post, name, label and context) keeps its verdict; one output under
    another label is listed as relabelled; one no longer output is listed as such; the precision is of the kept."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import crossval
    finally:
        sys.path.remove(str(ROOT / "bench"))

    def rec(post: int, text: str, label: str, verdict: str = "") -> dict[str, object]:
        return {"fold": 0, "post": post, "text": text, "label": label, "source": "model",
                "context": f"…【{text}】…", "verdict": verdict}  # fmt: skip

    judged = tmp_path / "judged.jsonl"
    rows = [rec(1, "Xenon", "ORG", "ok"), rec(2, "VFX", "ORG", "wrong"), rec(3, "PolyAI", "PRODUCT", "wrong"),
            rec(4, "Zeta", "ORG", "wrong"), rec(5, "Nova", "PRODUCT", "")]  # fmt: skip
    judged.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    now = [rec(1, "Xenon", "ORG"), rec(3, "PolyAI", "ORG"), rec(4, "Zeta", "ORG"), rec(9, "New", "ORG")]
    now[0]["confidence"], now[2]["confidence"] = 0.95, 0.55
    crossval.rejudge([judged], now)
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "1/4 right before (0.250)" in out
    assert "2 still output, 1/2 right (0.500)" in out
    assert "relabelled ORG, was wrong: [PRODUCT/model] …【PolyAI】…" in out
    assert "no longer output, was wrong: [ORG/model] …【VFX】…" in out
    # the verdicts of the names still output, by the confidence they are output with now
    assert "model     >= 0.9: 1/1 (1.00)" in out and "model     < 0.6: 0/1 (0.00)" in out
    # two readings: their figures together, then each apart (each is a sample of its own run)
    second = tmp_path / "judged2.jsonl"
    second.write_text(json.dumps(rec(9, "New", "ORG", "ok"), ensure_ascii=False) + "\n", encoding="utf-8")
    crossval.rejudge([judged, second], now)
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "2/5 right before (0.400); 3 still output, 2/3 right (0.667)" in out
    assert f"{judged}: 1/4 right before; 2 still output, 1/2 right" in out
    assert f"{second}: 1/1 right before; 1 still output, 1/1 right" in out


def test_newnames_skips_a_broken_post_and_says_so(tmp_path: Path, capsys: object) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import newnames
    finally:
        sys.path.remove(str(ROOT / "bench"))
    good, broken = tmp_path / "a.md", tmp_path / "b.md"
    good.write_text("ゼノバイト社は新型AIチップ「Zeta-9」を発表した。\n", encoding="utf-8")
    broken.write_bytes(b"\x00\xff\xfe\x00 not text")
    rows = list(newnames.new_names([broken, good]))
    assert rows and {r["post"] for r in rows} == {"a.md"}
    assert f"skipped {broken}" in capsys.readouterr().err  # type: ignore[attr-defined]


def test_newnames_samples_judges_and_rejudges(tmp_path: Path) -> None:
    """bench/newnames.py: a sample of the names output without an entry, its precision as judged, and the same
    names under the code that runs now (kept, relabelled or no longer output)."""
    posts = tmp_path / "posts"
    posts.mkdir()
    for k, body in enumerate(
        [
            "ゼノバイト社は新型AIチップ「Zeta-9」を発表した。ゼノバイト社の株価は上がった。",
            "クォンタリス社はAIエージェント「Lumora」を公開した。",
        ]
    ):
        (posts / f"2026-01-0{k + 1}-post.md").write_text(f"---\ntitle: t{k}\n---\n{body}\n", encoding="utf-8")
    (posts / "2026-01-09-broken.md").write_bytes(b"\x00\xff\xfe\x00 not text")  # skipped, said so
    sample = tmp_path / "sample.jsonl"
    out = run(["bench/newnames.py", "--corpus", str(posts), "--sample", "50", "--out", str(sample)], tmp_path)
    rows = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines()]
    assert out.startswith(f"new names on {posts}: {len(rows)} (")
    names = {r["text"] for r in rows}
    assert {"ゼノバイト", "Zeta-9", "Lumora"} <= names and all(r["verdict"] == "" for r in rows)
    for r in rows:
        r["verdict"] = "ok" if r["text"] != "Lumora" else "wrong"
    rows.append({**rows[0], "start": 0, "end": 3, "text": "---", "verdict": "wrong"})  # no longer output
    sample.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    judged = run(["bench/newnames.py", "--judge", str(sample)], tmp_path)
    assert f"{len(rows) - 2}/{len(rows)} right" in judged
    again = run(["bench/newnames.py", "--corpus", str(posts), "--rejudge", str(sample)], tmp_path)
    assert "no longer output, was wrong" in again and "【---】" not in again.split("no longer output")[0]
    assert f"still output by this code: {len(rows) - 2}/{len(rows) - 1} right" in again


def test_general_ner_sorts_false_positives_and_scores_spans(tmp_path: Path) -> None:
    """Exact spans and labels score; a false positive is inside a longer gold name, crossing one, a gold span
    relabelled, or outside every gold name; a record whose span does not hold its name is refused."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import general_ner
    finally:
        sys.path.remove(str(ROOT / "bench"))

    text = "秋田ノーザンハピネッツの田中太郎はトヨタで働いた。"
    rec = {"curid": "1", "text": text, "entities": [
        {"name": "秋田ノーザンハピネッツ", "span": [0, 11], "type": "その他の組織名"},
        {"name": "田中太郎", "span": [12, 16], "type": "人名"},
        {"name": "トヨタ", "span": [17, 20], "type": "法人名"}]}  # fmt: skip
    path = tmp_path / "wiki.jsonl"
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    records = general_ner.load_records(path)
    assert records[0]["gold"] == [(0, 11, "ORG"), (12, 16, "PERSON"), (17, 20, "ORG")]
    pred = [(0, 2, "LOC"), (12, 16, "PERSON"), (17, 20, "PRODUCT"), (10, 13, "ORG"), (21, 23, "LOC")]
    result = general_ner.score(records, [pred])
    assert dict(result["fp_kinds"]) == {"inside": 1, "relabelled": 1, "crossing": 1, "outside": 1}
    assert result["inside_by_label"]["LOC"] == 1
    assert result["examples"]["inside"] == ["LOC 秋田 in 秋田ノーザンハピネッツ (その他の組織名)"]
    assert dict(result["inside_name"]) == {"その他の組織名": 1} and result["places_inside"] == 1
    micro = result["labelled"]["micro"]
    assert (micro.tp, micro.fp, micro.fn) == (1, 4, 2)
    assert (result["spans"].tp, result["spans"].fn) == (2, 1)

    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps([{**rec, "entities": [{"name": "秋田", "span": [1, 3], "type": "地名"}]}]))
    with pytest.raises(ValueError, match="record 1 \\(curid 1\\): span 1-3 is not '秋田'"):
        general_ner.load_records(broken)
    lines = tmp_path / "broken.jsonl"
    lines.write_text(json.dumps(rec, ensure_ascii=False) + "\n" + json.dumps({"curid": "2", "text": "x"}) + "\n")
    with pytest.raises(ValueError, match="line 2 \\(curid 2\\): no field 'entities'"):
        general_ner.load_records(lines)
    lines.write_text(json.dumps(rec, ensure_ascii=False) + "\n{not json\n")
    with pytest.raises(ValueError, match="not JSON or JSONL"):
        general_ner.load_records(lines)

    out = run(["bench/general_ner.py", str(path)], tmp_path)
    assert "1 sentences, 3 gold names" in out and "| micro |" in out
    assert "a place or company inside a longer name, output alone" in out
    assert "skipped" in run(["bench/general_ner.py", str(tmp_path / "absent.json")], tmp_path)
