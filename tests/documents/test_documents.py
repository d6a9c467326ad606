"""The one reader of a post: the header rule, the title/date/tags rules, offsets in file coordinates, the one
walker, and hostile files through every command (issue 15; issue 16 items 1, 8, 12, 13)."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpnews_tags import Analyzer
from jpnews_tags.cli.main import main
from jpnews_tags.documents import (
    analyze_document,
    existing_tags,
    iso_date,
    parse_document,
    read_document,
    tag_values,
    title_of,
    utc_datetime,
    walk_files,
)
from jpnews_tags.enrich.files import collect_files
from jpnews_tags.enrich.plan import plan_tags
from jpnews_tags.frontmatter.header import find_header, read_header
from jpnews_tags.frontmatter.lex import FrontMatterError
from jpnews_tags.report.build import build_report
from jpnews_tags.tagging.vocabulary import Vocabulary

from ..conftest import FIXTURES, ROOT

DICT = ["--dict", str(FIXTURES / "dictionary"), "--no-package-dict"]
HOSTILE = FIXTURES / "hostile"
BODY = "AWSは米国政府向けのAIサービスを発表した。"
#: Hostile fixture -> what the refusal says. fence-two-spaces.md is a valid header (Jekyll and Hugo read it).
REFUSED = {
    "alias-bomb.md": "anchors/aliases",
    "deep-json.md": "levels deep",
    "cr-only.md": "CR-only",
    "invalid-json.md": "invalid JSON",
    "blank-line-first.md": "blank lines",
}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = main(list(argv), out, err)
    return rc, out.getvalue(), err.getvalue()


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    """The hostile fixtures and one good post, in a folder of their own."""
    root = tmp_path / "posts"
    shutil.copytree(HOSTILE, root)
    (root / "good.md").write_text(f"---\ntitle: 良い記事\ntags: [クラウド]\n---\n{BODY}\n", encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.iterdir()) if p.is_file()}


# ---------------------------------------------------------------------------------------------------- the rule


@pytest.mark.parametrize(
    ("text", "fmt", "body"),
    [
        ("---\ntitle: x\n---\n本文", "yaml", "本文"),
        ("---  \ntitle: x\n---\n本文", "yaml", "本文"),  # blanks after the fence: Jekyll's \s*, Hugo
        ("---\t\r\ntitle: x\r\n---  \r\n本文", "yaml", "本文"),
        ("---\ntitle: x\n---", "yaml", ""),
        ("\ufeff+++\ntitle = 'x'\n+++\n本文", "toml", "本文"),
        ('{"title": "x"}\n本文', "json", "\n本文"),
        ('{ "title": "}{" }本文', "json", "本文"),
        ("{}\n本文", "json", "\n本文"),
    ],
)
def test_headers_jekyll_and_hugo_both_read(text: str, fmt: str, body: str) -> None:
    header, _ = read_header(text)
    assert header is not None and header.format == fmt and text[header.body_start :] == body
    doc = parse_document(text)
    assert doc.error is None and doc.format == fmt and doc.body == body


@pytest.mark.parametrize(
    "text",
    [
        "本文だけ\n",
        "----\ntitle: x\n----\n本文",  # a Markdown rule, not a fence
        "--- title: x\n---\n本文",
        "{注} 本文",  # not JSON-like
        "\n---\n見出し\n---\n本文",  # blank line, then rules around a heading: not a mapping, text to both
        "\n\n---\n本文",
    ],
)
def test_texts_without_a_header(text: str) -> None:
    assert read_header(text) == (None, {})
    doc = parse_document(text)
    assert doc.error is None and doc.body == text and doc.meta == {}


@pytest.mark.parametrize(
    ("text", "message", "body_start"),
    [
        ("---\ntitle: x\n本文\n", "never closed", 0),
        ("---\ntitle: x\n...\n本文\n", "never closed", 0),  # '...' closes for Jekyll only
        ("---\rtitle: x\r---\r本文", "CR-only", 0),  # Hugo reads a header, Jekyll text
        ("\n---\ntitle: x\n---\n本文", "blank lines", 0),  # Hugo skips the blank line, Jekyll does not
        ("  +++\ntitle = 'x'\n+++\n本文", "blank lines", 0),
        ('{"title": "x",}\n本文', "invalid JSON", 15),  # Hugo fails, Jekyll reads text
        ('{"title": "x"\n本文', "never closed", 0),
        ('{"a": ' * 40 + "1" + "}" * 40 + "本文", "levels deep", 6 * 40 + 1 + 40),
        ("---\n" + "a: &a [x]\n" + "b: *a\n" * 30 + "---\n本文", "anchors/aliases", 4 + 10 + 6 * 30 + 4),
        ("---\n- a\n---\n本文", "not a mapping", 12),
        ("---\n" + "k: " + "x" * 300_000 + "\n---\n本文", "the limit is 262,144", 4 + 3 + 300_000 + 1 + 4),
    ],
)
def test_refused_headers(text: str, message: str, body_start: int) -> None:
    with pytest.raises(FrontMatterError, match=message):
        read_header(text)
    doc = parse_document(text)
    assert doc.error is not None and message in doc.error
    assert doc.meta == {} and doc.title is None and doc.body_start == body_start


def test_the_finder_does_not_parse() -> None:
    header = find_header('{"title": "x",}\n本文')  # where it is; read_header says it is invalid
    assert header is not None and (header.format, header.start, header.end) == ("json", 0, 15)


# ---------------------------------------------------------------------------------------------------- the fields


def test_title_rule() -> None:
    assert title_of({"title": "AWSの発表"}) == "AWSの発表"
    assert title_of({"title": "   "}) is None and title_of({"title": 2025}) is None and title_of({}) is None


def test_date_rule() -> None:
    # Jekyll's documented form and ISO 8601 (Hugo), and what YAML/TOML loaders give
    assert iso_date("2025-11-25 09:00:00 +0900") == "2025-11-25T09:00:00+09:00"
    assert iso_date("2025-11-25 09:00:00 +09") == "2025-11-25T09:00:00+09:00"  # batch used to say None
    assert iso_date("2025-11-25T09:00:00.5Z") == "2025-11-25T09:00:00.500000+00:00"
    assert iso_date("2025-11-25 09:00") == "2025-11-25T09:00:00"  # naive stays naive
    assert iso_date(dt.date(2025, 11, 25)) == "2025-11-25"
    # what report used to read as well: no longer dates (one rule for batch and report)
    assert iso_date("2025/11/25") is None and iso_date("2025-08") is None and iso_date("2025-11-25 頃") is None
    assert iso_date("2025-02-30") is None and iso_date(20251125) is None
    assert utc_datetime("2025-11-25") == dt.datetime(2025, 11, 25, tzinfo=dt.UTC)
    assert utc_datetime("2025-11-25T09:00") == dt.datetime(2025, 11, 25, 9, tzinfo=dt.UTC)


def test_existing_tags_rule() -> None:
    # Jekyll splits a string on whitespace (batch used to say one tag), or on commas when it has one
    assert tag_values("ai cloud") == ["ai", "cloud"]
    assert tag_values("Amazon Web Services, 生成AI") == ["Amazon Web Services", "生成AI"]
    assert tag_values(["AI", 3, None, " ", " クラウド "]) == ["AI", "3", "クラウド"]
    assert tag_values(None) == [] and tag_values({"a": 1}) is None and tag_values(3) is None
    assert existing_tags({"tags": "ai cloud", "categories": ["cloud", "ニュース"]}) == ["ai", "cloud", "ニュース"]


def test_batch_reads_a_string_of_tags_as_enrich_and_harvest_do(tmp_path: Path) -> None:
    post = tmp_path / "p.md"
    post.write_text(f"---\ntitle: 発表\ntags: ai cloud\n---\n{BODY}\n", encoding="utf-8")
    rc, _, _ = run("batch", str(post), "-o", str(tmp_path / "out.jsonl"), "--workers", "1", "--quiet", *DICT)
    rec = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert rc == 0 and rec["existing_tags"] == ["ai", "cloud"]
    rc, out, _ = run("harvest-tags", str(post))
    assert rc == 0 and "tag: ai" in out and "tag: cloud" in out


# ---------------------------------------------------------------------------------------------------- offsets


def test_group_mentions_are_in_file_coordinates(analyzer: Analyzer) -> None:
    """Issue 16 item 1: examples/aws-government-ai.md had 20 of 20 group mentions at body offsets."""
    path = ROOT / "examples" / "aws-government-ai.md"
    text = path.read_text(encoding="utf-8")
    for result in (analyze_document(analyzer, text), analyzer.analyze_file(path)):
        mentions = [m for g in result.groups for m in g.mentions]
        assert len(mentions) >= 20
        assert all(text[m.start : m.end] == m.text for m in mentions)
        assert all(text[e.start : e.end] == e.text for e in result.entities)
    rc, out, _ = run("analyze", str(path))
    data = json.loads(out)
    assert rc == 0 and all(text[m["start"] : m["end"]] == m["text"] for g in data["groups"] for m in g["mentions"])


def test_analyze_file(small: Analyzer, tmp_path: Path) -> None:
    p = tmp_path / "post.md"
    p.write_bytes(f"---\ntitle: 米国政府の発表\n---\n{BODY}\n".encode("cp932"))
    text = p.read_bytes().decode("cp932")
    r = small.analyze_file(p)
    assert r.title == "米国政府の発表" and r.entities and not r.warnings
    assert all(text[e.start : e.end] == e.text for e in r.entities)
    assert small.analyze_file(str(p), title="別の見出し").title == "別の見出し"
    with pytest.raises(ValueError, match="cannot read"):
        small.analyze_file(tmp_path / "missing.md")


_WORDS = ["AWS", "OpenAI", "米国政府", "エヌビディア", "は", "と", "の", "。", "\n", "\n\n", " ", "発表した", "AI", "x"]
_HEADERS = {
    "yaml": lambda title: f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ntags: [AI]\n---\n",
    "toml": lambda title: f"+++\ntitle = {json.dumps(title, ensure_ascii=False)}\n+++\n",
    "json": lambda title: json.dumps({"title": title}, ensure_ascii=False) + "\n",
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fmt=st.sampled_from(sorted(_HEADERS)),
    title=st.lists(st.sampled_from(_WORDS[:5]), max_size=3).map("".join),
    body=st.lists(st.sampled_from(_WORDS), max_size=40).map("".join),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_every_offset_indexes_the_whole_text(
    small: Analyzer, fmt: str, title: str, body: str, crlf: bool, bom: bool
) -> None:
    text = _HEADERS[fmt](title) + body
    if crlf:
        text = text.replace("\n", "\r\n")
    if bom:
        text = "\ufeff" + text
    result = analyze_document(small, text)
    assert not result.warnings and result.title == (title if title.strip() else None)
    for e in result.entities:
        assert text[e.start : e.end] == e.text
    for g in result.groups:
        for m in g.mentions:
            assert text[m.start : m.end] == m.text


# ---------------------------------------------------------------------------------------------------- hostile files


def test_hostile_files_through_analyze(posts: Path) -> None:
    for name, reason in REFUSED.items():
        rc, out, err = run("analyze", str(posts / name), *DICT)
        data = json.loads(out)
        assert rc == 0 and not err, name
        assert data["title"] is None and any(reason in w for w in data["warnings"]), name
        text = read_document(posts / name).text
        assert all(text[e["start"] : e["end"]] == e["text"] for e in data["entities"]), name
    rc, out, _ = run("analyze", str(posts / "fence-two-spaces.md"), *DICT)
    data = json.loads(out)
    assert rc == 0 and data["title"] == "二つの空白" and not data["warnings"]  # issue 16 item 12: title found
    rc, out, _ = run("analyze", str(posts), *DICT)  # a folder: every file has its line, the rest goes on
    assert rc == 0 and len(out.splitlines()) == len(REFUSED) + 2


def test_hostile_files_through_batch(posts: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    rc, _, _ = run("batch", str(posts), "-o", str(out), "--workers", "1", "--quiet", *DICT)
    assert out.stat().st_size < 100_000  # the alias bomb is not expanded into the record
    recs = {Path(r["path"]).name: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rc == 1 and set(recs) == {*REFUSED, "fence-two-spaces.md", "good.md"}
    for name, reason in REFUSED.items():
        assert "broken front matter" in recs[name]["error"] and reason in recs[name]["error"], name
        assert recs[name]["existing_tags"] == [] and recs[name]["entities"] == []
    assert recs["good.md"]["error"] is None and recs["good.md"]["entities"]
    two = recs["fence-two-spaces.md"]
    assert two["error"] is None and two["title"] == "二つの空白" and two["existing_tags"] == ["AI"]


def test_hostile_files_through_harvest_tags(posts: Path) -> None:
    rc, out, err = run("harvest-tags", str(posts))
    assert rc == 1  # the refused headers' tags could not be read
    for name, reason in REFUSED.items():
        assert any(name in line and reason in line for line in err.splitlines()), name
    assert "tag: AI" in out and "tag: クラウド" in out and "lol" not in out


def test_hostile_files_through_tags(posts: Path) -> None:
    rc, out, err = run("tags", str(posts), *DICT)
    assert rc == 0
    for name, reason in REFUSED.items():
        assert str(posts / name) in out  # analyzed all the same, without its header
        assert any("warning" in line and name in line and reason in line for line in err.splitlines()), name


def test_hostile_files_through_enrich(posts: Path) -> None:
    before = snapshot(posts)
    rc, _, err = run("enrich", str(posts), "--write", "--add-front-matter", "yaml", *DICT)
    assert rc == 1
    after = snapshot(posts)
    for name, reason in REFUSED.items():
        assert after[name] == before[name], name  # nothing written, no second header (issue 16 item 12)
        assert any(name in line and reason in line for line in err.splitlines()), name
    assert after["good.md"] != before["good.md"]  # the rest goes on
    assert after["fence-two-spaces.md"].startswith(b"---  \ntitle: \xe4\xba\x8c")  # edited in place
    assert after["fence-two-spaces.md"].count(b"title:") == 1


def test_add_front_matter_never_stacks_a_second_header(tmp_path: Path) -> None:
    text = f"{BODY}\r{BODY}\r"  # CR-only without a header: a new LF header would mix line endings
    p = tmp_path / "cr.md"
    p.write_bytes(text.encode())
    rc, _, err = run("enrich", str(p), "--write", "--add-front-matter", "toml", *DICT)
    assert rc == 1 and "CR alone" in err and p.read_bytes() == text.encode()


# ---------------------------------------------------------------------------------------------------- walking


def test_one_walker_for_every_command(tmp_path: Path) -> None:
    for rel in ["b.md", "A.MD", "sub/c.md", "sub/drafts/x.md", "drafts/y.md", "notes.txt", "post.mdx", ".h/z.md"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(BODY, encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "sub", target_is_directory=True)
    walked = [rel for _, rel in walk_files(str(tmp_path), ["*.md"])]
    assert walked == ["A.MD", "b.md", "drafts/y.md", "sub/c.md", "sub/drafts/x.md"]  # name order, case ignored
    # a glob with '/' is anchored at the folder given (enrich used to match it at any depth too)
    anchored = ["A.MD", "b.md", "sub/c.md", "sub/drafts/x.md"]
    assert [rel for _, rel in walk_files(str(tmp_path), ["*.md"], ["drafts/*"])] == anchored
    files, problems, _ = collect_files([tmp_path], exclude=["drafts/*"])
    # enrich walks the same way (it used to list a folder's files before its subfolders)
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [*anchored[:2], "post.mdx", *anchored[2:]]
    assert [(p.path.name, p.status) for p in problems] == [("linked", "skipped")]
    rc, out, _ = run("analyze", str(tmp_path), *DICT)  # the analyzable set: .MD and .txt, not .mdx
    assert rc == 0
    paths = [Path(json.loads(line)["path"]).relative_to(tmp_path).as_posix() for line in out.splitlines()]
    assert paths == ["A.MD", "b.md", "drafts/y.md", "notes.txt", "sub/c.md", "sub/drafts/x.md"]


# ---------------------------------------------------------------------------------------------------- tag equality


def test_one_tag_equality_rule() -> None:
    # a middle dot of any width (enrich dropped '·', the tagger and vocabularies did not)
    assert plan_tags(["生成・AI"], ["生成·AI"]).changed is False
    assert Vocabulary.from_tags(["生成・AI"]).lookup(["生成·AI"]) == ("生成・AI", "生成·AI")
    # what enrich writes is NFKC, as every tag the tagger names (enrich used to write the full-width form)
    assert plan_tags([], ["ＮＶＩＤＩＡ"]).tags == ["NVIDIA"]


def test_report_compares_tags_by_the_one_rule() -> None:
    tag = {"tag": "AWS", "score": 0.9, "reasons": ["r"], "source": "entity", "id": "amazon-web-services"}
    rec: dict[str, Any] = {"id": "a.md", "existing_tags": ["ＡＷＳ"], "entities": [], "tags": [tag]}
    rep = build_report([json.dumps(rec)])
    assert rep.tags[0].in_existing == 1  # plain casefold said the editor's ＡＷＳ was not AWS
