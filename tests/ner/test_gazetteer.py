from __future__ import annotations

import pytest

from jpnews_tags.lexicon.schema import Entry
from jpnews_tags.ner.gazetteer import Gazetteer
from jpnews_tags.text.tokenization import Tokenizer


def E(id: str, name: str, label: str = "PRODUCT", kind: str = "software", **kw: object) -> Entry:
    return Entry(id=id, name=name, label=label, kind=kind, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def g(tokenizer: Tokenizer) -> Gazetteer:
    return Gazetteer.compile(
        [
            E("aws", "Amazon Web Services", "ORG", "company", aliases=["AWS", "アマゾン・ウェブ・サービス"]),
            E("openai", "OpenAI", "ORG", "company"),
            E("trainium", "AWS Trainium", "PRODUCT", "chip", aliases=["Trainium"]),
            E("trainium2", "Trainium2", "PRODUCT", "chip", aliases=["Trainium 2"]),
            E("trainium3", "Trainium3", "PRODUCT", "chip", aliases=["Trainium 3"]),
            E("gpt-4o-mini", "GPT-4o mini", "PRODUCT", "ai_model"),
            E("gpt-4o", "GPT-4o", "PRODUCT", "ai_model"),
            E("govcloud", "AWS GovCloud (US)", "PRODUCT", "cloud_region", aliases=["GovCloud"]),
            E("git", "Git", "PRODUCT", "software"),
            E("japan", "Japan", "GPE", "country", aliases=["日本"]),
            E("go", "Go", "PRODUCT", "programming_language"),
            E(
                "us-dod",
                "United States Department of Defense",
                "ORG",
                "government",
                aliases=["米国防総省", "国防総省"],
            ),
            E("us", "United States", "GPE", "country", aliases=["米国"]),
            E("huang", "Jensen Huang", "PERSON", "person", aliases=["ジェンスン・フアン"]),
        ],
        tokenizer,
    )


def found(g: Gazetteer, tok: Tokenizer, text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], g.entries[m.candidates[0].entry].id) for m in g.match(tok.tokenize(text), text)]


def test_width_and_case_variants_meet(g: Gazetteer, tokenizer: Tokenizer) -> None:
    assert found(g, tokenizer, "ＡＷＳとａｗｓとAWS") == [
        ("ＡＷＳ", "aws"),
        ("ａｗｓ", "aws"),
        ("AWS", "aws"),
    ]


def test_versions_resolve_to_the_right_entry(g: Gazetteer, tokenizer: Tokenizer) -> None:
    text = "Trainium3とTrainium 2、そしてTrainium"
    assert found(g, tokenizer, text) == [
        ("Trainium3", "trainium3"),
        ("Trainium 2", "trainium2"),
        ("Trainium", "trainium"),
    ]


def test_names_sudachi_splits_oddly(g: Gazetteer, tokenizer: Tokenizer) -> None:
    assert found(g, tokenizer, "GPT-4o miniとGPT-4o") == [
        ("GPT-4o mini", "gpt-4o-mini"),
        ("GPT-4o", "gpt-4o"),
    ]
    assert found(g, tokenizer, "AWS GovCloud (US)を使う") == [("AWS GovCloud (US)", "govcloud")]


def test_longest_and_most_specific_wins(g: Gazetteer, tokenizer: Tokenizer) -> None:
    assert found(g, tokenizer, "米国防総省と米国") == [("米国防総省", "us-dod"), ("米国", "us")]


def test_names_inside_words_are_rejected(g: Gazetteer, tokenizer: Tokenizer) -> None:
    assert found(g, tokenizer, "日本語の資料") == []
    assert found(g, tokenizer, "GitLabとOpenAIの") == [("OpenAI", "openai")]
    assert found(g, tokenizer, "OpenAIAPI") == []


def test_short_mixed_case_latin_needs_its_case(g: Gazetteer, tokenizer: Tokenizer) -> None:
    assert found(g, tokenizer, "Go言語") == [("Go", "go")]
    assert found(g, tokenizer, "let's go now") == []


def test_match_never_crosses_punctuation(g: Gazetteer, tokenizer: Tokenizer) -> None:
    # 'AWS、GovCloud' must not be read as one name
    assert [i for _, i in found(g, tokenizer, "AWS、GovCloud")] == ["aws", "govcloud"]


def test_person_names_with_and_without_dot(g: Gazetteer, tokenizer: Tokenizer) -> None:
    assert found(g, tokenizer, "ジェンスン・フアンCEOとジェンスンフアン") == [
        ("ジェンスン・フアン", "huang"),
        ("ジェンスンフアン", "huang"),
    ]


def test_lookup(g: Gazetteer, tokenizer: Tokenizer) -> None:
    assert [g.entries[c.entry].id for c in g.lookup("ａｗｓ", tokenizer)] == ["aws"]
    assert g.lookup("nothing here", tokenizer) == []


def test_name_fused_with_a_title_is_still_found(tokenizer: Tokenizer) -> None:
    g = Gazetteer.compile(
        [E("trump", "Donald Trump", "PERSON", "person", aliases=["トランプ"])], tokenizer, ["大統領", "氏"]
    )
    text = "トランプ大統領は述べた"
    assert found(g, tokenizer, text) == [("トランプ", "trump")]
    assert found(g, tokenizer, "トランプのカード") == [("トランプ", "trump")]  # ambiguity is the rule layer's job


def test_html_escaped_ampersand_in_feed_text(tokenizer: Tokenizer) -> None:
    g = Gazetteer.compile([E("sp500", "S&P 500", "PRODUCT", "index", aliases=["S&P500"])], tokenizer)
    text = "AIが牽引してS&amp;P500は上昇"
    assert found(g, tokenizer, text) == [("S&amp;P500", "sp500")]  # offsets still index the original


def _names(g: Gazetteer, tokenizer: Tokenizer, text: str) -> list[tuple[str, str]]:
    return [
        (text[m.start : m.end], g.entries[m.candidates[0].entry].id) for m in g.match(tokenizer.tokenize(text), text)
    ]


def test_an_all_caps_form_of_a_short_mixed_case_name_matches(tokenizer: Tokenizer) -> None:
    """ARM is how many writers still spell Arm (50 mentions in one post were a keyphrase tag instead)."""
    g = Gazetteer.compile([E("arm", "Arm", "ORG", "company"), E("neom", "Neom", "LOC", "area")], tokenizer)
    text = (
        "ソフトバンク傘下のARMは、ARMアーキテクチャのライセンス収入を伸ばした。サウジアラビアの「NEOM」にも供給する。"
    )
    assert _names(g, tokenizer, text) == [("ARM", "arm"), ("ARM", "arm"), ("NEOM", "neom")]
    assert _names(g, tokenizer, "ロボットのarmを動かす") == []  # lower case: the word arm


def test_a_case_form_that_is_another_thing_does_not_match(tokenizer: Tokenizer) -> None:
    g = Gazetteer.compile(
        [
            E("xai", "xAI", "ORG", "company"),
            E("spot", "Spot", "PRODUCT", "hardware"),
            E("mac", "Mac", "PRODUCT", "device"),
        ],
        tokenizer,
        case_variant_others=["XAI"],
    )
    text = "XAI（説明可能なAI）の研究と、SPOTでの調達、MACアドレスの管理。xAIはGrokを開発した。"
    assert _names(g, tokenizer, text) == [("xAI", "xai")]


def test_a_case_form_another_entry_is_written_with_stays_that_entry(tokenizer: Tokenizer) -> None:
    g = Gazetteer.compile([E("wiz", "Wiz", "ORG", "company"), E("wiz-tool", "WIZ", "PRODUCT", "software")], tokenizer)
    assert _names(g, tokenizer, "WIZを導入した。Wizが買収された。") == [("WIZ", "wiz-tool"), ("Wiz", "wiz")]
    [cand] = [c for c in g.lookup("Wiz", tokenizer) if g.entries[c.entry].id == "wiz"]
    assert cand.variants == ()


def test_exact_case_entries_have_no_variants(tokenizer: Tokenizer) -> None:
    g = Gazetteer.compile([E("dragos", "Dragos", "ORG", "company", case_sensitive=True)], tokenizer)
    assert _names(g, tokenizer, "DRAGOSの報告書とDragosの報告書") == [("Dragos", "dragos")]


def test_shipped_case_variant_others_are_data(tokenizer: Tokenizer) -> None:
    from jpnews_tags.lexicon.resources import shipped_name_cues

    assert "XAI" in shipped_name_cues().case_variant_others
