"""Site-aware tags: a first pass over an archive demotes the tags that land on most of its posts."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from jpnews_tags import Analyzer, TagOptions
from jpnews_tags.cli.main import main
from jpnews_tags.tagging.site import ArchiveTags
from jpnews_tags.tagging.vocabulary import Vocabulary, VocabularyEntry

COMPANIES = ["NVIDIA", "Google", "OpenAI", "Microsoft", "Amazon", "Meta", "Apple", "Anthropic", "IBM", "Oracle",
             "Intel", "AMD", "TSMC", "Samsung", "Sony", "Toyota", "SoftBank", "Baidu", "Alibaba", "Tencent",
             "Huawei", "Salesforce", "Adobe", "Cisco"]  # fmt: skip


def post(company: str, i: int) -> str:
    return (
        f'---\ntitle: "{company}、AIで新サービス"\ndate: 2025-10-{i + 1:02d}\n---\n'
        f"{company}は人工知能（AI）を使った新サービスを発表した。{company}のAIは文書の要約と検索を自動化する。\n\n"
        f"同社によると、AIの導入で顧客企業の作業時間は半分になった。{company}は来年、AIの対応言語を増やす。\n"
    )


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("site") / "_posts"
    d.mkdir()
    for i, c in enumerate(COMPANIES):
        (d / f"2025-10-{i + 1:02d}-{c.lower()}.md").write_text(post(c, i), encoding="utf-8")
    return d


def tags_of(*argv: str) -> tuple[dict[str, list[str]], str]:
    out, err = io.StringIO(), io.StringIO()
    assert main(["tags", *argv, "--format", "jsonl"], out, err) == 0
    return {
        Path(r["path"]).name: [t["tag"] for t in r["tags"]] for r in map(json.loads, out.getvalue().splitlines())
    }, err.getvalue()


def share(result: dict[str, list[str]], tag: str) -> float:
    return sum(tag in tags for tags in result.values()) / len(result)


def test_a_tag_on_every_post_of_an_archive_is_demoted(archive: Path) -> None:
    plain, _ = tags_of(str(archive), "--max-tag-share", "1")
    assert share(plain, "AI") > 0.9  # what an AI-news blog gets without the first pass
    site, err = tags_of(str(archive))
    assert share(site, "AI") <= 0.6
    assert "demoted: AI (100%)" in err
    assert all(c in tags for c, tags in zip(COMPANIES, site.values(), strict=False) if c in ("NVIDIA", "Google"))


def test_a_single_text_is_tagged_as_before(archive: Path) -> None:
    one = str(sorted(archive.iterdir())[0])
    alone, err = tags_of(one)
    assert "AI" in next(iter(alone.values())) and err == ""
    nlp = Analyzer()
    assert (
        nlp.analyze("NVIDIAはAIの新チップを発表。AIの需要は強い。").tags
        == Analyzer(tag_options=TagOptions(max_tag_share=0.1))
        .analyze("NVIDIAはAIの新チップを発表。AIの需要は強い。")
        .tags
    )


def test_a_pinned_tag_is_kept(archive: Path, tmp_path: Path) -> None:
    vocab = tmp_path / "vocab.yaml"
    vocab.write_text("tags:\n- tag: AI\n  pinned: true\n- tag: NVIDIA\n", encoding="utf-8")
    site, _ = tags_of(str(archive), "--vocabulary", str(vocab))
    assert share(site, "AI") > 0.9


def test_the_demotion_in_the_tagger() -> None:
    archive = ArchiveTags.count([["AI", "投資"]] * 7 + [["AI"]] * 3)
    text = "AIへの投資が拡大している。NVIDIAはAI向けの投資を増やし、AIの開発を急ぐ。"
    plain = {t.tag: t.score for t in Analyzer().analyze(text).tags}
    nlp = Analyzer()
    nlp.use_archive(archive)
    demoted = {t.tag: t for t in nlp.analyze(text).tags}
    assert "AI" in plain and "AI" not in demoted  # on every post: score x0
    assert demoted["投資"].score < plain["投資"] and "of the archive's posts" in demoted["投資"].reasons[-1]
    pinned = Vocabulary.from_entries([VocabularyEntry(tag="AI", pinned=True)])
    kept = Analyzer(tag_options=TagOptions(vocabulary=pinned))
    kept.use_archive(archive)
    assert "AI" in {t.tag for t in kept.analyze(text).tags}


def test_enrich_and_batch_make_the_same_first_pass(archive: Path, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["enrich", str(archive), "--format", "jsonl"], out, err) == 0
    added = [r.get("added", []) for r in map(json.loads, out.getvalue().splitlines()) if "summary" not in r]
    assert sum("AI" in a for a in added) <= 0.6 * len(added)
    output = tmp_path / "out.jsonl"
    out, err = io.StringIO(), io.StringIO()
    assert main(["batch", str(archive), "-o", str(output), "--workers", "1", "--quiet"], out, err) == 0
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(COMPANIES)
    assert sum("AI" in [t["tag"] for t in r["tags"]] for r in records) <= 0.6 * len(records)
    # resumed: the frequencies are not part of the run's fingerprint, everything is done already
    out, err = io.StringIO(), io.StringIO()
    assert main(["batch", str(archive), "-o", str(output), "--workers", "1", "--quiet"], out, err) == 0


def test_bad_archive_options_are_usage_errors(archive: Path) -> None:
    for argv in (["--max-tag-share", "0"], ["--max-tag-share", "1.5"], ["--archive-sample", "-1"]):
        err = io.StringIO()
        assert main(["tags", str(archive), *argv], io.StringIO(), err) == 2
        assert "--max-tag-share" in err.getvalue() or "--archive-sample" in err.getvalue()
