"""Discovery as a whole: names the dictionary does not know, and the switch that turns it off."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer
from tests.conftest import FIXTURES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("株式会社ゼノバイトは発表した", [("株式会社ゼノバイト", "ORG")]),
        ("ゼノバイト株式会社の製品", [("ゼノバイト株式会社", "ORG")]),
        ("ゼノバイト社は新製品を出す", [("ゼノバイト", "ORG")]),
        ("Acme Labsが開発した", [("Acme Labs", "ORG")]),
        # a comma before the legal form (corpus: Roush Industries, Inc.との生産拡大に向けた提携)
        ("Roush Industries, Inc.との生産拡大に向けた提携", [("Roush Industries, Inc.", "ORG")]),
        ("Zeno Bar Co., Ltd.と提携", [("Zeno Bar Co., Ltd.", "ORG")]),
        ("Roush Industries, Zeno Labsと", [("Zeno Labs", "ORG")]),  # a comma in a list of names is no legal form's
        ("会社は成長した", []),
        ("3社が参加した", []),
        ("メディア社の記者", []),
        ("「Lux」を公開した", [("Lux", "PRODUCT")]),
        ("米スタートアップの「Poke」が登場", [("Poke", "ORG")]),
        ("「Zenosheets」のような企業が伸びる", [("Zenosheets", "ORG")]),  # given as an example of companies
        ("「Zeno-D」といった企業が参入", [("Zeno-D", "ORG")]),
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
        # code marks around the name are no part of it (corpus: 量子プロセッサ「`Heron R2`」)
        (
            "最新の量子プロセッサ「`Zeno R2`」は156量子ビットを備え",
            [("Zeno R2", "PRODUCT"), ("156量子ビット", "QUANTITY")],
        ),
        ("新サービス「`ゼノ`翻訳」を発表", []),  # marks inside a name: no name
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


@pytest.mark.parametrize(
    ("text", "name", "entry", "canonical"),
    [
        # corpus: Amazon Web Services, Inc.やSalesforce, Inc.といった大手クラウドベンダー
        (
            "Amazon Web Services, Inc.やZeno Labsといった大手クラウドベンダー",
            "Amazon Web Services, Inc.",
            "amazon-web-services",
            "Amazon Web Services",
        ),
        ("NVIDIA Corp.は発表した", "NVIDIA Corp.", "nvidia", "NVIDIA"),
        ("OpenAI株式会社を設立", "OpenAI株式会社", "openai", "OpenAI"),
    ],
)
def test_a_known_company_with_its_legal_form_is_that_company(
    small: Analyzer, text: str, name: str, entry: str, canonical: str
) -> None:
    (e,) = [e for e in small.analyze(text).entities if e.text == name]
    assert (e.label, e.id, e.canonical, e.source) == ("ORG", entry, canonical, "rule")


def test_discovery_can_be_switched_off() -> None:
    plain = Analyzer([FIXTURES / "dictionary"], package_dictionaries=False, discovery=False)
    assert plain.analyze("ゼノバイト社は新製品を出す").entities == []


def test_one_ordered_list_of_rules_with_one_signature(small: Analyzer) -> None:
    import inspect

    from jpnews_tags.ner.discovery import LATE_RULES, RULES, Context, discover

    names = [r.name for r in RULES]
    assert len({*names, *(r.name for r in LATE_RULES)}) == len(names) + len(LATE_RULES)
    passes = [r.second_pass for r in RULES]
    assert passes == sorted(passes)  # the second pass comes after every rule of the first
    for rule in (*RULES, *LATE_RULES):
        [param] = inspect.signature(rule.find).parameters.values()
        assert param.annotation in (Context, "Context"), rule.name
    text = "ゼノバイト社の山根康宏氏が語った。山根氏は続けた。"
    tokens = small.tokenizer.tokenize(text)
    everything = discover(text, tokens, [], small._person_cues, small._rule_cues)
    people_only = discover(text, tokens, [], small._person_cues, small._rule_cues, rules=[RULES[names.index("people")]])
    assert {e.label for e in everything} == {"ORG", "PERSON"}
    assert [(e.text, e.label) for e in people_only] == [("山根康宏", "PERSON"), ("山根", "PERSON")]


def test_the_country_prefixes_are_one_list_with_europe_in_it(small: Analyzer) -> None:
    """米, 独... and 欧 (欧エアバス): discovery, the rule layer and `discover` read the one list in names.yaml."""
    ents = small.analyze("欧Airbusが受注した。欧米Zentrixの話。").entities
    orgs = [(e.text, e.source) for e in ents if e.label == "ORG"]
    assert orgs == [("Airbus", "discovery")]  # 欧米 is a word, not a prefix
