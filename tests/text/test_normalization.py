from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jpnews_tags.text.normalization import key, normalize


def test_width_and_compatibility_characters_map_back() -> None:
    text = "ＡＷＳは㈱リコーとｶﾞｷﾞの（US）"
    n = normalize(text)
    assert n.norm == "AWSは(株)リコーとガギの(US)"
    s = n.norm.index("(株)")
    assert n.to_original_span(s, s + 3) == (4, 5)
    s = n.norm.index("ガギ")
    start, end = n.to_original_span(s, s + 2)
    assert text[start:end] == "ｶﾞｷﾞ"
    s = n.norm.index("リコー")
    start, end = n.to_original_span(s, s + 3)
    assert text[start:end] == "リコー"


def test_stable_text_is_identity() -> None:
    n = normalize("AWSが発表した。")
    assert n.norm == n.original
    assert n.to_original_span(0, 3) == (0, 3)


def test_key_folds_width_case_separators_and_kana_variants() -> None:
    assert key("ＡＷＳ") == key("aws") == key("AWS")
    assert key("GPT-4o mini") == key("gpt4o Mini")
    assert key("ヴァイオリン") == key("バイオリン")
    assert key("ジェンスン・フアン") == key("ジェンスン フアン")
    assert key("Alexa+") != key("Alexa")


@given(st.text(max_size=200))
def test_offset_map_is_monotonic_and_total(text: str) -> None:
    n = normalize(text)
    assert n.to_original(0) == 0
    assert n.to_original(len(n.norm), end=True) == len(text)
    prev = 0
    for i in range(len(n.norm) + 1):
        o = n.to_original(i)
        assert 0 <= o <= len(text)
        assert o >= prev
        prev = o
