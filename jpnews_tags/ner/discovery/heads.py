"""Longer names built on a place, an organization or a person: 日本社会党, 福岡地方裁判所, 成田空港,
秋田ノーザンハピネッツ, マックス・プランク光科学研究所.

A place, an organization or a person written right before the head of a name — 党, 裁判所, 空港, 大会, with at
most a few kanji or katakana between them (日本|社会|党, マックス・プランク|光科学|研究所) — is one longer name,
labelled by its head; the inner name is not output alone, because the longer span wins when overlaps are resolved.
The heads are data (``dictionaries/cues/heads.yaml``); a head must end the word (日本銀行券 is not a bank). A place
followed directly by a katakana word Sudachi does not know is a club or team named after its town
(秋田+ノーザンハピネッツ); after a state, prefecture, city or district (a place written with its suffix:
テキサス州+アビリーン) it is a place inside it.

A ministry or an agency needs no place before it: a run of nouns that Sudachi ends with the suffix 省 or 庁
(``government_suffixes``) is one (米司法省, 著作権庁, 政府テクノロジー庁).

Example:
    >>> from jpnews_tags.lexicon.schema import HeadCues, HeadGroup, PersonCues, RuleCues, NameCues
    >>> from jpnews_tags.models import Entity
    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> from .context import Context, entity
    >>> text = "日本社会党と福岡地方裁判所、日本の大学"
    >>> places = [entity(0, 2, text, "GPE", "country", "Japan", 0.9), entity(6, 8, text, "GPE", "city", "福岡", 0.9),
    ...           entity(14, 16, text, "GPE", "country", "Japan", 0.9)]
    >>> heads = HeadCues(heads=[HeadGroup(label="ORG", kind="political_party", words=["党"]),
    ...                         HeadGroup(label="ORG", kind="government", words=["地方裁判所", "裁判所"])])
    >>> ctx = Context(text, Tokenizer().tokenize(text), places, PersonCues(), RuleCues(), NameCues(), heads=heads)
    >>> [(e.text, e.label, e.kind) for e in nested_names(ctx)]
    [('日本社会党', 'ORG', 'political_party'), ('福岡地方裁判所', 'ORG', 'government')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache

from ...lexicon.schema import HeadCues
from ...models import Entity
from ...text.scripts import KANJI_WORD, KATAKANA, KATAKANA_LETTERS
from ...text.tokenization import PROPER_NOUN, TokenRow, Tokens
from .context import PLACE_LABELS, Context, TakenSpans, alternation, entity
from .places import place_type

_INNER = frozenset({"GPE", "LOC", "ORG", "PERSON"})
_KATA_CHAR = re.compile(rf"[{KATAKANA}]")
_TEAM = re.compile(rf"[ァ-ヺ][{KATAKANA}]{{2,}}(?![{KATAKANA}])")
_WORD_GOES_ON = re.compile(rf"[{KATAKANA}A-Za-z]")


#: Kinds of places that, written with their suffix (州, 県, 市, 区, 郡; not 欧州, not 東京), hold a new katakana word
#: after them as a place in them.
_DIVISIONS = frozenset({"state", "city", "district"})


def _place_inside(ctx: Context, start: int, end: int) -> Entity:
    """The place a new katakana word right after a state or city names, with its own suffix when one follows
    (ニューメキシコ州+ドニャアナ郡): テキサス州アビリーン is a city in Texas, not a team."""
    text = ctx.text
    for suffix in sorted(ctx.rules.place_suffixes, key=len, reverse=True):
        if text.startswith(suffix, end):
            end += len(suffix)
            break
    label, kind = place_type(text[start:end])
    return entity(start, end, text, label, kind, text[start:end], 0.5)


_PATTERNS: dict[int, tuple[HeadCues, re.Pattern[str] | None]] = {}


def _head_pattern(cues: HeadCues) -> re.Pattern[str] | None:
    """The modifier-and-head pattern of ``cues`` (compiled once per cue object)."""
    cached = _PATTERNS.get(id(cues))
    if cached is not None and cached[0] is cues:
        return cached[1]
    words = sorted(cues.groups_by_word(), key=len, reverse=True)
    modifier = rf"[\u4e00-\u9fff々{KATAKANA}]{{0,{cues.max_modifier_chars}}}?"
    # the head ends the word: no kanji after it (日本銀行券); a katakana head no katakana (checked by the caller)
    pattern = re.compile(rf"{modifier}(?P<head>{alternation(words)})(?![\u4e00-\u9fff々])") if words else None
    _PATTERNS[id(cues)] = (cues, pattern)
    return pattern


def _ends_word(text: str, end: int, kind: str) -> bool:
    """No katakana word goes on after a katakana head (メッセ, not メッセージ), nor any word after a company's
    industry: 日本電機メーカー, 米国証券アナリスト are a kind of company or person, not a company."""
    if end >= len(text):
        return True
    if kind == "company":
        return not _WORD_GOES_ON.match(text, end)
    return not (_KATA_CHAR.match(text[end - 1]) and _KATA_CHAR.match(text[end]))


def nested_names(ctx: Context) -> list[Entity]:
    """A place, organization or person and the head written after it, as one name (second pass: it sees discovered
    places too)."""
    text, cues = ctx.text, ctx.heads
    pattern = _head_pattern(cues)
    out: list[Entity] = []
    if pattern is None and not cues.team_after_place:
        return out
    groups = cues.groups_by_word()
    for e in ctx.entities:
        if e.label not in _INNER or e.end >= len(text):
            continue
        m = pattern.match(text, e.end) if pattern is not None else None
        g = groups[m.group("head")] if m is not None else None
        if g is not None and m is not None and _ends_word(text, m.end(), g.kind):
            parent = e.id if e.label == "ORG" else None  # 立訊精密工業, 中国移動通信集団: the known company's
            out.append(entity(e.start, m.end(), text, g.label, g.kind, text[e.start : m.end()], 0.6, parent=parent))
            continue
        if cues.team_after_place and e.label in PLACE_LABELS and ctx.is_new_word is not None:
            t = _TEAM.match(text, e.end)
            if t is None or not ctx.is_new_word(t.group(0)) or ctx.common(t.group(0)):
                continue
            if e.kind in _DIVISIONS and place_type(e.text)[1] in _DIVISIONS:
                out.append(_place_inside(ctx, t.start(), t.end()))
            else:
                out.append(entity(e.start, t.end(), text, "ORG", "sports_team", text[e.start : t.end()], 0.55))
    return out


#: A kanji word: the proper noun a company is named by (星野, 南海, 藤沢).
_KANJI_ONLY = re.compile(rf"[{KANJI_WORD}]{{2,}}")
_KANJI_BEFORE = re.compile(rf"[{KANJI_WORD}]")


def named_companies(ctx: Context) -> list[Entity]:
    """A kanji word Sudachi knows as a proper noun (a surname, a place, a name: 星野, 南海, 藤沢), not found as a name
    already, followed by the industry a company is named by (the ``company`` heads: 商店, 鉄道, 薬品工業) is that
    company: 星野商店, 南海鉄道, 藤沢薬品工業. The word must start the name (no kanji before it), and the industry end
    it (日本電機メーカー is no company: see _ends_word)."""
    text, cues = ctx.text, ctx.heads
    pattern = _head_pattern(cues)
    groups = cues.groups_by_word()
    if pattern is None or not any(g.kind == "company" for g in groups.values()):
        return []
    tokens = ctx.tokens
    rows = tokens.rows
    named: TakenSpans | None = None
    out: list[Entity] = []
    for i in tokens.indices_with_pos(tokens.pos_ids(PROPER_NOUN)):
        a, b = rows[i][0], rows[i][1]
        if not _KANJI_ONLY.fullmatch(text, a, b) or (a > 0 and _KANJI_BEFORE.match(text, a - 1)):
            continue
        m = pattern.match(text, b)
        if m is None or groups[m.group("head")].kind != "company" or not _ends_word(text, m.end(), "company"):
            continue
        if named is None:
            named = TakenSpans(ctx.entities)
        if not named.overlap(a, b):
            out.append(entity(a, m.end(), text, "ORG", "company", text[a : m.end()], 0.55))
    return out


#: Kinds of places a club is named after (not a country: エヌビディア中国 is the company's business there).
_CLUB_PLACES = frozenset({"city", "state", "district", "area"})
#: What may not follow a club's place: the rest of a longer word (神戸市, 東京都内, 大阪オフィス).
_NAME_GOES_ON = re.compile(rf"[{KANJI_WORD}{KATAKANA}A-Za-z0-9]")
#: At most this many characters of a club's katakana word (the walk back from its place stays short).
_MAX_CLUB_WORD = 20
_KATA_CLUB_WORD = re.compile(rf"[{KATAKANA_LETTERS}][{KATAKANA}・]*[{KATAKANA}]")
_DIGITS_BEFORE = re.compile(r"\d{1,3}$")


@lru_cache(maxsize=8)
def _club_pattern(abbreviations: tuple[str, ...]) -> re.Pattern[str]:
    """A club's abbreviation as a word of its own (FC, 1.FC; not FCoE, not the end of a Latin word)."""
    return re.compile(rf"(?<![A-Za-z.])(?:\d\.)?(?:{alternation(abbreviations)})(?![A-Za-z])")


def _katakana_before(text: str, end: int) -> int:
    """Where the katakana word (its parts joined by ・) that ends at ``end`` begins; ``end`` when there is none."""
    start = end
    while start > 0 and end - start < _MAX_CLUB_WORD and (_KATA_CHAR.match(text[start - 1]) or text[start - 1] == "・"):
        start -= 1
    while start < end and not "ァ" <= text[start] <= "ヺ":  # a word starts with a letter, not ー or ・
        start += 1
    return start


def clubs(ctx: Context) -> list[Entity]:
    """Clubs named after their town, the town written last or with a club's abbreviation: ヴィッセル神戸,
    アルバルク東京 (a katakana word that is no common word right before a city or prefecture, the town ending the
    word; a company of the region is written so too, ウエインズトヨタ神奈川, so these are organizations), FCユトレヒト,
    ACFフィオレンティーナ, 東京23FC, プリマス・アーガイルFC (``club_abbreviations`` before a town or a new katakana
    word, or after one: sports teams). A katakana word that is or holds a name found already (アップル銀座,
    ベトナム・ハノイ) or a place that is a country (エヌビディア中国) makes none."""
    text, cues = ctx.text, ctx.heads
    abbreviations = [a for a in cues.club_abbreviations if a in text]
    if not cues.team_before_place and not abbreviations:
        return []
    places = [e for e in ctx.entities if e.label in PLACE_LABELS and e.kind in _CLUB_PLACES]
    if not places and not abbreviations:
        return []
    named: TakenSpans | None = None  # the spans of the names found so far, made once a candidate needs them
    out: list[Entity] = []

    def new_word(start: int, end: int) -> bool:
        nonlocal named
        if end - start < 3 or ctx.common(text[start:end]):
            return False
        if named is None:
            named = TakenSpans(ctx.entities)
        return not named.overlap(start, end)

    def club(start: int, end: int, kind: str = "sports_team") -> None:
        out.append(entity(start, end, text, "ORG", kind, text[start:end], 0.55))

    ends_word = [not _NAME_GOES_ON.match(text, e.end) for e in places]
    if cues.team_before_place:
        for e, ends in zip(places, ends_word, strict=True):
            start = _katakana_before(text, e.start)
            if ends and start < e.start and new_word(start, e.start):
                club(start, e.end, "organization")  # a club or a company of the region (ネッツトヨタ東京)
    if abbreviations:
        starts = {e.start: (e, ends) for e, ends in zip(places, ends_word, strict=True)}
        ends_at = {e.end: e for e in places}
        for m in _club_pattern(tuple(abbreviations)).finditer(text):
            after = starts.get(m.end())
            if after is not None:
                if after[1]:
                    club(m.start(), after[0].end)
                continue
            word = _KATA_CLUB_WORD.match(text, m.end())
            if word is not None and not _NAME_GOES_ON.match(text, word.end()) and new_word(m.end(), word.end()):
                club(m.start(), word.end())
                continue
            digits = _DIGITS_BEFORE.search(text, max(0, m.start() - 3), m.start())
            before = ends_at.get(digits.start() if digits else m.start())
            if before is not None:
                club(before.start, m.end())
                continue
            start = _katakana_before(text, m.start())
            if start < m.start() and new_word(start, m.start()):
                club(start, m.end())
    return out


#: A word of a government body's name before its suffix: kanji or katakana (司法, テクノロジー).
_BODY_WORD = re.compile(rf"[{KANJI_WORD}{KATAKANA}]+")
#: What a suffix may not be followed by: the rest of a word it starts (省エネ, 省力化, 省電力, 省資源).
_SUFFIX_STARTS_WORD = re.compile(rf"[{KATAKANA}力電資]")
#: Nouns that are not words of a name: time words (今回, 先日), numbers, pronouns.
_NOT_NAME_NOUNS = (("名詞", "普通名詞", "副詞可能"), ("名詞", "数詞"), ("代名詞",))
#: At most this many words before the suffix (サウジアラビア|研究|開発|イノベーション|庁).
_MAX_BODY_WORDS = 8


def government_bodies(ctx: Context) -> list[Entity]:
    """A run of nouns that Sudachi ends with a government suffix (``government_suffixes``: 省, 庁) is a ministry
    or an agency, with a country or place written before it and none needed: 米司法省, 著作権庁, 政府テクノロジー庁,
    ドイツ国防省出身, ビジネス・イノベーション・雇用省 (words joined by ・). Not a suffix that starts a word
    (省エネ), not one character before it (県庁: any prefecture's office), not a time word, number or pronoun in
    the run (今回, 同), and not across a name found already that is not a place."""
    text, tokens = ctx.text, ctx.tokens
    suffixes = frozenset(ctx.heads.government_suffixes)
    if not suffixes or not any(s in text for s in suffixes):
        return []
    rows = tokens.rows
    nouns = _name_nouns(tokens)
    names = TakenSpans(e for e in ctx.entities if e.label not in PLACE_LABELS)
    out: list[Entity] = []
    for i in tokens.indices_with_pos(tokens.pos_ids(("接尾辞",))):
        a, b = rows[i][0], rows[i][1]
        if text[a:b] not in suffixes or _SUFFIX_STARTS_WORD.match(text, b):
            continue
        start = _noun_run_start(text, rows, i, nouns)
        if a - start < 2 or names.overlap(start, b):
            continue
        out.append(entity(start, b, text, "ORG", "government", text[start:b], 0.6))
    return out


def _name_nouns(tokens: Tokens) -> frozenset[int]:
    """POS ids of the nouns a name's words can be: not time words, numbers or pronouns (_NOT_NAME_NOUNS)."""
    return tokens.pos_ids(("名詞",)) - frozenset().union(*(tokens.pos_ids(p) for p in _NOT_NAME_NOUNS))


def _noun_run_start(text: str, rows: Sequence[TokenRow], i: int, nouns: frozenset[int]) -> int:
    """Where the run of kanji or katakana nouns before token ``i`` starts (at most _MAX_BODY_WORDS words; a ・
    between two of them joins them: ビジネス・イノベーション): the start of token ``i`` when there is none."""
    j = i
    while j > 0 and i - j < _MAX_BODY_WORDS:
        s, e, _, pos = rows[j - 1]
        if (pos in nouns and _BODY_WORD.fullmatch(text, s, e)) or (
            text[s:e] in ("・", "･") and j >= 2 and rows[j - 2][3] in nouns and j < i
        ):
            j -= 1
        else:
            break
    return rows[j][0]


#: An acronym in brackets right after a name: （FDUA）, (COPUOS).
_ACRONYM_IN_BRACKETS = re.compile(r"[（(]([A-Z][A-Za-z0-9&\-]{1,9})[）)]")
#: Head kinds a bracketed acronym confirms as a name's: bodies, schools, institutes, associations (not company
#: heads: 熱設計電力（TDP） is a term).
_GLOSSED_KINDS = frozenset({"government", "political_party", "university", "research_institute", "organization"})


def glossed_organizations(ctx: Context) -> list[Entity]:
    """A run of nouns ending in the head of an organization's name and glossed by an acronym in brackets is that
    organization, whatever its words: 金融デジタル変革協会（FDUA）, 国連宇宙空間平和利用委員会（COPUOS）,
    全米テニス協会（USTA）, 高工機器人産業研究所（GGII） (heads of ``heads.yaml`` of the kinds in _GLOSSED_KINDS: an
    acronym makes the words a name; the acronym itself is left to the dictionary and the recognizer). At least one
    word before the head, not glued to a Latin word before them; a name found already is inside the run or outside
    it, never cut."""
    text, tokens = ctx.text, ctx.tokens
    if "（" not in text and "(" not in text:
        return []
    groups = ctx.heads.groups_by_word()
    heads = tuple(sorted((w for w, g in groups.items() if g.label == "ORG" and g.kind in _GLOSSED_KINDS), key=len))
    if not heads:
        return []
    rows = tokens.rows
    ends: list[int] = []  # the tokens' ends, the suffixes and nouns and the names found: made once a head is seen
    out: list[Entity] = []
    for m in _ACRONYM_IN_BRACKETS.finditer(text):
        end = m.start()
        head = next((h for h in reversed(heads) if text.startswith(h, end - len(h))), None)
        if head is None:
            continue
        if not ends:
            ends = [r[1] for r in rows]
            nouns = tokens.pos_ids(("接尾辞",)) | _name_nouns(tokens)
            taken = TakenSpans(ctx.entities)
        i = bisect.bisect_left(ends, end)
        if i >= len(rows) or ends[i] != end:
            continue
        start = _noun_run_start(text, rows, i + 1, nouns)
        if end - start <= len(head) or (start > 0 and text[start - 1].isascii() and text[start - 1].isalnum()):
            continue  # the head alone, or words cut from a Latin one before them (AI|安全研究所)
        if taken.overlap(start, start) or taken.overlap(end, end):
            continue  # a name found already that starts before the run and ends in it, or the other way round
        out.append(entity(start, end, text, "ORG", groups[head].kind, text[start:end], 0.6))
    return out
