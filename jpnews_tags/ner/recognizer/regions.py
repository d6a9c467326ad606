"""Where unknown names can be: the candidate regions the recognizer labels.

A name the dictionary does not hold is, in Japanese tech news, almost always written in katakana or Latin
letters (エヌビディア, CoreWeave, ゼノバイト), or is a word Sudachi knows as a proper noun (秋田, 出木場), possibly
with one kanji word attached (秋田+ノーザンハピネッツ, マクニカ+銀行). Regions are those runs, found by one regular
expression over the text and one over the POS string (both in C), outside the spans the dictionary already
names and outside URLs; a run that is only common words (データセンター, ハブ) is left out by a cached test.
Everything else in a text is never looked at, which is what keeps the recognizer's cost a small share of
Sudachi's: labelling every token would cost more than the whole analysis (docs/design.md).

Example:
    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> tok = Tokenizer()
    >>> text = "米ゼノバイトはAWSとデータセンターで提携した"
    >>> t = tok.tokenize(text)
    >>> [text[t.rows[i][0] : t.rows[j - 1][1]] for i, j in candidate_regions(text, t, [(7, 10)], tok.is_common_word)]
    ['米ゼノバイト']

The attached kanji word (米) is part of the region; the model labels it outside the name.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from ...text.tokenization import PROPER_NOUN, Tokens

_WORD = r"(?:[ァ-ヺ][ァ-ヺー]*|[A-Za-z0-9][A-Za-z0-9.+'&\-]*)"
#: A run of katakana or Latin/digit words, joined by ・, a space (before a Latin word), or &.
REGION = re.compile(rf"{_WORD}(?:(?:[・･]| (?=[A-Za-z0-9])|&| & )?{_WORD})*")
_NUMBER = re.compile(r"[\d.,]+")
_CAPITALIZED = re.compile(r"[A-Z][a-z]")
_URL = re.compile(r"\]\([^)\s]*\)|https?://[^\s)\]>\"'」]+|`[^`\n]*`")
#: Longest run looked at (the longest name in the dictionaries has 99 characters).
MAX_REGION_CHARS = 120
#: The character that stands for a known entity's characters in the masked text.
MASK = "\x00"
#: Sudachi POS of proper nouns (名詞-固有名詞-*): a name Sudachi knows the word of.


@lru_cache(maxsize=1 << 17)
def script_shape(s: str) -> str:
    """The scripts of ``s`` as a short signature, one letter per run: K katakana, H hiragana, C kanji, A upper
    and a lower Latin, 9 digits, _ space, . anything else (at most 6 runs).

    >>> script_shape("GPT-4o"), script_shape("エヌビディア"), script_shape("秋田ノーザン")
    ('A.9a', 'K', 'CK')
    """
    out = []
    prev = ""
    for ch in s:
        if "ァ" <= ch <= "ヺ" or ch == "ー":
            c = "K"
        elif "ぁ" <= ch <= "ゖ":
            c = "H"
        elif "\u4e00" <= ch <= "\u9fff" or ch == "々":
            c = "C"
        elif "A" <= ch <= "Z":
            c = "A"
        elif "a" <= ch <= "z":
            c = "a"
        elif ch.isdigit():
            c = "9"
        elif ch.isspace():
            c = "_"
        else:
            c = "."
        if c != prev:
            out.append(c)
            prev = c
    return "".join(out)[:6]


def masked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with ``spans`` replaced by :data:`MASK` characters (same length, so offsets hold).

    >>> masked("AWSとゼノ", [(0, 3)])
    '\\x00\\x00\\x00とゼノ'
    """
    if not spans:
        return text
    parts = []
    last = 0
    for s, e in sorted(spans):
        s = max(s, last)
        if e <= s:
            continue
        parts.append(text[last:s])
        parts.append(MASK * (e - s))
        last = e
    parts.append(text[last:])
    return "".join(parts)


def _attached_kanji(tokens: Tokens, i: int) -> bool:
    r = tokens.rows[i]
    return script_shape(tokens.read[r[0] : r[1]]) == "C"


def candidate_regions(
    text: str,
    tokens: Tokens,
    known: Sequence[tuple[int, int]] = (),
    is_common: Callable[[str], bool] | None = None,
) -> list[tuple[int, int]]:
    """Token ranges ``(i, j)`` of the regions of ``text`` where an unknown name may be (see the module doc).

    ``known``: character spans already named (dictionary entities); ``is_common``: a cached test for strings
    that are only common words. A region grows by one kanji word written right before or after it.
    """
    rows = tokens.rows
    if not rows:
        return []
    m_text = masked(text, known)
    spans = [m.span() for m in REGION.finditer(m_text) if not _NUMBER.fullmatch(m.group(0))]
    for i in tokens.indices_with_pos(tokens.pos_ids(PROPER_NOUN)):
        a = rows[i][0]
        if m_text[a] != MASK:
            spans.append((a, rows[i][1]))
    if not spans:
        return []
    spans.sort()
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    urls = [m.span() for m in _URL.finditer(text)] if ("://" in text or "](" in text or "`" in text) else []
    out: list[tuple[int, int]] = []
    n = len(rows)
    for s, e in merged:
        if e - s > MAX_REGION_CHARS:
            continue  # a run of letters this long is not a name (a URL-less dump, a hash)
        if is_common is not None and _CAPITALIZED.search(text, s, e) is None and is_common(text[s:e]):
            # データセンター, ハブ, AI, GPU: common words; but Apple, Alphabet and Mac, which Sudachi knows as
            # common nouns too, are names when capitalized in Japanese text: the model decides those
            continue
        if urls and any(us <= s < ue for us, ue in urls):
            continue
        i = bisect.bisect_right(rows, (s, 1 << 62)) - 1
        if i < 0 or rows[i][1] <= s:
            i += 1
        j = bisect.bisect_left(rows, (e,))
        if i >= j:
            continue
        if i > 0 and rows[i - 1][1] == rows[i][0] and m_text[rows[i - 1][0]] != MASK and _attached_kanji(tokens, i - 1):
            i -= 1
        if j < n and rows[j][0] == rows[j - 1][1] and m_text[rows[j][0]] != MASK and _attached_kanji(tokens, j):
            j += 1
        if out and i < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], j))
        else:
            out.append((i, j))
    return out
