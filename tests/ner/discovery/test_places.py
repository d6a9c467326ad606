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
    ],
)
def test_place_name_look_alikes_are_not_places(small: Analyzer, text: str) -> None:
    assert [e.text for e in small.analyze(text).entities if e.label in ("LOC", "GPE")] == []
