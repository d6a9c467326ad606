from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jpnews_tags.tokenization import SUDACHI_MAX_BYTES, Tokenizer, split_chunks


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
    rows = tokenizer.tokenize(text).rows
    expected = []
    safe = text.translate({c: "\ufffd" for c in range(0xD800, 0xE000)})
    for base, chunk in split_chunks(safe):
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
