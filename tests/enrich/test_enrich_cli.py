"""``jpnews-tags enrich``: dry run with diffs, --write, idempotence, per-file errors and exit status, options."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from jpnews_tags.cli.main import main

from ..conftest import FIXTURES

DICT = ["--dict", str(FIXTURES / "dictionary"), "--no-package-dict"]
BODY = "AWSが新サービスを発表した。AWSはOpenAIと提携し、AWSの計算資源を提供する。\n"
JEKYLL = f'---\nlayout: post\ntitle: "AWSの新サービス"  # headline\ntags:\n  - クラウド\n---\n{BODY}'
HUGO = f'+++\ntitle = "AWSの新サービス"\ntags = ["クラウド"]\n\n[params]\nx = 1\n+++\n{BODY}'


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = main(["enrich", *argv, *DICT], out, err)
    return rc, out.getvalue(), err.getvalue()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    posts = tmp_path / "_posts"
    (posts / "2025").mkdir(parents=True)
    (posts / "2025" / "jekyll.md").write_bytes(JEKYLL.encode())
    (posts / "hugo.md").write_bytes(HUGO.replace("\n", "\r\n").encode())
    (posts / "plain.md").write_bytes(BODY.encode())
    (posts / "notes.txt").write_bytes(JEKYLL.encode())
    return posts


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_dry_run_prints_diffs_and_a_summary_and_writes_nothing(site: Path) -> None:
    before = snapshot(site)
    rc, out, err = run(str(site), "--max-new", "1")
    assert rc == 0
    assert snapshot(site) == before
    jekyll = (site / "2025" / "jekyll.md").as_posix()
    assert f"--- {jekyll}\n+++ {jekyll}\n" in out
    assert "   - クラウド\n+  - AWS\n ---\n" in out
    assert '-tags = ["クラウド"]\r\n+tags = ["クラウド", "AWS"]\r\n' in out
    assert "notes.txt" not in out  # not a default include
    assert err.strip().splitlines()[-1] == (
        "3 file(s): 2 changed, 0 unchanged, 1 skipped, 0 failed (dry run: nothing written; --write applies)"
    )


def test_write_then_a_second_run_changes_nothing_and_says_so(site: Path) -> None:
    rc, out, err = run(str(site), "--max-new", "1", "--write")
    assert rc == 0 and out == ""
    assert "updated " in err and ": + AWS\n" in err
    assert (site / "2025" / "jekyll.md").read_bytes() == JEKYLL.replace(
        "  - クラウド\n", "  - クラウド\n  - AWS\n"
    ).encode()
    assert (site / "hugo.md").read_bytes() == HUGO.replace('["クラウド"]', '["クラウド", "AWS"]').replace(
        "\n", "\r\n"
    ).encode()
    assert (site / "plain.md").read_bytes() == BODY.encode()
    after = snapshot(site)
    rc, out, err = run(str(site), "--max-new", "1", "--write")
    assert rc == 0 and out == "" and snapshot(site) == after
    assert err.strip().splitlines()[-1] == "3 file(s): 0 changed, 2 unchanged, 1 skipped, 0 failed; nothing to change"
    rc, out, err = run(str(site), "--max-new", "1")
    assert out == "" and err.strip().endswith("(nothing to change)")


def test_a_bad_file_fails_alone_and_sets_the_exit_status(site: Path) -> None:
    (site / "broken.md").write_bytes(b"---\ntitle: [unclosed\n---\nbody\n")
    (site / "binary.md").write_bytes(b"\x00\x01" * 50)
    rc, _, err = run(str(site), "--write", "--max-new", "1")
    assert rc == 1
    assert f"jpnews-tags: {site / 'broken.md'}: invalid YAML front matter" in err
    assert "binary" in err
    assert (site / "broken.md").read_bytes() == b"---\ntitle: [unclosed\n---\nbody\n"
    assert b'"AWS"' in (site / "hugo.md").read_bytes()  # the others were still processed
    assert "2 changed, 0 unchanged, 1 skipped, 2 failed" in err
    rc, _, err = run(str(site / "nope"))
    assert rc == 2 and "no such file or directory" in err  # a missing path: nothing done


def test_json_output(site: Path) -> None:
    rc, out, _ = run(str(site), "--format", "jsonl", "--max-new", "1")
    assert rc == 0
    rows = [json.loads(line) for line in out.splitlines()]
    rc, doc, _ = run(str(site), "--format", "json", "--max-new", "1")
    assert rc == 0 and json.loads(doc) == rows  # the same objects, as one JSON array
    by_name = {Path(r["path"]).name: r for r in rows[:-1]}
    assert by_name["jekyll.md"]["status"] == "changed" and by_name["jekyll.md"]["added"] == ["AWS"]
    assert by_name["jekyll.md"]["diff"].startswith("--- ")
    assert by_name["plain.md"] == {**by_name["plain.md"], "status": "skipped", "message": "no front matter"}
    assert rows[-1] == {
        "summary": {"files": 3, "changed": 2, "unchanged": 0, "skipped": 1, "failed": 0, "written": 0, "dry_run": True}
    }


def test_key_entities_policy_and_front_matter_options(site: Path) -> None:
    rc, _, _ = run(
        str(site),
        "--write",
        "--key",
        "keywords",
        "--entities-key",
        "entities",
        "--policy",
        "replace",
        "--max-new",
        "1",
        "--add-front-matter",
        "yaml",
        "--include",
        "*.md",
        "--exclude",
        "2025",
    )
    assert rc == 0
    assert (site / "2025" / "jekyll.md").read_bytes() == JEKYLL.encode()  # excluded
    plain = (site / "plain.md").read_text(encoding="utf-8")
    assert plain.startswith("---\nkeywords:\n  - AWS\nentities:\n  - {name: ")
    assert "  - {name: Amazon Web Services, type: ORG, id: amazon-web-services}\n" in plain
    assert "  - {name: OpenAI, type: ORG, id: openai}\n" in plain
    assert plain.endswith("---\n" + BODY)
    hugo = (site / "hugo.md").read_bytes().decode()
    assert 'tags = ["クラウド"]\r\nkeywords = ["AWS"]\r\nentities = [\r\n  { name = "' in hugo
    assert '  { name = "Amazon Web Services", type = "ORG", id = "amazon-web-services" },\r\n' in hugo


def test_backup_and_verbose(site: Path) -> None:
    rc, _, err = run(str(site / "2025" / "jekyll.md"), str(site / "plain.md"), "--write", "--backup", "-v")
    assert rc == 0
    assert (site / "2025" / "jekyll.md.bak").read_bytes() == JEKYLL.encode()
    assert f"skipped {site / 'plain.md'}: no front matter" in err
    assert not (site / "plain.md.bak").exists()


def test_usage_errors_exit_2(site: Path) -> None:
    rc, _, err = run(str(site), "--max-new", "-1")
    assert rc == 2 and "max_new" in err
    for argv in (["enrich"], ["enrich", str(site), "--policy", "append"]):
        err = io.StringIO()
        assert main(argv, io.StringIO(), err) == 2
        assert "jpnews-tags: enrich: " in err.getvalue()


def test_example_in_the_repo_is_enriched_in_a_copy(tmp_path: Path) -> None:
    src = Path(__file__).resolve().parents[2] / "examples" / "aws-government-ai.md"
    dst = tmp_path / "post.md"
    shutil.copyfile(src, dst)
    out, err = io.StringIO(), io.StringIO()
    assert main(["enrich", str(dst), "--write", "--max-new", "3"], out, err) == 0
    new = dst.read_text(encoding="utf-8")
    old = src.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(old.splitlines(), new.splitlines(), strict=True) if a != b]
    assert len(changed) == 1 and changed[0][0] == 'tags: ["AI"]' and changed[0][1].startswith('tags: ["AI", "')
