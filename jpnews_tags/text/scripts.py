"""Character classes of Japanese and Latin text, written once for every pattern that needs them.

The constants are the *inside* of a regular-expression character class (``rf"[{KATAKANA}]"``), so patterns can
combine them (``rf"[{KATAKANA}{LATIN_ALNUM}&・]"``); the functions test one character or string.

- ``KATAKANA_LETTERS``: ァ (U+30A1) to ヺ (U+30FA), the letters, without the middle dot ・ (U+30FB) and the
  long-vowel mark ー (U+30FC);
- ``KATAKANA``: the letters and ー, the characters of one katakana word (・ joins two words of a name);
- ``KANJI``: the CJK unified ideographs (U+4E00 to U+9FFF); ``KANJI_WORD`` adds the iteration mark 々;
- ``LATIN_ALNUM``: ASCII letters and digits; ``NAME_CHARS``: what a katakana or Latin name is written with
  (letters, digits, ー, ・ and &), the class discovery's name patterns are built on.

Example:
    >>> import re
    >>> re.findall(rf"[{KATAKANA}]+", "エヌビディアのGPUとアーム")
    ['エヌビディア', 'アーム']
    >>> has_japanese("Sansan"), has_japanese("富士通"), is_kanji("米"), in_katakana_block("・")
    (False, True, True, True)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

KATAKANA_LETTERS = "ァ-ヺ"
KATAKANA = "ァ-ヺー"
KANJI = "\u4e00-\u9fff"
KANJI_WORD = KANJI + "々"
HIRAGANA = "\u3040-\u309f"
LATIN_ALNUM = "A-Za-z0-9"
NAME_CHARS = f"{KATAKANA}{LATIN_ALNUM}&・"

#: Katakana a Latin letter's sound may start with when a word is read aloud (its first mora): M -> マミムメモ.
KANA_FOR_LETTER = {
    "a": "アエ", "b": "バビブベボヴ", "c": "カキクケコサシスセソチ", "d": "ダヂヅデドジ", "e": "エイア", "f": "フ",
    "g": "ガギグゲゴジ", "h": "ハヒフヘホ", "i": "イア", "j": "ジ", "k": "カキクケコ", "l": "ラリルレロ",
    "m": "マミムメモ", "n": "ナニヌネノ", "o": "オア", "p": "パピプペポ", "q": "ク", "r": "ラリルレロ",
    "s": "サシスセソ", "t": "タチツテトト", "u": "ユアウ", "v": "ヴバビブベボ", "w": "ワウヴ", "x": "エザジ",
    "y": "ヤユヨイ", "z": "ザジズゼゾ",
}  # fmt: skip


def is_kanji(ch: str) -> bool:
    """A CJK unified ideograph (one character)."""
    return "\u4e00" <= ch <= "\u9fff"


def in_katakana_block(ch: str) -> bool:
    """Any character of the Unicode katakana block (U+30A0 to U+30FF: letters, ・, ー and the rest)."""
    return "\u30a0" <= ch <= "\u30ff"


def has_japanese(s: str) -> bool:
    """Whether ``s`` holds a kana (hiragana or katakana block) or kanji character."""
    return any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in s)


def latin_boundaries_ok(text: str, start: int, end: int, hyphens: bool = False) -> bool:
    """False when ``text[start:end]`` starts or ends inside a Latin word or number ('AI' in 'OpenAI'); with
    ``hyphens``, inside a hyphenated one too ('RAN' in 'AI-RAN', 'Word' in 'Word-2').

    >>> latin_boundaries_ok("OpenAI", 4, 6), latin_boundaries_ok("Open AI", 5, 7)
    (False, True)
    >>> latin_boundaries_ok("AI-RAN", 3, 6), latin_boundaries_ok("AI-RAN", 3, 6, hyphens=True)
    (True, False)
    """
    n = len(text)
    if start > 0 and _ascii_alnum(text[start]):
        prev = text[start - 1]
        if _ascii_alnum(prev) or (hyphens and prev == "-" and start > 1 and _ascii_alnum(text[start - 2])):
            return False
    if end < n and _ascii_alnum(text[end - 1]):
        nxt = text[end]
        if _ascii_alnum(nxt) or (hyphens and nxt == "-" and end + 1 < n and _ascii_alnum(text[end + 1])):
            return False
    return True


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa" or ch == "ー"


def katakana_boundaries_ok(text: str, start: int, end: int) -> bool:
    """False when ``text[start:end]`` starts or ends inside a katakana word (プラット of プラットフォーマー).

    >>> katakana_boundaries_ok("プラットフォーマー", 0, 4), katakana_boundaries_ok("量子アニーリング", 2, 5)
    (False, False)
    >>> katakana_boundaries_ok("米ゼノバイト社", 1, 6), katakana_boundaries_ok("ジョン・マーシャル", 4, 9)
    (True, True)
    """
    if start > 0 and _katakana(text[start]) and _katakana(text[start - 1]):
        return False
    return not (end < len(text) and _katakana(text[end - 1]) and _katakana(text[end]))


def in_latin_prose(text: str, start: int, end: int, reach: int = 24) -> bool:
    """Whether ``text[start:end]`` stands in running Latin-script prose: words on both sides on the same line (or
    the start of the line before it), no kana or kanji within ``reach`` characters (an English quotation or an
    English post), where a word in lower case is a word, not a name, as in "than we can comprehend";
    "NTTがtsuzumiを公開" is not prose.

    >>> t = "It grew faster than we can comprehend, in every market. NTTの「tsuzumi」を公開"
    >>> in_latin_prose(t, 23, 26), in_latin_prose(t, t.index("tsuzumi"), t.index("tsuzumi") + 7)
    (True, False)
    """
    before = text[max(0, start - reach) : start].rsplit("\n", 1)[-1]
    after = text[end : end + reach].split("\n", 1)[0]
    if not (before == "" or before.endswith(" ")) or not (after.startswith(" ") or after[:1] in (",", ".", ";", ":")):
        return False
    around = before + after
    return not has_japanese(around) and sum(c.isascii() and c.isalpha() for c in around) >= min(12, len(around) // 2)


#: Quotes that open and close a quoted name: 「Geopatriation」という概念.
OPENING_QUOTES, CLOSING_QUOTES = '「『｢“"', '」』｣”"'


def past_quotes(text: str, start: int, end: int) -> int:
    """Where the words after ``text[start:end]`` begin: ``end``, or past the closing quote when the name is
    quoted alone (not the last word of a longer quotation: 「... with Google Maps」という概念 says nothing of Maps).

    >>> t = "「DataOps」という概念と「Ask Maps」という"
    >>> past_quotes(t, 1, 8), past_quotes(t, 19, 23)
    (9, 23)
    """
    if start > 0 and end < len(text) and text[start - 1] in OPENING_QUOTES and text[end] in CLOSING_QUOTES:
        return end + 1
    return end


_BRACKET_OPEN, _BRACKET_CLOSE = "（(", "）)"
_GLOSS_COLONS = "：:"
#: How long an expansion after a colon in brackets may be (（GDPR: General Data Protection Regulation）).
_EXPANSION_REACH = 80
#: The words right before an acronym in brackets: kanji, katakana, Latin, digits (生成AI（AIGC））; kana ends them.
_PHRASE_BEFORE = re.compile(rf"[{KANJI_WORD}{KATAKANA}A-Za-z0-9・ \-]+$")
#: How long a phrase in Latin letters before an acronym in brackets may be: English words are longer than kanji
#: (Content Authenticity Initiative (CAI), Fault-Tolerant Quantum Computing (FTQC)).
_LATIN_REACH = 60
#: A kanji adjective with な before Latin words alone, which are no gloss by themselves: 説明可能な|AI（XAI）.
_ADJECTIVE_BEFORE = re.compile(rf"[{KANJI_WORD}]+な$")


def _closes(text: str, at: int, reach: int) -> int:
    """Where the first closing bracket at or after ``at`` is, within ``reach`` characters (-1: none)."""
    return min((i for i in (text.find(c, at, at + reach + 1) for c in _BRACKET_CLOSE) if i >= 0), default=-1)


def bracket_gloss(text: str, start: int, end: int, reach: int = 30) -> tuple[int, int] | None:
    """The span of the phrase that glosses ``text[start:end]`` in brackets, at most ``reach`` characters: right
    after it (GDPR（一般データ保護規則）: what is inside the brackets), or before it when it stands in brackets
    itself (一般データ保護規則（GDPR）, or first in them with its expansion after a colon, 大規模行動モデル（LAM：Large
    Action Model）: the run of kanji, katakana, Latin letters and digits the brackets follow, whole, and the kanji
    adjective with な before it when the run is Latin alone: 説明可能なAI（XAI））; None without one.

    >>> t = "GDPR（一般データ保護規則）と、小型モジュール炉（SMR）と、SMR単体"
    >>> [t[a:b] for a, b in (bracket_gloss(t, 0, 4), bracket_gloss(t, 26, 29))], bracket_gloss(t, 32, 35)
    (['一般データ保護規則', '小型モジュール炉'], None)
    >>> t = "大規模行動モデル（LAM：Large Action Model）と説明可能性（XAI: Explainable AI）と説明可能なAI（XAI）"
    >>> [t[a:b] for a, b in (bracket_gloss(t, 9, 12), bracket_gloss(t, 39, 42), bracket_gloss(t, 68, 71))]
    ['大規模行動モデル', '説明可能性', '説明可能なAI']
    """
    if end < len(text) and text[end] in _BRACKET_OPEN:
        close = _closes(text, end + 1, reach)
        return (end + 1, close) if close > end + 1 else None
    after = text[end : end + 1]
    if (
        start > 0
        and text[start - 1] in _BRACKET_OPEN
        and after
        and (after in _BRACKET_CLOSE or (after in _GLOSS_COLONS and _closes(text, end + 1, _EXPANSION_REACH) > end + 2))
    ):
        longest = max(reach, _LATIN_REACH)
        m = _PHRASE_BEFORE.search(text, max(0, start - 2 - longest), start - 1)
        if m is None or (m.start() > 0 and _PHRASE_BEFORE.match(text[m.start() - 1])):
            return None
        if len(m.group(0)) > (longest if m.group(0).isascii() else reach):
            return None
        if m.group(0).isascii() and (a := _ADJECTIVE_BEFORE.search(text, max(0, m.start() - 8), m.start())):
            return a.start(), m.end()  # 説明可能なAI
        return m.span()
    return None


def beside_latin_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands next to another Latin word, a space or a full stop between them (Copilot
    for Finance, Purpose and character, lastminute.com, 3D NAND): a word of an English phrase or a longer name.

    >>> t = "Copilot for FinanceとPurpose and characterとLuxが"
    >>> beside_latin_word(t, 12, 19), beside_latin_word(t, 20, 27), beside_latin_word(t, 42, 45)
    (True, True, False)
    """
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    joined_before = len(before) == 2 and before[1] in " ." and before[0].isascii() and before[0].isalnum()
    joined_after = len(after) == 2 and after[0] in " ." and after[1].isascii() and after[1].isalpha()
    return joined_before or joined_after


def occurrences(text: str, s: str) -> Iterator[int]:
    """The start of every occurrence of ``s`` in ``text``, overlapping ones too, in order.

    >>> list(occurrences("AI, AIとAAI", "AI")), list(occurrences("aaa", "aa"))
    ([0, 4, 8], [0, 1])
    """
    i = text.find(s) if s else -1
    while i >= 0:
        yield i
        i = text.find(s, i + 1)
