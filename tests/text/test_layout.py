"""Boilerplate zones of a text (jpnews_tags.text.layout) and what the analyzer does with them."""

from __future__ import annotations

import time

import pytest

from jpnews_tags import Analyzer
from jpnews_tags.lexicon.resources import shipped_layout_words
from jpnews_tags.text.layout import Layout, LayoutWords, boilerplate_zones
from jpnews_tags.text.tokenization import Tokenizer

TOKENIZER = Tokenizer()
WORDS = shipped_layout_words()  # dictionaries/cues/layout.yaml


def zones(text: str) -> list[tuple[str, str]]:
    found = boilerplate_zones(text, WORDS, is_common_word=TOKENIZER.is_common_word)
    return [(text[s:e], kind) for s, e, kind in found]


ARTICLE = (
    "米エヌビディアは12日、データセンター向けの新しいGPUを発表した。新GPUは推論性能を3倍に高めたという。\n\n"
    "同社のジェンスン・フアンCEOは「推論の時代が来た」と語った。\n\n"
    "## 関連記事\n\n"
    "- [OpenAIとMicrosoft、提携の行方](/2025/09/07/1-openai-microsoft/)\n"
    "- [Anthropic、Claudeの新版を公開](/2025/09/08/2-anthropic-claude/)\n"
    "- [OpenAIの資金調達、評価額は](/2025/09/09/3-openai/)\n"
)


def test_related_section_is_one_zone_to_the_end():
    text = ARTICLE
    ((body, kind),) = zones(text)
    assert kind == "related" and body.startswith("## 関連記事") and body.rstrip().endswith("/2025/09/09/3-openai/)")


def test_related_section_ends_at_the_next_heading_of_its_level():
    text = "本文です。\n\n## 参考文献・出典\n\n1. OpenAI, GPT-4 Technical Report\n\n## まとめ\n\nまとめの本文。"
    ((body, kind),) = zones(text)
    assert kind == "related" and "まとめ" not in body


@pytest.mark.parametrize(
    "heading",
    [
        "## 関連記事",
        "### あわせて読みたい",
        "**関連記事一覧**",
        "【関連記事】",
        "## 参考文献・出典",
        "<h2>Related articles</h2>",
        "## この記事を書いた人",
    ],
)
def test_boilerplate_headings(heading):
    assert WORDS.is_boilerplate_heading(heading)


@pytest.mark.parametrize("heading", ["## 概要", "## 今後の展望", "## 関連企業の動き", "### 出典を明記しないAIの問題"])
def test_content_headings(heading):
    assert not WORDS.is_boilerplate_heading(heading)


def test_link_lines_outside_a_related_heading():
    text = "本文の段落です。\n\n▼あわせて読みたい\n- [ソフトバンク、AI投資を拡大](https://example.com/a)\n\n次の段落。"
    kinds = [k for _, k in zones(text)]
    assert kinds == ["related"]
    assert "次の段落" not in zones(text)[0][0]


def test_a_list_item_with_a_link_and_a_sentence_is_content():
    text = "- [OpenAI](https://openai.com)は新モデルを発表し、市場に大きな影響を与えた。これは重要な転換点である"
    assert zones(text) == []


def test_credits_and_datelines():
    text = (
        "（ＣＮＮ） 米オープンAIは12日、新しいモデルを公開した。\n\n"
        "【ワシントン共同】米政府は半導体の輸出規制を強化すると発表した。\n\n"
        "［東京　１２日　ロイター］ - ソフトバンクグループは…\n\n"
        "会見するフアンCEO（写真：ロイター/アフロ）。同社の株価は上昇した。\n\n"
        "出典：経済産業省「AI事業者ガイドライン」"
    )
    found = zones(text)
    assert [b for b, _ in found] == [
        "（ＣＮＮ）",
        "【ワシントン共同】",
        "［東京\u3000１２日\u3000ロイター］",
        "（写真：ロイター/アフロ）",
        "出典：経済産業省「AI事業者ガイドライン」",
    ]
    assert {k for _, k in found} == {"credit"}


def test_an_abbreviation_in_brackets_mid_sentence_is_not_a_credit():
    assert zones("畳み込みニューラルネットワーク（CNN）や生成的敵対ネットワーク（GAN）が使われる。") == []


def test_bylines_and_self_introductions():
    text = "G-genの高宮です。今回はBigQueryの新機能を解説します。\n\n本文です。\n\n文：山田太郎\n\n（鈴木一郎記者）"
    assert zones(text) == [("G-genの高宮です。", "byline"), ("文：山田太郎", "byline"), ("（鈴木一郎記者）", "byline")]
    later = "本文。\n\n本文2。\n\n本文3。\n\n本文4。\n\nこんにちは、クラウドエースの田中です。今日はGeminiの話です。"
    assert zones(later) == [("こんにちは、クラウドエースの田中です。", "byline")]


@pytest.mark.parametrize(
    "text",
    ["これが最大の特徴です。", "今回の目的です。", "AIの時代です。", "NVIDIAの勝利です。次の段落。"],
)
def test_sentences_that_only_look_like_a_self_introduction(text):
    assert zones(text) == []


def test_without_a_word_list_only_a_greeting_makes_a_self_introduction():
    assert boilerplate_zones("G-genの高宮です。本文。", WORDS) == ()
    assert boilerplate_zones("こんにちは、G-genの高宮です。本文。", WORDS) == ((0, 17, "byline"),)


def test_the_words_are_data() -> None:
    """Without the words of dictionaries/cues/layout.yaml nothing is boilerplate; with a word list of its own, a
    site's own heading is one."""
    text = "本文です。\n\n## 関連記事\n\n- [他の記事](/2025/09/07/x/)\n"
    assert Layout.of(text).boilerplate == () and Layout.of(text, words=WORDS).boilerplate != ()
    site = LayoutWords(headings=frozenset({"編集部のおすすめ"}))
    heading = "## 編集部のおすすめ"
    assert site.is_boilerplate_heading(heading) and not WORDS.is_boilerplate_heading(heading)
    assert {"関連記事", "related articles"} <= WORDS.headings and "出典" in WORDS.credit_words


def test_share_and_subscribe_blocks():
    text = (
        "本文です。\n\nこの記事をシェアする\n\nTwitter Facebook LINE はてブ\n\nニュースレターを購読する\n\n"
        "OpenAIのアカウントをフォローする人が増えた。"
    )
    assert zones(text) == [
        ("この記事をシェアする", "share"),
        ("Twitter Facebook LINE はてブ", "share"),
        ("ニュースレターを購読する", "share"),
    ]


def test_an_invitation_is_a_short_line_of_its_own():
    """Only a line of at most MAX_INVITE_LINE characters is a share block, wherever the match is in it (its line
    is looked for no further than that, not across the text: a hostile text of invitations stays linear)."""
    from jpnews_tags.text.layout import MAX_INVITE_LINE

    for before, after in ((MAX_INVITE_LINE, 0), (0, MAX_INVITE_LINE), (40, 40)):
        line = "あ" * before + "をフォローする" + "い" * after  # longer than a short line
        text = f"本文です。\n\n{line}\n\nニュースレターを購読する"
        assert zones(text) == [("ニュースレターを購読する", "share")], (before, after)
    short = "あ" * (MAX_INVITE_LINE - 10) + "を購読する"
    for text in (short, f"本文です。\n\n{short}", f"{short}\n\n本文です。"):
        assert zones(text) == [(short, "share")]


def test_lead_sections_and_paragraphs_leave_boilerplate_out():
    text = (
        "G-genの高宮です。\n\n【ワシントン共同】米政府は新たな規制を発表した。\n\n"
        "## 詳細\n\n本文。\n\n## 関連記事\n\n- [a](/x/)"
    )
    lay = Layout.of(text, TOKENIZER.is_common_word, WORDS)
    assert text[: lay.lead_end].strip().startswith("G-gen")  # the lead reaches 15% of the text
    assert lay.lead_end > text.index("規制")
    assert lay.section_count == 2  # the related-article section is not one
    assert lay.zone_of(text.index("[a]")) == "related" and lay.zone_of(text.index("本文")) is None


@pytest.mark.parametrize(
    "piece",
    ["\n- [", "（出典：", "こんにちは、Aの", "【A＝", "\n**", "Twitter ", "フォロー", "\n## 関連記事\n", "Xのbです"],
)
def test_linear_on_hostile_input(piece):
    text = piece * (100_000 // len(piece))
    t0 = time.perf_counter()
    Layout.of(text, TOKENIZER.is_common_word, WORDS)
    assert time.perf_counter() - t0 < 2.0


@pytest.fixture(scope="module")
def nlp() -> Analyzer:
    return Analyzer()


def test_boilerplate_mentions_are_flagged_and_make_no_tag(nlp):
    r = nlp.analyze(ARTICLE, title="エヌビディア、推論向け新GPUを発表")
    flagged = {e.text for e in r.entities if e.zone == "related"}
    assert {"OpenAI", "Microsoft", "Anthropic"} <= flagged
    assert all(e.zone is None for e in r.entities if e.text in ("エヌビディア", "ジェンスン・フアン"))
    tags = {t.tag for t in r.tags}
    assert "NVIDIA" in tags and not tags & {"OpenAI", "Microsoft", "Anthropic", "Claude"}
    assert {g.canonical for g in r.groups}.isdisjoint({"OpenAI", "Microsoft", "Anthropic"})


def test_a_byline_name_is_not_a_tag(nlp):
    text = "G-genの高宮です。今回はBigQueryの新機能を解説します。BigQueryでは生成AIの機能が増えました。"
    r = nlp.analyze(text)
    assert [e.zone for e in r.entities if e.text == "高宮"] in ([], ["byline"])
    assert "高宮" not in {t.tag for t in r.tags} and "BigQuery" in {t.tag for t in r.tags}
