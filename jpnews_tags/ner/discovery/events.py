"""Events the dictionary does not list: introduced as one, or a Latin name with its year in an event's context.

- A name in 「」 right after a word that introduces an event: イベント「AWS Summit Japan」,
  アワード「文房具総選挙2025」.
- A capitalized Latin name with a year, where an event is written so: CES 2026で...発表, COMPUTEX 2026ブース,
  開催中のInterop Tokyo 2025, ｢CES2026｣の会場 (``event_after`` / ``event_before``; a product with a year,
  Office 2024, is not).
- The same event without its year later in the text (second pass): COMPUTEX 2026 ... COMPUTEXで.
- A numbered edition: 第N回 and words ending in the head of an event's name (an event head of ``heads`` or an
  ``event_intro_words`` noun): 第1回因果フォーラム, 第9回アフリカ開発会議, 第64回全日本フィギュアスケート選手権 (second
  pass; a known event inside stays its ``parent``).

The words are data (``dictionaries/cues/heads.yaml``).

Example:
    >>> from jpnews_tags.lexicon.schema import HeadCues, PersonCues, RuleCues, NameCues
    >>> from jpnews_tags.text.tokenization import Tokenizer
    >>> from .context import Context
    >>> text = "ASUSはCOMPUTEX 2026ブースでPCを展示。COMPUTEXでは新製品も。Office 2024で作った。"
    >>> cues = HeadCues(event_after=["ブース"], event_intro_words=["イベント"])
    >>> ctx = Context(text, Tokenizer().tokenize(text), [], PersonCues(), RuleCues(), NameCues(), heads=cues)
    >>> [e.text for e in with_years(ctx)]
    ['COMPUTEX 2026']
"""

from __future__ import annotations

import re

from ...lexicon.schema import HeadCues
from ...models import Entity
from ...text.scripts import KANJI_WORD, KATAKANA, KATAKANA_LETTERS
from .context import Context, alternation, entity

_PATTERNS: dict[int, tuple[HeadCues, re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]] = {}
# A capitalized or all-capitals Latin name of up to four words, then a year (2026, '26), not a date (2026年).
_WITH_YEAR = re.compile(
    r"[A-Z](?<![A-Za-z0-9.\-].)[A-Za-z0-9&.:/\-]*(?: [A-Z][A-Za-z0-9&.:/\-]*){0,3} ?(?:20\d\d|'\d\d)"
    r"(?![\d年月])"
)


_YEAR_AT_END = re.compile(r" ?(?:20\d\d|'\d\d)$")
_CLOSING = '」』｣”"）)'


def _longest_first(words: list[str]) -> list[str]:
    return sorted(words, key=len, reverse=True)


def _patterns(cues: HeadCues) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]:
    cached = _PATTERNS.get(id(cues))
    if cached is not None and cached[0] is cues:
        return cached[1], cached[2], cached[3]
    intro = (
        re.compile(rf"(?:{alternation(_longest_first(cues.event_intro_words))})「([^「」\n。]{{2,40}}?)」")
        if cues.event_intro_words
        else None
    )
    after = re.compile(rf"(?:{alternation(_longest_first(cues.event_after))})") if cues.event_after else None
    before = re.compile(rf"(?:{alternation(_longest_first(cues.event_before))})") if cues.event_before else None
    _PATTERNS[id(cues)] = (cues, intro, after, before)
    return intro, after, before


def introduced(ctx: Context) -> list[Entity]:
    """Names in 「」 right after a word that introduces an event."""
    intro, _, _ = _patterns(ctx.heads)
    out: list[Entity] = []
    if intro is None or "「" not in ctx.text:
        return out
    for m in intro.finditer(ctx.text):
        name = m.group(1).strip("*")
        if name and not ctx.common(name):
            s = m.start(1) + m.group(1).index(name)
            out.append(entity(s, s + len(name), ctx.text, "EVENT", "event", name, 0.6))
    return out


def with_years(ctx: Context) -> list[Entity]:
    """A Latin name with a year where an event's words follow or precede it in the sentence."""
    text = ctx.text
    _, after, before = _patterns(ctx.heads)
    out: list[Entity] = []
    if after is None and before is None:
        return out
    known = {e.text for e in ctx.entities}
    for m in _WITH_YEAR.finditer(text):
        if _YEAR_AT_END.sub("", m.group(0)) in known:
            continue  # a name the dictionary knows, with its year: an edition of it (event-editions, second pass)
        end = m.end()
        # the next 30 characters and the 20 before, within the sentence (searches bounded by those windows: an
        # unbounded search for the sentence's end from every match is quadratic in a text without one)
        limit = min(len(text), end + 30)
        tail_end = min((i for i in (text.find("。", end, limit), text.find("\n", end, limit)) if i >= 0), default=limit)
        # a quoted name: the event's words follow the closing bracket (｢CES2026｣の会場)
        tail = text[end:tail_end].lstrip(_CLOSING)
        lo = max(m.start() - 20, 0)
        head_start = max(text.rfind("。", lo, m.start()), text.rfind("\n", lo, m.start()), lo)
        if (
            (after is not None and after.match(tail))
            or (after is not None and tail.startswith("で") and after.search(tail, 1))
            or (before is not None and before.search(text, head_start, m.start()))
        ):
            out.append(entity(m.start(), end, text, "EVENT", "event", m.group(0), 0.6))
    return out


def without_years(ctx: Context) -> list[Entity]:
    """An event named with its year elsewhere, written again without it: COMPUTEX 2026 ... COMPUTEXで."""
    text = ctx.text
    out: list[Entity] = []
    done: set[str] = set()
    taken: set[tuple[int, int]] | None = None  # made only once an event with a year is seen (most texts have none)
    for e in ctx.entities:
        if e.label != "EVENT":
            continue
        m = re.fullmatch(r"(.*?[A-Za-z])[ ]?(?:20\d\d|'\d\d)", e.text)
        if m is None or m.group(1) in done or not m.group(1).isascii():
            continue
        name = m.group(1)
        done.add(name)
        if taken is None:
            taken = {(x.start, x.end) for x in ctx.entities}
        for hit in re.finditer(
            rf"{re.escape(name)}(?<![A-Za-z0-9].{{{len(name)}}})(?![A-Za-z0-9])(?! ?(?:20\d\d|'\d\d))", text
        ):
            if (hit.start(), hit.end()) not in taken:
                out.append(entity(hit.start(), hit.end(), text, "EVENT", e.kind or "event", name, 0.55, parent=e.id))
    return out


_EDITIONS: dict[int, tuple[HeadCues, re.Pattern[str] | None]] = {}


def _edition_pattern(cues: HeadCues) -> re.Pattern[str] | None:
    """第N回, the words of a name (no particle, no space) and an event's head ending the word, with its year if one
    follows (第2回AIフォーラム2025)."""
    cached = _EDITIONS.get(id(cues))
    if cached is not None and cached[0] is cues:
        return cached[1]
    heads = {w for w, g in cues.groups_by_word().items() if g.label == "EVENT"} | set(cues.event_intro_words)
    pattern = (
        re.compile(
            rf"第[0-9０-９一二三四五六七八九十百]{{1,4}}回(?=[{KANJI_WORD}{KATAKANA_LETTERS}A-Za-z])"
            rf"[{KANJI_WORD}{KATAKANA}・A-Za-z0-9０-９]{{0,24}}?"
            rf"(?:{alternation(_longest_first(sorted(heads)))})"
            rf"(?: ?20[0-9]{{2}}(?![0-9年]))?(?![{KANJI_WORD}{KATAKANA}])"
        )
        if heads
        else None
    )
    _EDITIONS[id(cues)] = (cues, pattern)
    return pattern


def numbered_editions(ctx: Context) -> list[Entity]:
    """A numbered edition of an event: 第1回因果フォーラム, 第9回アフリカ開発会議 (an event found already inside it,
    アフリカ開発会議, gives its id as the parent). Not 第1回が開催 (no name), not 第3回会合の議題 (the head goes on)."""
    text = ctx.text
    if "回" not in text or "第" not in text:
        return []
    pattern = _edition_pattern(ctx.heads)
    if pattern is None:
        return []
    events = {e.end: e for e in ctx.entities if e.label == "EVENT"}
    out: list[Entity] = []
    for m in pattern.finditer(text):
        inner = events.get(m.end())
        parent = inner.id if inner is not None and inner.start > m.start() else None
        out.append(entity(m.start(), m.end(), text, "EVENT", "event", m.group(0), 0.6, parent=parent))
    return out
