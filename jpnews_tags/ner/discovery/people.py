"""People the dictionary does not know, and later mentions of them by surname.

- Katakana names joined by ・ that start with a known given name (ジェレミー・シーゲル) or with a word Sudachi knows
  as a person's name and go on with words it does not know as common words (ドン・チードル, ロイド・ジョージ; not
  シム・トゥ・リアル, not two people: バイデン・ハリス, nor across a name found already:
  アインシュタイン・コパイロット, nor listed with a company or product: ロレックスやリシャール・ミル), or are followed
  by an honorific or a title
  (``dictionaries/cues/person.yaml``).
- A katakana word or a Sudachi surname right before an honorific or title (バリー氏 -> バリー, 山根氏; a common
  word only before a strong honorific: マスク氏, not ドライバーさん), capitalized Latin words right before a strong
  honorific (Alhussein Fawzi氏, Bernardino Romera-Paredes氏), a Sudachi
  surname followed by a given name (山根康宏); a katakana word right before an office only a person holds, even
  a common word (トランプ大統領), unless Sudachi knows it as a place (フランス大統領).
- The last name of a list joined by ・ whose other names carry an honorific (山田さん・佐藤氏・鈴木).
- A surname alone in a text with the full name (マイケル・バリー ... バリー) is the same person (second pass),
  before it too: a headline names a person by surname (バフェットでも…), the body in full.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ...lexicon.schema import PersonCues
from ...models import Entity
from ...text.scripts import KATAKANA
from ...text.tokenization import PERSON_NAME, PLACE_NAME, TokenRow, Tokens
from .context import Context, TakenSpans, entity

_KATA_NAME = re.compile(
    rf"[{KATAKANA}](?<![{KATAKANA}・].)[{KATAKANA}]+(?:[・･=＝][{KATAKANA}]{{2,}}){{1,3}}(?![{KATAKANA}])"
)
_NAME_PARTS = re.compile("[・･=＝]")
# A katakana word ending right where the search window ends (just before an honorific).
_KATA_WORD_BEFORE = re.compile(rf"(?<![{KATAKANA}・])[{KATAKANA}]{{2,}}$")
#: Labels of the things a brand named after a person is listed with, and the links of such a list.
_THINGS = frozenset({"ORG", "PRODUCT"})
_LIST_LINKS = ("や", "、")
_KATA_WORD_AFTER = re.compile(rf"[{KATAKANA}]{{2,}}(?![{KATAKANA}・])")
#: A Latin-script name ending where the search window ends (just before an honorific, one space allowed): one to
#: four capitalized words or initials (Alhussein Fawzi, Bernardino Romera-Paredes, J. R. R. Tolkien, McDonald).
_LATIN_WORD = r"[A-Z][a-zà-ÿ]+(?:[A-Z][a-zà-ÿ]+)?(?:[-'][A-Za-zà-ÿ]+)*"
_LATIN_NAME_BEFORE = re.compile(
    rf"(?<![A-Za-z0-9.&'\-])(?:[A-Z]\. ?)*{_LATIN_WORD}(?: (?:[A-Z]\.|{_LATIN_WORD})){{0,3}} ?$"
)


def _followed_by_marker(text: str, end: int, cues: PersonCues) -> bool:
    return text.startswith(cues.honorifics, end) or text.startswith(cues.titles, end)


def _one_token(rows: Sequence[TokenRow], start: int, length: int) -> TokenRow | None:
    """The token that is exactly ``length`` characters from ``start``, if there is one."""
    k = bisect.bisect_left(rows, (start,))
    return rows[k] if k < len(rows) and rows[k][0] == start and rows[k][1] == start + length else None


def _brand_first(rows: Sequence[TokenRow], start: int, length: int) -> bool:
    """The first part of a katakana name at ``start`` is one word that Sudachi writes in Latin letters (グーグル is
    Google, マイクロソフト Microsoft): a brand, so グーグル・ディープマインドCEO is a company's chief, not a person."""
    row = _one_token(rows, start, length)
    return row is not None and row[2].isascii()


def _person_word(rows: Sequence[TokenRow], start: int, length: int, person_pos: frozenset[int]) -> bool:
    """The first part of a katakana name at ``start`` is one word Sudachi knows as a person's name (トマス, ドン,
    セルヒオ): トマス・バセット is a person though Sudachi knows no バセット."""
    row = _one_token(rows, start, length)
    return row is not None and row[3] in person_pos


class _KnownNames:
    """What a katakana name starting with a person's word may not be (made once per text, when first asked):
    across a name found already (アインシュタイン・コパイロット: a product), two known people (バイデン・ハリス), or
    listed right beside a company or product (ロレックスやリシャール・ミル: a brand named after its founder)."""

    def __init__(self, text: str, entities: Sequence[Entity]) -> None:
        self.text = text
        # a person's given name at the start of a full name is no obstacle
        self.names = TakenSpans(e for e in entities if e.label != "PERSON" or e.source != "gazetteer")
        self.people = {e.start for e in entities if e.label == "PERSON" and e.source == "gazetteer"}
        self.thing_ends = {e.end for e in entities if e.label in _THINGS}
        self.thing_starts = {e.start for e in entities if e.label in _THINGS}

    def rule_out(self, start: int, end: int, first: int) -> bool:
        text = self.text
        return (
            self.names.overlap(start, end)
            or any(s in self.people for s in range(start + first + 1, end))
            or (text[start - 1 : start] in _LIST_LINKS and start - 1 in self.thing_ends)
            or (text[end : end + 1] in _LIST_LINKS and end + 1 in self.thing_starts)
        )


def _person_pos_ids(tokens: Tokens) -> tuple[frozenset[int], frozenset[int]]:
    """Sudachi POS ids of person surnames and given names."""
    return tokens.pos_ids((*PERSON_NAME, "姓")), tokens.pos_ids((*PERSON_NAME, "名"))


def people(ctx: Context) -> list[Entity]:
    """Person names by given-name lists, honorifics and titles, and Sudachi's person-name parts of speech."""
    text, tokens, cues = ctx.text, ctx.tokens, ctx.person
    out: list[Entity] = []
    rows = tokens.rows
    person_pos: frozenset[int] | None = None
    known: _KnownNames | None = None
    for m in _KATA_NAME.finditer(text):
        parts = _NAME_PARTS.split(m.group(0))
        first = parts[0]
        marked = _followed_by_marker(text, m.end(), cues) and not _brand_first(rows, m.start(), len(first))
        if not marked and first not in cues.given_names:
            if person_pos is None:
                person_pos = tokens.pos_ids(PERSON_NAME)
            marked = _person_word(rows, m.start(), len(first), person_pos) and not any(map(ctx.common, parts[1:]))
            if marked:
                if known is None:
                    known = _KnownNames(text, ctx.entities)
                marked = not known.rule_out(m.start(), m.end(), len(first))
        if first in cues.given_names or marked:
            out.append(entity(m.start(), m.end(), text, "PERSON", "person", m.group(0), 0.6))
    for h in cues.honorifics:
        for hm in re.finditer(re.escape(h), text):
            wm = _KATA_WORD_BEFORE.search(text, max(0, hm.start() - 30), hm.start())
            if wm and (h in cues.strong_honorifics or not ctx.common(wm.group(0))):  # not ドライバーさん
                out.append(entity(wm.start(), wm.end(), text, "PERSON", "person", wm.group(0), 0.55))
            elif wm is None and h in cues.strong_honorifics:
                lm = _LATIN_NAME_BEFORE.search(text, max(0, hm.start() - 60), hm.start())
                if lm is not None:  # Alhussein Fawzi氏: 氏 and 先生 follow people only
                    name, before = lm.group(0).rstrip(), text[max(0, lm.start() - 2) : lm.start()]
                    if before.endswith(" ") and before[:1].isascii() and (before[:1].isalnum() or before[:1] == "."):
                        continue  # Dr. Haojin Yang, CEO Jane Roe: the end of a longer Latin phrase, left to the model
                    if name.split(" ", 1)[0] not in cues.latin_titles:  # Governor Wes Moore: a title first
                        out.append(entity(lm.start(), lm.start() + len(name), text, "PERSON", "person", name, 0.55))
    if cues.office_titles:
        places = tokens.pos_ids(PLACE_NAME)
        for h in cues.office_titles:
            for hm in re.finditer(re.escape(h), text):
                wm = _KATA_WORD_BEFORE.search(text, max(0, hm.start() - 30), hm.start())
                if wm is None:
                    continue
                k = bisect.bisect_right(rows, (wm.start(), 1 << 62)) - 1
                if k >= 0 and rows[k][0] == wm.start() and rows[k][3] in places:
                    continue  # フランス大統領: the country's office
                out.append(entity(wm.start(), wm.end(), text, "PERSON", "person", wm.group(0), 0.55))
    surname, given = _person_pos_ids(tokens)
    n = len(rows)
    skip_to = 0
    full_names: dict[str, str] = {}  # surname -> full name seen earlier (山根 -> 山根康宏)
    for i in tokens.indices_with_pos(surname):
        if i < skip_to:
            continue
        j = i + 1
        if j < n and rows[j][3] in given:
            # Sudachi may cut a given name it does not know in two (出木場 + 久 + 征): both are the name
            if j + 1 < n and rows[j + 1][3] in given and rows[j + 1][0] == rows[j][1]:
                j += 1
            s, e = rows[i][0], rows[j][1]
            out.append(entity(s, e, text, "PERSON", "person", text[s:e], 0.6))
            full_names.setdefault(text[s : rows[i][1]], text[s:e])
            skip_to = j + 1
            continue
        s, e = rows[i][0], rows[i][1]
        if text.startswith(cues.honorifics, e) or text.startswith(cues.titles, e):
            # 山根氏 after 山根康宏 is the same person
            out.append(entity(s, e, text, "PERSON", "person", full_names.get(text[s:e], text[s:e]), 0.55))
    out += listed_after_honorifics(ctx)
    return out


def listed_after_honorifics(ctx: Context) -> list[Entity]:
    """The names of a list joined by ・ after one with an honorific: 山田さん・佐藤氏・鈴木 -> 佐藤, 鈴木 (a Sudachi
    surname, with its given name if one follows, or a katakana word)."""
    text, tokens, cues = ctx.text, ctx.tokens, ctx.person
    out: list[Entity] = []
    if "・" not in text or not cues.honorifics:
        return out
    rows = tokens.rows
    surname, given = _person_pos_ids(tokens)
    for h in cues.honorifics:
        for hm in re.finditer(re.escape(h) + "・", text):
            start = hm.end()
            wm = _KATA_WORD_AFTER.match(text, start)
            if wm is not None and (_followed_by_marker(text, wm.end(), cues) or not ctx.common(wm.group(0))):
                out.append(entity(start, wm.end(), text, "PERSON", "person", wm.group(0), 0.55))
                continue
            i = bisect.bisect_left(rows, (start,))
            if i < len(rows) and rows[i][0] == start and rows[i][3] in surname:
                j = i + 1 if i + 1 < len(rows) and rows[i + 1][3] in given else i
                e = rows[j][1]
                out.append(entity(start, e, text, "PERSON", "person", text[start:e], 0.55))
    return out


_KATA_WORD = re.compile(rf"[{KATAKANA}]+")
_KATA_RUN = re.compile(rf"[{KATAKANA}・]+")
_KATA_OR_DOT = re.compile(rf"[{KATAKANA}・]")
#: Surnames written with other characters than katakana (ウウ=エエ) are searched one by one: at most this many.
MAX_OTHER_SURNAMES = 64


def _katakana_occurrences(text: str, surnames: set[str]) -> dict[str, list[int]]:
    """Where each katakana surname stands alone (not inside a longer katakana word or name): one scan of the
    text's katakana runs, whatever the number of surnames."""
    found: dict[str, list[int]] = {}
    for m in _KATA_RUN.finditer(text):
        if m.group(0) in surnames:
            found.setdefault(m.group(0), []).append(m.start())
    return found


def _other_occurrences(text: str, last: str) -> list[int]:
    out = []
    for m in re.finditer(re.escape(last), text):
        if m.start() > 0 and _KATA_OR_DOT.match(text[m.start() - 1]):
            continue
        if m.end() < len(text) and _KATA_OR_DOT.match(text[m.end()]):
            continue
        out.append(m.start())
    return out


def link_surnames(ctx: Context) -> list[Entity]:
    """A surname alone in a text with the full name: 'マイケル・バリー ... バリー' -> the same person, wherever it
    stands (a headline names a person by surname before the body names them in full)."""
    text = ctx.text
    out: list[Entity] = []
    seen: dict[str, Entity] = {}
    for e in ctx.entities:
        if e.label == "PERSON" and "・" in e.text:
            last = e.text.rsplit("・", 1)[1]
            if len(last) >= 2:
                seen.setdefault(last, e)
    katakana = {last for last in seen if _KATA_WORD.fullmatch(last)}
    alone = _katakana_occurrences(text, katakana) if katakana else {}
    others = 0
    for last, full in seen.items():
        if last in katakana:
            starts = alone.get(last, [])
        else:
            others += 1
            if others > MAX_OTHER_SURNAMES:
                continue
            starts = _other_occurrences(text, last)
        for start in starts:
            if full.start <= start < full.end:
                continue
            out.append(
                entity(
                    start,
                    start + len(last),
                    text,
                    "PERSON",
                    "person",
                    full.canonical or full.text,
                    0.7,
                    id=full.id,
                    source="rule",
                )
            )
    return out
