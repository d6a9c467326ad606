"""``jpnews-tags report``: reading records, aggregation, the HTML page, the CLI and a real browser."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from jpnews_tags import Analyzer
from jpnews_tags.cli.main import main
from jpnews_tags.documents import analyze_document, parse_document
from jpnews_tags.documents.decoding import read_text_file
from jpnews_tags.lexicon.suggest import is_unknown_name
from jpnews_tags.report.build import Article, Record, body_window, build_report, highlight_segments, parse_date
from jpnews_tags.report.html import render_html

from ..conftest import CHROMIUM_FLAGS, FIXTURES, ROOT

POSTS = FIXTURES / "report"
FIXED = datetime(2025, 12, 1, 12, 0, tzinfo=UTC)


def record_for(analyzer: Analyzer, path: Path, root: Path) -> dict[str, Any]:
    """What ``jpnews-tags batch`` writes for one file (the record contract)."""
    doc = parse_document(read_text_file(path))
    a = analyze_document(analyzer, doc)
    rel = path.relative_to(root).as_posix()
    return {
        "id": rel,
        "path": rel,
        "title": doc.title,
        "date": doc.date,
        "existing_tags": doc.existing_tags,
        "entities": [e.model_dump(mode="json") for e in a.entities],
        "tags": [t.model_dump(mode="json") for t in a.tags],
        "error": None,
        "versions": a.versions.model_dump(),
        "content_hash": hashlib.sha256(path.read_bytes()).hexdigest(),
    }


@pytest.fixture(scope="module")
def records(analyzer: Analyzer) -> list[dict[str, Any]]:
    return [record_for(analyzer, p, POSTS) for p in sorted(POSTS.glob("*.md"))]


def lines_of(records: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in records]


class Page(HTMLParser):
    """The parts of the page the tests look at: section ids, marks, and each article body's visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.marks: list[tuple[str, str]] = []  # (class, text without the label)
        self.bodies: dict[str, str] = {}
        self._article: str | None = None
        self._stack: list[tuple[str, str]] = []  # (tag, class) inside a body
        self._mark: list[str] | None = None
        self._body: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = a.get("class") or ""
        if a.get("id"):
            self.ids.append(a["id"] or "")
            if tag == "details":
                self._article = a["id"]
        if self._body is not None:
            self._stack.append((tag, cls))
            if tag == "mark":
                self._mark = []
                self.marks.append((cls, ""))
        elif tag == "div" and cls == "body":
            self._body = []

    def handle_endtag(self, tag: str) -> None:
        if self._body is None:
            return
        if not self._stack:  # the body div closes
            assert self._article is not None
            self.bodies[self._article] = "".join(self._body)
            self._body = None
            return
        t, _ = self._stack.pop()
        if t == "mark" and self._mark is not None:
            self.marks[-1] = (self.marks[-1][0], "".join(self._mark))
            self._mark = None

    def handle_data(self, data: str) -> None:
        if self._body is None or any(c == "lbl" for _, c in self._stack):
            return
        self._body.append(data)
        if self._mark is not None:
            self._mark.append(data)


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    return p


# reading


def test_parse_date_forms() -> None:
    assert parse_date("2025-11-25 09:00:00 +0900") == datetime(2025, 11, 25, 0, 0, tzinfo=UTC)
    assert parse_date("2025-10-20T10:30:00+09:00") == datetime(2025, 10, 20, 1, 30, tzinfo=UTC)
    assert parse_date("2025-10-03") == datetime(2025, 10, 3, tzinfo=UTC)
    assert parse_date("2025-10-20T10:30") == datetime(2025, 10, 20, 10, 30, tzinfo=UTC)  # naive: UTC
    assert parse_date("2025-11-25 09:00:00 +09") == datetime(2025, 11, 25, 0, 0, tzinfo=UTC)
    # the one date rule (batch's, Jekyll's documented form and ISO 8601): the report used to read these too
    assert parse_date("2025/1/5") is None and parse_date("2025-08") is None and parse_date("2025-10-03 朝") is None
    assert parse_date("2025-13-01") is None
    assert parse_date("yesterday") is None


def test_malformed_lines_are_counted_and_skipped(records: list[dict[str, Any]]) -> None:
    bad_entity = dict(records[0], entities=[dict(records[0]["entities"][0], label="NOPE")])
    lines: list[str | bytes] = [
        "{not json",
        "[1, 2]",
        json.dumps(bad_entity),
        b'{"id": "\xff\xfe"}\n',
        "",
        json.dumps({"id": 3, "title": 5}),
        json.dumps(records[1], ensure_ascii=False).encode("utf-8"),
    ]
    rep = build_report(lines)
    assert rep.documents == 1
    assert [n for n, _ in rep.malformed] == [1, 2, 3, 4, 6]
    why = dict(rep.malformed)
    assert "invalid JSON" in why[1] and "not a JSON object" in why[2]
    assert why[3].startswith("entities[0].label: Input should be") and "UTF-8" in why[4] and "'title'" in why[6]
    assert "5 input lines skipped" in render_html(rep, generated=FIXED, lang="en")
    assert "入力の 5 行を読み飛ばしました" in render_html(rep, generated=FIXED)


def test_analyze_jsonl_lines_and_error_lines_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO((ROOT / "examples" / "records.jsonl").read_text("utf-8") + "[]\n"))
    out = io.StringIO()
    assert main(["analyze", "--jsonl"], out, io.StringIO()) == 1
    lines = out.getvalue().splitlines()
    assert json.loads(lines[-1])["error"]  # {"id", "line", "error"}
    rep = build_report(lines)
    assert (rep.documents, rep.errors, rep.malformed) == (3, 1, [])
    assert rep.error_list == [("line 3", "<stdin>:3: each line must be a JSON object")]
    assert {e.name for e in rep.entities} >= {"NVIDIA", "OpenAI", "SoftBank Group"}
    assert [a.record.id for a in rep.articles] == ["a1", "a2"]  # undated: input order
    assert all(a.text is None and a.note == "no path in the record" for a in rep.articles)
    assert rep.timeline.undated == 2 and rep.timeline.buckets == []


# aggregation


def test_counts_top_entities_tags_and_unknown_names(records: list[dict[str, Any]]) -> None:
    rep = build_report(lines_of(records))
    assert rep.documents == len(records) == 4 and rep.errors == 0
    assert rep.mentions == sum(len(r["entities"]) for r in records)

    def docs_with(pred: Any) -> int:
        return sum(any(pred(e) for e in r["entities"]) for r in records)

    by_name = {e.name: e for e in rep.entities}
    openai = by_name["OpenAI"]
    assert (openai.label, openai.id) == ("ORG", "openai")
    assert openai.docs == docs_with(lambda e: e["id"] == "openai") == 3
    assert openai.mentions == sum(e["id"] == "openai" for r in records for e in r["entities"])
    assert by_name["NVIDIA"].forms["エヌビディア"] >= 2
    assert [e.docs for e in rep.entities] == sorted((e.docs for e in rep.entities), reverse=True)
    assert all(e.label not in ("MONEY", "DATE") for e in rep.entities)
    # unknown names: discovered, no id, counted per document; the example is the first document
    cands = {(c.name, c.label): c for c in rep.candidates}
    xeno = cands[("ゼノバイト", "ORG")]
    assert xeno.docs == docs_with(lambda e: e["text"] == "ゼノバイト" and e["source"] == "discovery") == 3
    assert isinstance(xeno.first, tuple) and xeno.first[1] == "aws-zephyrion.md"
    assert ("Zephyrion Cloud", "PRODUCT") in cands and all(c.id is None for c in rep.candidates)
    assert ("OpenAI", "ORG") not in cands
    # tags: documents and mean score from the records
    for t in rep.tags:
        scores = [x["score"] for r in records for x in r["tags"] if x["tag"] == t.tag]
        assert t.docs == len(scores) and t.mean_score == pytest.approx(sum(scores) / len(scores))
    assert rep.tag_assignments == sum(len(r["tags"]) for r in records)
    assert rep.versions[(records[0]["versions"]["library"], records[0]["versions"]["dictionary"])] == 4


def test_timeline_counts_documents_per_month(records: list[dict[str, Any]]) -> None:
    rep = build_report(lines_of(records), timeline_tags=50)
    tl = rep.timeline
    assert tl.buckets == ["2025-10", "2025-11"] and tl.totals == {"2025-10": 2, "2025-11": 1}
    assert tl.undated == 1
    rows = {t.tag: counts for t, counts in tl.rows}
    for tag, counts in rows.items():
        for month in tl.buckets:
            expected = sum(
                any(x["tag"] == tag for x in r["tags"]) and (r["date"] or "").startswith(month) for r in records
            )
            assert counts.get(month, 0) == expected


def test_timeline_fills_gaps_and_switches_to_years() -> None:
    def rec(i: int, date: str) -> str:
        tag = {"tag": "AI", "score": 0.5, "reasons": [], "source": "topic", "id": "ai"}
        return json.dumps({"id": f"d{i}", "date": date, "tags": [tag]})

    short = build_report([rec(0, "2025-01-10"), rec(1, "2025-04-02")]).timeline
    assert short.buckets == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert short.rows[0][1] == {"2025-01": 1, "2025-04": 1}
    long = build_report([rec(0, "2019-12-31"), rec(1, "2025-04-02"), rec(2, "2025-05-01")]).timeline
    assert long.buckets == ["2019", "2020", "2021", "2022", "2023", "2024", "2025"]
    assert long.totals == {"2019": 1, "2025": 2}


def test_articles_newest_first_capped_and_errors_listed(records: list[dict[str, Any]]) -> None:
    error = {"id": "bad.md", "path": "bad.md", "entities": [], "tags": [], "error": "bad.md: not valid UTF-8"}
    rep = build_report([*lines_of(records), json.dumps(error)], max_articles=2)
    assert [a.record.id for a in rep.articles] == ["aws-zephyrion.md", "toml-openai.md"]
    assert rep.articles_total == 4 and rep.errors == 1
    assert rep.error_list == [("bad.md", "bad.md: not valid UTF-8")]
    all_ = build_report(lines_of(records))
    assert [a.record.id for a in all_.articles][-1] == "undated.md"  # no date: last


def test_jekyll_file_name_gives_the_date_when_the_record_has_none() -> None:
    rec = Record(line=1, path="_posts/2025-08-29-08-ai.md")
    assert rec.when == datetime(2025, 8, 29, tzinfo=UTC)
    assert Record(line=1, path="notes.md").when is None


# highlighting


def test_highlighting_indexes_the_whole_file_past_the_front_matter(records: list[dict[str, Any]]) -> None:
    rep = build_report(lines_of(records), text_root=POSTS)
    assert all(a.text is not None for a in rep.articles)
    page = parse(render_html(rep, generated=FIXED))
    for a in rep.articles:
        assert a.text is not None
        text = read_text_file(POSTS / (a.record.path or ""))
        fm = parse_document(text)
        assert fm.body_start > 0 and a.body_start == fm.body_start
        # the page shows exactly the body (leading blank lines dropped), entity labels aside
        assert page.bodies[f"doc-{a.record.line}"] == text[fm.body_start :].lstrip()
    marks = [(cls, t) for cls, t in page.marks]
    expected = [
        (f"ent {e.label}" + (" unknown" if is_unknown_name(e) else ""), e.text)
        for a in rep.articles
        for e in a.record.entities
    ]
    assert marks == expected
    assert ("ent ORG unknown", "ゼノバイト") in marks and ("ent MONEY", "500億ドル") in marks


def test_legacy_encoded_text_is_highlighted(analyzer: Analyzer, tmp_path: Path) -> None:
    text = "---\ntitle: 提携\n---\n米エヌビディアとソフトバンクグループが提携した。\n"
    (tmp_path / "sjis.md").write_bytes(text.encode("cp932"))
    a = analyze_document(analyzer, text)
    rec = {"id": "sjis.md", "path": "sjis.md", "entities": [e.model_dump(mode="json") for e in a.entities]}
    rep = build_report([json.dumps(rec)], text_root=tmp_path)
    assert rep.articles[0].text == text
    assert [t for _, t in parse(render_html(rep, generated=FIXED)).marks] == ["エヌビディア", "ソフトバンクグループ"]


def test_highlight_segments_multibyte_and_overlaps() -> None:
    from jpnews_tags.models import Entity

    text = "🚀米エヌビディアと𠮷野家"
    nv = Entity(start=2, end=8, text="エヌビディア", label="ORG", confidence=1.0, source="gazetteer")
    yo = Entity(start=9, end=12, text="𠮷野家", label="ORG", confidence=1.0, source="discovery")
    inner = Entity(start=3, end=5, text="ヌビ", label="PRODUCT", confidence=1.0, source="rule")
    segs = highlight_segments(text, [yo, inner, nv], 0, len(text))
    assert [(s, e.text if e else None) for s, e in segs] == [
        ("🚀米", None),
        ("エヌビディア", "エヌビディア"),
        ("と", None),
        ("𠮷野家", "𠮷野家"),
    ]
    assert "".join(s for s, _ in segs) == text


def test_long_bodies_are_truncated_outside_entities(records: list[dict[str, Any]]) -> None:
    rec = next(r for r in records if r["id"] == "aws-zephyrion.md")
    rep = build_report(lines_of([rec]), text_root=POSTS)
    art: Article = rep.articles[0]
    assert art.text is not None
    start, _, _ = body_window(art, 0)
    aws2 = [e for e in art.record.entities if e.text == "AWS"][1]
    cut = aws2.start + 1 - start  # would end inside the second "AWS"
    s, end, truncated = body_window(art, cut)
    assert truncated and end == aws2.start
    page = render_html(rep, generated=FIXED, max_chars=cut, lang="en")
    assert f"Truncated: showing the first {end - s:,} of" in page
    assert f"冒頭 {end - s:,} 字を表示" in render_html(rep, generated=FIXED, max_chars=cut)
    assert parse(page).bodies["doc-1"] == art.text[s:end]


def test_missing_or_changed_text_falls_back_to_the_entity_list(records: list[dict[str, Any]], tmp_path: Path) -> None:
    rec = next(r for r in records if r["id"] == "nvidia-xenobyte.md")
    missing = build_report(lines_of([rec]), text_root=tmp_path)
    assert missing.articles[0].text is None and missing.articles[0].note == "text file not found"
    page = render_html(missing, generated=FIXED, lang="en")
    assert "Text not available (text file not found): showing the entities found." in page
    assert '<ul class="entlist">' in page and "<mark" not in page and "エヌビディア" in page
    # a file that changed since the analysis is not highlighted with stale offsets
    (tmp_path / "nvidia-xenobyte.md").write_text("まったく別の文章。" * 20, encoding="utf-8")
    changed = build_report(lines_of([rec]), text_root=tmp_path)
    assert changed.articles[0].text is None and "changed since" in (changed.articles[0].note or "")


def test_only_text_files_are_read_and_never_outside_the_text_root(tmp_path: Path) -> None:
    root = tmp_path / "posts"
    root.mkdir()
    (tmp_path / "secret.md").write_text("SECRET-MD", encoding="utf-8")
    (root / "config.cfg").write_text("SECRET-CFG", encoding="utf-8")
    (root / "ok.md").write_text("本文", encoding="utf-8")

    def note(path: str, text_root: Path | None = root) -> str | None:
        rep = build_report([json.dumps({"id": path, "path": path})], text_root=text_root)
        page = render_html(rep, generated=FIXED)
        assert "SECRET" not in page
        return rep.articles[0].note

    assert note("../secret.md") == "text file not found"
    assert note("config.cfg") == "not a text file (.md, .markdown, .txt, .text)"
    assert note(str(root / "config.cfg"), None) == "not a text file (.md, .markdown, .txt, .text)"
    rep = build_report([json.dumps({"id": "ok.md", "path": "ok.md"})], text_root=root)
    assert rep.articles[0].text == "本文"


# the page


def test_everything_from_the_input_is_escaped(records: list[dict[str, Any]], tmp_path: Path) -> None:
    text = '---\ntitle: x\n---\n<script>alert("body")</script>と<b>AWS</b>\n'
    (tmp_path / "evil.md").write_text(text, encoding="utf-8")
    i = text.index("AWS")
    ent = {"start": i, "end": i + 3, "text": "AWS", "label": "ORG", "canonical": "<img src=x onerror=alert(1)>"}
    ent |= {"id": None, "confidence": 0.5, "source": "discovery"}
    tag = {"tag": "<script>t</script>", "score": 0.5, "reasons": ['"><script>r</script>'], "source": "topic"}
    rec = {
        "id": "evil.md",
        "path": "evil.md",
        "title": "<script>alert('title')</script>",
        "date": "2025-01-01",
        "existing_tags": ["<i>x</i>"],
        "entities": [ent],
        "tags": [tag],
        "versions": {"library": "<v>", "dictionary": "<d>"},
    }
    page = render_html(build_report([json.dumps(rec)], text_root=tmp_path), title="<title>", generated=FIXED)
    assert "<script" not in page and "<img" not in page and "<b>AWS" not in page and "<i>x" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert parse(page).marks == [("ent ORG unknown", "AWS")]


def test_page_structure(records: list[dict[str, Any]]) -> None:
    page = render_html(build_report(lines_of(records), text_root=POSTS), title="編集部レポート", generated=FIXED)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ja">' in page
    assert "Noto Sans CJK JP" in page and "<script" not in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # no network resources
    ids = parse(page).ids
    for section in ("summary", "entities", "tags", "timeline", "unknown", "articles", "errors"):
        assert section in ids
    assert "2025-12-01 12:00 UTC に jpnews-tags" in page and "<title>編集部レポート</title>" in page
    assert "<b>4</b>文書" in page and "主なエンティティ" in page
    # tags carry their score and reasons as a tooltip, in Japanese; tags already in the front matter are marked
    assert re.search(r'class="tag known" title="スコア 0\.\d\d（エンティティ）\n- ', page)
    assert re.search(r"\n- (ORG|PRODUCT) [^\n]*に登場。言及\d+回", page)
    assert re.search(r'<a href="#doc-\d+">', page)  # unknown names link to their example article
    en = render_html(build_report(lines_of(records), text_root=POSTS), generated=FIXED, lang="en")
    assert '<html lang="en">' in en and "generated 2025-12-01 12:00 UTC" in en and "<b>4</b>documents" in en
    assert re.search(r'class="tag known" title="score 0\.\d\d \(entity\)\n- ', en)
    assert re.search(r"\n- (ORG|PRODUCT) [^\n]*: in the title", en)  # the tagger's own words
    assert "<title>jpnews-tags report</title>" in en and "<title>jpnews-tags レポート</title>" in render_html(
        build_report(lines_of(records))
    )


# command line


def test_cli_writes_the_report(records: list[dict[str, Any]], tmp_path: Path) -> None:
    src = tmp_path / "out.jsonl"
    src.write_text("\n".join([*lines_of(records), "garbage"]) + "\n", encoding="utf-8")
    html_path = tmp_path / "report.html"
    out, err = io.StringIO(), io.StringIO()
    argv = ["report", str(src), "-o", str(html_path), "--text-root", str(POSTS), "--max-articles", "3"]
    rc = main([*argv, "--title", "Weekly"], out, err)
    assert rc == 1  # a malformed line: reported, the page is still written
    assert f"{src}:{len(records) + 1}: skipped: invalid JSON" in err.getvalue()
    assert "4 documents" in err.getvalue() and out.getvalue() == ""
    page = html_path.read_text(encoding="utf-8")
    assert page.count('<details class="article"') == 3 and "<h1>Weekly</h1>" in page
    assert len(parse(page).bodies) == 3


def test_cli_reads_stdin_and_writes_stdout(records: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines_of(records))))
    out, err = io.StringIO(), io.StringIO()
    assert main(["report", "-", "--top", "2"], out, err) == 0
    page = out.getvalue()
    assert page.startswith("<!DOCTYPE html>")
    rep = build_report(lines_of(records), top=2)
    assert len(rep.entities) == len(rep.tags) == len(rep.candidates) == 2
    assert page.count('<tr><td class="num">') == 6  # rows of the three top tables


def test_cli_errors(tmp_path: Path) -> None:
    err = io.StringIO()
    assert main(["report", str(tmp_path / "nope.jsonl")], io.StringIO(), err) == 2
    assert "jpnews-tags: report: " in err.getvalue() and "nope.jsonl: no such file" in err.getvalue()
    err = io.StringIO()
    assert main(["report", str(tmp_path / "x.jsonl"), "--text-root", str(tmp_path / "no")], io.StringIO(), err) == 2


def test_shipped_example_output_matches_the_example_article() -> None:
    rep = build_report(
        (ROOT / "examples" / "batch-output.jsonl").read_text("utf-8").splitlines(), base=ROOT / "examples"
    )
    assert rep.documents == 2 and rep.errors == 1 and not rep.malformed
    assert rep.articles[0].text is not None, rep.articles[0].note  # offsets still index the file


# a real browser


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed")
def test_report_renders_in_headless_chromium(records: list[dict[str, Any]], tmp_path: Path) -> None:
    src = tmp_path / "out.jsonl"
    src.write_text("\n".join(lines_of(records)) + "\n", encoding="utf-8")
    html_path = tmp_path / "report.html"
    assert (
        main(["report", str(src), "-o", str(html_path), "--text-root", str(POSTS)], io.StringIO(), io.StringIO()) == 0
    )
    exe = chromium()
    assert exe is not None
    base = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    url = html_path.resolve().as_uri()
    dom = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    page = parse(dom.stdout)
    for section in ("summary", "entities", "tags", "timeline", "unknown", "articles", "errors"):
        assert section in page.ids
    assert ("ent ORG unknown", "ゼノバイト") in page.marks
    assert ("ent ORG", "エヌビディア") in page.marks
    assert len(page.bodies) == len(records)
    shot = tmp_path / "shot.png"
    res = subprocess.run(
        [*base, f"--screenshot={shot}", "--window-size=1280,2000", url], capture_output=True, timeout=120
    )
    assert res.returncode == 0, res.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 1280  # IHDR width
    assert len(data) > 30_000  # a blank page of this size compresses to ~10 KB
