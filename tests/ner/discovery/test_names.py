"""Names built on a known one, and versions (jpnews_tags.ner.discovery.names)."""

from __future__ import annotations

import pytest

from jpnews_tags import Analyzer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新モデルZeta-2.5 Flashを投入", [("Zeta-2.5 Flash", "PRODUCT")]),
        ("Foo 2 Proが登場", [("Foo 2 Pro", "PRODUCT")]),
        ("Web3の時代", []),
        ("Chapter 3を読む", []),
        # a bare number after a word: a version (sentences of the corpus), unless the word takes a number in
        # English (numbered_words) or the number goes on (a unit, a hyphen)
        ("複雑な調査に適しているとされ、Sonnet 4がワークフローの自動化に", [("Sonnet 4", "PRODUCT")]),
        ("まず、技術者の皆さん。Llama 4を扱う上で", [("Llama 4", "PRODUCT")]),
        ("Phase 3試験とTier 1サプライヤー、Level 4の自動運転、May 5の発表", []),
        ("Zeta 500億ドルの投資", [("500億ドル", "MONEY")]),
        ("National 4-H Councilとの提携を延長し", []),
        # several capitalized words and a version (corpus sentences, names changed), not a plan or a level
        ("Zeno Galaxy 1 (ZG-1)は稼働した", [("Zeno Galaxy 1", "PRODUCT"), ("ZG-1", "PRODUCT")]),  # and its short name
        ("ツール（例えば、IBXのAI Fairness 360やWhat-If Toolなど）", [("AI Fairness 360", "PRODUCT")]),
        ("SAE Level 4の自動運転とGreen Growth Strategy 2.0の策定", []),
        ("COVID-19の影響", []),
        ("National AI Strategy 2.0を策定", []),
    ],
)
def test_versioned_product_names(small: Analyzer, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.text, e.label) for e in small.analyze(text).entities] == expected


def test_sibling_versions_of_a_known_numbered_product(analyzer: Analyzer) -> None:
    ents = analyzer.analyze("CG-1に続き、CG-4も稼働した。Trainium2の次はTrainium7だ。").entities
    got = {(e.text, e.label, e.source, e.parent) for e in ents}
    assert ("CG-1", "PRODUCT", "gazetteer", "condor-galaxy") in got
    assert ("CG-4", "PRODUCT", "discovery", "condor-galaxy") in got
    assert ("Trainium7", "PRODUCT", "discovery", "trainium") in got


def test_generic_words_do_not_extend_a_name(analyzer: Analyzer) -> None:
    ents = analyzer.analyze("NVIDIA GPUの進化とNVIDIA Blackwell Ultraの発表").entities
    assert ("NVIDIA", "ORG") in [(e.text, e.label) for e in ents]
    assert "NVIDIA GPU" not in [e.text for e in ents]
    # an LLM is a kind, not part of the name (corpus: Claude LLM, Anthropic LLM, Qwen LLM)
    ents = analyzer.analyze("エージェントにはClaude LLMを、開発にはAnthropic LLMを使う").entities
    assert [(e.text, e.label) for e in ents] == [("Claude", "PRODUCT"), ("Anthropic", "ORG")]


def test_an_event_with_its_year_attached(analyzer: Analyzer) -> None:
    ents = analyzer.analyze("CESで提唱された。｢CES2026｣の会場で目立った。").entities
    assert [(e.text, e.label, e.parent) for e in ents] == [("CES", "EVENT", None), ("CES2026", "EVENT", "ces")]


def test_a_known_name_with_a_legal_form_is_a_company(analyzer: Analyzer) -> None:
    # IBM is known; "IBM Corporation" is the company with its legal form, not a product named after it (as
    # "NVIDIA Blackwell" is)
    ents = analyzer.analyze("主要企業としては、**IBM Corporation**や**IBM Watson**が挙げられます。").entities
    got = {(e.text, e.label) for e in ents}
    assert ("IBM Corporation", "ORG") in got
    assert ("IBM Corporation", "PRODUCT") not in got


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # sentences of the corpus: a product or institute named "X for Y" after a known name
        (
            "規制の厳しい業界向けにMicrosoft Cloud for Sovereigntyを基盤としたクラウドを提供する。",
            "Microsoft Cloud for Sovereignty",
            "PRODUCT",
        ),
        ("MicrosoftはCopilotを発表した。今回のCopilot for Financeは金融向けだ。", "Copilot for Finance", "PRODUCT"),
        ("今回のIBM Institute for Business Valueが発表した報告書によれば、", "IBM Institute for Business Value", "ORG"),
    ],
)
def test_a_known_name_goes_on_past_for(analyzer: Analyzer, text: str, name: str, label: str) -> None:
    ents = analyzer.analyze(text).entities
    assert (name, label) in [(e.text, e.label) for e in ents]
    assert not [e for e in ents if e.start > text.index(name) and e.end <= text.index(name) + len(name)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # corpus sentences: a known company, a space and its country, a place to the dictionary
        ("さらに、元Snowflake Japan社長の東條英俊氏を迎えた。", [("Snowflake Japan", "ORG")]),
        ("DeepL Japan合同会社は翻訳を担う。", [("DeepL Japan", "ORG")]),
        ("dentsu Japan AIセンターを設けた。", [("dentsu", "ORG"), ("Japan", "GPE")]),  # a longer name goes on
        ("Claude Japan版", [("Japan", "GPE")]),  # not a company: no branch
    ],
)
def test_a_known_company_and_its_country_is_its_branch(
    analyzer: Analyzer, text: str, names: list[tuple[str, str]]
) -> None:
    """A known company, a space and a country word of ``latin_org_words`` (Japan), which the dictionary reads as a
    place, is one company: its branch (Snowflake Japan), not a company and a place."""
    assert [(e.text, e.label) for e in analyzer.analyze(text).entities if e.label in ("ORG", "GPE")] == names


def test_a_known_name_goes_on_through_an_ampersand_inside_a_word(analyzer: Analyzer) -> None:
    # a corpus sentence: the word after the known name holds an ampersand (Samsung C&T, a company), not cut at it
    text = "Samsung C&TとSamsung Heavy Industriesが浮体式データセンターの開発に注力する。"
    names = [(e.text, e.label) for e in analyzer.analyze(text).entities]
    assert ("Samsung C&T", "ORG") in names
    assert "Samsung C" not in [n for n, _ in names]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("GoogleはGoogle for AIの取り組みを広げている。", "Google"),  # a generic word after for: no longer name
        ("彼女の、Stanford Institute for Human-Centered AIでの研究が", "Stanford Institute"),
        ("MicrosoftはCopilotを発表した。「AI Copilot for Finance」を発表した。", "Copilot"),  # a word before it
    ],
)
def test_for_does_not_make_a_name_of_a_phrase(analyzer: Analyzer, text: str, kept: str) -> None:
    names = [e.text for e in analyzer.analyze(text).entities]
    assert kept in names
    assert not [n for n in names if " for " in n]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # sentences of the corpus: a company's name and a service's word are that service, its parent the company
        ("ブラインドテストでGPT-4やAmazon翻訳を凌駕する精度を叩き出した", ("Amazon翻訳", "amazon")),
        ("これまでのシリーズは、Amazon検索の強化はもちろん", ("Amazon検索", "amazon")),
        ("NVIDIAアプリで利用可能になります", ("NVIDIAアプリ", "nvidia")),
        # not when the word goes on into a longer one, nor after a government (not a company's service)
        ("Amazonアプリケーションの開発", None),
        ("OpenAI検索エンジンの構想", None),
        ("米国政府アプリで", None),
    ],
)
def test_a_company_and_a_service_word(small: Analyzer, text: str, expected: tuple[str, str] | None) -> None:
    products = [(e.text, e.parent) for e in small.analyze(text).entities if e.label == "PRODUCT"]
    assert products == ([expected] if expected else [])
