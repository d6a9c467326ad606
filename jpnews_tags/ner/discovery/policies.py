"""Policies and laws named after a place or a government body (second pass): 東京都AI戦略, 重慶市…行動計画."""

from __future__ import annotations

import re
from functools import lru_cache

from ...models import Entity
from ...text.scripts import KANJI, KATAKANA, LATIN_ALNUM
from ...text.tokenization import PLACE_NAME
from .context import Context, entity

_NAME_START = re.compile(rf"[{KANJI}{KATAKANA}]")
_NAME_CHAR = re.compile(rf"[{KANJI}{KATAKANA}{LATIN_ALNUM}]")
_POLICY_YEARS = re.compile(r"[（(]\d{4}\s?[-−–〜~～]\s?(?:\d{4}|\d{2})年?度?[）)]")


@lru_cache(maxsize=8)
def _tail(words: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"[{KANJI}{KATAKANA}{LATIN_ALNUM}・]{{0,20}}?(?P<word>{alternation})(?![{KANJI}{KATAKANA}])")


def policy_names(ctx: Context) -> list[Entity]:
    """A place or government body with a policy word attached is a named policy or law: 東京都AI戦略,
    重慶市人工知能端末産業…行動計画 (LAW). Not across a particle: 日本のAI戦略 is not a name, and a bare topic word
    right after the place is not either (日本戦略, カリフォルニア州法) unless it is one of
    ``policy_words_after_place``. The words are in ``dictionaries/cues/rules.yaml``: ``policy_words``,
    ``business_plan_words`` (米国投資計画 is a company's plan) and ``law_words`` (a LAW of kind law, not policy)."""
    text, cues = ctx.text, ctx.rules
    out: list[Entity] = []
    if not cues.policy_words:
        return out
    tail = _tail(tuple(cues.policy_words))
    after_place = frozenset(cues.policy_words_after_place)
    laws = frozenset(cues.law_words)
    anchors = [
        (e.start, e.end)
        for e in ctx.entities
        if e.label in ("GPE", "LOC") or (e.label == "ORG" and e.kind == "government")
    ]
    # and a place Sudachi knows (地名) no entity holds, written right before a policy word: a policy's name does
    # not need its place in the dictionary (東京都AI戦略)
    taken = {e.start for e in ctx.entities}
    rows = ctx.tokens.rows
    for i in ctx.tokens.indices_with_pos(ctx.tokens.pos_ids(PLACE_NAME)):
        a, b = rows[i][0], rows[i][1]
        whole = a == 0 or not _NAME_CHAR.match(text, a - 1)  # not the end of a longer word
        if a not in taken and b - a >= 2 and whole and _NAME_START.match(text, a):
            anchors.append((a, b))
    starts = {r[0] for r in rows} if anchors else set()
    for start, end in sorted(anchors):
        m = tail.match(text, end)
        if m is None or (m.start("word") == end and m.group("word") not in after_place):
            continue  # 日本戦略 (a company's plan for Japan), カリフォルニア州法: a topic word, not a name
        if any(w in m.group(0) for w in cues.business_plan_words):
            continue  # 米国投資計画, 香港IPO計画: a company's plan for that place
        if m.start("word") not in starts:
            continue  # the end of a longer word, no policy word (新治+療法: a treatment; 手法, 方法)
        kind = "law" if m.group("word") in laws else "policy"
        stop = m.end()
        years = _POLICY_YEARS.match(text, stop)  # the period is part of the name: 〜行動計画（2026-2030年）
        span_end = years.end() if years else stop
        out.append(entity(start, span_end, text, "LAW", kind, text[start:stop], 0.55))
    return out
