"""Policies and laws named after a place or a government body (second pass): 東京都AI戦略, 重慶市…行動計画."""

from __future__ import annotations

import re
from functools import lru_cache

from ...models import Entity
from ...text.scripts import KANJI, KATAKANA, LATIN_ALNUM
from .context import Context, entity

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
    for e in ctx.entities:
        if not (e.label in ("GPE", "LOC") or (e.label == "ORG" and e.kind == "government")):
            continue
        m = tail.match(text, e.end)
        if m is None or (m.start("word") == e.end and m.group("word") not in after_place):
            continue  # 日本戦略 (a company's plan for Japan), カリフォルニア州法: a topic word, not a name
        if any(w in m.group(0) for w in cues.business_plan_words):
            continue  # 米国投資計画, 香港IPO計画: a company's plan for that place
        kind = "law" if m.group("word") in laws else "policy"
        end = m.end()
        years = _POLICY_YEARS.match(text, end)  # the period is part of the name: 〜行動計画（2026-2030年）
        span_end = years.end() if years else end
        out.append(entity(e.start, span_end, text, "LAW", kind, text[e.start : end], 0.55))
    return out
