"""``jpnews-tags batch``: discovery, the output record, broken files, workers, resume bookkeeping, Parquet."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from jpnews_tags.batch import run as batch_mod
from jpnews_tags.batch import workers
from jpnews_tags.batch.inputs import RECORD_KEYS, FileSource, RecordSource, existing_tags, iso_date, iter_sources
from jpnews_tags.batch.output import manifest_path
from jpnews_tags.batch.run import AnalyzerOptions, BatchConfig, BatchError, run_batch
from jpnews_tags.cli.main import main
from jpnews_tags.models import Entity, Tag

from ..conftest import FIXTURES

OPTS = AnalyzerOptions(dictionaries=(str(FIXTURES / "dictionary"),), package_dictionaries=False)
DICT = ["--dict", str(FIXTURES / "dictionary"), "--no-package-dict"]

POST = (
    "---\n"
    "title: 米国政府とAWS\n"
    "date: 2025-11-25 09:00:00 +0900\n"
    "tags: [AI, クラウド]\n"
    "categories: ニュース\n"
    "---\n"
    "米国政府はAWSと契約した。OpenAIも参加する。\n"
)
JAPANESE = "米国政府はAWSと契約した。エヌビディアも参加する。\n"


def make_archive(root: Path) -> Path:
    (root / "2025").mkdir(parents=True)
    (root / "2025" / "a.md").write_text(POST, encoding="utf-8")
    (root / "2025" / "b.md").write_text("OpenAIとAWSが提携。", encoding="utf-8")
    (root / "notes.txt").write_text("エヌビディアのGPU。", encoding="utf-8")
    (root / "drafts").mkdir()
    (root / "drafts" / "d.md").write_text("AWSの下書き", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "x.md").write_text("hidden", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    return root


def make_broken(root: Path) -> Path:
    """A directory of problem files, built here: every kind the batch must survive."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "binary.md").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)))
    (root / "bad-utf8.md").write_bytes(b"AWS \x80\x81 caf\xe9 \xfe\xfe end\n")
    (root / "empty.md").write_bytes(b"")
    (root / "blank.md").write_text("\n   \n\t\n", encoding="utf-8")
    (root / "broken-fm.md").write_text("---\ntitle: [unclosed\n---\nAWSが発表\n", encoding="utf-8")
    (root / "unclosed-fm.md").write_text("---\ntitle: x\nAWSが発表\n", encoding="utf-8")
    (root / "only-fm.md").write_text("---\ntitle: 見出しだけ\n---\n\n", encoding="utf-8")
    (root / "sjis.md").write_bytes(("---\ntitle: 政府の発表\n---\n" + JAPANESE).encode("cp932"))
    (root / "eucjp.md").write_bytes(JAPANESE.encode("euc_jp"))
    (root / "utf16.md").write_bytes(JAPANESE.encode("utf-16"))
    (root / "utf8-bom.md").write_bytes(b"\xef\xbb\xbf" + JAPANESE.encode())
    return root


def read_records(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n"), "output ends in a partial line"
    return [json.loads(line) for line in data.splitlines()]


def run(tmp_path: Path, inputs: list[str], name: str = "out.jsonl", **kw: Any) -> tuple[Any, list[dict[str, Any]]]:
    kw.setdefault("workers", 1)
    kw.setdefault("progress", "none")
    kw.setdefault("analyzer", OPTS)
    cfg = BatchConfig(inputs=inputs, output=tmp_path / name, **kw)
    summary = run_batch(cfg, io.StringIO())
    return summary, read_records(tmp_path / name) if not cfg.parquet else []


# ---------------------------------------------------------------------------------------------------- discovery


def test_discovery_is_lazy_sorted_and_follows_globs(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "arc")
    it = iter_sources([str(root)])
    assert next(it) == FileSource(str(root / "2025" / "a.md"), "2025/a.md")  # a generator, not a list
    assert [s.id for s in iter_sources([str(root)])] == ["2025/a.md", "2025/b.md", "drafts/d.md", "notes.txt"]
    assert [s.id for s in iter_sources([str(root)], exclude=["drafts"])] == ["2025/a.md", "2025/b.md", "notes.txt"]
    assert [s.id for s in iter_sources([str(root)], include=["*.txt"])] == ["notes.txt"]
    assert [s.id for s in iter_sources([str(root)], include=["2025/*"])] == ["2025/a.md", "2025/b.md"]
    # a file named directly keeps the path as given; its id is that path
    assert list(iter_sources([str(root / "notes.txt")])) == [FileSource(str(root / "notes.txt"), f"{root}/notes.txt")]


def test_jsonl_inputs_give_one_source_per_non_blank_line(tmp_path: Path) -> None:
    f = tmp_path / "recs.jsonl"
    f.write_bytes(b'\xef\xbb\xbf{"id": 1, "text": "AWS"}\n\n  \n{"id": "b", "text": "x"}\n')
    got = list(iter_sources([str(f)]))
    assert got == [RecordSource(f"{f}:1", b'{"id": 1, "text": "AWS"}\n'), RecordSource(f"{f}:4", got[1].data)]


def test_iso_dates_and_existing_tags() -> None:
    assert iso_date(dt.datetime(2025, 11, 25, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))) == (
        "2025-11-25T09:00:00+09:00"
    )
    assert iso_date(dt.date(2025, 11, 25)) == "2025-11-25"
    assert iso_date("2025-10-01 13:04:01 +0000") == "2025-10-01T13:04:01+00:00"
    assert iso_date("2025-10-01T13:04Z") == "2025-10-01T13:04:00+00:00"
    assert iso_date("2025-2-3") == "2025-02-03"
    assert iso_date("2025-02-30") is None
    assert iso_date("昨日") is None
    assert iso_date(2025) is None
    assert existing_tags({"tags": ["AI", "AI", 3], "categories": "ニュース"}) == ["AI", "3", "ニュース"]
    assert existing_tags({"tags": None}) == []


# ---------------------------------------------------------------------------------------------------- records


def test_record_contract(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "arc")
    summary, recs = run(tmp_path, [str(root)])
    assert summary.documents == summary.analyzed == 4 and summary.errors == 0
    by_id = {r["id"]: r for r in recs}
    for r in recs:
        assert tuple(r) == RECORD_KEYS
        assert r["error"] is None
        assert set(r["versions"]) == {"library", "dictionary", "model"}
        raw = Path(r["path"]).read_bytes()
        assert r["content_hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
        text = raw.decode("utf-8")
        for e in r["entities"]:
            Entity.model_validate(e)
            assert text[e["start"] : e["end"]] == e["text"]  # offsets index the whole file
        for t in r["tags"]:
            Tag.model_validate(t)
    a = by_id["2025/a.md"]
    assert a["path"] == str(root / "2025" / "a.md")
    assert a["title"] == "米国政府とAWS"
    assert a["date"] == "2025-11-25T09:00:00+09:00"
    assert a["existing_tags"] == ["AI", "クラウド", "ニュース"]
    assert [e["text"] for e in a["entities"]] == ["米国政府", "AWS", "OpenAI"]
    assert a["entities"][0]["start"] == POST.index("米国政府", POST.index("---\n", 4))  # past the front matter
    assert a["tags"] and summary.entities == sum(len(r["entities"]) for r in recs)
    assert by_id["notes.txt"]["title"] is None and by_id["notes.txt"]["existing_tags"] == []


def test_directory_of_broken_files_is_recorded_and_never_stops_the_run(tmp_path: Path) -> None:
    root = make_broken(tmp_path / "broken")
    (root / "good.md").write_text("AWSが発表", encoding="utf-8")
    summary, recs = run(tmp_path, [str(root)])
    by_id = {r["id"]: r for r in recs}
    assert len(recs) == summary.documents == 12
    errors = {k: r["error"] for k, r in by_id.items() if r["error"]}
    assert set(errors) == {
        "binary.md",
        "bad-utf8.md",
        "empty.md",
        "blank.md",
        "broken-fm.md",
        "unclosed-fm.md",
        "only-fm.md",
    }
    assert "looks like a binary file" in errors["binary.md"]
    assert "not valid UTF-8 (byte 4" in errors["bad-utf8.md"] and "Shift_JIS" in errors["bad-utf8.md"]
    assert errors["empty.md"].endswith("empty file") and errors["blank.md"].endswith("empty file")
    assert "broken front matter: invalid YAML" in errors["broken-fm.md"]
    assert "never closed" in errors["unclosed-fm.md"]
    assert "no text after the front matter" in errors["only-fm.md"]
    assert by_id["only-fm.md"]["title"] == "見出しだけ"  # what is known is kept
    for k in errors:
        assert by_id[k]["entities"] == [] and by_id[k]["tags"] == []
        assert by_id[k]["error"].startswith(str(root / k))
    assert summary.errors == 7
    assert summary.errors_by_kind == {"binary": 1, "undecodable": 1, "empty": 3, "front_matter": 2}
    # legacy encodings are detected and analyzed like UTF-8
    for k in ("sjis.md", "eucjp.md", "utf16.md", "utf8-bom.md"):
        assert [e["text"] for e in by_id[k]["entities"]] == ["米国政府", "AWS", "エヌビディア"], k
    assert by_id["sjis.md"]["title"] == "政府の発表"
    assert by_id["good.md"]["error"] is None


def test_jsonl_records_good_and_bad(tmp_path: Path) -> None:
    f = tmp_path / "recs.jsonl"
    lines = [
        json.dumps({"id": "r1", "title": "AWSの発表", "text": "AWSとOpenAIが提携", "date": "2025-01-02"}),
        json.dumps({"id": 7, "text": "エヌビディアのGPU", "tags": ["半導体"]}),
        json.dumps({"text": "米国政府が発表"}),
        "{not json",
        json.dumps({"id": "r5", "text": 42}),
        json.dumps({"id": "r6", "text": "   "}),
        json.dumps(["a list"]),
        json.dumps({"id": "r8", "text": "\ud800AWSが発表"}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary, recs = run(tmp_path, [str(f)])
    assert [r["path"] for r in recs] == [f"{f}:{i}" for i in range(1, 9)]
    assert [r["id"] for r in recs] == ["r1", 7, f"{f}:3", f"{f}:4", "r5", "r6", f"{f}:7", "r8"]
    r1 = recs[0]
    assert r1["title"] == "AWSの発表" and r1["date"] == "2025-01-02"
    assert [e["text"] for e in r1["entities"]] == ["AWS", "OpenAI"]
    assert r1["content_hash"] == "sha256:" + hashlib.sha256("AWSとOpenAIが提携".encode()).hexdigest()
    assert recs[1]["existing_tags"] == ["半導体"]
    assert [e["text"] for e in recs[2]["entities"]] == ["米国政府"]
    assert "invalid JSON" in recs[3]["error"]
    assert "'text' must be a string" in recs[4]["error"]
    assert "empty text" in recs[5]["error"]
    assert "must be a JSON object" in recs[6]["error"]
    assert [e["text"] for e in recs[7]["entities"]] == ["AWS"]  # a lone surrogate is still one valid JSON line
    assert summary.errors == 4


# ---------------------------------------------------------------------------------------------------- workers


def test_two_workers_match_one_ordered_and_unordered(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "arc")
    make_broken(root / "broken")
    recs_jsonl = tmp_path / "recs.jsonl"
    recs_jsonl.write_text(
        "".join(json.dumps({"id": f"r{i}", "text": f"AWSとOpenAIの記事{i}"}) + "\n" for i in range(20)),
        encoding="utf-8",
    )
    inputs = [str(root), str(recs_jsonl)]
    s1, one = run(tmp_path, inputs, "one.jsonl", workers=1)
    s2, ordered = run(tmp_path, inputs, "ordered.jsonl", workers=2, chunk_size=2)
    assert ordered == one
    s3, unordered = run(tmp_path, inputs, "unordered.jsonl", workers=2, chunk_size=1, ordered=False)
    assert len(one) == 4 + 11 + 20
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "ordered.jsonl").read_bytes()
    key = lambda r: r["path"]  # noqa: E731
    assert sorted(unordered, key=key) == sorted(one, key=key)
    assert s1.entities == s2.entities == s3.entities and s1.errors == s2.errors == s3.errors
    assert len(s2.peak_rss_workers_mb) >= 1 and all(0 < v < 1000 for v in s2.peak_rss_workers_mb.values())


def test_a_worker_that_dies_costs_one_error_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_archive(tmp_path / "arc")
    (root / "2025" / "crash.md").write_text("AWS", encoding="utf-8")
    real = workers.process_sources

    def dying(analyzer: Any, srcs: Any, **kw: Any) -> Any:
        if any(src.path.endswith("crash.md") for src in srcs):
            os._exit(3)  # a segfault or the OOM killer, as far as the pool can tell
        return real(analyzer, srcs, **kw)

    monkeypatch.setattr(workers, "process_sources", dying)  # forked workers inherit the patch
    summary, recs = run(tmp_path, [str(root)], workers=2, chunk_size=2, start_method="fork")
    assert [r["id"] for r in recs] == ["2025/a.md", "2025/b.md", "2025/crash.md", "drafts/d.md", "notes.txt"]
    crash = recs[2]
    assert crash["error"].endswith("the worker process died while analyzing this document")
    assert crash["content_hash"] == "sha256:" + hashlib.sha256(b"AWS").hexdigest()
    assert summary.errors_by_kind == {"worker_died": 1}
    assert all(r["error"] is None for r in recs if r is not crash)


# ---------------------------------------------------------------------------------------------------- resume


def test_rerun_skips_done_documents_and_picks_up_new_ones(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "arc")
    _, first = run(tmp_path, [str(root)])
    (root / "2025" / "c.md").write_text("新しい記事。AWS", encoding="utf-8")
    (root / "notes.txt").write_text("変更した。エヌビディア", encoding="utf-8")  # changed content: analyzed again
    s2, second = run(tmp_path, [str(root)])
    assert (s2.skipped, s2.analyzed) == (3, 2)
    assert second[: len(first)] == first
    assert [r["id"] for r in second[len(first) :]] == ["2025/c.md", "notes.txt"]
    s3, third = run(tmp_path, [str(root)])
    assert (s3.skipped, s3.analyzed) == (5, 0) and third == second


def test_partial_last_line_is_cut_and_lost_manifest_is_rebuilt(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "arc")
    _, full = run(tmp_path, [str(root)])
    out = tmp_path / "out.jsonl"
    data = out.read_bytes()
    lines = data.splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:2]) + lines[2][:40])  # killed in the middle of the third record
    manifest_path(out).unlink()  # and the manifest is gone too: rebuilt from the output
    s, recs = run(tmp_path, [str(root)])
    assert s.truncated_bytes == 40 and s.recovered == 2 and s.skipped == 2 and s.analyzed == 2
    assert recs == full


def test_output_from_other_versions_or_options_or_not_batch_is_refused(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "arc")
    run(tmp_path, [str(root)])
    out = tmp_path / "out.jsonl"
    with pytest.raises(BatchError, match="other analyzer options"):
        run(tmp_path, [str(root)], analyzer=AnalyzerOptions(OPTS.dictionaries, False, discovery=False))
    rec = json.loads(out.read_bytes().splitlines()[0])
    rec["versions"]["dictionary"] = "0ld"
    out.write_bytes(out.read_bytes() + (json.dumps(rec, ensure_ascii=False) + "\n").encode())
    with pytest.raises(BatchError, match=r"dictionary 0ld.*--restart"):
        run(tmp_path, [str(root)])
    s, recs = run(tmp_path, [str(root)], restart=True)
    assert s.analyzed == 4 and len(recs) == 4
    other = tmp_path / "notes.jsonl"
    other.write_text("my own notes\n", encoding="utf-8")
    with pytest.raises(BatchError, match="line 1 is not a jpnews-tags batch record"):
        run(tmp_path, [str(root)], "notes.jsonl")
    assert other.read_text(encoding="utf-8") == "my own notes\n"  # untouched
    tail = tmp_path / "tail.jsonl"
    tail.write_text("no newline at the end", encoding="utf-8")
    with pytest.raises(BatchError, match="not a jpnews-tags batch record"):
        run(tmp_path, [str(root)], "tail.jsonl")
    assert tail.read_text(encoding="utf-8") == "no newline at the end"


def test_output_inside_the_archive_is_not_read_back(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "arc")
    cfg = BatchConfig(
        inputs=[str(root)], output=root / "out.txt", include=["*"], workers=1, progress="none", analyzer=OPTS
    )
    run_batch(cfg, io.StringIO())
    s = run_batch(cfg, io.StringIO())
    assert s.skipped == s.documents == 5  # 4 texts and image.png (an error), never out.txt or its manifest


# ---------------------------------------------------------------------------------------------------- output


def test_parquet_output_has_nested_columns(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    root = make_archive(tmp_path / "arc")
    make_broken(root / "broken")
    _, recs = run(tmp_path, [str(root)], "ref.jsonl")
    s, _ = run(tmp_path, [str(root)], "out.parquet")
    table = pq.read_table(tmp_path / "out.parquet")
    assert s.parquet_rows == table.num_rows == len(recs)
    assert table.column_names == list(RECORD_KEYS)
    rows = table.to_pylist()
    assert [r["id"] for r in rows] == [r["id"] for r in recs]
    assert rows[0]["entities"] == recs[0]["entities"]  # nested structs, same values
    assert rows[0]["tags"] == recs[0]["tags"] and rows[0]["versions"] == recs[0]["versions"]
    assert [r["error"] for r in rows] == [r["error"] for r in recs]
    assert (tmp_path / "out.parquet.jsonl").is_file()  # the resumable journal beside it


def test_parquet_without_pyarrow_is_a_clear_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_mod, "parquet_available", lambda: False)
    out, err = io.StringIO(), io.StringIO()
    rc = main(["batch", "examples", "-o", str(tmp_path / "o.parquet"), "--workers", "1", *DICT], out, err)
    assert rc == 2 and "Parquet output needs pyarrow: pip install 'jpnews-tags[parquet]'" in err.getvalue()
    assert not (tmp_path / "o.parquet").exists()


def test_cli_summary_exit_status_and_summary_json(tmp_path: Path) -> None:
    root = make_broken(tmp_path / "broken")
    out, err = io.StringIO(), io.StringIO()
    argv = ["batch", str(root), "-o", str(tmp_path / "o.jsonl"), "--workers", "1", "--progress", "lines"]
    rc = main([*argv, "--summary-json", str(tmp_path / "s.json"), *DICT], out, err)
    assert rc == 1  # some documents failed, the others were processed
    text = out.getvalue()
    for word in ("documents: 11 (11 analyzed, 0 already done)", "entities:", "tags:", "errors: 7", "elapsed:"):
        assert word in text
    assert "throughput:" in text and "documents/s" in text
    s = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert s["documents"] == 11 and s["errors"] == 7 and s["throughput"] > 0
    rc = main(["batch", str(tmp_path / "missing"), "-o", str(tmp_path / "x.jsonl"), *DICT], out, err)
    assert rc == 2 and "missing: no such file or directory" in err.getvalue()
    rc = main(["batch", str(root), "-o", str(tmp_path), "--workers", "1", *DICT], out, err)
    assert rc == 2 and f"{tmp_path}: cannot write: Is a directory" in err.getvalue()
    rc = main(
        ["batch", str(root), "-o", str(tmp_path / "y.jsonl"), "--workers", "2", "--dict", "/nonexistent"], out, err
    )
    assert rc == 2 and "/nonexistent: no such dictionary file or directory" in err.getvalue()


def test_quiet_progress_lines_when_not_a_terminal(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "arc")
    err = io.StringIO()
    cfg = BatchConfig([str(root)], tmp_path / "o.jsonl", workers=1, progress="auto", progress_every=0, analyzer=OPTS)
    run_batch(cfg, err)
    lines = err.getvalue().splitlines()
    assert lines and all(line.startswith("jpnews-tags batch: ") for line in lines)
    assert "docs/s" in lines[-1] and "0 errors" in lines[-1]
    assert "\r" not in err.getvalue()  # no bar drawing in logs


def test_a_line_written_just_before_an_interrupt_is_not_lost_to_the_manifest(tmp_path: Path) -> None:
    """An interrupt can fall between the write of a record and the bookkeeping of its key: the manifest must
    not then claim to cover that line, or the document would be analyzed and written again on resume."""
    from jpnews_tags.batch.output import OutputStore, record_line, resume_key

    versions = {"library": "1", "dictionary": "d"}
    a = {"id": "a", "path": "a.md", "content_hash": "sha256:aa", "versions": versions}
    b = {"id": "b", "path": "b.md", "content_hash": "sha256:bb", "versions": versions}
    out = tmp_path / "out.jsonl"
    with OutputStore(out) as store:
        store.write_record(a)  # kept, not yet committed
        os.write(store._fd, record_line(b))  # written, then interrupted before its key was kept
    with OutputStore(out) as store:
        assert store.is_done(resume_key("a.md", "sha256:aa", versions))
        assert store.is_done(resume_key("b.md", "sha256:bb", versions)), "b would be written twice"
        assert store.recovered == 1


@pytest.mark.parametrize(
    ("total", "size"), [(0, 32), (5, 32), (32, 32), (33, 32), (100, 32), (1000, 32), (7, 4), (9, 1)]
)
def test_chunks_keep_order_and_end_in_small_pieces(total: int, size: int) -> None:
    """Workers finish together: the last ``size`` documents go out in chunks a TAIL_SPLIT-th as large."""
    chunks = list(batch_mod._chunked(iter(range(total)), size))  # type: ignore[arg-type]
    assert [x for c in chunks for x in c] == list(range(total))
    assert all(0 < len(c) <= size for c in chunks)
    small = max(1, size // batch_mod.TAIL_SPLIT)
    tail: list[int] = []
    for c in reversed(chunks):
        if len(tail) >= min(total, size):
            break
        assert len(c) <= small
        tail += c
    if total > 2 * size:
        assert len(chunks[0]) == size  # full chunks before the tail
