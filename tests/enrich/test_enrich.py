"""Enrichment: planning the tag list, enriching texts, and the file guarantees (encodings, atomic writes,
permissions, no lost updates, symlinks, bad input)."""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml

from jpnews_tags import Analyzer
from jpnews_tags.enrich.files import collect_files, enrich_file
from jpnews_tags.enrich.plan import (
    EnrichError,
    EnrichOptions,
    enrich_text,
    entity_records,
    existing_tags,
    plan_tags,
    tag_key,
)
from jpnews_tags.frontmatter.header import split_front_matter
from jpnews_tags.models import Analysis, EntityGroup, Tag, Versions

POST = '---\ntitle: "AWSの発表"\ntags: [AI]  # keep\n---\nAWSはAIの新サービスを発表した。\n'


class FixedTags:
    """An analyzer stand-in: the same tags (best first) and entity groups for every text; records its calls."""

    def __init__(self, tags: Sequence[str], entities: Sequence[tuple[str, str, str | None]] = ()) -> None:
        self.tags = list(tags)
        self.entities = list(entities)
        self.calls: list[tuple[str, str | None]] = []

    def analyze(self, text: str, title: str | None = None, date: str | None = None) -> Analysis:
        self.calls.append((text, title))
        return Analysis(
            entities=[],
            tags=[
                Tag(tag=t, score=max(0.05, round(0.9 - 0.1 * i, 2)), reasons=["fixed"], source="topic")
                for i, t in enumerate(self.tags)
            ],
            groups=[
                EntityGroup(id=i, canonical=c, label=label, salience=0.5, count=1, mentions=[])  # type: ignore[arg-type]
                for c, label, i in self.entities
            ],
            versions=Versions(library="test", dictionary="test"),
        )


def meta_of(text: str) -> dict[str, object]:
    fm = split_front_matter(text)
    assert fm.error is None, fm.error
    return fm.meta


# ---------------------------------------------------------------- planning


def test_merge_keeps_existing_order_and_spelling_and_dedupes_width_and_case() -> None:
    plan = plan_tags(["ａｗｓ", "生成AI", "Open AI"], ["AWS", "NVIDIA", "openai", "生成ＡＩ", "Google"], max_new=5)
    assert plan.tags == ["ａｗｓ", "生成AI", "Open AI", "NVIDIA", "Google"]
    assert plan.added == ["NVIDIA", "Google"]
    assert plan.changed


def test_max_new_counts_suggestions_so_a_second_run_adds_nothing() -> None:
    first = plan_tags(["AWS"], ["AWS", "NVIDIA", "Google", "Intel"], max_new=2)
    assert first.added == ["NVIDIA"]
    again = plan_tags(first.tags, ["AWS", "NVIDIA", "Google", "Intel"], max_new=2)
    assert not again.changed and again.tags == first.tags


def test_min_score_and_cleaning() -> None:
    tags = [
        Tag(tag=" 生成 \n AI ", score=0.9, reasons=[], source="topic"),
        Tag(tag="low", score=0.1, reasons=[], source="topic"),
        Tag(tag="bad\x00", score=0.8, reasons=[], source="topic"),
        Tag(tag="  ", score=0.8, reasons=[], source="topic"),
    ]
    assert plan_tags([], tags, min_score=0.5).tags == ["生成 AI"]


def test_replace_and_if_empty_policies() -> None:
    assert plan_tags(["a"], ["B", "C"], policy="replace").tags == ["B", "C"]
    assert plan_tags(["a"], ["A", "C"], policy="replace").added == ["C"]
    assert not plan_tags(["a"], [], policy="replace").changed  # nothing suggested: existing tags stay
    assert not plan_tags(["B"], ["B"], policy="replace").changed
    assert not plan_tags(["a"], ["B"], policy="if-empty").changed
    assert plan_tags([], ["B"], policy="if-empty").tags == ["B"]


def test_tag_key_and_existing_tags() -> None:
    assert tag_key("Ｃ＋＋") == tag_key("c++")
    assert tag_key("生成・AI") == tag_key("生成 ai")
    assert existing_tags("ai, cloud") == ["ai", "cloud"]
    assert existing_tags(["AI", 3.5, True]) == ["AI", "3.5", "True"]
    with pytest.raises(EnrichError, match="not a list or a string"):
        existing_tags({"a": 1}, "tags")


def test_options_are_validated() -> None:
    with pytest.raises(ValueError, match="policy"):
        EnrichOptions(policy="append")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="differ"):
        EnrichOptions(key="x", entities_key="x")
    with pytest.raises(ValueError, match=">= 0"):
        EnrichOptions(max_new=-1)


# ---------------------------------------------------------------- texts


def test_enrich_text_analyzes_body_with_front_matter_title() -> None:
    fake = FixedTags(["AWS"])
    r = enrich_text(POST, fake)
    assert fake.calls == [("AWSはAIの新サービスを発表した。\n", "AWSの発表")]
    assert r.status == "changed" and r.added == ["AWS"] and r.tags == ["AI", "AWS"]
    assert r.text == POST.replace("tags: [AI]", "tags: [AI, AWS]")
    assert r.diff("post.md").splitlines()[2:] == [
        "@@ -1,5 +1,5 @@",
        " ---",
        ' title: "AWSの発表"',
        "-tags: [AI]  # keep",
        "+tags: [AI, AWS]  # keep",
        " ---",
        " AWSはAIの新サービスを発表した。",
    ]


def test_enrich_text_with_the_real_analyzer_is_idempotent(analyzer: Analyzer) -> None:
    r = enrich_text(POST, analyzer, EnrichOptions(max_new=3, entities_key="entities"))
    assert r.status == "changed" and r.added
    meta = meta_of(r.text)
    assert meta["tags"] == ["AI", *r.added]
    assert meta["entities"] == r.entities and any(e["id"] for e in r.entities or [])
    assert r.text.endswith("---\nAWSはAIの新サービスを発表した。\n")
    again = enrich_text(r.text, analyzer, EnrichOptions(max_new=3, entities_key="entities"))
    assert again.status == "unchanged" and again.text == r.text and again.diff() == ""


def test_entities_key_writes_name_type_id_and_is_replaced_not_merged() -> None:
    fake = FixedTags(["AWS"], [("Amazon Web Services", "ORG", "amazon-web-services"), ("東京", "GPE", None)])
    opts = EnrichOptions(entities_key="entities")
    r = enrich_text("---\ntitle: x\nentities:\n  - {name: Old, type: ORG, id: old}\n---\n本文\n", fake, opts)
    assert r.text == (
        "---\ntitle: x\nentities:\n"
        "  - {name: Amazon Web Services, type: ORG, id: amazon-web-services}\n"
        "  - {name: 東京, type: GPE, id: null}\n"
        "tags:\n  - AWS\n---\n本文\n"
    )
    assert enrich_text(r.text, fake, opts).status == "unchanged"


def test_entity_records_keep_named_labels_most_salient_first() -> None:
    a = FixedTags([], [("A", "ORG", "a"), ("1億円", "MONEY", None), ("B", "PERSON", None)]).analyze("")
    assert entity_records(a) == [
        {"name": "A", "type": "ORG", "id": "a"},
        {"name": "B", "type": "PERSON", "id": None},
    ]
    assert entity_records(a, max_entities=1) == [{"name": "A", "type": "ORG", "id": "a"}]


def test_no_front_matter_is_skipped_or_given_one() -> None:
    text = "本文だけ。\r\n二行目。\r\n"
    skipped = enrich_text(text, FixedTags(["AWS"]))
    assert skipped.status == "skipped" and skipped.text == text and skipped.reason == "no front matter"
    for fmt, head in [
        ("yaml", "---\r\ntags:\r\n  - AWS\r\n  - C++\r\n---\r\n"),
        ("toml", '+++\r\ntags = ["AWS", "C++"]\r\n+++\r\n'),
        ("json", '{"tags": ["AWS", "C++"]}\r\n'),
    ]:
        r = enrich_text(text, FixedTags(["AWS", "C++"]), EnrichOptions(add_front_matter=fmt))  # type: ignore[arg-type]
        assert r.text == head + text, fmt
        assert split_front_matter(r.text).meta == {"tags": ["AWS", "C++"]}
        assert enrich_text(r.text, FixedTags(["AWS", "C++"]), EnrichOptions(add_front_matter=fmt)).status == "unchanged"  # type: ignore[arg-type]


def test_if_empty_does_not_analyze_a_tagged_post() -> None:
    fake = FixedTags(["AWS"])
    r = enrich_text(POST, fake, EnrichOptions(policy="if-empty"))
    assert r.status == "unchanged" and fake.calls == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: [unclosed\n---\n本文\n", "invalid YAML"),
        ("---\ntitle: x\n本文\n", "never closed"),
        ("---\ntags: !!python/object/apply:os.system ['echo hi']\n---\n", "tag"),
        ("---\ntags: !custom x\n---\n", "tag"),
        ("---\ntags: {a: 1}\n---\n", "not a list or a string"),
        ("---\ntags: 2025\n---\n", "not a list or a string"),
        ("---\ntags: |\n  ai\n---\n", "block scalar"),
        ("---\ntags: [a]\ntags: [b]\n---\n", "appears 2 times"),
        ("---\n- a\n- b\n---\n", "not a mapping"),
        ("+++\ntags = 3\n+++\n", "not a list or a string"),
        ("+++\ntags = [\n+++\n", "invalid TOML"),
        ('{"tags": {"a": 1}}\n', "not a list or a string"),
    ],
)
def test_bad_front_matter_is_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(EnrichError, match=message):
        enrich_text(text, FixedTags(["AWS"]))


def test_alias_bombs_and_huge_headers_are_refused() -> None:
    bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    prev = "a"
    for name in "bcdefghi":
        bomb += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
        prev = name
    with pytest.raises(EnrichError, match="anchors/aliases"):
        enrich_text(f"---\n{bomb}tags: [x]\n---\n本文\n", FixedTags(["AWS"]))
    huge = "---\n" + "".join(f"k{i}: {'x' * 60}\n" for i in range(5000)) + "---\n本文\n"
    with pytest.raises(EnrichError, match="the limit is"):
        enrich_text(huge, FixedTags(["AWS"]))
    deep = '{"a": ' + "[" * 100 + "]" * 100 + "}\n本文"
    with pytest.raises(EnrichError, match="levels deep"):
        enrich_text(deep, FixedTags(["AWS"]))
    with pytest.raises(EnrichError, match="levels deep"):
        enrich_text("---\na: " + "[" * 40 + "]" * 40 + "\n---\n", FixedTags(["AWS"]))
    # a few anchors are fine
    ok = "---\nbase: &b {x: 1}\nother: *b\ntags: [x]\n---\n本文\n"
    assert enrich_text(ok, FixedTags(["AWS"])).text == ok.replace("tags: [x]", "tags: [x, AWS]")


# ---------------------------------------------------------------- files


def write(path: Path, data: bytes, mode: int = 0o640) -> Path:
    path.write_bytes(data)
    path.chmod(mode)
    return path


def test_file_dry_run_changes_nothing_and_write_applies(tmp_path: Path) -> None:
    p = write(tmp_path / "post.md", POST.encode())
    before = p.stat()
    dry = enrich_file(p, FixedTags(["AWS"]))
    assert dry.status == "changed" and not dry.written and dry.diff.startswith(f"--- {p.as_posix()}\n")
    assert p.read_bytes() == POST.encode() and p.stat().st_mtime_ns == before.st_mtime_ns
    done = enrich_file(p, FixedTags(["AWS"]), write=True)
    assert done.written and p.read_text(encoding="utf-8") == POST.replace("[AI]", "[AI, AWS]")
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert sorted(x.name for x in tmp_path.iterdir()) == ["post.md"]  # no temp file left
    again = enrich_file(p, FixedTags(["AWS"]), write=True)
    assert again.status == "unchanged" and not again.written


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("cp932", b""),
        ("euc_jp", b""),
    ],
)
def test_files_are_written_back_in_their_encoding(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = (
        "---\r\ntitle: 日本語の記事です\r\ntags:\r\n- 半導体\r\n---\r\n"
        "エヌビディアは新しい半導体を発表した。本文は日本語です。"
    )
    p = write(tmp_path / "post.md", bom + text.encode(encoding))
    r = enrich_file(p, FixedTags(["生成AI", "NVIDIA"]), write=True)
    assert r.status == "changed", r.message
    want = text.replace("- 半導体\r\n", "- 半導体\r\n- 生成AI\r\n- NVIDIA\r\n")
    assert p.read_bytes() == bom + want.encode(encoding)


def test_a_tag_the_encoding_cannot_hold_fails_cleanly(tmp_path: Path) -> None:
    text = "---\ntitle: 日本語の記事です\ntags: [半導体]\n---\nエヌビディアは新しい半導体を発表した。\n"
    p = write(tmp_path / "post.md", text.encode("euc_jp"))
    r = enrich_file(p, FixedTags(["😀AI"]), write=True)
    assert r.status == "failed" and "cannot be written in euc_jp" in (r.message or "")
    assert p.read_bytes() == text.encode("euc_jp")


def test_keep_mtime_and_backup(tmp_path: Path) -> None:
    p = write(tmp_path / "post.md", POST.encode(), 0o600)
    os.utime(p, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    r = enrich_file(p, FixedTags(["AWS"]), write=True, keep_mtime=True, backup_suffix=".bak")
    assert r.written and r.backup == tmp_path / "post.md.bak"
    assert p.stat().st_mtime_ns == 1_600_000_000_000_000_000
    assert (tmp_path / "post.md.bak").read_bytes() == POST.encode()
    assert stat.S_IMODE((tmp_path / "post.md.bak").stat().st_mode) == 0o600
    p2 = write(tmp_path / "other.md", POST.encode())
    os.utime(p2, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    enrich_file(p2, FixedTags(["AWS"]), write=True)
    assert p2.stat().st_mtime_ns > 1_600_000_000_000_000_000  # default: the write time


class EditsTheFile(FixedTags):
    """Someone saves the file while it is being analyzed."""

    def __init__(self, path: Path) -> None:
        super().__init__(["AWS"])
        self.path = path

    def analyze(self, text: str, title: str | None = None, date: str | None = None) -> Analysis:
        self.path.write_bytes(self.path.read_bytes() + "編集者の追記。\n".encode())
        return super().analyze(text, title)


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    p = write(tmp_path / "post.md", POST.encode())
    r = enrich_file(p, EditsTheFile(p), write=True)
    assert r.status == "failed" and "changed on disk" in (r.message or "")
    assert p.read_bytes() == (POST + "編集者の追記。\n").encode()


def test_a_crash_before_the_rename_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = write(tmp_path / "post.md", POST.encode())

    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    r = enrich_file(p, FixedTags(["AWS"]), write=True)
    assert r.status == "failed" and "No space left" in (r.message or "") and not r.written
    assert p.read_bytes() == POST.encode()
    assert sorted(x.name for x in tmp_path.iterdir()) == ["post.md"]


def test_bad_files_fail_cleanly_and_stay_untouched(tmp_path: Path) -> None:
    cases = {
        "binary.md": b"\x00\x01\x02---\n" * 10,
        "latin1.md": "---\ntitle: café\n---\nrésumé àéè\n".encode("latin-1"),
        "broken.md": b"---\ntitle: [unclosed\n---\nbody\n",
    }
    for name, data in cases.items():
        p = write(tmp_path / name, data)
        r = enrich_file(p, FixedTags(["AWS"]), write=True)
        assert r.status == "failed", name
        assert r.message and not r.message.startswith(str(p)), r.message
        assert p.read_bytes() == data
    assert enrich_file(tmp_path / "missing.md", FixedTags(["AWS"])).status == "failed"


def test_symlinks_outside_the_roots_are_not_followed(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside.md", POST.encode())
    root = tmp_path / "posts"
    root.mkdir()
    (root / "link.md").symlink_to(outside)
    inside = write(root / "real.md", POST.encode())
    (root / "alias.md").symlink_to(inside)
    (root / "linked_dir").symlink_to(tmp_path, target_is_directory=True)
    files, problems, roots = collect_files([root])
    assert [f.name for f in files] == ["alias.md", "link.md"]  # alias.md and real.md are one file
    assert [(p.path.name, p.status) for p in problems] == [("linked_dir", "skipped")]
    results = {f.name: enrich_file(f, FixedTags(["AWS"]), write=True, roots=roots) for f in files}
    assert results["link.md"].status == "skipped" and "outside" in (results["link.md"].message or "")
    assert outside.read_bytes() == POST.encode()
    assert results["alias.md"].written and (root / "alias.md").is_symlink()
    assert "AWS" in inside.read_text(encoding="utf-8")


def test_hard_links_are_not_split(tmp_path: Path) -> None:
    p = write(tmp_path / "post.md", POST.encode())
    os.link(p, tmp_path / "twin.md")
    r = enrich_file(p, FixedTags(["AWS"]), write=True)
    assert r.status == "failed" and "hard links" in (r.message or "")
    assert p.read_bytes() == POST.encode()


def test_collect_files_include_exclude(tmp_path: Path) -> None:
    for rel in ["a.md", "b.markdown", "c.txt", "drafts/d.md", ".hidden/e.md", "sub/f.mdx", "sub/.g.md"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    names = lambda fs: sorted(f.relative_to(tmp_path).as_posix() for f in fs)  # noqa: E731
    assert names(collect_files([tmp_path])[0]) == ["a.md", "b.markdown", "drafts/d.md", "sub/f.mdx"]
    assert names(collect_files([tmp_path], exclude=["drafts"])[0]) == ["a.md", "b.markdown", "sub/f.mdx"]
    assert names(collect_files([tmp_path], include=["*.txt", "sub/*"])[0]) == ["c.txt", "sub/f.mdx"]
    files, problems, _ = collect_files([tmp_path / "c.txt", tmp_path / "nope"])
    assert names(files) == ["c.txt"] and [p.status for p in problems] == ["failed"]


def test_yaml_is_loaded_safely_nothing_is_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"---\ntags: !!python/object/apply:os.system ['touch {marker}']\n---\n"
    p = write(tmp_path / "post.md", text.encode())
    r = enrich_file(p, FixedTags(["AWS"]), write=True)
    assert r.status == "failed" and not marker.exists()
    assert yaml.safe_load("a: 1") == {"a": 1}


class Broken(FixedTags):
    def __init__(self, exc: Exception) -> None:
        super().__init__([])
        self.exc = exc

    def analyze(self, text: str, title: str | None = None, date: str | None = None) -> Analysis:
        raise self.exc


def test_an_analyzer_error_fails_the_file_not_the_run(tmp_path: Path) -> None:
    p = write(tmp_path / "post.md", POST.encode())
    r = enrich_file(p, Broken(ValueError("text is too long")), write=True)
    assert r.status == "failed" and r.message == "cannot analyze: text is too long"
    r = enrich_file(p, Broken(RuntimeError("boom")), write=True)
    assert r.status == "failed" and r.message == "unexpected error: RuntimeError: boom"
    assert p.read_bytes() == POST.encode()
