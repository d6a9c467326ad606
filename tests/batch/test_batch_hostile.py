"""``jpnews-tags batch`` against hostile and odd input (issue 16): no document stops or sinks a run, memory and
time per document are bounded, and the output, its lock and the user's files are safe."""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import io
import json
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from jpnews_tags.analyzer import Analyzer, AnalyzerOptions
from jpnews_tags.batch import budget as budget_mod
from jpnews_tags.batch import output as output_mod
from jpnews_tags.batch.output import manifest_path
from jpnews_tags.batch.run import BatchConfig, BatchError, run_batch
from jpnews_tags.cli.main import main
from jpnews_tags.report.build import build_report

from ..conftest import FIXTURES
from .test_batch import DICT, OPTS, make_archive, read_records, run

HOSTILE = FIXTURES / "batch"


# ---------------------------------------------------------------------------------------------------- item 6


def test_title_only_records_are_analyzed_and_only_neither_is_an_error(tmp_path: Path) -> None:
    summary, recs = run(tmp_path, [str(HOSTILE / "title-only.jsonl")])
    by_id = {r["id"]: r for r in recs}
    for rid, title in (("t1", "AWSとOpenAIが提携"), ("t2", "エヌビディアが新GPUを発表"), ("t4", "AWSの発表")):
        r = by_id[rid]
        assert r["error"] is None, r["error"]
        assert r["title"] == title and r["entities"] and r["tags"]
        for e in r["entities"]:  # offsets index the title, the text that was analyzed
            assert title[e["start"] : e["end"]] == e["text"]
    assert [e["text"] for e in by_id["t3"]["entities"]] == ["米国政府"]
    assert by_id["t1"]["content_hash"] == "sha256:" + hashlib.sha256("AWSとOpenAIが提携".encode()).hexdigest()
    assert by_id["neither"]["error"].endswith("empty text")
    assert by_id["no-text"]["error"].endswith("'text' must be a string")
    assert summary.errors_by_kind == {"empty": 1, "invalid_record": 1}


# ---------------------------------------------------------------------------------------------------- item 16


@pytest.mark.parametrize("workers", [1, 2])
def test_a_record_nested_1000_deep_is_one_error_record_and_resume_gets_past_it(tmp_path: Path, workers: int) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes((HOSTILE / "nested-1000.jsonl").read_bytes())
    summary, recs = run(tmp_path, [str(src)], workers=workers, chunk_size=1)
    assert [r["id"] for r in recs] == ["before", f"{src}:2", "after"]  # its id cannot be read: FILE:LINE
    assert recs[1]["error"] == f"{src}:2: JSON nests 1001 levels deep; the limit is 32"
    assert recs[0]["entities"] and recs[2]["entities"]
    assert summary.errors_by_kind == {"invalid_record": 1}
    # a rerun asks the manifest about every line, the deep one too: skipped, not a crash
    src.write_bytes(src.read_bytes() + b'{"id": "new", "text": "AWS"}\n')
    s2, recs2 = run(tmp_path, [str(src)], workers=workers)
    assert (s2.skipped, s2.analyzed) == (3, 1) and recs2[-1]["id"] == "new"


def test_the_recovery_path_survives_a_record_nested_1000_deep(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that dies on a chunk holding the deep record: the parent reads the line again to name it."""
    from jpnews_tags.batch import workers

    real = workers.process_sources

    def dying(analyzer: Any, srcs: Any, **kw: Any) -> Any:
        if any(src.path.endswith(":2") for src in srcs):
            import os

            os._exit(3)
        return real(analyzer, srcs, **kw)

    monkeypatch.setattr(workers, "process_sources", dying)  # forked workers inherit the patch
    summary, recs = run(tmp_path, [str(HOSTILE / "nested-1000.jsonl")], workers=2, chunk_size=1, start_method="fork")
    assert [r["id"] for r in recs] == ["before", f"{HOSTILE / 'nested-1000.jsonl'}:2", "after"]
    assert recs[1]["error"].endswith("the worker process died while analyzing this document")
    assert summary.errors_by_kind == {"worker_died": 1}


@pytest.mark.parametrize("workers", [1, 2])
def test_files_a_reader_fails_on_are_one_record_each_and_the_run_goes_on(tmp_path: Path, workers: int) -> None:
    """Deeply nested JSON front matter and CR-only line ends made the readers raise (RecursionError,
    ValueError) and stopped a one-worker run for good: whatever the readers do with them, each is one record."""
    root = make_archive(tmp_path / "arc")
    for name in ("deep-json-front-matter.md", "cr-only.md"):
        (root / name).write_bytes((HOSTILE / name).read_bytes())
    summary, recs = run(tmp_path, [str(root)], workers=workers)
    assert [r["id"] for r in recs] == [
        "2025/a.md",
        "2025/b.md",
        "cr-only.md",
        "deep-json-front-matter.md",
        "drafts/d.md",
        "notes.txt",
    ]
    assert all(r["error"] is None for r in recs if not r["id"].endswith("front-matter.md") and r["id"] != "cr-only.md")
    assert summary.documents == 6 and not summary.interrupted


# ---------------------------------------------------------------------------------------------------- item 7


def test_a_document_over_max_doc_chars_is_an_error_record_and_the_rest_goes_on(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "arc")
    (root / "2025" / "dump.md").write_text("---\ntitle: ダンプ\n---\n" + "AWSが発表。" * 2000, encoding="utf-8")
    recs_file = tmp_path / "recs.jsonl"
    recs_file.write_text(json.dumps({"id": "big", "text": "x" * 5000}) + "\n", encoding="utf-8")
    summary, recs = run(tmp_path, [str(root), str(recs_file)], max_doc_chars=4000)
    by_id = {r["id"]: r for r in recs}
    dump = by_id["2025/dump.md"]
    limit = "14,000 characters of text; the limit is 4,000 (--max-doc-chars)"
    assert dump["error"] == f"{root / '2025' / 'dump.md'}: {limit}"
    assert dump["title"] == "ダンプ" and dump["entities"] == []
    assert by_id["big"]["error"].endswith("5,000 characters of text; the limit is 4,000 (--max-doc-chars)")
    assert summary.errors_by_kind == {"too_large": 2}
    assert all(r["error"] is None for k, r in by_id.items() if k not in ("2025/dump.md", "big"))
    # the command line has it too
    out, err = io.StringIO(), io.StringIO()
    argv = ["batch", str(recs_file), "-o", str(tmp_path / "cli.jsonl"), "--workers", "1", "--max-doc-chars", "4999"]
    assert main([*argv, *DICT], out, err) == 1
    assert "errors: 1 (too_large 1)" in out.getvalue()


def test_a_json_line_longer_than_the_limit_is_never_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jpnews_tags.batch import inputs

    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", 100)
    f = tmp_path / "recs.jsonl"
    f.write_text(
        json.dumps({"id": "long", "text": "AWS" * 400}) + "\n" + json.dumps({"id": "ok", "text": "AWS"}) + "\n",
        encoding="utf-8",
    )
    sources = list(inputs.iter_sources([str(f)]))
    assert [s.path for s in sources] == [f"{f}:1", f"{f}:2"]
    assert len(sources[0].data) == 101  # cut just past the limit, the rest skipped without being kept
    _, recs = run(tmp_path, [str(f)])
    assert recs[0]["error"] == f"{f}:1: the line is over the 100-byte limit" and recs[1]["error"] is None


# ---------------------------------------------------------------------------------------------------- item 9


class SlowAnalyzer(Analyzer):
    """An analyzer that is slow on texts holding 遅い, in one of three ways."""

    how = "sleep"

    def _analyze_tokens(self, t: Any, *args: Any) -> Any:
        if "遅い" in t.text:
            if self.how == "sleep":
                time.sleep(30)
            elif self.how == "regex":  # the engine holds the interpreter, but checks for signals
                re.match(r"(a+)+$", "a" * 29 + "b")
            else:  # native code that never returns to Python: only the worker's hard stop ends it
                sum(range(10**9))
        return super()._analyze_tokens(t, *args)


BUILDS: list[int] = []


@dataclasses.dataclass(frozen=True)
class SlowOptions(AnalyzerOptions):
    how: str = "sleep"

    def build(self) -> Analyzer:
        BUILDS.append(1)
        a = SlowAnalyzer(self.dictionaries, package_dictionaries=self.package_dictionaries)
        a.how = self.how
        return a


def slow_archive(root: Path) -> Path:
    make_archive(root)
    (root / "2025" / "slow.md").write_text("遅い記事。AWSが発表した。", encoding="utf-8")
    return root


@pytest.mark.parametrize("how", ["sleep", "regex"])
def test_a_document_over_the_time_budget_is_an_error_record_in_process(tmp_path: Path, how: str) -> None:
    root = slow_archive(tmp_path / "arc")
    BUILDS.clear()
    t0 = time.monotonic()
    summary, recs = run(tmp_path, [str(root)], analyzer=SlowOptions(OPTS.dictionaries, False, how=how), doc_timeout=1)
    assert time.monotonic() - t0 < 20
    by_id = {r["id"]: r for r in recs}
    assert by_id["2025/slow.md"]["error"] == f"{root / '2025' / 'slow.md'}: took longer than 1 s (--doc-timeout)"
    assert summary.errors_by_kind == {"timeout": 1}
    assert [r["id"] for r in recs if r["error"] is None] == ["2025/a.md", "2025/b.md", "drafts/d.md", "notes.txt"]
    assert by_id["2025/b.md"]["entities"]  # the documents after it in the same chunk were analyzed
    assert len(BUILDS) == 2  # the analyzer was replaced after the interruption


@pytest.mark.parametrize("how", ["regex", "native"])
def test_a_document_over_the_time_budget_is_an_error_record_in_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    monkeypatch.setattr(budget_mod, "HARD_GRACE", 0.0)  # the hard stop after 2 s of CPU time (forked workers)
    root = slow_archive(tmp_path / "arc")
    t0 = time.monotonic()
    summary, recs = run(
        tmp_path,
        [str(root)],
        workers=2,
        chunk_size=2,
        start_method="fork",
        analyzer=SlowOptions(OPTS.dictionaries, False, how=how),
        doc_timeout=1,
    )
    assert time.monotonic() - t0 < 40
    by_id = {r["id"]: r for r in recs}
    error = by_id["2025/slow.md"]["error"]
    assert error.startswith(f"{root / '2025' / 'slow.md'}: took longer than 1 s (--doc-timeout)")
    if how == "native":  # the soft stop cannot interrupt it: the worker was stopped, then replaced
        assert error.endswith("its worker was stopped")
    assert summary.errors_by_kind == {"timeout": 1}
    assert [r["id"] for r in recs] == ["2025/a.md", "2025/b.md", "2025/slow.md", "drafts/d.md", "notes.txt"]
    assert all(r["entities"] for r in recs if r["error"] is None)


def test_doc_timeout_zero_means_no_budget_and_bad_values_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = slow_archive(tmp_path / "arc")
    (root / "2025" / "slow.md").write_text("遅い記事。", encoding="utf-8")
    s, recs = run(tmp_path, [str(root)], analyzer=SlowOptions(OPTS.dictionaries, False, how="regex"), doc_timeout=0)
    assert s.errors == 0 and len(recs) == 5  # no budget: the slow document finished
    cfg = BatchConfig([str(root)], tmp_path / "o.jsonl", doc_timeout=-1)
    with pytest.raises(BatchError, match="--doc-timeout"):
        run_batch(cfg, io.StringIO())
    assert main(["batch", str(root), "-o", str(tmp_path / "o.jsonl"), "--doc-timeout", "soon"]) == 2
    assert "not a number of seconds" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------------- item 11


def test_lone_surrogate_ids_do_not_break_parquet_on_any_run(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    for _ in range(2):  # the Parquet file is rebuilt from the whole journal on every run
        s, _ = run(tmp_path, [str(HOSTILE / "surrogate-ids.jsonl")], "out.parquet")
        assert s.parquet_rows == 2
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [r["id"] for r in rows] == ["\ufffdlone", "ok"]
    assert rows[0]["title"] == "AWSの\ufffd発表" and [e["text"] for e in rows[0]["entities"]] == ["AWS"]
    journal = read_records(tmp_path / "out.parquet.jsonl")
    assert journal[0]["id"] == "\ud800lone"  # the journal keeps them as they are, escaped


def test_report_reads_lone_surrogate_ids(tmp_path: Path) -> None:
    """They used to crash ``report`` while it wrote the page (cli writes the page atomically since f8c7c00)."""
    run(tmp_path, [str(HOSTILE / "surrogate-ids.jsonl")])
    page = tmp_path / "report.html"
    out, err = io.StringIO(), io.StringIO()
    assert main(["report", str(tmp_path / "out.jsonl"), "-o", str(page)], out, err) == 0, err.getvalue()
    assert "<h3>AWSの\ufffd発表</h3>" in page.read_text(encoding="utf-8")
    rep = build_report((tmp_path / "out.jsonl").read_bytes().splitlines())
    assert [a.record.id for a in rep.articles] == ["\ufffdlone", "ok"] and not rep.malformed


# ---------------------------------------------------------------------------------------------------- items 14, 17


def test_restart_does_not_get_around_the_lock(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "arc")
    run(tmp_path, [str(root)])
    out = tmp_path / "out.jsonl"
    before = out.read_bytes()
    with open(out, "rb") as other:  # another batch is writing this output
        fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(BatchError, match="another jpnews-tags batch is writing this output"):
            run(tmp_path, [str(root)], restart=True)
    assert out.read_bytes() == before and manifest_path(out).exists()
    s, recs = run(tmp_path, [str(root)], restart=True)  # once it is done, --restart starts over
    assert s.analyzed == 4 and len(recs) == 4


def test_output_equal_to_an_input_is_refused_before_anything_is_touched(tmp_path: Path) -> None:
    rec = tmp_path / "rec.jsonl"
    data = json.dumps({"id": "a", "text": "AWSが発表"}).encode() + b"\n"
    rec.write_bytes(data)
    for extra in ([], ["--restart"]):
        err = io.StringIO()
        rc = main(["batch", str(rec), "-o", str(rec), "--workers", "1", *extra, *DICT], io.StringIO(), err)
        assert rc == 2 and "is an INPUT and would be written as output" in err.getvalue()
        assert rec.read_bytes() == data
        assert sorted(p.name for p in tmp_path.iterdir()) == ["rec.jsonl"]
    # the same file under another name (a symlink) is caught too
    (tmp_path / "link.jsonl").symlink_to(rec)
    with pytest.raises(BatchError, match="is an INPUT"):
        run_batch(BatchConfig([str(rec)], tmp_path / "link.jsonl", workers=1, analyzer=OPTS), io.StringIO())


def test_a_refused_output_leaves_no_manifest_and_restart_empties_only_batch_output(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "arc")
    notes = tmp_path / "notes.jsonl"
    notes.write_text("my own notes\n", encoding="utf-8")
    for restart in (False, True):
        with pytest.raises(BatchError, match=r"not (a )?jpnews-tags batch"):
            run(tmp_path, [str(root)], "notes.jsonl", restart=restart)
        assert notes.read_text(encoding="utf-8") == "my own notes\n"
        assert not manifest_path(notes).exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["arc", "notes.jsonl"]
    # a refused --restart touches nothing, not even a manifest that was there before
    manifest_path(notes).write_bytes(b"kept")
    with pytest.raises(BatchError, match="not jpnews-tags batch output"):
        run(tmp_path, [str(root)], "notes.jsonl", restart=True)
    assert manifest_path(notes).read_bytes() == b"kept"


# ---------------------------------------------------------------------------------------------------- item 20


def test_a_manifest_that_cannot_be_written_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_archive(tmp_path / "arc")

    def full(*_: object, **__: object) -> Any:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(output_mod.sqlite3, "connect", full)
    out, err = io.StringIO(), io.StringIO()
    rc = main(["batch", str(root), "-o", str(tmp_path / "o.jsonl"), "--workers", "1", *DICT], out, err)
    assert rc == 2
    assert err.getvalue() == (
        f"jpnews-tags: batch: {tmp_path / 'o.jsonl.manifest.sqlite'}: cannot write the resume manifest: "
        "database or disk is full (is the disk full?)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["arc"]  # no empty output left behind
