"""The report of a large or hostile archive: a bounded page, lone surrogates, the file written whole or not at all.

bench/report_size.py measures real-looking archives up to 100,000 records (docs/benchmarks.md); here a small
synthetic archive that is large in every direction the page could grow with (records, distinct names and tags,
years, versions, errors, long strings, many tags per record) shows that the page's size is bounded by the caps,
not by the archive.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import pytest

from jpnews_tags.cli.main import main
from jpnews_tags.report import build, html
from jpnews_tags.report.build import build_report
from jpnews_tags.report.html import render_html


def hostile_record(i: int, rng: random.Random, text: Path | None = None) -> dict[str, Any]:
    """A record as large as it can be in every field the page shows; with ``text`` (a file it writes), its
    entities are many short names the excerpt highlights."""
    long = "長" * 5_000
    ents = []
    pos = 0
    names = [f"Z{rng.randrange(10**4)}" if text else f"Zentrix{rng.randrange(10**6)}" + long[: rng.randrange(300)]]
    for j in range(400 if text else 60):
        name = f"Z{rng.randrange(10**4)}" if text else f"Zentrix{rng.randrange(10**6)}" + long[: rng.randrange(300)]
        names.append(name)
        ents.append(
            {
                "start": pos,
                "end": pos + len(name),
                "text": name,
                "label": rng.choice(["ORG", "PRODUCT", "PERSON"]),
                "canonical": name + long[:300],
                "kind": "k" * 300,
                "id": None if j % 2 else f"id-{rng.randrange(10**6)}" + "x" * 300,
                "confidence": 0.5,
                "source": "model" if j % 2 else "gazetteer",
            }
        )
        pos += len(name) + 1
    if text is not None:
        text.write_text(" ".join(names[1:]), encoding="utf-8")
    reasons = [f"topic X{k}: " + long[:400] for k in range(30)]
    tags = [
        {"tag": f"タグ{rng.randrange(10**6)}" + long[:200], "score": 0.5, "reasons": reasons, "source": "topic"}
        for _ in range(60)
    ]
    return {
        "id": f"doc-{i}-" + long[:1000],
        "path": str(text) if text else f"missing/{i}.md",
        "title": "題" * 3_000,
        "date": f"{1 + rng.randrange(9998):04d}-{1 + rng.randrange(12):02d}-01",
        "existing_tags": [f"既存{k}" + long[:100] for k in range(200)],
        "entities": ents,
        "tags": tags,
        "error": ("エラー" * 2_000) if i % 10 == 0 else None,
        "versions": {"library": f"v{i}" + long[:100], "dictionary": f"d{i}"},
    }


def hostile_lines(n: int, folder: Path | None = None) -> list[str]:
    rng = random.Random(n)
    texts = [folder / f"{i}.md" if folder else None for i in range(n)]
    lines = [json.dumps(hostile_record(i, rng, texts[i]), ensure_ascii=False) for i in range(n)]
    return lines + ["{not json " + "x" * 10_000] * (n // 5)


def size(page: str) -> int:
    return len(page.encode("utf-8"))


def test_the_page_is_bounded_by_the_caps_not_by_the_archive() -> None:
    """Twice the archive (past every cap), the same page size within a few percent."""
    small, large = (size(render_html(build_report(hostile_lines(n)))) for n in (130, 260))
    assert large < small * 1.05


def test_with_the_default_options_no_archive_makes_a_page_over_10_mb(tmp_path: Path) -> None:
    """The worst a record can be, in every field, with and without its text: the page stays under 10 MB."""
    for folder in (None, tmp_path):
        page = render_html(build_report(hostile_lines(120, folder)))
        assert page.count('<details class="article"') == 100  # --max-articles' default
        assert size(page) < 10_000_000, (folder, size(page))
        if folder is not None:
            assert page.count("<mark ") == 100 * html.MAX_MARKS


def test_the_largest_options_still_bound_the_page() -> None:
    """Every option at its maximum: the page is bounded by the caps (about 1,000 articles of at most 20,000
    characters each: large, but not growing with the archive)."""
    lines = hostile_lines(60)
    rep = build_report(lines, top=10**6, max_articles=10**6, timeline_tags=10**6)
    assert len(rep.articles) == 54 and rep.timeline.rows  # every valid record, under the article cap
    assert len(rep.timeline.rows) <= build.MAX_TIMELINE_TAGS and len(rep.entities) <= build.MAX_TOP
    assert len(rep.timeline.buckets) <= build.MAX_YEARS


def test_caps_bound_the_options() -> None:
    err = io.StringIO()
    assert main(["report", "x.jsonl", "--top", str(build.MAX_TOP + 1)], io.StringIO(), err) == 2
    assert "--top: must be from 0 to 500" in err.getvalue()
    err = io.StringIO()
    assert main(["report", "x.jsonl", "--max-articles", "1001"], io.StringIO(), err) == 2
    rep = build_report([json.dumps({"id": "a"})], top=10**6, max_articles=10**6, timeline_tags=10**6)
    assert rep.timeline.rows == [] and len(rep.articles) == 1


def test_a_stray_date_does_not_make_thousands_of_columns() -> None:
    tag = {"tag": "AI", "score": 0.5, "reasons": [], "source": "topic"}
    lines = [json.dumps({"id": str(y), "date": f"{y:04d}-01-02", "tags": [tag]}) for y in (1, 1999, 2024, 2025)]
    tl = build_report(lines).timeline
    assert len(tl.buckets) == build.MAX_YEARS and tl.buckets[0] == f"{build.EARLIER}1986"
    assert tl.buckets[-1] == "2025" and tl.totals[tl.buckets[0]] == 1 and sum(tl.totals.values()) == 4
    page = render_html(build_report(lines))
    assert "1986年以前" in page and "up to 1986" in render_html(build_report(lines), lang="en")


# ---------------------------------------------------------------------------------------------- lone surrogates


@pytest.mark.parametrize("escape", ["\\ud800", "\\uD800", "\\uDFFF", "\\udc00"])
def test_lone_surrogate_ids_in_any_case_render_as_replacement_characters(escape: str, tmp_path: Path) -> None:
    """batch writes ids with lone surrogates as JSON escapes; upper-case ones crashed the page."""
    src = tmp_path / "out.jsonl"
    src.write_text(f'{{"id": "a{escape}b", "title": "t{escape}", "entities": [], "tags": []}}\n', encoding="ascii")
    out = tmp_path / "report.html"
    err = io.StringIO()
    assert main(["report", str(src), "-o", str(out)], io.StringIO(), err) == 0, err.getvalue()
    page = out.read_text(encoding="utf-8")
    assert "a\ufffdb" in page and "t\ufffd" in page


def test_lone_surrogates_given_as_text_never_reach_the_page() -> None:
    page = render_html(build_report(['{"id": "x\ud800", "title": "\udfff"}']))
    page.encode("utf-8")  # would raise on a surrogate
    assert "x\ufffd" in page


def test_a_failed_report_never_touches_the_existing_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "out.jsonl"
    src.write_text('{"id": "a\\uD800"}\n', encoding="utf-8")
    out = tmp_path / "report.html"
    out.write_text("the report of yesterday", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr("jpnews_tags.cli.report.render_html", broken)
    err = io.StringIO()
    assert main(["report", str(src), "-o", str(out)], io.StringIO(), err) != 0
    assert out.read_text(encoding="utf-8") == "the report of yesterday"
    monkeypatch.undo()
    # and a write that fails half-way (a full disk) leaves it whole too: the page goes to a temporary file first
    import jpnews_tags.atomic as atomic

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", no_space)
    err = io.StringIO()
    assert main(["report", str(src), "-o", str(out)], io.StringIO(), err) == 2
    assert "No space left on device" in err.getvalue()
    assert out.read_text(encoding="utf-8") == "the report of yesterday"
    assert {p.name for p in tmp_path.iterdir()} == {"out.jsonl", "report.html"}  # no temporary file left


def test_cells_are_cut() -> None:
    rng = random.Random(1)
    rep = build_report([json.dumps(hostile_record(1, rng), ensure_ascii=False)])
    page = render_html(rep)
    assert "題" * html.MAX_CELL_CHARS not in page and "題" * (html.MAX_CELL_CHARS - 1) + "…" in page


def test_the_fast_reader_and_the_lenient_one_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines pydantic reads in one pass (the batch's own) give the same records as the lenient reader."""
    from pydantic import ValidationError

    from jpnews_tags.report.build import Record

    rng = random.Random(3)
    lines = [json.dumps(hostile_record(i, rng), ensure_ascii=False) for i in range(12)]
    lines += ['{"id": 5, "entities": null}', '{"id": "x", "existing_tags": "a", "versions": {"library": "1"}}']
    lines += ['{"id": "v", "versions": {"library": "1", "dictionary": "d", "model": "m"}}', '{"id": true}']

    def read(rep: build.Report) -> list[Any]:
        return [a.record.model_dump() for a in rep.articles] + [rep.malformed, rep.versions, rep.error_list]

    fast = read(build_report(lines))

    def refuse(*args: object, **kwargs: object) -> Record:
        raise ValidationError.from_exception_data("Record", [])

    monkeypatch.setattr(Record, "model_validate_json", refuse)
    assert read(build_report(lines)) == fast
