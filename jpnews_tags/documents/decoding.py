"""Reading user files as text: UTF-8 (with or without BOM) and BOM-marked UTF-16, with clear errors.

With ``detect=True`` (what ``jpnews-tags batch`` uses) the legacy encodings of Japanese text are recognized
too: Shift_JIS/CP932, EUC-JP, ISO-2022-JP and UTF-16 without a BOM. Bytes that are not valid UTF-8 are
decoded strictly as CP932 and as EUC-JP, and a decoding is accepted only if it reads as Japanese (kana, kanji
and Japanese punctuation, not half-width katakana, private-use or control characters, which is what EUC-JP
bytes look like when read as CP932 and what Latin-1 bytes look like in either). This strict cascade was
measured against ``charset-normalizer`` on real articles (see ``docs/design.md``) and was right more often,
short texts included.

Example:
    >>> decode_bytes("AWS".encode("utf-16"))
    'AWS'
    >>> decode_bytes("日本語の記事".encode("euc_jp"), detect=True)
    '日本語の記事'
    >>> detect_text("日本語の記事".encode("cp932")).encoding
    'cp932'
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import NamedTuple

#: Files larger than this are refused rather than read into memory.
MAX_FILE_BYTES = 64 * 1024 * 1024

# Characters Japanese prose is made of (outside ASCII): kana, kanji, Japanese and full-width punctuation,
# and the symbols JIS X 0208 has (○, ■, →, ※, ー, ・...).
_JAPANESE = re.compile(
    r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\uffe0-\uffe5"
    r"\u00a7\u00a8\u00b0\u00b1\u00b4\u00b6\u00d7\u00f7\u0391-\u03c9\u0401-\u0451"
    r"\u2010-\u203b\u2100-\u2199\u21d2\u21d4\u2200-\u22ff\u2312\u2460-\u24ff\u2500-\u254b\u25a0-\u25ef"
    r"\u2605\u2606\u2640\u2642\u266a\u266d\u266f\u3231\u3232\u3239\u32a4-\u32a8\u3303-\u33cd]"
)
# What mis-decoded bytes turn into: half-width katakana, private use, C0/C1 controls (tab and newlines are fine).
_SUSPECT = re.compile(r"[\uff61-\uff9f\ue000-\uf8ff\x80-\x9f\x00-\x08\x0b\x0e-\x1f\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_KANA = re.compile(r"[\u3041-\u30fa]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_ISO2022 = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(I")
#: Share of the non-ASCII characters that must read as Japanese for a legacy decoding to be accepted.
_MIN_JAPANESE = 0.8
#: From this many non-ASCII characters on, some must be kana (Chinese or Korean bytes read as EUC-JP have none).
_KANA_FROM = 20
_MIN_KANA = 0.05


class InputError(ValueError):
    """A file or record that cannot be analyzed, with a message that says why.

    ``kind`` names the problem for counting: ``unreadable``, ``too_large``, ``binary``, ``undecodable``
    (or ``invalid`` when the raiser does not say).
    """

    def __init__(self, message: str, kind: str = "invalid") -> None:
        super().__init__(message)
        self.kind = kind


class Decoded(NamedTuple):
    text: str
    #: ``utf-8``, ``utf-8-sig``, ``utf-16``, ``utf-16-le``, ``utf-16-be``, ``cp932``, ``euc_jp`` or ``iso2022_jp``.
    encoding: str


def _japanese_share(text: str) -> tuple[float, int]:
    """(share of non-ASCII characters that read as Japanese, minus suspects; number of non-ASCII characters)."""
    non_ascii = len(_NON_ASCII.findall(text))
    if not non_ascii:
        return 0.0, 0
    good = len(_JAPANESE.findall(text))
    bad = len(_SUSPECT.findall(text))
    return (good - bad) / non_ascii, non_ascii


def _legacy_japanese(data: bytes) -> Decoded | None:
    """Strict CP932 and EUC-JP decodings of ``data``; the one that reads best as Japanese, if any does."""
    best: tuple[float, Decoded] | None = None
    for enc in ("cp932", "euc_jp"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        share, non_ascii = _japanese_share(text)
        if not non_ascii or share < _MIN_JAPANESE:
            continue
        if non_ascii >= _KANA_FROM and len(_KANA.findall(text)) < _MIN_KANA * non_ascii:
            continue
        if best is None or share > best[0]:
            best = (share, Decoded(text, enc))
    return None if best is None else best[1]


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 text without a BOM: NUL bytes (the high half of ASCII characters) all on one side."""
    if len(data) % 2:
        return None
    head = data[:8192]
    nul_even = head[0::2].count(0)
    nul_odd = head[1::2].count(0)
    if nul_odd and not nul_even:
        enc = "utf-16-le"
    elif nul_even and not nul_odd:
        enc = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text) or re.search(r"[\ue000-\uf8ff\ufffe\uffff]", text):
        return None
    return Decoded(text, enc)


def detect_text(data: bytes, name: str = "<input>") -> Decoded:
    """Decode ``data`` with every detection ``decode_bytes(..., detect=True)`` does, and say which encoding."""
    return _decode(data, name, detect=True)


def decode_bytes(data: bytes, name: str = "<input>", *, detect: bool = False) -> str:
    """Text of a file's bytes: UTF-8 (BOM or not) or UTF-16 with a BOM; ``InputError`` otherwise.

    ``detect=True`` also accepts Shift_JIS/CP932, EUC-JP, ISO-2022-JP and UTF-16 without a BOM.
    """
    return _decode(data, name, detect=detect).text


def _decode(data: bytes, name: str, *, detect: bool) -> Decoded:
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        encoding = "utf-8-sig"
        detect = False  # the BOM says UTF-8
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: invalid UTF-16 at byte {exc.start}", "undecodable") from exc
    if b"\x00" in data[:8192]:
        found = _utf16_without_bom(data) if detect else None
        if found is None:
            raise InputError(f"{name}: looks like a binary file (NUL bytes), not text", "binary")
        return found
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        found = _legacy_japanese(data) if detect else None
        if found is not None:
            return found
        hint = ", nor Japanese text in Shift_JIS/CP932 or EUC-JP" if detect else ""
        raise InputError(
            f"{name}: not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r}){hint}; "
            "convert it to UTF-8 first",
            "undecodable",
        ) from exc
    if detect and b"\x1b" in data and any(seq in data for seq in _ISO2022):
        try:
            return Decoded(data.decode("iso2022_jp"), "iso2022_jp")
        except UnicodeDecodeError:
            pass
    return Decoded(text, encoding)


def read_bytes_limited(path: Path) -> bytes:
    """The bytes of ``path`` (at most :data:`MAX_FILE_BYTES`), or ``InputError`` saying why not."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{path}: {size:,} bytes is over the {MAX_FILE_BYTES:,}-byte limit", "too_large")
        return path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a directory", "unreadable") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}", "unreadable") from exc


def read_text_file(path: Path, *, detect: bool = False) -> str:
    return decode_bytes(read_bytes_limited(path), str(path), detect=detect)
