"""The report in Japanese and English: every reason the tagger writes is translated, the interface has both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jpnews_tags import Analyzer, TagOptions
from jpnews_tags.documents import analyze_document, read_document
from jpnews_tags.report.i18n import MESSAGES, REASONS, Messages, translate_reason
from jpnews_tags.tagging.site import ArchiveTags
from jpnews_tags.tagging.vocabulary import Vocabulary

from ..conftest import FIXTURES, ROOT

POSTS = [*sorted((ROOT / "examples").glob("*.md")), *sorted((FIXTURES / "report").glob("*.md"))]


def tagger_reasons(analyzer: Analyzer, options: TagOptions) -> list[str]:
    nlp = Analyzer(tag_options=options)
    out = []
    for p in POSTS:
        for t in analyze_document(nlp, read_document(p)).tags:
            out += t.reasons
    return out


@pytest.fixture(scope="module")
def reasons(analyzer: Analyzer) -> list[str]:
    """The reasons of every kind the tagger writes: entities, parents, topics, keyphrases, title-only names, site
    tags (matched, through a parent, new)."""
    wide = TagOptions(max_tags=50, min_score=0.0, max_entity_tags=None, max_keyphrases=10)
    vocab = Vocabulary.from_tags(["AWS", "amazon", "生成AI", "OpenAI"])
    site = TagOptions(max_tags=50, min_score=0.0, vocabulary=vocab, allow_new=True)
    nlp = Analyzer(tag_options=wide)
    title_only = nlp.analyze("本文にはない。", title="AWSが発表").tags
    phrases = nlp.analyze("量子誤り訂正の研究が進む。量子誤り訂正は難しい。量子誤り訂正の論文。").tags
    archive = Analyzer(tag_options=wide)  # site-aware: a tag on 80% of an archive's posts is demoted
    archive.use_archive(ArchiveTags.count([["AI"]] * 8 + [["NVIDIA"]] * 2))
    demoted = archive.analyze("AIの研究が進む。AIの需要は強い。NVIDIAはAI向けのGPUを出す。").tags
    more = [r for t in [*title_only, *phrases, *demoted] for r in t.reasons]
    return [*tagger_reasons(analyzer, wide), *tagger_reasons(analyzer, site), *more]


def test_every_reason_the_tagger_writes_is_translated(reasons: list[str]) -> None:
    untranslated = [r for r in reasons if translate_reason(r, "ja") == r]
    assert untranslated == []
    kinds = {r.split(" ")[0] for r in reasons}
    # each pattern of the table was exercised by a real reason
    used = {i for r in reasons for i, (pattern, _) in enumerate(REASONS) if pattern.fullmatch(r)}
    assert used == set(range(len(REASONS))), (kinds, used)
    assert all(translate_reason(r, "en") == r for r in reasons)  # English is the tagger's own


@pytest.mark.parametrize(
    ("reason", "japanese"),
    [
        (
            "ORG AWS GovCloud (US) (cloud_region): in the title, the lead, 2 heading(s); 1,204 mention(s) in 3 of 9 "
            "sections, first at 0% of the text",
            "ORG AWS GovCloud (US)（cloud_region）: タイトル・リード・見出し2件に登場。言及1,204回（9節中3節）、"
            "初出は本文の0%の位置",
        ),
        ("topic AI: 3 mention(s)", "トピック AI: 言及3回"),
        ("phrase 量子誤り訂正: not found", "キーフレーズ 量子誤り訂正: 見つからず"),
        ("specificity 0.83 (in 12 of 1,544 background documents)", "特異度 0.83（背景コーパス1,544件中12件に出現）"),
        (
            "site tag 'amazon' (matched as 'Amazon') through the parent Amazon Web Services",
            "サイトのタグ 'amazon'（'Amazon' として一致）（親 Amazon Web Services 経由）",
        ),
        ("parent of Amazon Bedrock (8 mention(s))", "Amazon Bedrock の親（言及8回）"),
        ("ORG Foo (company): in the cloud; 3 mention(s)", "ORG Foo (company): in the cloud; 3 mention(s)"),  # unknown
        ("Zenn: written as 'aws' (its dictionary id): a space", "Zenn: written as 'aws' (its dictionary id): a space"),
    ],
)
def test_reason_patterns(reason: str, japanese: str) -> None:
    assert translate_reason(reason, "ja") == japanese


def test_both_languages_have_every_message() -> None:
    for key, (ja, en) in MESSAGES.items():
        assert ja and en, key
        assert sorted(re.findall(r"\{(\w+)\}", ja)) == sorted(re.findall(r"\{(\w+)\}", en)), key
    ja, en = Messages("ja"), Messages("en")
    assert (ja.count(1, "documents"), en.count(1, "documents"), en.count(2, "documents")) == (
        "1件",
        "1 document",
        "2 documents",
    )
    with pytest.raises(ValueError, match="unknown language"):
        Messages("fr")  # type: ignore[arg-type]


def test_no_english_left_on_the_japanese_page(tmp_path: Path, analyzer: Analyzer) -> None:
    import json

    from jpnews_tags.report.build import build_report
    from jpnews_tags.report.html import render_html

    lines = []
    for p in POSTS:
        doc = read_document(p)
        a = analyze_document(analyzer, doc)
        rec = {"id": p.name, "path": str(p), "title": doc.title, "date": doc.date, "existing_tags": doc.existing_tags}
        rec |= {"entities": [e.model_dump(mode="json") for e in a.entities]}
        rec |= {"tags": [t.model_dump(mode="json") for t in a.tags]}
        lines.append(json.dumps(rec, ensure_ascii=False))
    lines.append(json.dumps({"id": "bad.md", "error": "bad.md: not valid UTF-8"}))
    page = render_html(build_report([*lines, "garbage"]))
    visible = re.sub(r"<style>.*?</style>|<[^>]+>|&\w+;|&#x?\w+;", " ", page, flags=re.S)
    # what is left in English is input (names, tags, paths, the batch's own error text) or codes (labels, kinds)
    english = ("documents", "Top entities", "Top tags", "Articles", "mention(s)", "in the title", "suggested:")
    for word in (*english, "score 0.", "skipped", "Errors", "No errors", "generated"):
        assert word not in visible, word
    assert "mention(s)" in render_html(build_report(lines), lang="en")


def test_the_command_writes_japanese_by_default_and_english_with_lang_en(tmp_path: Path) -> None:
    import io

    from jpnews_tags.cli.main import main

    src = ROOT / "examples" / "batch-output.jsonl"
    pages = {}
    for lang in (None, "ja", "en"):
        out = tmp_path / f"{lang}.html"
        argv = ["report", str(src), "-o", str(out), *(["--lang", lang] if lang else [])]
        assert main(argv, io.StringIO(), io.StringIO()) == 0
        pages[lang] = out.read_text(encoding="utf-8")
    stamp = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")  # when the page was made
    assert '<html lang="ja">' in pages[None] and stamp.sub("", pages[None]) == stamp.sub("", pages["ja"])
    assert "主なエンティティ" in pages[None] and "Top entities" not in pages[None]
    assert '<html lang="en">' in pages["en"] and "主なエンティティ" not in pages["en"]
    err = io.StringIO()
    assert main(["report", str(src), "-o", str(tmp_path / "x.html"), "--lang", "fr"], io.StringIO(), err) == 2
    assert not (tmp_path / "x.html").exists()
