"""Context rules for ambiguous aliases, with positive and negative examples."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer


def ids(a: Analyzer, text: str, title: str | None = None) -> list[tuple[str, str | None]]:
    return [(e.text, e.id) for e in a.analyze(text, title=title).entities if e.id]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("アマゾン川の流域で森林火災が続く。", []),
        ("アマゾンの通販事業が好調だ。", [("アマゾン", "amazon")]),
        ("AWSの親会社アマゾンが発表した。", [("AWS", "amazon-web-services"), ("アマゾン", "amazon")]),
        ("Novaは超新星の一種だ。", []),
        ("Amazonは基盤モデルNovaを発表した。", [("Amazon", "amazon"), ("Nova", "amazon-nova")]),
        ("Bedrockとは地質学で岩盤のこと。", []),
        ("AWSはBedrockで生成AIを提供する。", [("AWS", "amazon-web-services"), ("Bedrock", "amazon-bedrock")]),
        ("マスクを着用して出社した。", []),
        ("テスラのマスク氏は語った。", [("マスク", "elon-musk")]),
    ],
)
def test_ambiguous_aliases_need_context(small: Analyzer, text: str, expected: list[tuple[str, str]]) -> None:
    assert ids(small, text) == expected


def test_title_is_a_cue(small: Analyzer) -> None:
    assert ids(small, "Novaの性能が向上した。") == []
    assert ids(small, "Novaの性能が向上した。", title="Amazon、生成AIの新モデル") == [("Nova", "amazon-nova")]


def test_country_then_government_is_a_government_org(small: Analyzer) -> None:
    ents = small.analyze("日本政府は新たな方針を示した。").entities
    assert [(e.text, e.label, e.kind, e.source) for e in ents] == [("日本政府", "ORG", "government", "rule")]


def test_dictionary_government_body_beats_country(small: Analyzer) -> None:
    ents = small.analyze("米国政府と米国").entities
    assert [(e.text, e.label, e.kind) for e in ents] == [
        ("米国政府", "ORG", "government"),
        ("米国", "GPE", "country"),
    ]


def test_longest_wins_between_names_and_numbers(small: Analyzer) -> None:
    ents = small.analyze("Trainium 3と2026年").entities
    assert [(e.text, e.label) for e in ents] == [("Trainium 3", "PRODUCT"), ("2026年", "DATE")]
