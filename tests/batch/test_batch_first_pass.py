"""The site-aware first pass of ``batch`` runs in the workers, and the run reuses its analyses.

Every test compares the batch's records with the old approach computed here on its own: tag a sample without an
archive, count, then analyze every document with the archive applied (:func:`reference`). Analyses are counted by
a patched ``Analyzer._analyze_tokens`` that appends each text's title to a file (workers fork, so they inherit it).
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from jpnews_tags.analyzer import Analyzer, AnalyzerOptions
from jpnews_tags.batch import archive as archive_mod
from jpnews_tags.batch import workers
from jpnews_tags.batch.archive import ArchivePass
from jpnews_tags.batch.budget import TimeBudget
from jpnews_tags.batch.inputs import iter_sources, process_source
from jpnews_tags.batch.run import BatchConfig, run_batch
from jpnews_tags.batch.workers import Worker
from jpnews_tags.tagging.site import ArchiveTags, sample_indices

from .test_batch import read_records

COMPANIES = ["NVIDIA", "Google", "OpenAI", "Microsoft", "Amazon", "Meta", "Apple", "Anthropic", "IBM", "Oracle",
             "Intel", "AMD", "TSMC", "Samsung", "Sony", "Toyota", "SoftBank", "Baidu", "Alibaba", "Tencent",
             "Huawei", "Salesforce", "Adobe", "Cisco", "Nokia", "Ericsson", "Qualcomm", "Arm", "Dell",
             "HP"]  # fmt: skip
TOPICS = ["半導体", "投資", "スマートフォン", "データセンター"]  # and クラウド on two posts of three
#: Of the 31 documents (30 posts and an empty file), the first pass tags 24 evenly spread ones.
SAMPLE = 24
OPTS = AnalyzerOptions()


def post(i: int, company: str) -> str:
    topic = "クラウド" if i % 3 else TOPICS[i // 3 % len(TOPICS)]
    return (
        f'---\ntitle: "{company}、AIで新サービス{i}"\ndate: 2025-10-{i % 28 + 1:02d}\n---\n'
        f"{company}は人工知能（AI）を使った新サービスを発表した。{company}のAIは文書の要約と検索を自動化する。\n\n"
        f"同社によると、AIの導入で顧客企業の作業時間は半分になった。{company}は来年、{topic}への投資を増やす。\n"
        f"{topic}の市場は拡大しており、{company}は{topic}事業でAIを活用する。\n"
    )


@pytest.fixture(scope="module")
def posts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("fp") / "_posts"
    d.mkdir()
    for i, c in enumerate(COMPANIES):
        (d / f"2025-10-{i:02d}-{c.lower()}.md").write_text(post(i, c), encoding="utf-8")
    (d / "2025-10-15-empty.md").write_text("", encoding="utf-8")  # an error record, and sampled
    return d


def reference(root: Path, sample: int = SAMPLE, leave_out: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The records of the old approach: the sample tagged without an archive (in this process), counted, then
    every document analyzed with those frequencies. ``leave_out``: documents the first pass could not tag."""
    analyzer = OPTS.build()
    sources = list(iter_sources([str(root)]))
    lists = []
    for i in sample_indices(len(sources), sample):
        outcome = process_source(analyzer, sources[i])
        if outcome.error_kind is None and not sources[i].path.endswith(leave_out):
            lists.append([t["tag"] for t in outcome.record["tags"]])
    analyzer.use_archive(ArchiveTags.count(lists))
    return [process_source(analyzer, src).record for src in sources]


@pytest.fixture(scope="module")
def expected(posts: Path) -> list[dict[str, Any]]:
    return reference(posts)


def count_analyses(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Each analysis from now on appends its title to ``log`` (in this process and in forked workers)."""
    real = Analyzer._analyze_tokens

    def counted(self: Analyzer, t: Any, *args: Any) -> Any:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{t.title}\n")
        return real(self, t, *args)

    monkeypatch.setattr(Analyzer, "_analyze_tokens", counted)


def analyses(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def batch(posts: Path, out: Path, **kw: Any) -> tuple[Any, list[dict[str, Any]], str]:
    kw.setdefault("workers", 1)
    cfg = BatchConfig(
        inputs=[str(posts)],
        output=out,
        analyzer=OPTS,
        progress="lines",
        progress_every=3600.0,
        archive_sample=SAMPLE,
        chunk_size=3,
        start_method="fork",  # the workers inherit the patched analyzer
        **kw,
    )
    err = io.StringIO()
    summary = run_batch(cfg, err)
    return summary, read_records(out), err.getvalue()


@pytest.mark.parametrize("n_workers", [1, 2])
def test_the_records_are_those_of_the_old_approach_and_each_document_is_analyzed_once(
    posts: Path, expected: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, n_workers: int
) -> None:
    log = tmp_path / "analyses.log"
    count_analyses(monkeypatch, log)
    summary, records, err = batch(posts, tmp_path / "out.jsonl", workers=n_workers)
    assert records == expected
    assert f"tagging {SAMPLE} of 31 documents" in err
    assert "jpnews-tags: note: on most of 23 sampled posts, so demoted: AI (100%)" in err  # the empty one is not
    assert not any(t["tag"] == "AI" for r in records for t in r["tags"])  # demoted on every post
    assert any("of the archive's posts" in reason for r in records for t in r["tags"] for reason in t["reasons"])
    titles = analyses(log)
    assert sorted(titles) == sorted(r["title"] for r in records if r["error"] is None)  # each once, none twice
    assert summary.documents == 31 and summary.errors_by_kind == {"empty": 1}
    if n_workers == 2:  # the work ran in worker processes (how many of the two got chunks is the scheduler's call)
        assert 1 <= len(summary.peak_rss_workers_mb) <= 2 and os.getpid() not in summary.peak_rss_workers_mb


def test_unordered_output_has_the_same_records(posts: Path, expected: list[dict[str, Any]], tmp_path: Path) -> None:
    _, records, _ = batch(posts, tmp_path / "out.jsonl", workers=2, ordered=False)
    assert sorted(records, key=lambda r: r["id"]) == sorted(expected, key=lambda r: r["id"])


def test_a_resumed_run_demotes_as_the_first_run_did(
    posts: Path, expected: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A partly done output: the first pass samples the whole archive again, done documents are skipped (those of
    the sample are tagged once, for the counts) and the rest is written as an uninterrupted run would have."""
    out = tmp_path / "out.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in expected]
    out.write_text("".join(lines[:11]), encoding="utf-8")  # as if a run had stopped there (no manifest yet)
    log = tmp_path / "analyses.log"
    count_analyses(monkeypatch, log)
    summary, records, err = batch(posts, out, workers=2)
    assert records == expected
    assert summary.skipped == 11 and summary.analyzed == 20
    assert "so demoted: AI (100%)" in err
    sampled = {expected[i]["title"] for i in sample_indices(31, SAMPLE) if expected[i]["error"] is None}
    rest = {r["title"] for r in expected[11:] if r["error"] is None}
    assert sorted(analyses(log)) == sorted(sampled | rest)


def test_a_worker_that_dies_in_the_first_pass(posts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first pass's chunk is redone one by one in a fresh pool; the document that killed its worker is left
    out of the counts, and analyzed in the run as any other."""
    real = workers.process_sources

    def dying(analyzer: Any, srcs: Any, **kw: Any) -> Any:
        if kw.get("candidates") and any(s.path.endswith("-microsoft.md") for s in srcs):
            import os

            os._exit(3)
        return real(analyzer, srcs, **kw)

    monkeypatch.setattr(workers, "process_sources", dying)
    summary, records, err = batch(posts, tmp_path / "out.jsonl", workers=2)
    assert records == reference(posts, leave_out=("-microsoft.md",))
    assert "on most of 22 sampled posts" in err and summary.errors == 1


def test_at_most_max_kept_analyses_are_kept(
    posts: Path, expected: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive_mod, "MAX_KEPT", 5)
    log = tmp_path / "analyses.log"
    count_analyses(monkeypatch, log)
    _, records, _ = batch(posts, tmp_path / "out.jsonl")
    assert records == expected
    assert len(analyses(log)) == 30 + 23 - 5  # every post, and the sampled ones past the first 5 a second time


def test_a_document_changed_since_the_first_pass_is_analyzed_again(posts: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    root.mkdir()
    for f in posts.iterdir():
        (root / f.name).write_bytes(f.read_bytes())
    cfg = BatchConfig(inputs=[str(root)], output=tmp_path / "out.jsonl", analyzer=OPTS, archive_sample=SAMPLE)
    first = ArchivePass(cfg, [])
    worker = Worker(OPTS, cfg.max_doc_chars, TimeBudget(None))
    first.add(worker.sample(list(first.sources()))[2])
    archive = first.finish()
    assert archive is not None and set(archive.counts) == {"ai", "クラウド"}  # cut to the tags demoted
    sources = list(iter_sources([str(root)]))
    expected = reference(root)
    pos = sample_indices(len(sources), SAMPLE)
    taken = first.take(pos[0], sources[pos[0]])
    assert taken is not None and json.loads(taken[0].row[0]) == expected[pos[0]]
    assert first.take(pos[0], sources[pos[0]]) is None  # taken once
    Path(sources[pos[1]].path).write_text(post(99, "Zoom"), encoding="utf-8")
    assert first.take(pos[1], sources[pos[1]]) is None
    assert first.take(1, sources[1]) is None  # not sampled
