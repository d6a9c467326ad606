"""Products named in quotes or introduced by a kind of product (jpnews_tags.ner.discovery.products)."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("国家AIプロジェクト「Humane」を発表した。", "Humane"),
        ("新しいスパコン「ゼタフラックス」が稼働した。", "ゼタフラックス"),  # a supercomputer
        ("新たな教育プログラム「唐代への夢の旅」が始まる。", "唐代への夢の旅"),
        ("ポッドキャスト番組「The Logan Bartlett Show」で語った。", "The Logan Bartlett Show"),
    ],
)
def test_named_projects_programmes_and_works_in_quotes_are_products(small: Analyzer, text: str, name: str) -> None:
    found = [(e.text, e.label, e.source) for e in small.analyze(text).entities]
    assert (name, "PRODUCT", "discovery") in found
    # Japanese words in the same quotes after an ordinary word are not a name
    assert "唐代への夢の旅" not in {e.text for e in small.analyze("彼は「唐代への夢の旅」と呼んだ。").entities}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ゼノバイトは生成AIサービス「ミライノート」の提供を始めた。", ["ミライノート"]),  # two common words, coined
        ("大規模なAIインフラプロジェクト「スターゲート」です。", ["スターゲート"]),
        ("調整を行うマルチエージェント「チーム」まで含まれる。", []),  # one common word
        ("新サービス「データ連携」を始めた。", []),  # kanji, a description
    ],
)
def test_a_short_katakana_name_of_common_words_in_quotes(small: Analyzer, text: str, expected: list[str]) -> None:
    assert [e.text for e in small.analyze(text).entities if e.label == "PRODUCT"] == expected


def test_quoted_concepts_are_not_products(small: Analyzer) -> None:
    def products(text: str) -> list[str]:
        return [e.text for e in small.analyze(text).entities if e.label == "PRODUCT"]

    assert products("CESで提唱された「Phone Case 3.0」とは何か") == []
    assert products("「Privacy by Design」という考え方が広がる。「Physical AI」の概念を示した。") == []
    assert products("新製品「Phone Case 3.0」を発売した。") == ["Phone Case 3.0"]
    # generic words only (not_name_words, edition_words): a kind of workflow, a lone edition of a model
    assert products("特に「Agentic Workflow」や「1人1エージェント」という思想は") == []
    assert products("画像生成モデル「Imagen 4 Ultra」「Standard」「Fast」も一般提供が開始") == ["Imagen 4 Ultra"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "漫画で紹介するコンテンツ「15日間、生成AIでやらかし続ける中小企業」を掲載する。",
            "15日間、生成AIでやらかし続ける中小企業",
        ),
        ("人気番組「ねえ、AIってなに？」が始まった。", "ねえ、AIってなに？"),
    ],
)
def test_titles_of_works_may_hold_a_comma(small: Analyzer, text: str, name: str) -> None:
    found = [(e.text, e.label) for e in small.analyze(text).entities]
    assert found == [(name, "PRODUCT")]  # one title, not a date (15日間) inside it
    # a product word still wants a name without a comma: サービス「A、B」 lists two things
    assert small.analyze("新サービス「速い、安い」を始めた。").entities == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("この**Zorbla Square**というイニシアチブも進む。", ["Zorbla Square"]),
        ("日本の技術がQUIXELというプラットフォームを通じて展開される。", ["QUIXEL"]),
        ("開発者はZorblaというソフトウェアエコシステムを使う。", []),  # the word goes on: not a kind of product
        ("単にVLMというツールを提供するだけではない。", []),  # a short acronym is a generic term
        ("AIというツールとどう向き合うか。", []),
    ],
)
def test_a_latin_name_before_toiu_and_a_kind_of_product(small: Analyzer, text: str, expected: list[str]) -> None:
    assert [e.text for e in small.analyze(text).entities if e.label == "PRODUCT"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("物流会社は、AIツールであるFinmileを活用している。", ["Finmile"]),
        ("彼らの主力製品であるSigmaKitの開発を主導した。", ["SigmaKit"]),
        ("データサイエンスライブラリのPandasやNumPyを使う。", ["Pandas"]),
        ("AIセキュリティプラットフォームのAiriaが資金を調達した。", []),  # platforms are as often companies
        ("AIモデルのAPIを公開した。", []),  # not a mixed-case name
        ("ゼノバイトは、スマートグラスNovaLens 2を発売した。", ["NovaLens 2"]),  # right after, with its version
        ("同社のAIアシスタントMirraは日本語に対応した。", ["Mirra"]),
        ("AIセキュリティプラットフォームAiriaが資金を調達した。", []),
        ("ロボットAIの時代が来る。", []),  # a generic word
        ("ツールキットXenoを使う。", []),  # not the kind: a longer word
    ],
)
def test_a_latin_name_in_apposition_to_a_kind_of_product(small: Analyzer, text: str, expected: list[str]) -> None:
    assert [e.text for e in small.analyze(text).entities if e.label == "PRODUCT"] == expected


def test_an_introduced_name_does_not_swallow_two_known_names(small: Analyzer) -> None:
    ents = small.analyze("自社開発のチップであるAmazon TrainiumやNovaを使う。").entities
    assert ("Amazon Trainium", "PRODUCT") not in [(e.text, e.label) for e in ents]
    assert [e.id for e in ents if e.id][:2] == ["amazon", "trainium"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ユナイテッド航空、新型エアバスA321XLRに新しい座席", ["エアバスA321XLR"]),
        ("Zenoは新型Zeno Pad miniを発売した。", ["Zeno Pad mini"]),
        ("新型AIロボットと新型CPUを展示", []),  # kinds of thing, common words
        ("新型コロナウイルスの流行で", []),  # no Latin letter: not a model name
        ("新型AI Agentを披露", []),  # a generic word first
        ("新型スマホZephyr X1には独自チップが搭載されている。", ["Zephyr X1"]),  # without the kind of product
    ],
)
def test_a_model_name_after_shingata_is_a_product(small: Analyzer, text: str, expected: list[str]) -> None:
    found = [e.text for e in small.analyze(text).entities if e.label == "PRODUCT" and e.source == "discovery"]
    assert found == expected


def test_a_name_quoted_after_llm_is_a_product(small: Analyzer) -> None:
    found = [(e.text, e.label) for e in small.analyze("幕張メッセで、LLM「tsuzumi」の能力向上を解説した。").entities]
    assert ("tsuzumi", "PRODUCT") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Amazonが「Zeno Foundry」を打ち出した。", ["Zeno Foundry"]),
        ("AWS「zenova 2」の開発者が語った。", ["zenova 2"]),
        ("Amazonの「ゼノバクラク」は便利だ。", ["ゼノバクラク"]),  # katakana, not a common word
        ("Amazonは「検索を再発明する」と述べた。", []),  # its words
        ("Amazonの「Zeno One」と「Zeno Two」", ["Zeno One", "Zeno Two"]),  # と between two names is no speech
        ("Amazonの「シリコン戦略」の核心", []),  # a phrase
        ("Amazonの「フィジカルAI」が目指すもの", []),  # AI is a generic word
        ("Amazonの「Physical AI」という考え方", []),  # a concept
        ("Amazonが「Zeno Zero」戦略で先行する", []),  # a strategy
        ("Amazonの「Zenova」アプローチ", []),
        # corpus sentences, names changed: markdown emphasis is not in the name, and a name with its gloss in
        # brackets is two names (the part in kanji alone is a phrase: 「文心一言（Ernie Bot）」 gives Ernie Bot here)
        ("Amazonの「**Zeno Neuron SDK**」は", ["Zeno Neuron SDK"]),
        ("一方、Amazonの「**ゼノバクラク（Zeno Bakuraku）**」は、AI検索の強化", ["ゼノバクラク", "Zeno Bakuraku"]),
        ("一方、Amazonの「**文心一言（Zeno Bot）**」は", ["Zeno Bot"]),
        ("Amazonの「（仮称）」は", []),
    ],
)
def test_a_name_quoted_after_a_company_is_its_product(small: Analyzer, text: str, expected: list[str]) -> None:
    found = [e.text for e in small.analyze(text).entities if e.label == "PRODUCT" and e.source == "discovery"]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Amazonは新会社「Amazon Zephyr」を設立した。", "ORG"),  # 新会社 before the quotes: a company
        ("Amazonは「Amazon Zephyr」という企業を設立した。", "ORG"),  # という企業 after them
        ("Amazonは「Amazon Zephyr」を発表した。", "PRODUCT"),  # a company's name longer: its product
    ],
)
def test_a_longer_name_quoted_as_a_company_is_one(small: Analyzer, text: str, label: str) -> None:
    """A company's name lengthened by a Latin word is its product (Google Gemini), unless the quotes around it
    say company (新会社「TDK SensEI」を設立): the quoted-name rule's company words decide for both rules."""
    found = [(e.text, e.label) for e in small.analyze(text).entities if e.source == "discovery"]
    assert found == [("Amazon Zephyr", label)]


def test_quotes_that_say_company_give_every_mention_its_reading(small: Analyzer) -> None:
    """One reading per text: the mention the quotes call a company (新会社「X」) decides for the bare ones, which
    the lengthening rule alone reads as the company's product."""
    text = "Amazonは新会社「Amazon Zephyr」を設立した。Amazon Zephyrは来年から営業し、Amazon Zephyrの社員は100人だ。"
    found = [(e.text, e.label) for e in small.analyze(text).entities if e.source == "discovery"]
    assert found == [("Amazon Zephyr", "ORG")] * 3
    bare = "Amazonは来年からAmazon Zephyrを始める。Amazon Zephyrの利用者は多い。"
    assert {e.label for e in small.analyze(bare).entities if e.text == "Amazon Zephyr"} == {"PRODUCT"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("その時、Core MLやCreate MLといったフレームワークを使えば、", "Create ML"),
        ("Adobeは既にDimensionのような3Dツールも持っており、", "Dimension"),
        ("Echo等の物理デバイスと会話内容が同期される。", "Echo"),
    ],
)
def test_latin_names_listed_as_a_kind_of_product_are_products(small: Analyzer, text: str, name: str) -> None:
    found = [(e.text, e.label, e.source) for e in small.analyze(text).entities]
    assert (name, "PRODUCT", "discovery") in found


@pytest.mark.parametrize(
    "text",
    [
        "ERP、SCM、HCMといった基幹業務アプリケーション",  # acronyms alone are kinds
        "スマートフォンやAI PC、タブレットなどのスマート製品の開発",  # generic words only
        "Zorblaのようなプラットフォーム企業が増えた。",  # a company word after the kind: companies
    ],
)
def test_no_product_from_a_list_of_kinds_or_of_companies(small: Analyzer, text: str) -> None:
    assert [e.text for e in small.analyze(text).entities if e.label == "PRODUCT"] == []
