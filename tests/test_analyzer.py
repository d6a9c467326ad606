from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jpnews_tags import Analysis, Analyzer

ARTICLE = (
    "米Amazonは米国政府向けのAI基盤に500億ドル（約7兆8000億円）を投資する。2026年に着工し、"
    "AWS GovCloud (US)に約1.3ギガワットの計算能力を加える。Amazon BedrockではNovaが使え、"
    "Trainium 3も導入する。OpenAIとは7年間で380億ドルの契約を結んだ。"
)


def test_article_entities(small: Analyzer) -> None:
    result = small.analyze(ARTICLE, title="Amazon、米国政府向けAIに500億ドル")
    got = [(e.text, e.label, e.canonical) for e in result.entities]
    assert got == [
        ("Amazon", "ORG", "Amazon"),
        ("米国政府", "ORG", "United States Government"),
        ("500億ドル", "MONEY", None),
        ("7兆8000億円", "MONEY", None),
        ("2026年", "DATE", None),
        ("AWS GovCloud (US)", "PRODUCT", "AWS GovCloud (US)"),
        ("1.3ギガワット", "QUANTITY", None),
        ("Amazon Bedrock", "PRODUCT", "Amazon Bedrock"),
        ("Nova", "PRODUCT", "Amazon Nova"),
        ("Trainium 3", "PRODUCT", "Trainium3"),
        ("OpenAI", "ORG", "OpenAI"),
        ("7年間", "DATE", None),
        ("380億ドル", "MONEY", None),
    ]
    money = result.entities[2]
    assert money.value is not None and money.value.number == 5e10 and money.value.unit == "USD"
    tags = [t.tag for t in result.tags]
    assert tags[0] == "Amazon"
    assert "政府・公共" in tags and "AI" in tags  # topics
    assert all(0 <= t.score <= 1 and t.reasons for t in result.tags)
    assert [t.score for t in result.tags] == sorted((t.score for t in result.tags), reverse=True)


def test_result_round_trips_through_json(small: Analyzer) -> None:
    result = small.analyze(ARTICLE)
    again = Analysis.model_validate_json(result.model_dump_json())
    assert again == result
    schema = Analysis.model_json_schema()
    assert {"entities", "tags", "versions"} <= set(schema["properties"])
    json.dumps(schema)


def test_pipe_streams_in_order(small: Analyzer) -> None:
    texts = ["AWSが発表", {"text": "OpenAIが発表", "title": "OpenAI"}, ""]
    results = list(small.pipe(texts))
    assert [[e.text for e in r.entities] for r in results] == [["AWS"], ["OpenAI"], []]


@pytest.mark.parametrize("batch_size", [1, 2, 16])
def test_pipe_gives_what_analyze_gives_whatever_the_batch(small: Analyzer, batch_size: int) -> None:
    items: list[str | dict[str, object]] = [
        ARTICLE,
        {"text": ARTICLE, "title": "Amazon、米国政府向けAIに500億ドル"},
        "OpenAIとAnthropicが発表",
        "",
        {"text": "NovaとBedrock", "title": None},
    ]
    expected = [
        small.analyze(i) if isinstance(i, str) else small.analyze(i["text"], i["title"])  # type: ignore[arg-type]
        for i in items
    ]
    assert list(small.pipe(items, batch_size=batch_size)) == expected


def test_pipe_batches_bounded_by_characters_give_the_same(small: Analyzer, monkeypatch: pytest.MonkeyPatch) -> None:
    import jpnews_tags.analyzer as analyzer_module

    texts = [ARTICLE, "AWSが発表", ARTICLE * 3, "", "OpenAI"]
    expected = [small.analyze(t) for t in texts]
    monkeypatch.setattr(analyzer_module, "PIPE_BATCH_CHARS", 50)  # every long text closes its batch
    assert list(small.pipe(texts, batch_size=4)) == expected


def test_pipe_raises_a_bad_item_in_its_turn_and_pipe_results_goes_on(small: Analyzer) -> None:
    items: list[object] = ["AWSが発表", {"title": "no text"}, "OpenAIが発表", 42]
    seen = []
    with pytest.raises(TypeError, match="'text' string"):
        for r in small.pipe(items, batch_size=16):  # type: ignore[arg-type]
            seen.append([e.text for e in r.entities])
    assert seen == [["AWS"]]  # the item before the bad one came out first
    results = list(small.pipe_results(items))  # type: ignore[arg-type]
    assert [type(r).__name__ for r in results] == ["Analysis", "TypeError", "Analysis", "TypeError"]
    assert [e.text for e in results[2].entities] == ["OpenAI"]  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="batch_size"):
        list(small.pipe(["x"], batch_size=0))


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n\t",
        "a",
        "あ",
        "\ud800",
        "AWS\udfffAWS",
        "\x00\x01\x02AWS\x7f",
        "😀AWS😀👩‍💻",
        "ＡＷＳ한국어Русский",
    ],
)
def test_bad_and_odd_input_gives_a_valid_result(small: Analyzer, text: str) -> None:
    result = small.analyze(text)
    for e in result.entities:
        assert text[e.start : e.end] == e.text


def test_wrong_types_get_a_clear_error(small: Analyzer) -> None:
    with pytest.raises(TypeError, match="text must be str"):
        small.analyze(b"AWS")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="title must be str"):
        small.analyze("AWS", title=3)  # type: ignore[arg-type]


def test_ten_megabytes_of_one_character(small: Analyzer) -> None:
    text = "a" * 10_000_000
    result = small.analyze(text)
    assert result.entities == []


def test_long_article_offsets(small: Analyzer) -> None:
    text = (ARTICLE + "\n\n") * 400  # ~80k chars, several Sudachi chunks
    result = small.analyze(text)
    assert len([e for e in result.entities if e.text == "AWS GovCloud (US)"]) == 400
    for e in result.entities:
        assert text[e.start : e.end] == e.text


_alphabet = st.sampled_from(
    [
        *"AWSＡＷＳawsOpenAI米国政府日本語アマゾン川Nova超新星500億ドル兆円%％年月日 \n、。()（）・-",
        "\ud800",
        "\x00",
        "😀",
        "ｶ",
        "ﾞ",
        "㈱",
        "\u3099",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_alphabet, max_size=80) | st.text(max_size=80))
def test_offsets_always_index_the_original(small: Analyzer, text: str) -> None:
    result = small.analyze(text)
    last_end = 0
    for e in result.entities:
        assert text[e.start : e.end] == e.text
        assert e.start < e.end
        assert e.start >= last_end  # sorted, non-overlapping
        last_end = e.end
