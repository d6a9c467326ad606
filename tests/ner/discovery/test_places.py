"""Places Sudachi knows as 地名 (jpnews_tags.ner.discovery.places)."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer


def test_place_names_sudachi_knows_are_found_as_whole_words(small: Analyzer) -> None:
    text = "河南省と重慶市、そしてケンブリッジで開発された。"
    got = [(e.text, e.label, e.source) for e in small.analyze(text).entities]
    assert got == [
        ("河南省", "GPE", "discovery"),
        ("重慶市", "GPE", "discovery"),
        ("ケンブリッジ", "LOC", "discovery"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "アラビア語とベルベル語が話される。",  # a language
        "プラットフォーマーが台頭した。",  # a piece of a longer katakana word
        "百度の崑崙5チップ。",  # a product number follows
        "二重、三重のチェック機構です。",  # counting, not the prefecture
        "時間のロスが大きい。",  # a common word alone
        "重慶発那科機器人が参入した。",  # 発 inside a Chinese company's name (Chongqing FANUC)
        "物理的形状を測る。",  # a piece of a kanji compound
    ],
)
def test_place_name_look_alikes_are_not_places(small: Analyzer, text: str) -> None:
    assert [e.text for e in small.analyze(text).entities if e.label in ("LOC", "GPE")] == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # corpus sentences (the places the cross-validation hides: 中国, 韓国), and the gold guidelines' forms
        ("華為のような挑戦者、そして中国国内のソフトウェア企業", "中国"),
        ("SamsungやSK hynixといった韓国勢がHBM市場でしのぎを削っている", "韓国"),
        ("欧州独自のAIエコシステム", "欧州"),
        ("TSMCの熊本工場建設も", "熊本"),
    ],
)
def test_a_kanji_place_before_a_word_that_goes_after_places_is_found(small: Analyzer, text: str, place: str) -> None:
    """A kanji place name is a whole word before one of ``place_words_after`` (国内, 勢, 独自, 工場), though kanji
    follows it; not a piece of a longer place (アジア|太平洋|地域)."""
    assert place in [e.text for e in small.analyze(text).entities if e.label in ("LOC", "GPE")]
    assert "太平洋" not in [e.text for e in small.analyze("アジア太平洋地域も伸びる").entities]
