"""Names that are also common words: context rules as data (dictionaries/cues/rules.yaml, CommonWordRules)."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer


@pytest.fixture(scope="module")
def nlp() -> Analyzer:
    return Analyzer()


def names(nlp: Analyzer, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label) for e in nlp.analyze(text).entities if e.label in ("ORG", "PRODUCT")]


@pytest.mark.parametrize(
    "text",
    [
        "GPUのパイオニアであるNVIDIAは、推論向けの新しいチップを発表した。",
        "ElevenLabsはAI音声合成技術のパイオニアとして知られ、高品質な読み上げモデルを提供している。",
        "ベンジオ教授はディープラーニングのパイオニアの一人だ。",
        "Nebiusのようなパイオニアたちが、新しいクラウドの道を切り拓いている。",
    ],
)
def test_pioneer_the_word_is_not_the_company(nlp: Analyzer, text: str) -> None:
    assert "パイオニア" not in [t for t, _ in names(nlp, text)]


def test_pioneer_the_company_is_still_found(nlp: Analyzer) -> None:
    text = "パイオニアは新型のカーナビを発売した。パイオニアの車載事業は好調だ。"
    assert names(nlp, text) == [("パイオニア", "ORG"), ("パイオニア", "ORG")]


@pytest.mark.parametrize(
    "text",
    [
        "百度は「L4」の自動運転タクシーを武漢で展開し、車両は1000台を超えた。",
        "同社のL4レベルのマップレス自動運転技術はすでに商用展開されている。",
        "2027年にはL3の本格導入とL4自動運転の都市実証を目指す。",
    ],
)
def test_an_autonomy_level_is_not_a_product(nlp: Analyzer, text: str) -> None:
    assert not [t for t, _ in names(nlp, text) if t.startswith("L")]


def test_a_code_without_level_words_is_left_alone(nlp: Analyzer) -> None:
    text = "規制遵守のため「H20」「L20」「L2」といった性能を抑えた中国市場向けチップを開発した。"
    assert ("L2", "PRODUCT") in names(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "単にプロンプトを工夫する「Prompt Engineering」だけでなく、モデルを切り替える設計が要る。",
        "同社は「Context Engineering」の講座を始めた。",
        "「Vibe Coding」が開発現場に広がっている。",
    ],
)
def test_a_practice_in_quotes_is_not_a_product(nlp: Analyzer, text: str) -> None:
    assert names(nlp, text) == []
    assert not [t for t in nlp.analyze(text).tags if t.source == "entity"]


def test_a_company_named_after_a_common_phrase_needs_its_context(nlp: Analyzer) -> None:
    """AIシフト is the company AI Shift and the phrase "a shift to AI" (data: an ambiguous alias with cues)."""
    assert "AIシフト" not in [
        t for t, _ in names(nlp, "HPのAIシフトと大規模な再編が進む。全社を挙げてAIシフトを進めている。")
    ]
    assert ("AIシフト", "ORG") in names(
        nlp, "サイバーエージェント子会社のAIシフトは、コールセンター向けのAIを提供する。"
    )


def places(nlp: Analyzer, text: str) -> list[str]:
    return [e.text for e in nlp.analyze(text).entities if e.label in ("LOC", "GPE")]


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # sentences of the corpus (ベンガル and タガログ were read by the recognizer, 北京 and タイ from the dictionary)
        ("英語、ヒンディー語、タミル語、ベンガル語など、20以上の公用語が存在します。", "ベンガル"),
        ("フィリピンは多言語国家であり、タガログ語だけでなく、セブアノ語など多くの地域言語が存在する。", "タガログ"),
        ("広東語や普通話（北京語）を学ぶことで、現地のビジネス環境に溶け込める。", "北京"),
        ("東南アジアの多様な言語（ベトナム語、タイ語、インドネシア語など）に対応するAI。", "タイ"),
        ("ケニア人研究者のチームが、新しい翻訳モデルを公開した。", "ケニア"),
    ],
)
def test_a_place_before_a_language_or_people_word_is_not_a_place(nlp: Analyzer, text: str, gone: str) -> None:
    assert gone not in places(nlp, text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # 人 and 語 only start a longer word here: the places stay
        ("胡潤中国人工知能企業上位50社で首位に輝いたのはCambriconだ。", "中国"),
        ("重慶市人工知能端末産業の行動計画が発表された。", "重慶市"),
        ("フィリピンでは、タガログ語のほかに英語も公用語だ。", "フィリピン"),
    ],
)
def test_a_place_before_a_longer_word_stays(nlp: Analyzer, text: str, place: str) -> None:
    assert place in places(nlp, text)
