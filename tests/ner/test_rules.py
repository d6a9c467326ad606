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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("株式会社ゼノバイトは発表した", [("株式会社ゼノバイト", "ORG")]),
        ("ゼノバイト株式会社の製品", [("ゼノバイト株式会社", "ORG")]),
        ("ゼノバイト社は新製品を出す", [("ゼノバイト", "ORG")]),
        ("Acme Labsが開発した", [("Acme Labs", "ORG")]),
        ("会社は成長した", []),
        ("3社が参加した", []),
        ("メディア社の記者", []),
        ("「Lux」を公開した", [("Lux", "PRODUCT")]),
        ("米スタートアップの「Poke」が登場", [("Poke", "ORG")]),
        ("「AI PC」が普及", []),
        ("ジェレミー・シーゲル教授は語った", [("ジェレミー・シーゲル", "PERSON")]),
        ("マイケル・バリー氏は売った。バリーは続けた。", [("マイケル・バリー", "PERSON"), ("バリー", "PERSON")]),
        ("山根康宏氏が解説", [("山根康宏", "PERSON")]),
        ("ボックス席に座った", []),
        ("ゼノバイト航空は新路線を開設", [("ゼノバイト航空", "ORG")]),
        ("XZスチールの買収", [("XZスチール", "ORG")]),
        ("ゼノバイト・スクールの教授", [("ゼノバイト・スクール", "ORG")]),
        ("ネット銀行の利用", []),
        ("オンラインスクールに通う", []),
        ("データセンター建設が進む", []),
        ("AIモデル「Zephyra（ゼフィラ）」を公開", [("Zephyra", "PRODUCT"), ("ゼフィラ", "PRODUCT")]),
        ("新サービス「**ゼノバイト翻訳**」を発表", [("ゼノバイト翻訳", "PRODUCT")]),
        ("マルチエージェント「チーム」が動く", []),
        ("ESGの「S」（社会）と「G」が重要", []),
        ("AIチャットボット「Q」を提供", [("Q", "PRODUCT")]),
        ("AIモデル「Zeta 2.0/2.5」を比較", [("Zeta 2.0", "PRODUCT")]),  # not "Zeta 2.0/2.5" as one name
    ],
)
def test_discovered_names(small: Analyzer, text: str, expected: list[tuple[str, str]]) -> None:
    ents = small.analyze(text).entities
    assert [(e.text, e.label) for e in ents] == expected
    assert all(e.id is None or e.source != "discovery" for e in ents)


def test_discovery_can_be_switched_off() -> None:
    from tests.conftest import FIXTURES

    plain = Analyzer([FIXTURES / "dictionary"], package_dictionaries=False, discovery=False)
    assert plain.analyze("ゼノバイト社は新製品を出す").entities == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("米スタートアップのゼノバイトが発表", [("ゼノバイト", "ORG")]),
        ("半導体商社マクニカと契約した", [("マクニカ", "ORG")]),
        ("ゼノバイトのCEOは語った", [("ゼノバイト", "ORG")]),
        ("スタートアップのCEOは語った", []),
        ("新興企業の多くは赤字だ", []),
    ],
)
def test_appositions_mark_companies(small: Analyzer, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.text, e.label) for e in small.analyze(text).entities] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新モデルZeta-2.5 Flashを投入", [("Zeta-2.5 Flash", "PRODUCT")]),
        ("Foo 2 Proが登場", [("Foo 2 Pro", "PRODUCT")]),
        ("Web3の時代", []),
        ("Chapter 3を読む", []),
        ("COVID-19の影響", []),
        ("National AI Strategy 2.0を策定", []),
    ],
)
def test_versioned_product_names(small: Analyzer, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.text, e.label) for e in small.analyze(text).entities] == expected


@pytest.mark.parametrize(
    "chunk",
    [
        "ア・" * 50_000,
        "A " * 50_000,
        "株式会社" * 25_000,
        "「A" * 50_000,
        "Ab-1." * 20_000,
        "氏" * 100_000,
        "米" * 100_000,
    ],
)
def test_rules_stay_linear_on_adversarial_input(small: Analyzer, chunk: str) -> None:
    import time

    t0 = time.perf_counter()
    result = small.analyze(chunk)
    assert time.perf_counter() - t0 < 60  # catastrophic backtracking on 100 KB would take hours
    assert all(chunk[e.start : e.end] == e.text for e in result.entities)


def test_japanese_surname_links_to_the_full_name(small: Analyzer) -> None:
    ents = small.analyze("ジャーナリストの山根康宏氏が解説する。山根氏によれば市場は伸びる。").entities
    assert [(e.text, e.canonical) for e in ents] == [("山根康宏", "山根康宏"), ("山根", "山根康宏")]


def test_sibling_versions_of_a_known_numbered_product(analyzer: Analyzer) -> None:
    ents = analyzer.analyze("CG-1に続き、CG-4も稼働した。Trainium2の次はTrainium7だ。").entities
    got = {(e.text, e.label, e.source, e.parent) for e in ents}
    assert ("CG-1", "PRODUCT", "gazetteer", "condor-galaxy") in got
    assert ("CG-4", "PRODUCT", "discovery", "condor-galaxy") in got
    assert ("Trainium7", "PRODUCT", "discovery", "trainium") in got


def test_no_entities_inside_urls_or_link_targets(analyzer: Analyzer) -> None:
    text = "- [NVIDIAの話](/2025/09/07/3-nvidia-blackwell-ai/) と https://example.com/google-ai/openai を参照。"
    ents = analyzer.analyze(text).entities
    assert [(e.text, e.start) for e in ents] == [("NVIDIA", 3)]


def test_generic_words_do_not_extend_a_name(analyzer: Analyzer) -> None:
    ents = analyzer.analyze("NVIDIA GPUの進化とNVIDIA Blackwell Ultraの発表").entities
    assert ("NVIDIA", "ORG") in [(e.text, e.label) for e in ents]
    assert "NVIDIA GPU" not in [e.text for e in ents]


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


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("動画字幕翻訳サービスなどを手掛けるNUVOは、翻訳会社を買収した。", "NUVO"),
        ("風力発電機を開発するチャレナジーとタッグを組む。", "チャレナジー"),
        ("スマホ周辺アイテムを幅広く取り扱うTORRASのブース。", "TORRAS"),
        ("ゼノバイト（東京都港区、代表取締役：山田太郎）は本日、", "ゼノバイト"),
        ("株式会社ゼノバイト（本社：大阪市）は", "株式会社ゼノバイト"),
        ("AIの独立系企業Synvertを買収した。", "Synvert"),
        ("2024年に米Zentrix社を買収した。", "Zentrix"),
        ("独Kolibrisのドローン。", "Kolibris"),
    ],
)
def test_companies_described_by_their_business_or_office(small: Analyzer, text: str, name: str) -> None:
    got = [(e.text, e.label, e.source) for e in small.analyze(text).entities if e.label == "ORG"]
    assert got == [(name, "ORG", "discovery")]


@pytest.mark.parametrize(
    "text",
    [
        "アプリを開発するエンジニアは多い。",  # a common word
        "教育プログラムを開発・提供するNPO、あるいは",  # a generic acronym
        "企業のレジリエンスを高める。",  # possessive
        "企業レジリエンスの向上。",  # a compound noun
        "米CPIが上昇した。",  # an all-capitals index after a country prefix
    ],
)
def test_business_descriptions_of_common_words_are_not_companies(small: Analyzer, text: str) -> None:
    assert [e.text for e in small.analyze(text).entities if e.label == "ORG"] == []


def test_abbreviations_and_readings_in_brackets_are_the_same_entity(analyzer: Analyzer) -> None:
    text = "AppleのMetal Performance Shaders（MPS）と、Model Evaluation & Threat Research (METR)の報告。"
    ents = {e.text: e for e in analyzer.analyze(text).entities}
    assert ents["MPS"].id == ents["Metal Performance Shaders"].id and ents["MPS"].label == "PRODUCT"
    long = ents["Model Evaluation & Threat Research"]
    assert long.label == "ORG" and long.id == ents["METR"].id
    ents = {e.text: e for e in analyzer.analyze("AIモデル「Apertus（アペルタス）」を公開した。").entities}
    assert ents["アペルタス"].canonical == ents["Apertus"].canonical == "Apertus"
    # Brackets that are not an abbreviation or a reading of the name are left alone.
    assert "AI" not in {e.text for e in analyzer.analyze("OpenAI（AI）は").entities}


def test_an_event_with_its_year_attached(analyzer: Analyzer) -> None:
    ents = analyzer.analyze("CESで提唱された。｢CES2026｣の会場で目立った。").entities
    assert [(e.text, e.label, e.parent) for e in ents] == [("CES", "EVENT", None), ("CES2026", "EVENT", "ces")]


def test_policies_named_after_a_place(small: Analyzer) -> None:
    def laws(text: str) -> list[str]:
        return [e.text for e in small.analyze(text).entities if e.label == "LAW"]

    plan = "河南省エンボディドAI産業発展行動計画"
    assert laws(f"河南省は「{plan}」を発表した。") == [plan]
    assert laws("河南省のAI戦略と、河南省戦略の話。") == []  # a particle between; a bare topic word
    assert laws("同社の河南省投資計画が明らかに。") == []  # a company's plan, not a policy
    assert laws(f"河南省は「{plan}（2024−27年）」を発表した。") == [f"{plan}（2024−27年）"]  # its period too


def test_government_affiliated_is_the_country_not_the_government(analyzer: Analyzer) -> None:
    def labels(text: str) -> list[tuple[str, str]]:
        return [(e.text, e.label) for e in analyzer.analyze(text).entities]

    assert labels("シンガポール政府系ファンドが提訴した。") == [("シンガポール", "GPE")]
    assert labels("日本政府系の機関と日本政府。") == [("日本", "GPE"), ("日本政府", "ORG")]


@pytest.mark.parametrize("inner", ["マルチエージェントシステム", "エンタープライズグレード", "クロスモーダル"])
def test_a_bracketed_description_is_not_a_reading(small: Analyzer, inner: str) -> None:
    ents = small.analyze(f"AIモデル「Zephyra（{inner}）」を公開").entities
    assert [(e.text, e.label) for e in ents] == [("Zephyra", "PRODUCT")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("国家AIプロジェクト「Humane」を発表した。", "Humane"),
        ("新たな教育プログラム「唐代への夢の旅」が始まる。", "唐代への夢の旅"),
        ("ポッドキャスト番組「The Logan Bartlett Show」で語った。", "The Logan Bartlett Show"),
    ],
)
def test_named_projects_programmes_and_works_in_quotes_are_products(small: Analyzer, text: str, name: str) -> None:
    found = [(e.text, e.label, e.source) for e in small.analyze(text).entities]
    assert (name, "PRODUCT", "discovery") in found
    # Japanese words in the same quotes after an ordinary word are not a name
    assert "唐代への夢の旅" not in {e.text for e in small.analyze("彼は「唐代への夢の旅」と呼んだ。").entities}


def test_quoted_concepts_are_not_products(small: Analyzer) -> None:
    def products(text: str) -> list[str]:
        return [e.text for e in small.analyze(text).entities if e.label == "PRODUCT"]

    assert products("CESで提唱された「Phone Case 3.0」とは何か") == []
    assert products("「Privacy by Design」という考え方が広がる。「Physical AI」の概念を示した。") == []
    assert products("新製品「Phone Case 3.0」を発売した。") == ["Phone Case 3.0"]


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
        ("米オラクルの発表", [("オラクル", "Oracle")]),  # the prefix confirms an ambiguous company name
        ("英アームの新設計", [("アーム", "Arm")]),
        ("米アマゾンは発表した", [("アマゾン", "Amazon")]),
        ("欧米オラクルの神託", []),  # 欧米 is a word, not a prefix
        ("ロボットのアームの設計", []),
    ],
)
def test_a_country_prefix_confirms_an_ambiguous_company(
    analyzer: Analyzer, text: str, expected: list[tuple[str, str]]
) -> None:
    got = [(e.text, e.canonical) for e in analyzer.analyze(text).entities if e.label == "ORG"]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("独シーメンス、米オルテアを約100億ドルで買収へ", ["シーメンス", "オルテア"]),
        ("米メディアの報道によると、米アナリストは慎重だ", []),  # common words, not companies
        ("米ベンチャーキャピタルの投資が続く", []),
        ("米ニューヨークで開催", []),  # a place the dictionary knows
        ("スタートアップ、ビーコンAIは新型チップを発表", ["ビーコンAI"]),  # katakana + AI, though both are words
        ("企業のビジネスAIは便利だ", []),
        ("仏スタートアップのH Companyは新製品を公開", ["H Company"]),  # capitalized Latin words together
        ("台湾では子会社のBig Innovation Companyを通じて", ["Big Innovation Company"]),
    ],
)
def test_katakana_company_names_after_a_prefix_or_apposition(
    analyzer: Analyzer, text: str, expected: list[str]
) -> None:
    assert [e.text for e in analyzer.analyze(text).entities if e.label == "ORG"] == expected
