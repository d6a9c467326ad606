"""Decoding files: UTF-8 (BOM or not), UTF-16, and with ``detect=True`` Shift_JIS/CP932, EUC-JP, ISO-2022-JP."""

from __future__ import annotations

import codecs
import random

import pytest

from jpnews_tags.documents.decoding import InputError, decode_bytes, detect_text
from jpnews_tags.frontmatter.header import split_front_matter

from ..conftest import SHARED

ARTICLE = (
    "米エヌビディアは19日、次世代GPU「Blackwell Ultra」を2026年に出荷すると発表した。"
    "ジェンスン・フアンCEOは「AIの需要は想像以上だ」と述べ、日本の顧客にも供給を拡大する。\n"
    "同社の株価は前日比3.5％高の140ドルで取引を終えた。アナリストは、データセンター向けの売上高が"
    "前年同期比で約2倍になると予想している。①②③、㈱、髙橋、は機種依存文字。\n"
)
SHORT = ["日本", "東京都", "AIの記事", "株価が上昇した。", "米国政府とAWS", "ソフトバンク"]


def corpus_samples() -> list[str]:
    """Bodies of real articles from the dev corpus when it is there (else the built-in article)."""
    posts = SHARED / "corpus" / "_posts"
    if not posts.is_dir():
        return [ARTICLE]
    files = sorted(posts.glob("*.md"))
    picked = random.Random(7).sample(files, min(60, len(files)))
    out = []
    for f in picked:
        text = f.read_text(encoding="utf-8")
        out.append(text[split_front_matter(text).body_start :].strip())
    return out


def test_utf8_utf16_and_bom_behaviour_is_unchanged() -> None:
    assert decode_bytes("AWSの発表".encode()) == "AWSの発表"
    assert decode_bytes(codecs.BOM_UTF8 + "AWSの発表".encode()) == "AWSの発表"
    assert decode_bytes("AWSの発表".encode("utf-16")) == "AWSの発表"
    with pytest.raises(InputError, match="looks like a binary file") as exc:
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert exc.value.kind == "binary"
    with pytest.raises(InputError, match=r"f\.txt: not valid UTF-8 \(byte 0: b'\\x93'\); convert it to UTF-8 first"):
        decode_bytes("日本語".encode("cp932"), "f.txt")  # without detect, legacy encodings stay an error


@pytest.mark.parametrize("encoding", ["cp932", "shift_jis", "euc_jp"])
def test_legacy_japanese_is_detected_short_and_long(encoding: str) -> None:
    for text in [*SHORT, ARTICLE, ARTICLE * 20]:
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:  # ①② and 髙 are CP932 extensions, not in plain Shift_JIS / EUC-JP
            data = text.replace("①②③、㈱、髙橋、", "").encode(encoding)
            text = data.decode(encoding)
        got = detect_text(data, "x.txt")
        assert got.text == text, (encoding, text[:20])
        assert got.encoding == ("euc_jp" if encoding == "euc_jp" else "cp932")


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp"])
def test_legacy_japanese_on_real_articles_every_length(encoding: str) -> None:
    wrong = []
    for body in corpus_samples():
        for n in (3, 10, 40, 200, None):
            text = body[:n] if n else body
            text = text.encode(encoding, errors="ignore").decode(encoding)
            if text.isascii():
                continue
            if detect_text(text.encode(encoding)).text != text:
                wrong.append(text[:30])
    assert wrong == []


def test_euc_jp_that_also_decodes_as_cp932_is_read_as_euc_jp() -> None:
    # EUC-JP kana bytes are valid (half-width katakana) CP932: the cascade must not take that reading
    text = "株価が上昇した。AIの記事です。クラウドサービス"
    data = text.encode("euc_jp")
    assert data.decode("cp932")  # the trap: a strict CP932 decode succeeds
    assert detect_text(data) == (text, "euc_jp")


def test_utf16_without_bom_and_iso2022jp() -> None:
    text = "AWS re:Invent 2025で\n新しいチップを発表した。\n"
    assert detect_text(text.encode("utf-16-le")) == (text, "utf-16-le")
    assert detect_text(text.encode("utf-16-be")) == (text, "utf-16-be")
    assert detect_text(text.encode("iso2022_jp")) == (text, "iso2022_jp")
    with pytest.raises(InputError, match="binary"):
        decode_bytes(text.encode("utf-16-le"))  # only with detect


@pytest.mark.parametrize(
    ("data", "what"),
    [
        ("Le café est très bon à Paris, où l'été dure longtemps.".encode("latin-1"), "latin-1"),
        ("“Smart quotes” – résumé… naïve façade".encode("cp1252"), "cp1252"),
        ("中国科技公司发布了新的人工智能模型，该模型在多项基准测试中表现出色。".encode("gb2312"), "gb2312"),
        ("한국의 기술 기업이 새로운 인공지능 모델을 발표했습니다.".encode("euc_kr"), "euc-kr"),
        (bytes(range(1, 256)) * 4, "every byte"),
    ],
)
def test_other_encodings_and_junk_get_a_clear_error_not_garbage(data: bytes, what: str) -> None:
    with pytest.raises(InputError) as exc:
        detect_text(data, "doc.txt")
    assert exc.value.kind == "undecodable", what
    assert "doc.txt: not valid UTF-8" in str(exc.value)
    assert "nor Japanese text in Shift_JIS/CP932 or EUC-JP" in str(exc.value)


def test_random_bytes_are_never_taken_for_japanese() -> None:
    rnd = random.Random(3)
    accepted = 0
    for _ in range(300):
        data = bytes(rnd.randrange(1, 256) for _ in range(rnd.choice([64, 512])))
        try:
            detect_text(data)
            accepted += 1
        except InputError:
            pass
    assert accepted == 0


def test_bom_means_utf8_even_with_detect() -> None:
    with pytest.raises(InputError, match="not valid UTF-8"):
        detect_text(codecs.BOM_UTF8 + "日本語".encode("cp932"))
