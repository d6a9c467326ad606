"""The ambiguous names the rule-layer issue lists, decided by the shipped dictionary's cues (real-style sentences)."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer

CASES = [
    ("Amazonは基盤モデルNovaを発表した。", "Nova", True),
    ("超新星Novaの観測が話題になった。", "Nova", False),
    ("英会話教室のNOVAに通う。", "NOVA", False),
    ("AWSはBedrockで生成AIを提供する。", "Bedrock", True),
    ("地質学でいうbedrockは岩盤のこと。", "bedrock", False),
    ("AnthropicのClaudeが新機能を得た。", "Claude", True),
    ("画家クロード・モネの作品展。", "クロード", False),
    ("GoogleのGeminiが新機能を得た。", "Gemini", True),
    ("双子座はジェミニとも呼ばれる。", "ジェミニ", False),
    ("双子座（Gemini）の流星群を観測した。", "Gemini", False),
    ("Metaが新モデルを公開した。", "Meta", True),
    ("メタ分析の結果が示された。", "メタ", False),
    ("メタバース市場が拡大する。", "メタ", False),
    ("Appleが新型iPhoneを発表した。", "Apple", True),
    ("アップルパイを焼いた。", "アップル", False),
    ("アマゾン川の流域で森林火災。", "アマゾン", False),
    ("アマゾンの通販事業が好調だ。", "アマゾン", True),
    ("Armのチップ設計をNVIDIAが採用した。", "Arm", True),
    ("腕（アーム）を伸ばすロボット。", "アーム", False),
    ("Go言語でサーバーを書く。", "Go", True),
    ("Go to Travelキャンペーン。", "Go", False),
    ("MicrosoftのEdgeブラウザにCopilotが入る。", "Edge", True),
    ("エッジAIが普及する。", "エッジ", False),
    ("GitHub Copilotでコードを書く。", "Copilot", True),
    ("Rayで分散学習を行う。Anyscaleが開発した。", "Ray", True),
    ("Apache Sparkでデータ処理。", "Spark", True),
    ("スパークが飛んだ。", "スパーク", False),
    ("AWS Shieldで DDoS を防ぐ。", "Shield", True),
]


@pytest.mark.parametrize(("text", "name", "expected"), CASES)
def test_ambiguous_name_in_context(analyzer: Analyzer, text: str, name: str, expected: bool) -> None:
    # The company, model or product is (or is not) found; a place or a person of the same name is another thing
    # (画家クロード・モネ: a person, not Claude).
    found = any(name in e.text for e in analyzer.analyze(text).entities if e.label not in ("LOC", "GPE", "PERSON"))
    assert found is expected


def test_the_river_is_a_place_not_the_company(analyzer: Analyzer) -> None:
    ents = analyzer.analyze("アマゾン川の流域で森林火災。").entities
    assert [(e.text, e.label, e.id) for e in ents] == [("アマゾン川", "LOC", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中アリババが新モデルを発表", ("アリババ", "Alibaba Group")),
        ("韓サムスンが発表した", ("サムスン", "Samsung Electronics")),
        ("米OpenAIが発表した", ("OpenAI", "OpenAI")),
        ("マスク氏は語った", ("マスク", "Elon Musk")),
        ("ジェンスン・フアンCEOが登壇", ("ジェンスン・フアン", "Jensen Huang")),
        ("トランプ大統領は述べた", ("トランプ", "Donald Trump")),
        ("日本国内の技術者", ("日本", "Japan")),  # Sudachi keeps 日本国内 and 東京都内 as one word
        ("施設を東京都内に開設", ("東京都", "Tokyo")),
        ("Project Stargateが始動", ("Project Stargate", "Stargate")),
        ("Cisco Talosの研究により判明", ("Cisco Talos", "Cisco Talos")),  # a lab, not Cisco's product
    ],
)
def test_journalists_conventions(analyzer: Analyzer, text: str, expected: tuple[str, str]) -> None:
    ents = analyzer.analyze(text).entities
    assert (ents[0].text, ents[0].canonical) == expected


def test_gemini_model_or_exchange(analyzer: Analyzer) -> None:
    [model] = [e for e in analyzer.analyze("GoogleのGeminiが新機能を得た。").entities if e.text == "Gemini"]
    [exchange] = analyzer.analyze("暗号資産取引所のGeminiが上場した。").entities
    assert model.id == "gemini" and model.label == "PRODUCT"
    assert exchange.id == "gemini-trust-company" and exchange.label == "ORG"
