"""Kana to Latin letters (Hepburn), for identifiers made from Japanese names.

:func:`romanize` writes katakana and hiragana in modified Hepburn as identifiers want it: lower case, the long
vowel mark ー left out (サーバー -> saba), ッ doubling the next consonant (ロボット -> robotto, マッチ -> matchi),
ン as ``n``, and the foreign-sound spellings of katakana loanwords (ファ fa, ティ ti, ヴェ ve). Any other character
is kept as it is; the caller decides what to do with it (kanji need a reading first: see
:meth:`jpnews_tags.text.tokenization.Tokenizer.reading`).

Example:
    >>> romanize("ゼノバイト"), romanize("ハルシネーション"), romanize("ジョン・マーシャル")
    ('zenobaito', 'harushineshon', 'jon・masharu')
    >>> romanize("ファーウェイ"), romanize("ヴィッセル"), romanize("きょうと"), romanize("シオノギ")
    ('fawei', 'visseru', 'kyouto', 'shionogi')
"""

from __future__ import annotations

_SINGLE: dict[str, str] = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o", "カ": "ka", "キ": "ki", "ク": "ku", "ケ": "ke",
    "コ": "ko", "ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge", "ゴ": "go", "サ": "sa", "シ": "shi",
    "ス": "su", "セ": "se", "ソ": "so", "ザ": "za", "ジ": "ji", "ズ": "zu", "ゼ": "ze", "ゾ": "zo",
    "タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te", "ト": "to", "ダ": "da", "ヂ": "ji", "ヅ": "zu",
    "デ": "de", "ド": "do", "ナ": "na", "ニ": "ni", "ヌ": "nu", "ネ": "ne", "ノ": "no", "ハ": "ha",
    "ヒ": "hi", "フ": "fu", "ヘ": "he", "ホ": "ho", "バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be",
    "ボ": "bo", "パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po", "マ": "ma", "ミ": "mi",
    "ム": "mu", "メ": "me", "モ": "mo", "ヤ": "ya", "ユ": "yu", "ヨ": "yo", "ラ": "ra", "リ": "ri",
    "ル": "ru", "レ": "re", "ロ": "ro", "ワ": "wa", "ヰ": "i", "ヱ": "e", "ヲ": "o", "ン": "n", "ヴ": "vu",
    "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o", "ャ": "ya", "ュ": "yu", "ョ": "yo", "ヮ": "wa",
    "ヵ": "ka", "ヶ": "ke", "ヷ": "va", "ヸ": "vi", "ヹ": "ve", "ヺ": "vo",
}  # fmt: skip

# Two kana read as one syllable: the i-row and a small ャュョェ (キャ kya), and the spellings of loanwords.
_PAIRS: dict[str, str] = {}
_I_ROW = {
    "キ": "ky", "ギ": "gy", "シ": "sh", "ジ": "j", "チ": "ch", "ヂ": "j", "ニ": "ny", "ヒ": "hy", "ビ": "by",
    "ピ": "py", "ミ": "my", "リ": "ry",
}  # fmt: skip
for _kana, _head in _I_ROW.items():
    for _small, _vowel in zip("ャュョェ", "auoe", strict=True):
        _PAIRS[_kana + _small] = _head + _vowel
_PAIRS.update(
    {
        "ファ": "fa", "フィ": "fi", "フェ": "fe", "フォ": "fo", "フュ": "fyu",
        "ティ": "ti", "トゥ": "tu", "ディ": "di", "ドゥ": "du", "デュ": "dyu", "テュ": "tyu",
        "ウィ": "wi", "ウェ": "we", "ウォ": "wo", "ヴァ": "va", "ヴィ": "vi", "ヴェ": "ve", "ヴォ": "vo", "ヴュ": "vyu",
        "ツァ": "tsa", "ツィ": "tsi", "ツェ": "tse", "ツォ": "tso", "クァ": "kwa", "クィ": "kwi", "クェ": "kwe",
        "クォ": "kwo", "グァ": "gwa", "イェ": "ye", "スィ": "si", "ズィ": "zi",
    }
)  # fmt: skip

_HIRAGANA_TO_KATAKANA = {c: c + 0x60 for c in range(ord("ぁ"), ord("ゖ") + 1)}


def romanize(text: str) -> str:
    """``text`` with its kana written in Latin letters (modified Hepburn, lower case, ー left out)."""
    kata = text.translate(_HIRAGANA_TO_KATAKANA)
    out: list[str] = []
    double = False  # a ッ waits for the next syllable
    i = 0
    while i < len(kata):
        ch = kata[i]
        syllable = _PAIRS.get(kata[i : i + 2])
        if syllable is not None:
            i += 2
        else:
            syllable = _SINGLE.get(ch)
            i += 1
        if ch == "ッ":
            double = True
            continue
        if ch == "ー":
            continue
        if syllable is None:
            out.append(ch)
            double = False
            continue
        if double and syllable[0] not in "aeiou":
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
        double = False
        out.append(syllable)
    return "".join(out)
