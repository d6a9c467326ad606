"""Places Sudachi knows as 地名 that the dictionary does not: 川崎, ケンブリッジ, 河南省, 重慶 + 市."""

from __future__ import annotations

import re

from ...models import Entity, EntityLabel
from ...text.scripts import KANJI_WORD, KATAKANA
from ...text.tokenization import PLACE_NAME, Tokens
from .context import Context, entity

_KANA_OR_KANJI = re.compile(rf"[{KATAKANA}{KANJI_WORD}]+")
_KATA_CHAR = re.compile(rf"[{KATAKANA}・]")
_KANJI_CHAR = re.compile(rf"[{KANJI_WORD}]")
_KANJI_NUMERALS = frozenset("一二三四五六七八九十百千")
_KATAKANA_WORD = re.compile(rf"[{KATAKANA}・]+")


def _place_pos_ids(tokens: Tokens) -> tuple[frozenset[int], frozenset[int]]:
    """Sudachi POS ids of place names: (all place names, country names)."""
    return tokens.pos_ids(PLACE_NAME), tokens.pos_ids((*PLACE_NAME, "国"))


def places(ctx: Context) -> list[Entity]:
    """Place names Sudachi knows (名詞-固有名詞-地名) and the dictionary does not: 川崎, ケンブリッジ, 河南省, with a
    suffix Sudachi splits off (重慶 + 市, ``place_suffixes``). Only whole words written in katakana or kanji, of two
    characters or more, that are not also common words alone (ロス, フリート) and not followed by 語, 人 or 大学
    (``not_place_after`` in ``dictionaries/cues/rules.yaml``); kanji may follow only as a word that goes after a place
    (中国国内, 熊本工場: ``place_words_after``)."""
    text, tokens, cues = ctx.text, ctx.tokens, ctx.rules
    suffixes = frozenset(cues.place_suffixes)
    not_after = tuple(cues.not_place_after)
    words_after = frozenset(cues.place_words_after)
    rows = tokens.rows
    place, country = _place_pos_ids(tokens)
    n = len(rows)
    out: list[Entity] = []
    for i in tokens.indices_with_pos(place):
        a, b = rows[i][0], rows[i][1]
        word = text[a:b]
        if len(word) < 2 or not _KANA_OR_KANJI.fullmatch(word):
            continue
        before = text[a - 1] if a > 0 else ""
        after = text[b] if b < len(text) else ""
        katakana = bool(_KATA_CHAR.match(word[0]))
        if i + 1 < n and text[b : rows[i + 1][1]] in suffixes:
            b = rows[i + 1][1]
            after = text[b] if b < len(text) else ""
        # A whole word: not a piece of a longer katakana word (プラット|フォーマー) or kanji compound (物理|的形), but
        # for a word that goes after a place (中国|国内, 熊本|工場: ``place_words_after``).
        pattern = _KATA_CHAR if katakana else _KANJI_CHAR
        word_after = b == rows[i][1] and i + 1 < n and text[b : rows[i + 1][1]] in words_after
        if (before and pattern.match(before)) or (after and pattern.match(after) and not word_after):
            continue
        if word_after and _KATA_CHAR.match(before):
            continue  # アジア|太平洋|地域: a piece of a longer place
        if text.startswith(not_after, b) or (after.isascii() and after.isalnum()):
            continue  # アラビア語, ウォータールー大学; a product number follows: 崑崙5
        if word[0] in _KANJI_NUMERALS and b == rows[i][1]:
            continue  # 二重、三重 (counting), unless a suffix makes it the place: 三重県
        if ctx.common(word):
            continue
        label, kind = place_type(text[a:b], rows[i][3] in country)
        out.append(entity(a, b, text, label, kind, text[a:b], 0.5))
    return out


def place_type(name: str, is_country: bool = False) -> tuple[EntityLabel, str]:
    """GPE for countries and administrative units (カンザス州, 重慶市, 港区), LOC for the rest (アマゾン川, 川崎)."""
    if is_country:
        return "GPE", "country"
    if name.endswith(("州", "省", "県", "府", "自治区")):
        return "GPE", "state"
    if name.endswith(("市", "町", "村")):
        return "GPE", "city"
    if name.endswith(("区", "郡")):
        return "GPE", "district"
    if name.endswith("川"):
        return "LOC", "river"
    return "LOC", "area"


def overrulable(e: Entity) -> bool:
    """A place found only because Sudachi knows the katakana word as a 地名 (discovery's places rule: アマゾン is
    the river, シスコ San Francisco): the recognizer, which sees the context, may read the same span as the
    company or product it is there (アマゾン傘下の, アマゾンは…と発表). Its reading replaces the place only when it
    is a company or a product on exactly that span, at the recognizer's threshold; and a company's words after one
    of its mentions (アマゾン傘下の: ``company_words_after``) make it the company at every mention
    (:func:`jpnews_tags.ner.repeats.one_reading`). A mention the recognizer read as that place counts too (one
    reading per text gives the other mentions the place's label)."""
    return (
        e.source in ("discovery", "model")
        and e.id is None
        and e.label in ("GPE", "LOC")
        and _KATAKANA_WORD.fullmatch(e.text) is not None
    )
