from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jpnews_tags.text.tokenization import SUDACHI_MAX_BYTES, Tokenizer, split_chunks, split_paragraphs


def test_offsets_index_the_original(tokenizer: Tokenizer) -> None:
    text = "ＡＷＳがTrainium3を発表。㈱リコーも。"
    for t in tokenizer.tokenize(text):
        assert text[t.start : t.end] == t.surface


def test_one_megabyte_article_is_chunked_under_the_limit(tokenizer: Tokenizer) -> None:
    para = "AWSは米国政府向けに500億ドルを投資すると発表した。" * 20 + "\n\n"
    text = para * 720  # about 1 MB of UTF-8
    assert len(text.encode()) > 1_000_000
    chunks = list(split_chunks(text))
    assert all(len(c.encode()) <= SUDACHI_MAX_BYTES for _, c in chunks)
    assert "".join(c for _, c in chunks) == text
    tokens = tokenizer.tokenize(text)
    assert tokens[-1].end == len(text)
    assert all(text[t.start : t.end] == t.surface for t in tokens[:: max(1, len(tokens) // 500)])


def test_one_long_line_without_breaks_is_hard_cut() -> None:
    text = "あ" * 60_000
    chunks = list(split_chunks(text))
    assert len(chunks) > 1
    assert all(len(c.encode()) <= SUDACHI_MAX_BYTES for _, c in chunks)
    assert "".join(c for _, c in chunks) == text


def test_lone_surrogates_and_controls_do_not_crash(tokenizer: Tokenizer) -> None:
    text = "\ud800AWS\x00\x01テスト\udfff"
    tokens = tokenizer.tokenize(text)
    assert tokens[0].start == 0
    assert tokens[-1].end == len(text)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_chunks_cover_text_exactly(text: str) -> None:
    chunks = list(split_chunks(text, max_bytes=64))
    assert "".join(c for _, c in chunks) == text
    pos = 0
    for off, c in chunks:
        assert off == pos
        assert len(c.encode("utf-8", "surrogatepass")) <= 64
        pos += len(c)


_PIECES = [*"AWSがＡＷＳ発表ｶﾞｷﾞ㍿①あア亜 　\t\n。、.-・ーヴ", "\u0301", "\ufeff", "👨\u200d👩", "\ud800", "Trainium3"]
_MIXED = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.text(max_size=200), _MIXED))
def test_each_morpheme_begins_where_the_previous_one_ends(tokenizer: Tokenizer, text: str) -> None:
    """The rows take a morpheme's start from the previous one's end (one method call fewer per morpheme); this
    checks that against SudachiPy's own begin() on any input, so a SudachiPy change that broke it would fail."""
    tokens = tokenizer.tokenize(text)
    rows = tokens.rows
    expected = []
    for base, chunk in split_paragraphs(tokens.read):  # what Sudachi read: surrogates and &gt; replaced
        expected += [(base + m.begin(), base + m.end()) for m in tokenizer.morphemes(chunk)]
    assert [(a, b) for a, b, _, _ in rows] == expected
    assert all(a <= b for a, b, _, _ in rows)  # ㍿ + a combining mark gives 株式|会|社: '会' is empty


@settings(max_examples=40, deadline=None)
@given(_MIXED, st.sets(st.integers(min_value=0, max_value=1600), max_size=40))
def test_tokens_of_some_parts_of_speech_are_found_by_their_pos_string(
    tokenizer: Tokenizer, text: str, extra: set[int]
) -> None:
    """The POS string has one character per token and finds the same tokens as a loop over the rows."""
    tokens = tokenizer.tokenize(text + "山田太郎氏は東京都で話した。")
    rows = tokens.rows
    assert len(tokens.pos_string) == len(rows)
    ids = frozenset({r[3] for r in rows[::3]} | extra)
    assert tokens.indices_with_pos(ids) == [i for i, r in enumerate(rows) if r[3] in ids]
    assert tokens.indices_with_pos(frozenset()) == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="あAW。 \n", max_size=300))
def test_paragraph_pieces_cover_text_exactly(text: str) -> None:
    pieces = list(split_paragraphs(text, max_bytes=64))
    assert "".join(p for _, p in pieces) == text
    pos = 0
    for off, p in pieces:
        assert off == pos and p
        assert len(p.encode()) <= 64
        pos += len(p)
        # a piece never holds a paragraph break before its end
        assert all(m.end() == len(p) for m in re.finditer(r"\n\s*\n", p))


def test_each_paragraph_is_its_own_piece_with_the_blank_lines_after_it() -> None:
    text = "AWSが発表。\n\n## 関連記事\n- a\n\n\n最後"
    assert list(split_paragraphs(text)) == [(0, "AWSが発表。\n\n"), (9, "## 関連記事\n- a\n\n\n"), (23, "最後")]


@pytest.fixture(scope="module")
def no_reuse() -> Tokenizer:
    return Tokenizer(reuse_repeats=False)


_PARAGRAPHS = [
    "AWSは500億ドルを投資する。",
    "光技術の進化は速い。",
    "## 関連記事",
    "- [Nova](/a/)",
    "Trainium3を発表",
    "\ud800x",
]
_REPEATING = st.lists(
    st.tuples(st.sampled_from(_PARAGRAPHS), st.sampled_from(["\n\n", "\n \n", "\n", ""])), max_size=30
).map(lambda ps: "".join(p + sep for p, sep in ps))


@settings(max_examples=80, deadline=None)
@given(_REPEATING)
def test_a_repeated_paragraph_gets_the_rows_a_fresh_tokenization_gives(
    tokenizer: Tokenizer, no_reuse: Tokenizer, text: str
) -> None:
    """A paragraph met again in the same text reuses its earlier rows: the result is the same as tokenizing
    it again, offsets included."""
    assert tokenizer.reuse_repeats
    reused = tokenizer.tokenize(text)
    fresh = no_reuse.tokenize(text)
    assert reused.rows == fresh.rows
    assert reused.keys == fresh.keys  # a repeated range copies the keys of the range it repeats
    assert not fresh.repeats
    assert [t.surface for t in reused] == [text[t.start : t.end] for t in fresh]


def test_repeats_are_reused_within_one_text_only(tokenizer: Tokenizer) -> None:
    para = "AWSは米国政府向けに500億ドルを投資すると発表した。\n\n"
    tokens = tokenizer.tokenize("前置き。\n\n" + para * 3)
    per = len(tokenizer.tokenize(para))
    assert len(tokens) == len(tokenizer.tokenize("前置き。\n\n")) + 3 * per
    last = tokens[-per:]
    assert last[0].start == len("前置き。\n\n") + 2 * len(para)
    assert "".join(t.surface for t in last) == para


@pytest.mark.parametrize(
    ("word", "common"),
    [
        ("データセンター", True),
        ("サードパーティ", True),  # a proper noun to Sudachi, normalized to the common noun サードパーティー
        ("サードパーティ開発者", True),
        ("レイテンシ", True),  # -> レーテンシー
        ("エリソン", False),  # a person: normalized to エリスン, no common word
        ("ファーウェイ", False),  # normalized to HUAWEI: Latin, a name
        ("マイクロソフト", False),
        ("エヌビディア", False),  # a word Sudachi does not know
    ],
)
def test_common_words_and_their_spellings(tokenizer: Tokenizer, word: str, common: bool) -> None:
    """A common word is one Sudachi knows as a common noun, or a katakana proper noun that it normalizes to another
    spelling of one; a name whose normalized form is a name stays a name."""
    assert tokenizer.is_common_word(word) is common


@pytest.mark.parametrize(
    ("word", "compound"),
    [
        ("神経細胞", True),  # a proper noun to Sudachi in mode C: 神経 + 細胞
        ("慢性疾患", True),
        ("不動産投資信託", True),
        ("塩野義", False),  # 塩野, a surname
        ("宮崎銀行", False),  # 宮崎, a place
        ("エヌビディア", False),  # a word Sudachi does not know
        ("", False),
    ],
)
def test_compounds_of_common_words(tokenizer: Tokenizer, word: str, compound: bool) -> None:
    """A compound of common words is one whose shortest Sudachi words (mode A) are all known common words, whatever
    Sudachi calls the whole."""
    assert tokenizer.is_common_compound(word) is compound
    assert not tokenizer.is_common_word("神経細胞")  # what is_common_word says of the whole: a proper noun


def test_a_spelling_of_a_common_word_is_never_a_recognized_name(tmp_path: Path) -> None:
    """サードパーティ (corpus: 20 mentions read as a company in 500 posts) is not looked at by the recognizer."""
    import numpy as np

    from jpnews_tags import Analyzer
    from jpnews_tags.ner.recognizer import LABELS, LinearModel
    from jpnews_tags.ner.recognizer.features import hash_features

    w = np.zeros((1 << 12, len(LABELS)), dtype=np.float32)
    w[hash_features(["bias"], 1 << 12)[0], LABELS.index("B-ORG")] = 5.0  # every token a company
    LinearModel.from_dense(w).save(tmp_path / "all.npz")
    empty = tmp_path / "empty.yaml"
    empty.write_text("entries: []\n", "utf-8")
    nlp = Analyzer([empty], package_dictionaries=False, use_config=False, discovery=False, model=tmp_path / "all.npz")
    text = "サードパーティ開発者が独自のアプリを作れる。ゼノバイトが発表した。"
    assert [e.text for e in nlp.analyze(text).entities if e.source == "model"] == ["ゼノバイト"]
